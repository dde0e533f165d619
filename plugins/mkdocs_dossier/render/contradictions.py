"""The contradictions index: every dispute with its two camps side by side, each voice
with its quote, most contested first; then the claims that several sides agree on."""

from __future__ import annotations

from markupsafe import Markup

from ..disputes import MAX_DISPUTES_LISTED, MAX_QUOTES_PER_CAMP, Camp, Dispute
from .common import PageContext, counted, dispute_anchor, esc


def render_contradictions(ctx: PageContext) -> str:
    contest = ctx.contest
    disputes = counted(len(contest.disputes), "dispute")
    agreed = len(contest.corroborations)
    return ctx.titled("Contradictions", f"{disputes} in the dossier") + ctx.page(
        "dossier/contradictions.html",
        disputes_count=disputes,
        corroborated=agreed,
        corroborated_count=counted(agreed, "claim"),
        across=sum(1 for c in contest.corroborations if c.across_the_divide),
        disputes=Markup("".join(_kept(ctx, d) for d in contest.disputes[:MAX_DISPUTES_LISTED])),
        unlisted=max(0, len(contest.disputes) - MAX_DISPUTES_LISTED),
        corroborations=Markup(ctx.part(("corroborations",), lambda: _corroborations(ctx))),
    )


def _kept(ctx: PageContext, dispute: Dispute) -> str:
    """A dispute's section; the preview makes it again only when what it shows changed."""
    return ctx.part(("dispute", dispute_anchor(dispute)), lambda: _dispute(ctx, dispute))


def _dispute(ctx: PageContext, dispute: Dispute) -> str:
    first, second = dispute.camps
    if len(dispute.claim_ids) == 1:
        title = ctx.claim_link(dispute.claim_ids[0], mark_disputed=False)
        heads = ("Asserts", "Denies")
    else:
        title = (
            f"{ctx.claim_link(dispute.claim_ids[0], mark_disputed=False)} "
            f'<span class="dossier-versus">contradicts</span> '
            f"{ctx.claim_link(dispute.claim_ids[1], mark_disputed=False)}"
        )
        heads = (_holds(ctx, first), _holds(ctx, second))
    sides = (
        f'<p class="dossier-sides">{ctx.sides_summary(first.sides)} '
        f'<span class="dossier-versus">vs</span> {ctx.sides_summary(second.sides)}</p>'
    )
    camps = "".join(
        f'<div class="dossier-camp"><h4 class="dossier-camp-title">{head}</h4>'
        f"{ctx.by_side(camp.refs[:MAX_QUOTES_PER_CAMP], claim=camp.claim_id)}"
        f"{_more_quotes(ctx, camp)}</div>"
        for head, camp in zip(heads, dispute.camps, strict=True)
    )
    return (
        f'<section class="dossier-dispute" id="{esc(dispute_anchor(dispute))}">'
        f'<h3 class="dossier-dispute-title">{title}</h3>{sides}'
        f'<div class="dossier-camps">{camps}</div></section>'
    )


def _more_quotes(ctx: PageContext, camp: Camp) -> str:
    more = len(camp.refs) - MAX_QUOTES_PER_CAMP
    if more <= 0:
        return ""
    return (
        f'<p class="dossier-muted">And {more} more quotes: see '
        f"{ctx.claim_link(camp.claim_id, mark_disputed=False)}.</p>"
    )


def _holds(ctx: PageContext, camp: Camp) -> str:
    return f"Holds that {esc(_lower_first(ctx.dossier.claims[camp.claim_id].statement))}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _corroborations(ctx: PageContext) -> str:
    rows = []
    for item in ctx.contest.corroborations:
        info = ctx.index.claims[item.claim_id]
        badge = (
            ' <span class="dossier-badge dossier-badge--across">across the divide</span>'
            if item.across_the_divide
            else ""
        )
        rows.append(
            '<section class="dossier-corroboration">'
            f'<h3 class="dossier-dispute-title">{ctx.claim_link(item.claim_id)}{badge}</h3>'
            f'<p class="dossier-sides">Asserted by {ctx.sides_summary(item.sides)}</p>'
            f"<details><summary>{counted(len(info.stances), 'quote')}</summary>"
            f"{ctx.by_side(info.stances, claim=item.claim_id)}</details></section>"
        )
    return "".join(rows)
