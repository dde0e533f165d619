"""The map anywhere on Earth: synthetic dossiers in several regions, built as real sites and
measured in headless Chromium (markers and labels inside the map, nothing on top of
anything, close places close), plus pan and zoom by mouse, touch and keyboard."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve
from conftest import MINI, compile_at, messages, run_mkdocs_build, write_tree

# (id, name, kind, lat, lon): real coordinates of real places, rounded.
REGIONS: dict[str, list[tuple[str, str, str, float, float]]] = {
    "antimeridian": [
        ("suva", "Suva", "city", -18.1416, 178.4419),
        ("labasa", "Labasa", "town", -16.4333, 179.3833),
        ("lomaloma", "Lomaloma", "town", -17.2833, -178.9833),
        ("apia", "Apia", "city", -13.8333, -171.7667),
        ("nukualofa", "Nukuʻalofa", "city", -21.1394, -175.2046),
    ],
    "arctic": [
        ("longyearbyen", "Longyearbyen", "town", 78.2232, 15.6267),
        ("barentsburg", "Barentsburg", "town", 78.0648, 14.2335),
        ("ny-alesund", "Ny-Ålesund", "town", 78.9236, 11.9228),
        ("hornsund", "Hornsund", "locality", 77.0003, 15.5406),
        ("kvitoya", "Kvitøya", "region", 80.15, 32.6),
        ("north-pole", "North Pole", "locality", 89.99, 0.0),
    ],
    "south": [
        ("ushuaia", "Ushuaia", "city", -54.8019, -68.3030),
        ("puerto-williams", "Puerto Williams", "town", -54.9333, -67.6167),
        ("punta-arenas", "Punta Arenas", "city", -53.1638, -70.9171),
        ("stanley", "Stanley", "town", -51.6977, -57.8520),
    ],
    "single": [("reykjavik", "Reykjavík", "city", 64.1466, -21.9426)],
    "world": [
        ("paris", "Paris", "city", 48.8566, 2.3522),
        ("saint-denis", "Saint-Denis", "town", 48.9362, 2.3574),
        ("new-york", "New York", "city", 40.7128, -74.0060),
        ("tokyo", "Tokyo", "city", 35.6762, 139.6503),
        ("sydney", "Sydney", "city", -33.8688, 151.2093),
        ("rio", "Rio de Janeiro", "city", -22.9068, -43.1729),
        ("johannesburg", "Johannesburg", "city", -26.2041, 28.0473),
    ],
    "town": [
        ("old-town-square", "Old Town Square", "locality", 50.0875, 14.4213),
        ("charles-bridge", "Charles Bridge", "locality", 50.0865, 14.4114),
        ("wenceslas-square", "Wenceslas Square", "locality", 50.0810, 14.4280),
    ],
}
# Pairs close on Earth (a few hundred km or less) that must be close on the map.
CLOSE = {
    "antimeridian": ("labasa", "lomaloma"),
    "arctic": ("longyearbyen", "barentsburg"),
    "south": ("ushuaia", "puerto-williams"),
    "town": ("old-town-square", "charles-bridge"),
}
WIDTHS = (1280, 360)
PAGE_BUDGET = 200_000  # bytes of the whole map page's HTML, basemap included


def region_files(region: str) -> dict[str, str]:
    places = REGIONS[region]
    locations = "".join(
        f"{ident}:\n  name: {name}\n  kind: {kind}\n  coordinates: [{lat}, {lon}]\n"
        f"  precision: {'city' if kind in ('city', 'town') else 'exact'}\n"
        f"  cite:\n    - {{url: 'https://gazetteer.example/{ident}', publisher: Example Gazetteer, note: Coordinates.}}\n"
        for ident, name, kind, lat, lon in places
    )
    annotations = MINI["dossier/annotations/a.yml"].replace(
        "mentions: [putin, sochi]", f"mentions: [putin, {places[0][0]}]"
    )
    return {
        **MINI,
        "dossier/locations.yml": locations,
        "dossier/annotations/a.yml": annotations,
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every region's dossier, built once with --strict."""
    built = {}
    for region in REGIONS:
        root = write_tree(tmp_path_factory.mktemp(region), region_files(region))
        compiled = compile_at(root)
        assert compiled.ok, messages(compiled)
        site = root / "site"
        result = run_mkdocs_build(root, site)
        assert result.returncode == 0, result.stderr[-3000:]
        built[region] = site
    return built


def test_the_pages_say_what_they_draw(sites: dict[str, Path]) -> None:
    single = (sites["single"] / "map" / "index.html").read_text()
    assert "1 place." in single
    assert "Overview: 1 place " in single
    town = (sites["town"] / "map" / "index.html").read_text()
    assert "3 places." in town
    assert "Overview: 3 places " in town
    legend = town.split('class="dossier-legend"')[1].split("</ul>")[0]
    assert "Locality" in legend
    for absent in ("City or town", "Region", "Country", "Sea", "inset"):
        assert absent not in legend, absent
    assert "Natural Earth" not in town.split("<article")[1].split("All places")[0]
    assert "too close together for any bundled coastline" in town
    # Untiled at town scale: the page says how to add tiles and what they cost readers.
    note = town.split('class="dossier-muted dossier-map-untiled"')[1].split("</p>")[0]
    assert "<code>map_tiles</code>" in note
    assert "privacy" in note
    assert "dossier-map-untiled" not in single  # a map with a basemap needs no tiles
    assert 'class="dossier-north"' in town  # nothing else on a blank map says where north is
    assert 'class="dossier-north"' not in single
    assert 'class="dossier-scalebar"' in town
    world = (sites["world"] / "map" / "index.html").read_text()
    bar = re.search(r'<span class="dossier-scalebar-text">([\d.]+) km</span> '
                    r'<span class="dossier-scalebar-note">along the equator</span>', world)  # fmt: skip
    assert bar, "a world map has a scale bar, true along the equator"
    assert float(bar.group(1)) >= 1000
    bridge = (sites["town"] / "locations" / "charles-bridge" / "index.html").read_text()
    assert "° of longitude" not in bridge
    assert "Charles Bridge: the map is about 4.0 km across" in bridge
    for region, site in sites.items():
        size = (site / "map" / "index.html").stat().st_size
        assert size < PAGE_BUDGET, f"{region}: the map page is {size} bytes"


def _layout_script() -> str:
    return """() => [...document.querySelectorAll('.dossier-map')].map(map => {
        const m = map.getBoundingClientRect();
        const box = r => ({l: r.left, t: r.top, r: r.right, b: r.bottom});
        const shown = el => {
          const s = getComputedStyle(el);
          return s.display !== 'none' && s.clipPath === 'none' && el.getBoundingClientRect().width > 2;
        };
        return {
          map: box(m),
          markers: [...map.querySelectorAll('a.dossier-marker')].map(a => ({
            id: new URL(a.href).pathname, box: box(a.getBoundingClientRect()),
            clip: getComputedStyle(a).clipPath})),
          labels: [...map.querySelectorAll('.dossier-lab, .dossier-num')].filter(shown).map(l => ({
            id: new URL(l.closest('a').href).pathname, text: l.textContent,
            box: box(l.getBoundingClientRect())})),
          key: [...(map.closest('figure').querySelectorAll('.dossier-map-key li'))]
            .filter(li => getComputedStyle(li).display !== 'none').map(li => li.textContent),
        };
      })"""


def _overlap(a: dict, b: dict, slack: float = 0.5) -> bool:
    return (
        a["l"] + slack < b["r"]
        and b["l"] + slack < a["r"]
        and a["t"] + slack < b["b"]
        and b["t"] + slack < a["b"]
    )


def _inside(a: dict, outer: dict, slack: float = 0.5) -> bool:
    return (
        a["l"] >= outer["l"] - slack
        and a["t"] >= outer["t"] - slack
        and a["r"] <= outer["r"] + slack
        and a["b"] <= outer["b"] + slack
    )


def _centre(box: dict) -> tuple[float, float]:
    return (box["l"] + box["r"]) / 2, (box["t"] + box["b"]) / 2


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require_chromium()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.mark.browser
@pytest.mark.parametrize("region", list(REGIONS))
def test_every_place_and_label_is_inside_and_clear(
    sites: dict[str, Path], browser: object, region: str
) -> None:
    with serve(sites[region]) as base:
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
            page.goto(f"{base}map/")
            figures = page.evaluate(_layout_script())
            on_map = {m["id"] for f in figures for m in f["markers"]}
            for ident, *_ in REGIONS[region]:
                assert f"/locations/{ident}/" in on_map, f"{region} {width}: {ident} missing"
            for f in figures:
                where = f"{region} at {width} px"
                for m in f["markers"]:
                    assert _inside(m["box"], f["map"]), f"{where}: marker {m['id']} outside"
                    assert m["clip"] == "none", f"{where}: marker {m['id']} clips its label"
                for label in f["labels"]:
                    assert _inside(label["box"], f["map"]), f"{where}: {label['text']} clipped"
                    for m in f["markers"]:
                        if m["id"] != label["id"]:
                            assert not _overlap(label["box"], m["box"]), (
                                f"{where}: label {label['text']} covers marker {m['id']}"
                            )
                for a_index, a in enumerate(f["labels"]):
                    for b in f["labels"][a_index + 1 :]:
                        assert not _overlap(a["box"], b["box"]), (
                            f"{where}: labels {a['text']} and {b['text']} overlap"
                        )
                named = {label["id"] for label in f["labels"] if not label["text"].isdigit()}
                numbered = [label for label in f["labels"] if label["text"].isdigit()]
                assert len(f["key"]) == len(numbered), f"{where}: the key misses a number"
                for m in f["markers"]:  # every marker is named on the map or numbered
                    assert m["id"] in named or any(n["id"] == m["id"] for n in numbered)
            if region in CLOSE:
                a, b = (f"/locations/{i}/" for i in CLOSE[region])
                overview = figures[0]
                spots = {m["id"]: _centre(m["box"]) for m in overview["markers"]}
                if a in spots and b in spots:  # else both went into one inset: closer still
                    gap = math.dist(spots[a], spots[b])
                    across = overview["map"]["r"] - overview["map"]["l"]
                    assert gap < 0.3 * across, f"{region}: close places {gap:.0f} px apart"
                else:
                    assert a not in spots
                    assert b not in spots
            page.close()


@pytest.mark.browser
def test_close_across_the_180th_meridian(sites: dict[str, Path], browser: object) -> None:
    """Two islands 180 km apart on either side of the meridian sit side by side, and the
    Fiji-to-Samoa distance keeps its proportion to the Fiji-to-Tonga one."""
    with serve(sites["antimeridian"]) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page.goto(f"{base}map/")
        overview = page.evaluate(_layout_script())[0]
        spots = {m["id"].split("/")[-2]: _centre(m["box"]) for m in overview["markers"]}
        across = overview["map"]["r"] - overview["map"]["l"]
        assert math.dist(spots["labasa"], spots["lomaloma"]) < 0.25 * across
        suva_apia = math.dist(spots["suva"], spots["apia"])  # 1,150 km
        suva_tonga = math.dist(spots["suva"], spots["nukualofa"])  # 750 km
        assert 1.3 < suva_apia / suva_tonga < 1.8
        page.close()


@pytest.mark.browser
def test_pan_and_zoom_by_keyboard_mouse_and_touch(sites: dict[str, Path], browser: object) -> None:
    with serve(sites["south"]) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page.goto(f"{base}map/")
        page.wait_for_selector(".dossier-map[data-zoom]")
        page.wait_for_selector(".dossier-map-tools button")
        first = page.locator("#map-overview a.dossier-marker").nth(0)
        second = page.locator("#map-overview a.dossier-marker").nth(1)

        def state() -> tuple[float, float, float]:
            a, b = first.bounding_box(), second.bounding_box()
            assert a
            assert b
            k = float(page.locator("#map-overview .dossier-map").get_attribute("data-k") or 1)
            return k, a["width"], math.dist((a["x"], a["y"]), (b["x"], b["y"]))

        k0, size0, gap0 = state()
        assert k0 == 1
        page.locator("#map-overview .dossier-map").focus()
        page.keyboard.press("+")
        k1, size1, gap1 = state()
        assert k1 == pytest.approx(1.5)
        assert size1 == pytest.approx(size0, abs=0.5)  # markers keep their size
        assert gap1 == pytest.approx(gap0 * 1.5, rel=0.05)
        before = page.locator("#map-overview .dossier-map-layer").evaluate("l => l.style.transform")
        page.keyboard.press("ArrowRight")
        after = page.locator("#map-overview .dossier-map-layer").evaluate("l => l.style.transform")
        assert before != after
        page.keyboard.press("0")
        assert state()[0] == 1
        page.get_by_role("button", name="Zoom in").first.click()
        assert state()[0] == pytest.approx(1.5)
        page.get_by_role("button", name="Reset the map").first.click()
        assert state()[0] == 1
        box = page.locator("#map-overview .dossier-map").bounding_box()
        assert box
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, 200)  # the map is not focused: the wheel scrolls the page
        page.wait_for_function("window.scrollY > 0")
        assert state()[0] == 1
        page.evaluate("window.scrollTo(0, 0)")
        box = page.locator("#map-overview .dossier-map").bounding_box()
        assert box
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.keyboard.down("Control")  # with Ctrl (a trackpad's pinch) it zooms the map
        page.mouse.wheel(0, -300)
        page.keyboard.up("Control")
        page.wait_for_function(
            "document.querySelector('#map-overview .dossier-map').dataset.k > 1.2"
        )
        assert page.evaluate("window.scrollY") == 0
        page.get_by_role("button", name="Reset the map").first.click()
        page.mouse.click(box["x"] + 5, box["y"] + 5)  # a click focuses the map: then it zooms
        page.mouse.wheel(0, -300)
        page.wait_for_function(
            "document.querySelector('#map-overview .dossier-map').dataset.k > 1.2"
        )
        assert page.evaluate("window.scrollY") == 0
        k2 = state()[0]
        start = page.locator("#map-overview .dossier-map-layer").evaluate("l => l.style.transform")
        page.mouse.move(box["x"] + 200, box["y"] + 100)
        page.mouse.down()
        page.mouse.move(box["x"] + 120, box["y"] + 60, steps=5)
        page.mouse.up()
        dragged = page.locator("#map-overview .dossier-map-layer").evaluate(
            "l => l.style.transform"
        )
        assert dragged != start
        assert state()[0] == k2
        page.get_by_role("button", name="Reset the map").first.click()
        pinched = page.evaluate(
            """() => {
              const map = document.querySelector('#map-overview .dossier-map');
              const r = map.getBoundingClientRect();
              const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
              const fire = (type, id, x) => map.dispatchEvent(new PointerEvent(type, {
                pointerId: id, pointerType: 'touch', clientX: x, clientY: cy, bubbles: true}));
              fire('pointerdown', 1, cx - 20); fire('pointerdown', 2, cx + 20);
              fire('pointermove', 1, cx - 50); fire('pointermove', 2, cx + 50);
              fire('pointerup', 1, cx - 50); fire('pointerup', 2, cx + 50);
              return parseFloat(map.dataset.k);
            }"""
        )
        assert pinched == pytest.approx(2.5, rel=0.05)
        page.close()


@pytest.mark.browser
def test_without_javascript_the_static_map_shows_everything(
    sites: dict[str, Path], browser: object
) -> None:
    with serve(sites["world"]) as base:
        page = browser.new_page(  # type: ignore[attr-defined]
            viewport={"width": 1280, "height": 900}, java_script_enabled=False
        )
        page.goto(f"{base}map/")
        figures = page.evaluate(_layout_script())
        assert page.locator(".dossier-map-tools").count() == 0  # no buttons that cannot work
        shown = {m["id"] for f in figures for m in f["markers"]}
        for ident, *_ in REGIONS["world"]:
            assert f"/locations/{ident}/" in shown
        for f in figures:
            for m in f["markers"]:
                assert _inside(m["box"], f["map"])
            assert {label["id"] for label in f["labels"]} == {m["id"] for m in f["markers"]}
        page.close()
