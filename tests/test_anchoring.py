"""Anchoring rules, each checked on real article text: strict, yet forgiving of copying."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import MINI, REPO, compile_at, messages, run_mkdocs_build
from mkdocs_dossier.anchor import Anchor, anchor_quotes
from mkdocs_dossier.model import Annotation
from mkdocs_dossier.mojibake import propose_repairs
from mkdocs_dossier.problems import Position, Problems
from mkdocs_dossier.text import NormalizedText
from mkdocs_dossier.yamltree import YMap

Make = Callable[..., Path]
MALTA = (REPO / "content/articles/maltatoday-putin-warns.txt").read_text(encoding="utf-8")
EWN = (REPO / "content/articles/ewn-lavrov-cancels-trip.txt").read_text(encoding="utf-8")


def anchor(text: str, *annotations: Annotation) -> tuple[list[str | None], list[str]]:
    """Anchor annotations in text; the exact original words of each, and the problems."""
    anchors, problems = anchor_spans(text, *annotations)
    return [text[a.start : a.end] if a else None for a in anchors], problems


def anchor_spans(text: str, *annotations: Annotation) -> tuple[list[Anchor | None], list[str]]:
    problems = Problems()
    nodes = [YMap(Position("a.yml", i + 1)) for i in range(len(annotations))]
    anchors = anchor_quotes(NormalizedText(text), list(annotations), nodes, "a.txt", problems)
    return anchors, [str(p) for p in problems]


@pytest.mark.parametrize(
    ("quote", "exact"),
    [
        # straight quotes and apostrophes for typographic ones
        (
            '"Today\'s loss is a stab in the back by the accomplices of terrorists,"',
            "“Today’s loss is a stab in the back by the accomplices of terrorists,”",
        ),
        # a hyphen for an en dash, collapsed whitespace
        (
            "never threatened Turkey in any way - this   was an obvious fact",
            "never threatened Turkey in any way – this was an obvious fact",
        ),
        # a line break and a non-breaking space copied as plain spaces
        (
            "of a Russian fighter jet. The aircraft is shown",
            "of a Russian fighter jet.\xa0\n\nThe aircraft is shown",
        ),
    ],
)
def test_copied_quotes_anchor_on_the_exact_original_words(quote: str, exact: str) -> None:
    words, problems = anchor(MALTA, Annotation(quote=quote))
    assert problems == []
    assert words == [exact]


def test_decomposed_unicode_matches_composed_text() -> None:
    quote = unicodedata.normalize("NFD", "French counterpart François Hollande")
    words, problems = anchor(EWN.replace("Fran├žois", "François"), Annotation(quote=quote))
    assert problems == []
    assert words == ["French counterpart François Hollande"]


def test_decomposed_article_text_is_highlighted_in_full() -> None:
    text = unicodedata.normalize("NFD", "Hollande and François Hollande met.")
    words, problems = anchor(text, Annotation(quote="François Hollande"))
    assert problems == []
    assert words == [unicodedata.normalize("NFD", "François Hollande")]


def test_repeated_quote_is_an_error_listing_each_place() -> None:
    _, problems = anchor(MALTA, Annotation(quote="Russian president Vladimir Putin"))
    assert problems == [
        "a.yml:1:1: error: quote occurs 2 times in a.txt (line 7:1, line 8:1)\n"
        "    hint: add 'prefix:' or 'suffix:' with the words just before or after the one you"
        " mean, or 'occurrence: N' (1 is the first)"
    ]


@pytest.mark.parametrize(
    ("annotation", "line"),
    [
        (Annotation(quote="a stab in the back", prefix='quote, "'), 21),
        (Annotation(quote="a stab in the back", suffix='" but Turkey'), 32),
        (Annotation(quote="a stab in the back", occurrence=2), 32),
    ],
)
def test_prefix_suffix_or_occurrence_choose_one(annotation: Annotation, line: int) -> None:
    anchors, problems = anchor_spans(EWN, annotation)
    assert problems == []
    assert anchors[0] is not None
    assert EWN.count("\n", 0, anchors[0].start) + 1 == line
    assert EWN[anchors[0].start : anchors[0].end] == "a stab in the back"


def link(text: str, annotation: Annotation) -> str:
    """The quote's permalink id, as the site links to it."""
    anchors, problems = anchor_spans(text, annotation)
    assert problems == []
    assert anchors[0] is not None
    return anchors[0].anchor_id


def test_a_quotes_link_changes_only_when_the_quote_does() -> None:
    """README, "Links to a quote": made from the words and which place they are at."""
    once = "Moscow insists that the jet never strayed from Syrian airspace"
    first = link(MALTA, Annotation(quote=once))
    # Retyped (straight for curly, spaces, line breaks), or given words around it that
    # pick the same place: the same link.
    assert (
        link(
            MALTA,
            Annotation(quote="Moscow  insists that the jet\nnever strayed from Syrian airspace"),
        )
        == first
    )
    assert link(MALTA, Annotation(quote=once, prefix="airspace, but")) == first
    assert link(MALTA, Annotation(quote=once, suffix=".")) == first
    assert link(MALTA, Annotation(quote=once, occurrence=1)) == first
    # Other words: another link.
    assert link(MALTA, Annotation(quote=once[:-9])) != first

    # Words the article has twice: each place its own link, however it is picked.
    at_21 = [
        Annotation(quote="a stab in the back", prefix='quote, "'),
        Annotation(quote="a stab in the back", occurrence=1),
    ]
    at_32 = [
        Annotation(quote="a stab in the back", suffix='" but Turkey'),
        Annotation(quote="a stab in the back", occurrence=2),
    ]
    assert len({link(EWN, a) for a in at_21}) == 1
    assert len({link(EWN, a) for a in at_32}) == 1
    assert link(EWN, at_21[0]) != link(EWN, at_32[0])
    # An id given in the file is the link, whatever the words.
    assert link(EWN, Annotation(quote="a stab in the back", occurrence=2, id="stab")) == "stab"


def test_the_same_words_annotated_twice_at_one_place_warn_and_keep_both_links() -> None:
    """Two annotations of one place, told apart only by how they pick it, each had a link
    of its own: the second keeps it, with a warning to merge them (not an error: the
    dossier built yesterday)."""
    twice = (
        Annotation(quote="a stab in the back", occurrence=2),
        Annotation(quote="a stab in the back", suffix='" but Turkey'),
    )
    anchors, problems = anchor_spans(EWN, *twice)
    assert all(a is not None for a in anchors)
    starts = [a.start for a in anchors if a]
    assert len(starts) == 2
    assert starts[0] == starts[1]
    assert len({a.anchor_id for a in anchors if a}) == 2
    assert len(problems) == 1
    assert problems[0].startswith(
        "a.yml:2:1: warning: these words, at this place, are annotated twice"
    )
    assert "(first at a.yml:1:1)" in problems[0]
    assert "hint: merge the two annotations into one" in problems[0]


def test_a_prefix_that_matches_nothing_is_an_error() -> None:
    _, problems = anchor(EWN, Annotation(quote="a stab in the back", prefix="nowhere "))
    assert "but none has the given prefix/suffix/occurrence" in problems[0]


def test_missing_quote_is_an_error_with_the_nearest_text_and_what_differs() -> None:
    quote = "Moscow insists that the jet never left Syrian airspace"
    words, problems = anchor(MALTA, Annotation(quote=quote))
    assert words == [None]
    assert problems[0].startswith("a.yml:1:1: error: quote not found in a.txt\n")
    assert 'nearest text, at line 20:105: "Moscow insists that the jet never strayed' in problems[0]
    assert "never left" in problems[0]
    assert "never stra" in problems[0]


def test_there_is_no_fuzzy_re_anchoring() -> None:
    words, problems = anchor(
        MALTA, Annotation(quote="Moscow insists that the jet never strayed from Syrian airspac")
    )
    assert words == ["Moscow insists that the jet never strayed from Syrian airspac"]
    words, problems = anchor(MALTA, Annotation(quote="Moscow insist that the jet"))
    assert words == [None]
    assert problems


def test_repairs_apply_before_matching_and_are_listed(mini: Make, tmp_path: Path) -> None:
    article = MINI["content/articles/a.txt"] + "\nFran├žois Hollande spoke.\n"
    sources = MINI["dossier/sources.yml"] + (
        "  repairs:\n    - {find: 'Fran├žois', replace: 'François', reason: UTF-8 read as CP852}\n"
    )
    annotations = MINI["dossier/annotations/a.yml"] + "- quote: François Hollande spoke\n"
    project = mini(
        {
            "content/articles/a.txt": article,
            "dossier/sources.yml": sources,
            "dossier/annotations/a.yml": annotations,
        }
    )
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/sources/a/index.html").read_text()
    assert "<code>Fran├žois</code> → <code>François</code> (1×): UTF-8 read as CP852" in page
    assert ">François Hollande spoke</mark>" in page
    # The file itself is untouched: the original is still published beside the page.
    assert "Fran├žois" in (tmp_path / "site/articles/a.txt").read_text()


class _MarkText(HTMLParser):
    """The text inside the highlight pieces of each quote, by its data-q id."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.text: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            self.stack.append(dict(attrs).get("data-q"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for ident in set(self.stack):
            if ident:
                self.text[ident] = self.text.get(ident, "") + data


def test_overlapping_and_nested_quotes_both_render(mini: Make, tmp_path: Path) -> None:
    annotations = MINI["dossier/annotations/a.yml"] + (
        "- quote: Putin called it a stab in the back\n"  # contains the next one
        "- quote: a stab in the back\n"
        "- quote: in the back. Putin spoke\n"  # overlaps the first and the third
    )
    project = mini({"dossier/annotations/a.yml": annotations})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    compiled = compile_at(project)
    html = (tmp_path / "site/sources/a/index.html").read_text()
    parser = _MarkText()
    parser.feed(html)
    assert compiled.index is not None
    passages = compiled.index.passages["a"]
    assert len(passages) == 6
    for passage in passages:
        assert parser.text[passage.anchor.anchor_id] == passage.quote
        assert html.count(f'id="{passage.anchor.anchor_id}"') == 1


def test_names_are_linked_as_whole_words_and_annotations_win(mini: Make) -> None:
    article = MINI["content/articles/a.txt"] + "\nRussian troops. A rally in Moscow.\n"
    locations = MINI["dossier/locations.yml"] + "moscow:\n  name: Moscow\n  kind: city\n"
    annotations = MINI["dossier/annotations/a.yml"] + (
        "- quote: A rally in Moscow\n  mentions: [moscow]\n"
    )
    compiled = compile_at(
        mini(
            {
                "content/articles/a.txt": article,
                "dossier/locations.yml": locations,
                "dossier/annotations/a.yml": annotations,
            }
        )
    )
    assert compiled.ok, messages(compiled)
    text = compiled.articles["a"].text
    named = [(text[s.start : s.end], s.entity_id) for s in compiled.named["a"]]
    assert named == [
        ("Ankara", "turkey"),
        ("Turkey", "turkey"),  # by its name, before a typographic apostrophe
        ("Moscow", "russia"),  # the government, by its alias
        ("Putin", "putin"),
        ("Putin", "putin"),
        ("Sochi", "sochi"),
        ("Moscow", "moscow"),  # the city: the annotation around it says so
    ]  # and "Russian" is not "Russia"
    assert [s.anchor_id for s in compiled.named["a"]][3:5] == ["m-putin-1", "m-putin-2"]


def test_an_alias_shared_by_two_entities_is_reported(mini: Make) -> None:
    actors = (
        MINI["dossier/actors.yml"]
        + "kremlin:\n  name: Kremlin\n  kind: government-body\n  aliases: [Moscow]\n"
    )
    found = messages(compile_at(mini({"dossier/actors.yml": actors})))
    assert found == [
        "dossier/actors.yml:20:13: error: alias 'Moscow' also names 'russia' "
        "(at dossier/actors.yml:11:13)\n"
        "    hint: a quote with these words would be ambiguous: an alias names one entity; "
        "remove it from one of them (an annotation's mentions can still name the other)"
    ]


def test_a_name_shared_by_two_records_warns_with_both_positions(mini: Make) -> None:
    actors = MINI["dossier/actors.yml"] + "sochi-club:\n  name: Sochi\n  kind: organisation\n"
    found = messages(compile_at(mini({"dossier/actors.yml": actors})))
    assert found == [
        "dossier/locations.yml:2:9: warning: name 'Sochi' is also the name of 'sochi-club' "
        "(at dossier/actors.yml:18:9); the text's 'Sochi' links to 'sochi-club'\n"
        "    hint: a quote with these words is ambiguous: give the one the articles mean an "
        "alias with these words, or make the names differ, e.g. 'Turkey (territory)'"
    ]
    # An alias with the words is a choice made on purpose: no warning.
    aliased = actors + "  aliases: [Sochi]\n"
    assert messages(compile_at(mini({"dossier/actors.yml": aliased}))) == []


def test_mojibake_repairs_are_proposed_for_the_seed_article() -> None:
    proposals = propose_repairs(EWN)
    assert [(p.find, p.replace, p.code_page, p.line) for p in proposals] == [
        ("Fran├žois", "François", "cp852", 30)
    ]
    assert propose_repairs(MALTA) == []  # typographic quotes and dashes are not mojibake
    assert [(p.find, p.replace) for p in propose_repairs("CafÃ© and Ã©tÃ©")] == [
        ("CafÃ©", "Café"),
        ("Ã©tÃ©", "été"),
    ]
