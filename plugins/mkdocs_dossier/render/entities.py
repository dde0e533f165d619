"""Pages of actors, claims and locations: what the dossier says of each, with every
statement linked to the exact quote on its source page."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict

from markupsafe import Markup

from ..disputes import MAX_DISPUTES_LISTED
from ..exports import wikidata_iri
from ..index import StanceRef
from ..model import Actor, Location, Note
from .common import (
    PageContext,
    citations,
    dispute_anchor,
    esc,
    fact_rows,
    items,
    status_badge,
)
from .filters import FILTER_MIN, Facets, filter_form
from .map import locator_map
from .prose import prose

CONTEXT = 60  # characters of text shown on each side of a name
_SPACES = re.compile(r"\s+")

STATUS_TEXT = {
    "disputed": "Opposite stances are on record, or someone asserts a contradicting claim.",
    "corroborated": "Asserted by more than one side, and denied by none.",
    "single-source": "Only one source reports a stance on it.",
    "uncontested": "Reported by several sources; no one on record denies it.",
    "unattested": "No annotated quote takes a stance on it yet.",
}


def _wikidata(qid: str | None) -> str:
    if not qid:
        return ""
    url = f"https://www.wikidata.org/wiki/{qid}"
    return f'<a href="{esc(url)}" rel="nofollow noopener noreferrer">{esc(qid)}</a>'


def _aliases(aliases: list[str]) -> str:
    return ", ".join(f"<q>{esc(a)}</q>" for a in aliases)


def _stances_by_claim(
    ctx: PageContext, refs: list[StanceRef], with_speaker: bool, facets: Facets | None = None
) -> str:
    """Stances grouped by claim, then by voice, in first-seen order."""
    group = " data-filter-group" if facets is not None else ""
    grouped: dict[str, list[StanceRef]] = defaultdict(list)
    for ref in refs:
        grouped[ref.claim_id].append(ref)
    return "".join(
        f'<section class="dossier-group"{group}><h3 class="dossier-group-title">'
        f"{ctx.claim_link(claim_id)}</h3>{ctx.voices(voices, with_speaker, facets=facets)}"
        "</section>"
        for claim_id, voices in grouped.items()
    )


def _mentions(ctx: PageContext, ident: str, shown: set[tuple[str, str]]) -> str:
    """Annotated quotes that mention it, except those the page already quotes."""
    passages = ctx.index.entities[ident].mentions
    return "".join(
        ctx.passage(p) for p in passages if (p.source_id, p.anchor.anchor_id) not in shown
    )


def _quoted(ctx: PageContext, ident: str, refs: list[StanceRef]) -> set[tuple[str, str]]:
    """The passages an entity page quotes in full: its stances' and its mentions'."""
    quoted = {(r.passage.source_id, r.passage.anchor.anchor_id) for r in refs}
    quoted.update((p.source_id, p.anchor.anchor_id) for p in ctx.index.entities[ident].mentions)
    return quoted


def _named_in(ctx: PageContext, ident: str, quoted: set[tuple[str, str]]) -> str:
    """Every other place the text names it, as a line of context linking to the words.

    Names inside a passage the page already quotes in full are left out."""
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for source_id, anchor_id in quoted:
        anchors = ctx.compiled.anchor_by_id[source_id]
        covered[source_id].append((anchors[anchor_id].start, anchors[anchor_id].end))
    for spans in covered.values():
        spans.sort()
    by_source: dict[str, list[str]] = defaultdict(list)
    for source_id, span in ctx.index.entities[ident].named:
        if _inside(covered.get(source_id, []), span.start, span.end):
            continue
        text = ctx.compiled.articles[source_id].text
        before = _SPACES.sub(" ", text[max(0, span.start - CONTEXT) : span.start])
        after = _SPACES.sub(" ", text[span.end : span.end + CONTEXT])
        before = before.split(" ", 1)[-1] if span.start > CONTEXT else before.lstrip()
        after = after.rsplit(" ", 1)[0] if span.end + CONTEXT < len(text) else after.rstrip()
        href = ctx.href("sources", source_id, span.anchor_id)
        by_source[source_id].append(
            f'…{esc(before)}<a class="dossier-kwic-hit" href="{href}">'
            f"{esc(text[span.start : span.end])}</a>{esc(after)}…"
        )
    blocks = []
    for source_id, lines in by_source.items():
        title = esc(ctx.dossier.sources[source_id].title)
        blocks.append(
            f'<h3 class="dossier-group-title"><a href="{ctx.href("sources", source_id)}">'
            f"{title}</a> ({len(lines)})</h3>{items(lines, 'dossier-kwic-list')}"
        )
    return "".join(blocks)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of the sorted spans (which may overlap)."""
    i = bisect_right(spans, (start, math.inf))
    return any(s <= start and end <= e for s, e in spans[max(0, i - 8) : i])


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
    facts = fact_rows(
        [
            ("Kind", actor.kind.replace("-", " ")),
            ("Role", actor.role or ""),
            ("Speaks for", Markup(ctx.entity_link(actor.speaks_for)) if actor.speaks_for else ""),
            ("Voices for it", Markup(", ".join(ctx.entity_link(m) for m in info.members))),
            ("Named in the text as", Markup(_aliases(actor.aliases))),
            ("Wikidata", Markup(_wikidata(actor.wikidata))),
            ("Published", Markup(", ".join(_source_link(ctx, s) for s in outlet_of))),
        ]
    )
    facets = Facets()
    positions = _stances_by_claim(ctx, own, with_speaker=False, facets=facets)
    on_behalf = _stances_by_claim(ctx, voices, with_speaker=True, facets=facets)
    shown = {(r.passage.source_id, r.passage.anchor.anchor_id) for r in own + voices}
    return ctx.titled(actor.name, actor.description or "") + ctx.page(
        "dossier/actor.html",
        id=actor_id,
        actor=actor,
        lede=Markup(prose(actor.description)) if actor.description else "",
        facts=facts,
        filters=Markup(filter_form(facets, "stances")) if facets.items >= FILTER_MIN else "",
        positions=Markup(positions),
        on_behalf=Markup(on_behalf),
        claims_about=Markup(items(ctx.claim_link(c) for c in info.claims_about)),
        mentions=Markup(_mentions(ctx, actor_id, shown)),
        named_in=Markup(_named_in(ctx, actor_id, _quoted(ctx, actor_id, own + voices))),
        references=Markup(citations(actor.cite)),
    )


def render_location(ctx: PageContext, location_id: str) -> str:
    location: Location = ctx.dossier.locations[location_id]
    info = ctx.index.entities[location_id]
    coordinates: str = "not known"
    if location.coordinates:
        lat, lon = location.coordinates
        precision = f" ({esc(location.precision)})" if location.precision else ""
        coordinates = Markup(f'<span class="dossier-coords">{lat:.5g}, {lon:.5g}</span>{precision}')
    facts = fact_rows(
        [
            ("Kind", location.kind.replace("-", " ")),
            ("Coordinates", coordinates),
            ("Part of", Markup(ctx.entity_link(location.part_of)) if location.part_of else ""),
            ("Places in it", Markup(", ".join(ctx.entity_link(m) for m in info.members))),
            ("Named in the text as", Markup(_aliases(location.aliases))),
            ("Wikidata", Markup(_wikidata(location.wikidata))),
        ]
    )
    said_here = [ref for ref in info.stances if ref.where == location_id]
    shown = {(r.passage.source_id, r.passage.anchor.anchor_id) for r in said_here}
    return ctx.titled(location.name, location.description or "") + ctx.page(
        "dossier/location.html",
        id=location_id,
        location=location,
        lede=Markup(prose(location.description)) if location.description else "",
        facts=facts,
        map=Markup(locator_map(ctx, location_id)),
        said_here=Markup(_stances_by_claim(ctx, said_here, True)),
        mentions=Markup(_mentions(ctx, location_id, shown)),
        named_in=Markup(_named_in(ctx, location_id, _quoted(ctx, location_id, said_here))),
        claims_about=Markup(items(ctx.claim_link(c) for c in info.claims_about)),
        references=Markup(citations(location.cite)),
    )


def _dispute_item(ctx: PageContext, rank: int) -> str:
    """A dispute this claim is in: a link where the contradictions page lists it in full."""
    dispute = ctx.contest.disputes[rank]
    sides = (
        f"{ctx.sides_summary(dispute.camps[0].sides)} <em>vs</em> "
        f"{ctx.sides_summary(dispute.camps[1].sides)}"
    )
    if rank >= MAX_DISPUTES_LISTED:
        return sides
    return f'<a href="{ctx.href("index", "contradictions", dispute_anchor(dispute))}">{sides}</a>'


def render_claim(ctx: PageContext, claim_id: str) -> str:
    claim = ctx.dossier.claims[claim_id]
    info = ctx.index.claims[claim_id]
    ranks = ctx.contest.by_claim.get(claim_id, [])
    facts = fact_rows(
        [
            ("Status", Markup(status_badge(info.status) + f" {esc(STATUS_TEXT[info.status])}")),
            ("About", Markup(", ".join(ctx.entity_link(e) for e in claim.about))),
            ("Topic", claim.topic or ""),
            ("Refines", Markup(ctx.claim_link(claim.refines)) if claim.refines else ""),
        ]
    )
    related = items(
        [f"Contradicts: {ctx.claim_link(c)}" for c in info.contradicts]
        + [f"Supports: {ctx.claim_link(c)}" for c in info.supports]
        + [f"Supported by: {ctx.claim_link(c)}" for c in info.supported_by]
        + [f"More specific: {ctx.claim_link(c)}" for c in info.refined_by]
    )
    ctx.head.append(_claim_json_ld(ctx, claim_id))
    facets = Facets()
    stances = ctx.by_side(info.stances, claim=claim_id, facets=facets)
    return ctx.titled(claim.statement) + ctx.page(
        "dossier/claim.html",
        id=claim_id,
        claim=claim,
        status=info.status,
        facts=facts,
        disputes=Markup(items(_dispute_item(ctx, rank) for rank in ranks)),
        filters=Markup(filter_form(facets, "stances")) if facets.items >= FILTER_MIN else "",
        stances=Markup(stances),
        related=Markup(related),
        resolution=Markup(_note(claim.resolution)) if claim.resolution else "",
        context=Markup("".join(_note(note) for note in claim.context)),
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
        }
    )


def _note(note: Note) -> str:
    """A cited note, or one marked unverified with the reason no source confirms it."""
    if note.unverified is None:
        return f'<div class="dossier-context"><p>{prose(note.text)}</p>{citations(note.cite)}</div>'
    return (
        '<div class="dossier-context dossier-context--unverified">'
        f"<p>{status_badge('unverified').strip()} {prose(note.text)}</p>"
        f'<p class="dossier-muted">Not verified: {prose(note.unverified)}</p>'
        f"{citations(note.cite)}</div>"
    )


def _source_link(ctx: PageContext, source_id: str) -> str:
    title = ctx.dossier.sources[source_id].title
    return f'<a href="{ctx.href("sources", source_id)}">{esc(title)}</a>'
