"""A living dossier (issue 34): corrections made openly, and archived copies of cited
pages. A copy of the small dossier with a correction on its claim and an archived copy
on its source is built for real and its pages read; `dossier check` is run as an editor
runs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import MINI, run_mkdocs_build, write_tree
from mkdocs_dossier.cli import main as dossier

SNAPSHOT = "https://web.archive.org/web/20151125093000/https://paper.example/jet-down"
CITED_SNAPSHOT = "https://archive.ph/AbC12"
CORRECTION = "The claim said *Syrian* airspace; the articles say Turkish."
LIVING = {
    **MINI,
    "dossier/sources.yml": MINI["dossier/sources.yml"] + f"  archive_url: {SNAPSHOT}\n",
    "dossier/claims.yml": MINI["dossier/claims.yml"]
    + f"  corrections:\n    - date: 2026-01-02\n      text: {CORRECTION}\n",
    "dossier/locations.yml": MINI["dossier/locations.yml"].replace(
        "note: Coordinates.}", f"note: Coordinates., archive_url: '{CITED_SNAPSHOT}'}}"
    ),
}


@pytest.fixture(scope="module")
def living(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("living"), LIVING)
    result = run_mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def json_ld(page: str) -> list[dict[str, object]]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    return [json.loads(block) for block in found]


def test_a_correction_is_shown_with_its_day_and_in_the_json_ld(living: Path) -> None:
    page = (living / "claims" / "entered-airspace" / "index.html").read_text("utf-8")
    article = page.split("<article", 1)[1]
    section = article.split('<ul class="dossier-corrections">', 1)[1].split("</ul>", 1)[0]
    assert '<time datetime="2026-01-02">January 2, 2026</time>' in section
    assert "<em>Syrian</em>" in section  # the text is prose: inline Markdown, made safe
    # Under the heading, before the stances: where a returning reader meets it first.
    assert article.index(">Corrections</h2>") < article.index(">Stances, by side</h2>")
    claims = [d for d in json_ld(page) if d.get("@type") == "Claim"]
    assert claims[0]["correction"] == [
        {"@type": "CorrectionComment", "datePublished": "2026-01-02", "text": CORRECTION}
    ]
    uncorrected = (living / "actors" / "russia" / "index.html").read_text("utf-8")
    assert "dossier-corrections" not in uncorrected
    assert "CorrectionComment" not in uncorrected


def test_an_archived_copy_is_linked_beside_the_original(living: Path) -> None:
    source = (living / "sources" / "a" / "index.html").read_text("utf-8")
    original = source.split(">Original</dt>", 1)[1].split("</dd>", 1)[0]
    assert 'href="https://paper.example/jet-down"' in original
    assert f'<a href="{SNAPSHOT}" rel="nofollow noopener noreferrer">archived copy</a>' in original
    place = (living / "locations" / "sochi" / "index.html").read_text("utf-8")
    cited = place.split('<ul class="dossier-citations">', 1)[1].split("</li>", 1)[0]
    assert 'href="https://gazetteer.example/sochi"' in cited
    assert (
        f'<a href="{CITED_SNAPSHOT}" rel="nofollow noopener noreferrer">archived copy</a>' in cited
    )
    data = json.loads((living / "data" / "dossier.json").read_text("utf-8"))
    assert data["sources"]["a"]["archive_url"] == SNAPSHOT
    assert data["claims"]["entered-airspace"]["corrections"][0]["date"] == "2026-01-02"


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("https://web.archive.org/web/2015*/https://paper.example/jet-down", "a search"),
        ("https://web.archive.org/web/*/https://paper.example/jet-down", "a search"),
        ("https://web.archive.org/save/https://paper.example/jet-down", "make a copy"),
        ("https://archive.ph/newest/https://paper.example/jet-down", "not one archive.today"),
    ],
)
def test_an_archive_address_that_is_no_snapshot_fails_check_at_its_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, says: str
) -> None:
    files = {
        **LIVING,
        "dossier/sources.yml": MINI["dossier/sources.yml"] + f"  archive_url: {written}\n",
    }
    root = write_tree(tmp_path, files)
    assert dossier(["check", "-f", str(root / "site_config.yml")]) == 1
    out = capsys.readouterr().out
    line = len(MINI["dossier/sources.yml"].splitlines()) + 1
    found = re.search(rf"dossier/sources.yml:{line}:16: error: (.*)", out)
    assert found, out
    assert "archive_url" in found.group(1)
    assert says in found.group(1)


def test_check_reminds_once_a_source_without_an_archived_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = MINI["dossier/sources.yml"].replace("a:\n", "b:\n", 1).replace("/a.txt", "/b.txt")
    two = MINI["dossier/sources.yml"] + other.replace("jet-down", "other")
    files = {**MINI, "dossier/sources.yml": two, "content/articles/b.txt": "Other\n",
             "dossier/annotations/b.yml": "[]\n"}  # fmt: skip
    root = write_tree(tmp_path, files)
    assert dossier(["check", "-f", str(root / "site_config.yml")]) == 0
    out = capsys.readouterr().out
    reminders = [line for line in out.splitlines() if "has no archived copy" in line]
    assert [r.split(": warning: ")[1].split("'")[1] for r in reminders] == ["a", "b"]
    assert all(r.startswith("dossier/sources.yml:") for r in reminders)
    # The build says nothing of it: a draft has no archived copy yet.
    result = run_mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "archived copy" not in result.stderr
    config = MINI["site_config.yml"].replace(
        "  - dossier\n", "  - dossier:\n      archive_reminders: false\n"
    )
    (root / "site_config.yml").write_text(config, encoding="utf-8")
    assert dossier(["check", "-f", str(root / "site_config.yml")]) == 0
    assert "has no archived copy" not in capsys.readouterr().out
