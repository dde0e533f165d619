"""The card beside a highlighted quote: who speaks, their stance, the claim and its
status, the other sides' stances, and links on. One inert `<template>` per quote,
made by `dossier/pieces/card.html` like the rest of the page; `dossier.js` clones it
next to the highlight, so the card needs no request and no HTML built in script.

A claim's "other sides" rows are the same on every card that names the claim, on
every page at the same depth: each is made once a build by the template's
`other_side` macro and kept in `PageContext.shared` (a tracked rendering notes what
making it read, as for links), so a page of many cards does not remake them.
"""

from __future__ import annotations

from markupsafe import Markup

from ..index import Passage, StanceRef, stance_refs_of
from .common import PageContext
from .source_views import Card, CardStance, OtherSide
from .templates import default_templates
from .views import Stance

EXCERPT = 90  # characters of the quote shown to say which annotation the card is
CARD_TEMPLATE = "dossier/pieces/card.html"

Rows = tuple[tuple[str | None, Markup], ...]  # each side of a claim and its row


def cards(ctx: PageContext, passages: list[Passage]) -> tuple[Card, ...]:
    module = (ctx.templates or default_templates()).get(CARD_TEMPLATE).module
    row = module.other_side  # type: ignore[attr-defined]  # a macro of the template
    return tuple(_card(ctx, row, n, p) for n, p in enumerate(passages, 1))


def stance_refs(ctx: PageContext, passage: Passage) -> list[StanceRef]:
    """The passage's stances with their speaker and side, in the order written."""
    outlet = ctx.dossier.sources[passage.source_id].outlet
    return stance_refs_of([passage], outlet, ctx.index.sides)[0]


def _card(ctx: PageContext, row: object, n: int, passage: Passage) -> Card:
    words = " ".join(passage.quote.split())
    excerpt = words if len(words) <= EXCERPT else words[:EXCERPT].rsplit(" ", 1)[0] + "…"
    return Card(
        passage.anchor.anchor_id,
        n,
        excerpt,
        tuple(_stance(ctx, row, ref) for ref in stance_refs(ctx, passage)),
        tuple(ctx.entity(m) for m in passage.annotation.mentions),
    )


def _stance(ctx: PageContext, row: object, ref: StanceRef) -> CardStance:
    side = None
    if not ref.outlet_voice and ref.side and ref.side != ref.speaker:
        side = ctx.entity(ref.side)
    rows = [made for other, made in _rows(ctx, row, ref.claim_id, False) if other != ref.side]
    for opposite in ctx.index.claims[ref.claim_id].contradicts:  # the opposite claim's backers
        rows += [made for other, made in _rows(ctx, row, opposite, True) if other != ref.side]
    return CardStance(
        Stance(ref.stance, ctx.entity(ref.speaker), ref.outlet_voice, side),
        ctx.claim(ref.claim_id, mark_disputed=False),
        ctx.index.statuses[ref.claim_id],
        tuple(rows),
    )


def _rows(ctx: PageContext, row: object, claim_id: str, opposite: bool) -> Rows:
    """Each side's row on a claim: its distinct stances (and the claim, where it is the
    one contradicting the card's), made once a build for pages at this depth."""
    key = ("card-rows", ctx.url("claims", claim_id), "opposite" if opposite else "")
    if key not in ctx.shared:
        sides: dict[str | None, list[str]] = {}
        for ref in ctx.index.claims[claim_id].stances:
            stances = sides.setdefault(ref.side, [])
            if ref.stance not in stances:
                stances.append(ref.stance)
        claim = ctx.claim(claim_id, mark_disputed=False) if opposite else None
        ctx.shared[key] = tuple(
            # The macro's own output, a template's HTML made with autoescaping: passed on
            # as it is (Markup) into the card, which the same template makes.
            (side, row(OtherSide(ctx.entity(side) if side else None, tuple(stances), claim)))  # type: ignore[operator]
            for side, stances in sides.items()
        )
    made: Rows = ctx.shared[key]
    return made
