"""Select to annotate, in the preview: the annotation offered for a selection anchors
where the selection was, and the published site carries nothing of it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, axe_violations, require_axe, require_chromium
from conftest import MINI, compile_at, mkdocs_serve, run_mkdocs_build
from test_workflow import wait_for

Make = Callable[..., Path]
ARTICLE = MINI["content/articles/a.txt"]
PALETTES = """\
  palette:
    - {media: "(prefers-color-scheme: light)", scheme: default}
    - {media: "(prefers-color-scheme: dark)", scheme: slate}
"""

pytestmark = pytest.mark.browser


@pytest.fixture
def preview(mini: Make) -> Iterator[tuple[Path, Page]]:
    """The mini dossier in `mkdocs serve`, its source page open in headless Chromium."""
    require_chromium()
    config = MINI["site_config.yml"].replace("theme:\n", "theme:\n" + PALETTES)
    config = config.replace("  - dossier\n", "  - dossier:\n      theme_fixes: true\n")
    project = mini({"site_config.yml": config})
    with mkdocs_serve(project) as (base, _):
        url = base + "sources/a/"
        wait_for(url, lambda page: "dossier-article" in page)
        with sync_playwright() as p:
            # Caret browsing (F7 in a desktop Chromium) lets the keyboard select page text.
            args = [*CHROMIUM_ARGS, "--enable-caret-browsing"]
            browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
            page = browser.new_page()
            page.goto(url)
            yield project, page
            browser.close()


def select(page: Page, words: str, nth: int) -> None:
    """Select the nth (0-based) occurrence of `words` in the article's text nodes."""
    page.evaluate(
        """([words, nth]) => {
          const walker = document.createTreeWalker(document.querySelector('.dossier-article'), NodeFilter.SHOW_TEXT)
          let seen = 0
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            let at = node.data.indexOf(words)
            while (at !== -1) {
              if (seen++ === nth) {
                const range = document.createRange()
                range.setStart(node, at); range.setEnd(node, at + words.length)
                const selection = window.getSelection()
                selection.removeAllRanges(); selection.addRange(range)
                return
              }
              at = node.data.indexOf(words, at + 1)
            }
          }
          throw new Error('not found: ' + words)
        }""",
        [words, nth],
    )


def offered(page: Page, words: str = "") -> str:
    """The annotation the panel offers, once it offers one for `words`."""
    page.wait_for_function(
        """words => {
          const panel = document.getElementById('dossier-annotate')
          return panel && !panel.hidden &&
            panel.querySelector('.dossier-annotate__yaml').textContent.includes(words)
        }""",
        arg=f'quote: "{words}' if words else "",
        timeout=20000,
    )
    return page.locator(".dossier-annotate__yaml").inner_text()


def anchored(project: Path, yaml: str) -> tuple[int, int]:
    """Add the offered annotation (with a real claim), compile, and say where it anchors."""
    annotations = project / "dossier/annotations/a.yml"
    filled = yaml.replace("CLAIM-ID", "entered-airspace").replace("ACTOR-ID", "russia")
    annotations.write_text(MINI["dossier/annotations/a.yml"] + filled, encoding="utf-8")
    compiled = compile_at(project)
    assert compiled.ok, [str(p) for p in compiled.problems]
    anchor = compiled.anchors["a"][-1]
    assert anchor is not None
    return anchor.start, anchor.end


def test_a_phrase_that_occurs_once_gives_a_quote_that_builds(
    preview: tuple[Path, Page], tmp_path: Path
) -> None:
    project, page = preview
    select(page, "jet never strayed", 0)
    yaml = offered(page, "jet never strayed")
    assert yaml.startswith('- quote: "jet never strayed"\n  stances:')
    assert "dossier/annotations/a.yml" in page.locator(".dossier-annotate__title").inner_text()
    start, end = anchored(project, yaml)
    assert ARTICLE[start:end] == "jet never strayed"
    assert run_mkdocs_build(project, tmp_path / "site").returncode == 0


@pytest.mark.parametrize(("words", "nth"), [("Putin", 1), ("Putin", 0), ("jet", 1)])
def test_a_repeated_phrase_anchors_to_the_selected_occurrence(
    preview: tuple[Path, Page], words: str, nth: int
) -> None:
    project, page = preview
    select(page, words, nth)
    yaml = offered(page, words)
    assert "occur" in page.locator(".dossier-annotate__status").inner_text()
    start, _ = anchored(project, yaml)
    expected = [i for i in range(len(ARTICLE)) if ARTICLE.startswith(words, i)][nth]
    assert start == expected, yaml


def test_the_keyboard_can_select_too(preview: tuple[Path, Page]) -> None:
    project, page = preview
    select(page, "Moscow", 0)  # put the caret at a word, then extend it with the keyboard
    page.evaluate("window.getSelection().collapseToStart()")
    for _ in range(len("Moscow insists")):
        page.keyboard.press("Shift+ArrowRight")
    yaml = offered(page, "Moscow insists")
    start, end = anchored(project, yaml)
    assert ARTICLE[start:end] == "Moscow insists"


def test_the_published_site_has_no_annotate_panel(mini: Make, tmp_path: Path) -> None:
    result = run_mkdocs_build(mini(), tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not list((tmp_path / "site").rglob("annotate*"))
    for page in (tmp_path / "site").rglob("*.html"):
        assert "annotate.js" not in page.read_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_the_panel_open(
    preview: tuple[Path, Page], scheme: str, tmp_path: Path
) -> None:
    require_axe()
    _, page = preview
    page.emulate_media(color_scheme=scheme)
    page.evaluate("localStorage.clear()")  # the theme remembers the palette it first chose
    page.reload()
    select(page, "Putin", 1)
    offered(page)
    page.screenshot(path=str(tmp_path / f"annotate-{scheme}.png"))
    violations = axe_violations(page)
    assert violations == []
