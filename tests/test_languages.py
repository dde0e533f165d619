"""Sources in other languages and scripts: every reuse of a quote says its language and
direction, marks are its language's and never doubled, and a language given by name
gets the code to use (issue 33, Musts 1, 2, 4 and 7)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser import serve
from conftest import MINI, compile_at, messages, run_mkdocs_build, write_tree
from sitecheck import search_records

ARABIC = "نحن خائفون جدا من القصف"
HEBREW = "אנחנו מפחדים מאוד"
TRANSLATION = "We are very afraid of the shelling"
FRENCH_ARTICLE = (
    "Avion abattu\n\n"
    "Le Kremlin affirme que l’avion n’a jamais quitté l’espace aérien syrien.\n\n"
    "« Trois de nos hommes sont morts », a dit le ministre.\n"
)
FILES = {
    "content/articles/a.txt": MINI["content/articles/a.txt"]
    + f"\nA resident said: {ARABIC}. Another said: {HEBREW}.\n",
    "content/articles/b.txt": FRENCH_ARTICLE,
    "dossier/sources.yml": MINI["dossier/sources.yml"]
    + "b:\n  title: Avion abattu au-dessus de la Syrie\n  file: articles/b.txt\n  outlet: paper\n"
    "  published: 2015-11-25\n  url: https://paper.example/avion\n  language: fr\n",
    "dossier/annotations/a.yml": MINI["dossier/annotations/a.yml"]
    + f"- quote: {ARABIC}\n  language: ar\n"
    f"  translation: {{text: {TRANSLATION}, by: the dossier's editors}}\n"
    "  stances:\n    - {claim: entered-airspace, stance: denies, by: russia}\n"
    f"- quote: {HEBREW}\n  language: he\n"
    "  stances:\n    - {claim: entered-airspace, stance: denies, by: russia}\n",
    "dossier/annotations/b.yml": (
        "- quote: Le Kremlin affirme que l’avion n’a jamais quitté l’espace aérien syrien\n"
        "  stances:\n    - {claim: entered-airspace, stance: denies, by: russia}\n"
        "- quote: « Trois de nos hommes sont morts »\n"
        "  stances:\n    - {claim: entered-airspace, stance: asserts, by: turkey}\n"
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("languages"), {**MINI, **FILES})
    built = root / "site"
    result = run_mkdocs_build(root, built)
    assert result.returncode == 0, result.stderr[-3000:]
    return built


def shown_quote(page: str, words: str) -> tuple[str, str]:
    """The element that shows a quote on a page (its opening tag) and its text."""
    found = re.search(
        r"(<(?:p|span)\b[^>]*>)([^<]*"
        + re.escape(html.escape(words, quote=True)[:12])
        + r"[^<]*)<",
        page,
    )
    assert found, words
    return found.group(1), html.unescape(found.group(2))


def test_a_french_source_is_french_from_its_headline_to_its_quotes(site: Path) -> None:
    page = (site / "sources" / "b" / "index.html").read_text(encoding="utf-8")
    assert '<h1 lang="fr"' in page
    assert (
        '<div class="dossier-article" lang="fr" dir="ltr" data-pagefind-meta="lang[lang]">' in page
    )
    tag, text = shown_quote(page, "Le Kremlin affirme")
    assert 'lang="fr"' in tag
    assert text.startswith("«")
    assert text.endswith("»")
    claim = (site / "claims" / "entered-airspace" / "index.html").read_text(encoding="utf-8")
    tag, text = shown_quote(claim, "Le Kremlin affirme")
    assert 'lang="fr"' in tag
    assert text.startswith("«")
    assert text.endswith("»")
    # A quote that brings its own marks keeps them, and gets no second pair.
    tag, text = shown_quote(claim, "Trois de nos hommes")
    assert text == "« Trois de nos hommes sont morts »"
    # The link to the source names its headline in French, in the English page.
    assert re.search(r'class="dossier-passage-link" href="[^"]*sources/b/[^"]*" lang="fr"', claim)


def test_an_arabic_quote_in_an_english_article_is_marked_everywhere(site: Path) -> None:
    source = (site / "sources" / "a" / "index.html").read_text(encoding="utf-8")
    assert '<div class="dossier-article" lang="en" dir="ltr"' in source
    # In the text, the quote's highlight carries its own language and direction.
    assert re.search(r'<mark lang="ar" dir="rtl"[^>]*>' + ARABIC, source)
    tag, _ = shown_quote(source, ARABIC)  # the list of annotations
    assert 'lang="ar"' in tag
    assert 'dir="rtl"' in tag
    for page in ("claims/entered-airspace", "actors/russia", "contradictions"):
        text = (site / page / "index.html").read_text(encoding="utf-8")
        if ARABIC not in text:
            continue
        tag, _ = shown_quote(text, ARABIC)
        assert 'lang="ar" dir="rtl"' in tag, page
    data = json.loads((site / "data" / "annotations.jsonld").read_text(encoding="utf-8"))
    items = data["first"]["items"]
    arabic = next(i for i in items if i["target"]["selector"][0]["exact"] == ARABIC)
    assert arabic["target"]["language"] == "ar"
    assert arabic["target"]["textDirection"] == "rtl"
    english = next(i for i in items if "Ankara" in i["target"]["selector"][0]["exact"])
    assert english["target"]["language"] == "en"
    assert "textDirection" not in english["target"]


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_right_to_left_quotes_open_at_the_right(site: Path, chromium: Browser, width: int) -> None:
    """As a reader sees it: an Arabic or Hebrew quote on the claim page starts (its
    opening mark) at the right edge of its paragraph, at a phone's width and a desk's."""
    with serve(site) as base:
        page = chromium.new_page(viewport={"width": width, "height": 900})
        page.goto(base + "claims/entered-airspace/")
        found = page.evaluate(
            """() => [...document.querySelectorAll('.dossier-passage p[dir="rtl"]')].map(p => {
                const text = p.firstChild
                const range = document.createRange()
                range.setStart(text, 0); range.setEnd(text, 1)
                const mark = range.getBoundingClientRect()
                const box = p.getBoundingClientRect()
                return {lang: p.lang, mark: p.textContent[0], right: mark.right,
                        boxRight: box.right, left: mark.left, boxLeft: box.left}
            })"""
        )
        page.close()
    assert {f["lang"] for f in found} == {"ar", "he"}, found
    for quote in found:
        assert quote["boxRight"] - quote["right"] < 3, quote  # the opening mark: rightmost
        assert quote["left"] - quote["boxLeft"] > 20, quote


def test_a_language_by_name_gets_the_code_to_use(mini: object) -> None:
    sources = MINI["dossier/sources.yml"].replace("language: en", "language: French")
    found = messages(compile_at(mini({"dossier/sources.yml": sources})))  # type: ignore[operator]
    assert found[0].startswith("dossier/sources.yml:7:13: error: language: 'French' is a "), found
    assert "use its code: fr (French)" in found[0]
    sources = MINI["dossier/sources.yml"].replace("language: en", "language: pt_BR")
    found = messages(compile_at(mini({"dossier/sources.yml": sources})))  # type: ignore[operator]
    assert "'pt_BR' is written pt-BR" in found[0]


def test_a_search_result_from_a_source_says_its_language(site: Path) -> None:
    """A source page's snippet is its article's words: the index keeps the article's
    language for the result (`search.js` sets it on the snippet), and no other page
    claims one."""
    records = search_records(site)
    languages = {url: record.language for url, record in records.items() if record.language}
    assert languages == {"/sources/a/": "en", "/sources/b/": "fr"}


@pytest.mark.browser
def test_a_french_snippet_is_marked_french_in_the_results(site: Path, chromium: Browser) -> None:
    """In the header's search results, the French article's snippet says it is French."""
    from test_search import results  # noqa: PLC0415

    with serve(site) as base:
        page = chromium.new_page(viewport={"width": 1280, "height": 800})
        page.goto(base)
        results(page, "Kremlin")
        shown = page.eval_on_selector_all(
            ".md-search-result__item",
            "items => items.map(i => [i.querySelector('a').pathname, i.querySelector('p').lang])",
        )
        page.close()
    languages = dict(shown)
    assert languages.pop("/sources/b/") == "fr"
    assert set(languages.values()) <= {""}  # other pages mix languages: none is claimed


def test_a_translation_is_shown_beside_the_original_and_found_by_search(site: Path) -> None:
    for page in ("claims/entered-airspace", "sources/a"):
        text = (site / page / "index.html").read_text(encoding="utf-8")
        original = html.unescape(text).index(ARABIC)
        translation = re.search(
            r'<div class="dossier-translation"><p class="dossier-muted">Translation by '
            r"the dossier's editors:</p><p lang=\"en\" dir=\"ltr\">“" + TRANSLATION,
            html.unescape(text),
        )
        assert translation, page
        assert original < translation.start(), page  # the original first: it is the quote
    claim = next(r for url, r in search_records(site).items() if "entered-airspace" in url)
    assert TRANSLATION in claim.content
    assert ARABIC in claim.content


def test_a_translation_says_who_made_it(mini: object) -> None:
    annotations = MINI["dossier/annotations/a.yml"].replace(
        "- quote: Putin spoke in Sochi\n",
        "- quote: Putin spoke in Sochi\n  translation: {text: x}\n",
    )
    found = messages(compile_at(mini({"dossier/annotations/a.yml": annotations})))  # type: ignore[operator]
    assert re.search(r"annotations/a.yml:8:16: error: .*'by' \(who translated it\)", found[0]), (
        found
    )


@pytest.fixture(scope="module")
def sites_in(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same dossier, built with the site in French and in Arabic."""
    built = {}
    for language in ("fr", "ar"):
        config = MINI["site_config.yml"].replace(
            "  name: material\n", f"  name: material\n  language: {language}\n"
        )
        root = write_tree(
            tmp_path_factory.mktemp(language), {**MINI, **FILES, "site_config.yml": config}
        )
        result = run_mkdocs_build(root, root / "site")
        assert result.returncode == 0, result.stderr[-3000:]
        built[language] = root / "site"
    return built


WORDS = {  # what a reader of each language reads on the claim page
    "fr": ("dément", "affirme", "Prises de position, par camp", "contesté", "Contesté"),
    "ar": ("ينفي", "يؤكد", "المواقف حسب الطرف", "متنازع عليه", "محل نزاع"),
}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_site_speaks_the_readers_language(sites_in: dict[str, Path], language: str) -> None:
    page = (sites_in[language] / "claims" / "entered-airspace" / "index.html").read_text(
        encoding="utf-8"
    )
    for words in WORDS[language]:
        assert words in page, words
    for english in (">denies<", ">asserts<", ">Stances, by side<", ">In dispute<"):
        assert english not in page, english
    body = re.search(r"<body[^>]*>", page)
    assert body
    assert ('dir="rtl"' in body.group(0)) == (language == "ar")  # the theme lays it out
    assert f'<html lang="{language}"' in page


SAID = {  # the front door, the contradictions page and an actor page, as each reader reads them
    "fr": ("1 désaccord, du plus contesté", "Contradictions · 1 désaccord", "Type", "personne",
           "Données :", "24 novembre 2015"),
    "ar": ("نزاع واحد، من الأكثر خلافًا", "التناقضات · نزاع واحد", "النوع", "شخص", "البيانات:",
           "24 نوفمبر 2015"),
}  # fmt: skip
DESCRIBED = {
    "fr": ("Vladimir Putin : une personne du dossier",
           "The jet entered Turkish airspace. (contesté ; 6 prises de position citées)"),
    "ar": ("Vladimir Putin: شخص في الملف", "The jet entered Turkish airspace. (متنازع عليه؛ 6 مواقف مقتبسة)"),
}  # fmt: skip
ENGLISH = ("most contested first", "Holds that", "disputes", "stances", "Data:", "November")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_counts_kinds_and_descriptions_speak_the_readers_language(
    sites_in: dict[str, Path], language: str
) -> None:
    """The words the plugin builds in Python (counts with their plural, kinds of actor,
    the data links, the pages' descriptions) follow the site's language too."""
    site = sites_in[language]
    pages = {
        name: " ".join(html.unescape((site / name / "index.html").read_text("utf-8")).split())
        for name in ("", "contradictions", "actors/putin", "claims/entered-airspace")
    }
    shown = "".join(pages.values())
    for words in SAID[language]:
        assert words in shown, words
    article = re.sub(r"<[^>]+>", " ", "".join(p.split("<article", 1)[1] for p in pages.values()))
    for english in ENGLISH:
        assert english not in article, english
    described = {
        name: re.findall(r'<meta name="description" content="([^"]*)"', page)
        for name, page in pages.items()
    }
    assert described["actors/putin"] == [DESCRIBED[language][0]]
    assert described["claims/entered-airspace"] == [DESCRIBED[language][1]]


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", ["1 dispute", "3 disputes", "5 disputes", "21 disputes"]),
        ("fr", ["1 désaccord", "3 désaccords", "5 désaccords", "21 désaccords"]),
        ("ru", ["1 спор", "3 спора", "5 споров", "21 спор"]),
        ("ar", ["نزاع واحد", "3 نزاعات", "5 نزاعات", "21 نزاعًا"]),
    ],
)
def test_a_count_takes_the_plural_form_its_language_uses(language: str, said: list[str]) -> None:
    """Russian has three plural forms and Arabic six: a count is said in the right one."""
    from mkdocs_dossier.render.context import PageContext  # noqa: PLC0415
    from mkdocs_dossier.render.words import Words  # noqa: PLC0415

    ctx = PageContext(None, {}, words=Words(language))  # type: ignore[arg-type]  # words only
    counts = [ctx.counted("%(count)s dispute", "%(count)s disputes", n) for n in (1, 3, 5, 21)]
    assert counts == said


def test_every_catalog_has_every_word_with_its_placeholders() -> None:
    """Each shipped language translates every word the templates and the code mark, with
    the same %(name)s placeholders; no catalog keeps a word nothing uses."""
    from babel.messages.extract import extract_from_dir  # noqa: PLC0415
    from babel.messages.pofile import read_po  # noqa: PLC0415

    from mkdocs_dossier.render.i18n import LOCALES, catalog_path, shipped  # noqa: PLC0415

    package = LOCALES.parent
    method_map = [
        ("**/templates/**.html", "jinja2"),
        ("**.py", "python"),
        ("**/assets/*.js", "javascript"),
    ]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "N_": None,
        "dossierT": None,
        "tr": None,
        "counted": (1, 2),
    }
    used = {
        message if isinstance(message, str) else tuple(message)
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(package), method_map, options, keywords
        )
    }
    assert {"asserts", "denies", "suggests", "In dispute", "Other sides:", "Zoom in"} <= used
    assert ("%(count)s dispute", "%(count)s disputes") in used  # a phrase with plural forms
    assert set(shipped()) >= {"fr", "es", "de", "ar", "ru", "tr"}
    for language in shipped():
        with catalog_path(language).open("rb") as po:
            catalog = read_po(po)
        translated = {m.id: m.string for m in catalog if m.id}
        assert set(translated) == used, (language, used ^ set(translated))
        for message, text in translated.items():
            forms = (text,) if isinstance(message, str) else text
            assert len(forms) == (1 if isinstance(message, str) else catalog.num_plurals)
            wanted = set(re.findall(r"%\(\w+\)s", str(message)))
            for form in forms:
                assert form, (language, message)
                found = set(re.findall(r"%\(\w+\)s", form))
                # A plural form may leave the number out ("نزاعان": two disputes), no more.
                left_out = set() if isinstance(message, str) else {"%(count)s"}
                assert found <= wanted, (language, form)
                assert wanted - found <= left_out, (language, form)


@pytest.mark.browser
def test_the_scripts_speak_the_readers_language(
    sites_in: dict[str, Path], chromium: Browser
) -> None:
    """The words the scripts add (the map's buttons, the filters' line) come from the
    site language's catalog too, through assets/dossier/words.js."""
    with serve(sites_in["fr"]) as base:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "map/")
        labels = page.eval_on_selector_all(
            ".dossier-map-tools button", "buttons => buttons.map(b => b.getAttribute('aria-label'))"
        )
        page.goto(base + "sources/a/")
        page.locator("form.dossier-filters select").first.select_option(index=1)
        status = page.locator(".dossier-filter-status").text_content()
        page.close()
    assert labels[:3] == ["Zoom avant", "Zoom arrière", "Réinitialiser la carte"], labels
    assert status is not None
    assert re.fullmatch(r"\d+ annotations affichées sur \d+ \(.+\)\.", status), status
