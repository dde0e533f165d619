"""The card beside a highlighted quote: who speaks, their stance, the claim and its
status, the other sides' stances, and links on. One inert `<template>` per quote,
built here from escaped parts like the rest of the page; `dossier.js` clones it
next to the highlight, so the card needs no request and no HTML built in script.
"""

from __future__ import annotations

from ..index import Passage, StanceRef, stance_refs_of
from .common import PageContext, esc, stance_verb, status_badge

EXCERPT = 90  # characters of the quote shown to say which annotation the card is


def card_templates(ctx: PageContext, passages: list[Passage]) -> str:
    others: dict[str, dict[str | None, list[str]]] = {}  # claim -> side -> stances, once
    return "".join(_card(ctx, n, p, others) for n, p in enumerate(passages, 1))


def stance_refs(ctx: PageContext, passage: Passage) -> list[StanceRef]:
    """The passage's stances with their speaker and side, in the order written."""
    outlet = ctx.dossier.sources[passage.source_id].outlet
    return stance_refs_of([passage], outlet, ctx.index.sides)[0]


def _card(
    ctx: PageContext,
    n: int,
    passage: Passage,
    others: dict[str, dict[str | None, list[str]]],
) -> str:
    ident = esc(passage.anchor.anchor_id)
    words = " ".join(passage.quote.split())
    excerpt = words if len(words) <= EXCERPT else words[:EXCERPT].rsplit(" ", 1)[0] + "…"
    parts = [f'<p class="dossier-card-quote"><q>{esc(excerpt)}</q></p>']
    for ref in stance_refs(ctx, passage):
        parts.append(_stance(ctx, ref, others))
    if passage.annotation.mentions:
        names = ", ".join(ctx.entity_link(m) for m in passage.annotation.mentions)
        parts.append(f'<p class="dossier-card-mentions">Mentions: {names}</p>')
    parts.append(
        f'<p class="dossier-card-more"><a href="#ann-{ident}">Annotation {n} in full</a></p>'
    )
    # Kept out of the theme's search index: the list below the text already says it all.
    attrs = f'data-card="{ident}" data-n="{n}" data-search-exclude'
    return f"<template {attrs}>{''.join(parts)}</template>"


def _stance(
    ctx: PageContext, ref: StanceRef, others: dict[str, dict[str | None, list[str]]]
) -> str:
    who = ctx.entity_link(ref.speaker)
    if ref.outlet_voice:
        who += ' <span class="dossier-muted">(the outlet’s own voice)</span>'
    elif ref.side and ref.side != ref.speaker:
        who += f' <span class="dossier-muted">for {ctx.entity_link(ref.side)}</span>'
    status = ctx.index.statuses[ref.claim_id]
    lines = [
        f'<p class="dossier-card-who">{who} {stance_verb(ref.stance)}</p>',
        f'<p class="dossier-card-claim">{ctx.claim_link(ref.claim_id, mark_disputed=False)}'
        f"{status_badge(status)}</p>",
    ]
    rows = [
        f"<li>{_side_name(ctx, side)} {', '.join(stance_verb(s) for s in stances)}</li>"
        for side, stances in _sides(ctx, ref.claim_id, others).items()
        if side != ref.side
    ]
    for other in ctx.index.claims[ref.claim_id].contradicts:  # the opposite claim's backers
        rows += [
            f"<li>{_side_name(ctx, side)} {', '.join(stance_verb(s) for s in stances)}: "
            f"{ctx.claim_link(other, mark_disputed=False)}</li>"
            for side, stances in _sides(ctx, other, others).items()
            if side != ref.side
        ]
    if rows:
        lines.append(
            '<p class="dossier-card-others-title">Other sides:</p>'
            f'<ul class="dossier-card-others">{"".join(rows)}</ul>'
        )
    else:
        lines.append('<p class="dossier-card-others-title">No other side takes a stance.</p>')
    return f'<div class="dossier-card-stance">{"".join(lines)}</div>'


def _sides(
    ctx: PageContext, claim_id: str, cache: dict[str, dict[str | None, list[str]]]
) -> dict[str | None, list[str]]:
    """Each side's distinct stances on a claim, worked out once per claim and page."""
    if claim_id not in cache:
        sides: dict[str | None, list[str]] = {}
        for ref in ctx.index.claims[claim_id].stances:
            stances = sides.setdefault(ref.side, [])
            if ref.stance not in stances:
                stances.append(ref.stance)
        cache[claim_id] = sides
    return cache[claim_id]


def _side_name(ctx: PageContext, side: str | None) -> str:
    return ctx.entity_link(side) if side else "Unattributed"
