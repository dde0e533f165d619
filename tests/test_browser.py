"""The built seed site in headless Chromium: pages load, instant navigation works, and
nothing is fetched from any host but localhost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve
from mkdocs_dossier.pipeline import Compiled


@pytest.fixture
def browser_page(
    seed_site: Path, seed_port: int
) -> Iterator[tuple[object, str, list[str], list[str]]]:
    require_chromium()
    with serve(seed_site, seed_port) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        foreign: list[str] = []
        errors: list[str] = []

        def route(route: object) -> None:
            request = route.request  # type: ignore[attr-defined]
            host = urlsplit(request.url).hostname
            if request.url.startswith(("data:", "blob:")) or host in {"127.0.0.1", "localhost"}:
                route.continue_()  # type: ignore[attr-defined]
            else:
                foreign.append(request.url)
                route.abort()  # type: ignore[attr-defined]

        page.route("**/*", route)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        yield page, base, foreign, errors
        browser.close()


def test_pages_load_and_instant_navigation_works(
    browser_page: tuple[object, str, list[str], list[str]], seed_compiled: Compiled
) -> None:
    page, base, foreign, errors = browser_page
    dossier = seed_compiled.dossier
    # Material intercepts clicks only once it has read sitemap.xml.
    with page.expect_response("**/sitemap.xml"):  # type: ignore[attr-defined]
        page.goto(base)  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert "Su-24" in page.title()  # type: ignore[attr-defined]

    # Instant navigation swaps the page without reloading: a marker on window survives.
    page.evaluate("window.__noReload = true")  # type: ignore[attr-defined]
    page.click("a.md-tabs__link:has-text('Claims')")  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}claims/")  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Claims')")  # type: ignore[attr-defined]
    assert page.evaluate("window.__noReload === true")  # type: ignore[attr-defined]

    first_claim = next(iter(dossier.claims))
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    page.click(f"article a[href*='{first_claim}/']")  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}claims/{first_claim}/")  # type: ignore[attr-defined]
    assert page.evaluate("window.__noReload === true")  # type: ignore[attr-defined]
    heading = page.text_content("article h1")  # type: ignore[attr-defined]
    assert heading == dossier.claims[first_claim].statement

    for kind in ("sources", "actors", "locations"):
        ident = next(iter(dossier.of_kind(kind)))
        page.goto(f"{base}{kind}/{ident}/")  # type: ignore[attr-defined]
        assert page.locator("article h1").count() == 1  # type: ignore[attr-defined]

    assert foreign == []
    assert errors == []


def test_each_highlight_covers_its_quote(
    browser_page: tuple[object, str, list[str], list[str]], seed_compiled: Compiled
) -> None:
    page, base, _, errors = browser_page
    index = seed_compiled.index
    assert index is not None
    for source_id, passages in index.passages.items():
        page.goto(f"{base}sources/{source_id}/")  # type: ignore[attr-defined]
        texts = page.evaluate(  # type: ignore[attr-defined]
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
    assert errors == []
