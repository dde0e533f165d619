"""One index page per kind: the way in to entity pages, which stay out of the nav."""

from __future__ import annotations

from markupsafe import Markup

from .common import PageContext, esc, status_badge

INTRO = {
    "sources": "The articles this dossier is built from, with every annotated quote.",
    "actors": "Every person, state, body and group that speaks or is spoken of.",
    "claims": "Each claim is one neutral proposition; its page shows who asserts or denies it.",
    "locations": "Every place named in the articles, with coordinates where known.",
}
TITLES = {"sources": "Sources", "actors": "Actors", "claims": "Claims", "locations": "Locations"}


COLUMNS = {
    "sources": ("Title", "Outlet", "Published", "Annotations"),
    "actors": ("Name", "Kind", "Role", "Stances", "Mentions"),
    "claims": ("Claim", "Status", "Stances"),
    "locations": ("Name", "Kind", "Coordinates", "Mentions"),
}


def _rows(ctx: PageContext, kind: str) -> list[list[str | int]]:
    """The index table's rows: plain values, and Markup for links built here."""
    dossier, index = ctx.dossier, ctx.index
    if kind == "sources":
        return [
            [
                Markup(f'<a href="{ctx.href("sources", sid)}">{esc(s.title)}</a>'),
                Markup(ctx.entity_link(s.outlet)) if s.outlet else "",
                s.published or "not known",
                index.counts[("sources", sid)].quotes,
            ]
            for sid, s in dossier.sources.items()
        ]
    if kind == "actors":
        return [
            [
                Markup(ctx.entity_link(aid)),
                a.kind.replace("-", " "),
                a.role or "",
                index.counts[("entities", aid)].said_by,
                index.counts[("entities", aid)].quotes,
            ]
            for aid, a in sorted(dossier.actors.items(), key=lambda kv: kv[1].name.lower())
        ]
    if kind == "claims":
        return [
            [
                Markup(f'<a href="{ctx.href("claims", cid)}">{esc(c.statement)}</a>'),
                Markup(status_badge(index.statuses[cid])),
                index.counts[("claims", cid)].quotes,
            ]
            for cid, c in dossier.claims.items()
        ]
    return [
        [
            Markup(ctx.entity_link(lid)),
            loc.kind.replace("-", " "),
            "{:.4f}, {:.4f}".format(*loc.coordinates) if loc.coordinates else "not known",
            index.counts[("entities", lid)].quotes,
        ]
        for lid, loc in sorted(dossier.locations.items(), key=lambda kv: kv[1].name.lower())
    ]


def render_index(ctx: PageContext, kind: str) -> str:
    return ctx.titled(TITLES[kind]) + ctx.page(
        "dossier/index.html",
        kind=kind,
        title=TITLES[kind],
        intro=INTRO[kind],
        count=len(ctx.dossier.of_kind(kind)),
        columns=COLUMNS[kind],
        rows=_rows(ctx, kind),
    )
