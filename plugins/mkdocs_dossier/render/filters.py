"""Filters over a page's long lists: by voice, side, claim, or disputed only.

Each filterable element carries its facets as data attributes (`item_attrs`); the form
(`filter_form`) offers only the values found on the page. Both are plain HTML, hidden
until `dossier.js` runs: without JavaScript every item stays shown. The script keeps the
choice in the page's URL (`?voice=putin&disputed=1`) and announces what is shown.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..index import StanceRef
from .views import FilterControl, FilterItem, Filters

if TYPE_CHECKING:
    from .common import PageContext

OUTLET = "~outlet"  # the voice of a source with no outlet on record: never an id
FILTER_MIN = 6  # a list this long or longer gets filters on claim and actor pages


class Names(Protocol):
    """What the facets read of the dossier: names for their labels (a `PageContext`)."""

    def name_of(self, ident: str | None) -> str: ...
    def statement_of(self, claim_id: str) -> str: ...
    def status_of(self, claim_id: str) -> str: ...


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
        voices, sides, claims = [], [], []
        disputed = False
        for ref in refs:
            voice = ref.speaker or OUTLET
            side = ref.side or OUTLET
            voices.append(voice)
            sides.append(side)
            claims.append(ref.claim_id)
            self.voices.setdefault(voice, _voice_label(names, ref))
            self.sides.setdefault(side, names.name_of(ref.side) if ref.side else "the outlet")
            self.claims.setdefault(ref.claim_id, names.statement_of(ref.claim_id))
            disputed = disputed or names.status_of(ref.claim_id) == "disputed"
        self.disputed = self.disputed or disputed
        self.items += 1
        return FilterItem(_joined(voices), _joined(sides), _joined(claims), disputed)

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

    def item_attrs(self, ctx: PageContext, refs: Iterable[StanceRef]) -> str:
        """Data attributes for one item holding these stances; records their values."""
        voices, sides, claims = [], [], []
        disputed = False
        for ref in refs:
            voice = ref.speaker or OUTLET
            side = ref.side or OUTLET
            voices.append(voice)
            sides.append(side)
            claims.append(ref.claim_id)
            self.voices.setdefault(voice, _voice_label(ctx, ref))
            self.sides.setdefault(side, ctx.name_of(ref.side) if ref.side else "the outlet")
            self.claims.setdefault(ref.claim_id, ctx.dossier.claims[ref.claim_id].statement)
            disputed = disputed or ctx.index.statuses[ref.claim_id] == "disputed"
        self.disputed = self.disputed or disputed
        self.items += 1
        return (
            f' data-filter-item data-voice="{_tokens(voices)}" data-side="{_tokens(sides)}"'
            f' data-claim="{_tokens(claims)}" data-disputed="{"yes" if disputed else "no"}"'
        )


def esc(text: object) -> str:  # for the HTML-building functions still being moved to templates
    return html.escape(str(text), quote=True)


def _joined(values: list[str]) -> str:
    return " ".join(dict.fromkeys(values))


def _voice_label(ctx: Names, ref: StanceRef) -> str:
    name = ctx.name_of(ref.speaker) if ref.speaker else "the outlet"
    return f"{name} (the outlet’s own voice)" if ref.outlet_voice else name


def _tokens(values: list[str]) -> str:
    return esc(" ".join(dict.fromkeys(values)))


def filter_form(facets: Facets, noun: str) -> str:
    """The form and its live status line; empty when there is nothing to choose between."""
    controls = []
    for name, label, every, values in (
        ("voice", "Voice", "All voices", facets.voices),
        ("side", "Side", "All sides", facets.sides),
        ("claim", "Claim", "All claims", facets.claims),
    ):
        if len(values) < 2 and not (name == "voice" and values):
            continue
        options = "".join(
            f'<option value="{esc(value)}">{esc(text)}</option>' for value, text in values.items()
        )
        controls.append(
            f'<label class="dossier-filter"><span>{label}</span>'
            f'<select name="{name}"><option value="">{every}</option>{options}</select></label>'
        )
    if facets.disputed:
        controls.append(
            '<label class="dossier-filter dossier-filter--check">'
            '<input type="checkbox" name="disputed" value="yes"> Disputed only</label>'
        )
    if not controls:
        return ""
    return (
        f'<form class="dossier-filters" hidden data-search-exclude data-noun="{esc(noun)}" '
        f'aria-label="Filter the {esc(noun)}">{"".join(controls)}'
        '<button type="button" class="dossier-filter-clear">Show all</button></form>'
        '<p class="dossier-filter-status" role="status"></p>'
    )
