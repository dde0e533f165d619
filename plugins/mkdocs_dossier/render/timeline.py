"""The timeline: sources and dated stances in time order, each date as precise as known.

Dates sort by their earliest possible day; each shows in words, in the site's language
("November 2015", "about November 24, 2015": `words`), so a month is never passed off
as a day. Items
with no date are listed after, as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..dates import FuzzyDate, parse_date
from .context import PageContext
from .views import Link, Stance


@dataclass(frozen=True, slots=True)
class Entry:
    """A line of the timeline: a source published, or a stance taken (with its quote)."""

    source: Link | None = None
    outlet: str = ""
    stance: Stance | None = None
    quote_href: str = ""


@dataclass(frozen=True, slots=True)
class Said:
    """A date as the timeline shows it: its first day, and in the site's words."""

    start: str
    label: str


def render_timeline(ctx: PageContext) -> str:
    dated: list[tuple[FuzzyDate, tuple[str, ...], Entry]] = []
    undated: list[Entry] = []
    for source_id, source in ctx.dossier.sources.items():
        outlet = ctx.name_of(source.outlet) if source.outlet else ""
        link = Link(ctx.url("sources", source_id), source.title)
        entry = Entry(link, outlet)
        if source.published:
            dated.append((parse_date(source.published), ("0", link.href, link.text), entry))
        else:
            undated.append(entry)
    for info in ctx.index.claims.values():
        for ref in info.stances:
            if ref.when:
                passage = ref.passage
                href = ctx.url("sources", passage.source_id, passage.anchor.anchor_id)
                stance = ctx.stance(ref)
                speaker = stance.speaker or Link("", "")
                order = ("1", speaker.kind, speaker.href, speaker.text, ref.stance, ref.claim_id)
                dated.append((parse_date(ref.when), order, Entry(stance=stance, quote_href=href)))
    dated.sort(key=lambda item: (item[0].start, item[0].text, item[1]))
    return ctx.titled("Timeline", "Sources and dated statements in time order") + ctx.page(
        "dossier/timeline.html",
        dated=[(Said(date.start, ctx.words.date(date.text)), entry) for date, _, entry in dated],
        undated=undated,
    )
