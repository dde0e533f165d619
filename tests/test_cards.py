"""Reading a source: the card beside a highlighted quote, and the filters by voice, side,
claim and dispute, in headless Chromium at a phone's width and a desktop's.

The card must open where the words are without moving the page, close on Escape, its
button or a click outside, and give focus back; the filters must live in the URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, axe_violations, require_axe, require_chromium, serve
from conftest import MINI, run_mkdocs_build
from mkdocs_dossier.index import Index, Passage
from mkdocs_dossier.pipeline import Compiled
from sitecheck import search_records

WIDTHS = [360, 1280]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium(seed_site: Path, seed_port: int) -> Iterator[tuple[Browser, str]]:
    require_chromium()
    with serve(seed_site, seed_port) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser, base
        browser.close()


def new_page(chromium: tuple[Browser, str], width: int, scheme: str = "light") -> Page:
    browser, _ = chromium
    page = browser.new_page(viewport={"width": width, "height": 720}, color_scheme=scheme)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    return page


def index_of(compiled: Compiled) -> Index:
    assert compiled.index is not None
    return compiled.index


# A point inside the highlighted words of one quote, off any link, where that quote is the
# innermost one; null when every piece of it is a link (the keyboard still opens it).
CLICK_POINT = """([ident, block]) => {
  const pieces = [...document.querySelectorAll('mark.dossier-hl')].filter(
    m => m.dataset.q === ident && !m.querySelector('a, mark'));
  for (const piece of pieces) {
    piece.scrollIntoView({block});
    for (const r of piece.getClientRects()) {
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (r.width > 4 && document.elementFromPoint(x, y) === piece) return {x, y};
    }
  }
  return null;
}"""

# Where the card and the highlight are, in the viewport, once it is open.
GEOMETRY = """([ident, x, y]) => {
  const card = document.querySelector('.dossier-card');
  if (!card) return null;
  const marks = [...document.querySelectorAll('mark.dossier-hl')].filter(m => m.dataset.q === ident);
  let line = null;
  for (const m of marks) for (const r of m.getClientRects())
    if (x === null ? !line : (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom)) line = r;
  const c = card.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  return {card: [c.left, c.top, c.right, c.bottom], line: line && [line.left, line.top, line.right, line.bottom],
          header, width: document.documentElement.clientWidth, height: innerHeight,
          title: card.querySelector('.dossier-card-title').textContent,
          focused: card.contains(document.activeElement)};
}"""


def open_card(page: Page, passage: Passage, block: str = "center") -> tuple[float, dict]:
    """Click the quote's words (or Enter on it); the scroll position before, and geometry."""
    ident = passage.anchor.anchor_id
    point = page.evaluate(CLICK_POINT, [ident, block])
    if point is None:
        page.evaluate("([id, block]) => document.getElementById(id).scrollIntoView({block})",
                      [ident, block])  # fmt: skip
        before = page.evaluate("scrollY")
        page.focus(f"[id='{ident}']")
        page.keyboard.press("Enter")
        point = {"x": None, "y": None}
    else:
        before = page.evaluate("scrollY")
        page.mouse.click(point["x"], point["y"])
    geometry = page.evaluate(GEOMETRY, [ident, point["x"], point["y"]])
    assert geometry is not None, f"no card opened for {ident}"
    return before, geometry


def assert_in_view(geometry: dict, label: str) -> None:
    left, top, right, bottom = geometry["card"]
    assert left >= 0, f"{label}: card leaves the screen sideways"
    assert right <= geometry["width"], f"{label}: card leaves the screen sideways"
    assert top >= geometry["header"] - 1, f"{label}: card under the header at {top:.0f}"
    assert bottom <= geometry["height"] + 1, f"{label}: card below the screen at {bottom:.0f}"
    l_left, l_top, l_right, l_bottom = geometry["line"]
    assert l_top >= geometry["header"] - 1, f"{label}: the highlight went under the header"
    assert l_bottom <= geometry["height"] + 1, f"{label}: the highlight left the screen"
    overlap = min(bottom, l_bottom) - max(top, l_top) > 1 and min(right, l_right) > max(
        left, l_left
    )
    assert not overlap, f"{label}: the card covers the highlighted words"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_claim_quote_opens_its_card_in_view(
    chromium: tuple[Browser, str], seed_compiled: Compiled, width: int
) -> None:
    _, base = chromium
    page = new_page(chromium, width)
    opened = 0
    for source_id, passages in index_of(seed_compiled).passages.items():
        page.goto(f"{base}sources/{source_id}/")
        numbers = {p.anchor.anchor_id: n for n, p in enumerate(passages, 1)}
        for i, passage in enumerate(p for p in passages if p.annotation.stances):
            ident = passage.anchor.anchor_id
            label = f"{source_id}#{ident} at {width}px"
            before, geometry = open_card(page, passage, ("start", "center", "end")[i % 3])
            assert page.evaluate("scrollY") == before, f"{label}: the page moved"
            assert geometry["title"] == f"Annotation {numbers[ident]}", label
            assert geometry["focused"], f"{label}: focus is not in the card"
            assert_in_view(geometry, label)
            card = page.locator(".dossier-card")
            for stance in passage.annotation.stances:
                speaker = stance.by or seed_compiled.dossier.sources[source_id].outlet
                assert card.locator(f"a[href*='claims/{stance.claim}/']").count() >= 1, label
                assert card.locator(f"a[href*='actors/{speaker}/']").count() >= 1, label
                status = index_of(seed_compiled).claims[stance.claim].status
                assert card.locator(f".dossier-badge--{status}").count() >= 1, label
            assert card.locator(f"a[href$='#ann-{ident}']").count() == 1, label
            page.keyboard.press("Escape")
            assert page.locator(".dossier-card").count() == 0
            assert page.evaluate("document.activeElement.id") == ident, f"{label}: focus lost"
            opened += 1
    assert opened >= 20
    assert page.errors == []  # type: ignore[attr-defined]
    page.close()


def first_disputed(compiled: Compiled) -> Passage:
    index = index_of(compiled)
    return next(
        p
        for passages in index.passages.values()
        for p in passages
        if any(index.claims[s.claim].status == "disputed" for s in p.annotation.stances)
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_card_closes_three_ways_and_gives_focus_back(
    chromium: tuple[Browser, str], seed_compiled: Compiled, width: int
) -> None:
    _, base = chromium
    passage = first_disputed(seed_compiled)
    ident = passage.anchor.anchor_id
    page = new_page(chromium, width)
    page.goto(f"{base}sources/{passage.source_id}/")
    card = page.locator(".dossier-card")

    before, _ = open_card(page, passage)
    page.keyboard.press("Escape")
    assert card.count() == 0
    assert page.evaluate("document.activeElement.id") == ident

    open_card(page, passage)
    page.click(".dossier-card-close")
    assert card.count() == 0
    assert page.evaluate("document.activeElement.id") == ident

    open_card(page, passage)
    top = page.evaluate("document.querySelector('.dossier-card').getBoundingClientRect().top")
    height = page.viewport_size["height"]  # type: ignore[index]
    page.mouse.click(3, 80 if top > height / 2 else height - 10)  # the margin, away from it
    assert card.count() == 0
    assert page.evaluate("document.activeElement.id") == ident
    assert page.evaluate("scrollY") == before  # nothing of this moved the page

    # The keyboard: Tab reaches the highlight itself; Enter opens, Tab goes into the card.
    page.evaluate("window.scrollTo(0, 0)")
    page.focus(f"[id='{ident}']")
    page.keyboard.press("Enter")
    assert card.count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('dossier-card-close')")
    page.keyboard.press("Enter")
    assert card.count() == 0
    assert page.evaluate("document.activeElement.id") == ident
    assert page.errors == []  # type: ignore[attr-defined]
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violation_with_the_card_open(
    chromium: tuple[Browser, str], seed_compiled: Compiled, width: int, scheme: str
) -> None:
    require_axe()
    _, base = chromium
    passage = first_disputed(seed_compiled)
    page = new_page(chromium, width, scheme)
    page.goto(f"{base}sources/{passage.source_id}/?disputed=yes")
    open_card(page, passage)
    assert page.locator(".dossier-card .dossier-card-others li").count() >= 1
    violations = axe_violations(page)
    assert violations == []
    assert page.locator(".dossier-card").count() == 1  # axe ran with the card open
    page.close()


def shown(page: Page) -> dict[str, list[str]]:
    """Which annotations the list shows, and which quotes are still highlighted."""
    return page.evaluate(
        """() => ({
          items: [...document.querySelectorAll('li[data-passage]:not([hidden])')]
                   .map(li => li.dataset.passage),
          marks: [...document.querySelectorAll('mark.dossier-hl[id]:not(.dossier-hl--off)')]
                   .map(m => m.id)})"""
    )


def settled(page: Page, voice: str, disputed: bool) -> None:
    """Wait for the history step to reach the form (popstate runs after the step returns)."""
    page.wait_for_function(
        """([voice, disputed]) => {
          const form = document.querySelector('form.dossier-filters');
          return form && !form.hidden && form.elements.voice.value === voice
            && form.elements.disputed.checked === disputed;
        }""",
        arg=[voice, disputed],
        timeout=10_000,
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_filters_live_in_the_url(
    chromium: tuple[Browser, str], seed_compiled: Compiled, width: int
) -> None:
    _, base = chromium
    index = index_of(seed_compiled)
    source_id = "maltatoday-putin-warns"
    passages = index.passages[source_id]
    everyone = sorted(p.anchor.anchor_id for p in passages)
    by_russia = sorted(
        p.anchor.anchor_id for p in passages if any(s.by == "russia" for s in p.annotation.stances)
    )
    disputed_russia = sorted(
        p.anchor.anchor_id
        for p in passages
        if any(s.by == "russia" for s in p.annotation.stances)  # and one of its claims is disputed
        and any(index.claims[s.claim].status == "disputed" for s in p.annotation.stances)
    )
    assert 0 < len(disputed_russia) < len(by_russia) < len(everyone)

    page = new_page(chromium, width)
    url = f"{base}sources/{source_id}/"
    page.goto(url)
    if width < 960:  # a phone: the filters are folded with the facts, one tap away
        assert not page.locator("form.dossier-filters").is_visible()
        page.click("details.dossier-about > summary")
    assert page.locator("form.dossier-filters").is_visible()
    assert sorted(shown(page)["items"]) == everyone

    page.select_option("select[name=voice]", "russia")
    assert page.url == url + "?voice=russia"
    assert sorted(shown(page)["items"]) == by_russia
    assert sorted(shown(page)["marks"]) == by_russia
    numbers = {p.anchor.anchor_id: n for n, p in enumerate(passages, 1)}
    listed = page.evaluate(
        "[...document.querySelectorAll('li[data-passage]:not([hidden])')]"
        ".map(li => [li.dataset.passage, li.value])"
    )
    assert all(numbers[ident] == value for ident, value in listed)  # numbers stay the quote's
    status = page.locator(".dossier-filter-status")
    assert status.get_attribute("role") == "status"  # a live region: the change is announced
    assert status.text_content() == (
        f"Showing {len(by_russia)} of {len(everyone)} annotations (voice: Russia)."
    )

    page.check("input[name=disputed]")
    assert page.url == url + "?voice=russia&disputed=yes"
    assert sorted(shown(page)["marks"]) == disputed_russia

    page.reload()  # a shared link, or a reload, shows the same
    settled(page, "russia", disputed=True)
    assert page.input_value("select[name=voice]") == "russia"
    assert page.is_checked("input[name=disputed]")
    assert sorted(shown(page)["marks"]) == disputed_russia

    page.go_back()
    settled(page, "russia", disputed=False)
    assert page.url == url + "?voice=russia"
    assert not page.is_checked("input[name=disputed]")
    assert sorted(shown(page)["items"]) == by_russia
    page.go_back()
    settled(page, "", disputed=False)
    assert page.url == url
    assert page.input_value("select[name=voice]") == ""
    assert sorted(shown(page)["marks"]) == everyone

    # A quote the filters leave out opens no card; one they keep does.
    page.goto(url + "?voice=russia")
    hidden = next(
        p for p in passages if p.anchor.anchor_id not in by_russia and p.annotation.stances
    )
    point = page.evaluate(CLICK_POINT, [hidden.anchor.anchor_id, "center"])
    page.mouse.click(point["x"], point["y"])
    assert page.locator(".dossier-card").count() == 0
    kept = next(p for p in passages if p.anchor.anchor_id == by_russia[0])
    open_card(page, kept)
    assert page.errors == []  # type: ignore[attr-defined]
    page.close()


def test_a_side_of_a_dispute_and_a_claim(
    chromium: tuple[Browser, str], seed_compiled: Compiled
) -> None:
    """One side takes in the voices speaking for it; a claim filter on an actor's page."""
    _, base = chromium
    index = index_of(seed_compiled)
    source_id = "maltatoday-putin-warns"
    expected = sorted(
        {ref.passage.anchor.anchor_id for ref in index.entities["putin"].stances}
        | {
            ref.passage.anchor.anchor_id
            for claim in index.claims.values()
            for ref in claim.stances
            if ref.side == "russia" and ref.passage.source_id == source_id
        }
    )
    expected = [i for i in expected if i in {p.anchor.anchor_id for p in index.passages[source_id]}]
    page = new_page(chromium, 360)
    page.goto(f"{base}sources/{source_id}/?side=russia")
    assert sorted(shown(page)["marks"]) == sorted(expected)

    page.goto(f"{base}actors/russia/")
    claim = next(r.claim_id for r in index.entities["russia"].stances if r.speaker == "russia")
    page.select_option("select[name=claim]", claim)
    visible = page.evaluate(
        """() => [...document.querySelectorAll('[data-filter-item]:not([hidden])')]
                  .map(e => e.dataset.claim)"""
    )
    assert visible
    assert all(claim in v.split() for v in visible)
    assert page.evaluate(
        "[...document.querySelectorAll('[data-filter-group]')].every(g => g.hidden"
        " === !g.querySelector('[data-filter-item]:not([hidden])'))"
    )
    assert page.url.endswith(f"actors/russia/?claim={claim}")
    assert page.errors == []  # type: ignore[attr-defined]
    page.close()


def test_the_card_works_after_instant_navigation(
    chromium: tuple[Browser, str], seed_compiled: Compiled
) -> None:
    _, base = chromium
    passage = first_disputed(seed_compiled)
    page = new_page(chromium, 1280)
    with page.expect_response("**/sitemap.xml"):
        page.goto(f"{base}sources/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__noReload = true")
    page.click(f"article a[href*='sources/{passage.source_id}/']")
    page.wait_for_url(f"{base}sources/{passage.source_id}/")
    assert page.evaluate("window.__noReload === true")
    page.wait_for_selector(f"[id='{passage.anchor.anchor_id}'][tabindex='0']")
    open_card(page, passage)
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == passage.anchor.anchor_id
    assert page.locator("form.dossier-filters").is_visible()
    assert page.errors == []  # type: ignore[attr-defined]
    page.close()


def test_without_javascript_the_numbers_and_the_list_work(
    chromium: tuple[Browser, str], seed_compiled: Compiled
) -> None:
    browser, base = chromium
    passage = first_disputed(seed_compiled)
    ident = passage.anchor.anchor_id
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}sources/{passage.source_id}/?voice=putin")
    assert not page.locator("form.dossier-filters").is_visible()  # hidden: it needs script
    assert page.locator("li[data-passage]:not([hidden])").count() == len(
        index_of(seed_compiled).passages[passage.source_id]
    )  # every annotation listed, whatever the URL says
    page.click(f"a.dossier-ref[href='#ann-{ident}']")
    assert page.evaluate("location.hash") == f"#ann-{ident}"
    assert page.locator(f"li#ann-{ident}").is_visible()
    context.close()


OVERLAP_ARTICLE = "Moscow insists that the jet never strayed from Syrian airspace.\n"
OVERLAP_ANNOTATIONS = (
    "- quote: Moscow insists that the jet never strayed\n"
    "  mentions: [russia]\n"
    "- quote: the jet never strayed from Syrian airspace\n"
    "  stances:\n"
    "    - {claim: entered-airspace, stance: denies, by: russia}\n"
    "- quote: never strayed\n"
    "  stances:\n"
    "    - {claim: entered-airspace, stance: denies}\n"
)


def test_overlapping_quotes_are_each_reachable(
    chromium: tuple[Browser, str], mini, tmp_path: Path
) -> None:
    project = mini(
        {
            "content/articles/a.txt": OVERLAP_ARTICLE,
            "dossier/annotations/a.yml": OVERLAP_ANNOTATIONS,
        }
    )
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    browser, _ = chromium
    with serve(tmp_path / "site") as base:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{base}sources/a/")
        idents = page.evaluate(
            "[...document.querySelectorAll('.dossier-article mark.dossier-hl[id]')].map(m => m.id)"
        )
        assert len(idents) == 3
        # By keyboard: each quote is its own stop, and opens its own card.
        page.focus(f"[id='{idents[0]}']")
        for n in range(1, 4):
            if n > 1:
                page.keyboard.press("Tab")
                while page.evaluate("document.activeElement.tagName") != "MARK":
                    page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.id") == idents[n - 1]
            page.keyboard.press("Enter")
            card = page.locator(".dossier-card")
            assert card.locator(".dossier-card-title").text_content() == f"Annotation {n}"
            page.keyboard.press("Escape")
            assert page.evaluate("document.activeElement.id") == idents[n - 1]

        # By click: the words "never strayed" carry all three; the card says which is shown
        # and offers the others.
        box = page.evaluate(
            """() => { const m = [...document.querySelectorAll('mark.dossier-hl')]
                 .find(m => m.textContent === 'never strayed' && !m.querySelector('mark'));
               const r = m.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }"""
        )
        page.mouse.click(*box)
        card = page.locator(".dossier-card")
        assert card.locator(".dossier-card-title").text_content() == "Annotation 3"
        assert "These words carry 3 annotations; shown: annotation 3." in card.text_content()
        assert card.locator("[aria-pressed=true]").text_content() == "Annotation 3"
        card.locator(".dossier-card-switch", has_text="Annotation 1").click()
        assert card.locator(".dossier-card-title").text_content() == "Annotation 1"
        assert card.locator("[aria-pressed=true]").text_content() == "Annotation 1"
        assert card.locator("a[href$='actors/russia/']").count() >= 1
        page.keyboard.press("Escape")
        assert page.evaluate("document.activeElement.id") == idents[0]
        page.close()


def test_card_text_is_escaped(mini, tmp_path: Path) -> None:
    """Card content is built like the page, escaped: a hostile statement stays text."""
    hostile = '<img src=x onerror="alert(1)">'
    claims = MINI["dossier/claims.yml"].replace(
        "The jet entered Turkish airspace.", f"'The jet {hostile}'"
    )
    project = mini({"dossier/claims.yml": claims})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    html = (tmp_path / "site/sources/a/index.html").read_text(encoding="utf-8")
    templates = html[html.index("<template") : html.rindex("</template>")]
    assert "<img" not in templates
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in templates
    # The cards repeat what the page lists: search does not index them twice.
    card_only = ("Annotation 1 in full", "Other sides:")
    assert all(words in templates for words in card_only)
    records = search_records(tmp_path / "site")
    assert "Ankara says its jets fired" in records["/sources/a/"].content  # the page's list
    indexed = " ".join(record.content for record in records.values())
    assert [words for words in card_only if words in indexed] == []


MANY_VOICES = (
    "- quote: Ankara says its jets fired\n"
    "  stances: [{claim: entered-airspace, stance: asserts, by: turkey}]\n"
    "- quote: after warnings that the plane was violating\n"
    "  stances: [{claim: entered-airspace, stance: suggests, by: turkey}]\n"
    "- quote: Moscow insists that the jet never strayed\n"
    "  stances: [{claim: entered-airspace, stance: denies, by: russia}]\n"
    "- quote: Putin called it a stab in the back\n"
    "  stances: [{claim: entered-airspace, stance: denies, by: putin}]\n"
    "- quote: Jet down\n"
    "  stances: [{claim: entered-airspace, stance: asserts}]\n"
    "- quote: from Syrian airspace\n"
    "  stances: [{claim: entered-airspace, stance: denies}]\n"
)


def test_a_long_claim_page_filters_by_side(
    chromium: tuple[Browser, str], mini, tmp_path: Path
) -> None:
    project = mini({"dossier/annotations/a.yml": MANY_VOICES})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    browser, _ = chromium
    with serve(tmp_path / "site") as base:
        page = browser.new_page(viewport={"width": 360, "height": 720})
        page.goto(f"{base}claims/entered-airspace/")
        assert page.locator("form.dossier-filters").is_visible()
        assert page.locator("select[name=claim]").count() == 0  # one claim: nothing to choose
        page.select_option("select[name=side]", "russia")
        assert page.url.endswith("claims/entered-airspace/?side=russia")
        voices = page.evaluate(
            """() => [...document.querySelectorAll('[data-filter-item]:not([hidden])')]
                      .map(e => e.dataset.voice).sort()"""
        )
        assert voices == ["putin", "russia"]  # the president speaks for his state
        sides = page.evaluate(
            """() => [...document.querySelectorAll('.dossier-side:not([hidden])')]
                      .map(e => e.querySelector('.dossier-side-name').textContent)"""
        )
        assert sides == ["Russia"]
        assert page.locator(".dossier-filter-status").text_content() == (
            "Showing 2 of 6 stances (side: Russia)."
        )
        page.close()
