"""Where each claimed event happened, by account: the claims' `where`, resolved to marks.

Flow: a claim's placements (`model.Placement`: a location of the dossier, or a point, a
line or an area of its own, and who gives it) -> with the locations and every actor's
side (`index.sides_of`) -> one `Whereabout` per placement: the point its mark stands
on, the form it is drawn in, and the side whose account it is. `render/account_map.py`
draws them; nothing here knows about pages.

A placement is an account, never a finding: two sides' places for one event are both
drawn, each in its side's colour, and neither is picked as the truth.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .model import AREA_TYPES, LINE_TYPES, Dossier, Geometry, Placement

Form = Literal["point", "line", "area", "country"]


@dataclass(frozen=True, slots=True)
class Whereabout:
    """One account of where a claimed event happened, ready to draw.

    `point` is (longitude, latitude) of its mark: the place's coordinates, a point, a
    line's middle vertex or an area's mean vertex; None when the place has no
    coordinates (listed, not drawn). `geometry`: a line or an area to draw as well."""

    claim_id: str
    number: int  # its position in the claim's `where`
    placement: Placement
    side: str | None  # the top of the speaks_for chain of who gives it; None: unattributed
    point: tuple[float, float] | None
    form: Form
    geometry: Geometry | None = None

    @property
    def spot(self) -> tuple[str, ...]:
        """What it points at: one side's accounts at one spot share a mark."""
        if self.placement.place is not None:
            return ("place", self.placement.place)
        assert self.geometry is not None
        return ("geometry", self.geometry.model_dump_json())


def whereabouts(
    dossier: Dossier, sides: Mapping[str | None, str | None], claim_ids: list[str] | None = None
) -> list[Whereabout]:
    """Every claim's placements (or those of `claim_ids`), in the order of the files."""
    found = []
    ids = list(dossier.claims) if claim_ids is None else claim_ids
    for claim_id in ids:
        for number, placement in enumerate(dossier.claims[claim_id].where):
            found.append(_resolve(dossier, sides, claim_id, number, placement))
    return found


def _resolve(
    dossier: Dossier,
    sides: Mapping[str | None, str | None],
    claim_id: str,
    number: int,
    placement: Placement,
) -> Whereabout:
    side = sides.get(placement.according_to, placement.according_to)
    found = (claim_id, number, placement, side)
    if placement.geometry is not None:
        geometry = placement.geometry
        return Whereabout(*found, mark_point(geometry), _form(geometry), geometry)
    location = dossier.locations[placement.place or ""]
    point = (location.coordinates[1], location.coordinates[0]) if location.coordinates else None
    if location.geometry is not None and location.geometry.type != "Point":
        geometry = location.geometry
        return Whereabout(*found, point or mark_point(geometry), _form(geometry), geometry)
    return Whereabout(*found, point, "country" if location.kind == "country" else "point")


def _form(geometry: Geometry) -> Form:
    if geometry.type in LINE_TYPES:
        return "line"
    return "area" if geometry.type in AREA_TYPES else "point"


def mark_point(geometry: Geometry) -> tuple[float, float]:
    """Where a geometry's mark stands: the point; a line's middle vertex; an area's mean
    vertex (of its first ring, the outer one)."""
    coordinates = geometry.coordinates
    if geometry.type == "Point":
        return coordinates[0], coordinates[1]
    if geometry.type in {"MultiLineString", "Polygon"}:
        coordinates = coordinates[0]
    elif geometry.type == "MultiPolygon":
        coordinates = coordinates[0][0]
    if geometry.type in AREA_TYPES:
        closed = len(coordinates) > 1 and coordinates[0] == coordinates[-1]
        ring = coordinates[:-1] if closed else coordinates
        return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    middle = coordinates[len(coordinates) // 2]
    return middle[0], middle[1]


def side_order(found: list[Whereabout]) -> dict[str | None, int]:
    """Each side's number (1, 2, ...) in the order its first account appears: the colour
    it is drawn in, the same on every map of one build."""
    order: dict[str | None, int] = {}
    for whereabout in found:
        order.setdefault(whereabout.side, len(order) + 1)
    return order
