"""The map page and each location's own map, drawn at build time.

The basemap is an inline SVG (decorative, hidden from assistive technology); every
place is an ordinary HTML link positioned over it, so markers are focusable, read
as links, and work with the theme's instant navigation. Labels are HTML too, placed
by `maplayout` for a narrow and a wide map (a container query picks one), so they keep
their size at any width and while zooming. The same places follow as a table for
readers who do not use the map. `dossier.js` adds pan and zoom; without it the
static map shows everything.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from ..geo import Frame, draw_basemap, globe, line_path, polygon_path, scale_for
from ..maplayout import (
    MODES,
    MapLayout,
    Marker,
    Place,
    layout_maps,
    locator_layout,
    overlaps,
    taken_boxes,
)
from ..model import Geometry, Location
from ..tiles import tiles_for
from .common import PageContext, esc
from .prose import prose

COUNTRY_LABEL_SHARE = 0.03  # a country is named when it fills this share of the map
COUNTRY_CHAR_PX = 8.5  # upper case, letter-spaced, 11 px
GLOBE_KM = 5000.0  # frames narrower than this get a globe showing where they lie
TILE_OVERLAP = 0.02  # per cent: neighbouring tiles overlap a little, so no seam shows
SHAPES = {  # kind -> (marker shape, legend text)
    "city": ("city", "City or town"),
    "town": ("city", "City or town"),
    "locality": ("locality", "Locality"),
    "region": ("region", "Region or area"),
    "mountain-range": ("region", "Region or area"),
    "country": ("country", "Country (centre)"),
    "continent": ("country", "Country (centre)"),
    "sea": ("sea", "Sea"),
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


def located(ctx: PageContext) -> list[tuple[str, Location]]:
    return [(i, loc) for i, loc in ctx.dossier.locations.items() if loc.coordinates]


def said_here(ctx: PageContext, location_id: str) -> int:
    return ctx.index.counts[("entities", location_id)].said_here


def _places(ctx: PageContext) -> list[Place]:
    return [
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


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_map_page(ctx: PageContext) -> str:
    places = _places(ctx)
    maps = layout_maps(places)
    figures = [_figure(ctx, layout, *_caption(layout), maps=maps) for layout in maps]
    scales = sorted({s for s in (scale_for(m.frame) for m in maps) if s}, key=_scale_order)
    source = escape(
        f"Borders and coastlines: Natural Earth ({', '.join('1:' + s for s in scales)})."
        if scales
        else "The places lie too close together for any bundled coastline: the map shows "
        "their true positions to scale."
    )
    if ctx.map_tiles and any(not scale_for(m.frame) for m in maps):  # the credit is Markdown
        source += Markup(" Map tiles: {}.").format(Markup(prose(ctx.map_tiles_attribution)))
    insets = ""
    if len(maps) > 1:
        insets = (
            " Places too close together to tell apart are drawn again in an inset at a finer scale."
        )
    intro = (
        Markup("{}.{} {}").format(plural(len(places), "place"), insets, source)
        if places
        else "No place has coordinates yet."
    )
    return ctx.titled("Map", "Every place in the dossier") + ctx.page(
        "dossier/map.html",
        intro=intro,
        note=Markup(prose(ctx.map_note)) if ctx.map_note else "",
        legend=Markup(_legend(ctx, maps)),
        figures=Markup("".join(figures)),
        unplaced=[loc for loc in ctx.dossier.locations.values() if not loc.coordinates],
        table=Markup(_table(ctx)),
    )


def _scale_order(scale: str) -> int:
    return int(scale.rstrip("m"))


def _legend(ctx: PageContext, maps: list[MapLayout]) -> str:
    """Only what the maps draw."""
    markers = [m for layout in maps for m in layout.markers]
    shapes: dict[str, str] = {}
    for marker in markers:
        if not marker.inset:
            location = ctx.dossier.locations[marker.place.ident]
            shape, text = SHAPES.get(location.kind, ("city", location.kind))
            shapes.setdefault(shape, text)
    items = [_swatch(shape, text) for shape, text in shapes.items()]
    if any(not m.inset and said_here(ctx, m.place.ident) for m in markers):
        items.append(_swatch("city dossier-marker--said", "Ringed: a statement was made here"))
    if any(m.inset for m in markers):
        items.append(_swatch("inset", "An inset below shows these places at a finer scale"))
    if any(m.off_map for m in markers):
        items.append(_swatch("country dossier-marker--off-map", "Beyond the edge, that way"))
    if any(m.labels.get(mode, "").startswith("num:") for m in markers for mode in MODES):
        items.append("<li>Numbered: named in the key under the map</li>")
    return f'<ul class="dossier-legend" aria-label="Legend">{"".join(items)}</ul>'


def _swatch(shape: str, text: str) -> str:
    return (
        f'<li><span class="dossier-marker dossier-swatch dossier-marker--{shape}" '
        f'aria-hidden="true"></span>{esc(text)}</li>'
    )


def _caption(layout: MapLayout) -> tuple[str, str]:
    """The figure's id and caption."""
    if layout.key == "overview":
        shown = [m for m in layout.markers if not m.inset]
        caption = f"Overview: {plural(len(shown), 'place')}"
        insets = sum(1 for m in layout.markers if m.inset)
        if insets:
            caption += f"; {plural(insets, 'inset')} below"
        return "map-overview", caption
    names = ", ".join(esc(m.place.name) for m in layout.markers)
    return f"inset-{layout.key}", f"Inset {layout.key.upper()}: {names}"


def _figure(
    ctx: PageContext,
    layout: MapLayout,
    ident: str,
    caption: str,
    modifier: str = "",
    maps: list[MapLayout] | None = None,
) -> str:
    frame = layout.frame
    w, h = frame.width, frame.height
    scale = scale_for(frame)
    land, names = "", ""
    if scale:
        area = COUNTRY_LABEL_SHARE * w * h
        land, countries = draw_basemap(frame, scale, area)
        names = _country_names(countries, layout)
    tiles = "" if scale else _tiles(ctx, frame)
    background = (
        f'<rect class="dossier-map-{"sea" if scale else "plain"}" width="{w:g}" height="{h:.1f}"/>'
    )
    svg = [
        f'<svg class="dossier-map-base" viewBox="0 0 {w:g} {h:.1f}" aria-hidden="true" '
        'focusable="false" preserveAspectRatio="none">',
        "" if tiles else background,
        f'<path class="dossier-map-land" d="{land}"/>' if land else "",
        _geometries(ctx, frame),
    ]
    links = []
    for marker in layout.markers:
        if (marker.x, marker.y) != (marker.anchor_x, marker.anchor_y):
            svg.append(
                f'<line class="dossier-map-leader" x1="{marker.anchor_x * w:.1f}" '
                f'y1="{marker.anchor_y * h:.1f}" x2="{marker.x * w:.1f}" y2="{marker.y * h:.1f}"/>'
                f'<circle class="dossier-map-point" cx="{marker.anchor_x * w:.1f}" '
                f'cy="{marker.anchor_y * h:.1f}" r="2.5"/>'
            )
        links.append(_marker(ctx, marker, maps or []))
    svg.append("</svg>")
    source = f"Natural Earth 1:{scale}" if scale else "no basemap at this scale"
    if tiles:
        source = f"map tiles: {prose(ctx.map_tiles_attribution)}"
    return (
        f'<figure class="dossier-map-figure{modifier}" id="{ident}">'
        f'<div class="dossier-map" style="aspect-ratio:{w:g}/{h:.1f}" '
        f'data-km="{frame.km_across:.4g}" data-kind="{frame.kind}">'
        f'<div class="dossier-map-layer">{tiles}{"".join(svg)}{names}{"".join(links)}</div></div>'
        f"<figcaption>{_globe(frame)}<span>{caption} ({source})</span>"
        f"{_scale_bar(frame)}</figcaption>{_key(layout)}</figure>"
    )


def _tiles(ctx: PageContext, frame: Frame) -> str:
    """The site's tile layer under a town-scale map, if it asked for one: decorative
    images, each placed as a share of the map's width and height."""
    tiles = tiles_for(frame, ctx.map_tiles)
    if not tiles:
        return ""
    w, h = frame.width, frame.height
    images = "".join(
        f'<img src="{esc(t.url)}" alt="" loading="lazy" decoding="async" style="'
        f"left:{t.box[0] / w * 100:.3f}%;top:{t.box[1] / h * 100:.3f}%;"
        f"width:{(t.box[2] - t.box[0]) / w * 100 + TILE_OVERLAP:.3f}%;"
        f'height:{(t.box[3] - t.box[1]) / h * 100 + TILE_OVERLAP:.3f}%">'
        for t in tiles
    )
    return f'<div class="dossier-map-tiles" aria-hidden="true">{images}</div>'


def _globe(frame: Frame) -> str:
    if frame.kind != "azimuthal" or frame.km_across > GLOBE_KM:
        return ""
    land, edge = globe(frame, 28.0)
    outline = f'<path class="dossier-globe-frame" d="{edge}"/>' if frame.km_across > 600 else ""
    return (
        '<svg class="dossier-globe" viewBox="0 0 56 56" width="56" height="56" '
        'aria-hidden="true" focusable="false">'
        '<circle class="dossier-map-sea" cx="28" cy="28" r="27.5"/>'
        f'<path class="dossier-map-land" d="{land}"/>{outline}'
        '<circle class="dossier-globe-here" cx="28" cy="28" r="3"/></svg>'
    )


def nice_length(km: float) -> float:
    """The largest 1, 2 or 5 times a power of ten not above km."""
    power = 10 ** math.floor(math.log10(km))
    return max(step * power for step in (1, 2, 5) if step * power <= km)


def _scale_bar(frame: Frame) -> str:
    """A bar a round number of kilometres long, true at the centre (on a world map, whose
    scale changes with latitude, along the equator); dossier.js redraws it while zooming."""
    length = nice_length(frame.km_across / 4)
    share = length / frame.km_across * 100
    text = f"{length:g} km" if length >= 1 else f"{length * 1000:g} m"
    note = ' <span class="dossier-scalebar-note">along the equator</span>'
    return (
        '<span class="dossier-scalebar"><span class="dossier-visually-hidden">Scale: </span>'
        f'<span class="dossier-scalebar-bar" style="width:{share:.2f}%"></span>'
        f'<span class="dossier-scalebar-text">{text}</span>'
        f"{note if frame.kind == 'world' else ''}</span>"
    )


def _key(layout: MapLayout) -> str:
    """The names of numbered markers, each shown in the modes where it is numbered."""
    items = []
    for marker in sorted(layout.markers, key=lambda m: m.number):
        modes = [m for m in MODES if marker.labels.get(m, "").startswith("num:")]
        if modes:
            classes = " ".join(f"dossier-key-{m}" for m in modes)
            items.append(
                f'<li class="{classes}" value="{marker.number}">{esc(marker.place.name)}</li>'
            )
    if not items:
        return ""
    return f'<ol class="dossier-map-key" aria-hidden="true">{"".join(items)}</ol>'


def _country_names(countries: list[tuple[str, float, float]], layout: MapLayout) -> str:
    """Country names where there is room on a wide map: clear of every marker and label."""
    width = MODES["w"]
    factor = width / layout.frame.width
    taken = taken_boxes(layout, "w")
    names = []
    for name, x, y in countries:
        px, py = x * factor, y * factor
        half_w, half_h = len(name) * COUNTRY_CHAR_PX / 2 + 2, 8.0
        box = (px - half_w, py - half_h, px + half_w, py + half_h)
        inside = box[0] >= 2 and box[1] >= 2
        inside = inside and box[2] <= width - 2 and box[3] <= width * layout.aspect - 2
        if inside and not any(overlaps(box, t) for t in taken):
            taken.append(box)
            names.append(
                f'<span class="dossier-map-country" aria-hidden="true" '
                f'style="left:{x / layout.frame.width * 100:.2f}%;'
                f'top:{y / layout.frame.height * 100:.2f}%">{esc(name)}</span>'
            )
    return "".join(names)


def _marker(ctx: PageContext, marker: Marker, maps: list[MapLayout]) -> str:
    style = f"left:{marker.x * 100:.2f}%;top:{marker.y * 100:.2f}%"
    label_classes, number_classes = [], []
    for mode in MODES:
        side = marker.labels.get(mode, "")
        if side.startswith("num:"):
            label_classes.append(f"dossier-{mode}-hide")
            number_classes.append(f"dossier-{mode}-{side[4:]}")
        else:
            label_classes.append(f"dossier-{mode}-{side}")
            number_classes.append(f"dossier-{mode}-none")
    label = f'<span class="dossier-lab {" ".join(label_classes)}">'
    number = (
        f'<span class="dossier-num {" ".join(number_classes)}" aria-hidden="true">'
        f"{marker.number}</span>"
    )
    if marker.inset:
        inset = next((m.markers for m in maps if m.key == marker.inset), [])
        names = ", ".join(m.place.name for m in inset)
        return (
            f'<a class="dossier-marker dossier-marker--inset" href="#inset-{marker.inset}" '
            f'style="{style}">{label}{esc(marker.place.name)}</span>{number}'
            f'<span class="dossier-visually-hidden">: {esc(names)}</span></a>'
        )
    location = ctx.dossier.locations[marker.place.ident]
    classes = ["dossier-marker", f"dossier-marker--{SHAPES.get(location.kind, ('city',))[0]}"]
    if said_here(ctx, marker.place.ident):
        classes.append("dossier-marker--said")
    text = esc(location.name)
    if marker.off_map:
        classes.append("dossier-marker--off-map")
        text += (
            f' <span aria-hidden="true">{marker.off_map}</span>'
            '<span class="dossier-visually-hidden"> (beyond the edge of this map)</span>'
        )
    return (
        f'<a class="{" ".join(classes)}" href="{ctx.href("locations", marker.place.ident)}" '
        f'style="{style}">{label}{text}</span>{number}</a>'
    )


def _geometries(ctx: PageContext, frame: Frame) -> str:
    paths = []
    for location in ctx.dossier.locations.values():
        if location.geometry is not None:
            d = geometry_path(location.geometry, frame)
            if d:
                paths.append(f'<path class="dossier-map-geometry" d="{d}"/>')
    return "".join(paths)


def geometry_path(geometry: Geometry, frame: Frame) -> str:
    """An SVG path of a location's own GeoJSON geometry ([lon, lat] positions)."""
    if geometry.type in ("Polygon", "MultiPolygon"):
        polygons = [geometry.coordinates] if geometry.type == "Polygon" else geometry.coordinates
        return "".join(
            polygon_path(frame, [(p[0], p[1]) for p in ring])
            for polygon in polygons
            for ring in polygon
        )
    lines = [geometry.coordinates] if geometry.type == "LineString" else geometry.coordinates
    return "".join(line_path(frame, [(p[0], p[1]) for p in line]) for line in lines)


def _table(ctx: PageContext) -> str:
    rows = []
    for ident, location in sorted(ctx.dossier.locations.items(), key=lambda kv: kv[1].name.lower()):
        counts = ctx.index.counts[("entities", ident)]
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
            f"<td>{counts.named + counts.quotes}</td>"
            f"<td>{counts.said_here}</td>"
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
    """A small map of one place and the dossier's places around it, for its own page."""
    location = ctx.dossier.locations[location_id]
    if not location.coordinates:
        return '<p class="dossier-muted">Not on the map: its coordinates are not known.</p>'
    place = next(p for p in _places(ctx) if p.ident == location_id)
    others = [p for p in _places(ctx) if not p.approximate]
    layout = locator_layout(place, location.kind, others)
    km = layout.frame.km_across
    across = f"{km:,.0f} km" if km >= 10 else f"{km:.1f} km"
    caption = f"{esc(location.name)}: the map is about {across} across"
    return _figure(ctx, layout, f"locator-{location_id}", caption, " dossier-map-figure--locator")
