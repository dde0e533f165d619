"""The map page and each location's locator map, drawn at build time.

The basemap is an inline SVG (decorative, hidden from assistive technology); every
place is an ordinary HTML link positioned over it, so markers are focusable, read
as links, and work with the theme's instant navigation. The same places follow as
a table for readers who do not use the map.
"""

from __future__ import annotations

import math

from ..geo import (
    Basemap,
    BBox,
    Projection,
    basemap_for,
    clip_ring,
    country_labels,
    outline_path,
)
from ..maplayout import MapLayout, Marker, Place, free_spot, layout_maps, occupied
from ..model import Geometry, Location
from .common import PageContext, esc
from .prose import prose

COUNTRY_LABEL_AREA = 0.02  # a country is named when it fills this share of the map
COUNTRY_LABEL_PX = 13.0
COUNTRY_CHAR_PX = 10.5  # upper case, letter-spaced
LOCATOR_SPAN = {  # degrees of longitude shown around a place, by its kind
    "city": 8.0,
    "town": 6.0,
    "locality": 4.0,
    "region": 6.0,
    "mountain-range": 4.0,
    "country": 30.0,
    "sea": 24.0,
    "continent": 60.0,
}
KIND_LABEL = {
    "city": "City or town",
    "town": "City or town",
    "locality": "Locality",
    "region": "Region or area",
    "mountain-range": "Region or area",
    "country": "Country",
    "sea": "Sea",
    "continent": "Continent",
}


LOCATOR_MAX_LAT = 80.0


def _shape(kind: str) -> str:
    return {"town": "city", "mountain-range": "region"}.get(kind, kind)


def located(ctx: PageContext) -> list[tuple[str, Location]]:
    return [(i, loc) for i, loc in ctx.dossier.locations.items() if loc.coordinates]


def said_here(ctx: PageContext, location_id: str) -> int:
    return sum(1 for ref in ctx.index.entities[location_id].stances if ref.where == location_id)


def render_map_page(ctx: PageContext) -> str:
    places = [
        Place(
            ident,
            loc.name,
            loc.coordinates[1],
            loc.coordinates[0],
            approximate=loc.precision == "country-centroid" or loc.kind == "continent",
        )
        for ident, loc in located(ctx)
        if loc.coordinates
    ]
    maps = layout_maps(places)
    unplaced = [loc for loc in ctx.dossier.locations.values() if not loc.coordinates]
    figures = [_figure(ctx, layout, *_caption(layout), maps) for layout in maps]
    note = ""
    if unplaced:
        names = ", ".join(esc(loc.name) for loc in unplaced)
        note = f'<p class="dossier-muted">Not on the map (coordinates unknown): {names}.</p>'
    basemaps = sorted({basemap_for(layout.view).scale for layout in maps})
    return "".join(
        [
            ctx.titled("Map", "Every place in the dossier"),
            ctx.block(
                '<p class="dossier-kicker">Map</p>',
                "<h1>Where it happened, and where it was said</h1>",
                f'<p class="dossier-lede">{len(places)} places. Places too close together to '
                "tell apart are drawn again in an inset at a finer scale. Borders and "
                f"coastlines: Natural Earth ({', '.join(basemaps)}).</p>",
                f'<p class="dossier-map-note">{prose(ctx.map_note)}</p>' if ctx.map_note else "",
                _legend(),
                *figures,
                note,
            ),
            "## All places\n",
            ctx.block(_table(ctx)),
        ]
    )


def _legend() -> str:
    kinds = [("city", "City or town"), ("locality", "Locality"), ("region", "Region or area")]
    kinds += [("country", "Country (centre)"), ("sea", "Sea")]
    items = "".join(
        f'<li><span class="dossier-marker dossier-swatch dossier-marker--{kind}" '
        'aria-hidden="true"></span>'
        f"{esc(text)}</li>"
        for kind, text in kinds
    )
    items += (
        '<li><span class="dossier-marker dossier-swatch dossier-marker--city dossier-marker--said" '
        'aria-hidden="true"></span>Ringed: a statement was made here</li>'
    )
    return f'<ul class="dossier-legend" aria-label="Legend">{items}</ul>'


def _caption(layout: MapLayout) -> tuple[str, str]:
    """The figure's id and caption."""
    if layout.key == "overview":
        caption = f"Overview: {len(layout.markers)} places"
        if layout.insets:
            caption += f"; {len(layout.insets)} inset{'s' if len(layout.insets) > 1 else ''} below"
        return "map-overview", caption
    names = ", ".join(esc(m.place.name) for m in layout.markers)
    return f"inset-{layout.key}", f"Inset {layout.key.upper()}: {names}"


def _figure(
    ctx: PageContext,
    layout: MapLayout,
    ident: str,
    caption: str,
    maps: list[MapLayout],
    modifier: str = "",
) -> str:
    projection = Projection(layout.view, layout.width)
    basemap = basemap_for(layout.view)
    w, h = layout.width, projection.height
    svg = [
        f'<svg class="dossier-map-base" viewBox="0 0 {w:g} {h:.1f}" aria-hidden="true" '
        'focusable="false" preserveAspectRatio="none">',
        f'<rect class="dossier-map-sea" width="{w:g}" height="{h:.1f}"/>',
        f'<path class="dossier-map-land" d="{outline_path(basemap, projection)}"/>',
        _geometries(ctx, projection, layout.view),
        _country_names(basemap, projection, layout),
    ]
    links = []
    for key, area in layout.insets:
        x0, y0 = projection(area[0], area[3])
        x1, y1 = projection(area[2], area[1])
        svg.append(
            f'<rect class="dossier-map-inset-box" x="{x0:.1f}" y="{y0:.1f}" '
            f'width="{x1 - x0:.1f}" height="{y1 - y0:.1f}"/>'
        )
        names = ", ".join(m.place.name for m in _inset(maps, key).markers)
        links.append(
            f'<a class="dossier-inset-link" href="#inset-{key}" '
            f'style="left:{x1 / w * 100:.2f}%;top:{y0 / h * 100:.2f}%">'
            f'Inset {key.upper()}<span class="dossier-visually-hidden">: {esc(names)}</span></a>'
        )
    for marker in layout.markers:
        if (marker.x, marker.y) != (marker.anchor_x, marker.anchor_y):
            svg.append(
                f'<line class="dossier-map-leader" x1="{marker.anchor_x * w:.1f}" '
                f'y1="{marker.anchor_y * h:.1f}" x2="{marker.x * w:.1f}" y2="{marker.y * h:.1f}"/>'
            )
            svg.append(
                f'<circle class="dossier-map-point" cx="{marker.anchor_x * w:.1f}" '
                f'cy="{marker.anchor_y * h:.1f}" r="2"/>'
            )
        links.append(_marker(ctx, marker))
    svg.append("</svg>")
    caption += f" (Natural Earth {basemap.scale})"
    return (
        f'<figure class="dossier-map-figure{modifier}" id="{ident}">'
        f'<div class="dossier-map" style="aspect-ratio:{w:g}/{h:.1f}">{"".join(svg)}'
        f"{''.join(links)}</div><figcaption>{caption}</figcaption></figure>"
    )


def _country_names(basemap: Basemap, projection: Projection, layout: MapLayout) -> str:
    """Country names where there is room: clear of every marker, label and inset frame."""
    scale = layout.width / projection.width
    taken = occupied(layout) + [_frame(projection, area, scale) for _, area in layout.insets]
    area = COUNTRY_LABEL_AREA * projection.width * projection.height
    names = []
    for name, x, y in country_labels(basemap, projection, area):
        half_w, half_h = len(name) * COUNTRY_CHAR_PX / 2, COUNTRY_LABEL_PX * 0.7
        box = (x - half_w, y - half_h, x + half_w, y + half_h)
        shift = free_spot(box, taken)
        if shift is not None:
            taken.append((box[0], box[1] + shift, box[2], box[3] + shift))
            names.append(
                f'<text class="dossier-map-country" x="{x:.1f}" y="{y + shift:.1f}">'
                f"{esc(name)}</text>"
            )
    return "".join(names)


def _frame(projection: Projection, area: BBox, scale: float) -> tuple[float, float, float, float]:
    x0, y0 = projection(area[0], area[3])
    x1, y1 = projection(area[2], area[1])
    return x0 * scale, y0 * scale, x1 * scale + 60, y1 * scale


def _inset(maps: list[MapLayout], key: str) -> MapLayout:
    return next(m for m in maps if m.key == key)


def _marker(ctx: PageContext, marker: Marker) -> str:
    location = ctx.dossier.locations[marker.place.ident]
    classes = ["dossier-marker", f"dossier-marker--{_shape(location.kind)}"]
    if said_here(ctx, marker.place.ident):
        classes.append("dossier-marker--said")
    label = esc(location.name)
    if marker.off_map:
        classes.append("dossier-marker--off-map")
        label += (
            f' <span aria-hidden="true">{marker.off_map}</span>'
            '<span class="dossier-visually-hidden"> (beyond the edge of this map)</span>'
        )
    label_class = f"dossier-marker-label dossier-marker-label--{marker.label}"
    return (
        f'<a class="{" ".join(classes)}" href="{ctx.href("locations", marker.place.ident)}" '
        f'style="left:{marker.x * 100:.2f}%;top:{marker.y * 100:.2f}%">'
        f'<span class="{label_class}">{label}</span></a>'
    )


def _geometries(ctx: PageContext, projection: Projection, view: BBox) -> str:
    paths = []
    for location in ctx.dossier.locations.values():
        if location.geometry is not None:
            d = geometry_path(location.geometry, projection, view)
            if d:
                paths.append(f'<path class="dossier-map-geometry" d="{d}"/>')
    return "".join(paths)


def geometry_path(geometry: Geometry, projection: Projection, view: BBox) -> str:
    """An SVG path of a location's own GeoJSON geometry ([lon, lat] positions)."""
    if geometry.type in ("Polygon", "MultiPolygon"):
        polygons = [geometry.coordinates] if geometry.type == "Polygon" else geometry.coordinates
        parts = []
        for polygon in polygons:
            for ring in polygon:
                points = clip_ring([(p[0], p[1]) for p in ring], view)
                if len(points) > 2:
                    xy = [projection(lon, lat) for lon, lat in points]
                    parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in xy) + "Z")
        return "".join(parts)
    lines = [geometry.coordinates] if geometry.type == "LineString" else geometry.coordinates
    parts = []
    for line in lines:
        xy = [projection(p[0], p[1]) for p in line]
        parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in xy))
    return "".join(parts)


def _table(ctx: PageContext) -> str:
    rows = []
    for ident, location in sorted(ctx.dossier.locations.items(), key=lambda kv: kv[1].name.lower()):
        info = ctx.index.entities[ident]
        coordinates = "not known"
        if location.coordinates:
            lat, lon = location.coordinates
            coordinates = f"{lat:.4f}, {lon:.4f}"
            if location.precision:
                coordinates += f' <span class="dossier-muted">({esc(location.precision)})</span>'
        rows.append(
            "<tr>"
            f"<td>{ctx.entity_link(ident)}</td>"
            f"<td>{esc(KIND_LABEL.get(location.kind, location.kind))}</td>"
            f"<td>{coordinates}</td>"
            f"<td>{len(info.named) + len(info.mentions)}</td>"
            f"<td>{said_here(ctx, ident)}</td>"
            "</tr>"
        )
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ("Place", "Kind", "Coordinates", "Mentions", "Statements made here")
    )
    return (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></div>"
    )


def locator_map(ctx: PageContext, location_id: str) -> str:
    """A small map of one place and its surroundings, for its own page."""
    location = ctx.dossier.locations[location_id]
    if not location.coordinates:
        return '<p class="dossier-muted">Not on the map: its coordinates are not known.</p>'
    lat, lon = location.coordinates
    span = LOCATOR_SPAN.get(location.kind, 6.0)
    # The map cannot show the poles (the projection stretches without end there): nearer
    # than LOCATOR_MAX_LAT, the frame stops there and the marker sits on its edge.
    centre = max(-LOCATOR_MAX_LAT, min(LOCATOR_MAX_LAT, lat))
    half_lat = span * math.cos(math.radians(centre)) / 3  # a 3:2 frame
    view = (
        max(-180.0, lon - span / 2),
        centre - half_lat,
        min(180.0, lon + span / 2),
        centre + half_lat,
    )
    layout = MapLayout("locator", view, 480.0, Projection(view, 480.0).height)
    point = Projection(view, 480.0)(lon, max(view[1], min(view[3], lat)))
    layout.markers = [
        Marker(
            Place(location_id, location.name, lon, lat),
            point[0] / 480.0,
            point[1] / layout.height,
            point[0] / 480.0,
            point[1] / layout.height,
            "hidden",
        )
    ]
    caption = f"{esc(location.name)} and about {span:g}° of longitude around it"
    return _figure(
        ctx, layout, f"locator-{location_id}", caption, [layout], " dossier-map-figure--locator"
    )
