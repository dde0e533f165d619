"""The maps are drawn by a template a site can override: `dossier/pieces/map.html` holds
the SVG, the markers, the legend, the key and the table of places, for the map page and
every location page's own map; the renderer only hands it numbers and names."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import copy_repo_dossier, run_mkdocs_build
from test_templates import EPOCH, package_template, site_files, with_custom_dir

PIECE = "dossier/pieces/map.html"
MARKER = '<a class="dossier-marker dossier-marker--{{ m.shape }}'
# The desk's change: every marker carries its place's name in an attribute of its own.
DESK_MARKER = '<a data-desk="{{ m.text }}" class="dossier-marker dossier-marker--{{ m.shape }}'
DESK_ATTR = re.compile(rb' data-desk="[^"]*"')


@pytest.fixture(scope="module")
def seed_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_repo_dossier(tmp_path_factory.mktemp("map-seed-copy"))


def test_overriding_the_map_piece_changes_every_map_and_nothing_else(seed_copy: Path) -> None:
    before = seed_copy / "site-before"
    assert run_mkdocs_build(seed_copy, before, **EPOCH).returncode == 0
    piece = package_template(PIECE)
    assert piece.count(MARKER) == 1
    with_custom_dir(seed_copy, {PIECE: piece.replace(MARKER, DESK_MARKER)})
    after = seed_copy / "site-after"
    result = run_mkdocs_build(seed_copy, after, **EPOCH)
    assert result.returncode == 0, result.stderr[-3000:]

    old, new = site_files(before), site_files(after)
    assert old.keys() == new.keys()  # the override itself is not published
    maps = {name for name, html in old.items() if b'<figure class="dossier-map-figure' in html}
    located = {name for name in maps if name.startswith("locations/")}
    assert "map/index.html" in maps
    assert len(located) >= 10
    for name in maps:
        page = new[name]
        markers = re.findall(
            rb'<a data-desk="([^"]*)" class="dossier-marker[^"]*" href="[^"]*" style="[^"]*">'
            rb'<span class="dossier-lab [^"]*">([^<]*)',
            page,
        )
        # Every marker drawn by the override, named as its label names it, escaped alike.
        assert markers, name
        assert len(markers) == old[name].count(b'<a class="dossier-marker '), name
        assert all(attr == label.rstrip(b" ") for attr, label in markers), name
        assert DESK_ATTR.sub(b"", page) == old[name], name
    changed = {name for name in new if new[name] != old[name]}
    assert changed == maps


def test_a_broken_map_piece_stops_the_build_with_its_file_and_line(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    project = mini()
    broken_line = "{% for m in f.markers %}{{ m.text }"
    piece = package_template(PIECE).replace("{% for m in f.markers %}", broken_line, 1)
    line = piece.splitlines().index(broken_line) + 1
    with_custom_dir(project, {PIECE: piece})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"overrides/{PIECE}:{line}: error: template {PIECE}" in result.stderr
    assert not (tmp_path / "site/map/index.html").exists()
