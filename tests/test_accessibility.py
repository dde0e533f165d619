"""Accessibility: axe-core finds no violation on any kind of page, in light and dark;
pages fit a 360 px screen and 200 % zoom without sideways scrolling; a source page
prints as a clean document.

axe-core comes from the npm registry at test time (the README's test command installs
it into .cache/npm); it is never committed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, axe_violations, require_axe, require_chromium, serve

pytestmark = pytest.mark.browser  # every test here drives headless Chromium

PAGES = [
    "", "sources/", "actors/", "claims/", "locations/", "contradictions/", "map/", "timeline/",
    "methodology/", "sources/ewn-lavrov-cancels-trip/", "actors/putin/",
    "claims/su24-entered-turkish-airspace/", "locations/hatay/",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser(seed_site: Path, seed_port: int) -> Iterator[tuple[Browser, str]]:
    require_chromium()
    with serve(seed_site, seed_port) as base, sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium, base
        chromium.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violation_on_any_kind_of_page(browser: tuple[Browser, str], scheme: str) -> None:
    require_axe()
    chromium, base = browser
    context = chromium.new_context(color_scheme=scheme)
    page = context.new_page()
    found = []
    for path in PAGES:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        found += [f"/{path}: {v}" for v in violations]
    context.close()
    assert found == []


@pytest.mark.parametrize("width", [360, 640])  # a phone; 200 % zoom of a 1280 px window
def test_no_sideways_scrolling(browser: tuple[Browser, str], width: int) -> None:
    chromium, base = browser
    page = chromium.new_page(viewport={"width": width, "height": 800})
    wide = []
    for path in PAGES:
        page.goto(base + path)
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            wide.append(f"/{path}: {scroll}px in {client}px")
    page.close()
    assert wide == []


def test_a_source_page_prints_cleanly(browser: tuple[Browser, str], tmp_path: Path) -> None:
    chromium, base = browser
    page = chromium.new_page()
    page.goto(base + "sources/ewn-lavrov-cancels-trip/")
    page.emulate_media(media="print")
    styles = page.evaluate(
        """() => {
          const claim = document.querySelector('mark.dossier-hl--claim');
          const mention = document.querySelector('mark.dossier-hl--mention');
          const anchor = document.querySelector('.dossier-print-only');
          const header = document.querySelector('.md-header');
          return {claim: getComputedStyle(claim).borderBottomStyle,
                  mention: getComputedStyle(mention).borderBottomStyle,
                  anchor: getComputedStyle(anchor).display,
                  header: getComputedStyle(header).display};
        }"""
    )
    assert styles == {"claim": "solid", "mention": "dotted", "anchor": "inline", "header": "none"}
    pdf = page.pdf(path=str(tmp_path / "source.pdf"))
    assert pdf.startswith(b"%PDF")
    page.close()
