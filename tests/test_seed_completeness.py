"""The seed dossier is complete: every attributed statement, quotation and name in both
articles is anchored, and every fact from outside them has a citation.

These are the editorial checks of the Su-24 dossier. They fail when an article line
that says who said what is left unannotated, or when a capitalised word is neither a
linked name nor a reviewed non-name (an adjective, a pronoun, an aircraft type).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from mkdocs_dossier.model import Citation
from mkdocs_dossier.pipeline import Compiled
from mkdocs_dossier.weakhosts import listed, package_hosts

ATTRIBUTION = re.compile(
    r"\b(said|says|say|insists?|warn(ed|s)?|told|describ(ed|es)|urged|questioned|"
    r"criticised|inferred|countered|adamant|agreed|reported|accuses|hopes|called|"
    r"condemning|placards|quote)\b"
)
QUOTATION = re.compile(r"“[^”]+”|\"[^\"\n]+\"")
CAPITALISED = re.compile(r"[A-Z][\w’'-]*")
# Capitalised words in the articles that name no actor or place, reviewed one by one.
NOT_NAMES = {
    "A", "Additional", "F-16", "French", "He", "I", "On", "One", "Russian",
    "Russian-Turkish", "Russian-made", "SU-24", "Syrian", "The", "They", "Today's",
    "Today’s", "Tuesday", "Turkish", "Turkmen", "We", "While",
}  # fmt: skip


def covered(compiled: Compiled, source_id: str, stances_only: bool) -> list[bool]:
    text = compiled.articles[source_id].text
    marks = [False] * len(text)
    assert compiled.index is not None
    for passage in compiled.index.passages[source_id]:
        if passage.annotation.stances or not stances_only:
            for i in range(passage.anchor.start, passage.anchor.end):
                marks[i] = True
    return marks


@pytest.fixture(params=["maltatoday-putin-warns", "ewn-lavrov-cancels-trip"])
def source_id(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_every_attribution_is_inside_a_stance(seed_compiled: Compiled, source_id: str) -> None:
    """Each 'said', 'insists', 'warned'... stands inside a quote that carries a stance."""
    text = seed_compiled.articles[source_id].text
    marks = covered(seed_compiled, source_id, stances_only=True)
    missing = [
        text[max(0, m.start() - 40) : m.end() + 20]
        for m in ATTRIBUTION.finditer(text)
        if not marks[m.start()]
    ]
    assert missing == []


def test_every_quotation_is_anchored_word_for_word(seed_compiled: Compiled, source_id: str) -> None:
    text = seed_compiled.articles[source_id].text
    marks = covered(seed_compiled, source_id, stances_only=True)
    missing = [
        m.group()
        for m in QUOTATION.finditer(text)
        if any(ch.isalnum() and not marks[m.start() + i] for i, ch in enumerate(m.group()))
    ]
    assert missing == []


def test_every_name_in_the_text_is_linked(seed_compiled: Compiled, source_id: str) -> None:
    text = seed_compiled.articles[source_id].text
    named = [False] * len(text)
    for span in seed_compiled.named[source_id]:
        for i in range(span.start, span.end):
            named[i] = True
    unlinked = {m.group() for m in CAPITALISED.finditer(text) if not named[m.start()]} - NOT_NAMES
    assert unlinked == set()


def test_every_actor_and_place_is_in_the_text_or_cited(seed_compiled: Compiled) -> None:
    index = seed_compiled.index
    assert index is not None
    dossier = seed_compiled.dossier
    for kind in ("actors", "locations"):
        for ident, record in dossier.of_kind(kind).items():
            info = index.entities[ident]
            in_text = info.named or info.mentions or info.stances
            is_outlet = ident in index.sources_of_outlet
            assert in_text or is_outlet or record.cite, f"{ident} is in neither text nor cited"


def test_facts_from_outside_the_articles_have_citations(seed_compiled: Compiled) -> None:
    dossier = seed_compiled.dossier
    for ident, actor in dossier.actors.items():
        assert not actor.wikidata or actor.cite, f"actor {ident}: Wikidata id without citation"
    for ident, location in dossier.locations.items():
        assert not location.coordinates or location.cite, f"{ident}: coordinates uncited"
        assert not location.wikidata or location.cite, f"{ident}: Wikidata id uncited"
        assert not location.coordinates or location.precision, f"{ident}: precision missing"
    for ident, source in dossier.sources.items():
        assert not source.url or source.cite, f"source {ident}: URL without citation"


def test_every_citation_is_to_an_original_publisher(seed_compiled: Compiled) -> None:
    """No citation points to a mirror, a farm, a blog, a shortener or an archive copy; a copy
    the research read is kept as `via`, beside its original and never as the citation."""
    dossier = seed_compiled.dossier
    cites: list[Citation] = [c for s in dossier.sources.values() for c in s.cite]
    cites += [c for a in dossier.actors.values() for c in a.cite]
    cites += [c for loc in dossier.locations.values() for c in loc.cite]
    notes = [n for claim in dossier.claims.values() for n in claim.context]
    cites += [c for note in notes for c in note.cite]
    assert len(cites) > 90
    hosts = dict(package_hosts())
    for cite in cites:
        host = urlsplit(cite.url).hostname or ""
        assert listed(host, hosts) is None, f"{cite.url} is not an original publisher"
        assert cite.publisher.strip(), cite.url
        assert cite.via != cite.url
    assert [p for p in seed_compiled.problems if p.severity == "warning"] == []
