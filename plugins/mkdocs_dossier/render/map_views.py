"""What the maps hand their templates: geometry and labels as plain values, never HTML.

Flow: `render/map.py` lays out each map (`maplayout`), projects its outlines (`geo`)
and turns the result into these frozen values: paths as strings of numbers, positions
as shares of the map formatted for CSS, the class names that place each label, and the
names shown. `templates/dossier/pieces/map.html` draws them (the SVG, the markers over
it, the caption, the key, the legend, the table of places) with autoescaping, so a
site restyles a map by overriding that one file. Numbers arrive already formatted,
so the template prints them as the map's byte budget was measured.
"""

from __future__ import annotations

from dataclasses import dataclass

from .views import Citation, ClaimLink, Link


@dataclass(frozen=True, slots=True)
class Swatch:
    """One line of the legend: a marker's look and what it stands for."""

    shape: str  # city, locality, site, region, line, country, sea, inset, drawn-line,
    # drawn-area, account
    text: str
    said: bool = False  # ringed: a statement was made here
    off_map: bool = False  # drawn at the edge, pointing the way
    side: int = 0  # an account's side: its colour and the number on its mark


@dataclass(frozen=True, slots=True)
class Legend:
    """Only what the maps draw; `numbered`: some marker is numbered, named in a key."""

    swatches: tuple[Swatch, ...]
    numbered: bool = False


@dataclass(frozen=True, slots=True)
class MapMarker:
    """A place over the map: a link, its label and its number, placed for every width.

    `label_class` and `number_class` say, per layout mode, on which side the label or
    the number sits or that it is hidden (`dossier-n-right dossier-w-hide`)."""

    href: str
    text: str
    shape: str  # as in Swatch; "inset" stands for an inset map below
    left: str  # per cent of the map's width, formatted
    top: str
    label_class: str
    number: int
    number_class: str
    said: bool = False
    off_map: str = ""  # the arrow towards a place beyond the edge
    inset_names: str = ""  # the places an inset marker stands for, for screen readers
    side: int = 0  # an account's mark: its side's number (colour and digit); 0: a place
    whose: str = ""  # an account's mark: whose account, for screen readers


@dataclass(frozen=True, slots=True)
class MapShape:
    """A location's own geometry as an SVG path: a line (a river, a route, a flight
    track) is a stroke, never filled; an area is filled."""

    d: str
    shape: str  # "line" or "area"
    side: int = 0  # an account's line or area: its side's number; 0: a place's own


@dataclass(frozen=True, slots=True)
class Leader:
    """A line from a fanned-out marker back to its true point, in the SVG's units."""

    x1: str
    y1: str
    x2: str
    y2: str


@dataclass(frozen=True, slots=True)
class CountryName:
    """A country named where there is room, at a share of the map's width and height."""

    name: str
    left: str
    top: str


@dataclass(frozen=True, slots=True)
class MapTile:
    """One image of the site's tile layer, placed in per cent of the map's size."""

    url: str
    left: str
    top: str
    width: str
    height: str


@dataclass(frozen=True, slots=True)
class Globe:
    """The small globe beside a regional map's caption: land, and the frame's outline
    where the frame is large enough to show (else empty)."""

    land: str
    outline: str = ""


@dataclass(frozen=True, slots=True)
class ScaleBar:
    """A round length as a share of the map's width; on a world map, along the equator."""

    share: str
    text: str  # "500 km", "200 m"
    along_equator: bool = False


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """A numbered marker's name under the map, shown in the modes where it is numbered."""

    classes: str  # dossier-key-n, dossier-key-w
    number: int
    name: str


@dataclass(frozen=True, slots=True)
class MapFigure:
    """One map: the overview, an inset, or a location page's own map."""

    ident: str  # the figure's id: map-overview, inset-a, locator- and the place's id
    caption: str
    width: str  # the SVG's units, formatted
    height: str
    km: str  # kilometres across, for dossier.js's scale bar
    kind: str  # the frame's projection: world or azimuthal
    scale: str  # the Natural Earth scale drawn ("110m"); empty: no bundled basemap
    land: str  # the land's SVG path; empty: none
    geometries: tuple[MapShape, ...]  # locations' own lines and areas
    leaders: tuple[Leader, ...]
    countries: tuple[CountryName, ...]
    markers: tuple[MapMarker, ...]
    scale_bar: ScaleBar
    tiles: tuple[MapTile, ...] = ()
    credit: str = ""  # the tile layer's attribution (sanitised prose), with tiles
    globe: Globe | None = None
    key: tuple[KeyEntry, ...] = ()
    locator: bool = False  # a location page's small map


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """A place in the map page's table, for readers who do not use the map."""

    place: Link
    kind: str
    coordinates: str  # "lat, lon", or "not known"
    precision: str  # how exact the coordinates are; empty: not said
    mentions: int
    said_here: int


@dataclass(frozen=True, slots=True)
class WhereEntry:
    """One side's account of where one or more claimed events happened, as listed under
    the map: `anchor` is the id its mark links to; `place` the location (None: a point,
    line or area of its own, `drawn` says which); `on_map`: drawn on the map. On a
    claim's page, one account with where it is written."""

    anchor: str
    side: int
    side_name: str  # "Turkey", or "" for an account no actor gives
    who: tuple[Link, ...]  # the voices that give it; empty: no one named
    place: Link | None
    drawn: str  # "a point", "a line", "an area"; empty with a place
    claims: tuple[ClaimLink, ...]
    on_map: bool
    source: Link | None = None  # where it is written: a source of the dossier,
    citations: tuple[Citation, ...] = ()  # or the original publishers,
    unverified: str | None = None  # or why none confirms it (prose)


@dataclass(frozen=True, slots=True)
class AccountsMap:
    """The map page's first section: where it happened, by account."""

    figure: MapFigure | None
    legend: Legend
    entries: tuple[WhereEntry, ...]
