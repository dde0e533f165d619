"""The map: layout rules on their own, then the built map page and a location's locator map."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from conftest import MINI, compile_at, messages, run_mkdocs_build
from mkdocs_dossier.geo import clip_ring, decode_topojson
from mkdocs_dossier.maplayout import (
    MODES,
    MapLayout,
    Place,
    label_box,
    label_text,
    layout_maps,
    text_width,
)
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


def boxes(layout: MapLayout, mode: str) -> list[tuple[str, tuple[float, ...]]]:
    """Every shown label or number, in CSS px of a map `mode` wide."""
    width = MODES[mode]
    shown = []
    for marker in layout.markers:
        side, text = marker.labels[mode], label_text(marker)
        if side.startswith("num:"):
            side, text = side[4:], str(marker.number)
        if side != "on":
            x, y = marker.x * width, marker.y * width * layout.aspect
            shown.append((marker.place.ident, label_box(x, y, side, text_width(text))))
    return shown


def test_close_places_go_to_an_inset_and_far_centres_to_the_edge() -> None:
    overview, *insets = layout_maps(PLACES)
    on_overview = {m.place.ident for m in overview.markers if not m.inset}
    assert {"paris", "moscow", "russia"} <= on_overview
    assert [m.inset for m in overview.markers if m.inset] == ["a"]
    in_insets = {m.place.ident for inset in insets for m in inset.markers}
    assert {"hatay", "latakia", "jabal", "bayir"} <= in_insets
    shown = sorted(m.place.ident for layout in (overview, *insets) for m in layout.markers)
    stand_ins = [f"inset-{inset.key}" for inset in insets]  # an inset may hold an inset
    assert shown == sorted([p.ident for p in PLACES] + stand_ins)  # each place once
    russia = next(m for m in overview.markers if m.place.ident == "russia")
    assert russia.off_map in "→↗"
    assert russia.x > 0.9 or russia.y < 0.1  # at the edge, not stretching the map to Siberia
    assert overview.frame(100.0, 60.0)[0] > overview.frame.width


def test_coinciding_places_are_fanned_out_with_their_true_point_kept() -> None:
    inset = next(m for m in layout_maps(PLACES) if any(k.place.ident == "jabal" for k in m.markers))
    jabal = next(m for m in inset.markers if m.place.ident == "jabal")
    bayir = next(m for m in inset.markers if m.place.ident == "bayir")
    assert (jabal.anchor_x, jabal.anchor_y) == (bayir.anchor_x, bayir.anchor_y)
    width = MODES["n"]
    apart = abs(jabal.y - bayir.y) * width * inset.aspect + abs(jabal.x - bayir.x) * width
    assert apart >= 16  # a marker's width apart on a phone


def test_shown_labels_overlap_no_label_and_no_marker() -> None:
    for layout, mode in itertools.product(layout_maps(PLACES), MODES):
        shown = boxes(layout, mode)
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
                x, y = marker.x * MODES[mode], marker.y * MODES[mode] * layout.aspect
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
    places = page[page.index('id="every-place-in-the-dossier"') :]  # after the map of accounts
    for ident in located:  # one marker per place with coordinates, across overview and insets
        marker = rf'class="dossier-marker[^"]*" href="\.\./locations/{ident}/"'
        assert len(re.findall(marker, places)) == 1
    for ident in seed_compiled.dossier.locations:  # and every place in the table
        assert f"../locations/{ident}/" in links
    assert page.count('<figure class="dossier-map-figure" id="inset-') >= 1
    scales = re.search(r"Natural Earth \(([^)]*)\)\.", page)
    assert scales, "the page names its basemap"
    for scale in scales.group(1).split(", "):  # each named scale is one a figure uses
        assert f"(Natural Earth {scale})" in page
    assert "http://" not in page.split("<article")[1].split("</article>")[0].replace(
        'href="http', ""
    )  # nothing in the map is fetched from another host
    assert len(page.encode()) < 200_000  # the page's byte budget, basemaps included
    hatay = (seed_site / "locations" / "hatay" / "index.html").read_text()
    assert 'id="locator-hatay"' in hatay
    assert "Natural Earth 1:10m" in hatay  # a region's own map: a few hundred km across


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
    # A line is drawn as a line (a stroke, never filled: a wedge across the map).
    assert page.count('class="dossier-map-geometry dossier-map-geometry--line"') >= 1
    assert "dossier-map-geometry--area" not in page
    broken = mini(
        {"dossier/locations.yml": locations.replace("[[39.7, 43.5], [39.9, 43.7]]", "[[39.7], 5]")}
    )
    found = messages(compile_at(broken))
    assert found[0].startswith(
        "dossier/locations.yml:15:18: error: geometry.coordinates: a position is [longitude, lat"
    )


LINE_AND_AREA = (
    "river:\n"
    "  name: Coast river\n"
    "  kind: river\n"
    "  coordinates: [43.6, 39.75]\n"
    "  precision: region-centroid\n"
    "  geometry:\n"
    "    type: LineString\n"
    "    coordinates: [[39.6, 43.5], [39.75, 43.7], [39.9, 43.55]]\n"
    "  cite:\n    - {url: 'https://gazetteer.example/river', publisher: Example Gazetteer, note: River.}\n"
    "road:\n"
    "  name: Coast road\n"
    "  kind: route\n"
    "  coordinates: [43.55, 39.8]\n"
    "  precision: region-centroid\n"
    "  geometry:\n"
    "    type: MultiLineString\n"
    "    coordinates: [[[39.7, 43.5], [39.8, 43.55]], [[39.8, 43.55], [39.95, 43.6]]]\n"
    "  cite:\n    - {url: 'https://gazetteer.example/road', publisher: Example Gazetteer, note: Route.}\n"
    "crash-site:\n"
    "  name: Crash site\n"
    "  kind: site\n"
    "  coordinates: [43.62, 39.7]\n"
    "  precision: locality\n"
    "  geometry:\n"
    "    type: Polygon\n"
    "    coordinates: [[[39.65, 43.6], [39.75, 43.6], [39.75, 43.65], [39.65, 43.6]]]\n"
    "  cite:\n    - {url: 'https://gazetteer.example/site', publisher: Example Gazetteer, note: Area.}\n"
)


def test_a_river_a_route_and_a_site_each_have_their_look_and_the_legend_lists_them(
    mini: Make, tmp_path: Path, seed_site: Path
) -> None:
    project = mini({"dossier/locations.yml": MINI["dossier/locations.yml"] + LINE_AND_AREA})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "map" / "index.html").read_text()
    assert page.count("dossier-map-geometry--line") == 2  # the river and the route
    assert page.count("dossier-map-geometry--area") == 1  # the site's outline
    legend = page[page.index('class="dossier-legend') :]
    legend = legend[: legend.index("</ul>")]
    for shape in ("line", "site", "drawn-line", "drawn-area"):
        assert f"dossier-marker--{shape}" in legend, shape
    # Only what the map shows: the seed draws no line and no area.
    seed = (seed_site / "map" / "index.html").read_text()
    seed = seed[
        seed.index('id="every-place-in-the-dossier"') :
    ]  # the places' map, after the accounts'
    seed_legend = seed[seed.index('class="dossier-legend') :]
    seed_legend = seed_legend[: seed_legend.index("</ul>")]
    assert "drawn-line" not in seed_legend
    assert "drawn-area" not in seed_legend


@pytest.mark.browser
def test_a_line_is_a_stroke_and_an_area_is_filled_in_the_browser(
    mini: Make, tmp_path: Path
) -> None:
    """As a reader's browser paints them: the river or route never filled (its ends
    would close into a wedge), the area filled."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve  # noqa: PLC0415

    require_chromium()
    project = mini({"dossier/locations.yml": MINI["dossier/locations.yml"] + LINE_AND_AREA})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    with serve(tmp_path / "site") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "map/")
        painted = page.eval_on_selector_all(
            ".dossier-map-geometry",
            """paths => paths.map(p => ({
                 line: p.classList.contains('dossier-map-geometry--line'),
                 fill: getComputedStyle(p).fill,
                 stroke: getComputedStyle(p).stroke,
               }))""",
        )
        browser.close()
    lines = [p for p in painted if p["line"]]
    areas = [p for p in painted if not p["line"]]
    assert lines, painted
    assert areas, painted
    assert all(p["fill"] == "none" and p["stroke"] != "none" for p in lines), lines
    assert all(p["fill"] != "none" for p in areas), areas


LABELS_IN_VIEW = """map => {
    const box = map.getBoundingClientRect()
    const labels = [...map.querySelectorAll('a.dossier-marker')].map(a => {
        const lab = a.querySelector('.dossier-lab')
        const r = lab.getBoundingClientRect()
        const m = a.getBoundingClientRect()
        const style = getComputedStyle(lab)
        return {name: a.textContent.trim(),
                shown: style.display !== 'none' && style.clipPath === 'none',
                inView: m.left >= box.left && m.right <= box.right
                        && m.top >= box.top && m.bottom <= box.bottom,
                r: [r.left, r.top, r.right, r.bottom]}
    })
    return {box: [box.left, box.top, box.right, box.bottom], labels}
}"""


@pytest.mark.browser
def test_zooming_in_shows_the_labels_of_the_places_in_view(
    seed_site: Path, chromium: Browser
) -> None:
    """At 360 px the overview numbers places whose labels have no room; zoomed in on
    them, their labels show, inside the map and overlapping no other."""
    from browser import serve  # noqa: PLC0415

    with serve(seed_site) as base:
        page = chromium.new_page(viewport={"width": 360, "height": 800})
        page.goto(base + "map/")
        overview = page.locator("#map-overview .dossier-map")
        overview.scroll_into_view_if_needed()
        before = overview.evaluate(LABELS_IN_VIEW)
        hidden = [lab for lab in before["labels"] if not lab["shown"]]
        assert hidden, "the narrow overview numbers some places"
        target = page.locator("#map-overview a.dossier-marker", has_text=hidden[-1]["name"]).first
        spot = target.bounding_box()
        assert spot is not None
        page.mouse.move(spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2)
        page.keyboard.down("Control")
        for _ in range(3):
            page.mouse.wheel(0, -400)
            page.wait_for_timeout(50)
        page.keyboard.up("Control")
        page.mouse.move(1, 1)  # hovering shows a marker's label anyway: away from the map
        # The labels are placed once the zoom settles: wait for them, however busy the machine.
        page.wait_for_function(
            "m => m.dataset.labelled && m.dataset.labelled === m.dataset.k && +m.dataset.k > 1",
            arg=overview.element_handle(),
        )
        after = overview.evaluate(LABELS_IN_VIEW)
        page.close()
    was_hidden = {lab["name"] for lab in hidden}
    revealed = [lab for lab in after["labels"] if lab["shown"] and lab["name"] in was_hidden]
    assert revealed, after
    x0, y0, x1, y1 = after["box"]
    shown = [lab for lab in after["labels"] if lab["shown"] and lab["inView"]]
    for lab in revealed:  # a label shown by zooming stays inside the map
        left, top, right, bottom = lab["r"]
        assert x0 <= left, lab
        assert right <= x1, lab
        assert y0 <= top, lab
        assert bottom <= y1, lab
    for a, b in itertools.combinations(shown, 2):
        overlap = a["r"][0] < b["r"][2] - 0.5 and b["r"][0] < a["r"][2] - 0.5
        overlap = overlap and a["r"][1] < b["r"][3] - 0.5 and b["r"][1] < a["r"][3] - 0.5
        assert not overlap, (a, b)
