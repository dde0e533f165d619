"""The home page's front door (issue 30, Must 1): made from the data for any dossier.

Real builds (the seed, and small dossiers written here) read as HTML: every dispute
with its claims and each side's one-line position in its own words, linked, most
contested first; the key actors; a map if and only if a place is located; a "start
here" link; all after the editor's introduction, every link resolving. Then headless
Chromium at 360 and 1280 px, light and dark: axe finds nothing, and the start is on the
first screen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from playwright.sync_api import Browser

from browser import axe_violations, require_axe, serve
from conftest import MINI, free_port, mkdocs_serve, run_mkdocs_build, write_tree
from mkdocs_dossier.pipeline import Compiled
from sitecheck import broken_links
from test_preview import Preview, edit
from test_templates import package_template, with_custom_dir

FRONT_HEADINGS = ["Where the accounts disagree", "Who speaks", "Where it happened"]

# The mini dossier with a second, shorter quote that tells both sides at once (the
# outlet's narration, as in the seed): neither side's position.
BOTH_SIDES = {
    "content/articles/a.txt": MINI["content/articles/a.txt"] + "\nAnkara and Moscow differ.\n",
    "dossier/annotations/a.yml": MINI["dossier/annotations/a.yml"]
    + (
        "- quote: Ankara and Moscow differ\n"
        "  stances:\n"
        "    - {claim: entered-airspace, stance: asserts, by: turkey}\n"
        "    - {claim: entered-airspace, stance: denies, by: russia}\n"
    ),
}
INTRO = "# Mini\n\nA jet came down, in one sentence.\n\n## Later\n\nMore for editors.\n"
NO_DISPUTE = {
    "content/index.md": "# Mini\n\nA jet came down, in one sentence.\n",
    "dossier/annotations/a.yml": (
        "- quote: Ankara says its jets fired after warnings\n"
        "  stances:\n"
        "    - {claim: entered-airspace, stance: asserts, by: turkey}\n"
        "- quote: Putin spoke in Sochi\n"
        "  mentions: [putin, sochi]\n"
    ),
    "dossier/locations.yml": "sochi:\n  name: Sochi\n  kind: city\n",
}


def home(site: Path) -> lxml.html.HtmlElement:
    """The home page's own text (Material's <article>)."""
    page = lxml.html.fromstring((site / "index.html").read_text(encoding="utf-8"))
    found: list[lxml.html.HtmlElement] = page.xpath("//article")
    return found[0]


def by_class(root: lxml.html.HtmlElement, tag: str, name: str) -> list[lxml.html.HtmlElement]:
    found: list[lxml.html.HtmlElement] = root.xpath(
        f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
    )
    return found


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def built(project: Path, site: Path) -> Path:
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def test_the_seed_front_door_shows_every_dispute_with_each_side_in_its_own_words(
    seed_site: Path, seed_compiled: Compiled
) -> None:
    contest, dossier = seed_compiled.contest, seed_compiled.dossier
    assert contest is not None
    assert contest.disputes
    article = home(seed_site)
    sections = by_class(article, "section", "dossier-front-dispute")
    assert len(sections) == len(contest.disputes)  # all of them: the seed has 3
    for section, dispute in zip(sections, contest.disputes, strict=True):  # most contested first
        title = section.xpath(".//h3//a")
        assert [a.get("href") for a in title] == [f"claims/{c}/" for c in dispute.claim_ids]
        assert [text(a) for a in title] == [dossier.claims[c].statement for c in dispute.claim_ids]
        camps = by_class(section, "div", "dossier-front-camp")
        assert len(camps) == 2
        for camp_html, camp in zip(camps, dispute.camps, strict=True):
            positions = by_class(camp_html, "li", "dossier-front-position")
            assert len(positions) == len(camp.sides)  # one line a side, none lost
            for position, side in zip(positions, camp.sides, strict=True):
                who = by_class(position, "span", "dossier-front-who")[0]
                names = [text(a) for a in who.xpath(".//a")] or [text(who)]
                side_name = dossier.actors[side].name if side else "the outlet"
                assert side_name in names
                quote = by_class(position, "a", "dossier-front-quote")[0]
                # Its words are one of this side's quotes in this camp, linked to them.
                theirs = {
                    (
                        f"sources/{ref.passage.source_id}/#{ref.passage.anchor.anchor_id}",
                        " ".join(ref.passage.quote.split()),
                    )
                    for ref in camp.refs
                    if ref.side == side
                }
                assert (quote.get("href"), text(quote)) in theirs
    start = by_class(article, "p", "dossier-front-start")[0].xpath(".//a")[0]
    assert start.get("href") == "contradictions/#dispute-" + "--".join(
        contest.disputes[0].claim_ids
    )
    assert [b for b in broken_links(seed_site) if b.startswith("index.html:")] == []


def test_the_seed_front_door_names_the_key_actors_and_draws_the_map(
    seed_site: Path, seed_compiled: Compiled
) -> None:
    assert seed_compiled.index is not None
    taken: Counter[str] = Counter()  # stances an actor takes, or are taken for it
    for info in seed_compiled.index.claims.values():
        for ref in info.stances:
            if not ref.outlet_voice:
                taken.update({ref.speaker, ref.side} - {None})  # type: ignore[arg-type]
    article = home(seed_site)
    listed = by_class(article, "ul", "dossier-front-actors")[0].xpath("./li/a[1]")
    most = max(taken.values())
    assert listed[0].get("href") in {f"actors/{a}/" for a, n in taken.items() if n == most}
    counts = [taken[a.get("href").split("/")[1]] for a in listed]
    assert counts == sorted(counts, reverse=True)
    figure = article.xpath(".//figure[@id='front-map']")
    assert len(figure) == 1
    markers = [a.get("href") for a in by_class(figure[0], "a", "dossier-marker")]
    located = [i for i, loc in seed_compiled.dossier.locations.items() if loc.coordinates]
    # Every located place is on it, at its page or at the map page's inset that holds it.
    assert {f"locations/{i}/" for i in located} >= {m for m in markers if "#" not in m}
    assert all(m.startswith("map/#inset-") for m in markers if "#" in m)
    assert article.xpath(".//a[@href='map/']")


def test_the_front_door_follows_the_introduction_and_joins_the_table_of_contents(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    project = mini({"content/index.md": INTRO, **BOTH_SIDES})
    site = built(project, tmp_path / "site")
    article = home(site)
    shown = text(article)
    assert shown.index("A jet came down") < shown.index("Start here") < shown.index("Later")
    headings = [text(h) for h in article.xpath(".//h2")]
    assert headings == [*FRONT_HEADINGS, "Later"]
    toc = lxml.html.fromstring((site / "index.html").read_text(encoding="utf-8"))
    entries = [
        text(a) for a in toc.xpath("//div[contains(@class,'md-sidebar--secondary')]//nav//a")
    ]
    assert entries == [*FRONT_HEADINGS, "Later"]
    # Each side in its own words: not the shorter line that tells both sides at once.
    words = [text(q) for q in by_class(article, "a", "dossier-front-quote")]
    assert words == [
        "Ankara says its jets fired after warnings",
        "Moscow insists that the jet never strayed from Syrian airspace",
    ]
    assert article.xpath(".//figure[@id='front-map']")  # Sochi has coordinates
    assert [b for b in broken_links(site) if b.startswith("index.html:")] == []


def test_another_page_may_link_to_the_front_doors_headings(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    """MkDocs checks links to anchors (a warning, so --strict stops): the front door's
    headings are anchors of the home page like its own."""
    other = "# Other\n\nSee [who speaks](index.md#who-speaks) and [the top](index.md#mini).\n"
    project = mini({"content/other.md": other})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'href="../#who-speaks"' in (tmp_path / "site/other/index.html").read_text()


def test_a_dossier_with_no_dispute_and_no_coordinates_says_so_and_draws_no_map(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    site = built(mini(NO_DISPUTE), tmp_path / "site")
    article = home(site)
    assert "No disputes: no two sides take opposite positions" in text(article)
    assert not by_class(article, "section", "dossier-front-dispute")
    assert not article.xpath(".//figure")
    assert [text(h) for h in article.xpath(".//h2")] == FRONT_HEADINGS[:2]  # no map heading
    start = by_class(article, "p", "dossier-front-start")[0].xpath(".//a")[0]
    assert start.get("href") == "sources/"
    actors = by_class(article, "ul", "dossier-front-actors")[0].xpath("./li/a")
    assert [(a.get("href"), text(a)) for a in actors] == [("actors/turkey/", "Turkey")]
    assert [b for b in broken_links(site) if b.startswith("index.html:")] == []


def test_hostile_names_are_text_on_the_front_door_and_its_ids_are_the_pages_own(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    hostile = "<script>alert(1)</script>"
    claims = MINI["dossier/claims.yml"].replace(
        "The jet entered Turkish airspace.", f"'{hostile} entered.'"
    )
    actors = MINI["dossier/actors.yml"].replace(
        "name: Turkey", 'name: "<img src=x onerror=alert(2)>"'
    )
    index = "# Mini\n\nIntro.\n\n## Where the accounts disagree\n\nThe editor's own.\n"
    project = mini(
        {"dossier/claims.yml": claims, "dossier/actors.yml": actors, "content/index.md": index}
    )
    site = built(project, tmp_path / "site")
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    article = home(site)
    assert f"{hostile} entered." in text(article)  # shown as the text it is
    assert "<img src=x onerror=alert(2)>" in text(article)
    ids = [e.get("id") for e in lxml.html.fromstring(page).xpath("//*[@id]")]
    assert len(ids) == len(set(ids))  # the front door's heading does not take the editor's id


@pytest.fixture(scope="module")
def sites(seed_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed, and the mini dossier with one dispute (a second dossier, the tests' own)."""
    config = MINI["site_config.yml"].replace("  - dossier\n", "  - dossier: {theme_fixes: true}\n")
    files = {**MINI, **BOTH_SIDES, "site_config.yml": config}  # the theme's contrast, as the seed's
    project = write_tree(tmp_path_factory.mktemp("front") / "project", files)
    return {"seed": seed_site, "mini": built(project, project.parent / "site")}


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("which", ["seed", "mini"])
def test_the_front_door_reads_at_a_glance_on_a_phone_and_a_desktop(
    sites: dict[str, Path], chromium: Browser, which: str, width: int, scheme: str
) -> None:
    require_axe()
    height = 800 if width == 360 else 900
    with serve(sites[which], free_port()) as base:
        context = chromium.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme
        )
        page = context.new_page()
        page.goto(base)
        page.wait_for_load_state("networkidle")
        start = page.locator(".dossier-front-start a").bounding_box()
        assert start is not None
        assert start["y"] + start["height"] <= height  # on the first screen
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client
        camps = page.locator(".dossier-front-dispute").first.locator(".dossier-front-camp")
        lefts = [box["x"] for box in (camps.nth(i).bounding_box() for i in (0, 1)) if box]
        # Side by side where there is room, one above the other on a phone.
        assert (lefts[0] == lefts[1]) == (width == 360)
        assert page.locator("#front-map .dossier-map-tools").count() == 0  # small and still
        violations = axe_violations(page)
        context.close()
    assert violations == []


def test_the_front_door_is_bounded_and_says_what_it_leaves_to_other_pages(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    """12 disputes, a camp of 6 sides, 9 actors who speak: the 10 most contested, 4
    sides a camp and 8 actors are shown, and the page says how many more there are."""
    words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    actors = "".join(f"s{n}:\n  name: Side {w}\n  kind: state\n" for n, w in enumerate(words, 1))
    lines: list[str] = []
    annotations: list[str] = []

    def said(side: int, verb: str, point: int, stance: str) -> None:
        line = f"Side {words[side - 1]} {verb} point {point}."
        lines.append(line)
        annotations.append(
            f"- quote: '{line}'\n  stances:\n"
            f"    - {{claim: point-{point}, stance: {stance}, by: s{side}}}\n"
        )

    for point in range(1, 13):
        said(1, "backs", point, "asserts")
        said(2, "rejects", point, "denies")
    for side in range(3, 8):
        said(side, "backs", 1, "asserts")
    said(8, "backs", 2, "asserts")
    said(9, "backs", 3, "asserts")
    claims = "".join(f"point-{p}:\n  statement: Point {p} holds.\n" for p in range(1, 13))
    project = mini(
        {
            "content/articles/a.txt": "Points\n\n" + "\n\n".join(lines) + "\n",
            "dossier/actors.yml": MINI["dossier/actors.yml"] + actors,
            "dossier/claims.yml": claims,
            "dossier/annotations/a.yml": "".join(annotations),
        }
    )
    article = home(built(project, tmp_path / "site"))
    sections = by_class(article, "section", "dossier-front-dispute")
    assert len(sections) == 10
    assert text(sections[0].xpath(".//h3//a")[0]) == "Point 1 holds."  # 7 sides
    first = by_class(sections[0], "div", "dossier-front-camp")[0]
    assert len(by_class(first, "li", "dossier-front-position")) == 4
    assert "And 2 more sides." in text(first)
    assert "2 more disputes, and every quote on each side: the contradictions page" in text(article)
    assert len(by_class(article, "ul", "dossier-front-actors")[0].xpath("./li")) == 8


def test_a_site_overrides_the_front_door_and_a_broken_override_names_its_line(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    project = mini()
    extends = '{% extends "mkdocs_dossier/dossier/front.html" %}{% block map %}{% endblock %}\n'
    with_custom_dir(project, {"dossier/front.html": extends})
    article = home(built(project, tmp_path / "site"))
    assert not article.xpath(".//figure")  # the map block, replaced by nothing
    assert by_class(article, "section", "dossier-front-dispute")  # the rest as it was
    misspelt = package_template("dossier/front.html").replace("{{ map_page }}", "{{ map_pgae }}")
    line = next(n for n, t in enumerate(misspelt.splitlines(), 1) if "map_pgae" in t)
    with_custom_dir(project, {"dossier/front.html": misspelt})
    result = run_mkdocs_build(project, tmp_path / "broken")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"overrides/dossier/front.html:{line}: error: template dossier/front.html:" in (
        result.stderr
    )


def test_the_preview_shows_the_front_door_of_the_dossier_as_edited(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    """`mkdocs serve` makes the home page on every rebuild: an edit that ends the only
    dispute shows there at once."""
    project = mini()
    with mkdocs_serve(project, tmp_path / "serve.log") as (base, _):
        preview = Preview(base, tmp_path / "serve.log")
        preview.wait_for_build()
        assert "dossier-front-dispute" in preview.page("")
        edit(
            project / "dossier/annotations/a.yml",
            "{claim: entered-airspace, stance: denies, by: russia}",
            "{claim: entered-airspace, stance: asserts, by: russia}",
        )
        preview.wait_for_build()
        page = preview.page("")
    assert "dossier-front-dispute" not in page
    assert "No disputes: no two sides take opposite positions" in page
