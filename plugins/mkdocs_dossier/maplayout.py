"""Lay out the map: which places share the overview, which go to insets, where labels go.

Flow: every located place -> the overview view fitted around them -> places closer
than a marker's reach on the overview are grouped (single linkage) and each group
gets an inset map of its own, drawn at the finer scale -> in every map, places that
still coincide are fanned out around their true point -> labels placed greedily
beside their marker where they overlap nothing, otherwise shown on hover and focus.
Positions come out as shares of the map's width and height, so the map can scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .geo import BBox, Projection, fit_view

OVERVIEW_WIDTH = 1000.0
INSET_WIDTH = 600.0
CLUSTER_PX = 26.0  # closer than this on the overview: the places go to an inset
COINCIDE_PX = 12.0  # closer than this in a map: fanned out around their point
MARKER_PX = 12.0
LABEL_PX = 13.0  # label font size in the layout's pixels
CHAR_PX = 7.0  # average width of a label character at that size


@dataclass(frozen=True, slots=True)
class Place:
    ident: str
    name: str
    lon: float
    lat: float
    approximate: bool = False  # a country's centre: it should not stretch the overview


@dataclass(slots=True)
class Marker:
    place: Place
    x: float  # share of the map width, 0..1
    y: float  # share of the map height, 0..1
    anchor_x: float  # where the place really is, when fanned out (else x, y)
    anchor_y: float
    label: str = "right"  # right, left, above, below, or hidden
    off_map: str = ""  # an arrow towards the place, for one beyond the overview's edge


@dataclass(slots=True)
class MapLayout:
    key: str  # "overview", "a", "b", ...
    view: BBox
    width: float
    height: float
    markers: list[Marker] = field(default_factory=list)
    insets: list[tuple[str, BBox]] = field(default_factory=list)  # key, area shown


def layout_maps(places: list[Place]) -> list[MapLayout]:
    """The overview first, then one inset per group of places too close to tell apart."""
    if not places:
        return []
    view = _overview_view(places)
    projection = Projection(view, OVERVIEW_WIDTH)
    beyond = [p for p in places if not _inside(view, p)]
    places = [p for p in places if _inside(view, p)]
    pixels = {p.ident: projection(p.lon, p.lat) for p in places}
    groups = _groups(places, pixels, CLUSTER_PX)
    overview = MapLayout("overview", view, OVERVIEW_WIDTH, projection.height)
    maps = [overview]
    alone = []
    for group in groups:
        if len(group) == 1:
            alone.extend(group)
            continue
        inset_view = fit_view([(p.lon, p.lat) for p in group], margin=0.9, min_span=1.2)
        key = chr(ord("a") + len(overview.insets))
        overview.insets.append((key, inset_view))
        inset_projection = Projection(inset_view, INSET_WIDTH)
        inset = MapLayout(key, inset_view, INSET_WIDTH, inset_projection.height)
        inset.markers = _markers(group, inset_projection)
        maps.append(inset)
    overview.markers = _markers(alone, projection) + [
        _edge_marker(place, projection) for place in beyond
    ]
    obstacles = [_inset_box(projection, area) for _, area in overview.insets]
    for layout in maps:
        _place_labels(layout, obstacles if layout is overview else [])
    return maps


def _overview_view(places: list[Place]) -> BBox:
    """Fitted to the precise places, and to country centres not far beyond them."""
    precise = [(p.lon, p.lat) for p in places if not p.approximate]
    if not precise:
        return fit_view([(p.lon, p.lat) for p in places], margin=0.08, min_span=8.0)
    west, south, east, north = fit_view(precise, margin=0.5, min_span=8.0)
    near = precise + [
        (p.lon, p.lat)
        for p in places
        if p.approximate and west <= p.lon <= east and south <= p.lat <= north
    ]
    return fit_view(near, margin=0.08, min_span=8.0)


def _inside(view: BBox, place: Place) -> bool:
    return view[0] <= place.lon <= view[2] and view[1] <= place.lat <= view[3]


def _edge_marker(place: Place, projection: Projection) -> Marker:
    """A place beyond the overview: drawn at the edge, with an arrow pointing to it."""
    x, y = projection(place.lon, place.lat)
    cx, cy = projection.width / 2, projection.height / 2
    angle = math.atan2(y - cy, x - cx)
    # Walk from the centre towards the place until the edge (less a marker's room).
    room = MARKER_PX
    scale = min(
        (projection.width / 2 - room) / abs(math.cos(angle)) if math.cos(angle) else math.inf,
        (projection.height / 2 - room) / abs(math.sin(angle)) if math.sin(angle) else math.inf,
    )
    ex, ey = cx + scale * math.cos(angle), cy + scale * math.sin(angle)
    arrows = "→↘↓↙←↖↑↗"
    arrow = arrows[round(angle / (math.pi / 4)) % 8]
    return Marker(
        place,
        ex / projection.width,
        ey / projection.height,
        ex / projection.width,
        ey / projection.height,
        off_map=arrow,
    )


def _groups(
    places: list[Place], pixels: dict[str, tuple[float, float]], reach: float
) -> list[list[Place]]:
    """Single-linkage groups of places closer than `reach` pixels (union-find)."""
    parent = list(range(len(places)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(places)), key=lambda i: pixels[places[i].ident][0])
    for n, i in enumerate(order):  # sweep by x: only neighbours within reach are compared
        xi, yi = pixels[places[i].ident]
        for j in order[n + 1 :]:
            xj, yj = pixels[places[j].ident]
            if xj - xi > reach:
                break
            if math.hypot(xj - xi, yj - yi) < reach:
                parent[root(j)] = root(i)
    groups: dict[int, list[Place]] = {}
    for i, place in enumerate(places):
        groups.setdefault(root(i), []).append(place)
    return list(groups.values())


def _markers(places: list[Place], projection: Projection) -> list[Marker]:
    """Markers at their places; those that coincide are fanned out on a small circle."""
    width, height = projection.width, projection.height
    pixels = {p.ident: projection(p.lon, p.lat) for p in places}
    markers = []
    for group in _groups(places, pixels, COINCIDE_PX):
        cx = sum(pixels[p.ident][0] for p in group) / len(group)
        cy = sum(pixels[p.ident][1] for p in group) / len(group)
        for n, place in enumerate(sorted(group, key=lambda p: p.name)):
            x, y = pixels[place.ident]
            if len(group) > 1:  # fan out, keeping the true point for a leader line
                angle = -math.pi / 2 + 2 * math.pi * n / len(group)
                radius = MARKER_PX * 1.6
                x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
            ax, ay = pixels[place.ident]
            markers.append(Marker(place, x / width, y / height, ax / width, ay / height))
    return markers


def _inset_box(projection: Projection, area: BBox) -> tuple[float, float, float, float]:
    x0, y0 = projection(area[0], area[3])
    x1, y1 = projection(area[2], area[1])
    return x0, y0, x1, y1


def _label_box(marker: Marker, side: str, layout: MapLayout) -> tuple[float, float, float, float]:
    x, y = marker.x * layout.width, marker.y * layout.height
    w, h = len(marker.place.name) * CHAR_PX + 4, LABEL_PX * 1.3
    gap = MARKER_PX / 2 + 3
    return {
        "right": (x + gap, y - h / 2, x + gap + w, y + h / 2),
        "left": (x - gap - w, y - h / 2, x - gap, y + h / 2),
        "above": (x - w / 2, y - gap - h, x + w / 2, y - gap),
        "below": (x - w / 2, y + gap, x + w / 2, y + gap + h),
    }[side]


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def occupied(layout: MapLayout) -> list[tuple[float, float, float, float]]:
    """Boxes (in layout pixels) taken by markers, their shown labels and inset frames."""
    half = MARKER_PX / 2
    boxes = []
    for marker in layout.markers:
        x, y = marker.x * layout.width, marker.y * layout.height
        boxes.append((x - half, y - half, x + half, y + half))
        if marker.label != "hidden":
            boxes.append(_label_box(marker, marker.label, layout))
    return boxes


def free_spot(
    box: tuple[float, float, float, float], taken: list[tuple[float, float, float, float]]
) -> float | None:
    """A vertical shift that frees `box` from every taken box, trying small shifts first."""
    height = box[3] - box[1]
    for shift in (0.0, height, -height, 2 * height, -2 * height):
        moved = (box[0], box[1] + shift, box[2], box[3] + shift)
        if not any(_overlaps(moved, other) for other in taken):
            return shift
    return None


def _within(box: tuple[float, float, float, float], layout: MapLayout) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= layout.width and box[3] <= layout.height


def _place_labels(layout: MapLayout, obstacles: list[tuple[float, float, float, float]]) -> None:
    """Greedy: west to east, the first side that stays inside and overlaps nothing."""
    taken = list(obstacles)
    half = MARKER_PX / 2
    for marker in layout.markers:
        x, y = marker.x * layout.width, marker.y * layout.height
        taken.append((x - half, y - half, x + half, y + half))
    for marker in sorted(layout.markers, key=lambda m: m.x):
        marker.label = "hidden"
        for side in ("right", "left", "above", "below"):
            box = _label_box(marker, side, layout)
            inside = _within(box, layout)
            own = (marker.x * layout.width - half, marker.y * layout.height - half)
            if inside and not any(_overlaps(box, other) for other in taken if other[:2] != own):
                marker.label = side
                taken.append(box)
                break
