"""Where it happened, by account: the map page's first map, and the list under it.

Flow: the claims' placements (`whereabouts`) -> grouped by side and spot (one side
placing two events at one town, by one voice or two, is one mark) -> a mark per located
group, in its side's colour and with its side's number, the lines and areas it draws,
and a country's outline for an account that names a country ->
`maplayout.accounts_layout` frames them with the dossier's places nearby ->
`map.figure_of` -> `dossier/pieces/map.html`.

Every account is drawn; none is the dossier's finding. Where two sides place one event
differently, both marks stand, and the list under the map names each claim.
"""

from __future__ import annotations

from dataclasses import replace

from ..geo import Frame, country_path, scale_for
from ..maplayout import Place, accounts_layout
from ..whereabouts import Whereabout, side_order, whereabouts
from .citations import citation_views
from .context import PageContext
from .i18n import N_
from .map import figure_of, geometry_path, located_places
from .map_views import AccountsMap, Legend, MapMarker, MapShape, Swatch, WhereEntry
from .prose import prose
from .views import Link

DRAWN = {"point": N_("a point"), "line": N_("a line"), "area": N_("an area"), "country": ""}
SIDES_COLOURED = 6  # distinct colours; a seventh side takes the first again


def accounts_map(ctx: PageContext) -> AccountsMap | None:
    """None when no claim says where it happened."""
    found = whereabouts(ctx.dossier, ctx.index.sides)
    if not found:
        return None
    order = side_order(found)
    groups: dict[tuple[object, ...], list[Whereabout]] = {}
    for whereabout in found:
        key = (whereabout.spot, whereabout.side)
        groups.setdefault(key, []).append(whereabout)
    entries, marks, places, extent = [], {}, [], []
    for n, group in enumerate(groups.values(), start=1):
        first = group[0]
        side = _colour(order[first.side])
        anchor = f"where-{n}"
        entry = _entry(ctx, group, anchor, side)
        entries.append(entry)
        if first.point is None:
            continue
        ident = f"where:{n}"
        place_name = entry.place.text if entry.place else ""
        names = ", ".join(who.text for who in entry.who) or ctx.tr("no one named")
        label = place_name or names
        places.append(Place(ident, label, *first.point, approximate=first.form == "country"))
        whose = names
        if entry.side_name and entry.side_name != names:
            whose += ", " + ctx.tr("%(side)s's side", side=entry.side_name)
        marks[ident] = MapMarker(
            f"#{anchor}", label, "account", "", "", "", 0, "", side=side,
            whose=ctx.tr("%(side)s's account", side=whose),
        )  # fmt: skip
        if first.geometry is not None:
            extent += _vertices(first.geometry.coordinates)
    if not places:
        return AccountsMap(None, _legend(ctx, order, found), tuple(entries))
    used = {w.placement.place for w in found}
    others = [p for p in located_places(ctx) if not p.approximate and p.ident not in used]
    layout = accounts_layout(places, extent, others)
    shapes = _shapes(ctx, layout.frame, groups, order)
    figure = figure_of(
        ctx,
        layout,
        "map-accounts",
        ctx.tr("Where it happened, by account"),
        marks=marks,
        shapes=shapes,
    )
    legend = _legend(ctx, order, found)
    if any(m.off_map for m in layout.markers):
        edge = Swatch("country", ctx.tr("Beyond the edge, that way"), off_map=True)
        legend = Legend((*legend.swatches, edge), legend.numbered)
    return AccountsMap(figure, legend, tuple(entries))


def _entry(
    ctx: PageContext, group: list[Whereabout], anchor: str, side: int, sourced: bool = False
) -> WhereEntry:
    """`sourced`: with where the account is written (on the claim's page)."""
    first = group[0]
    placement = first.placement
    claims = tuple(dict.fromkeys(w.claim_id for w in group))
    entry = WhereEntry(
        anchor,
        side,
        ctx.name_of(first.side) if first.side else "",
        tuple(ctx.entity(a) for a in dict.fromkeys(w.placement.according_to for w in group) if a),
        ctx.entity(placement.place) if placement.place else None,
        ctx.tr(DRAWN[first.form]) if placement.place is None and DRAWN[first.form] else "",
        tuple(ctx.claim(c) for c in claims),
        first.point is not None,
    )
    if not sourced:
        return entry
    source = placement.source
    title = ctx.dossier.sources[source].title if source else ""
    return replace(
        entry,
        source=Link(ctx.url("sources", source), title) if source else None,
        citations=citation_views(placement.cite, ctx.words),
        unverified=prose(placement.unverified) if placement.unverified else None,
    )


def _legend(ctx: PageContext, order: dict[str | None, int], found: list[Whereabout]) -> Legend:
    """A swatch per side, then the forms drawn."""
    swatches = [
        Swatch(
            "account",
            ctx.tr("%(side)s's account", side=ctx.name_of(side))
            if side
            else ctx.tr("Accounts no one is named for"),
            side=_colour(n),
        )
        for side, n in order.items()
    ]
    forms = {w.form for w in found if w.point is not None}
    if "line" in forms:
        swatches.append(Swatch("drawn-line", ctx.tr("A line an account draws (a track, a route)")))
    if forms & {"area", "country"}:
        swatches.append(Swatch("drawn-area", ctx.tr("An area an account names, shaded")))
    return Legend(tuple(swatches))


def _shapes(
    ctx: PageContext,
    frame: Frame,
    groups: dict[tuple[object, ...], list[Whereabout]],
    order: dict[str | None, int],
) -> tuple[MapShape, ...]:
    """Each account's line or area, and the outline of a country an account names, in its
    side's colour. The country is found by its name (less a qualifier in brackets) or an
    alias among Natural Earth's; one it does not name keeps its mark only."""
    shapes = []
    for group in groups.values():
        first = group[0]
        side = _colour(order[first.side])
        d, shape = "", "area"
        if first.geometry is not None:
            d = geometry_path(first.geometry, frame)
            shape = "line" if first.form == "line" else "area"
        elif first.form == "country" and first.placement.place:
            location = ctx.dossier.locations[first.placement.place]
            scale = scale_for(frame) or "10m"
            plain = location.name.split(" (")[0]  # "Turkey (territory)": Turkey
            for name in (location.name, plain, *location.aliases):
                d = country_path(frame, scale, name)
                if d:
                    break
        if d:
            shapes.append(MapShape(d, shape, side))
    return tuple(shapes)


def _colour(side_number: int) -> int:
    """A side's colour (1 to SIDES_COLOURED) from its number in `side_order`."""
    return (side_number - 1) % SIDES_COLOURED + 1


def _vertices(coordinates: object) -> list[tuple[float, float]]:
    """Every [lon, lat] position in nested GeoJSON coordinates."""
    if (
        isinstance(coordinates, list)
        and len(coordinates) == 2
        and all(isinstance(v, int | float) for v in coordinates)
    ):
        return [(float(coordinates[0]), float(coordinates[1]))]
    if isinstance(coordinates, list):
        return [p for item in coordinates for p in _vertices(item)]
    return []


def claim_accounts(ctx: PageContext, claim_id: str) -> tuple[WhereEntry, ...]:
    """A claim's own page: each account of where it happened, linking to its mark."""
    found = whereabouts(ctx.dossier, ctx.index.sides, [claim_id])
    return tuple(_entry(ctx, [w], "", 0, sourced=True) for w in found)
