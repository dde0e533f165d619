"""The site search's downloads at 1,000 articles, as Chromium counts them (issue 31).

Opening the home page downloads at most 700 KB in all (no whole-site index up front) and
one query at most 500 KB more (the first one included, which loads the search engine);
every request stays on the site's own host. `benchmarks/scale.py` reports the same at
3,000 articles and the index's total size.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, Request

from browser import serve
from conftest import generated_project, run_mkdocs_build

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent
HOME_BUDGET = 700_000
QUERY_BUDGET = 500_000


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A generated dossier of 1,000 articles (`benchmarks/generate.py`), built."""
    project = generated_project(tmp_path_factory.mktemp("large") / "project", 1000, raised=True)
    site = project.parent / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, site


class Downloads:
    """Every response the page received since `reset`, with its size on the wire."""

    def __init__(self, page: Page) -> None:
        self.sizes: dict[str, int] = {}
        page.on("requestfinished", self._finished)

    def _finished(self, request: Request) -> None:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        self.sizes[request.url] = self.sizes.get(request.url, 0) + size

    def reset(self) -> None:
        self.sizes = {}

    @property
    def total(self) -> int:
        return sum(self.sizes.values())

    def largest(self) -> list[tuple[int, str]]:
        return sorted(((size, url) for url, size in self.sizes.items()), reverse=True)[:6]


def test_the_home_page_and_a_query_stay_within_their_budgets(
    large: tuple[Path, Path], chromium: Browser
) -> None:
    project, site = large
    actors = yaml.safe_load((project / "dossier/actors.yml").read_text(encoding="utf-8"))
    claims = yaml.safe_load((project / "dossier/claims.yml").read_text(encoding="utf-8"))
    name = actors["person-12"]["name"]
    statement = " ".join(claims["claim-40"]["statement"].split()[2:6])
    with serve(site) as base:
        page = chromium.new_page(viewport={"width": 1280, "height": 800})
        downloads = Downloads(page)
        page.goto(base)
        page.wait_for_load_state("networkidle")
        home = downloads.total
        assert home <= HOME_BUDGET, downloads.largest()
        assert not any("search_index" in url or "/pagefind/" in url for url in downloads.sizes)
        spent = {}
        seen: set[str] = set(downloads.sizes)
        for query in (name, statement):
            downloads.reset()
            box = page.locator("[data-dossier-search-query]")
            box.fill("")
            box.focus()
            page.keyboard.type(query)
            page.wait_for_function(
                "q => document.querySelector('[data-dossier-search-results]').dataset.query === q",
                arg=query,
            )
            page.wait_for_load_state("networkidle")
            assert page.locator(".md-search-result__item").count() > 0, query
            spent[query] = downloads.total
            seen |= set(downloads.sizes)
            assert downloads.total <= QUERY_BUDGET, (query, downloads.largest())
        page.close()
    assert all(url.startswith(base) for url in seen), sorted(
        u for u in seen if not u.startswith(base)
    )
    print(f"home page {home} B; queries {spent}")  # the figures, in -s runs
