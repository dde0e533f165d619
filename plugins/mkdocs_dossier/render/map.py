"""The map page and each location's own map, drawn at build time.

The basemap is an inline SVG (decorative, hidden from assistive technology); every
place is an ordinary HTML link positioned over it, so markers are focusable, read
as links, and work with the theme's instant navigation. Labels are HTML too, placed
by `maplayout` for a narrow and a wide map (a container query picks one), so they keep
their size at any width and while zooming. The same places follow as a table for
readers who do not use the map. `dossier.js` adds pan and zoom; without it the
static map shows everything.

Flow: the located places -> `maplayout` (frames, insets, label sides) -> `geo` (the
projected basemap) -> the values of `map_views` (paths as strings of numbers, positions
and classes) -> `dossier/pieces/map.html`, which draws them: this module writes no HTML.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

from babel.numbers import format_decimal

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
from ..model import AREA_TYPES, LINE_TYPES, Geometry, Location
from ..tiles import tiles_for
from .context import PageContext
from .i18n import N_
from .map_views import (
    CountryName,
    Globe,
    KeyEntry,
    Leader,
    Legend,
    MapFigure,
    MapMarker,
    MapShape,
    MapTile,
    PlaceRow,
    ScaleBar,
    Swatch,
)
from .prose import prose
from .words import PRECISION

COUNTRY_LABEL_SHARE = 0.03  # a country is named when it fills this share of the map
COUNTRY_CHAR_PX = 8.5  # upper case, letter-spaced, 11 px
GLOBE_KM = 5000.0  # frames narrower than this get a globe showing where they lie
TILE_OVERLAP = 0.02  # per cent: neighbouring tiles overlap a little, so no seam shows
SHAPES = {  # kind -> (marker shape, legend text)
    "city": ("city", N_("City or town")),
    "town": ("city", N_("City or town")),
    "locality": ("locality", N_("Locality")),
    "site": ("site", N_("Site (a crash site, a building)")),
    "region": ("region", N_("Region or area")),
    "river": ("line", N_("River or route (its middle)")),
    "route": ("line", N_("River or route (its middle)")),
    "mountain-range": ("region", N_("Region or area")),
    "country": ("country", N_("Country (centre)")),
    "continent": ("country", N_("Country (centre)")),
    "sea": ("sea", N_("Sea")),
}
KIND_LABEL = {
    "city": N_("City or town"),
    "town": N_("City or town"),
    "locality": N_("Locality"),
    "site": N_("Site"),
    "region": N_("Region or area"),
    "river": N_("River"),
    "route": N_("Route"),
    "mountain-range": N_("Region or area"),
    "country": N_("Country"),
    "sea": N_("Sea"),
    "continent": N_("Continent"),
}


def located(ctx: PageContext) -> list[tuple[str, Location]]:
    return [(i, loc) for i, loc in ctx.dossier.locations.items() if loc.coordinates]


def said_here(ctx: PageContext, location_id: str) -> int:
    return ctx.index.counts[("entities", location_id)].said_here


def located_places(ctx: PageContext) -> list[Place]:
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


def scale_order(scale: str) -> int:
    return int(scale.rstrip("m"))


def places_legend(ctx: PageContext, maps: list[MapLayout]) -> Legend:
    """Only what the maps draw."""
    markers = [m for layout in maps for m in layout.markers]
    shapes: dict[str, str] = {}
    for marker in markers:
        if not marker.inset:
            location = ctx.dossier.locations[marker.place.ident]
            shape, text = SHAPES.get(location.kind, ("city", location.kind))
            shapes.setdefault(shape, ctx.tr(text))
    swatches = [Swatch(shape, text) for shape, text in shapes.items()]
    drawn = {
        "line" if geometry.type in LINE_TYPES else "area"
        for marker in markers
        if not marker.inset
        for geometry in [ctx.dossier.locations[marker.place.ident].geometry]
        if geometry is not None and geometry.type != "Point"
    }
    if "line" in drawn:
        swatches.append(Swatch("drawn-line", ctx.tr("A river, route or track, as drawn")))
    if "area" in drawn:
        swatches.append(Swatch("drawn-area", ctx.tr("An area, as drawn")))
    if any(not m.inset and said_here(ctx, m.place.ident) for m in markers):
        swatches.append(Swatch("city", ctx.tr("Ringed: a statement was made here"), said=True))
    if any(m.inset for m in markers):
        swatches.append(
            Swatch("inset", ctx.tr("An inset below shows these places at a finer scale"))
        )
    if any(m.off_map for m in markers):
        swatches.append(Swatch("country", ctx.tr("Beyond the edge, that way"), off_map=True))
    numbered = any(m.labels.get(mode, "").startswith("num:") for m in markers for mode in MODES)
    return Legend(tuple(swatches), numbered)


def figure_caption(ctx: PageContext, layout: MapLayout) -> tuple[str, str]:
    """The figure's id and caption."""
    if layout.key == "overview":
        shown = ctx.counted(
            "%(count)s place", "%(count)s places", sum(1 for m in layout.markers if not m.inset)
        )
        insets = sum(1 for m in layout.markers if m.inset)
        if insets:
            below = ctx.counted("%(count)s inset below", "%(count)s insets below", insets)
            return "map-overview", ctx.tr(
                "Overview: %(places)s; %(insets)s", places=shown, insets=below
            )
        return "map-overview", ctx.tr("Overview: %(places)s", places=shown)
    names = ", ".join(m.place.name for m in layout.markers)
    return f"inset-{layout.key}", ctx.tr(
        "Inset %(key)s: %(names)s", key=layout.key.upper(), names=names
    )


def figure_of(
    ctx: PageContext,
    layout: MapLayout,
    ident: str,
    caption: str,
    locator: bool = False,
    maps: list[MapLayout] | None = None,
    marks: Mapping[str, MapMarker] | None = None,
    shapes: tuple[MapShape, ...] = (),
) -> MapFigure:
    """One map. `marks`: markers that are not places (an account's mark), by the layout
    place's ident, placed here; `shapes`: lines and areas drawn besides the places' own."""
    frame = layout.frame
    w, h = frame.width, frame.height
    scale = scale_for(frame)
    land = ""
    countries: tuple[CountryName, ...] = ()
    if scale:
        area = COUNTRY_LABEL_SHARE * w * h
        land, named = draw_basemap(frame, scale, area)
        countries = _country_names(named, layout)
    tiles = () if scale else _tiles(ctx, frame)
    leaders = tuple(
        Leader(
            f"{marker.anchor_x * w:.1f}",
            f"{marker.anchor_y * h:.1f}",
            f"{marker.x * w:.1f}",
            f"{marker.y * h:.1f}",
        )
        for marker in layout.markers
        if (marker.x, marker.y) != (marker.anchor_x, marker.anchor_y)
    )
    return MapFigure(
        ident,
        caption,
        f"{w:g}",
        f"{h:.1f}",
        f"{frame.km_across:.4g}",
        frame.kind,
        scale or "",
        land,
        shapes + _geometries(ctx, frame),
        leaders,
        countries,
        tuple(_marker(ctx, marker, maps or [], marks or {}) for marker in layout.markers),
        _scale_bar(frame),
        tiles,
        prose(ctx.map_tiles_attribution) if tiles else "",
        _globe(frame),
        _key(layout),
        locator,
    )


def _tiles(ctx: PageContext, frame: Frame) -> tuple[MapTile, ...]:
    """The site's tile layer under a town-scale map, if it asked for one: decorative
    images, each placed as a share of the map's width and height."""
    w, h = frame.width, frame.height
    return tuple(
        MapTile(
            t.url,
            f"{t.box[0] / w * 100:.3f}",
            f"{t.box[1] / h * 100:.3f}",
            f"{(t.box[2] - t.box[0]) / w * 100 + TILE_OVERLAP:.3f}",
            f"{(t.box[3] - t.box[1]) / h * 100 + TILE_OVERLAP:.3f}",
        )
        for t in tiles_for(frame, ctx.map_tiles)
    )


def _globe(frame: Frame) -> Globe | None:
    if frame.kind != "azimuthal" or frame.km_across > GLOBE_KM:
        return None
    land, edge = globe(frame, 28.0)
    return Globe(land, edge if frame.km_across > 600 else "")


def nice_length(km: float) -> float:
    """The largest 1, 2 or 5 times a power of ten not above km."""
    power = 10 ** math.floor(math.log10(km))
    return max(step * power for step in (1, 2, 5) if step * power <= km)


def _scale_bar(frame: Frame) -> ScaleBar:
    """A bar a round number of kilometres long, true at the centre (on a world map, whose
    scale changes with latitude, along the equator); dossier.js redraws it while zooming."""
    length = nice_length(frame.km_across / 4)
    share = length / frame.km_across * 100
    text = f"{length:g} km" if length >= 1 else f"{length * 1000:g} m"
    return ScaleBar(f"{share:.2f}", text, frame.kind == "world")


def _key(layout: MapLayout) -> tuple[KeyEntry, ...]:
    """The names of numbered markers, each shown in the modes where it is numbered."""
    entries = []
    for marker in sorted(layout.markers, key=lambda m: m.number):
        modes = [m for m in MODES if marker.labels.get(m, "").startswith("num:")]
        if modes:
            classes = " ".join(f"dossier-key-{m}" for m in modes)
            entries.append(KeyEntry(classes, marker.number, marker.place.name))
    return tuple(entries)


def _country_names(
    countries: list[tuple[str, float, float]], layout: MapLayout
) -> tuple[CountryName, ...]:
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
            left = f"{x / layout.frame.width * 100:.2f}"
            names.append(CountryName(name, left, f"{y / layout.frame.height * 100:.2f}"))
    return tuple(names)


def _marker(
    ctx: PageContext, marker: Marker, maps: list[MapLayout], marks: Mapping[str, MapMarker]
) -> MapMarker:
    label_classes, number_classes = [], []
    for mode in MODES:
        side = marker.labels.get(mode, "")
        if side.startswith("num:"):
            label_classes.append(f"dossier-{mode}-hide")
            number_classes.append(f"dossier-{mode}-{side[4:]}")
        else:
            label_classes.append(f"dossier-{mode}-{side}")
            number_classes.append(f"dossier-{mode}-none")
    left, top = f"{marker.x * 100:.2f}", f"{marker.y * 100:.2f}"
    labels, numbers = " ".join(label_classes), " ".join(number_classes)
    mark = marks.get(marker.place.ident)
    if mark is not None:
        return replace(
            mark, left=left, top=top, label_class=labels, number=marker.number,
            number_class=numbers, off_map=marker.off_map,
        )  # fmt: skip
    if marker.inset:
        inset = next((m.markers for m in maps if m.key == marker.inset), [])
        names = ", ".join(m.place.name for m in inset)
        return MapMarker(
            f"#inset-{marker.inset}",
            marker.place.name,
            "inset",
            left,
            top,
            labels,
            marker.number,
            numbers,
            inset_names=names,
        )
    location = ctx.dossier.locations[marker.place.ident]
    return MapMarker(
        ctx.url("locations", marker.place.ident),
        location.name,
        SHAPES.get(location.kind, ("city",))[0],
        left,
        top,
        labels,
        marker.number,
        numbers,
        said=bool(said_here(ctx, marker.place.ident)),
        off_map=marker.off_map,
    )


def _geometries(ctx: PageContext, frame: Frame) -> tuple[MapShape, ...]:
    shapes = []
    for location in ctx.dossier.locations.values():
        if location.geometry is not None and location.geometry.type != "Point":
            d = geometry_path(location.geometry, frame)
            if d:
                area = location.geometry.type in AREA_TYPES
                shapes.append(MapShape(d, "area" if area else "line"))
    return tuple(shapes)


def geometry_path(geometry: Geometry, frame: Frame) -> str:
    """An SVG path of a GeoJSON line or area ([lon, lat] positions); "" for a point."""
    if geometry.type == "Point":
        return ""
    if geometry.type in AREA_TYPES:
        polygons = [geometry.coordinates] if geometry.type == "Polygon" else geometry.coordinates
        return "".join(
            polygon_path(frame, [(p[0], p[1]) for p in ring])
            for polygon in polygons
            for ring in polygon
        )
    lines = [geometry.coordinates] if geometry.type == "LineString" else geometry.coordinates
    return "".join(line_path(frame, [(p[0], p[1]) for p in line]) for line in lines)


def place_rows(ctx: PageContext) -> list[PlaceRow]:
    rows = []
    for ident, location in sorted(ctx.dossier.locations.items(), key=lambda kv: kv[1].name.lower()):
        counts = ctx.index.counts[("entities", ident)]
        coordinates, precision = ctx.tr("not known"), ""
        if location.coordinates:
            lat, lon = location.coordinates
            coordinates = f"{lat:.4f}, {lon:.4f}"
            precision = ctx.tr(PRECISION[location.precision]) if location.precision else ""
        rows.append(
            PlaceRow(
                ctx.entity(ident),
                ctx.tr(KIND_LABEL.get(location.kind, location.kind)),
                coordinates,
                precision,
                counts.named + counts.quotes,
                counts.said_here,
            )
        )
    return rows


def overview_map(ctx: PageContext, ident: str, map_page: str) -> MapFigure | None:
    """The map page's overview alone, for another page (the home page's front door):
    None when no place is located. A marker standing for an inset leads to the inset
    on the map page (`map_page`, its address from here)."""
    places = located_places(ctx)
    if not places:
        return None
    maps = layout_maps(places)
    caption = ctx.counted("%(count)s place", "%(count)s places", len(places))
    if len(maps) > 1:
        caption = ctx.tr(
            "%(places)s; the map page draws those close together again at a finer scale",
            places=caption,
        )
    figure = figure_of(ctx, maps[0], ident, caption, maps=maps)
    markers = tuple(
        replace(m, href=map_page + m.href) if m.shape == "inset" else m for m in figure.markers
    )
    return replace(figure, markers=markers)


def locator_map(ctx: PageContext, location_id: str) -> MapFigure | None:
    """A small map of one place and the dossier's places around it, for its own page
    (drawn by `locator_map` in `dossier/pieces/map.html`); None: it has no coordinates."""
    location = ctx.dossier.locations[location_id]
    if not location.coordinates:
        return None
    place = next(p for p in located_places(ctx) if p.ident == location_id)
    others = [p for p in located_places(ctx) if not p.approximate]
    layout = locator_layout(place, location.kind, others)
    km = layout.frame.km_across
    pattern = "#,##0" if km >= 10 else "#,##0.0"
    across = format_decimal(km, format=pattern, locale=ctx.words.locale)
    caption = ctx.tr("%(place)s: the map is about %(km)s km across", place=location.name, km=across)
    return figure_of(ctx, layout, f"locator-{location_id}", caption, locator=True)
