"""An opt-in tile layer for maps at town scale, where no bundled coastline helps.

Web Mercator tiles (the {z}/{x}/{y} scheme of most tile servers) at the zoom whose
pixels are closest to the map's own, each placed by projecting its corners through the
map's frame: so a tile lies where the markers' projection puts its ground, to well
under a pixel across a town (the two projections differ there by a rotation of a
thousandth of a radian). Neighbouring tiles share their corner points, so they meet
without seams. Only a site that sets a template gets tiles; its readers' browsers then
fetch them from that host.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .geo import Frame

TILE_PX = 256
MAX_ZOOM = 19
MAX_TILES = 48  # a bound on the requests one map makes
MERCATOR_LAT = 85.05112878  # beyond this Web Mercator has no tiles
PLACEHOLDERS = ("{z}", "{x}", "{y}")


@dataclass(frozen=True, slots=True)
class Tile:
    url: str
    box: tuple[float, float, float, float]  # left, top, right, bottom in the frame's pixels


def template_problem(template: str, attribution: str) -> str:
    """Why a tile URL template cannot be used, or an empty string."""
    if not template:
        return ""
    if not template.lower().startswith(("https://", "http://", "/")):
        return "map_tiles must be an http(s) URL or a path on this site"
    missing = [p for p in PLACEHOLDERS if p not in template]
    if missing:
        return f"map_tiles must hold {', '.join(missing)}, where the tile's numbers go"
    if not attribution.strip():
        return "map_tiles_attribution is required with map_tiles: tile providers' terms ask for it"
    return ""


def _mercator(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    """Web Mercator tile coordinates (tile units) of a point at a zoom."""
    lat = max(-MERCATOR_LAT, min(MERCATOR_LAT, lat))
    n = 2.0**zoom
    phi = math.radians(lat)
    return (lon + 180.0) / 360.0 * n, (1.0 - math.asinh(math.tan(phi)) / math.pi) / 2.0 * n


def _lonlat(x: float, y: float, zoom: int) -> tuple[float, float]:
    n = 2.0**zoom
    return x / n * 360.0 - 180.0, math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))


def zoom_for(frame: Frame, lat: float) -> int:
    """The zoom whose tile pixels are nearest to one of the map's layout pixels."""
    metres_per_px = frame.km_across * 1000 / frame.width
    equator = 2 * math.pi * 6378137.0 / TILE_PX  # Web Mercator's metres per pixel at zoom 0
    exact = math.log2(equator * math.cos(math.radians(lat)) / metres_per_px)
    return max(0, min(MAX_ZOOM, round(exact)))


def tiles_for(frame: Frame, template: str) -> list[Tile]:
    """The tiles under an azimuthal frame, in rows from the top; none for a world map."""
    if frame.kind != "azimuthal" or not template:
        return []
    corners = [frame.from_px(x, y) for x in (0.0, frame.width) for y in (0.0, frame.height)]
    zoom = zoom_for(frame, frame.lat0)
    while True:
        spots = [_mercator(lon, lat, zoom) for lon, lat in _unwrapped(corners, frame.lon0)]
        x0, x1 = math.floor(min(p[0] for p in spots)), math.floor(max(p[0] for p in spots))
        y0, y1 = math.floor(min(p[1] for p in spots)), math.floor(max(p[1] for p in spots))
        if (x1 - x0 + 1) * (y1 - y0 + 1) <= MAX_TILES or zoom == 0:
            break
        zoom -= 1
    n = 2**zoom
    point: dict[tuple[int, int], tuple[float, float]] = {}

    def corner(i: int, j: int) -> tuple[float, float]:
        if (i, j) not in point:
            point[(i, j)] = frame(*_lonlat(i, j, zoom))
        return point[(i, j)]

    tiles = []
    for j in range(max(0, y0), min(n - 1, y1) + 1):
        for i in range(x0, x1 + 1):
            nw, ne, sw, se = corner(i, j), corner(i + 1, j), corner(i, j + 1), corner(i + 1, j + 1)
            box = (
                (nw[0] + sw[0]) / 2,
                (nw[1] + ne[1]) / 2,
                (ne[0] + se[0]) / 2,
                (sw[1] + se[1]) / 2,
            )
            if box[2] < 0 or box[0] > frame.width or box[3] < 0 or box[1] > frame.height:
                continue
            url = template.replace("{z}", str(zoom)).replace("{x}", str(i % n))
            tiles.append(Tile(url.replace("{y}", str(j)), box))
    return tiles


def _unwrapped(points: list[tuple[float, float]], lon0: float) -> list[tuple[float, float]]:
    """Longitudes within 180 degrees of the frame's centre, so a frame across the 180th
    meridian asks for tile columns in one run (they wrap round when named)."""
    return [(lon0 + ((lon - lon0 + 180) % 360) - 180, lat) for lon, lat in points]
