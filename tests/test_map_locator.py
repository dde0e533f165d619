"""Each location page's small map: a stated byte budget, for the seed and for a dense
dossier; land where the place lies inland; and the fast basemap path draws what projecting
every outline whole would draw."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from conftest import MINI, compile_at, messages, run_mkdocs_build, write_tree
from mkdocs_dossier import geo
from mkdocs_dossier.geo import draw_basemap, fit_frame
from mkdocs_dossier.maplayout import LOCATOR_KM, LOCATOR_NEIGHBOURS

# Bytes of a location page's small map (its whole <figure>: basemap, markers, labels,
# globe, caption). The basemap of the most intricate coasts at 1:10m or 1:50m is under
# 40 KB; the neighbours shown are capped, so density cannot push it further.
LOCATOR_BUDGET = 50_000
FIGURE = re.compile(
    r'<figure class="dossier-map-figure dossier-map-figure--locator".*?</figure>', re.S
)
KINDS = ("city", "locality", "region", "sea", "town")


def dense_files() -> dict[str, str]:
    """120 synthetic places on a grid over an island sea with an intricate coast (about
    50 km across), of mixed kinds, and one place far inland."""
    places = [
        (f"p{row}-{col}", f"Place {row}-{col}", KINDS[(row + col) % len(KINDS)], 36.8 + row * 0.05,
         25.1 + col * 0.05)
        for row in range(10)
        for col in range(12)
    ]  # fmt: skip
    places.append(("inland", "Inland Town", "city", 55.75, 37.6))
    locations = "".join(
        f"{ident}:\n  name: {name}\n  kind: {kind}\n  coordinates: [{lat:.4f}, {lon:.4f}]\n"
        f"  precision: exact\n"
        f"  cite:\n    - {{url: 'https://gazetteer.example/{ident}', publisher: Example "
        "Gazetteer, note: Coordinates.}\n"
        for ident, name, kind, lat, lon in places
    )
    annotations = MINI["dossier/annotations/a.yml"].replace(
        "mentions: [putin, sochi]", "mentions: [putin, p0-0]"
    )
    return {**MINI, "dossier/locations.yml": locations, "dossier/annotations/a.yml": annotations}


@pytest.fixture(scope="module")
def dense_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("dense"), dense_files())
    compiled = compile_at(root)
    assert compiled.ok, messages(compiled)
    result = run_mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def locator_figures(site: Path) -> dict[str, str]:
    figures = {}
    for page in sorted((site / "locations").glob("*/index.html")):
        found = FIGURE.search(page.read_text(encoding="utf-8"))
        if found:
            figures[page.parent.name] = found.group(0)
    return figures


def test_the_seed_location_maps_keep_to_the_budget(seed_site: Path) -> None:
    figures = locator_figures(seed_site)
    assert len(figures) >= 10
    for ident, figure in figures.items():
        size = len(figure.encode())
        assert size < LOCATOR_BUDGET, f"{ident}: the small map is {size} bytes"


def test_a_dense_dossier_keeps_every_location_map_to_the_budget(dense_site: Path) -> None:
    figures = locator_figures(dense_site)
    assert len(figures) == 121
    for ident, figure in figures.items():
        size = len(figure.encode())
        assert size < LOCATOR_BUDGET, f"{ident}: the small map is {size} bytes"
        markers = re.findall(
            r'<a class="dossier-marker[^"]*" href="\.\./\.\./locations/([^/]+)/"', figure
        )
        assert ident in markers  # the page's own place is always shown
        assert len(markers) <= 1 + LOCATOR_NEIGHBOURS
    # A sea's map (2,000 km) holds all 120 places: the nearest are the ones shown.
    sea = re.findall(r'href="\.\./\.\./locations/([^/]+)/"', figures["p0-3"])
    assert len(sea) == 1 + LOCATOR_NEIGHBOURS
    assert "p0-4" in sea  # 4 km away
    assert "p9-11" not in sea  # the far corner of the grid


def test_an_inland_place_is_drawn_on_land(dense_site: Path) -> None:
    """The land around a place hundreds of kilometres from any coast used to be dropped
    (every point of its country's outline lay beyond the frame): a map of all sea."""
    figure = locator_figures(dense_site)["inland"]
    land = re.search(r'<path class="dossier-map-land" d="([^"]*)"', figure)
    assert land, "no land drawn around an inland place"
    rings = _rings(land.group(1))
    for x, y in ((500, 250), (5, 5), (995, 495), (5, 495), (995, 5)):  # centre and corners
        assert _inside(rings, x, y), (x, y)


def _rings(d: str) -> list[list[tuple[float, float]]]:
    return [
        [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+) (-?[\d.]+)", part)]
        for part in d.split("Z")
        if part.strip()
    ]


def _inside(rings: list[list[tuple[float, float]]], x: float, y: float) -> bool:
    """Even-odd rule, as the map's path is filled."""
    inside = False
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside


@pytest.mark.parametrize(
    ("lon", "lat", "kind"),
    [
        (25.5, 37.5, "region"),  # islands
        (178.4, -18.1, "region"),  # across the 180th meridian
        (15.6, 78.2, "sea"),  # the Arctic
        (-68.3, -54.8, "city"),  # a channel between two countries
        (36.2, 36.2, "region"),  # a coast and a border
    ],
)
def test_the_fast_basemap_draws_what_projecting_every_outline_draws(
    lon: float, lat: float, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = fit_frame([(lon, lat)], 1000.0, LOCATOR_KM[kind])
    scale = geo.scale_for(frame)
    assert scale
    fast, fast_labels = draw_basemap(frame, scale, 3000.0)
    assert fast == draw_basemap(frame, scale, 3000.0)[0]  # the same frame: the same bytes
    monkeypatch.setattr(geo, "_cap_box", lambda frame, radius: None)  # every ring, whole
    whole, whole_labels = geo._draw_basemap.__wrapped__(frame, scale, 3000.0)
    assert fast
    assert sorted(n for n, *_ in fast_labels) == sorted(n for n, *_ in whole_labels)
    a, b = _rings(fast), _rings(whole)
    samples = [
        (x + 0.5, y + 0.5)
        for x in range(0, 1000, 25)
        for y in range(0, math.ceil(frame.height), 25)
    ]
    differ = [p for p in samples if _inside(a, *p) != _inside(b, *p)]
    assert len(differ) <= len(samples) // 200, differ[:5]
