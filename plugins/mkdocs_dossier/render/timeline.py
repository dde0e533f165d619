"""The timeline: sources and dated stances in time order, each date as precise as known.

Dates sort by their earliest possible day; each shows as written in words ("November
2015", "about 24 November 2015"), so a month is never passed off as a day. Items
with no date are listed after, as such.
"""

from __future__ import annotations

from ..dates import FuzzyDate, parse_date
from .common import PageContext, esc, items


def render_timeline(ctx: PageContext) -> str:
    dated: list[tuple[FuzzyDate, int, str]] = []
    undated: list[str] = []
    for source_id, source in ctx.dossier.sources.items():
        outlet = f", {esc(ctx.name_of(source.outlet))}" if source.outlet else ""
        line = (
            f'<span class="dossier-kicker">Published</span> '
            f'<a href="{ctx.href("sources", source_id)}">{esc(source.title)}</a>{outlet}'
        )
        if source.published:
            dated.append((parse_date(source.published), 0, line))
        else:
            undated.append(line)
    for info in ctx.index.claims.values():
        for ref in info.stances:
            if ref.when:
                line = f"{ctx.stance_line(ref)} {ctx.passage_link(ref.passage, '(the quote)')}"
                dated.append((parse_date(ref.when), 1, line))
    dated.sort(key=lambda item: (item[0].start, item[0].text, item[1], item[2]))
    rows = "".join(
        f'<li><time datetime="{esc(date.start)}" class="dossier-date">{esc(date.label)}'
        f"</time> {line}</li>"
        for date, _, line in dated
    )
    parts = [
        ctx.titled("Timeline", "Sources and dated statements in time order"),
        ctx.block(
            '<p class="dossier-kicker">Timeline</p>',
            "<h1>Timeline</h1>",
            '<p class="dossier-lede">Sources and dated statements in time order. A date is '
            'shown as precisely as it is known: a month stays a month, and "about" marks '
            "a date the dossier infers rather than one an outlet printed.</p>",
            f'<ol class="dossier-timeline">{rows}</ol>' if rows else "<p>Nothing is dated.</p>",
        ),
    ]
    if undated:
        parts += ["## Date not known\n", ctx.block(items(undated))]
    return "".join(parts)
