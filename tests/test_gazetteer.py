"""The offline gazetteer: a place given by its GeoNames id, or a country by its name,
is located without a network and cited (issue 32, Must 2)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import MINI, compile_at, messages, run_mkdocs_build
from mkdocs_dossier.pipeline import Compiled

Make = Callable[..., Path]

PLACES = (
    "moscow:\n  name: Moscow\n  kind: city\n  geonames: 524901\n"
    "egypt:\n  name: Egypt\n  kind: country\n"
    "atlantis:\n  name: Atlantis\n  kind: city\n  geonames: 999999998\n"
)


def test_the_seed_leaves_no_city_town_or_country_unlocated(seed_compiled: Compiled) -> None:
    """Kizildag stays off the map: the research could not tell which Kizildag is meant,
    and the seed says so on the place's page."""
    unlocated = {
        ident
        for ident, loc in seed_compiled.dossier.locations.items()
        if not loc.coordinates and loc.kind in ("city", "town", "locality", "country")
    }
    assert unlocated == {"kizildag"}
    moscow = seed_compiled.dossier.locations["moscow"]
    assert moscow.coordinates is not None
    lat, lon = moscow.coordinates
    assert abs(lat - 55.75) < 0.05
    assert abs(lon - 37.62) < 0.05
    assert any(c.url == "https://www.geonames.org/524901" for c in moscow.cite)
    uk = seed_compiled.dossier.locations["united-kingdom"]
    assert uk.coordinates is not None
    assert uk.precision == "country-centroid"
    assert 50 < uk.coordinates[0] < 56  # in Great Britain
    assert -5 < uk.coordinates[1] < 1


def test_a_geonames_id_locates_a_place_and_an_unknown_one_is_a_warning(
    mini: Make, tmp_path: Path
) -> None:
    project = mini({"dossier/locations.yml": MINI["dossier/locations.yml"] + PLACES})
    compiled = compile_at(project)
    found = messages(compiled)
    assert compiled.ok, found
    # The unknown id is named at its line and column, with what to do instead.
    assert found[0].startswith(
        "dossier/locations.yml:18:13: warning: GeoNames id 999999998 is not in the bundled"
    ), found
    assert "coordinates: [latitude, longitude]" in found[0]
    egypt = compiled.dossier.locations["egypt"].coordinates
    assert egypt is not None
    assert 22 < egypt[0] < 32  # inside Egypt
    assert 25 < egypt[1] < 35
    result = run_mkdocs_build(project, tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "map" / "index.html").read_text()
    assert re.search(r'class="dossier-marker[^"]*" href="\.\./locations/moscow/"', page)
    assert "Not on the map (coordinates unknown): Atlantis." in page
    moscow = (tmp_path / "site" / "locations" / "moscow" / "index.html").read_text()
    assert 'href="https://www.geonames.org/524901"' in moscow  # cited, as any other point


def test_many_ids_cost_one_parse_and_give_the_same_points() -> None:
    """Past a few ids the gazetteer parses its file once instead of scanning it for each:
    a dossier of thousands of places stays bounded, and finds what the scan finds."""
    from mkdocs_dossier import gazetteer  # noqa: PLC0415
    from mkdocs_dossier.model import Location  # noqa: PLC0415

    ids = [745044, *range(999_999_900, 999_999_900 + gazetteer.FEW + 5)]
    gazetteer._found.clear()  # a fresh process: nothing looked up yet
    places = {
        f"p{n}": Location.model_validate({"name": f"P{n}", "kind": "city", "geonames": ident})
        for n, ident in enumerate(ids)
    }
    missing = gazetteer.locate(places)
    assert len(missing) == gazetteer.FEW + 5  # every made-up id, and only those
    istanbul = places["p0"].coordinates
    assert istanbul is not None
    assert abs(istanbul[0] - 41.01) < 0.05
    assert abs(istanbul[1] - 28.95) < 0.05
