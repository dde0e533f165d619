"""Claims, stances and the contradictions index: each rule on a small dossier, read back
from a real build; then the seed dossier's airspace dispute."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import compile_at, messages, run_mkdocs_build
from mkdocs_dossier.pipeline import Compiled

Make = Callable[..., Path]

ARTICLE = """\
Jet down

Ankara says the jet entered its airspace. Foreign Minister Cavusoglu said the jet was warned.

NATO said the jet flew into Turkish airspace.

Moscow says the jet stayed over Syria.
Moscow says it was a Turkish jet that entered Syrian airspace.

The minister said Turkey fired. Russia agreed that Turkey fired.

The rebels said they fired on the crew. Russia said the crew was fired on.

Russia said there was no warning.
"""

ACTORS = """\
paper: {name: The Paper, kind: media}
turkey: {name: Turkey, kind: state}
cavusoglu: {name: Mevlut Cavusoglu, kind: person, speaks_for: turkey}
nato: {name: NATO, kind: alliance}
russia: {name: Russia, kind: state}
rebels: {name: Rebels, kind: armed-group}
"""

CLAIMS = """\
entered:
  statement: The jet entered Turkish airspace.
warned:
  statement: The jet was warned.
turkish-jet-entered-syria:
  statement: A Turkish jet entered Syrian airspace.
  contradicts: [entered]
stayed-over-syria:
  statement: The jet stayed over Syria.
  contradicts: [entered]
turkey-fired:
  statement: Turkey fired on the jet.
crew-fired-on:
  statement: The crew was fired on.
  refines: turkey-fired
"""

ANNOTATIONS = """\
- quote: Ankara says the jet entered its airspace
  stances: [{claim: entered, stance: asserts, by: turkey}]
- quote: Cavusoglu said the jet was warned
  stances: [{claim: warned, stance: asserts, by: cavusoglu}]
- quote: NATO said the jet flew into Turkish airspace
  stances: [{claim: entered, stance: asserts, by: nato}]
- quote: Moscow says the jet stayed over Syria
  stances:
    - {claim: stayed-over-syria, stance: asserts, by: russia}
    - {claim: entered, stance: denies, by: russia}
- quote: Moscow says it was a Turkish jet that entered Syrian airspace
  stances: [{claim: turkish-jet-entered-syria, stance: suggests, by: russia}]
- quote: The minister said Turkey fired
  stances: [{claim: turkey-fired, stance: asserts, by: cavusoglu}]
- quote: Russia agreed that Turkey fired
  stances: [{claim: turkey-fired, stance: asserts, by: russia}]
- quote: The rebels said they fired on the crew
  stances: [{claim: crew-fired-on, stance: asserts, by: rebels}]
- quote: Russia said the crew was fired on
  stances: [{claim: crew-fired-on, stance: asserts, by: russia}]
- quote: Russia said there was no warning
  stances: [{claim: warned, stance: denies, by: russia}]
"""


@pytest.fixture
def disputes_project(mini: Make) -> Path:
    return mini(
        {
            "content/articles/a.txt": ARTICLE,
            "dossier/actors.yml": ACTORS,
            "dossier/claims.yml": CLAIMS,
            "dossier/locations.yml": "",
            "dossier/annotations/a.yml": ANNOTATIONS,
        }
    )


@pytest.fixture
def disputes(disputes_project: Path) -> Compiled:
    compiled = compile_at(disputes_project)
    assert compiled.ok, messages(compiled)
    return compiled


def statuses(compiled: Compiled) -> dict[str, str]:
    assert compiled.index is not None
    return {claim_id: info.status for claim_id, info in compiled.index.claims.items()}


def test_status_is_derived_for_every_rule(disputes: Compiled) -> None:
    assert statuses(disputes) == {
        "entered": "disputed",  # asserted by Turkey and NATO, denied by Russia
        "warned": "disputed",  # Turkey's minister against Russia: two sides, two quotes
        "turkish-jet-entered-syria": "disputed",  # only through contradicts, never denied
        "stayed-over-syria": "disputed",
        "turkey-fired": "corroborated",  # Turkey and Russia, opposed elsewhere, agree
        "crew-fired-on": "corroborated",
    }


def test_contradicts_is_symmetric_and_declaring_both_sides_is_no_duplicate(
    mini: Make, disputes: Compiled
) -> None:
    assert disputes.index is not None
    claims = disputes.index.claims
    assert claims["entered"].contradicts == ("turkish-jet-entered-syria", "stayed-over-syria")
    assert claims["stayed-over-syria"].contradicts == ("entered",)
    both_ways = CLAIMS.replace(
        "  statement: The jet entered Turkish airspace.\n",
        "  statement: The jet entered Turkish airspace.\n  contradicts: [stayed-over-syria]\n",
    )
    again = compile_at(
        mini(
            {
                "content/articles/a.txt": ARTICLE,
                "dossier/actors.yml": ACTORS,
                "dossier/claims.yml": both_ways,
                "dossier/locations.yml": "",
                "dossier/annotations/a.yml": ANNOTATIONS,
            }
        )
    )
    assert again.ok, messages(again)
    assert again.index is not None
    assert again.index.claims["entered"].contradicts.count("stayed-over-syria") == 1
    assert again.contest is not None
    assert disputes.contest is not None
    assert len(again.contest.disputes) == len(disputes.contest.disputes)


def test_disputes_pair_camps_by_side_most_contested_first(disputes: Compiled) -> None:
    assert disputes.contest is not None
    found = [(d.claim_ids, [camp.sides for camp in d.camps]) for d in disputes.contest.disputes]
    assert found == [
        # Russia's denial of 'entered' is counted with each claim it holds instead.
        (("entered", "turkish-jet-entered-syria"), [["turkey", "nato"], ["russia"]]),
        (("entered", "stayed-over-syria"), [["turkey", "nato"], ["russia"]]),
        # Fewer sides and voices: less contested, so later.
        (("warned",), [["turkey"], ["russia"]]),
    ]
    weights = [d.weight for d in disputes.contest.disputes]
    assert weights == sorted(weights, reverse=True)
    assert weights[0] > weights[-1]


def test_corroboration_across_the_divide(disputes: Compiled) -> None:
    assert disputes.contest is not None
    found = {c.claim_id: (c.sides, c.across_the_divide) for c in disputes.contest.corroborations}
    assert found == {
        "turkey-fired": (["turkey", "russia"], True),
        "crew-fired-on": (["rebels", "russia"], False),
    }


def test_the_built_pages_show_it(disputes_project: Path, tmp_path: Path) -> None:
    result = run_mkdocs_build(disputes_project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    index = (site / "contradictions/index.html").read_text()
    text = re.sub(r"<[^>]+>", "", index)
    assert "Contradictions · 3 disputes" in text
    assert "Turkey, NATO vs Russia" in text
    section = index[index.index('id="dispute-entered--stayed-over-syria"') :]
    section = section[: section.index("</section>")]
    # Both camps, each voice with its quote and a link to the exact passage.
    # The claim, in the dossier's language, is isolated within the site's words.
    assert "Holds that <bdi>the jet entered Turkish airspace.</bdi>" in section
    assert "Holds that <bdi>the jet stayed over Syria.</bdi>" in section
    for quote in (
        "Ankara says the jet entered its airspace",
        "Moscow says the jet stayed over Syria",
    ):
        # One pair of marks, as text (`quotemarks`), with the quote's language.
        assert f'<p lang="en" dir="ltr">“{quote}”</p>' in section
    assert section.count('href="../sources/a/#q-') == 4
    # The minister is grouped under the state he speaks for.
    corroborated = index[index.index('id="corroborated"') :]
    assert "across the divide" in corroborated
    claim = (site / "claims/turkey-fired/index.html").read_text()
    side = claim[claim.index('<p class="dossier-side-name">') :]
    assert side.startswith(
        '<p class="dossier-side-name"><a class="dossier-link dossier-link--actor"'
    )
    assert side.index('href="../../actors/turkey/" dir="auto">Turkey</a>') < side.index("Cavusoglu")
    assert 'Mevlut Cavusoglu</a> <span class="dossier-muted">for' in side
    # A disputed claim is marked wherever it is linked: on actor pages too.
    nato = (site / "actors/nato/index.html").read_text()
    assert (
        'The jet entered Turkish airspace.</a> <span class="dossier-badge dossier-badge--disputed">'
        in nato
    )
    # A hedged stance says so.
    russia = (site / "actors/russia/index.html").read_text()
    assert 'dossier-stance--suggests">suggests</span>' in russia
    refined = (site / "claims/turkey-fired/index.html").read_text()
    assert "More specific: " in refined


def test_the_seed_dossier_shows_the_airspace_dispute(
    seed_site: Path, seed_compiled: Compiled
) -> None:
    contest = seed_compiled.contest
    assert contest is not None
    airspace = next(d for d in contest.disputes if "su24-entered-turkish-airspace" in d.claim_ids)
    assert contest.disputes[0] is airspace  # the most contested
    holders, deniers = airspace.camps
    assert {"turkey", "nato"} <= set(holders.sides)
    assert "russia" in deniers.sides
    for camp in airspace.camps:  # quotes from both articles on each side
        assert {r.passage.source_id for r in camp.refs} == {
            "maltatoday-putin-warns",
            "ewn-lavrov-cancels-trip",
        }
    page = (seed_site / "contradictions/index.html").read_text()
    section = page[page.index('id="dispute-su24-entered-turkish-airspace') :]
    section = section[: section.index("</section>")]
    assert "Moscow insists that the jet never strayed from Syrian airspace" in section
    assert "allied assessment of the incident shows" in section
    for camp in airspace.camps:
        for ref in camp.refs:
            assert f"sources/{ref.passage.source_id}/#{ref.passage.anchor.anchor_id}" in section
