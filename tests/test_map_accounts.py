"""Where it happened, by account: each side's place for an event drawn on the map page,
linked to its claims, and none picked as the truth (issue 32, Must 1)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from conftest import MINI, compile_at, messages, run_mkdocs_build
from test_map import LINE_AND_AREA

Make = Callable[..., Path]

# Two sides place one crash differently: The Paper's Turkey at the site (a place of the
# dossier), Russia at a point of its own, with a flight track; a third account is given
# by no actor, at a place with no coordinates.
DISPUTED = (
    "crash-at-site:\n"
    "  statement: The jet came down at the site.\n"
    "  about: [turkey]\n"
    "  contradicts: [crash-at-point]\n"
    "  where:\n"
    "    - place: crash-site\n"
    "      according_to: turkey\n"
    "      source: a\n"
    "crash-at-point:\n"
    "  statement: The jet came down further east.\n"
    "  about: [russia]\n"
    "  where:\n"
    "    - geometry: {type: Point, coordinates: [39.95, 43.66]}\n"
    "      according_to: putin\n"
    "      cite:\n"
    "        - {url: 'https://agency.example/east', publisher: Example Agency, note: East.}\n"
    "    - geometry:\n"
    "        type: LineString\n"
    "        coordinates: [[39.5, 43.4], [39.8, 43.6], [39.95, 43.66]]\n"
    "      according_to: russia\n"
    "      unverified: the track was shown on television only.\n"
    "    - place: nowhere\n"
    "      source: a\n"
)
NOWHERE = "nowhere:\n  name: Nowhere Village\n  kind: locality\n"


def accounts_section(page: str) -> str:
    return page[
        page.index('id="where-it-happened-by-account"') : page.index(
            'id="every-place-in-the-dossier"'
        )
    ]


def test_both_sides_of_the_seed_are_drawn_and_linked(seed_site: Path) -> None:
    page = (seed_site / "map" / "index.html").read_text()
    section = accounts_section(page)
    marks = re.findall(
        r'<a class="dossier-marker dossier-marker--account[^"]*dossier-side-(\d)" href="#([^"]+)"',
        section,
    )
    sides = {side for side, _ in marks}
    assert {"1", "2"} <= sides, marks  # Turkey's side and Russia's side, apart
    for _, anchor in marks:  # every mark leads to its entry under the map
        assert f'<li id="{anchor}">' in section, anchor
    # Each side's country is shaded in its colour: Turkey's account, Russia's account.
    assert re.search(r"dossier-map-geometry--area dossier-side-1", section)
    assert re.search(r"dossier-map-geometry--area dossier-side-2", section)
    # The two contradicting claims both stand, each under its side's entry.
    for claim in ("su24-downed-in-turkey", "su24-downed-over-syria"):
        assert f"claims/{claim}/" in section, claim
    # A place without coordinates is listed, said to be off the map, never dropped.
    kizildag = section[section.index("Kizildag") :]
    assert "not on the map" in kizildag[:400]


def test_a_claim_page_lists_its_accounts_with_their_citations(seed_site: Path) -> None:
    page = (seed_site / "claims" / "su24-downed-over-syria" / "index.html").read_text()
    where = page[page.index('<ul class="dossier-where">') :]
    where = where[: where.index("<h2")]
    assert "Vladimir Putin" in where
    assert "Russian Ministry of Defence" in where
    assert "en.a1plus.am/1223433.html" in page
    assert "../../map/#map-accounts" in page


def test_a_river_a_route_and_a_disputed_site_are_each_drawn_right(
    mini: Make, tmp_path: Path
) -> None:
    project = mini(
        {
            "dossier/locations.yml": MINI["dossier/locations.yml"] + LINE_AND_AREA + NOWHERE,
            "dossier/claims.yml": MINI["dossier/claims.yml"] + DISPUTED,
        }
    )
    compiled = compile_at(project)
    assert compiled.ok, messages(compiled)
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "map" / "index.html").read_text()
    section = accounts_section(page)
    figure = section[section.index('id="map-accounts"') : section.index("</figure>")]
    # Turkey's account is side 1 (its first), Russia's side 2: the point and the track.
    turkey = re.findall(r'<a class="dossier-marker dossier-marker--account dossier-side-1"', figure)
    russia = re.findall(r'<a class="dossier-marker dossier-marker--account dossier-side-2"', figure)
    assert len(turkey) == 1, turkey
    assert len(russia) == 2, russia  # the point, and the track's middle
    assert "dossier-map-geometry--line dossier-side-2" in figure  # the track: a stroke
    # The places' own river, route and site are drawn on the accounts map too.
    assert figure.count("dossier-map-geometry--line") == 3
    assert "dossier-map-geometry--area" in figure
    # The account no one gives is listed as such; its place is off the map.
    assert "No one named" in section
    assert "Nowhere Village" in section
    legend = section[section.index('class="dossier-legend') :]
    legend = html.unescape(legend[: legend.index("</ul>")])
    assert "Turkey's account" in legend
    assert "Russia's account" in legend
    assert "A line an account draws" in legend


def test_a_placement_is_one_place_and_sourced(mini: Make) -> None:
    claims = MINI["dossier/claims.yml"] + (
        "both:\n"
        "  statement: Both.\n"
        "  where:\n"
        "    - place: sochi\n"
        "      geometry: {type: Point, coordinates: [39.7, 43.6]}\n"
        "      source: a\n"
        "unsourced:\n"
        "  statement: Unsourced.\n"
        "  where:\n"
        "    - place: sochi\n"
        "unknown:\n"
        "  statement: Unknown.\n"
        "  where:\n"
        "    - place: sochii\n"
        "      according_to: putn\n"
        "      source: a\n"
    )
    found = messages(compile_at(mini({"dossier/claims.yml": claims})))
    text = "\n".join(found)
    assert re.search(r"claims.yml:7:7: error: .*not both", text), text
    assert re.search(r"claims.yml:13:7: error: .*'cite'", text), text
    assert re.search(
        r"claims.yml:17:14: error: unknown location .sochii.\n.*did you mean .sochi.", text
    ), text
    assert re.search(r"claims.yml:18:21: error: unknown actor .putn.", text), text
