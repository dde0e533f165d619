"""The contradictions index: every dispute with its two camps side by side, each voice
with its quote, most contested first; then the claims that several sides agree on.

Each dispute, and the corroborations, is a part the preview keeps while what it read is
unchanged: it reads the dispute through the page's tracked view, by its place in the
ranking, so every read is its own (a part that closed over a dispute fetched outside
would miss an edit to one of its stances).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..disputes import MAX_DISPUTES_LISTED, MAX_QUOTES_PER_CAMP, Camp, Dispute
from .context import PageContext, dispute_anchor
from .views import ClaimLink, SideVoices


@dataclass(frozen=True, slots=True)
class CampView:
    """One camp of a dispute: what it holds, its voices by side, and how many quotes
    are left for the claim's own page."""

    holds: str  # "Asserts", "Denies", or "Holds that ..." where two claims contradict
    sides: tuple[SideVoices, ...]
    more: int
    claim: ClaimLink
    statement: str = ""  # the claim "Holds that" names, for the template to isolate


@dataclass(frozen=True, slots=True)
class DisputeView:
    anchor: str
    claims: tuple[ClaimLink, ...]  # one claim, or two that contradict each other
    sides: tuple[tuple[str, ...], tuple[str, ...]]
    camps: tuple[CampView, CampView]


@dataclass(frozen=True, slots=True)
class CorroborationView:
    claim: ClaimLink
    across_the_divide: bool
    sides: tuple[str, ...]
    quotes: str  # "2 quotes"
    stances: tuple[SideVoices, ...]


def render_contradictions(ctx: PageContext) -> str:
    contest = ctx.contest
    disputes = ctx.counted("%(count)s dispute", "%(count)s disputes", len(contest.disputes))
    agreed = len(contest.corroborations)
    listed = min(len(contest.disputes), MAX_DISPUTES_LISTED)
    return ctx.titled(
        ctx.tr("Contradictions"), ctx.tr("%(disputes)s in the dossier", disputes=disputes)
    ) + ctx.page(
        "dossier/contradictions.html",
        disputes_count=disputes,
        corroborated=agreed,
        corroborated_count=ctx.counted("%(count)s claim", "%(count)s claims", agreed),
        across=sum(1 for c in contest.corroborations if c.across_the_divide),
        disputes=[_kept(ctx, rank) for rank in range(listed)],
        unlisted=max(0, len(contest.disputes) - MAX_DISPUTES_LISTED),
        corroborations=ctx.part(
            ("corroborations",),
            lambda: ctx.piece("dossier/pieces/disputes.html", "corroborations", _agreed(ctx)),
        ),
    )


def _kept(ctx: PageContext, rank: int) -> str:
    """A dispute's section; the preview makes it again only when what it shows changed."""
    anchor = dispute_anchor(ctx.contest.disputes[rank])
    return ctx.part(
        ("dispute", anchor),
        lambda: ctx.piece("dossier/pieces/disputes.html", "dispute", _dispute(ctx, rank)),
    )


def _dispute(ctx: PageContext, rank: int) -> DisputeView:
    dispute = ctx.contest.disputes[rank]
    first, second = dispute.camps
    claims = tuple(ctx.claim(claim_id, mark_disputed=False) for claim_id in dispute.claim_ids)
    heads = camp_heads(ctx, dispute)
    return DisputeView(
        dispute_anchor(dispute),
        claims,
        (_names(ctx, first.sides), _names(ctx, second.sides)),
        (_camp(ctx, heads[0], first), _camp(ctx, heads[1], second)),
    )


def _camp(ctx: PageContext, head: tuple[str, str], camp: Camp) -> CampView:
    return CampView(
        head[0],
        ctx.side_groups(camp.refs[:MAX_QUOTES_PER_CAMP], claim=camp.claim_id),
        max(0, len(camp.refs) - MAX_QUOTES_PER_CAMP),
        ctx.claim(camp.claim_id, mark_disputed=False),
        head[1],
    )


def _names(ctx: PageContext, sides: list[str | None]) -> tuple[str, ...]:
    return tuple(ctx.name_of(side) for side in sides)


def camp_heads(ctx: PageContext, dispute: Dispute) -> tuple[tuple[str, str], tuple[str, str]]:
    """Each camp's heading, and the statement in it where two claims contradict ("Holds
    that the jet ..."; a template isolates it, being in the dossier's language)."""
    if len(dispute.claim_ids) == 1:
        return (ctx.tr("Asserts"), ""), (ctx.tr("Denies"), "")
    first, second = (_lower_first(ctx.statement_of(camp.claim_id)) for camp in dispute.camps)
    return (
        (ctx.tr("Holds that %(statement)s", statement=first), first),
        (ctx.tr("Holds that %(statement)s", statement=second), second),
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _agreed(ctx: PageContext) -> tuple[CorroborationView, ...]:
    found = []
    for item in ctx.contest.corroborations:
        info = ctx.index.claims[item.claim_id]
        found.append(
            CorroborationView(
                ctx.claim(item.claim_id),
                item.across_the_divide,
                _names(ctx, item.sides),
                ctx.counted("%(count)s quote", "%(count)s quotes", len(info.stances)),
                ctx.side_groups(info.stances, claim=item.claim_id),
            )
        )
    return tuple(found)
