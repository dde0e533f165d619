"""Lay out the maps: the frame, which places go to insets, and where each label goes.

Flow: every located place -> the overview frame fitted to the precise places (country
centres far beyond them are drawn at the edge, pointing the way) -> places closer than a
marker's reach on a phone-sized overview are grouped (single linkage); a compact group
gets an inset map of its own, framed the same way -> in every map, places that still
coincide are fanned out around their true point -> labels are placed greedily, once for
a narrow map (a 360 px screen) and once for a wide one, on the first of eight sides that
stays inside the map and overlaps no marker or label; a place with no such side gets a
number, explained in a key below the map. Positions are shares of the map's width and
height, and labels keep their size in CSS pixels, so a layout that fits at a width fits
at every larger width, and while zooming in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .geo import EARTH_KM, Frame, angle_between, fit_frame

LAYOUT_WIDTH = 1000.0  # projected layout units; the page scales the map to its width
MODES = {"n": 300.0, "w": 600.0}  # CSS px: a 360 px screen's map, and the wide breakpoint
MARKER_PX = 16.0  # a marker with its border, in CSS px
CLUSTER_PX = 18.0  # closer than this on a narrow overview: an inset, or fanned out
LABEL_H = 15.0
CHAR_PX = 7.4  # the widest average width of a label character (bold 12 px)
GAP = 3.0
EDGE = 3.0  # labels keep this far from the map's edge
MAX_DEPTH = 3  # insets within insets
SAME_PLACE_KM = 0.05
MIN_KM = {"overview": 3.0, "single": 400.0, "inset": 1.5, "accounts": 120.0}
LOCATOR_KM = {  # how much a location page's own map shows around a place, by kind
    "locality": 4.0,
    "site": 4.0,
    "city": 60.0,
    "town": 40.0,
    "region": 400.0,
    "mountain-range": 400.0,
    "river": 400.0,
    "route": 400.0,
    "country": 2500.0,
    "sea": 2000.0,
    "continent": 8000.0,
}
LOCATOR_NEIGHBOURS = 24
Box = tuple[float, float, float, float]
SIDES = (
    "right",
    "left",
    "above",
    "below",
    "above-right",
    "below-right",
    "above-left",
    "below-left",
)


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
    number: int = 0
    labels: dict[str, str] = field(default_factory=dict)  # mode -> side, or "num:" and a side
    off_map: str = ""  # an arrow towards the place, for one beyond the overview's edge
    inset: str = ""  # the key of the inset this marker stands for, on the overview


@dataclass(slots=True)
class MapLayout:
    key: str  # "overview", "a", "b", ..., "locator"
    frame: Frame
    markers: list[Marker] = field(default_factory=list)

    @property
    def aspect(self) -> float:
        return self.frame.height / self.frame.width


def layout_maps(places: list[Place]) -> list[MapLayout]:
    """The overview first, then one inset per compact group of places too close to tell
    apart (an inset may have insets of its own, a few levels deep)."""
    if not places:
        return []
    frame = _overview_frame(places)
    inside = [p for p in places if _within_frame(frame, p)]
    beyond = [p for p in places if not _within_frame(frame, p)]
    maps: list[MapLayout] = []
    overview = _layout("overview", frame, inside, maps, depth=0)
    overview.markers += [_edge_marker(p, frame) for p in beyond]
    maps.insert(0, overview)
    for layout in maps:
        number_and_label(layout)
    return maps


def _layout(
    key: str, frame: Frame, places: list[Place], maps: list[MapLayout], depth: int
) -> MapLayout:
    """One map of `places`; compact groups too close on a narrow map go to `maps` as insets."""
    narrow = MODES["n"] / frame.width
    pixels = {p.ident: _scaled(frame(p.lon, p.lat), narrow) for p in places}
    layout = MapLayout(key, frame)
    alone: list[Place] = []
    stand_ins: list[Marker] = []
    for group in _groups(places, pixels, CLUSTER_PX):
        xs = [pixels[p.ident][0] for p in group]
        ys = [pixels[p.ident][1] for p in group]
        spread = max(max(xs) - min(xs), max(ys) - min(ys))
        apart_km = max(angle_between((g.lon, g.lat), (group[0].lon, group[0].lat)) for g in group)
        apart_km *= EARTH_KM
        if (
            len(group) == 1
            or spread > MODES["n"] / 4
            or apart_km < SAME_PLACE_KM  # one point: fanned out, no finer map would help
            or depth >= MAX_DEPTH
        ):
            alone.extend(group)
            continue
        inset_key = chr(ord("a") + len(maps))
        inset_frame = fit_frame([(p.lon, p.lat) for p in group], LAYOUT_WIDTH, MIN_KM["inset"])
        index = len(maps)
        maps.append(MapLayout(inset_key, inset_frame))  # holds its letter before its own insets
        maps[index] = _layout(inset_key, inset_frame, group, maps, depth + 1)
        cx, cy = sum(xs) / len(xs) / narrow, sum(ys) / len(ys) / narrow
        stand_in = Place(f"inset-{inset_key}", f"Inset {inset_key.upper()}", 0.0, 0.0)
        share = (cx / frame.width, cy / frame.height)
        stand_ins.append(Marker(stand_in, *share, *share, inset=inset_key))
    layout.markers = _markers(alone, frame) + stand_ins
    return layout


def locator_layout(place: Place, kind: str, others: list[Place]) -> MapLayout:
    """A location page's own map: the place, framed by its kind's size, and its nearest
    neighbours in the frame (at most LOCATOR_NEIGHBOURS: the map is for orientation, and
    a dense dossier must not make every location page heavy)."""
    frame = fit_frame([(place.lon, place.lat)], LAYOUT_WIDTH, LOCATOR_KM.get(kind, 400.0))
    near = [p for p in others if p.ident != place.ident and _within_frame(frame, p)]
    near.sort(key=lambda p: (angle_between((place.lon, place.lat), (p.lon, p.lat)), p.ident))
    shown = [place, *near[:LOCATOR_NEIGHBOURS]]
    layout = MapLayout("locator", frame, _markers(shown, frame))
    number_and_label(layout)
    return layout


def accounts_layout(
    marks: list[Place], extent: list[tuple[float, float]], others: list[Place]
) -> MapLayout:
    """The map of where events happened by account: framed on the marks that are not a
    country's centre and on the lines and areas drawn (`extent`, (lon, lat) points), at
    least a region across so the border that divides accounts shows; a country's mark
    beyond the frame sits at its edge, pointing the way. The dossier's places in the
    frame, nearest first, orient the reader."""
    precise = [(p.lon, p.lat) for p in marks if not p.approximate] + extent
    points = precise or [(p.lon, p.lat) for p in marks]
    frame = fit_frame(points, LAYOUT_WIDTH, MIN_KM["accounts"])
    inside = [p for p in marks if _within_frame(frame, p)]
    centre = (frame.lon0, frame.lat0)
    near = [p for p in others if _within_frame(frame, p)]
    near.sort(key=lambda p: (angle_between(centre, (p.lon, p.lat)), p.ident))
    layout = MapLayout("accounts", frame, _markers(inside + near[:LOCATOR_NEIGHBOURS], frame))
    layout.markers += [_edge_marker(p, frame) for p in marks if not _within_frame(frame, p)]
    number_and_label(layout)
    return layout


def _overview_frame(places: list[Place]) -> Frame:
    """Fitted to the precise places, and to country centres not far beyond them."""
    precise = [(p.lon, p.lat) for p in places if not p.approximate]
    everything = [(p.lon, p.lat) for p in places]
    least = MIN_KM["single"] if len(places) == 1 else MIN_KM["overview"]
    if not precise:
        return fit_frame(everything, LAYOUT_WIDTH, least)
    first = fit_frame(precise, LAYOUT_WIDTH, MIN_KM["single"] if len(precise) == 1 else least)
    wider = Frame(
        first.kind, first.lon0, first.lat0, _grown(first.box, 0.5), first.width
    )  # country centres within half a frame's width of it still count
    near = precise + [(p.lon, p.lat) for p in places if p.approximate and _within_frame(wider, p)]
    if len(near) == len(precise):
        return first
    return fit_frame(near, LAYOUT_WIDTH, least)


def _grown(box: Box, share: float) -> Box:
    w, h = box[2] - box[0], box[3] - box[1]
    return (box[0] - w * share, box[1] - h * share, box[2] + w * share, box[3] + h * share)


def _within_frame(frame: Frame, place: Place) -> bool:
    x, y = frame(place.lon, place.lat)
    room = MARKER_PX / MODES["n"] * frame.width
    return room <= x <= frame.width - room and room <= y <= frame.height - room


def _scaled(point: tuple[float, float], factor: float) -> tuple[float, float]:
    return point[0] * factor, point[1] * factor


def _edge_marker(place: Place, frame: Frame) -> Marker:
    """A place beyond the overview: drawn at the edge, with an arrow pointing to it."""
    x, y = frame(place.lon, place.lat)
    if not math.isfinite(x):
        x, y = frame.width, frame.height / 2
    cx, cy = frame.width / 2, frame.height / 2
    angle = math.atan2(y - cy, x - cx)
    room = MARKER_PX / MODES["n"] * frame.width  # a marker's width on a narrow map
    scale = min(
        (cx - room) / abs(math.cos(angle)) if abs(math.cos(angle)) > 1e-9 else math.inf,
        (cy - room) / abs(math.sin(angle)) if abs(math.sin(angle)) > 1e-9 else math.inf,
    )
    ex, ey = cx + scale * math.cos(angle), cy + scale * math.sin(angle)
    arrow = "→↘↓↙←↖↑↗"[round(angle / (math.pi / 4)) % 8]
    share = (ex / frame.width, ey / frame.height)
    return Marker(place, *share, *share, off_map=arrow)


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


def _markers(places: list[Place], frame: Frame) -> list[Marker]:
    """Markers at their places; those that coincide on a narrow map are fanned out."""
    narrow = MODES["n"] / frame.width
    pixels = {p.ident: _scaled(frame(p.lon, p.lat), narrow) for p in places}
    height = frame.height * narrow
    markers = []
    for group in _groups(places, pixels, CLUSTER_PX):
        cx = sum(pixels[p.ident][0] for p in group) / len(group)
        cy = sum(pixels[p.ident][1] for p in group) / len(group)
        radius = CLUSTER_PX / 2 / math.sin(math.pi / len(group)) if len(group) > 1 else 0.0
        for n, place in enumerate(sorted(group, key=lambda p: p.name)):
            ax, ay = pixels[place.ident]
            x, y = ax, ay
            if len(group) > 1:  # fan out, keeping the true point for a leader line
                angle = -math.pi / 2 + 2 * math.pi * n / len(group)
                x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
                x = min(max(x, MARKER_PX), MODES["n"] - MARKER_PX)
                y = min(max(y, MARKER_PX), height - MARKER_PX)
            markers.append(Marker(place, x / MODES["n"], y / height, ax / MODES["n"], ay / height))
    return markers


def label_box(x: float, y: float, side: str, width: float) -> Box:
    """The box (CSS px) of a label `width` wide on `side` of a marker centred at (x, y)."""
    h, r = LABEL_H, MARKER_PX / 2 + GAP
    diag = MARKER_PX / 2
    return {
        "right": (x + r, y - h / 2, x + r + width, y + h / 2),
        "left": (x - r - width, y - h / 2, x - r, y + h / 2),
        "above": (x - width / 2, y - r - h, x + width / 2, y - r),
        "below": (x - width / 2, y + r, x + width / 2, y + r + h),
        "above-right": (x + diag, y - diag - h, x + diag + width, y - diag),
        "below-right": (x + diag, y + diag, x + diag + width, y + diag + h),
        "above-left": (x - diag - width, y - diag - h, x - diag, y - diag),
        "below-left": (x - diag - width, y + diag, x - diag, y + diag + h),
    }[side]


def text_width(text: str) -> float:
    return len(text) * CHAR_PX + 4


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_text(marker: Marker) -> str:
    return marker.place.name + (f" {marker.off_map}" if marker.off_map else "")


def number_and_label(layout: MapLayout) -> None:
    """Number the markers north to south, then place their labels in every mode."""
    ordered = sorted(layout.markers, key=lambda m: (m.y, m.x))
    for n, marker in enumerate(ordered, start=1):
        marker.number = n
    for mode, width in MODES.items():
        _place_labels(layout, mode, width)


def taken_boxes(layout: MapLayout, mode: str) -> list[Box]:
    """Boxes (CSS px in a mode) taken by markers and their shown labels or numbers."""
    width = MODES[mode]
    height = width * layout.aspect
    half = MARKER_PX / 2
    boxes = []
    for marker in layout.markers:
        x, y = marker.x * width, marker.y * height
        boxes.append((x - half, y - half, x + half, y + half))
        side = marker.labels.get(mode, "")
        text = label_text(marker)
        if side.startswith("num:"):
            side, text = side[4:], str(marker.number)
        if side in SIDES:
            boxes.append(label_box(x, y, side, text_width(text)))
    return boxes


def _place_labels(layout: MapLayout, mode: str, width: float) -> None:
    """Greedy, west to east: the first side inside the map that overlaps nothing; else a
    number there; else the number on the marker itself ("num:on")."""
    height = width * layout.aspect
    half = MARKER_PX / 2
    markers = {}
    for marker in layout.markers:
        x, y = marker.x * width, marker.y * height
        markers[id(marker)] = (x - half, y - half, x + half, y + half)
    taken = list(markers.values())
    for marker in sorted(layout.markers, key=lambda m: (m.x, m.y)):
        x, y = marker.x * width, marker.y * height
        own = markers[id(marker)]
        others = [box for box in taken if box is not own]
        chosen = "num:on"
        for text, prefix in ((label_text(marker), ""), (str(marker.number), "num:")):
            side = _free_side(x, y, text_width(text), width, height, others)
            if side:
                chosen = prefix + side
                taken.append(label_box(x, y, side, text_width(text)))
                break
        marker.labels[mode] = chosen


def _free_side(x: float, y: float, w: float, width: float, height: float, taken: list[Box]) -> str:
    for side in SIDES:
        box = label_box(x, y, side, w)
        inside = box[0] >= EDGE and box[1] >= EDGE and box[2] <= width - EDGE
        if inside and box[3] <= height - EDGE and not any(overlaps(box, t) for t in taken):
            return side
    return ""
