"""The timeline: sources and dated stances in time order, each date as precise as known.

Dates sort by their earliest possible day; each shows as written in words ("November
2015", "about 24 November 2015"), so a month is never passed off as a day. Items
with no date are listed after, as such.
"""

from __future__ import annotations

from markupsafe import Markup

from ..dates import FuzzyDate, parse_date
from .common import PageContext, esc


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
    return ctx.titled("Timeline", "Sources and dated statements in time order") + ctx.page(
        "dossier/timeline.html",
        dated=[(date, Markup(line)) for date, _, line in dated],
        undated=[Markup(line) for line in undated],
    )
