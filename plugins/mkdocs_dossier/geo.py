"""Geography for the maps: a frame fitted to the places, its projection, and the basemap.

Flow: the places' (lon, lat) -> a frame: the centre that keeps them all closest, an
azimuthal equidistant projection about it (true distances from the centre, shapes
honest over a region, fine at the poles and across the 180th meridian), or Equal Earth
centred on the smallest longitude arc when the places span the world -> the projected
box around the places, padded -> the Natural Earth outlines at the detail that fits the
frame's size (1:110m, 1:50m, 1:10m, none at town scale), projected, clipped to the frame
and thinned to a half-pixel grid -> SVG paths. Everything is drawn at build time: the
maps need no script, tile server or network (a site may opt into tiles at town scale:
`tiles`).

Cost: a site may have a small map on every location page, so a small frame never
projects a whole coastline. Once per process each ring gets its box, the boxes of its
runs of points and a place in a coarse grid; a frame then takes only the rings near it,
cuts their far runs short, thins them to its pixel, clips them to a (lon, lat) box just
wider than itself, and projects what is left. Drawings are cached per frame.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
EARTH_KM = 6371.0
Ring = list[tuple[float, float]]  # (lon, lat) or (x, y)
BBox = tuple[float, float, float, float]  # west, south, east, north (or x0, y0, x1, y1)
WORLD_ANGLE = math.radians(62)  # places farther than this from the centre: a world map
# Natural Earth scale by the frame's width: its 1:10m lines are good to about a
# kilometre, so below NO_BASEMAP_KM no bundled outline helps and none is drawn.
SCALES = ((2500.0, "110m"), (600.0, "50m"), (12.0, "10m"))
NO_BASEMAP_KM = SCALES[-1][0]


@dataclass(frozen=True, slots=True)
class Shape:
    """One country's outline at one scale: its rings and each ring's bounding box."""

    name: str
    rings: tuple[tuple[Ring, BBox], ...]


@dataclass(frozen=True, slots=True)
class Basemap:
    scale: str  # "1:110m", "1:50m", "1:10m"
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
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


@cache
def basemap(scale: str) -> Basemap:
    """Natural Earth countries at 1:110m, 1:50m or 1:10m (world-atlas files), decoded once."""
    topology = json.loads((DATA / f"countries-{scale}.json").read_text(encoding="utf-8"))
    shapes = tuple(
        Shape(name, tuple((r, bbox_of(r)) for r in rings if len(r) > 2))
        for name, rings in decode_topojson(topology)
    )
    return Basemap(f"1:{scale}", shapes)


def _meets(a: BBox, b: BBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _vec(lon: float, lat: float) -> tuple[float, float, float]:
    lo, la = math.radians(lon), math.radians(lat)
    return math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)


def angle_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle angle (radians) between two (lon, lat) points."""
    va, vb = _vec(*a), _vec(*b)
    dot = sum(p * q for p, q in zip(va, vb, strict=True))
    return math.acos(max(-1.0, min(1.0, dot)))


def smallest_arc(lons: list[float]) -> tuple[float, float]:
    """(west, east) of the shortest longitude arc holding every longitude; east may pass 180."""
    ordered = sorted(((lon + 180) % 360) - 180 for lon in lons)
    gaps = [((ordered[(i + 1) % len(ordered)] - ordered[i]) % 360, i) for i in range(len(ordered))]
    gap, i = max(gaps)
    if len(ordered) == 1 or gap == 0:
        return ordered[0], ordered[0]
    west = ordered[(i + 1) % len(ordered)]
    return west, west + (360 - gap)


def centre_of(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The centre that keeps the farthest place closest: the middle of the smallest
    longitude arc and of the latitudes, or the mean direction (better around a pole)."""
    west, east = smallest_arc([p[0] for p in points])
    lats = [p[1] for p in points]
    candidates = [(((west + east) / 2 + 180) % 360 - 180, (min(lats) + max(lats)) / 2)]
    vx, vy, vz = (sum(v[i] for v in (_vec(*p) for p in points)) for i in range(3))
    norm = math.sqrt(vx * vx + vy * vy + vz * vz)
    if norm > 1e-6:
        candidates.append((math.degrees(math.atan2(vy, vx)), math.degrees(math.asin(vz / norm))))
    return min(candidates, key=lambda c: max(angle_between(c, p) for p in points))


@dataclass(frozen=True, slots=True)
class Frame:
    """A projection and the rectangle of it that a map shows, `width` layout pixels wide.

    kind "azimuthal": azimuthal equidistant about (lon0, lat0), in radians of arc;
    kind "world": Equal Earth with central meridian lon0.
    """

    kind: str
    lon0: float
    lat0: float
    box: BBox  # the shown rectangle in projected units: x0, y0 (top), x1, y1 (bottom)
    width: float

    @property
    def scale(self) -> float:  # layout pixels per projected unit
        return self.width / (self.box[2] - self.box[0])

    @property
    def height(self) -> float:
        return (self.box[3] - self.box[1]) * self.scale

    @property
    def km_across(self) -> float:
        """The frame's width in kilometres (at its centre, for a world map along the equator)."""
        across = self.box[2] - self.box[0]
        return across * EARTH_KM / (_EE_X if self.kind == "world" else 1.0)

    def raw(self, lon: float, lat: float, limit: float = math.pi) -> tuple[float, float] | None:
        """Projected units (y up); beyond `limit` radians from the centre, pulled onto that
        circle; None at the antipode, where no direction exists."""
        if self.kind == "world":  # rings come shifted to lon0 +- 180: keep both edges
            dlon = lon - self.lon0
            dlon = dlon - 360 if dlon > 180 else dlon + 360 if dlon < -180 else dlon
            return _equal_earth(dlon, lat)
        return _azimuthal(self.lon0, self.lat0, lon, lat, limit)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        """Layout pixels from the frame's top left corner."""
        point = self.raw(lon, lat)
        if point is None:
            return math.inf, math.inf
        return self.to_px(point)

    def to_px(self, point: tuple[float, float]) -> tuple[float, float]:
        return (point[0] - self.box[0]) * self.scale, (self.box[3] - point[1]) * self.scale

    def from_px(self, x: float, y: float) -> tuple[float, float]:
        """(lon, lat) at a pixel of an azimuthal frame."""
        px, py = self.box[0] + x / self.scale, self.box[3] - y / self.scale
        return _azimuthal_inverse(self.lon0, self.lat0, px, py)

    @property
    def reach(self) -> float:
        """Radians from the centre to the frame's farthest corner (azimuthal frames)."""
        x0, y0, x1, y1 = self.box
        return max(math.hypot(x, y) for x in (x0, x1) for y in (y0, y1))


def _azimuthal(
    lon0: float, lat0: float, lon: float, lat: float, limit: float
) -> tuple[float, float] | None:
    la0, la = math.radians(lat0), math.radians(lat)
    dlon = math.radians(lon - lon0)
    cos_c = math.sin(la0) * math.sin(la) + math.cos(la0) * math.cos(la) * math.cos(dlon)
    c = math.acos(max(-1.0, min(1.0, cos_c)))
    x = math.cos(la) * math.sin(dlon)
    y = math.cos(la0) * math.sin(la) - math.sin(la0) * math.cos(la) * math.cos(dlon)
    norm = math.hypot(x, y)
    if norm < 1e-12:
        return (0.0, 0.0) if c < 1.0 else None
    k = min(c, limit) / norm
    return x * k, y * k


def _azimuthal_inverse(lon0: float, lat0: float, x: float, y: float) -> tuple[float, float]:
    c = math.hypot(x, y)
    if c < 1e-12:
        return lon0, lat0
    la0 = math.radians(lat0)
    lat = math.asin(
        max(-1.0, min(1.0, math.cos(c) * math.sin(la0) + y * math.sin(c) * math.cos(la0) / c))
    )
    lon = math.atan2(
        x * math.sin(c), c * math.cos(la0) * math.cos(c) - y * math.sin(la0) * math.sin(c)
    )
    return ((lon0 + math.degrees(lon) + 180) % 360) - 180, math.degrees(lat)


_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
_EE_X = 2 * math.sqrt(3) / (3 * (_A1 + 3 * _A2 + 7 * _A3 + 9 * _A4))  # x per radian at the equator


def _equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth (Šavrič, Patterson, Jenny 2018), lon relative to the central meridian."""
    t = math.asin(_M * math.sin(math.radians(lat)))
    t2 = t * t
    t6 = t2 * t2 * t2
    x = (
        2
        * math.sqrt(3)
        * math.radians(lon)
        * math.cos(t)
        / (3 * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    )
    y = t * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


def fit_frame(
    points: list[tuple[float, float]],
    width: float,
    min_km: float,
    pad: float = 0.12,
    aspect: tuple[float, float] = (0.5, 0.85),
) -> Frame:
    """The frame that holds every (lon, lat) point with a margin, at least `min_km` across.

    pad: the share of the places' spread added on every side; aspect: the least and
    most height per width (the short side is widened to it).
    """
    lon0, lat0 = centre_of(points)
    far = max(angle_between((lon0, lat0), p) for p in points)
    if far > WORLD_ANGLE:
        west, east = smallest_arc([p[0] for p in points])
        kind, lon0, lat0 = "world", ((west + east) / 2 + 180) % 360 - 180, 0.0
    else:
        kind = "azimuthal"
    probe = Frame(kind, lon0, lat0, (0.0, 0.0, 1.0, 1.0), 1.0)
    xy = [probe.raw(lon, lat) or (0.0, 0.0) for lon, lat in points]
    x0, y0, x1, y1 = bbox_of(xy)
    unit = _EE_X if kind == "world" else 1.0
    least = min_km / EARTH_KM * unit
    spread = max(x1 - x0, y1 - y0)
    margin = pad * spread
    w = max(x1 - x0 + 2 * margin, least)
    h = max(y1 - y0 + 2 * margin, least * aspect[0])
    w = max(w, h / aspect[1])
    h = max(h, w * aspect[0])
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if kind == "world":  # never wider than the world itself
        w = min(w, 2 * math.pi * _EE_X * 1.02)
        h = min(h, max(w * aspect[0], 2.7))
    return Frame(kind, lon0, lat0, (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), width)


def scale_for(frame: Frame) -> str | None:
    """The Natural Earth scale that fits the frame's size; None at town scale."""
    km = frame.km_across
    for least, scale in SCALES:
        if km >= least:
            return scale
    return None


def _shifted_rings(frame: Frame, shape: Shape) -> list[Ring]:
    """A shape's rings on a world map, split at its back meridian."""
    out = []
    for source, _ in shape.rings:
        ring = _unwrapped(source)
        box = bbox_of(ring)
        seam = (frame.lon0 - 180, -91.0, frame.lon0 + 180, 91.0)
        for shift in (-360.0, 0.0, 360.0):
            shifted_box = (box[0] + shift, box[1], box[2] + shift, box[3])
            if not _meets(shifted_box, seam):
                continue
            moved = [(lon + shift, lat) for lon, lat in ring] if shift else ring
            if seam[0] <= shifted_box[0] and shifted_box[2] <= seam[2]:
                out.append(moved)
            else:
                clipped = clip_ring(moved, seam)
                if len(clipped) > 2:
                    out.append(clipped)
    return out


def _all_rings(scale: str) -> Iterator[tuple[int, Ring]]:
    for i, shape in enumerate(basemap(scale).shapes):
        for ring, _ in shape.rings:
            yield i, ring


@cache
def _caps(scale: str) -> tuple[tuple[tuple[float, float, float], float], ...]:
    """For each ring of a scale (in `_all_rings` order): the centre (unit vector) and
    radius (radians) of a spherical cap that holds it, once per process."""
    return tuple(_cap(ring) for _, ring in _all_rings(scale))


def _cap(ring: Ring) -> tuple[tuple[float, float, float], float]:
    vectors = [_vec(*p) for p in ring]
    sx, sy, sz = (sum(v[i] for v in vectors) for i in range(3))
    norm = math.sqrt(sx * sx + sy * sy + sz * sz)
    if norm < 1e-9:  # round the whole globe: always near
        return (0.0, 0.0, 1.0), math.pi
    centre = (sx / norm, sy / norm, sz / norm)
    return centre, max(_angle(v, centre) for v in vectors)


def _angle(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return math.acos(max(-1.0, min(1.0, a[0] * b[0] + a[1] * b[1] + a[2] * b[2])))


def _unwrapped(ring: Ring) -> Ring:
    """A ring's longitudes made continuous where it crosses the 180th meridian; a ring that
    goes round a pole (Antarctica) is closed along that pole."""
    out: Ring = [ring[0]]
    offset = 0.0
    for (lon0, _), (lon, lat) in itertools.pairwise(ring):
        step = lon - lon0
        if step > 180:
            offset -= 360
        elif step < -180:
            offset += 360
        out.append((lon + offset, lat))
    if abs(out[-1][0] - out[0][0]) > 180:  # winds once round the pole
        pole = 90.0 if sum(lat for _, lat in ring) > 0 else -90.0
        out += [(out[-1][0], pole), (out[0][0], pole)]
    return out


def _cap_box(frame: Frame, radius: float) -> BBox | None:
    """The (lon, lat) box around the circle of `radius` radians about an azimuthal
    frame's centre; None when the circle holds a pole (then every longitude counts)."""
    deg = math.degrees(radius)
    if frame.lat0 + deg >= 90 or frame.lat0 - deg <= -90:
        return None
    ratio = math.sin(radius) / math.cos(math.radians(frame.lat0))
    if ratio >= 1:
        return None
    dlon = math.degrees(math.asin(ratio))
    return (frame.lon0 - dlon, frame.lat0 - deg, frame.lon0 + dlon, frame.lat0 + deg)


def project_ring(frame: Frame, ring: Ring, limit: float) -> Ring | None:
    """A ring in layout pixels. Points beyond `limit` radians are pulled onto that circle
    (outside the frame); a ring that jumps across the far side is dropped (None)."""
    out: Ring = []
    beyond = 0
    last_dir = None
    for lon, lat in ring:
        point = frame.raw(lon, lat, limit)
        if point is None:
            return None
        if frame.kind == "azimuthal" and math.hypot(*point) >= limit - 1e-9:
            beyond += 1
            direction = math.atan2(point[1], point[0])
            if last_dir is not None:
                turn = abs((direction - last_dir + math.pi) % (2 * math.pi) - math.pi)
                if turn > math.pi / 2:
                    return None
            last_dir = direction
        else:
            last_dir = None
        out.append(frame.to_px(point))
    if beyond == len(out):
        return None
    return out


def draw_basemap(
    frame: Frame, scale: str, label_area: float
) -> tuple[str, list[tuple[str, float, float]]]:
    """One SVG path of every outline in the frame (fill evenodd), and (name, x, y) for each
    country whose visible part fills at least `label_area` square pixels."""
    d, labels = _draw_basemap(frame, scale, label_area)
    return d, list(labels)


@lru_cache(maxsize=1024)  # a serve rebuild, or places sharing a frame, draw nothing twice
def _draw_basemap(
    frame: Frame, scale: str, label_area: float
) -> tuple[str, tuple[tuple[str, float, float], ...]]:
    shapes = basemap(scale).shapes
    pad = 4.0
    clip = (-pad, -pad, frame.width + pad, frame.height + pad)
    limit = min(math.pi * 0.95, frame.reach * 1.3 + 0.02) if frame.kind == "azimuthal" else math.pi
    # A (lon, lat) box a little wider than the frame, unless it would hold a pole.
    near = _cap_box(frame, frame.reach * 1.2) if frame.kind == "azimuthal" else None
    found: dict[int, list[Ring | None]]  # shape index -> its rings in layout pixels
    if near is not None:  # small enough for a (lon, lat) box: clip first, project the rest
        tolerance = math.degrees(THIN_PX / frame.scale)
        found = {
            i: [[frame(lon, lat) for lon, lat in ring] for ring in rings]
            for i, rings in _rings_near(scale, near, tolerance).items()
        }
    elif frame.kind == "azimuthal":  # round a pole, or most of a hemisphere
        found = {}
        centre = _vec(frame.lon0, frame.lat0)
        for (i, ring), (cap, reach) in zip(_all_rings(scale), _caps(scale), strict=True):
            if _angle(centre, cap) - reach <= limit:  # else wholly beyond: dropped anyway
                found.setdefault(i, []).append(project_ring(frame, ring, limit))
    else:
        found = {
            i: [project_ring(frame, ring, limit) for ring in _shifted_rings(frame, shape)]
            for i, shape in enumerate(shapes)
        }
    parts: list[str] = []
    labels = []
    for i, rings in sorted(found.items()):
        best = (0.0, 0.0, 0.0)
        for projected in rings:
            if projected is None or not _meets(bbox_of(projected), clip):
                continue
            clipped = clip_ring(projected, clip)
            d = _path(clipped)
            if d:
                parts.append(d)
                area, cx, cy = area_centroid(clipped)
                if area > best[0]:
                    best = (area, cx, cy)
        name = shapes[i].name
        if best[0] >= label_area and name:
            labels.append((name, best[1], best[2]))
    return "".join(parts), tuple(labels)


@dataclass(frozen=True, slots=True)
class _Outline:
    """A ring made continuous across the 180th meridian, with the boxes of its runs of
    CHUNK points, so a small frame skips the runs far from it without touching a point."""

    shape: int  # index in the basemap's shapes
    ring: Ring
    box: BBox
    chunks: tuple[tuple[int, BBox], ...]  # (start, box of ring[start:start + CHUNK])


CHUNK = 32
THIN_PX = 0.25  # layout pixels (a map is 1000 wide): finer detail than this is dropped
CELL = 10.0  # degrees: the grid that finds the rings near a frame


@cache
def _outlines(scale: str) -> tuple[list[_Outline], dict[tuple[int, int], list[int]]]:
    """Every ring of a scale, once per process, and a grid of which rings touch each cell."""
    outlines: list[_Outline] = []
    grid: dict[tuple[int, int], list[int]] = {}
    for i, shape in enumerate(basemap(scale).shapes):
        for source, source_box in shape.rings:
            ring = _unwrapped(source) if source_box[2] - source_box[0] > 180 else source
            box = bbox_of(ring)
            chunks = tuple(
                (start, bbox_of(ring[start : start + CHUNK]))
                for start in range(0, len(ring), CHUNK)
            )
            for cell in _cells(box):
                grid.setdefault(cell, []).append(len(outlines))
            outlines.append(_Outline(i, ring, box, chunks))
    return outlines, grid


def _cells(box: BBox) -> itertools.product[tuple[int, int]]:
    return itertools.product(
        range(math.floor(box[0] / CELL), math.floor(box[2] / CELL) + 1),
        range(math.floor(box[1] / CELL), math.floor(box[3] / CELL) + 1),
    )


def _rings_near(scale: str, near: BBox, tolerance: float) -> dict[int, list[Ring]]:
    """Shape index -> its rings clipped to the (lon, lat) box `near`, in the basemap's
    order: the grid finds the candidates, each ring's chunk boxes skip its far runs, and
    only what is left is thinned to `tolerance` degrees and clipped (then projected by
    the caller)."""
    outlines, grid = _outlines(scale)
    hits: set[tuple[int, float]] = set()
    for shift in (-360.0, 0.0, 360.0):  # a copy of a ring `shift` degrees east
        box = (near[0] - shift, near[1], near[2] - shift, near[3])
        for cell in _cells(box):
            for index in grid.get(cell, ()):
                if _meets(outlines[index].box, box):
                    hits.add((index, shift))
    found: dict[int, list[Ring]] = {}
    for index, shift in sorted(hits):
        outline = outlines[index]
        ring = _near_points(outline, (near[0] - shift, near[1], near[2] - shift, near[3]))
        if shift:
            ring = [(lon + shift, lat) for lon, lat in ring]
        clipped = _densified(clip_ring(_thinned(ring, tolerance), near), near)
        if len(clipped) > 2:
            found.setdefault(outline.shape, []).append(clipped)
    return found


def _near_points(outline: _Outline, box: BBox) -> Ring:
    """The ring with each run of chunks that lies wholly beyond one side of `box` cut to
    its first and last points. Clipping to the box then gives the same area: the cut
    loop lies beyond that side, so it winds round no point inside."""
    west, south, east, north = box
    ring = outline.ring
    out: Ring = []
    run_side = ""
    run_end = 0
    for start, (x0, y0, x1, y1) in outline.chunks:
        side = (
            "w"
            if x1 < west
            else "e"
            if x0 > east
            else "s"
            if y1 < south
            else "n"
            if y0 > north
            else ""
        )
        if side and side == run_side:
            run_end = start + CHUNK
            continue
        if run_side:
            out.append(ring[min(run_end, len(ring)) - 1])
        run_side = side
        if side:
            out.append(ring[start])
            run_end = start + CHUNK
        else:
            out.extend(ring[start : start + CHUNK])
    if run_side:
        out.append(ring[min(run_end, len(ring)) - 1])
    return out


def _thinned(ring: Ring, tolerance: float) -> Ring:
    """The ring without the points closer than `tolerance` (in degrees of longitude and
    of latitude) to the last one kept: a map's pixel cannot show them."""
    if len(ring) < 3:
        return ring
    out: Ring = [ring[0]]
    last_x, last_y = ring[0]
    for x, y in itertools.islice(ring, 1, len(ring) - 1):
        if abs(x - last_x) >= tolerance or abs(y - last_y) >= tolerance:
            out.append((x, y))
            last_x, last_y = x, y
    out.append(ring[-1])
    return out


def _densified(ring: Ring, box: BBox, parts: int = 32) -> Ring:
    """Extra points along the stretches of a clipped ring that run on the box's edges, so
    they bend with the projection instead of cutting across the frame."""
    west, south, east, north = box
    step_x, step_y = (east - west) / parts, (north - south) / parts
    out: Ring = []
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        out.append((x0, y0))
        if x0 == x1 and x0 in (west, east):
            n = int(abs(y1 - y0) / step_y)
        elif y0 == y1 and y0 in (south, north):
            n = int(abs(x1 - x0) / step_x)
        else:
            continue
        out.extend(
            (x0 + (x1 - x0) * k / (n + 1), y0 + (y1 - y0) * k / (n + 1)) for k in range(1, n + 1)
        )
    return out


def _path(points: Ring, closed: bool = True) -> str:
    """SVG path data on a half-pixel grid; a point in line with its neighbours along x or
    y (the frame's edge, where clipping leaves many) is left out."""
    grid: list[tuple[float, float]] = []
    for x, y in points:
        point = (round(x * 2) / 2, round(y * 2) / 2)
        if grid and point == grid[-1]:
            continue
        if len(grid) > 1 and (
            grid[-2][0] == grid[-1][0] == point[0] or grid[-2][1] == grid[-1][1] == point[1]
        ):
            grid[-1] = point
        else:
            grid.append(point)
    if len(grid) < (3 if closed else 2):
        return ""
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in grid) + ("Z" if closed else "")


def line_path(frame: Frame, line: Ring) -> str:
    """An open line of (lon, lat) in the frame (a location's own GeoJSON line)."""
    return _path([frame(lon, lat) for lon, lat in line], closed=False)


def polygon_path(frame: Frame, ring: Ring) -> str:
    clip = (-4.0, -4.0, frame.width + 4, frame.height + 4)
    return _path(clip_ring([frame(lon, lat) for lon, lat in ring], clip))


def country_path(frame: Frame, scale: str, name: str) -> str:
    """The outline of the Natural Earth country called `name`, in the frame ("" if none)."""
    shape = next((s for s in basemap(scale).shapes if s.name == name), None)
    if shape is None:
        return ""
    return "".join(polygon_path(frame, ring) for ring, _ in shape.rings)


def area_centroid(points: Ring) -> tuple[float, float, float]:
    """Shoelace area and centroid of a polygon, in its own units (pixels, or degrees)."""
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


def clip_ring(ring: Ring, box: BBox) -> Ring:
    """Sutherland-Hodgman: the part of a polygon ring inside a box (one pass per edge)."""
    west, south, east, north = box
    edges = (
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
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


def _at_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _at_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


@lru_cache(maxsize=1024)
def globe(frame: Frame, radius: float) -> tuple[str, str]:
    """A small orthographic globe about the frame's centre (1:110m land) and the frame's
    outline on it: two SVG paths in a box 2*radius wide."""
    ortho = Frame("azimuthal", frame.lon0, frame.lat0, (-1.0, -1.0, 1.0, 1.0), 2 * radius)
    land = []
    here = _vec(frame.lon0, frame.lat0)
    for ring, centre, reach in _globe_rings():
        if _angle(here, centre) - reach > math.pi / 2 + 1e-6:
            continue  # wholly on the far side
        points = _orthographic_ring(frame, ring)
        if points:
            land.append(_path([ortho.to_px(p) for p in points]))
    edge = []
    x0, y0, x1, y1 = 0.0, 0.0, frame.width, frame.height
    steps = 8
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1], strict=True):
        for i in range(steps):
            lon, lat = frame.from_px(ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps)
            edge.append(ortho.to_px(_orthographic(frame.lon0, frame.lat0, lon, lat)))
    return "".join(land), _path(edge)


GLOBE_STEP = 2.0  # degrees: a globe 56 px across shows nothing finer


@cache
def _globe_rings() -> tuple[tuple[Ring, tuple[float, float, float], float], ...]:
    """The 1:110m rings thinned for the globe, each with its cap (`_caps`), once per process."""
    out = []
    for (_, ring), (centre, reach) in zip(_all_rings("110m"), _caps("110m"), strict=True):
        thin: Ring = [ring[0]]
        for point in ring[1:-1]:
            last = thin[-1]
            if max(abs(point[0] - last[0]), abs(point[1] - last[1])) >= GLOBE_STEP:
                thin.append(point)
        thin.append(ring[-1])
        out.append((thin, centre, reach))
    return tuple(out)


def _orthographic_ring(frame: Frame, ring: Ring) -> Ring | None:
    """A ring on the globe's disc; None when it lies behind or wraps the far side."""
    out: Ring = []
    behind = 0
    last = None
    for lon, lat in ring:
        x, y = _orthographic(frame.lon0, frame.lat0, lon, lat)
        if x * x + y * y >= 1 - 1e-9:
            behind += 1
            direction = math.atan2(y, x)
            if last is not None and abs((direction - last + math.pi) % (2 * math.pi) - math.pi) > 1:
                return None
            last = direction
        else:
            last = None
        out.append((x, y))
    return None if behind == len(out) else out


def _orthographic(lon0: float, lat0: float, lon: float, lat: float) -> tuple[float, float]:
    """Orthographic on the unit disc; the far side is pulled onto the rim."""
    la0, la = math.radians(lat0), math.radians(lat)
    dlon = math.radians(lon - lon0)
    x = math.cos(la) * math.sin(dlon)
    y = math.cos(la0) * math.sin(la) - math.sin(la0) * math.cos(la) * math.cos(dlon)
    cos_c = math.sin(la0) * math.sin(la) + math.cos(la0) * math.cos(la) * math.cos(dlon)
    if cos_c < 0:
        norm = math.hypot(x, y) or 1.0
        return x / norm, y / norm
    return x, y
