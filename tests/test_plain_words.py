"""Issue 30, Must 4: readers read plain words. No file path, line number, id or internal
value in the text a page shows; languages and dates written out in the site's language
(`theme.language`); the outlet's own narration under the outlet, never a state's side.

Real builds (the seed, and a small dossier written here), read as a reader reads them:
the visible text of each page, not its attributes.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import get_args

import pytest
from babel import Locale
from babel.dates import format_date, format_skeleton
from playwright.sync_api import sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve
from conftest import MINI, run_mkdocs_build
from mkdocs_dossier.index import ClaimStatus
from mkdocs_dossier.model import ActorKind, LocationKind, Precision
from mkdocs_dossier.pipeline import Compiled

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
UNSEEN = {"script", "style", "head", "template", "svg", "title"}
# Values of the model's enumerations that are not words a reader would write.
INTERNAL = [
    value
    for values in (Precision, ActorKind, LocationKind, ClaimStatus)
    for value in get_args(values)
    if "-" in value
]
EDITORS_WORDS = re.compile(r"dossier/|\.yml\b|\bline \d+")
ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}(?:-\d{2})?(?![\d-])")


class _Visible(HTMLParser):
    """The text a reader sees: not the head, scripts, `hidden` elements, comments or
    attributes, nor what only prints (`dossier-print-only`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        values = dict(attrs)
        unseen = (
            tag in UNSEEN
            or "hidden" in values
            or "dossier-print-only" in (values.get("class") or "").split()
        )
        self.stack.append((tag, unseen or bool(self.stack and self.stack[-1][1])))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        return

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1][1]):
            self.text.append(data)


def visible_text(path: Path) -> str:
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.text).split())


def generated_pages(site: Path) -> list[Path]:
    """The pages the dossier writes (not the hand-written home and methodology, and not
    the field reference, which is for editors)."""
    kinds = ("sources", "actors", "claims", "locations", "contradictions", "map", "timeline")
    return sorted(page for kind in kinds for page in (site / kind).rglob("index.html"))


def editors_words(text: str, ids: list[str]) -> list[str]:
    """Every file path, line number, internal value or record id in `text`."""
    found = [m.group(0) for m in EDITORS_WORDS.finditer(text)]
    found += [value for value in INTERNAL if re.search(rf"(?<![\w-]){value}(?![\w-])", text)]
    found += [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    return found


def test_the_seed_shows_readers_no_paths_line_numbers_ids_or_internal_values(
    seed_site: Path, seed_compiled: Compiled
) -> None:
    dossier = seed_compiled.dossier
    # Ids with a hyphen: a plain word like `russia` is also the word a reader reads.
    ids = [
        ident
        for kind in ("sources", "actors", "claims", "locations")
        for ident in dossier.of_kind(kind)
        if "-" in ident
    ]
    pages = generated_pages(seed_site)
    assert len(pages) > 100
    shown = {
        str(page.relative_to(seed_site)): words
        for page in pages
        if (words := editors_words(visible_text(page), ids))
    }
    assert shown == {}


def test_the_outlets_narration_is_not_a_sides_statement_in_the_seed(seed_site: Path) -> None:
    """The issue's case: EWN's "Ankara and Moscow remain divided..." was listed under
    "Turkey asserts" and "Russia denies"."""
    page = seed_site / "claims/su24-entered-turkish-airspace/index.html"
    for side, quotes in side_groups(page).items():
        if not side.endswith("(narration)"):
            assert not any(q.startswith("Ankara and Moscow remain divided") for q in quotes), side


class _Sides(HTMLParser):
    """A claim page's groups of stances: each side's name, and the quotes under it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.groups: dict[str, list[str]] = {}
        self.side = ""
        self.reading = ""  # "name" or "quote" while inside one

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if "dossier-side-name" in classes:
            self.reading, self.side = "name", ""
        elif tag == "blockquote" and "dossier-passage" in classes and self.side:
            self.reading = "quote"
            self.groups[self.side].append("")

    def handle_endtag(self, tag: str) -> None:
        if self.reading == "name" and tag == "p":
            self.side = " ".join(self.side.split())
            self.groups.setdefault(self.side, [])
            self.reading = ""
        elif self.reading == "quote" and tag == "p":
            self.reading = ""

    def handle_data(self, data: str) -> None:
        if self.reading == "name":
            self.side += data
        elif self.reading == "quote":
            self.groups[self.side][-1] += data


def side_groups(page: Path) -> dict[str, list[str]]:
    parser = _Sides()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.groups


# A second dossier: a Russian-language article from a state broadcaster, a month-only
# date, an inferred one, a place at a region's centre, and the outlet's own narration.
WORDS = {
    **MINI,
    "dossier/sources.yml": (
        "a:\n  title: Jet down\n  file: articles/a.txt\n  outlet: paper\n  published: 2015-11\n"
        "  url: https://paper.example/jet-down\n  language: ru\n"
        "  cite:\n    - {url: 'https://paper.example/about', publisher: The Paper, published: '~2015-11-24', note: About.}\n"
    ),
    "dossier/actors.yml": MINI["dossier/actors.yml"].replace(
        "paper:\n  name: The Paper\n  kind: media\n",
        "paper:\n  name: The Paper\n  kind: media\n  speaks_for: russia\n",
    ),
    "dossier/locations.yml": MINI["dossier/locations.yml"].replace(
        "precision: city", "precision: region-centroid"
    ),
    "dossier/annotations/a.yml": MINI["dossier/annotations/a.yml"]
    + (
        "- quote: Putin called it a stab in the back\n"
        "  stances:\n"
        "    - {claim: entered-airspace, stance: denies}\n"
        "    - {claim: entered-airspace, stance: denies, by: putin, when: '~2015-11-24'}\n"
    ),
}


def build_words(mini: Callable[..., Path], tmp_path: Path, language: str = "") -> Path:
    config = WORDS["site_config.yml"]
    if language:
        config = config.replace("  name: material\n", f"  name: material\n  language: {language}\n")
    project = mini({**WORDS, "site_config.yml": config})
    site = tmp_path / f"site-{language or 'default'}"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.parametrize("language", ["", "fr"])
def test_languages_and_dates_are_written_out_in_the_sites_language(
    mini: Callable[..., Path], tmp_path: Path, language: str
) -> None:
    site = build_words(mini, tmp_path, language)
    locale = Locale.parse(language or "en")
    russian = Locale.parse("ru").get_display_name(locale)
    month = format_skeleton("yMMMM", datetime.date(2015, 11, 1), locale=locale)
    day = format_date(datetime.date(2015, 11, 24), "long", locale=locale)
    source = visible_text(site / "sources/a/index.html")
    # The term in the site's language too (the plugin's catalog), the name from Babel.
    terms = ("Langue", "Publié") if language == "fr" else ("Language", "Published")
    assert f"{terms[0]} {russian}" in source
    assert f"{terms[1]} {month}" in source  # as partial as it is: no day made up
    assert day in source  # the citation's (inferred) date
    claim = visible_text(site / "claims/entered-airspace/index.html")
    assert day in claim  # when Putin said it
    index = visible_text(site / "sources/index.html")
    assert month in index
    for page in generated_pages(site):
        text = visible_text(page)
        assert ISO_DATE.findall(text) == [], page
        assert editors_words(text, ["entered-airspace"]) == [], page


def test_the_outlets_narration_is_under_the_outlet_not_the_side_it_speaks_for(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    """The Paper speaks for Russia (a state broadcaster); its own sentence is its own,
    shown under its name as narration, and Putin's is under Russia."""
    site = build_words(mini, tmp_path)
    groups = side_groups(site / "claims/entered-airspace/index.html")
    # One pair of marks (`quotemarks`), the source's language's: this one is in Russian.
    quote = "«Putin called it a stab in the back»"
    assert groups["The Paper (narration)"] == [quote]
    assert quote in groups["Russia"]  # Putin's own stance
    assert groups["Russia"].count(quote) == 1


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_what_chromium_shows_is_plain_words(
    seed_site: Path,
    seed_port: int,
    mini: Callable[..., Path],
    tmp_path: Path,
    width: int,
    scheme: str,
) -> None:
    """The rendered text (`innerText`: what is laid out and shown, at a phone's width and
    a desktop's, in both palettes) of a claim and a source page, on the seed and on the
    second dossier: no editors' words, dates and the language written out, and the
    narration under the outlet."""
    require_chromium()
    words_site = build_words(mini, tmp_path)
    pages = {
        (seed_site, seed_port): [
            "claims/turkey-shot-down-su24/",
            "sources/ewn-lavrov-cancels-trip/",
        ],
        (words_site, 0): ["claims/entered-airspace/", "sources/a/"],
    }
    shown: dict[str, str] = {}
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = chromium.new_context(
            viewport={"width": width, "height": 800}, color_scheme=scheme
        )
        page = context.new_page()
        for (site, port), paths in pages.items():
            with serve(site, port) as base:
                for path in paths:
                    page.goto(base + path)
                    # what a reader sees with every fold opened ("About this source")
                    page.evaluate(
                        "document.querySelectorAll('details').forEach(d => d.open = true)"
                    )
                    shown[path] = page.evaluate("document.body.innerText")
        chromium.close()
    for path, text in shown.items():
        assert editors_words(text, ["turkey-shot-down-su24", "entered-airspace"]) == [], path
    assert "Eyewitness News (EWN) (narration)" in shown["claims/turkey-shot-down-su24/"]
    assert "The Paper (narration)" in shown["claims/entered-airspace/"]
    assert ISO_DATE.findall(shown["sources/a/"]) == []
    assert "Russian" in shown["sources/a/"]
    assert "November 2015" in shown["sources/a/"]


def test_the_timeline_says_its_dates_in_the_sites_language(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    site = build_words(mini, tmp_path, "fr")
    text = visible_text(site / "timeline/index.html")
    locale = Locale.parse("fr")
    assert format_skeleton("yMMMM", datetime.date(2015, 11, 1), locale=locale) in text
    assert format_date(datetime.date(2015, 11, 24), "long", locale=locale) in text
    assert "November" not in text
