"""One index page per kind: the way in to entity pages, which stay out of the nav."""

from __future__ import annotations

from .context import PageContext
from .i18n import N_
from .views import Fact, Link
from .words import ACTOR_KINDS, LOCATION_KINDS

INTRO = {
    "sources": N_("The articles this dossier is built from, with every annotated quote."),
    "actors": N_("Every person, state, body and group that speaks or is spoken of."),
    "claims": N_("Each claim is one neutral proposition; its page shows who asserts or denies it."),
    "locations": N_("Every place named in the articles, with coordinates where known."),
}
TITLES = {
    "sources": N_("Sources"),
    "actors": N_("Actors"),
    "claims": N_("Claims"),
    "locations": N_("Locations"),
}


COLUMNS = {
    "sources": (N_("Title"), N_("Outlet"), N_("Published"), N_("Annotations")),
    "actors": (N_("Name"), N_("Kind"), N_("Role"), N_("Stances"), N_("Mentions")),
    "claims": (N_("Claim"), N_("Status"), N_("Stances")),
    "locations": (N_("Name"), N_("Kind"), N_("Coordinates"), N_("Mentions")),
}


def _rows(ctx: PageContext, kind: str) -> list[list[Fact]]:
    """The index table's rows, a typed cell a column (`pieces/facts.html` lays them out)."""
    dossier, index = ctx.dossier, ctx.index
    if kind == "sources":
        return [
            [
                Fact(N_("Title"), "link", Link(ctx.url("sources", sid), s.title)),
                Fact(N_("Outlet"), "link", ctx.entity(s.outlet))
                if s.outlet
                else _text(N_("Outlet"), ""),
                _text(N_("Published"), ctx.words.date(s.published or "") or ctx.tr("not known")),
                _text(N_("Annotations"), index.counts[("sources", sid)].quotes),
            ]
            for sid, s in dossier.sources.items()
        ]
    if kind == "actors":
        return [
            [
                Fact(N_("Name"), "link", ctx.entity(aid)),
                _text(N_("Kind"), ctx.tr(ACTOR_KINDS[a.kind])),
                _text(N_("Role"), a.role or ""),
                _text(N_("Stances"), index.counts[("entities", aid)].said_by),
                _text(N_("Mentions"), index.counts[("entities", aid)].quotes),
            ]
            for aid, a in sorted(dossier.actors.items(), key=lambda kv: kv[1].name.lower())
        ]
    if kind == "claims":
        return [
            [
                Fact(N_("Claim"), "link", Link(ctx.url("claims", cid), c.statement)),
                Fact(N_("Status"), "badge", index.statuses[cid]),
                _text(N_("Stances"), index.counts[("claims", cid)].quotes),
            ]
            for cid, c in dossier.claims.items()
        ]
    return [
        [
            Fact(N_("Name"), "link", ctx.entity(lid)),
            _text(N_("Kind"), ctx.tr(LOCATION_KINDS[loc.kind])),
            _text(
                N_("Coordinates"),
                "{:.4f}, {:.4f}".format(*loc.coordinates)
                if loc.coordinates
                else ctx.tr("not known"),
            ),
            _text(N_("Mentions"), index.counts[("entities", lid)].quotes),
        ]
        for lid, loc in sorted(dossier.locations.items(), key=lambda kv: kv[1].name.lower())
    ]


def _text(column: str, value: str | int) -> Fact:
    return Fact(column, "text", value)


def render_index(ctx: PageContext, kind: str) -> str:
    title, intro = ctx.tr(TITLES[kind]), ctx.tr(INTRO[kind])
    return ctx.titled(title, intro) + ctx.page(
        "dossier/index.html",
        kind=kind,
        title=title,
        intro=intro,
        count=len(ctx.dossier.of_kind(kind)),
        columns=COLUMNS[kind],
        rows=_rows(ctx, kind),
    )
