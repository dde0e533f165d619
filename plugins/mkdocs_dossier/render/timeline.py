"""The timeline: the story in time order, from what the dossier says happened, what was
said when, and what was published when, each as precise as it is known.

Entries are the events claims say happened (`occurred`: the accounts of its time, marked
where they differ, `chronology`), the stances whose time is known (`when`), and the
sources' publications. They sort by day, a day before the times of that day, times by
the instant they name; each day (or month, or year, where no more is known) is a
heading. Every entry links to its claim, quote or source, and carries the facets the
page's filters keep (who gives it, the side they speak for): without JavaScript every
entry is shown, with its actor and side named. Items with no date come after, as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..chronology import differing
from ..dates import FuzzyDate, parse_date
from ..index import StanceRef
from ..model import Account
from .citations import citation_views
from .context import PageContext
from .filters import OUTLET, Facets
from .i18n import N_
from .prose import prose
from .views import Account as AccountView
from .views import FilterItem, Link, Moment, TimelineDay, TimelineEntry
from .words import Words


@dataclass(frozen=True, slots=True)
class _Dated:
    date: FuzzyDate
    order: tuple[str, ...]  # entries at one time: events, then stances, then sources
    entry: TimelineEntry


def moment(date: FuzzyDate, words: Words) -> Moment:
    """A date as the timeline shows it, in the site's words: the day apart from the time."""
    approximate_day = date.approximate and not date.time
    return Moment(words.date(date.text), words.time(date), date.iso, approximate_day)


def _day_of(date: FuzzyDate, words: Words) -> tuple[str, str]:
    """The heading a date goes under: its day, where it names one; else as written."""
    first = date.text.lstrip("~")
    if not date.is_range and len(first) >= 10:
        return date.start, words.day(date.start)
    return date.text, words.date(date.text)


def render_timeline(ctx: PageContext) -> str:
    facets = Facets()
    dated = _events(ctx, facets) + _stances(ctx, facets)
    undated: list[TimelineEntry] = []
    for source_id, source in ctx.dossier.sources.items():
        link = Link(ctx.url("sources", source_id), source.title)
        outlet = ctx.name_of(source.outlet) if source.outlet else ""
        voices = {source.outlet: outlet} if source.outlet else {}
        item = facets.add(voices, {}, {}, False)
        if source.published:
            date = parse_date(source.published)
            entry = TimelineEntry(
                "source", moment(date, ctx.words), item, source=link, outlet=outlet
            )
            dated.append(_Dated(date, ("2", link.href, link.text), entry))
        else:
            undated.append(
                TimelineEntry("source", Moment("", "", ""), item, source=link, outlet=outlet)
            )
    dated.sort(key=lambda d: (d.date.sort_key, d.order))
    days: dict[str, tuple[str, list[TimelineEntry]]] = {}
    for d in dated:
        key, label = _day_of(d.date, ctx.words)
        days.setdefault(key, (label, []))[1].append(d.entry)
    differ = sum(1 for d in dated if d.entry.differs)
    title = ctx.titled(
        ctx.tr("Timeline"), ctx.tr("What happened, what was said and what was published, in order")
    )
    return title + ctx.page(
        "dossier/timeline.html",
        days=[TimelineDay(label, tuple(entries)) for label, entries in days.values()],
        undated=undated,
        differ=differ,
        filters=facets.form(N_("entries")),
    )


def _events(ctx: PageContext, facets: Facets) -> list[_Dated]:
    """Each claim that says when it happened: one entry, at its earliest account."""
    found = []
    for claim_id, claim in ctx.dossier.claims.items():
        accounts = claim.accounts
        if not accounts:
            continue
        dates = [parse_date(a.at) for a in accounts]
        checked = zip(accounts, dates, strict=True)
        differs = differing([d if a.unverified is None else None for a, d in checked])
        made = sorted(zip(dates, accounts, differs, strict=True), key=lambda made: made[0].sort_key)
        views = tuple(_account(ctx, account, date, differ) for date, account, differ in made)
        # Placed at the earliest of its most precise accounts that someone vouches for:
        # a bare day agrees with any time of that day, and says less.
        vouched = [d for a, d in zip(accounts, dates, strict=True) if a.unverified is None]
        timed = [d for d in vouched or dates if d.time] or vouched or dates
        first = min(timed, key=lambda d: d.sort_key)
        voices = {a.according_to: ctx.name_of(a.according_to) for a in accounts if a.according_to}
        sides: dict[str, str] = {}
        for actor in voices:
            side = ctx.index.sides.get(actor) or actor
            sides.setdefault(side, ctx.name_of(side))
        disputed = ctx.status_of(claim_id) == "disputed"
        item = facets.add(voices, sides, {}, disputed)
        entry = TimelineEntry(
            "event",
            moment(first, ctx.words),
            item,
            claim=ctx.claim(claim_id),
            accounts=views,
            differs=any(differs),
        )
        found.append(_Dated(first, ("0", claim_id), entry))
    return found


def _account(ctx: PageContext, account: Account, date: FuzzyDate, differs: bool) -> AccountView:
    who = ctx.entity(account.according_to) if account.according_to else None
    source = None
    if account.source:
        source = Link(ctx.url("sources", account.source), ctx.dossier.sources[account.source].title)
    unverified = prose(account.unverified) if account.unverified is not None else None
    return AccountView(
        moment(date, ctx.words), who, source, citation_views(account.cite), unverified, differs
    )


def _stance_item(ctx: PageContext, facets: Facets, ref: StanceRef) -> FilterItem:
    """A stance's facets on the timeline: who took it and for which side; no claim menu
    (the timeline is read by who and when, and its statements would make it too wide)."""
    voice = ref.speaker or OUTLET
    side = ref.side or OUTLET
    voice_label = ctx.name_of(ref.speaker) if ref.speaker else ctx.tr("the outlet")
    side_label = ctx.name_of(ref.side) if ref.side else ctx.tr("the outlet")
    disputed = ctx.status_of(ref.claim_id) == "disputed"
    return facets.add({voice: voice_label}, {side: side_label}, {}, disputed)


def _stances(ctx: PageContext, facets: Facets) -> list[_Dated]:
    """Each stance whose time is known, with its quote and where that time comes from."""
    found = []
    for info in ctx.index.claims.values():
        for ref in info.stances:
            if not ref.when:
                continue
            date = parse_date(ref.when)
            stance = ctx.stance(ref)
            speaker = stance.speaker or Link("", "")
            entry = TimelineEntry(
                "stance",
                moment(date, ctx.words),
                _stance_item(ctx, facets, ref),
                stance=stance,
                quote=ctx.quote(ref.passage),
                citations=citation_views(ref.cite),
            )
            order = ("1", speaker.kind, speaker.href, speaker.text, ref.stance, ref.claim_id)
            found.append(_Dated(date, order, entry))
    return found
