"""Filters over a page's long lists: by voice, side, claim, or disputed only.

Each filterable item carries its facets (`Facets.item`, drawn as data attributes by
`pieces/voices.html`); the form (`Facets.form`, drawn by `pieces/filters.html`) offers
only the values found on the page, hidden until `dossier.js` runs: without JavaScript
every item stays shown. The script keeps the
choice in the page's URL (`?voice=putin&disputed=1`) and announces what is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ..index import StanceRef
from .views import FilterControl, FilterItem, Filters

OUTLET = "~outlet"  # the voice of a source with no outlet on record: never an id
FILTER_MIN = 6  # a list this long or longer gets filters on claim and actor pages


class Names(Protocol):
    """What the facets read of the dossier: names for their labels (a `PageContext`)."""

    def name_of(self, ident: str | None) -> str: ...
    def statement_of(self, claim_id: str) -> str: ...
    def status_of(self, claim_id: str) -> str: ...
    def tr(self, message: str, **values: object) -> str: ...


@dataclass(slots=True)
class Facets:
    """The values items on one page carry, in first-seen order, with their labels."""

    voices: dict[str, str] = field(default_factory=dict)
    sides: dict[str, str] = field(default_factory=dict)
    claims: dict[str, str] = field(default_factory=dict)
    disputed: bool = False
    items: int = 0

    def item(self, names: Names, refs: Iterable[StanceRef]) -> FilterItem:
        """The facets of one item holding these stances; records their values."""
        voices: dict[str, str] = {}
        sides: dict[str, str] = {}
        claims: dict[str, str] = {}
        disputed = False
        for ref in refs:
            voices.setdefault(ref.speaker or OUTLET, _voice_label(names, ref))
            sides.setdefault(
                ref.side or OUTLET, names.name_of(ref.side) if ref.side else names.tr("the outlet")
            )
            claims.setdefault(ref.claim_id, names.statement_of(ref.claim_id))
            disputed = disputed or names.status_of(ref.claim_id) == "disputed"
        return self.add(voices, sides, claims, disputed)

    def add(
        self,
        voices: dict[str, str],
        sides: dict[str, str],
        claims: dict[str, str],
        disputed: bool,
    ) -> FilterItem:
        """The facets of one item, each a value and its label (an item that is no stance:
        an event of the timeline, by who gives its time); records their values."""
        for mine, seen in ((voices, self.voices), (sides, self.sides), (claims, self.claims)):
            for value, label in mine.items():
                seen.setdefault(value, label)
        self.disputed = self.disputed or disputed
        self.items += 1
        return FilterItem(" ".join(voices), " ".join(sides), " ".join(claims), disputed)

    def form(self, noun: str) -> Filters | None:
        """The filter form: a menu where there is a choice; None when there is none."""
        menus = (("voice", self.voices), ("side", self.sides), ("claim", self.claims))
        controls = tuple(
            FilterControl(name, tuple(values.items()))
            for name, values in menus
            if len(values) >= 2 or (name == "voice" and values)
        )
        if not controls and not self.disputed:
            return None
        return Filters(noun, controls, self.disputed)


def _voice_label(ctx: Names, ref: StanceRef) -> str:
    name = ctx.name_of(ref.speaker) if ref.speaker else ctx.tr("the outlet")
    return ctx.tr("%(outlet)s (the outlet’s own voice)", outlet=name) if ref.outlet_voice else name
