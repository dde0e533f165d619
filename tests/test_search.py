"""The site search as a reader uses it: typed into the theme's header box, in Chromium.

A query set on the seed and on a generated dossier (its queries taken from the dossier
itself: a claim's statement, a quote's words, a person's and a place's name): the page
looked for is among the first three results. A quoted phrase matches as a phrase; short
common words do not pull other pages above the one with the words together; claims rank
above index pages. Each result says its kind, title and a snippet with the matched words;
the keyboard works as in the theme; text from the index never becomes markup.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page

from browser import axe_violations, require_axe, serve
from conftest import generated_project, run_mkdocs_build
from sitecheck import search_records

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent

# On the seed: (what a reader types, the page it is for).
SEED_QUERIES = [
    ("stab in the back", "claims/downing-was-stab-in-the-back/"),
    ("Putin stab in the back", "claims/downing-was-stab-in-the-back/"),
    ('"stab in the back"', "claims/downing-was-stab-in-the-back/"),
    ("Today's loss is a stab in the back", "claims/downing-was-stab-in-the-back/"),
    ("Putin", "actors/putin/"),
    ("Vladimir Putin", "actors/putin/"),
    ("Sergey Lavrov", "actors/lavrov/"),
    ("NATO", "actors/nato/"),
    ("Syrian Observatory for Human Rights", "actors/sohr/"),
    ("Latakia", "locations/latakia/"),
    ("Jabal Turkmen", "locations/jabal-turkmen/"),
    ("entered Turkish airspace", "claims/su24-entered-turkish-airspace/"),
    ("Lavrov cancels trip", "sources/ewn-lavrov-cancels-trip/"),
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A generated dossier of 40 articles (`benchmarks/generate.py`), built."""
    project = generated_project(tmp_path_factory.mktemp("generated") / "project", 40, seed=31)
    site = project.parent / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, site


def results(page: Page, query: str) -> list[dict[str, str]]:
    """What the header's search box shows for `query`, typed as a reader types it."""
    box = page.locator("[data-dossier-search-query]")
    box.fill("")
    box.focus()
    page.keyboard.type(query)
    page.wait_for_function(
        """q => {
             const list = document.querySelector('[data-dossier-search-results]')
             return list && list.dataset.query === q
           }""",
        arg=query,
    )
    shown: list[dict[str, str]] = page.eval_on_selector_all(
        ".md-search-result__item",
        """items => items.map(item => ({
             href: item.querySelector('a').getAttribute('href'),
             kind: item.querySelector('.dossier-search-kind').textContent,
             title: item.querySelector('h1').textContent,
             snippet: item.querySelector('p').textContent,
             marked: [...item.querySelectorAll('p mark')].map(m => m.textContent).join(' '),
           }))""",
    )
    return shown


def path_of(href: str, base: str) -> str:
    return href.removeprefix(base).lstrip("/")


def opened(browser: Browser, base: str, width: int = 1280, scheme: str = "light") -> Page:
    page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page.goto(base)
    return page


def test_the_seed_query_set_finds_each_page_in_the_first_three(
    seed_site: Path, chromium: Browser
) -> None:
    missed = []
    with serve(seed_site) as base:
        page = opened(chromium, base)
        for query, wanted in SEED_QUERIES:
            found = [path_of(r["href"], base) for r in results(page, query)]
            if wanted not in found[:3]:
                missed.append(f"{query!r} -> {wanted}: {found[:5]}")
        page.close()
    assert not missed, "\n".join(missed)


def test_a_quoted_phrase_matches_as_a_phrase_and_a_claim_comes_first(
    seed_site: Path, chromium: Browser
) -> None:
    records = search_records(seed_site)
    with serve(seed_site) as base:
        page = opened(chromium, base)
        shown = results(page, '"stab in the back"')
        page.close()
    assert shown, "the phrase is in the seed"
    for result in shown:  # every result holds the words together, in this order
        text = re.sub(r"\s+", " ", records["/" + path_of(result["href"], base)].content.lower())
        assert "stab in the back" in text, result["href"]
        assert result["marked"].lower().split() == ["stab", "in", "the", "back"], result
    assert shown[0]["kind"] == "Claim"


def test_short_common_words_do_not_pull_other_pages_first(
    seed_site: Path, chromium: Browser
) -> None:
    with serve(seed_site) as base:
        page = opened(chromium, base)
        shown = results(page, "stab in the back")
        page.close()
    # The pages with the words together come first, each one's snippet on those words.
    assert path_of(shown[0]["href"], base) == "claims/downing-was-stab-in-the-back/"
    assert "stab in the back" in shown[0]["snippet"].lower()
    assert {"stab", "back"} <= set(shown[0]["marked"].lower().split())


def test_claims_rank_above_index_pages(seed_site: Path, chromium: Browser) -> None:
    with serve(seed_site) as base:
        page = opened(chromium, base)
        kinds = [r["kind"] for r in results(page, "airspace")]
        page.close()
    assert "Claim" in kinds
    last_claim = max(i for i, kind in enumerate(kinds) if kind == "Claim")
    indexes = [i for i, kind in enumerate(kinds) if kind in {"Index", "Contradictions"}]
    assert all(i > last_claim for i in indexes), kinds


def generated_queries(project: Path) -> list[tuple[str, str]]:
    """Queries from the generated dossier itself: a claim's statement, a quote's first
    words (its claim), a person's and a place's name."""
    claims = yaml.safe_load((project / "dossier/claims.yml").read_text(encoding="utf-8"))
    actors = yaml.safe_load((project / "dossier/actors.yml").read_text(encoding="utf-8"))
    places = yaml.safe_load((project / "dossier/locations.yml").read_text(encoding="utf-8"))
    first_file = sorted((project / "dossier/annotations").glob("*.yml"))[3]
    annotations = yaml.safe_load(first_file.read_text(encoding="utf-8"))
    queries = []
    for ident in sorted(claims)[2:5]:
        statement = claims[ident]["statement"].split(": ", 1)[1].rstrip(".")
        queries.append((statement, f"claims/{ident}/"))
    for annotation in annotations[:3]:
        words = " ".join(annotation["quote"].split()[:8])
        queries.append((words, f"claims/{annotation['stances'][0]['claim']}/"))
    people = sorted(i for i in actors if i.startswith("person-"))[5:8]
    queries += [(actors[i]["name"], f"actors/{i}/") for i in people]
    queries += [(places[i]["name"], f"locations/{i}/") for i in sorted(places)[4:7]]
    return queries


def test_the_generated_query_set_finds_each_page_in_the_first_three(
    generated: tuple[Path, Path], chromium: Browser
) -> None:
    project, site = generated
    queries = generated_queries(project)
    assert len(queries) == 12
    missed = []
    with serve(site) as base:
        page = opened(chromium, base)
        for query, wanted in queries:
            found = [path_of(r["href"], base) for r in results(page, query)]
            if wanted not in found[:3]:
                missed.append(f"{query!r} -> {wanted}: {found[:5]}")
        page.close()
    assert not missed, "\n".join(missed)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_a_result_shows_kind_title_and_marked_snippet_and_axe_is_clean(
    seed_site: Path, chromium: Browser, width: int, scheme: str
) -> None:
    require_axe()
    with serve(seed_site) as base:
        page = opened(chromium, base, width, scheme)
        if width < 700:  # the header's search button opens the box on a phone
            page.click("label.md-header__button[for='__search']")
            assert page.evaluate("document.activeElement.matches('[data-dossier-search-query]')")
        shown = results(page, "Latakia")
        first = page.locator(".md-search-result__item").first
        assert first.is_visible()
        box = first.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width + 1
        violations = axe_violations(page)
        page.close()
    assert shown[0]["kind"] == "Place"
    assert shown[0]["title"] == "Latakia Governorate"
    assert "latakia" in shown[0]["marked"].lower()
    assert {r["kind"] for r in shown} <= {
        "Claim",
        "Source",
        "Actor",
        "Place",
        "Page",
        "Index",
        "Contradictions",
        "Timeline",
        "Map",
    }
    assert not violations, violations


def test_the_keyboard_works_as_in_the_theme(seed_site: Path, chromium: Browser) -> None:
    with serve(seed_site) as base:
        page = opened(chromium, base)
        page.keyboard.press("/")  # the theme's key for search
        assert page.evaluate("document.activeElement.matches('[data-dossier-search-query]')")
        assert page.evaluate("document.getElementById('__search').checked")
        results(page, "Sergey Lavrov")
        page.keyboard.press("ArrowDown")
        focused = page.evaluate("document.activeElement.getAttribute('href')")
        first = page.locator(".md-search-result__link").first.get_attribute("href")
        assert focused == first
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
        page.keyboard.press("/")
        page.keyboard.press("Enter")  # the first result, from the box
        page.wait_for_url(re.compile(r".*/actors/lavrov/$"))
        page.close()


def test_index_text_is_shown_as_text(tmp_path: Path, chromium: Browser) -> None:
    """A page whose words look like markup: the result shows them, never runs them."""
    from conftest import MINI, MINI_CONFIG, write_tree  # noqa: PLC0415

    project = tmp_path / "project"
    hostile = '`<img src=x onerror="window.__pwned=1">` tagline'
    files = {**MINI, "site_config.yml": MINI_CONFIG}
    files["content/index.md"] += f"\nThe {hostile} is here.\n"
    write_tree(project, files)
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site, strict=False)
    assert result.returncode == 0, result.stderr[-3000:]
    with serve(site) as base:
        page = opened(chromium, base)
        shown = results(page, "tagline")
        pwned = page.evaluate("window.__pwned === 1")
        images = page.locator(".md-search-result img").count()
        page.close()
    assert shown
    assert not pwned
    assert images == 0
