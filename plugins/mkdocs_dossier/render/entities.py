"""Pages of actors, claims and locations: what the dossier says of each, with every
statement linked to the exact quote on its source page."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict

from ..disputes import MAX_DISPUTES_LISTED
from ..exports import json_ld, wikidata_iri
from ..index import StanceRef
from ..model import Actor, Location, Note
from .common import (
    PageContext,
    citations,
    definition_list,
    dispute_anchor,
    esc,
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
    facts = definition_list(
        [
            ("Kind", esc(actor.kind.replace("-", " "))),
            ("Role", esc(actor.role) if actor.role else ""),
            ("Speaks for", ctx.entity_link(actor.speaks_for) if actor.speaks_for else ""),
            ("Voices for it", ", ".join(ctx.entity_link(m) for m in info.members)),
            ("Named in the text as", _aliases(actor.aliases)),
            ("Wikidata", _wikidata(actor.wikidata)),
            ("Published", ", ".join(_source_link(ctx, s) for s in outlet_of)),
        ]
    )
    facets = Facets()
    positions = _stances_by_claim(ctx, own, with_speaker=False, facets=facets)
    on_behalf = _stances_by_claim(ctx, voices, with_speaker=True, facets=facets)
    parts = [
        ctx.titled(actor.name, actor.description or ""),
        ctx.block(
            '<p class="dossier-kicker">Actor</p>',
            f"<h1>{esc(actor.name)}</h1>",
            f'<p class="dossier-lede">{prose(actor.description)}</p>' if actor.description else "",
            facts,
            filter_form(facets, "stances") if facets.items >= FILTER_MIN else "",
        ),
    ]
    parts += _section(ctx, "Positions taken", positions)
    parts += _section(ctx, "Said on its behalf", on_behalf)
    parts += _section(ctx, "Claims about it", items(ctx.claim_link(c) for c in info.claims_about))
    shown = {(r.passage.source_id, r.passage.anchor.anchor_id) for r in own + voices}
    parts += _section(ctx, "In annotated quotes", _mentions(ctx, actor_id, shown))
    parts += _section(
        ctx, "Named in the text", _named_in(ctx, actor_id, _quoted(ctx, actor_id, own + voices))
    )
    parts += _section(ctx, "References", citations(actor.cite))
    return "".join(parts)


def render_location(ctx: PageContext, location_id: str) -> str:
    location: Location = ctx.dossier.locations[location_id]
    info = ctx.index.entities[location_id]
    coordinates = ""
    if location.coordinates:
        lat, lon = location.coordinates
        precision = f" ({esc(location.precision)})" if location.precision else ""
        coordinates = f'<span class="dossier-coords">{lat:.5g}, {lon:.5g}</span>{precision}'
    facts = definition_list(
        [
            ("Kind", esc(location.kind.replace("-", " "))),
            ("Coordinates", coordinates or "not known"),
            ("Part of", ctx.entity_link(location.part_of) if location.part_of else ""),
            ("Places in it", ", ".join(ctx.entity_link(m) for m in info.members)),
            ("Named in the text as", _aliases(location.aliases)),
            ("Wikidata", _wikidata(location.wikidata)),
        ]
    )
    parts = [
        ctx.titled(location.name, location.description or ""),
        ctx.block(
            '<p class="dossier-kicker">Location</p>',
            f"<h1>{esc(location.name)}</h1>",
            f'<p class="dossier-lede">{prose(location.description)}</p>'
            if location.description
            else "",
            facts,
            locator_map(ctx, location_id),
        ),
    ]
    said_here = [ref for ref in info.stances if ref.where == location_id]
    shown = {(r.passage.source_id, r.passage.anchor.anchor_id) for r in said_here}
    parts += _section(ctx, "Statements made here", _stances_by_claim(ctx, said_here, True))
    parts += _section(ctx, "In annotated quotes", _mentions(ctx, location_id, shown))
    quoted = _quoted(ctx, location_id, said_here)
    parts += _section(ctx, "Named in the text", _named_in(ctx, location_id, quoted))
    parts += _section(ctx, "Claims about it", items(ctx.claim_link(c) for c in info.claims_about))
    parts += _section(ctx, "References", citations(location.cite))
    return "".join(parts)


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
    facts = definition_list(
        [
            ("Status", status_badge(info.status) + f" {esc(STATUS_TEXT[info.status])}"),
            ("About", ", ".join(ctx.entity_link(e) for e in claim.about)),
            ("Topic", esc(claim.topic) if claim.topic else ""),
            ("Refines", ctx.claim_link(claim.refines) if claim.refines else ""),
        ]
    )
    in_disputes = items(_dispute_item(ctx, rank) for rank in ranks)
    related = items(
        [f"Contradicts: {ctx.claim_link(c)}" for c in info.contradicts]
        + [f"Supports: {ctx.claim_link(c)}" for c in info.supports]
        + [f"Supported by: {ctx.claim_link(c)}" for c in info.supported_by]
        + [f"More specific: {ctx.claim_link(c)}" for c in info.refined_by]
    )
    context = "".join(_note(note) for note in claim.context)
    parts = [
        ctx.titled(claim.statement),
        ctx.block(
            '<p class="dossier-kicker">Claim</p>',
            f"<h1>{esc(claim.statement)}</h1>",
            facts,
        ),
    ]
    ctx.head.append(_claim_json_ld(ctx, claim_id))
    parts += _section(ctx, "In dispute", in_disputes)
    facets = Facets()
    stances = ctx.by_side(info.stances, claim=claim_id, facets=facets)
    form = filter_form(facets, "stances") if facets.items >= FILTER_MIN else ""
    parts += _section(ctx, "Stances, by side", form + stances if stances else "")
    parts += _section(ctx, "Related claims", related)
    parts += _section(ctx, "Resolution", _note(claim.resolution) if claim.resolution else "")
    parts += _section(ctx, "Context from later reporting", context)
    return "".join(parts)


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
    return json_ld(
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


def _section(ctx: PageContext, heading: str, body: str) -> list[str]:
    """A Markdown heading (fixed text, so it joins the table of contents) and its block."""
    return [f"## {heading}\n", ctx.block(body)] if body else []
