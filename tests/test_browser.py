"""The built seed site in headless Chromium: pages load, instant navigation works, and
nothing is fetched from any host but localhost."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect, sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve
from mkdocs_dossier.pipeline import Compiled

pytestmark = pytest.mark.browser  # every test here drives headless Chromium


@dataclass
class Browsing:
    page: Page
    base: str
    foreign: list[str] = field(default_factory=list)  # requests to other hosts, blocked
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions


@pytest.fixture
def browsing(seed_site: Path, seed_port: int) -> Iterator[Browsing]:
    require_chromium()
    with serve(seed_site, seed_port) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        session = Browsing(browser.new_page(), base)

        def only_localhost(route: Route) -> None:
            url = route.request.url
            if url.startswith(("data:", "blob:")) or urlsplit(url).hostname == "127.0.0.1":
                route.continue_()
            else:
                session.foreign.append(url)
                route.abort()

        session.page.route("**/*", only_localhost)
        session.page.on(
            "console", lambda m: session.errors.append(m.text) if m.type == "error" else None
        )
        session.page.on("pageerror", lambda e: session.errors.append(str(e)))
        yield session
        browser.close()


def test_pages_load_and_instant_navigation_works(
    browsing: Browsing, seed_compiled: Compiled
) -> None:
    page, base = browsing.page, browsing.base
    dossier = seed_compiled.dossier
    # Material intercepts clicks only once it has read sitemap.xml.
    with page.expect_response("**/sitemap.xml"):
        page.goto(base)
    page.wait_for_load_state("networkidle")
    assert "Su-24" in page.title()

    # Instant navigation swaps the page without reloading: a marker on window survives.
    page.evaluate("window.__noReload = true")
    page.click("a.md-tabs__link:has-text('Claims')")
    page.wait_for_url(f"{base}claims/")
    expect(page.locator("article h1")).to_have_text("Claims")
    assert page.evaluate("window.__noReload === true")

    first_claim = next(iter(dossier.claims))
    page.wait_for_load_state("networkidle")
    page.click(f"article a[href*='{first_claim}/']")
    page.wait_for_url(f"{base}claims/{first_claim}/")
    assert page.evaluate("window.__noReload === true")
    expect(page.locator("article h1")).to_have_text(dossier.claims[first_claim].statement)

    for kind in ("sources", "actors", "locations"):
        ident = next(iter(dossier.of_kind(kind)))
        page.goto(f"{base}{kind}/{ident}/")
        assert page.locator("article h1").count() == 1
    page.goto(f"{base}contradictions/")
    assert page.locator("section.dossier-dispute").count() > 0

    assert browsing.foreign == []
    assert browsing.errors == []


def test_each_highlight_covers_its_quote(browsing: Browsing, seed_compiled: Compiled) -> None:
    page, base = browsing.page, browsing.base
    index = seed_compiled.index
    assert index is not None
    for source_id, passages in index.passages.items():
        page.goto(f"{base}sources/{source_id}/")
        texts = page.evaluate(
            """() => {
              const out = {};
              for (const mark of document.querySelectorAll('mark.dossier-hl[id]')) {
                const id = mark.id;
                const parts = [...document.querySelectorAll('mark.dossier-hl')]
                  .filter(m => m.dataset.q === id);
                out[id] = parts.map(m => m.textContent).join('');
              }
              return out;
            }"""
        )
        for passage in passages:
            ident = passage.anchor.anchor_id
            assert ident in texts, f"no highlight for {ident}"
            assert " ".join(texts[ident].split()) == " ".join(passage.quote.split())
    assert browsing.errors == []


def test_highlights_work_from_the_keyboard(browsing: Browsing, seed_compiled: Compiled) -> None:
    page, base = browsing.page, browsing.base
    index = seed_compiled.index
    assert index is not None
    source_id, passages = next((s, p) for s, p in index.passages.items() if p)
    page.goto(f"{base}sources/{source_id}/")
    for _ in range(200):  # Tab through the page to the first quote's number
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('dossier-ref')"):
            break
    else:
        pytest.fail("no annotation number is reachable with Tab")
    focused = page.evaluate(
        """() => {
          const a = document.activeElement;
          return {label: a.getAttribute('aria-label'), href: a.getAttribute('href'),
                  tip: getComputedStyle(a, '::after').content};
        }"""
    )
    first = passages[0]
    # (Material's instant navigation makes hrefs absolute.)
    assert focused["href"].endswith(f"#ann-{first.anchor.anchor_id}")
    assert focused["label"].startswith("Annotation 1: ")
    assert focused["tip"].strip('"') == focused["label"]  # the popover shows what it carries

    # From the quote to what it carries, and back.
    page.keyboard.press("Enter")
    item = page.locator(f"li#ann-{first.anchor.anchor_id}")
    expect(item).to_be_visible()
    back = item.locator(f"a[href$='#{first.anchor.anchor_id}']")
    assert back.count() == 1
    for stance in first.annotation.stances:
        assert item.locator(f"a[href*='claims/{stance.claim}/']").count() == 1
    back.click()
    assert page.evaluate("location.hash") == f"#{first.anchor.anchor_id}"
    # Each quote is exposed once as a highlight, however many pieces it is cut into.
    exposed = page.evaluate(
        "[...document.querySelectorAll('mark.dossier-hl:not([role=none])')].map(m => m.dataset.q)"
    )
    assert sorted(exposed) == sorted(p.anchor.anchor_id for p in passages)
    assert browsing.errors == []


def test_the_map_works_with_instant_navigation_and_offline(
    browsing: Browsing, seed_compiled: Compiled
) -> None:
    page, base = browsing.page, browsing.base
    with page.expect_response("**/sitemap.xml"):
        page.goto(base)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__noReload = true")
    page.click("a.md-tabs__link:has-text('Map')")
    expect(page.locator("article h1")).to_have_text("Where it happened, and where it was said")
    assert page.evaluate("window.__noReload === true")

    located = [i for i, loc in seed_compiled.dossier.locations.items() if loc.coordinates]
    for ident in located:
        # Once on the maps of every place (the map of accounts may show it again).
        places = page.locator(
            f"#map-overview a.dossier-marker[href*='locations/{ident}/'],"
            f" [id^='inset-'] a.dossier-marker[href*='locations/{ident}/']"
        )
        assert places.count() == 1, ident
    for ident in seed_compiled.dossier.locations:
        assert page.locator(f"table a[href*='locations/{ident}/']").count() == 1
    # Every marker is on the map, not pushed outside it.
    outside = page.evaluate(
        """() => [...document.querySelectorAll('a.dossier-marker')].filter(a => {
             const m = a.closest('.dossier-map').getBoundingClientRect();
             const r = a.getBoundingClientRect();
             return r.left < m.left - 1 || r.right > m.right + 1
                 || r.top < m.top - 1 || r.bottom > m.bottom + 1;
           }).map(a => a.href)"""
    )
    assert outside == []

    marker = page.locator("a.dossier-marker[href*='locations/sochi/']")
    marker.click()
    expect(page.locator("article h1")).to_have_text(seed_compiled.dossier.locations["sochi"].name)
    assert page.url == f"{base}locations/sochi/"
    assert page.evaluate("window.__noReload === true")  # instant navigation, no reload
    assert page.locator("#locator-sochi a.dossier-marker").count() == 1
    assert browsing.foreign == []
    assert browsing.errors == []
