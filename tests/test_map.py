"""The map: layout rules on their own, then the built map page and a location's locator map."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

from conftest import MINI, compile_at, messages, run_mkdocs_build
from mkdocs_dossier.geo import clip_ring, decode_topojson
from mkdocs_dossier.maplayout import MapLayout, Place, _label_box, layout_maps
from mkdocs_dossier.pipeline import Compiled
from sitecheck import scan

Make = Callable[..., Path]

PLACES = [
    Place("paris", "Paris", 2.35, 48.86),
    Place("moscow", "Moscow", 37.62, 55.76),
    Place("tel-aviv", "Tel Aviv", 34.78, 32.08),
    Place("hatay", "Hatay Province", 36.07, 36.35),
    Place("latakia", "Latakia Governorate", 35.98, 35.58),
    Place("jabal", "Jabal Turkmen", 35.98, 35.78),
    Place("bayir", "Bayirbucak", 35.98, 35.78),  # the same point as Jabal Turkmen
    Place("russia", "Russia", 100.0, 60.0, approximate=True),
]


def boxes(layout: MapLayout) -> list[tuple[str, tuple[float, ...]]]:
    shown = []
    for marker in layout.markers:
        if marker.label != "hidden":
            shown.append((marker.place.ident, _label_box(marker, marker.label, layout)))
    return shown


def test_close_places_go_to_an_inset_and_far_centres_to_the_edge() -> None:
    overview, *insets = layout_maps(PLACES)
    on_overview = {m.place.ident for m in overview.markers}
    assert on_overview == {"paris", "moscow", "tel-aviv", "russia"}
    assert len(insets) == 1
    assert {m.place.ident for m in insets[0].markers} == {"hatay", "latakia", "jabal", "bayir"}
    russia = next(m for m in overview.markers if m.place.ident == "russia")
    assert russia.off_map == "→"
    assert russia.x > 0.95  # drawn at the east edge, not stretching the map to Siberia
    assert overview.view[2] < 60


def test_coinciding_places_are_fanned_out_with_their_true_point_kept() -> None:
    _, inset = layout_maps(PLACES)
    jabal = next(m for m in inset.markers if m.place.ident == "jabal")
    bayir = next(m for m in inset.markers if m.place.ident == "bayir")
    assert (jabal.anchor_x, jabal.anchor_y) == (bayir.anchor_x, bayir.anchor_y)
    apart = abs(jabal.y - bayir.y) * inset.height + abs(jabal.x - bayir.x) * inset.width
    assert apart >= 12


def test_shown_labels_overlap_no_label_and_no_marker() -> None:
    for layout in layout_maps(PLACES):
        shown = boxes(layout)
        assert shown, "every map shows some labels"
        for (a, box_a), (b, box_b) in itertools.combinations(shown, 2):
            assert not (
                box_a[0] < box_b[2]
                and box_b[0] < box_a[2]
                and box_a[1] < box_b[3]
                and box_b[1] < box_a[3]
            ), f"labels of {a} and {b} overlap"
        for ident, box in shown:
            for marker in layout.markers:
                if marker.place.ident == ident:
                    continue
                x, y = marker.x * layout.width, marker.y * layout.height
                assert not (box[0] < x < box[2] and box[1] < y < box[3]), f"{ident} hides a marker"


def test_clip_ring_keeps_the_inside() -> None:
    square = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]
    clipped = clip_ring(square, (1.0, 1.0, 2.0, 5.0))
    assert sorted(set(clipped)) == [(1.0, 1.0), (1.0, 4.0), (2.0, 1.0), (2.0, 4.0)]
    assert clip_ring(square, (10.0, 10.0, 11.0, 11.0)) == []


def test_topojson_arcs_are_decoded_with_reversal() -> None:
    topology = {
        "transform": {"scale": [1, 1], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
        "objects": {"countries": {"geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "A"}},
            {"type": "Polygon", "arcs": [[-2, -1]], "properties": {"name": "B"}},
        ]}},
    }  # fmt: skip
    (name_a, [ring_a]), (name_b, [ring_b]) = decode_topojson(topology)
    assert (name_a, ring_a) == ("A", [(10, 20), (12, 20), (12, 22), (10, 22), (10, 20)])
    assert (name_b, ring_b) == ("B", [(10, 20), (10, 22), (12, 22), (12, 20), (10, 20)])


def test_the_built_map_page(seed_site: Path, seed_compiled: Compiled) -> None:
    page = (seed_site / "map" / "index.html").read_text()
    links = scan(seed_site / "map" / "index.html").links
    located = [i for i, loc in seed_compiled.dossier.locations.items() if loc.coordinates]
    for ident in located:  # one marker per place with coordinates, across overview and insets
        assert (
            len(re.findall(rf'class="dossier-marker[^"]*" href="\.\./locations/{ident}/"', page))
            == 1
        )
    for ident in seed_compiled.dossier.locations:  # and every place in the table
        assert f"../locations/{ident}/" in links
    assert page.count('<figure class="dossier-map-figure" id="inset-') >= 1
    assert "Natural Earth (1:10m, 1:50m)" in page
    assert "http://" not in page.split("<article")[1].split("</article>")[0].replace(
        'href="http', ""
    )  # nothing in the map is fetched from another host
    hatay = (seed_site / "locations" / "hatay" / "index.html").read_text()
    assert 'id="locator-hatay"' in hatay
    assert "Natural Earth 1:10m" in hatay


def test_a_geojson_geometry_is_drawn(mini: Make, tmp_path: Path) -> None:
    locations = MINI["dossier/locations.yml"] + (
        "coast-road:\n"
        "  name: Coast road\n"
        "  kind: region\n"
        "  coordinates: [43.6, 39.8]\n"
        "  precision: region-centroid\n"
        "  geometry:\n"
        "    type: LineString\n"
        "    coordinates: [[39.7, 43.5], [39.9, 43.7]]\n"
        "  cite:\n    - {url: 'https://gazetteer.example/coast-road', publisher: Example Gazetteer, note: Route.}\n"
    )
    project = mini({"dossier/locations.yml": locations})
    compiled = compile_at(project)
    assert compiled.ok, messages(compiled)
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "map" / "index.html").read_text()
    assert page.count('class="dossier-map-geometry"') >= 1
    broken = mini(
        {"dossier/locations.yml": locations.replace("[[39.7, 43.5], [39.9, 43.7]]", "[[39.7], 5]")}
    )
    found = messages(compile_at(broken))
    assert found[0].startswith(
        "dossier/locations.yml:15:18: error: geometry.coordinates: a position is [longitude, lat"
    )
