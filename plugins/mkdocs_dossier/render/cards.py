"""The card beside a highlighted quote: who speaks, their stance, the claim and its
status, the other sides' stances, and links on. One inert `<template>` per quote,
made by `dossier/pieces/card.html` like the rest of the page; `dossier.js` clones it
next to the highlight, so the card needs no request and no HTML built in script.

A card's lines are the same on every card that shows the same voice or claim, on
every page at the same depth: each is made once a build by its macro (`Made`), so a
page of many cards does not make them again.
"""

from __future__ import annotations

from markupsafe import Markup

from ..index import Passage, StanceRef, stance_refs_of
from ..languages import direction
from .context import PageContext
from .source_views import Card, CardStance, Made, OtherSide
from .views import Stance

EXCERPT = 90  # characters of the quote shown to say which annotation the card is
CARD_TEMPLATE = "dossier/pieces/card.html"
LINKS_TEMPLATE = "dossier/pieces/links.html"
STANCE_TEMPLATE = "dossier/pieces/stance.html"

Rows = tuple[tuple[str | None, Markup], ...]  # each side taking a stance on a claim: its row


class Pieces:
    """The macros a source page's lines are made with, got once a page, and `made`,
    which makes each line once a build."""

    __slots__ = (
        "claim_link",
        "claim_status",
        "ctx",
        "link",
        "made",
        "other_side",
        "stance",
        "stance_verb",
    )

    def __init__(self, ctx: PageContext) -> None:
        self.ctx = ctx
        self.made = made = Made(ctx)
        self.link = made.templates.macro(LINKS_TEMPLATE, "link")
        self.claim_link = made.templates.macro(LINKS_TEMPLATE, "claim_link")
        self.stance = made.templates.macro(STANCE_TEMPLATE, "stance")
        self.stance_verb = made.templates.macro(LINKS_TEMPLATE, "stance_verb")
        self.claim_status = made.templates.macro(CARD_TEMPLATE, "claim_status")
        self.other_side = made.templates.macro(CARD_TEMPLATE, "other_side")

    def entity(self, ident: str | None) -> Markup:
        """An actor or place, linked (the `link` macro)."""
        link = self.ctx.entity(ident)
        return self.made(("made-link", link.href, link.text), lambda: self.link(link))

    def verb(self, stance: str) -> Markup:
        """A stance's verb, marked by its kind (`stance_verb`)."""
        return self.made(("made-verb", stance), lambda: self.stance_verb(stance))

    def claim(self, claim_id: str, status: str = "", mark_disputed: bool = True) -> Markup:
        """A claim, linked and marked when disputed (`claim_link`); with a `status`, the
        link unmarked and the status after it (`claim_status`, on cards)."""
        if status:
            link = self.ctx.claim(claim_id, mark_disputed=False)
            key = ("made-claim-status", link.href, status)
            return self.made(key, lambda: self.claim_status(link, status))
        link = self.ctx.claim(claim_id, mark_disputed)
        return self.made(("made-claim", link.href, link.badge), lambda: self.claim_link(link))

    def who(self, speaker: str | None, verb: str, outlet_voice: bool, side: str | None) -> Markup:
        """Who takes a stance, for whom, and the verb (the `stance` macro, no claim)."""
        # Keyed by the links' addresses: they hold the ids and the depth of the page.
        speaking = self.ctx.entity(speaker)
        speaking_for = self.ctx.entity(side) if side else None
        key: tuple[str, ...] = ("made-who", speaking.href, speaking.text, verb, str(outlet_voice))
        key += (speaking_for.href,) if speaking_for else ()
        return self.made(
            key, lambda: self.stance(Stance(verb, speaking, outlet_voice, speaking_for))
        )


def cards(ctx: PageContext, passages: list[Passage], pieces: Pieces) -> tuple[Card, ...]:
    return tuple(_card(ctx, pieces, n, p) for n, p in enumerate(passages, 1))


def stance_refs(ctx: PageContext, passage: Passage) -> list[StanceRef]:
    """The passage's stances with their speaker and side, in the order written."""
    outlet = ctx.dossier.sources[passage.source_id].outlet
    return stance_refs_of([passage], outlet, ctx.index.sides)[0]


def _card(ctx: PageContext, pieces: Pieces, n: int, passage: Passage) -> Card:
    words = " ".join(passage.quote.split())
    excerpt = words if len(words) <= EXCERPT else words[:EXCERPT].rsplit(" ", 1)[0] + "…"
    return Card(
        passage.anchor.anchor_id,
        n,
        excerpt,
        tuple(_stance(ctx, pieces, ref) for ref in stance_refs(ctx, passage)),
        tuple(pieces.entity(m) for m in passage.annotation.mentions),
        *quote_language(ctx, passage),
    )


def quote_language(ctx: PageContext, passage: Passage) -> tuple[str, str]:
    """The quote's language (its own, else its source's) and that language's direction."""
    language = passage.annotation.language or ctx.dossier.sources[passage.source_id].language
    return language, direction(language)


def _stance(ctx: PageContext, pieces: Pieces, ref: StanceRef) -> CardStance:
    side = ref.side if not ref.outlet_voice and ref.side and ref.side != ref.speaker else None
    rows = [row for other, row in _rows(ctx, pieces, ref.claim_id, False) if other != ref.side]
    for opposite in ctx.index.claims[ref.claim_id].contradicts:  # the opposite claim's backers
        rows += [row for other, row in _rows(ctx, pieces, opposite, True) if other != ref.side]
    return CardStance(
        pieces.who(ref.speaker, ref.stance, ref.outlet_voice, side),
        pieces.claim(ref.claim_id, ctx.index.statuses[ref.claim_id]),
        tuple(rows),
    )


def _rows(ctx: PageContext, pieces: Pieces, claim_id: str, opposite: bool) -> Rows:
    """Each side's row on a claim: its distinct stances (and the claim, where it is the
    one contradicting the card's), made once a build for pages at this depth."""

    def make() -> Rows:
        sides: dict[str | None, list[str]] = {}
        for ref in ctx.index.claims[claim_id].stances:
            stances = sides.setdefault(ref.side, [])
            if ref.stance not in stances:
                stances.append(ref.stance)
        claim = pieces.claim(claim_id, mark_disputed=False) if opposite else None
        return tuple(
            (
                side,
                pieces.other_side(
                    OtherSide(
                        pieces.entity(side) if side else None,
                        tuple(pieces.verb(verb) for verb in verbs),
                        claim,
                    )
                ),
            )
            for side, verbs in sides.items()
        )

    key = ("made-rows", ctx.url("claims", claim_id), "opposite" if opposite else "")
    return pieces.made(key, make)
