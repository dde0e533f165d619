"""The dossier's budget (issue 27, item 8): a flood of records is refused early.

About 33 bytes of YAML make a generated page, so a megabyte of records asked CI for
30,000 pages. Each limit of the budget (`max_pages`, `max_records`,
`max_article_bytes`) is tested the same way, with the limit set low in the site's
config: a dossier at the limit passes `dossier check` and builds; one record (or byte)
more fails both, with the count, the limit and the option, at the record that passed
it; raising the option in the config accepts it again. Then the defaults: a flood just
over them is refused by check and build, quickly, before anything is anchored or
rendered.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINI, MINI_CONFIG, run_mkdocs_build, write_tree
from mkdocs_dossier.budget import MAX_ARTICLE_BYTES, MAX_PAGES, MAX_RECORDS
from mkdocs_dossier.cli import main as dossier

# The mini dossier: 7 records with a page (1 source, 4 actors, 1 place, 1 claim) and the
# 9 index pages; 3 annotations; one article.
PAGES = 16
RECORDS = 10
ARTICLE_BYTES = len(MINI["content/articles/a.txt"].encode("utf-8"))
CLAIMS_LINES = MINI["dossier/claims.yml"].count("\n")
ANNOTATION_LINES = MINI["dossier/annotations/a.yml"].count("\n")
SOURCE_LINES = MINI["dossier/sources.yml"].count("\n")

ONE_MORE = {
    # The record that passes the limit: loaded last, so it is the one reported.
    "max_pages": (
        {"dossier/claims.yml": MINI["dossier/claims.yml"] + "one-more:\n  statement: More.\n"},
        f"dossier/claims.yml:{CLAIMS_LINES + 1}:1",
        PAGES,
    ),
    "max_records": (
        {
            "dossier/annotations/a.yml": MINI["dossier/annotations/a.yml"]
            + "- quote: a stab in the back\n"
        },
        f"dossier/annotations/a.yml:{ANNOTATION_LINES + 1}:3",
        RECORDS,
    ),
    "max_article_bytes": (
        {
            "content/articles/b.txt": "B",
            "dossier/sources.yml": MINI["dossier/sources.yml"]
            + "b:\n  title: B\n  file: articles/b.txt\n  outlet: paper\n  published: 2015-11-24\n"
            "  url: https://paper.example/b\n  language: en\n",
        },
        f"dossier/sources.yml:{SOURCE_LINES + 3}:9",
        ARTICLE_BYTES,
    ),
}


def config(**options: int) -> str:
    lines = "".join(f"      {name}: {value}\n" for name, value in options.items())
    return MINI_CONFIG.replace("  - dossier\n", "  - dossier:\n" + lines)


def check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = dossier(["check", "-f", str(project / "site_config.yml")])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("option", list(ONE_MORE))
def test_at_the_limit_passes_one_more_fails_and_config_raises_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    changes, where, at_limit = ONE_MORE[option]
    under = write_tree(
        tmp_path / "under", {**MINI, "site_config.yml": config(**{option: at_limit})}
    )
    code, out = check(under, capsys)
    assert code == 0, out
    assert run_mkdocs_build(under, tmp_path / "site-under").returncode == 0

    over = write_tree(
        tmp_path / "over", {**MINI, **changes, "site_config.yml": config(**{option: at_limit})}
    )
    code, out = check(over, capsys)
    assert code == 1, out
    line = f"{where}: error: "
    assert line in out, out
    message = out.split(line, 1)[1]
    assert f"{at_limit + 1:,}" in message.split("\n")[0]  # the count
    assert f"more than the {at_limit:,} " in message.split("\n")[0]  # the limit
    assert f"({option})" in message.split("\n")[0]  # the option that raises it
    assert message.split("\n")[1].startswith("    hint: ")
    assert option in message.split("\n")[1]
    assert out.count(": error: ") == 1, out  # nothing else: the compile stopped there
    built = run_mkdocs_build(over, tmp_path / "site-over")
    assert built.returncode == 1
    assert line in built.stderr, built.stderr
    assert not (tmp_path / "site-over/index.html").exists()

    (over / "site_config.yml").write_text(config(**{option: at_limit + 1}), encoding="utf-8")
    code, out = check(over, capsys)
    assert code == 0, out


def flood(project: Path, count: int) -> None:
    """`count` claims of about 33 bytes each, in a file of their own (loaded last)."""
    rows = "".join(f"c{i}: {{statement: Claim number {i}.}}\n" for i in range(count))
    write_tree(project, {"dossier/claims/flood.yml": rows})


def test_a_flood_over_the_default_budget_is_refused_early(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = write_tree(tmp_path / "project", MINI)
    flood(project, MAX_PAGES - PAGES + 1)  # one page over the default
    started = time.process_time()
    code, out = check(project, capsys)
    assert code == 1, out
    assert f"{MAX_PAGES + 1:,} pages, more than the {MAX_PAGES:,} " in out, out
    assert f"dossier/claims/flood.yml:{MAX_PAGES - PAGES + 1}:1: error: " in out, out
    assert out.count(": error: ") == 1, out
    built = run_mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 1
    assert "(max_pages)" in built.stderr
    assert time.process_time() - started < 60  # loading only: no page was made


def test_the_defaults_are_those_the_readme_states() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if "`max_pages`" in line and "|" in line)
    for value in (MAX_PAGES, MAX_RECORDS, MAX_ARTICLE_BYTES):
        assert f"{value:,}" in row, row


@pytest.mark.parametrize("value", ["0", "-5", "true", "many"])
def test_a_limit_that_is_not_a_whole_number_of_at_least_one_is_a_config_error(
    tmp_path: Path, value: str
) -> None:
    text = MINI_CONFIG.replace("  - dossier\n", f"  - dossier:\n      max_pages: {value}\n")
    project = write_tree(tmp_path / "project", {**MINI, "site_config.yml": text})
    result = subprocess.run(  # the command as run: MkDocs logs the config's errors
        [sys.executable, "-m", "mkdocs_dossier", "check"],
        cwd=project, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "max_pages" in result.stderr
    assert "at least 1" in result.stderr
    built = run_mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 1
    assert "max_pages" in built.stderr
