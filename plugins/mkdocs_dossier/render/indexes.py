"""One index page per kind: the way in to entity pages, which stay out of the nav."""

from __future__ import annotations

from collections.abc import Iterable

from .common import PageContext, esc, status_badge

INTRO = {
    "sources": "The articles this dossier is built from, with every annotated quote.",
    "actors": "Every person, state, body and group that speaks or is spoken of.",
    "claims": "Each claim is one neutral proposition; its page shows who asserts or denies it.",
    "locations": "Every place named in the articles, with coordinates where known.",
}
TITLES = {"sources": "Sources", "actors": "Actors", "claims": "Claims", "locations": "Locations"}


def _table(head: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    head_html = "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        f"<table><thead><tr>{head_html}</tr></thead><tbody>{body}</tbody></table>"
        "</div></div>"
    )


def render_index(ctx: PageContext, kind: str) -> str:
    dossier, index = ctx.dossier, ctx.index
    if kind == "sources":
        table = _table(
            ["Title", "Outlet", "Published", "Annotations"],
            (
                [
                    f'<a href="{ctx.href("sources", sid)}">{esc(s.title)}</a>',
                    ctx.entity_link(s.outlet) if s.outlet else "",
                    esc(s.published or "not known"),
                    str(len(index.passages.get(sid, []))),
                ]
                for sid, s in dossier.sources.items()
            ),
        )
    elif kind == "actors":
        table = _table(
            ["Name", "Kind", "Role", "Stances", "Mentions"],
            (
                [
                    ctx.entity_link(aid),
                    esc(a.kind.replace("-", " ")),
                    esc(a.role or ""),
                    str(sum(1 for r in index.entities[aid].stances if r.speaker == aid)),
                    str(len(index.entities[aid].mentions)),
                ]
                for aid, a in sorted(dossier.actors.items(), key=lambda kv: kv[1].name.lower())
            ),
        )
    elif kind == "claims":
        table = _table(
            ["Claim", "Status", "Stances"],
            (
                [
                    f'<a href="{ctx.href("claims", cid)}">{esc(c.statement)}</a>',
                    status_badge(index.claims[cid].status),
                    str(len(index.claims[cid].stances)),
                ]
                for cid, c in dossier.claims.items()
            ),
        )
    else:
        table = _table(
            ["Name", "Kind", "Coordinates", "Mentions"],
            (
                [
                    ctx.entity_link(lid),
                    esc(loc.kind.replace("-", " ")),
                    "{:.4f}, {:.4f}".format(*loc.coordinates) if loc.coordinates else "not known",
                    str(len(index.entities[lid].mentions)),
                ]
                for lid, loc in sorted(dossier.locations.items(), key=lambda kv: kv[1].name.lower())
            ),
        )
    count = len(dossier.of_kind(kind))
    return "".join(
        [
            ctx.titled(TITLES[kind]),
            ctx.block(
                f"<h1>{TITLES[kind]}</h1>",
                f'<p class="dossier-lede">{esc(INTRO[kind])} {count} in all.</p>',
                table,
            ),
        ]
    )
