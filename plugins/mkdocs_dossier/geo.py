"""Geography for the maps: the Natural Earth basemap, a projection, and SVG paths.

Flow: the basemap files in `data/` (Natural Earth country outlines, public domain, as
packaged by world-atlas) -> rings of (lon, lat) with their bounding boxes, decoded
once -> for a view: only rings whose box meets the view, projected, clamped to a
margin around it and thinned to one point per half pixel -> an SVG path. Everything
is drawn at build time, so the maps need no script, tile server or network.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
Ring = list[tuple[float, float]]  # (lon, lat)
BBox = tuple[float, float, float, float]  # west, south, east, north


@dataclass(frozen=True, slots=True)
class Shape:
    """One country's outline at one scale: its rings and each ring's bounding box."""

    name: str
    rings: tuple[tuple[Ring, BBox], ...]


@dataclass(frozen=True, slots=True)
class Basemap:
    scale: str  # "1:50m", "1:10m"
    coverage: BBox  # where this basemap has every outline
    shapes: tuple[Shape, ...]


def decode_topojson(topology: dict) -> list[tuple[str, list[Ring]]]:
    """(name, rings) per country of a TopoJSON `countries` object (quantized arcs)."""
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        points: Ring = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        if geometry["type"] == "Polygon":
            rings = [ring(r) for r in geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            rings = [ring(r) for polygon in geometry["arcs"] for r in polygon]
        else:
            continue
        countries.append((name, rings))
    return countries


def bbox_of(points: Ring) -> BBox:
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def _shapes(countries: list[tuple[str, list[Ring]]]) -> tuple[Shape, ...]:
    return tuple(
        Shape(name, tuple((r, bbox_of(r)) for r in rings if len(r) > 2))
        for name, rings in countries
    )


@cache
def world() -> Basemap:
    """Natural Earth 1:50m, the whole world: for overview maps."""
    topology = json.loads((DATA / "countries-50m.json").read_text(encoding="utf-8"))
    return Basemap("1:50m", (-180, -90, 180, 90), _shapes(decode_topojson(topology)))


@cache
def detail() -> Basemap | None:
    """Natural Earth 1:10m, cut to the area the dossier needs at that scale, if prepared."""
    path = DATA / "countries-10m-detail.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    countries = [
        (c["name"], [list(zip(r[::2], r[1::2], strict=True)) for r in c["rings"]])
        for c in data["countries"]
    ]
    return Basemap("1:10m", tuple(data["coverage"]), _shapes(countries))


def basemap_for(view: BBox) -> Basemap:
    """The most detailed basemap that covers the whole view."""
    fine = detail()
    if fine is not None and _contains(fine.coverage, view):
        return fine
    return world()


def _contains(outer: BBox, inner: BBox) -> bool:
    west, south, east, north = outer
    return west <= inner[0] and south <= inner[1] and inner[2] <= east and inner[3] <= north


def _meets(a: BBox, b: BBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


@dataclass(frozen=True, slots=True)
class Projection:
    """Equirectangular, with longitude scaled by the cosine of the middle latitude."""

    view: BBox
    width: float

    @property
    def _k(self) -> float:
        _, south, _, north = self.view
        return math.cos(math.radians((south + north) / 2))

    @property
    def scale(self) -> float:  # pixels per degree of latitude
        west, _, east, _ = self.view
        return self.width / ((east - west) * self._k)

    @property
    def height(self) -> float:
        _, south, _, north = self.view
        return (north - south) * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        west, _, _, north = self.view
        return (lon - west) * self._k * self.scale, (north - lat) * self.scale


def fit_view(points: list[tuple[float, float]], margin: float, min_span: float) -> BBox:
    """A view around (lon, lat) points, with a margin (a share of the span) on every side."""
    west, south, east, north = bbox_of(points)
    span_lon = max(east - west, min_span)
    span_lat = max(north - south, min_span * 0.6)
    mid_lon, mid_lat = (west + east) / 2, (south + north) / 2
    half_lon = span_lon * (0.5 + margin)
    half_lat = span_lat * (0.5 + margin)
    return (
        max(-180.0, mid_lon - half_lon),
        max(-85.0, mid_lat - half_lat),
        min(180.0, mid_lon + half_lon),
        min(85.0, mid_lat + half_lat),
    )


def outline_path(basemap: Basemap, projection: Projection) -> str:
    """One SVG path of every country outline meeting the view (fill with evenodd)."""
    west, south, east, north = projection.view
    pad_lon, pad_lat = (east - west) * 0.05, (north - south) * 0.05
    padded = (west - pad_lon, south - pad_lat, east + pad_lon, north + pad_lat)
    parts = []
    for shape in basemap.shapes:
        for ring, box in shape.rings:
            if _meets(box, padded):
                d = _ring_path(ring, projection, padded)
                if d:
                    parts.append(d)
    return "".join(parts)


def country_labels(
    basemap: Basemap, projection: Projection, min_area: float
) -> list[tuple[str, float, float]]:
    """(name, x, y) at the centre of each country's largest visible part, if large enough."""
    view = projection.view
    labels = []
    for shape in basemap.shapes:
        best = (0.0, 0.0, 0.0)
        for ring, box in shape.rings:
            if not _meets(box, view):
                continue
            points = [projection(lon, lat) for lon, lat in clip_ring(ring, view)]
            area, cx, cy = _area_centroid(points)
            if area > best[0]:
                best = (area, cx, cy)
        if best[0] >= min_area and shape.name:
            labels.append((shape.name, best[1], best[2]))
    return labels


def _area_centroid(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Shoelace area and centroid of a polygon in pixels."""
    if len(points) < 3:
        return 0.0, 0.0, 0.0
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-9:
        return 0.0, 0.0, 0.0
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def _ring_path(ring: Ring, projection: Projection, clip: BBox) -> str:
    out: list[str] = []
    last = None
    for lon, lat in clip_ring(ring, clip):
        x, y = projection(lon, lat)
        point = (round(x * 2) / 2, round(y * 2) / 2)  # half-pixel grid
        if point != last:
            out.append(f"{point[0]:g} {point[1]:g}")
            last = point
    if len(out) < 3:
        return ""
    return "M" + "L".join(out) + "Z"


def clip_ring(ring: Ring, box: BBox) -> Ring:
    """Sutherland-Hodgman: the part of a polygon ring inside a box (one pass per edge)."""
    west, south, east, north = box
    edges = (
        (lambda p: p[0] >= west, lambda a, b: _at_lon(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_lon(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_lat(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_lat(a, b, north)),
    )
    points = ring
    for inside, cross in edges:
        if not points:
            break
        kept: Ring = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    kept.append(cross(previous, point))
                kept.append(point)
            elif inside(previous):
                kept.append(cross(previous, point))
            previous = point
        points = kept
    return points


def _at_lon(a: tuple[float, float], b: tuple[float, float], lon: float) -> tuple[float, float]:
    t = (lon - a[0]) / (b[0] - a[0])
    return lon, a[1] + t * (b[1] - a[1])


def _at_lat(a: tuple[float, float], b: tuple[float, float], lat: float) -> tuple[float, float]:
    t = (lat - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), lat


def cut_detail(topology: dict, box: BBox, source: str) -> dict:
    """The 1:10m outlines inside `box`, clipped, as the compact file `detail()` reads."""
    countries = []
    for name, rings in decode_topojson(topology):
        kept = []
        for ring in rings:
            if not _meets(bbox_of(ring), box):
                continue
            clipped = clip_ring(ring, box)
            if len(clipped) > 2:
                kept.append([round(v, 4) for point in clipped for v in point])
        if kept:
            countries.append({"name": name, "rings": kept})
    return {
        "source": source,
        "licence": "Natural Earth: public domain. world-atlas packaging: ISC (Mike Bostock).",
        "coverage": list(box),
        "countries": countries,
    }
