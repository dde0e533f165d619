"""`dossier coverage` and the preview's coverage panel: what no annotation covers yet, with
positions, per source; the share covered; never part of a built site."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINI, compile_at, mkdocs_serve, run_mkdocs_build
from mkdocs_dossier.cli import main
from mkdocs_dossier.coverage import attribution_words, measure, measure_all
from mkdocs_dossier.pipeline import Compiled
from mkdocs_dossier.render import plan_pages, render_page
from test_seed_completeness import ATTRIBUTION, QUOTATION
from test_workflow import wait_for

Make = Callable[..., Path]

ARTICLE = MINI["content/articles/a.txt"] + (
    "\n“We will not tolerate this,” the minister warned. Observers were silent.\n"
    '\nHe described it as "a provocation".\n'
)
FRENCH = "Visite annulée\n\n« Nous ne céderons pas », a déclaré le président à Sochi.\n"
SOURCES = MINI["dossier/sources.yml"] + (
    "b:\n  title: Visite annulée\n  file: articles/b.txt\n  outlet: paper\n"
    "  url: https://paper.example/b\n  language: fr\n"
)


def project_with_gaps(mini: Make) -> Path:
    return mini(
        {
            "content/articles/a.txt": ARTICLE,
            "content/articles/b.txt": FRENCH,
            "dossier/sources.yml": SOURCES,
        }
    )


def run_coverage(project: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main(["coverage", "-f", str(project / "site_config.yml"), *extra]) == 0
    return capsys.readouterr().out


def test_lists_what_no_annotation_covers_with_positions(
    mini: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run_coverage(project_with_gaps(mini), capsys)
    assert out.splitlines() == [
        'content/articles/a.txt:3:72: uncovered mention: "Turkey" (turkey)',
        'content/articles/a.txt:7:1: uncovered mention: "Putin" (putin)',
        'content/articles/a.txt:9:1: uncovered quotation: "“We will not tolerate this,”"',
        'content/articles/a.txt:9:1: uncovered statement: "“We will not tolerate this,” the '
        'minister warned."',
        'content/articles/a.txt:11:1: uncovered statement: "He described it as \\"a provocation\\"."',
        'content/articles/a.txt:11:20: uncovered quotation: "\\"a provocation\\""',
        'content/articles/b.txt:3:1: uncovered quotation: "« Nous ne céderons pas »"',
        'content/articles/b.txt:3:1: uncovered statement: "« Nous ne céderons pas », a déclaré '
        'le président à Sochi."',
        'content/articles/b.txt:3:52: uncovered mention: "Sochi" (sochi)',
        "a: 6 of 12 covered (50%): quotations 0/2, statements 2/4, mentions 4/6",
        "b: 0 of 3 covered (0%): quotations 0/1, statements 0/1, mentions 0/1",
    ]


def test_annotating_a_quotation_covers_it_and_its_statement(
    mini: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_with_gaps(mini)
    annotations = project / "dossier/annotations/a.yml"
    annotations.write_text(
        MINI["dossier/annotations/a.yml"]
        + "- quote: We will not tolerate this\n"
        + "  stances:\n    - {claim: entered-airspace, stance: denies, by: russia}\n",
        encoding="utf-8",
    )
    data = json.loads(run_coverage(project, capsys, "--format", "json"))
    a = data["sources"][0]
    assert (a["source"], a["covered"], a["total"]) == ("a", 8, 12)
    assert a["by_kind"]["quotation"] == {"covered": 1, "total": 2}
    assert a["by_kind"]["statement"] == {"covered": 3, "total": 4}
    assert [(i["kind"], i["line"], i["col"]) for i in a["uncovered"]] == [
        ("mention", 3, 72),
        ("mention", 7, 1),
        ("statement", 11, 1),
        ("quotation", 11, 20),
    ]
    assert a["share"] == round(8 / 12, 4)


def test_attribution_words_ship_for_several_languages() -> None:
    samples = {"en": "said", "pt-BR": "disse", "fr": "déclaré", "es": "dijo", "de": "sagte"}
    for language, word in samples.items():
        words = attribution_words(language)
        assert words is not None, language
        assert word in words
    assert attribution_words("xx") is None
    assert attribution_words("../en") is None  # a language code never reads another file


def test_a_language_without_words_says_statements_are_not_counted(
    mini: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_with_gaps(mini)
    sources = project / "dossier/sources.yml"
    sources.write_text(SOURCES.replace("language: fr", "language: eo"), encoding="utf-8")
    out = run_coverage(project, capsys)
    assert out.splitlines()[-1] == (
        "b: 0 of 2 covered (0%): quotations 0/1, "
        "statements not counted (no attribution words for 'eo'), mentions 0/1"
    )


def test_on_the_seed_it_agrees_with_the_completeness_guarantees(
    seed_compiled: Compiled,
) -> None:
    """test_seed_completeness guarantees every quotation and every attribution it knows is
    inside a quote with a stance; coverage must find none of them missing. What it does
    report is checked against the annotations independently."""
    for report in measure_all(seed_compiled):
        text = seed_compiled.articles[report.source_id].text
        assert report.counts("quotation")[1] == len(list(QUOTATION.finditer(text)))
        assert report.counts("quotation")[0] == report.counts("quotation")[1]
        for item in report.uncovered:
            assert not ATTRIBUTION.search(item.text) or item.kind == "mention"
        annotated = [
            a for a in seed_compiled.anchors[report.source_id] if a is not None
        ]  # a name outside every quote is the only thing left to do
        expected = [
            (span.start, span.entity_id)
            for span in seed_compiled.named[report.source_id]
            if not any(a.start <= span.start and span.end <= a.end for a in annotated)
        ]
        assert [(i.start, i.entity) for i in report.uncovered] == expected
    malta = measure(seed_compiled, "maltatoday-putin-warns")
    # The duplicated captions (lines 5-8), of which the seed annotates the first only.
    assert {i.line for i in malta.uncovered} <= {5, 6, 7, 8}
    assert measure(seed_compiled, "ewn-lavrov-cancels-trip").share == 1.0


def source_page(compiled: Compiled, source_id: str, preview: bool) -> str:
    specs = plan_pages(compiled)
    urls = {
        (s.kind, s.ident): s.src_uri.removesuffix("index.md").removesuffix(".md") for s in specs
    }
    spec = next(s for s in specs if (s.kind, s.ident) == ("sources", source_id))
    return render_page(spec, compiled, urls, preview=preview).html


def test_the_preview_shows_the_share_on_each_source_page(mini: Make) -> None:
    compiled = compile_at(project_with_gaps(mini))
    page = source_page(compiled, "a", preview=True)
    assert "Coverage (preview only): 6 of 12 covered (50%)" in page
    assert (
        "<code>content/articles/a.txt:9:1</code> quotation: ““We will not tolerate this,””" in page
    )
    assert "dossier-coverage" not in source_page(compiled, "a", preview=False)


def test_a_built_site_has_no_trace_of_coverage(mini: Make, tmp_path: Path) -> None:
    project = project_with_gaps(mini)
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert (site / "sources/a/index.html").is_file()
    for path in site.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            for trace in (b"dossier-coverage", b"preview only", b"uncovered"):
                assert trace not in content, (path, trace)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def test_mkdocs_serve_shows_the_panel(mini: Make) -> None:
    project = project_with_gaps(mini)
    with mkdocs_serve(project) as (base, _):
        page = wait_for(base + "sources/b/", lambda page: "Annotations" in page)
    assert re.search(r"Coverage \(preview only\): 0 of 3 covered \(0%\)", page), page[-2000:]
