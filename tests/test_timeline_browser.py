"""The timeline in Chromium, on a phone and a desktop, light and dark: the filters keep
one actor's or one side's entries (and the days left empty go with them), the choice is
in the URL, nothing scrolls sideways, and axe-core finds no violation.

On the seed and on a small dossier written here (`test_timeline.TIMES_*`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from browser import axe_violations, require_axe, serve
from conftest import MINI, MINI_CONFIG, run_mkdocs_build, write_tree
from test_timeline import TIMES_ANNOTATIONS, TIMES_CLAIMS

pytestmark = pytest.mark.browser

PALETTES = """\
  palette:
    - {media: "(prefers-color-scheme: light)", scheme: default}
    - {media: "(prefers-color-scheme: dark)", scheme: slate}
"""

# Each site, and a filter on it that keeps some entries and empties one day.
CASES = {
    "seed": ("side", "russia", "November 25, 2015"),
    "times": ("voice", "turkey", "November 2015"),
}


@pytest.fixture(scope="module")
def sites(seed_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    project = tmp_path_factory.mktemp("times") / "project"
    write_tree(
        project,
        {
            **MINI,
            "site_config.yml": MINI_CONFIG.replace("theme:\n", "theme:\n" + PALETTES).replace(
                "  - dossier\n", "  - dossier:\n      theme_fixes: true  # the theme's footer\n"
            ),
            "dossier/claims.yml": TIMES_CLAIMS,
            "dossier/annotations/a.yml": TIMES_ANNOTATIONS,
        },
    )
    site = project.parent / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return {"seed": seed_site, "times": site}


def shown(page: Page) -> list[dict[str, str]]:
    """The entries a reader sees now, with their facets."""
    found: list[dict[str, str]] = page.eval_on_selector_all(
        "li.dossier-tl-entry",
        """els => els.filter(e => e.offsetParent !== null).map(e => ({
             voice: e.dataset.voice || '', side: e.dataset.side || ''}))""",
    )
    return found


def heading_shown(page: Page, label: str) -> bool:
    shown_: bool = page.evaluate(
        """label => [...document.querySelectorAll('article h2')].some(
             h => h.textContent.trim() === label && h.offsetParent !== null)""",
        label,
    )
    return shown_


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", sorted(CASES))
def test_timeline_filters_and_axe(
    sites: dict[str, Path], chromium: Browser, name: str, width: int, scheme: str
) -> None:
    require_axe()
    control, value, emptied = CASES[name]
    with serve(sites[name]) as base:
        context = chromium.new_context(
            viewport={"width": width, "height": 800 if width == 360 else 900}, color_scheme=scheme
        )
        page = context.new_page()
        page.goto(base + "timeline/")
        page.wait_for_load_state("networkidle")
        palette = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert palette == ("slate" if scheme == "dark" else "default")
        assert axe_violations(page) == []
        width_used = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert width_used[0] <= width_used[1]

        everything = shown(page)
        assert heading_shown(page, emptied)
        page.select_option(f"form.dossier-filters select[name={control}]", value)
        kept = shown(page)
        assert kept, "the filter kept nothing"
        assert len(kept) < len(everything)
        assert all(value in entry[control].split() for entry in kept)
        # Nothing of that actor or side is lost: every entry that has it is still shown.
        assert len(kept) == sum(value in entry[control].split() for entry in everything)
        assert not heading_shown(page, emptied)  # a day with nothing left goes with it
        assert f"{control}={value}" in page.url
        status = page.inner_text(".dossier-filter-status")
        assert status.startswith(f"Showing {len(kept)} of {len(everything)} entries")
        assert axe_violations(page) == []

        page.click("form.dossier-filters .dossier-filter-clear")
        assert len(shown(page)) == len(everything)
        assert heading_shown(page, emptied)
        context.close()
