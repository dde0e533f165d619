"""A source page read on a phone and on a desktop, in both palettes (issue 30): the text
starts on a phone's first screen, with the facts, notes and filters folded behind one
control; every target is at least 24 x 24 CSS px unless it is words of a sentence; the
quotes are at 7:1 contrast or more; no quote shows doubled marks; "Copy link" puts the
quote's link on the clipboard, and arriving by it opens the card and outlines every piece
of the quote. On the seed dossier and on a second one written here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from browser import axe_violations, require_axe, require_chromium, serve
from conftest import MINI, run_mkdocs_build, write_tree

pytestmark = pytest.mark.browser

WIDTHS = [360, 1280]
SCHEMES = ["light", "dark"]

# A second dossier: a long header (a repair, several notes), quotes cut into pieces by the
# names in them, quotes that bring their own marks, and enough voices for the filters.
ARTICLE = (
    "Jet down near the border\n\n"
    "Ankara says its jets fired after warnings that the plane was violating Turkey’s "
    "airspace, and Ankara says the warnings were given ten times in five minutes.\n\n"
    "“Our pilots and our plane never threatened Turkey in any way,” Putin said in Sochi.\n\n"
    "Moscow insists that the jet never strayed from Syrian airspace.\n\n"
    "Putin called it a stab in the back. Putin spoke in Sochi.\n"
)
ANNOTATIONS = (
    "- quote: Ankara says its jets fired after warnings that the plane was violating "
    "Turkey’s airspace, and Ankara says the warnings were given\n"
    "  stances:\n    - {claim: entered-airspace, stance: asserts, by: turkey}\n"
    "- quote: '“Our pilots and our plane never threatened Turkey in any way,” Putin said'\n"
    "  stances:\n    - {claim: entered-airspace, stance: denies, by: putin}\n"
    "- quote: Moscow insists that the jet never strayed from Syrian airspace\n"
    "  stances:\n    - {claim: entered-airspace, stance: denies, by: russia}\n"
    "- quote: Putin spoke in Sochi\n"
    "  mentions: [putin, sochi]\n"
)
NOTES = "".join(
    f"    - 'Note {n}: the editors checked the date, the byline and the dateline against"
    " the page as it was first published, and kept the text as received.'\n"
    for n in range(1, 7)
)
SOURCES = (
    MINI["dossier/sources.yml"] + "  byline: A. Reporter\n  dateline: ANKARA\n  notes:\n" + NOTES
)
# The seed's two palettes, each following the reader's system, with the toggle.
PALETTES = """\
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
"""
PHONE_MINI = {
    **MINI,
    "site_config.yml": MINI["site_config.yml"]
    .replace("  font: false\n", "  font: false\n" + PALETTES)
    .replace("  - dossier\n", "  - dossier:\n      theme_fixes: true\n"),  # as the seed
    "content/articles/a.txt": ARTICLE,
    "dossier/annotations/a.yml": ANNOTATIONS,
    "dossier/sources.yml": SOURCES,
}
SEED_PAGES = ["sources/ewn-lavrov-cancels-trip/", "sources/maltatoday-putin-warns/"]
MINI_PAGES = ["sources/a/"]


@pytest.fixture(scope="module")
def sites(
    seed_site: Path, seed_port: int, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, tuple[str, list[str]]]]:
    """The seed and the second dossier, each served: base URL and source pages."""
    require_chromium()
    project = write_tree(tmp_path_factory.mktemp("phone") / "project", PHONE_MINI)
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    with serve(seed_site, seed_port) as seed, serve(project / "site") as mini:
        yield {"seed": (seed, SEED_PAGES), "mini": (mini, MINI_PAGES)}


def open_page(browser: Browser, url: str, width: int, scheme: str, **context: object) -> Page:
    """The page in a fresh context, in the palette the reader's system asks for (the
    site's palette follows `prefers-color-scheme`; checked, not assumed)."""
    ctx = browser.new_context(
        viewport={"width": width, "height": 800}, color_scheme=scheme, **context
    )  # type: ignore[arg-type]
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    palette = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert palette == ("slate" if scheme == "dark" else "default")
    return page


def open_a_card(page: Page) -> None:
    """The first quote's card, opened from the keyboard (a click may land on a name)."""
    page.locator(".dossier-article mark.dossier-hl--live").first.focus()
    page.keyboard.press("Enter")


def pages(sites: dict[str, tuple[str, list[str]]]) -> list[str]:
    return [base + path for base, paths in sites.values() for path in paths]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_on_a_phone_the_text_starts_on_the_first_screen(
    chromium: Browser, sites: dict[str, tuple[str, list[str]]], scheme: str
) -> None:
    require_axe()
    for url in pages(sites):
        page = open_page(chromium, url, 360, scheme)
        top = page.evaluate(
            "document.querySelector('.dossier-article p').getBoundingClientRect().top + scrollY"
        )
        assert top < 800, f"{url}: the text starts {top:.0f} px down"
        # The facts, the notes and the filters are behind one control, closed here.
        folded = page.evaluate(
            """() => {
              const about = document.querySelectorAll('details.dossier-about');
              const d = about[0];
              return {count: about.length, open: d.open,
                      facts: !!d.querySelector('dl.dossier-facts'),
                      filters: !!d.querySelector('form.dossier-filters'),
                      outside: document.querySelectorAll(
                        'dl.dossier-facts:not(details *), form.dossier-filters:not(details *)').length};
            }"""
        )
        assert folded == {"count": 1, "open": False, "facts": True, "filters": True, "outside": 0}
        notes = page.locator("dl.dossier-facts dd li").first
        assert not notes.is_visible()
        page.click("details.dossier-about > summary")  # one tap shows them all
        assert notes.is_visible()
        assert page.locator("select[name=voice]").is_visible()
        assert axe_violations(page) == []
        assert page.errors == []  # type: ignore[attr-defined]
        page.context.close()


def test_on_a_desktop_the_facts_are_open_and_without_script_folded(
    chromium: Browser, sites: dict[str, tuple[str, list[str]]]
) -> None:
    for url in pages(sites):
        page = open_page(chromium, url, 1280, "light")
        assert page.evaluate("document.querySelector('details.dossier-about').open")
        page.context.close()
        page = open_page(chromium, url, 360, "light", java_script_enabled=False)
        assert not page.evaluate("document.querySelector('details.dossier-about').open")
        top = page.evaluate(
            "document.querySelector('.dossier-article p').getBoundingClientRect().top + scrollY"
        )
        assert top < 800, f"{url} without script: the text starts {top:.0f} px down"
        page.context.close()


# Every target a reader can tap in the page's content: its size, and whether it is words
# of a sentence (an inline link or highlight with other words in the same block), which
# WCAG 2.5.8 exempts. An annotation's number is not words of the sentence it follows.
TARGETS = """() => {
  const block = el => { let b = el.parentElement;
    while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement;
    return b; };
  const out = [];
  const all = document.querySelectorAll(
    'article a[href], article button, article select, article input, article summary, article [tabindex="0"]');
  for (const el of all) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!r.width || !r.height || style.visibility === 'hidden' || el.closest('[hidden], template')) continue;
    if (el.classList.contains('headerlink')) continue;  // the theme's heading anchors: beside a heading
    const text = (el.textContent || '').trim();
    const around = (block(el).textContent || '').trim();
    const inline = style.display === 'inline' && !el.classList.contains('dossier-ref')
      && around.length > text.length;
    out.push({what: el.tagName.toLowerCase() + (el.className ? '.' + el.className.split(' ').join('.') : '')
                    + ' ' + text.slice(0, 30), w: r.width, h: r.height, inline});
  }
  return out;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_every_target_is_at_least_24_px(
    chromium: Browser, sites: dict[str, tuple[str, list[str]]], width: int
) -> None:
    small = []
    for url in pages(sites):
        page = open_page(chromium, url, width, "light")
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true })")
        targets = page.evaluate(TARGETS)
        assert sum(1 for t in targets if t["what"].startswith("a.dossier-ref")) >= 3
        small += [
            f"{url}: {t['what']} {t['w']:.0f}x{t['h']:.0f}"
            for t in targets
            if not t["inline"] and (t["w"] < 23.5 or t["h"] < 23.5)
        ]
        page.context.close()
    assert small == []


# The contrast of each quote's text with what is behind it, colours blended as painted
# (the theme's text colours are translucent).
CONTRAST = """(selector) => {
  const rgba = c => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const background = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour; };
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  return [...document.querySelectorAll(selector)].filter(el => el.getClientRects().length).map(el => {
    const bg = background(el);
    const fg = over(rgba(getComputedStyle(el).color), bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return {text: el.textContent.trim().slice(0, 40), ratio: (a + 0.05) / (b + 0.05)};
  });
}"""
QUOTES = ".dossier-article mark.dossier-hl, .dossier-quote, .dossier-passage p, .dossier-card-quote"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_quotes_are_at_7_to_1_contrast(
    chromium: Browser, sites: dict[str, tuple[str, list[str]]], scheme: str
) -> None:
    pale = []
    for base, paths in sites.values():
        claim = (
            "claims/entered-airspace/"
            if paths == MINI_PAGES
            else "claims/su24-entered-turkish-airspace/"
        )
        for url in [base + p for p in paths] + [base + claim]:
            page = open_page(chromium, url, 1280, scheme)
            if page.locator(".dossier-article mark.dossier-hl--live").count():
                open_a_card(page)
                assert page.locator(".dossier-card .dossier-card-quote").count() == 1
            found = page.evaluate(CONTRAST, QUOTES)
            assert len(found) >= 3, url
            pale += [f"{url}: {q['text']} {q['ratio']:.2f}" for q in found if q["ratio"] < 7]
            page.context.close()
    assert pale == []


# What an element shows, with the marks CSS adds (::before, ::after, <q>'s own).
SHOWN = """(selector) => [...document.querySelectorAll(selector)].map(el => {
  const content = pseudo => { const c = getComputedStyle(el, pseudo).content;
    return c === 'none' || c === 'normal' ? '' : c.replace(/^"|"$/g, ''); };
  const q = el.tagName === 'Q' || el.querySelector('q') ? '“' : '';
  return content('::before') + q + el.textContent.trim() + q + content('::after');
})"""
DOUBLED = r"^\s*[“„«\"‘]\s*[“„«\"‘]|[”»\"’]\s*[”»\"’]\s*$"


def test_no_quote_shows_doubled_marks(
    chromium: Browser, sites: dict[str, tuple[str, list[str]]]
) -> None:
    doubled, seen = [], 0
    for base, paths in sites.values():
        for url in [base + p for p in paths] + [base + "actors/putin/"]:
            page = open_page(chromium, url, 1280, "light")
            if page.locator(".dossier-article mark.dossier-hl--live").count():
                open_a_card(page)
            shown = page.evaluate(
                SHOWN, ".dossier-quote, .dossier-passage p, .dossier-card-quote, q"
            )
            seen += len(shown)
            matches = page.evaluate(
                "([texts, re]) => texts.filter(t => new RegExp(re).test(t))", [shown, DOUBLED]
            )
            doubled += [f"{url}: {t[:50]}" for t in matches]
            page.context.close()
    assert seen >= 20
    assert doubled == []


def passage_in_pieces(page: Page) -> str:
    """A quote with a card, cut into several pieces (by the names in it)."""
    ident: str | None = page.evaluate(
        """() => { for (const m of document.querySelectorAll('.dossier-article mark.dossier-hl--live')) {
             const n = [...document.querySelectorAll('mark.dossier-hl')].filter(p => p.dataset.q === m.id).length;
             if (n >= 3) return m.id; } return null; }"""
    )
    assert ident, "no quote in several pieces"
    return ident


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_copy_link_and_arrive_by_it(
    chromium: Browser, sites: dict[str, tuple[str, list[str]]], width: int, scheme: str
) -> None:
    require_axe()
    for url in pages(sites):
        page = open_page(
            chromium, url, width, scheme, permissions=["clipboard-read", "clipboard-write"]
        )
        ident = passage_in_pieces(page)
        page.evaluate(
            "(id) => document.getElementById(id).scrollIntoView({block: 'center'})", ident
        )
        page.focus(f"[id='{ident}']")
        page.keyboard.press("Enter")
        card = page.locator(".dossier-card")
        card.locator("button.dossier-copy-link", has_text="Copy link").click()
        page.wait_for_function(
            "document.querySelector('.dossier-copy-status').textContent === 'Link copied.'"
        )
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == url + "#" + ident
        page.context.close()

        # Arriving by it: the card is open, and every piece of the quote is outlined.
        page = open_page(chromium, copied, width, scheme)
        page.wait_for_selector(".dossier-card")
        assert card_title(page) == page.evaluate(
            "(id) => 'Annotation ' + document.querySelector(`template[data-card='${id}']`).dataset.n",
            ident,
        )
        outlines = page.evaluate(
            """(id) => [...document.querySelectorAll('mark.dossier-hl')].filter(m => m.dataset.q === id)
                 .map(m => getComputedStyle(m).outlineStyle)""",
            ident,
        )
        assert len(outlines) >= 3
        assert set(outlines) == {"solid"}, outlines
        others = page.evaluate(
            """(id) => [...document.querySelectorAll('mark.dossier-hl')]
                 .filter(m => m.dataset.q !== id && !m.closest(`[data-q='${id}']`)
                              && !m.querySelector(`[data-q='${id}']`))
                 .map(m => getComputedStyle(m).outlineStyle)""",
            ident,
        )
        assert "solid" not in others  # only that quote
        assert axe_violations(page) == []
        assert page.errors == []  # type: ignore[attr-defined]
        page.context.close()


def card_title(page: Page) -> str:
    return page.locator(".dossier-card .dossier-card-title").text_content() or ""


def test_without_a_clipboard_the_link_is_shown_to_copy(
    chromium: Browser, sites: dict[str, tuple[str, list[str]]]
) -> None:
    base, paths = sites["mini"]
    url = base + paths[0]
    page = open_page(chromium, url, 360, "light")  # no clipboard permission: writing fails
    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('no')) }")
    ident = passage_in_pieces(page)
    page.focus(f"[id='{ident}']")
    page.keyboard.press("Enter")
    page.click(".dossier-card button.dossier-copy-link")
    field = page.locator(".dossier-card input.dossier-copy-field")
    field.wait_for(state="visible")
    assert field.input_value() == url + "#" + ident
    assert page.evaluate("document.activeElement.classList.contains('dossier-copy-field')")
    assert page.evaluate("getSelection().toString() || document.activeElement.selectionEnd") != 0
    page.context.close()


HOSTILE_FRAGMENTS = [
    "#%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",  # markup, percent-encoded
    '#"]),alert(1),(["',  # a selector's end
    "#%E0%A4%A",  # no valid encoding
    "#ann-x",  # an id of the page's kind that names nothing
]


def test_a_hostile_fragment_opens_nothing_and_runs_nothing(
    chromium: Browser, sites: dict[str, tuple[str, list[str]]]
) -> None:
    """SECURITY.md: the script reads a link's fragment as an id to look up, nothing more."""
    base, paths = sites["mini"]
    for fragment in HOSTILE_FRAGMENTS:
        page = open_page(chromium, base + paths[0] + fragment, 360, "light")
        page.wait_for_timeout(200)
        assert page.locator(".dossier-card").count() == 0, fragment
        assert page.locator("img[onerror], [onerror]").count() == 0, fragment
        assert page.locator("mark.dossier-hl--target").count() == 0, fragment
        assert page.errors == []  # type: ignore[attr-defined]  (a dialog is one)
        page.context.close()


def test_a_quote_link_on_a_claim_page_opens_the_card_with_instant_navigation(
    chromium: Browser, sites: dict[str, tuple[str, list[str]]]
) -> None:
    """The way readers most often arrive: a claim page's quote, followed without a reload."""
    base, _ = sites["seed"]
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    with page.expect_response("**/sitemap.xml"):  # Material navigates instantly once it has it
        page.goto(base + "claims/su24-entered-turkish-airspace/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__noReload = true")
    link = page.locator("a.dossier-passage-link").first
    ident = (link.get_attribute("href") or "").rsplit("#", 1)[1]
    link.click()
    page.wait_for_selector(".dossier-card")
    assert page.evaluate("window.__noReload === true")
    assert page.url.endswith("#" + ident)
    pieces = page.evaluate(
        """(id) => [...document.querySelectorAll('mark.dossier-hl')].filter(m => m.dataset.q === id)
             .map(m => m.classList.contains('dossier-hl--target'))""",
        ident,
    )
    assert pieces
    assert all(pieces)
    assert errors == []
    context.close()
