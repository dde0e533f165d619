"""Pages of actors, claims and locations: what the dossier says of each, with every
statement linked to the exact quote on its source page."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from ..disputes import MAX_DISPUTES_LISTED
from ..index import StanceRef
from ..model import Actor, Correction, Location, wikidata_iri
from ..model import Note as NoteRecord
from .account_map import claim_accounts
from .citations import citation_views
from .context import PageContext, dispute_anchor
from .corrections import correction_json_ld, correction_views
from .filters import FILTER_MIN, Facets
from .i18n import N_
from .map import locator_map
from .prose import prose
from .views import (
    ClaimGroup,
    CorrectionView,
    DisputeRef,
    Fact,
    InContext,
    Link,
    NamedIn,
    Note,
    Quote,
    Related,
)
from .words import ACTOR_KINDS, LOCATION_KINDS, PRECISION

CONTEXT = 60  # characters of text shown on each side of a name
_SPACES = re.compile(r"\s+")

# A claim's status and an actor's kind as a reader says them (the badge says the same).
STATUS_WORDS = {
    "disputed": N_("disputed"),
    "corroborated": N_("corroborated"),
    "single-source": N_("one source only"),
    "uncontested": N_("uncontested"),
    "unattested": N_("no stance yet"),
}
KIND_WORDS = {"person": N_("a person in the dossier"), "media": N_("a news outlet")}

STATUS_TEXT = {
    "disputed": N_("Opposite stances are on record, or someone asserts a contradicting claim."),
    "corroborated": N_("Asserted by more than one side, and denied by none."),
    "single-source": N_("Only one source reports a stance on it."),
    "uncontested": N_("Reported by several sources; no one on record denies it."),
    "unattested": N_("No annotated quote takes a stance on it yet."),
}


def _stances_by_claim(
    ctx: PageContext, refs: list[StanceRef], with_speaker: bool, facets: Facets | None = None
) -> tuple[ClaimGroup, ...]:
    """Stances grouped by claim, then by voice, in first-seen order."""
    grouped: dict[str, list[StanceRef]] = defaultdict(list)
    for ref in refs:
        grouped[ref.claim_id].append(ref)
    return tuple(
        ClaimGroup(
            ctx.claim(claim_id),
            ctx.voice_groups(voices, with_speaker, facets=facets),
            facets is not None,
        )
        for claim_id, voices in grouped.items()
    )


def _mentions(ctx: PageContext, ident: str, shown: set[tuple[str, str]]) -> tuple[Quote, ...]:
    """Annotated quotes that mention it, except those the page already quotes."""
    passages = ctx.index.entities[ident].mentions
    return tuple(ctx.quote(p) for p in passages if (p.source_id, p.anchor.anchor_id) not in shown)


def _quoted(ctx: PageContext, ident: str, refs: list[StanceRef]) -> set[tuple[str, str]]:
    """The passages an entity page quotes in full: its stances' and its mentions'."""
    quoted = {(r.passage.source_id, r.passage.anchor.anchor_id) for r in refs}
    quoted.update((p.source_id, p.anchor.anchor_id) for p in ctx.index.entities[ident].mentions)
    return quoted


def _named_in(ctx: PageContext, ident: str, quoted: set[tuple[str, str]]) -> tuple[NamedIn, ...]:
    """Every other place the text names it, as a line of context linking to the words.

    Names inside a passage the page already quotes in full are left out."""
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for source_id, anchor_id in quoted:
        anchors = ctx.compiled.anchor_by_id[source_id]
        covered[source_id].append((anchors[anchor_id].start, anchors[anchor_id].end))
    for spans in covered.values():
        spans.sort()
    by_source: dict[str, list[InContext]] = defaultdict(list)
    for source_id, span in ctx.index.entities[ident].named:
        if _inside(covered.get(source_id, []), span.start, span.end):
            continue
        text = ctx.compiled.articles[source_id].text
        before = _SPACES.sub(" ", text[max(0, span.start - CONTEXT) : span.start])
        after = _SPACES.sub(" ", text[span.end : span.end + CONTEXT])
        before = before.split(" ", 1)[-1] if span.start > CONTEXT else before.lstrip()
        after = after.rsplit(" ", 1)[0] if span.end + CONTEXT < len(text) else after.rstrip()
        href = ctx.url("sources", source_id, span.anchor_id)
        by_source[source_id].append(InContext(before, text[span.start : span.end], href, after))
    return tuple(
        NamedIn(_source_link(ctx, source_id), tuple(lines))
        for source_id, lines in by_source.items()
    )


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of the sorted spans (which may overlap)."""
    i = bisect_right(spans, (start, math.inf))
    return any(s <= start and end <= e for s, e in spans[max(0, i - 8) : i])


def _facts(*facts: Fact) -> list[Fact]:
    """The facts that have a value, in order."""
    return [fact for fact in facts if fact.value]


def render_actor(ctx: PageContext, actor_id: str) -> str:
    actor: Actor = ctx.dossier.actors[actor_id]
    info = ctx.index.entities[actor_id]
    own = [ref for ref in info.stances if ref.speaker == actor_id]
    voices = [
        ref
        for member in info.members
        for ref in ctx.index.entities[member].stances
        if ref.speaker == member
    ]
    outlet_of = ctx.index.sources_of_outlet.get(actor_id, [])
    facts = _facts(
        Fact(N_("Kind"), "text", ctx.tr(ACTOR_KINDS[actor.kind])),
        Fact(N_("Role"), "text", actor.role or ""),
        Fact(N_("Speaks for"), "link", ctx.entity(actor.speaks_for) if actor.speaks_for else None),
        Fact(N_("Voices for it"), "links", tuple(ctx.entity(m) for m in info.members)),
        Fact(N_("Named in the text as"), "aliases", tuple(actor.aliases)),
        Fact(N_("Wikidata"), "wikidata", actor.wikidata or ""),
        Fact(N_("Published"), "links", tuple(_source_link(ctx, s) for s in outlet_of)),
    )
    facets = Facets()
    positions = _stances_by_claim(ctx, own, with_speaker=False, facets=facets)
    on_behalf = _stances_by_claim(ctx, voices, with_speaker=True, facets=facets)
    shown = {(r.passage.source_id, r.passage.anchor.anchor_id) for r in own + voices}
    kind = KIND_WORDS.get(actor.kind, ACTOR_KINDS[actor.kind])
    about = actor.role or actor.description or ctx.tr(kind)
    return ctx.titled(
        actor.name, ctx.tr("%(name)s: %(about)s", name=actor.name, about=about)
    ) + ctx.page(
        "dossier/actor.html",
        id=actor_id,
        actor=actor,
        lede=prose(actor.description) if actor.description else "",
        facts=facts,
        filters=facets.form(N_("stances")) if facets.items >= FILTER_MIN else None,
        positions=positions,
        on_behalf=on_behalf,
        claims_about=tuple(ctx.claim(c) for c in info.claims_about),
        mentions=_mentions(ctx, actor_id, shown),
        named_in=_named_in(ctx, actor_id, _quoted(ctx, actor_id, own + voices)),
        references=citation_views(actor.cite, ctx.words),
        corrections=_corrected(ctx, "actors", actor_id, actor.name, actor.corrections),
    )


def render_location(ctx: PageContext, location_id: str) -> str:
    location: Location = ctx.dossier.locations[location_id]
    info = ctx.index.entities[location_id]
    coordinates = (
        Fact(
            "Coordinates",
            "coordinates",
            (
                location.coordinates,
                ctx.tr(PRECISION[location.precision]) if location.precision else "",
            ),
        )
        if location.coordinates
        else Fact(N_("Coordinates"), "text", ctx.tr("not known"))
    )
    facts = _facts(
        Fact(N_("Kind"), "text", ctx.tr(LOCATION_KINDS[location.kind])),
        coordinates,
        Fact(N_("Part of"), "link", ctx.entity(location.part_of) if location.part_of else None),
        Fact(N_("Places in it"), "links", tuple(ctx.entity(m) for m in info.members)),
        Fact(N_("Named in the text as"), "aliases", tuple(location.aliases)),
        Fact(N_("Wikidata"), "wikidata", location.wikidata or ""),
    )
    said_here = [ref for ref in info.stances if ref.where == location_id]
    shown = {(r.passage.source_id, r.passage.anchor.anchor_id) for r in said_here}
    return ctx.titled(location.name, _what_place(ctx, location)) + ctx.page(
        "dossier/location.html",
        id=location_id,
        location=location,
        lede=prose(location.description) if location.description else "",
        facts=facts,
        map=locator_map(ctx, location_id),
        said_here=_stances_by_claim(ctx, said_here, True),
        mentions=_mentions(ctx, location_id, shown),
        named_in=_named_in(ctx, location_id, _quoted(ctx, location_id, said_here)),
        claims_about=tuple(ctx.claim(c) for c in info.claims_about),
        references=citation_views(location.cite, ctx.words),
        corrections=_corrected(ctx, "locations", location_id, location.name, location.corrections),
    )


def _what_place(ctx: PageContext, location: Location) -> str:
    """What a place is, for its page's description ("Latakia: a region in Syria.")."""
    kind = ctx.tr(LOCATION_KINDS[location.kind])
    if location.part_of:
        within = ctx.name_of(location.part_of)
        return ctx.tr(
            "%(name)s: a %(kind)s in %(place)s.", name=location.name, kind=kind, place=within
        )
    return ctx.tr("%(name)s: a %(kind)s.", name=location.name, kind=kind)


def _dispute_ref(ctx: PageContext, rank: int) -> DisputeRef:
    """A dispute this claim is in: a link where the contradictions page lists it in full."""
    dispute = ctx.contest.disputes[rank]
    sides = (
        tuple(ctx.name_of(side) for side in dispute.camps[0].sides),
        tuple(ctx.name_of(side) for side in dispute.camps[1].sides),
    )
    if rank >= MAX_DISPUTES_LISTED:
        return DisputeRef(sides)
    return DisputeRef(sides, ctx.url("index", "contradictions", dispute_anchor(dispute)))


def render_claim(ctx: PageContext, claim_id: str) -> str:
    claim = ctx.dossier.claims[claim_id]
    info = ctx.index.claims[claim_id]
    ranks = ctx.contest.by_claim.get(claim_id, [])
    facts = _facts(
        Fact(N_("Status"), "status", (info.status, STATUS_TEXT[info.status])),
        Fact(N_("About"), "links", tuple(ctx.entity(e) for e in claim.about)),
        Fact(N_("Topic"), "text", claim.topic or ""),
        Fact(N_("Refines"), "claim", ctx.claim(claim.refines) if claim.refines else None),
    )
    related = (
        *(Related(ctx.tr("Contradicts"), ctx.claim(c)) for c in info.contradicts),
        *(Related(ctx.tr("Supports"), ctx.claim(c)) for c in info.supports),
        *(Related(ctx.tr("Supported by"), ctx.claim(c)) for c in info.supported_by),
        *(Related(ctx.tr("More specific"), ctx.claim(c)) for c in info.refined_by),
    )
    ctx.head.append(_claim_json_ld(ctx, claim_id))
    facets = Facets()
    stances = ctx.side_groups(info.stances, claim=claim_id, facets=facets)
    said = ctx.counted("%(count)s quoted stance", "%(count)s quoted stances", len(info.stances))
    status = ctx.tr(STATUS_WORDS.get(info.status, info.status))
    described = ctx.tr(
        "%(claim)s (%(status)s; %(said)s)", claim=claim.statement, status=status, said=said
    )
    return ctx.titled(claim.statement, described) + ctx.page(
        "dossier/claim.html",
        id=claim_id,
        claim=claim,
        status=info.status,
        facts=facts,
        disputes=tuple(_dispute_ref(ctx, rank) for rank in ranks),
        filters=facets.form(N_("stances")) if facets.items >= FILTER_MIN else None,
        stances=stances,
        related=related,
        where=claim_accounts(ctx, claim_id),
        map_href=ctx.url("index", "map", "map-accounts"),
        resolution=_note(claim.resolution, ctx) if claim.resolution else None,
        context=tuple(_note(note, ctx) for note in claim.context),
        corrections=correction_views(claim.corrections, ctx.words),
    )


def _claim_json_ld(ctx: PageContext, claim_id: str) -> str:
    """schema.org Claim: the statement, where it appears, and who asserts it."""
    info = ctx.index.claims[claim_id]
    authors: dict[str, dict[str, str]] = {}
    for ref in info.stances:
        if ref.speaker and ref.stance in ("asserts", "suggests"):
            actor = ctx.dossier.actors[ref.speaker]
            kind = "Person" if actor.kind == "person" else "Organization"
            authors[ref.speaker] = {
                "@type": kind,
                "name": actor.name,
                "url": ctx.iri("actors", ref.speaker),
            }
            same_as = wikidata_iri(actor.wikidata)
            if same_as:
                authors[ref.speaker]["sameAs"] = same_as
    appearances = [
        {
            "@type": "Quotation",
            "text": ref.passage.quote,
            "url": ctx.iri("sources", ref.passage.source_id, ref.passage.anchor.anchor_id),
        }
        for ref in info.stances
    ]
    return ctx.json_ld(
        {
            "@context": "https://schema.org",
            "@type": "Claim",
            "@id": ctx.iri("claims", claim_id),
            "url": ctx.iri("claims", claim_id),
            "text": ctx.dossier.claims[claim_id].statement,
            "appearance": appearances,
            "author": list(authors.values()),
            **_correction(ctx.dossier.claims[claim_id].corrections),
        }
    )


def _correction(corrections: Sequence[Correction]) -> dict[str, Any]:
    """The JSON-LD `correction` of a page whose record was corrected; else nothing."""
    return {"correction": correction_json_ld(corrections)} if corrections else {}


def _corrected(
    ctx: PageContext, kind: str, ident: str, name: str, corrections: Sequence[Correction]
) -> tuple[CorrectionView, ...]:
    """The corrections an actor's or a place's page lists. A person or a place is no
    creative work, so its page says them as the WebPage's `correction`."""
    if corrections:
        ctx.head.append(
            ctx.json_ld(
                {
                    "@context": "https://schema.org",
                    "@type": "WebPage",
                    "@id": ctx.iri(kind, ident),
                    "url": ctx.iri(kind, ident),
                    "name": name,
                    **_correction(corrections),
                }
            )
        )
    return correction_views(corrections, ctx.words)


def _note(note: NoteRecord, ctx: PageContext) -> Note:
    """A cited note, or one marked unverified with the reason no source confirms it."""
    unverified = prose(note.unverified) if note.unverified is not None else None
    return Note(prose(note.text), citation_views(note.cite, ctx.words), unverified)


def _source_link(ctx: PageContext, source_id: str) -> Link:
    return Link(ctx.url("sources", source_id), ctx.dossier.sources[source_id].title)
