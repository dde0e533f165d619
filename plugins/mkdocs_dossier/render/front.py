"""The home page's front door: a reader who arrives there learns at once where the
accounts disagree, who speaks, where it happened, and where to start.

The editor writes what happened, in two or three sentences, in `content/index.md`;
everything else on the front door is made from the dossier, so it fits any dossier and
never goes stale: each dispute, most contested first, with each side's position in one
line (its own words, a quote linked to where they stand, never words the dossier
writes for it); the key actors (most stances first); a small static map of the places,
linking to the map page; and a "start here" link to the most contested dispute.

The plugin hands over the home page's HTML once it is sanitised; the front door goes in
after the editor's introduction, before the page's first `<h2>` (at its end where it
has none), and its headings join the page's table of contents there. It is drawn by
`dossier/front.html` and `dossier/pieces/front.html`, which a site may override. The
home page is made again on every rebuild of the preview, so the work is bounded: at
most `MAX_DISPUTES` disputes and `MAX_SIDES` sides a camp, one pass over their stances,
and one over all stances for the key actors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Protocol

from ..disputes import Camp, Dispute
from ..index import StanceRef
from ..pipeline import Compiled
from .context import PageContext, dispute_anchor
from .contradictions import camp_heads
from .headings import Outline, Slugs, TocToken, ids_in
from .map import overview_map
from .templates import Templates
from .views import ClaimLink, Link, Quote, Stance
from .words import Words

MAX_DISPUTES = 10  # the most contested; the contradictions page lists the rest
MAX_SIDES = 4  # a camp's sides shown, each in one line
MAX_ACTORS = 8


@dataclass(frozen=True, slots=True)
class Position:
    """One side's position in one line: who says it (and for whom), and their words."""

    stance: Stance  # the claim is named only where it is not the one the camp holds
    quote: Quote


@dataclass(frozen=True, slots=True)
class FrontCamp:
    """One camp of a dispute: what it holds, and one position per side."""

    holds: str  # "Asserts", "Denies", or "Holds that ..." where two claims contradict
    positions: tuple[Position, ...]
    more: int  # sides not shown
    statement: str = ""  # the claim "Holds that" names, for the template to isolate


@dataclass(frozen=True, slots=True)
class FrontDispute:
    """A dispute as the front door shows it: its claims, its two camps, where it is in full."""

    claims: tuple[ClaimLink, ...]  # one claim, or two that contradict each other
    href: str  # the dispute, quote by quote, on the contradictions page
    camps: tuple[FrontCamp, FrontCamp]


@dataclass(frozen=True, slots=True)
class KeyActor:
    """An actor who speaks most, linked, with what it is and how often it takes a stance."""

    actor: Link
    role: str  # the actor's role, or its kind
    stances: str  # "12 stances"


class _Link(Protocol):
    """An entry of MkDocs' table of contents (`AnchorLink`), as far as it is read here."""

    @property
    def title(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def level(self) -> int: ...
    @property
    def children(self) -> Iterable[_Link]: ...


@dataclass(frozen=True, slots=True)
class FrontDoor:
    """What the front door is made from; `placed` draws it into the home page."""

    compiled: Compiled
    urls: dict[tuple[str, str], str]
    templates: Templates
    slugs: Slugs = field(default_factory=Slugs)
    language: str = "en"  # the site's (`theme.language`): its words, dates and plurals

    def placed(self, page: str, toc: Iterable[_Link]) -> tuple[str, list[TocToken]]:
        """The home page's HTML with the front door after its introduction, and its table
        of contents with the front door's headings in the same place."""
        outline = Outline(self.slugs, _taken=ids_in(page))  # no id the page has already
        ctx = PageContext(
            self.compiled,
            self.urls,
            templates=self.templates,
            outline=outline,
            words=Words(self.language),
        )
        door = render_front(ctx)
        tokens = [_token(link) for link in toc]
        made = [
            TocToken(level=h.level, id=h.id, name=h.name, children=[]) for h in outline.headings
        ]
        at = _first_h2(page)
        if at < 0:
            return page + "\n" + door, _after(tokens, made)
        return page[:at] + door + "\n" + page[at:], _before(tokens, made)


def render_front(ctx: PageContext) -> str:
    """The front door's HTML, its headings noted in `ctx.outline`."""
    contest = ctx.contest
    shown = contest.disputes[:MAX_DISPUTES]
    start = Link(ctx.url("index", "sources"), ctx.tr("the sources"))
    if shown:
        start = Link(
            ctx.url("index", "contradictions", dispute_anchor(shown[0])),
            ctx.statement_of(shown[0].claim_ids[0]),
        )
    return ctx.page(
        "dossier/front.html",
        start=start,
        disputed=bool(shown),
        disputes_count=ctx.counted(
            "%(count)s dispute", "%(count)s disputes", len(contest.disputes)
        ),
        disputes=[_dispute(ctx, dispute) for dispute in shown],
        unlisted=len(contest.disputes) - len(shown),
        contradictions=ctx.url("index", "contradictions"),
        actors=_key_actors(ctx),
        all_actors=ctx.url("index", "actors"),
        map=overview_map(ctx, "front-map", ctx.url("index", "map")),
        map_page=ctx.url("index", "map"),
    )


def _dispute(ctx: PageContext, dispute: Dispute) -> FrontDispute:
    first, second = dispute.camps
    heads = camp_heads(ctx, dispute)
    return FrontDispute(
        tuple(ctx.claim(claim_id, mark_disputed=False) for claim_id in dispute.claim_ids),
        ctx.url("index", "contradictions", dispute_anchor(dispute)),
        (_camp(ctx, heads[0], first, second), _camp(ctx, heads[1], second, first)),
    )


def _camp(ctx: PageContext, head: tuple[str, str], camp: Camp, other: Camp) -> FrontCamp:
    """One line per side: the side's strongest quote in this camp. A quote the other camp
    cites too (the outlet telling both sides at once) is not one side's position; a
    stance on the claim this camp holds beats a denial of the other; then the shortest."""
    theirs = {ref.passage.anchor.anchor_id for ref in other.refs}
    best: dict[str | None, tuple[tuple[bool, bool, int], StanceRef]] = {}
    for ref in camp.refs:
        rank = (
            ref.passage.anchor.anchor_id in theirs,
            ref.claim_id != camp.claim_id,
            len(ref.passage.quote),
        )
        if ref.side not in best or rank < best[ref.side][0]:
            best[ref.side] = (rank, ref)
    positions = tuple(
        Position(ctx.stance(ref, with_claim=ref.claim_id != camp.claim_id), ctx.quote(ref.passage))
        for _, ref in list(best.values())[:MAX_SIDES]
    )
    return FrontCamp(head[0], positions, max(0, len(best) - MAX_SIDES), head[1])


def _key_actors(ctx: PageContext) -> tuple[KeyActor, ...]:
    """The actors with most stances, their own or taken for them (a minister's count for
    the state too); the outlets' own narration is not an actor's stance."""
    taken: Counter[str] = Counter()
    for info in ctx.index.claims.values():
        for ref in info.stances:
            if ref.outlet_voice:
                continue
            if ref.speaker is not None:
                taken[ref.speaker] += 1
            if ref.side is not None and ref.side != ref.speaker:
                taken[ref.side] += 1
    ranked = sorted(
        (ident for ident in taken if ident in ctx.dossier.actors),
        key=lambda ident: (-taken[ident], ctx.name_of(ident).lower()),
    )
    return tuple(
        KeyActor(
            ctx.entity(ident),
            _role(ctx, ident),
            ctx.counted("%(count)s stance", "%(count)s stances", taken[ident]),
        )
        for ident in ranked[:MAX_ACTORS]
    )


class _FirstH2(HTMLParser):
    """Where the first <h2> tag starts, found by HTML's own tokenising: never inside an
    attribute's value or a text, whatever the sanitiser leaves there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: tuple[int, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2" and self.found is None:
            self.found = self.getpos()


def _first_h2(page: str) -> int:
    """The offset of the page's first <h2> tag; -1: it has none."""
    parser = _FirstH2()
    parser.feed(page)
    parser.close()
    if parser.found is None:
        return -1
    line, column = parser.found  # lines as the parser counts them: at "\n" only
    start = 0
    for _ in range(line - 1):
        start = page.index("\n", start) + 1
    return start + column


def _role(ctx: PageContext, ident: str) -> str:
    """The actor's role, as written; else its kind, as a word ("Armed group")."""
    actor = ctx.dossier.actors[ident]
    return actor.role or actor.kind.replace("-", " ").capitalize()


def _token(link: _Link) -> TocToken:
    return TocToken(
        level=link.level,
        id=link.id,
        name=link.title,
        children=[_token(child) for child in link.children],
    )


def _before(tokens: list[TocToken], made: list[TocToken]) -> list[TocToken]:
    """The front door's headings before the page's first <h2>: under its <h1>, if any."""
    if tokens and tokens[0]["level"] == 1:
        return [{**tokens[0], "children": made + tokens[0]["children"]}, *tokens[1:]]
    return made + tokens


def _after(tokens: list[TocToken], made: list[TocToken]) -> list[TocToken]:
    if tokens and tokens[-1]["level"] == 1:
        return [*tokens[:-1], {**tokens[-1], "children": tokens[-1]["children"] + made}]
    return tokens + made
