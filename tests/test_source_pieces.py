"""The source page's pieces are templates a site can override one at a time: how a
highlighted quote looks (`dossier/pieces/article.html`) and what its card says
(`dossier/pieces/card.html`), with every other page as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_repo_dossier, run_mkdocs_build
from test_templates import EPOCH, outside_search, package_template, site_files, with_custom_dir


@pytest.fixture(scope="module")
def seed_before(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    project = copy_repo_dossier(tmp_path_factory.mktemp("seed-before"))
    result = run_mkdocs_build(project, project / "site", **EPOCH)
    assert result.returncode == 0, result.stderr[-3000:]
    return site_files(project / "site")


def build_with(project: Path, templates: dict[str, str]) -> dict[str, bytes]:
    copy_repo_dossier(project)
    with_custom_dir(project, templates)
    result = run_mkdocs_build(project, project / "site", **EPOCH)
    assert result.returncode == 0, result.stderr[-3000:]
    return site_files(project / "site")


def only_sources_differ(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """The pages that differ, all of them source pages; every other file is the same but
    the sitemap and the search index (pagefind/), which read the pages."""
    before, after = outside_search(before), outside_search(after)
    assert before.keys() == after.keys()
    changed = sorted(name for name in before if before[name] != after[name])
    dated = {"sitemap.xml", "sitemap.xml.gz"}
    assert [n for n in changed if not n.startswith("sources/") and n not in dated] == []
    return [n for n in changed if n.startswith("sources/")]


def test_an_override_of_the_article_piece_changes_every_highlight_and_nothing_else(
    seed_before: dict[str, bytes], tmp_path: Path
) -> None:
    article = package_template("dossier/pieces/article.html")
    assert article.count("<mark") == 1  # the one tag every piece of every quote opens
    desk = article.replace("<mark", '<mark data-desk="checked"')
    after = build_with(tmp_path, {"dossier/pieces/article.html": desk})
    changed = only_sources_differ(seed_before, after)
    assert changed, "no source page took the override"
    for name in changed:
        old, new = seed_before[name].decode(), after[name].decode()
        marks = old.count("<mark ")
        assert marks > 0
        assert new.count('<mark data-desk="checked" ') == marks  # every piece of every quote
        assert new.replace('<mark data-desk="checked" ', "<mark ") == old  # and nothing else


def test_an_override_of_the_card_piece_changes_every_card_row(
    seed_before: dict[str, bytes], tmp_path: Path
) -> None:
    """A card's rows are made once a build and shared by pages: the site's piece makes them."""
    card = package_template("dossier/pieces/card.html")
    row = re.search(r"\{% macro other_side\(o\) %\}.*?\{% endmacro %\}", card, re.S)
    assert row is not None
    assert row[0].count("<li>") == 1
    desk = card.replace(row[0], row[0].replace("<li>", '<li class="desk-row">'))
    after = build_with(tmp_path, {"dossier/pieces/card.html": desk})
    changed = only_sources_differ(seed_before, after)
    assert changed, "no source page took the override"
    for name in changed:
        old, new = seed_before[name].decode(), after[name].decode()
        rows = sum(
            block.count("<li>")
            for block in re.findall(r'<ul class="dossier-card-others">(.*?)</ul>', old)
        )
        assert rows > 0
        assert new.count('<li class="desk-row">') == rows
        assert new.replace('<li class="desk-row">', "<li>") == old
