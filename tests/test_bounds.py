"""Hostile pull requests, part B: bounded work, no traceback, ids, Unicode, impossible data.

Each test reproduces one hole a red-team found (issue 16, holes 5-8 and 10) and checks
the guarantee that closes its class: a `path:line:col` error with a hint, or a safe
page, within bounded time. Time is measured as this process's CPU time, so a busy
shared machine does not fail a test that does bounded work.
"""

from __future__ import annotations

import codecs
import math
import re
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINI, compile_at, messages, run_mkdocs_build
from mkdocs_dossier.budget import Budget
from mkdocs_dossier.pipeline import Compiled, Project, compile_dossier
from sitecheck import broken_links

Make = Callable[..., Path]
POSITION = re.compile(r"^[\w./-]+:\d+:\d+: (error|warning): ")
# Lines in the mini dossier's files: what a test appends starts on the line after.
SOURCES = MINI["dossier/sources.yml"].count("\n")
LOCATIONS = MINI["dossier/locations.yml"].count("\n")
CITE = "  cite: [{url: 'https://gazetteer.example/x', publisher: Example Gazetteer}]\n"


def errors_of(project: Path) -> list[str]:
    return [str(p) for p in compile_at(project).problems.errors]


def compile_raised(root: Path) -> Compiled:
    """The compile with the budget (`budget.py`) raised: these dossiers are larger than
    its defaults, to measure the work of one step on them."""
    raised = Budget(max_pages=100_000, max_records=100_000)
    return compile_dossier(Project(root, root / "dossier", root / "content", budget=raised))


def warnings_of(project: Path) -> list[str]:
    return [str(p) for p in compile_at(project).problems.warnings]


def assert_clear(found: list[str]) -> None:
    """Every problem reads path:line:col: severity: message, with a hint on the next line."""
    assert found
    for problem in found:
        assert POSITION.match(problem), problem
        assert "\n    hint: " in problem, problem


# --- 5. Work without bound -------------------------------------------------------------


def test_repairs_that_expand_text_are_refused_with_their_position(mini: Make) -> None:
    article = "Jet down. " + "a" * 2000 + "\n"  # the first makes 4,000,000 letters
    sources = MINI["dossier/sources.yml"] + (
        "  repairs:\n"
        f"    - {{find: a, replace: {'b' * 2000}, reason: one}}\n"
        f"    - {{find: b, replace: {'c' * 2000}, reason: two}}\n"
    )
    started = time.process_time()
    found = errors_of(mini({"content/articles/a.txt": article, "dossier/sources.yml": sources}))
    assert time.process_time() - started < 30
    repair = [e for e in found if "repair would make the text" in e]
    assert len(repair) == 1, found
    assert repair[0].startswith(
        f"dossier/sources.yml:{SOURCES + 3}:26: error: this repair would make the text 8,00"
    )
    assert "more than the 5,000,000 allowed" in repair[0]
    assert_clear(repair)


def test_nearest_text_hint_is_linear_in_the_article(mini: Make) -> None:
    words = [f"word{i % 977}x{i % 13}" for i in range(450_000)]
    article = "Jet down\n\n" + " ".join(words) + "\n"
    assert len(article) > 4_500_000
    target = len(words) // 2
    quote = " ".join(words[target : target + 170])[:2000]
    broken = quote[:1000] + "Q" + quote[1001:]
    annotations = f"- quote: {broken}\n"
    project = mini({"content/articles/a.txt": article, "dossier/annotations/a.yml": annotations})
    started = time.process_time()
    found = errors_of(project)
    assert time.process_time() - started < 15
    (error,) = [e for e in found if "quote not found" in e]
    assert "hint: nearest text, at line 3:" in error
    assert "it differs from the quote at" in error


def test_quotes_that_match_almost_everywhere_are_bounded(mini: Make) -> None:
    article = "Jet down\n\n" + "a" * 2_000_000 + "\n"
    annotations = "".join(f"- quote: {'a' * k}\n  occurrence: 7\n" for k in range(2, 22))
    project = mini({"content/articles/a.txt": article, "dossier/annotations/a.yml": annotations})
    started = time.process_time()
    found = errors_of(project)
    assert time.process_time() - started < 30
    assert found == [
        "dossier/annotations/a.yml:1:3: error: the quotes of this file match more than "
        "1,000,000 places in content/articles/a.txt, too many to choose from\n"
        "    hint: quote longer passages: a quote of a few letters, or of a repeated "
        "character, matches almost everywhere"
    ]


def test_did_you_mean_over_many_ids_is_bounded(mini: Make) -> None:
    files: dict[str, str | None] = {
        f"dossier/actors/part-{start}.yml": "".join(
            f"actor-{i}:\n  name: Actor {i}\n  kind: person\n" for i in range(start, start + 7500)
        )
        for start in range(0, 30_000, 7500)
    }
    mentions = ", ".join(f"actr-{i}" for i in range(2000))
    files["dossier/annotations/a.yml"] = (
        MINI["dossier/annotations/a.yml"] + f"- quote: Jet down\n  mentions: [{mentions}]\n"
    )
    root = mini(files)
    started = time.process_time()
    found = [str(p) for p in compile_raised(root).problems.errors]
    assert time.process_time() - started < 60
    unknown = [e for e in found if "unknown actor or location" in e]
    assert len(unknown) == 2000
    assert "did you mean 'actor-0'" in unknown[0]
    assert_clear(unknown)


def test_contradiction_lists_are_capped_with_a_clear_error(mini: Make) -> None:
    claims = "".join(
        f"c-{i}:\n  statement: Claim {i}.\n  contradicts: [{', '.join(f'c-{j}' for j in range(60) if j != i)}]\n"
        for i in range(60)
    )
    found = errors_of(mini({"dossier/claims.yml": MINI["dossier/claims.yml"] + claims}))
    assert found[0].startswith(
        "dossier/claims.yml:6:16: error: contradicts: List should have at most 50 items"
    )
    assert_clear(found)


def test_many_mutual_contradictions_give_a_bounded_page(mini: Make, tmp_path: Path) -> None:
    """120 claims, each contradicting 50 others and asserted by its own side: 3,000 disputes."""
    n = 120
    actors = MINI["dossier/actors.yml"] + "".join(
        f"side-{i}:\n  name: Side {i}\n  kind: state\n" for i in range(n)
    )
    claims = MINI["dossier/claims.yml"] + "".join(
        f"c-{i}:\n  statement: Claim {i}.\n"
        f"  contradicts: [{', '.join(f'c-{(i + k) % n}' for k in range(1, 51))}]\n"
        for i in range(n)
    )
    stances = "".join(f"    - {{claim: c-{i}, stance: asserts, by: side-{i}}}\n" for i in range(n))
    annotations = MINI["dossier/annotations/a.yml"] + f"- quote: Jet down\n  stances:\n{stances}"
    project = mini(
        {
            "dossier/actors.yml": actors,
            "dossier/claims.yml": claims,
            "dossier/annotations/a.yml": annotations,
        }
    )
    compiled = compile_at(project)
    assert compiled.ok, messages(compiled)[:3]
    assert compiled.contest is not None
    assert len(compiled.contest.disputes) > 3000
    started = time.process_time()
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    assert time.process_time() - started < 120
    page = tmp_path / "site/contradictions/index.html"
    assert page.stat().st_size < 5_000_000
    html = page.read_text()
    assert html.count('class="dossier-dispute"') == 500
    assert "less contested disputes are not listed here" in html
    assert broken_links(tmp_path / "site") == []


def test_a_long_speaks_for_chain_is_linear(mini: Make) -> None:
    n = 20_000
    files: dict[str, str | None] = {}
    chunk = 5_000
    for start in range(0, n, chunk):
        files[f"dossier/actors/chain-{start}.yml"] = "".join(
            f"link-{i}:\n  name: Link {i}\n  kind: person\n  speaks_for: {'russia' if i == 0 else f'link-{i - 1}'}\n"
            for i in range(start, start + chunk)
        )
    stances = "".join(
        f"    - {{claim: entered-airspace, stance: asserts, by: link-{i}}}\n"
        for i in range(n - 2000, n)
    )
    files["dossier/annotations/a.yml"] = (
        MINI["dossier/annotations/a.yml"] + f"- quote: Jet down\n  stances:\n{stances}"
    )
    project = mini(files)
    started = time.process_time()
    compiled = compile_raised(project)
    assert time.process_time() - started < 10
    assert compiled.ok, messages(compiled)[:3]
    assert compiled.index is not None
    sides = {ref.side for ref in compiled.index.claims["entered-airspace"].stances}
    assert sides == {"turkey", "russia"}


def test_a_speaks_for_circle_is_reported_once(mini: Make) -> None:
    actors = MINI["dossier/actors.yml"] + "".join(
        f"ring-{i}:\n  name: Ring {i}\n  kind: person\n  speaks_for: ring-{(i + 1) % 3}\n"
        for i in range(3)
    )
    found = errors_of(mini({"dossier/actors.yml": actors}))
    assert found == [
        "dossier/actors.yml:20:15: error: speaks_for goes round in a circle: "
        "ring-0 -> ring-1 -> ring-2 -> ring-0\n"
        "    hint: the top of a chain (a state, an alliance) speaks for no one"
    ]


# --- 6. Tracebacks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "column", "words"),
    [
        ('"articles/a\\0.txt"', 9, "control character U+0000"),
        ("articles/" + "x" * 280 + ".txt", 9, "cannot be opened"),
    ],
)
def test_bad_article_paths_are_errors_not_tracebacks(
    mini: Make, value: str, column: int, words: str
) -> None:
    sources = MINI["dossier/sources.yml"].replace("articles/a.txt", value)
    found = errors_of(mini({"dossier/sources.yml": sources}))
    assert len(found) == 1, found
    assert found[0].startswith(f"dossier/sources.yml:3:{column}: error: ")
    assert words in found[0]
    assert_clear(found)


@pytest.mark.parametrize("position", ["[~, 36]", "[[1, 2], 36]", "[east, 36]", "[1, 2, 3]", "7"])
def test_bad_geometry_positions_are_errors(mini: Make, position: str) -> None:
    locations = MINI["dossier/locations.yml"] + (
        "route:\n  name: Route\n  kind: region\n"
        f"  geometry: {{type: LineString, coordinates: [{position}, [1, 2]]}}\n"
    )
    found = errors_of(mini({"dossier/locations.yml": locations}))
    assert len(found) == 1, found
    assert found[0].startswith(f"dossier/locations.yml:{LOCATIONS + 4}:45: error: ")
    assert "geometry.coordinates" in found[0]
    assert_clear(found)


# --- 7. Ids ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ('"russia\\n"', "'russia\\n' is not a valid id"),
        ('"russia\\r"', "is not a valid id"),
        ("a" * 81, "81 characters long, more than the 80 allowed"),
        ("a" * 300, "300 characters long"),
        *(
            (name, "is a device name on Windows")
            for name in ("con", "nul", "com1", "lpt1", "prn", "aux")
        ),
    ],
)
def test_ids_are_checked_in_full(mini: Make, key: str, words: str) -> None:
    actors = MINI["dossier/actors.yml"] + f"{key}:\n  name: X\n  kind: person\n"
    found = errors_of(mini({"dossier/actors.yml": actors}))
    assert len(found) == 1, found
    assert found[0].startswith("dossier/actors.yml:17:1: error: ")
    assert words in found[0]
    assert_clear(found)


def test_an_80_character_id_builds(mini: Make) -> None:
    ident = "a" * 80
    actors = MINI["dossier/actors.yml"] + f"{ident}:\n  name: X\n  kind: person\n"
    compiled = compile_at(mini({"dossier/actors.yml": actors}))
    assert compiled.ok, messages(compiled)


# --- 8. Unicode ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "column", "words"),
    [
        ('"Tur\\U000E0041key"', 13, "tag character U+E0041"),
        ('"Tur\\u00adkey"', 13, "U+00AD (SOFT HYPHEN)"),
        ('"Tur\\u3164key"', 13, "U+3164 (HANGUL FILLER)"),
        ("Ｔurkey", 9, "'Ｔ' (FULLWIDTH LATIN CAPITAL LETTER T) looks like 'T'"),
        ("𝐓urkey", 9, "'𝐓' (MATHEMATICAL BOLD CAPITAL T) looks like 'T'"),
    ],
)
def test_hidden_and_look_alike_characters_in_names_are_flagged(
    mini: Make, name: str, column: int, words: str
) -> None:
    actors = MINI["dossier/actors.yml"].replace("name: Turkey", f"name: {name}")
    found = warnings_of(mini({"dossier/actors.yml": actors}))
    assert len(found) == 1, found
    assert found[0].startswith(f"dossier/actors.yml:5:{column}: warning: name: ")
    assert words in found[0]
    assert_clear(found)


def test_bidi_controls_through_a_repair_or_a_quote_are_flagged(mini: Make) -> None:
    article = MINI["content/articles/a.txt"].replace("Putin called", "Putin \u202ecalled")
    sources = MINI["dossier/sources.yml"] + (
        '  repairs:\n    - {find: Jet down, replace: "Jet \\u202edown", reason: a test}\n'
    )
    annotations = MINI["dossier/annotations/a.yml"] + '- quote: "Putin \\u202ecalled it"\n'
    found = warnings_of(
        mini(
            {
                "content/articles/a.txt": article,
                "dossier/sources.yml": sources,
                "dossier/annotations/a.yml": annotations,
            }
        )
    )
    assert_clear(found)
    assert any(
        w.startswith("content/articles/a.txt:7:7: warning: invisible bidirectional") for w in found
    ), found
    assert any(
        w.startswith(f"dossier/sources.yml:{SOURCES + 2}:38:") and "replace: invisible" in w
        for w in found
    ), found
    assert any(
        w.startswith("dossier/annotations/a.yml:9:17:") and "quote: invisible" in w for w in found
    ), found


def test_a_repair_that_removes_a_hidden_character_silences_the_article_warning(
    mini: Make,
) -> None:
    article = MINI["content/articles/a.txt"].replace("Putin called", "Putin \u202ecalled")
    sources = MINI["dossier/sources.yml"] + (
        '  repairs:\n    - {find: "\\u202e", replace: "", reason: an override character}\n'
    )
    compiled = compile_at(mini({"content/articles/a.txt": article, "dossier/sources.yml": sources}))
    assert compiled.ok, messages(compiled)
    assert not compiled.problems.warnings, messages(compiled)
    assert "\u202e" not in compiled.articles["a"].text


def test_ordinary_names_in_other_scripts_are_not_flagged(mini: Make) -> None:
    actors = MINI["dossier/actors.yml"].replace(
        "name: Turkey", "name: Türkiye (Турция, トルコ, تركيا)"
    )
    compiled = compile_at(mini({"dossier/actors.yml": actors}))
    assert not compiled.problems.warnings, messages(compiled)


# --- 10. Smaller holes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("2015-02-31", "February 2015 has no day 31"),
        ("2015-02-29", "February 2015 has no day 29"),
        ("0000", "there is no year 0"),
        ("2015-11-24/2015-11-20", "the range ends before it starts"),
        ("2015-12/2015-11", "the range ends before it starts"),
    ],
)
def test_impossible_dates_are_errors(mini: Make, date: str, words: str) -> None:
    sources = MINI["dossier/sources.yml"].replace("2015-11-24", date)
    found = errors_of(mini({"dossier/sources.yml": sources}))
    assert len(found) == 1, found
    assert found[0].startswith("dossier/sources.yml:5:14: error: published: ")
    assert words in found[0]
    assert_clear(found)


@pytest.mark.parametrize(
    "date", ["2016-02-29", "2015-11", "~2015", "2015-11-24/2015-11-24", "2015/2016-01"]
)
def test_real_dates_pass(mini: Make, date: str) -> None:
    sources = MINI["dossier/sources.yml"].replace("2015-11-24", date)
    compiled = compile_at(mini({"dossier/sources.yml": sources}))
    assert compiled.ok, messages(compiled)


def test_cycles_in_refines_and_part_of_are_errors(mini: Make) -> None:
    claims = MINI["dossier/claims.yml"] + (
        "  refines: b\nb:\n  statement: B.\n  refines: c\nc:\n  statement: C.\n  refines: entered-airspace\n"
    )
    locations = (
        MINI["dossier/locations.yml"]
        + "  part_of: t\nt:\n  name: T\n  kind: region\n  part_of: sochi\n"
    )
    found = errors_of(mini({"dossier/claims.yml": claims, "dossier/locations.yml": locations}))
    assert sorted(found) == [
        "dossier/claims.yml:7:12: error: refines goes round in a circle: "
        "b -> c -> entered-airspace -> b\n"
        "    hint: the most general claim refines none; a claim refines a more general one",
        f"dossier/locations.yml:{LOCATIONS + 1}:12: error: part_of goes round in a circle: sochi -> t -> sochi\n"
        "    hint: the largest place (a country, a sea) is part of nothing",
    ]


def test_a_claim_cannot_both_contradict_and_support_another(mini: Make) -> None:
    claims = (
        MINI["dossier/claims.yml"]
        + "  supports: [b]\nb:\n  statement: B.\n  contradicts: [entered-airspace]\n"
    )
    found = errors_of(mini({"dossier/claims.yml": claims}))
    assert len(found) == 1, found
    assert found[0].startswith(
        "dossier/claims.yml:4:14: error: claim 'entered-airspace' both supports and contradicts 'b'"
    )
    assert_clear(found)


def test_one_quote_cannot_both_assert_and_deny_a_claim(mini: Make) -> None:
    annotations = MINI["dossier/annotations/a.yml"].replace(
        "    - {claim: entered-airspace, stance: asserts, by: turkey}\n",
        "    - {claim: entered-airspace, stance: asserts, by: turkey}\n"
        "    - {claim: entered-airspace, stance: denies, by: russia}\n"
        "    - {claim: entered-airspace, stance: denies, by: turkey}\n",
    )
    found = errors_of(mini({"dossier/annotations/a.yml": annotations}))
    assert len(found) == 1, found
    assert found[0].startswith(
        "dossier/annotations/a.yml:5:41: error: 'turkey' both asserts and denies claim 'entered-airspace'"
    )
    assert_clear(found)


@pytest.mark.parametrize("latitude", [90, -90])
def test_a_place_at_a_pole_gets_a_valid_map(mini: Make, tmp_path: Path, latitude: int) -> None:
    locations = MINI["dossier/locations.yml"] + (
        f"pole:\n  name: Pole\n  kind: region\n  coordinates: [{latitude}, 0]\n  precision: exact\n"
        + CITE
    )
    project = mini({"dossier/locations.yml": locations})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    for page in ("locations/pole/index.html", "map/index.html"):
        html = (tmp_path / "site" / page).read_text()
        boxes = re.findall(r'viewBox="([^"]*)"', html)
        assert boxes, page
        for box in boxes:
            x, y, w, h = (float(v) for v in box.split())
            assert w > 0, (page, box)
            assert h > 0, (page, box)
            assert all(math.isfinite(v) and abs(v) < 1e6 for v in (x, y, w, h)), (page, box)


def test_lone_cr_line_endings_make_paragraphs(mini: Make, tmp_path: Path) -> None:
    article = MINI["content/articles/a.txt"].replace("\n", "\r")
    annotations = MINI["dossier/annotations/a.yml"] + "- quote: Not in the article at all\n"
    found = errors_of(
        mini({"content/articles/a.txt": article, "dossier/annotations/a.yml": annotations})
    )
    assert len(found) == 1, found
    project = mini({"content/articles/a.txt": article})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    html = (tmp_path / "site/sources/a/index.html").read_text()
    body = html[html.index('class="dossier-article"') :]
    body = body[: body.index("</div>")]
    assert body.count("<p>") == 4, body


def test_line_numbers_count_lone_cr_as_a_line_break(mini: Make) -> None:
    article = MINI["content/articles/a.txt"].replace("\n", "\r")
    annotations = "- quote: Putin\n"
    found = errors_of(
        mini({"content/articles/a.txt": article, "dossier/annotations/a.yml": annotations})
    )
    assert len(found) == 1, found
    assert "(line 7:1, line 7:37)" in found[0]


# Bad inputs of every kind the checker knows; each must come back with a hint.
BAD_INPUTS: list[dict[str, str]] = [
    {"dossier/actors.yml": "paper:\n  name: The Paper\n  kind: [media\n"},
    {"dossier/actors.yml": "- a\n- b\n"},
    {"dossier/actors.yml": "paper: just a name\n"},
    {"dossier/actors.yml": "paper:\n  kind: media\n"},
    {"dossier/actors.yml": "paper:\n  name: The Paper\n  kind: medai\n  aliases: nope\n"},
    {"dossier/actors.yml": "paper:\n  name: ''\n  kind: media\n  description: [a]\n"},
    {"dossier/actors.yml": "paper: &a\n  name: The Paper\n  kind: media\nb: *a\n"},
    {"dossier/actors.yml": "? [a, b]\n: c\n"},
    {"dossier/actors.yml": "<<: {a: 1}\n"},
    {"dossier/actors.yml": "a: 1\n---\nb: 2\n"},
    {"dossier/actors.yml": "a: !!python/object {}\n"},
    {"dossier/actors.yml": "a:\n  name: A\n  name: B\n  kind: person\n"},
    {"dossier/actors.yml": "A B:\n  name: A\n  kind: person\n"},
    {"dossier/actors.yml": "a:\n  name: A\n  kind: person\n  speaks_for: a\n"},
    {
        "dossier/actors.yml": "a:\n  name: A\n  kind: person\n  wikidata: x1\n  cite: [{url: ftp://x}]\n"
    },
    {"dossier/locations.yml": "s:\n  name: S\n  kind: city\n  coordinates: [north, 200]\n"},
    {"dossier/locations.yml": "s:\n  name: S\n  kind: city\n  coordinates: [1, 2, 3]\n"},
    {"dossier/locations.yml": "russia:\n  name: S\n  kind: city\n"},
    {
        "dossier/claims.yml": "c:\n  statement: C\n  about: [nobody]\n  refines: c\n  context: [{text: x}]\n"
    },
    {"dossier/annotations/a.yml": "quote: x\n"},
    {"dossier/annotations/a.yml": "- just text\n- quote: x\n  occurrence: 0\n- quote: '  '\n"},
    {"dossier/annotations/a.yml": "- quote: Putin\n- quote: Nothing like it\n- quote: zzzz qqqq\n"},
    {
        "dossier/annotations/a.yml": "- quote: Ankara\n  id: m-x\n- quote: Ankara says\n- quote: Ankara says\n"
    },
    {"dossier/annotations/b.yml": "- quote: x\n"},
    {"dossier/sources.yml": "a:\n  title: T\n  file: ../x.txt\n"},
    {"dossier/sources.yml": "a:\n  title: T\n  file: articles/none.txt\n  language: 'e n'\n"},
    {
        "dossier/sources.yml": "a:\n  title: T\n  file: articles/a.txt\n  repairs: [{find: zzz, replace: y, reason: r}]\n"
    },
    {
        "dossier/sources.yml": "a:\n  title: T\n  file: articles/a.txt\n  outlet: papr\n  published: 2015-13-01\n"
    },
    {
        "dossier/actors.yml": MINI["dossier/actors.yml"]
        + "x:\n  name: X\n  kind: person\n  aliases: [Putin]\n"
    },
    {"dossier/claims.yml": "\ufeff\ufeffc: {statement: x, bad: 1}\n"},
]


@pytest.mark.parametrize("changes", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_every_error_has_a_position_and_a_hint(mini: Make, changes: dict[str, str]) -> None:
    compiled = compile_at(mini(changes))
    found = [str(p) for p in compiled.problems.sorted()]
    assert compiled.problems.errors, found
    assert_clear(found)


def test_non_utf8_and_utf16_files_have_hints(mini: Make) -> None:
    project = mini()
    (project / "dossier/claims.yml").write_bytes(b"c:\n  statement: caf\xe9\n")
    (project / "dossier/locations.yml").write_bytes("s: {}\n".encode("utf-16"))
    found = [str(p) for p in compile_at(project).problems.sorted()]
    assert len(found) >= 2
    assert_clear(found)


# --- Small ones (issue 27, item 9): wide encodings, non-ASCII digits, control characters ---

WIDE = [
    (codecs.BOM_UTF32_LE + "c: {statement: x}\n".encode("utf-32-le"), "UTF-32 LE"),
    (codecs.BOM_UTF32_BE + "c: {statement: x}\n".encode("utf-32-be"), "UTF-32 BE"),
    (codecs.BOM_UTF16_LE + "c: {statement: x}\n".encode("utf-16-le"), "UTF-16 LE"),
    (codecs.BOM_UTF16_BE + "c: {statement: x}\n".encode("utf-16-be"), "UTF-16 BE"),
    ("c: {statement: x}\n".encode("utf-32-le"), "UTF-32 LE (no byte order mark)"),
    ("c: {statement: x}\n".encode("utf-16-be"), "UTF-16 BE (no byte order mark)"),
]


@pytest.mark.parametrize(("data", "name"), WIDE, ids=[name for _, name in WIDE])
def test_utf16_and_utf32_files_are_named_with_a_hint(mini: Make, data: bytes, name: str) -> None:
    """A UTF-32 file was reported as UTF-16 (its mark begins with UTF-16's), or, big-endian,
    read as UTF-8 full of NULs. Each is named, at 1:1, with how to fix it."""
    project = mini()
    (project / "dossier/claims.yml").write_bytes(data)
    (project / "content/articles/a.txt").write_bytes(data)
    found = messages(compile_at(project))
    for path in ("dossier/claims.yml", "content/articles/a.txt"):
        assert (
            f"{path}:1:1: error: file is {name}, not UTF-8\n"
            "    hint: save it as UTF-8 (in most editors: Save As, encoding UTF-8)"
        ) in found, found


@pytest.mark.parametrize(
    ("date", "col", "digit"),
    [
        ("２０１５-11-24", 14, "FULLWIDTH DIGIT TWO"),
        ("2015-1１-24", 20, "FULLWIDTH DIGIT ONE"),
        ("٢٠١٥", 14, "ARABIC-INDIC DIGIT TWO"),
        ("2015-11-24/2015-11-2۵", 34, "EXTENDED ARABIC-INDIC DIGIT FIVE"),
    ],
)
def test_dates_take_ascii_digits_only(mini: Make, date: str, col: int, digit: str) -> None:
    """`\\d` matched any digit: a fullwidth year read as 2015 to a reviewer but sorted after
    every real date. The error points at the first such digit and says what it is."""
    sources = MINI["dossier/sources.yml"].replace("published: 2015-11-24", f"published: {date}")
    found = messages(compile_at(mini({"dossier/sources.yml": sources})))
    char = date[col - 14]
    assert found == [
        f"dossier/sources.yml:5:{col}: error: published: '{date}' is not a date\n"
        f"    hint: '{char}' ({digit}) is not an ASCII digit: retype the digits as 0-9"
    ]


CONTROL_ESCAPES = [
    ("\\0", 0x00),
    ("\\e", 0x1B),
    ("\\x7f", 0x7F),
    ("\\x9b", 0x9B),
    ("\\N", 0x85),
    ("\\L", 0x2028),
    ("\\P", 0x2029),
]


@pytest.mark.parametrize(("escape", "code"), CONTROL_ESCAPES, ids=[e for e, _ in CONTROL_ESCAPES])
def test_control_characters_in_names_are_flagged_where_they_are(
    mini: Make, escape: str, code: int
) -> None:
    """The YAML reader refuses raw control characters, but a double-quoted escape writes
    them: NUL, ESC, DEL, a C1 control, the line and paragraph separators."""
    actors = MINI["dossier/actors.yml"].replace("  name: Turkey", f'  name: "Tur{escape}key"')
    found = messages(compile_at(mini({"dossier/actors.yml": actors})))
    name = unicodedata.name(chr(code), "")
    assert found == [
        f"dossier/actors.yml:5:13: warning: name: invisible control character U+{code:04X}"
        + (f" ({name})" if name else "")
        + "\n    hint: delete it: it changes how the text looks without showing itself"
    ]


def test_control_characters_are_flagged_in_every_text_field(mini: Make) -> None:
    """Titles, statements, aliases and notes as well as names, each at its position."""
    changes = {
        "dossier/sources.yml": MINI["dossier/sources.yml"].replace(
            "title: Jet down", 'title: "Jet\\edown"'
        ),
        "dossier/claims.yml": MINI["dossier/claims.yml"]
        .replace("statement: The jet", 'statement: "The\\x1bjet')
        .replace("airspace.\n", 'airspace."\n', 1),
        "dossier/actors.yml": MINI["dossier/actors.yml"].replace(
            "aliases: [Ankara]", 'aliases: ["An\\x9bkara"]'
        ),
        "dossier/annotations/a.yml": MINI["dossier/annotations/a.yml"].replace(
            "  mentions: [putin, sochi]\n", '  mentions: [putin, sochi]\n  note: "Se\\x00e"\n'
        ),
    }
    found = messages(compile_at(mini(changes)))
    assert [m.split("\n")[0] for m in found] == [
        "dossier/actors.yml:7:16: warning: aliases: invisible control character U+009B",
        "dossier/annotations/a.yml:9:12: warning: note: invisible control character U+0000",
        "dossier/claims.yml:2:18: warning: statement: invisible control character U+001B",
        "dossier/sources.yml:2:14: warning: title: invisible control character U+001B",
    ]
