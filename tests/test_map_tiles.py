"""The opt-in tile layer at town scale: off by default (no tile markup, no request to any
other host); when a site sets `map_tiles`, the tiles load under the map, each marker sits
on the tile pixel of its own place (also zoomed in), the attribution is shown, axe stays
clean, and a bad template stops the build with a clear message."""

from __future__ import annotations

import math
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Route, sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, axe_violations, require_axe, require_chromium, serve
from conftest import MINI, compile_at, messages, run_mkdocs_build, write_tree

TEMPLATE = "https://tiles.test/{z}/{x}/{y}.png"
ATTRIBUTION = "Tiles © [Test Tiles](https://tiles.test/about)"
# (id, name, lat, lon): three squares of one old town, about 1.5 km apart.
TOWN = [
    ("old-square", "Old Square", 50.0875, 14.4213),
    ("bridge", "The Bridge", 50.0865, 14.4114),
    ("new-square", "New Square", 50.0810, 14.4280),
]


def town_files(options: str = "") -> dict[str, str]:
    locations = "".join(
        f"{ident}:\n  name: {name}\n  kind: locality\n  coordinates: [{lat}, {lon}]\n"
        "  precision: exact\n"
        f"  cite:\n    - {{url: 'https://gazetteer.example/{ident}', publisher: Example "
        "Gazetteer, note: Coordinates.}\n"
        for ident, name, lat, lon in TOWN
    )
    annotations = MINI["dossier/annotations/a.yml"].replace(
        "mentions: [putin, sochi]", "mentions: [putin, old-square]"
    )
    config = MINI["site_config.yml"].replace(
        "  - dossier\n", "  - dossier:\n      theme_fixes: true\n" + options
    )
    return {
        **MINI,
        "site_config.yml": config,
        "dossier/locations.yml": locations,
        "dossier/annotations/a.yml": annotations,
    }


def build(root: Path, options: str) -> Path:
    write_tree(root, town_files(options))
    compiled = compile_at(root)
    assert compiled.ok, messages(compiled)
    result = run_mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tiled = f"      map_tiles: {TEMPLATE}\n      map_tiles_attribution: '{ATTRIBUTION}'\n"
    return {
        "plain": build(tmp_path_factory.mktemp("plain"), ""),
        "tiled": build(tmp_path_factory.mktemp("tiled"), tiled),
    }


def png(size: int, colour: tuple[int, int, int]) -> bytes:
    """A square PNG of one colour with a dark one-pixel border (stdlib only)."""
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            edge = x in (0, size - 1) or y in (0, size - 1)
            row += bytes((40, 40, 40) if edge else colour)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


TILE = png(256, (200, 220, 200))


def test_without_the_option_there_is_no_tile_layer(sites: dict[str, Path]) -> None:
    for page in [
        sites["plain"] / "map" / "index.html",
        *sites["plain"].glob("locations/*/index.html"),
    ]:
        html = page.read_text(encoding="utf-8")
        assert "dossier-map-tiles" not in html
        assert "tiles.test" not in html
    town = (sites["plain"] / "map" / "index.html").read_text(encoding="utf-8")
    assert "too close together for any bundled coastline" in town
    assert "Map tiles" not in town


def test_with_the_option_town_maps_carry_tiles_and_credit(sites: dict[str, Path]) -> None:
    town = (sites["tiled"] / "map" / "index.html").read_text(encoding="utf-8")
    layer = re.search(r'<div class="dossier-map-tiles" aria-hidden="true">(.*?)</div>', town)
    assert layer, "no tile layer on the town's map"
    urls = re.findall(
        r'<img src="https://tiles\.test/(\d+)/(\d+)/(\d+)\.png" alt=""', layer.group(1)
    )
    assert 4 <= len(urls) <= 48
    assert len({z for z, _, _ in urls}) == 1  # one zoom for the map
    assert 'Map tiles: Tiles © <a href="https://tiles.test/about"' in town
    assert '(map tiles: Tiles © <a href="https://tiles.test/about"' in town  # by the figure
    bridge = (sites["tiled"] / "locations" / "bridge" / "index.html").read_text(encoding="utf-8")
    assert 'class="dossier-map-tiles"' in bridge  # a locality's own map is at town scale too


def _mercator(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    n = 2**zoom
    return (lon + 180) / 360 * n, (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require_chromium()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser: object, base: str, path: str, width: int, hosts: list[str]) -> object:
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]

    def answer(route: Route) -> None:
        url = route.request.url
        hosts.append(url.split("/")[2])
        if url.startswith("https://tiles.test/"):
            route.fulfill(status=200, content_type="image/png", body=TILE)
        elif url.startswith(base):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", answer)
    page.goto(base + path)
    return page


@pytest.mark.browser
def test_without_the_option_the_map_asks_no_other_host(
    sites: dict[str, Path], browser: object
) -> None:
    with serve(sites["plain"]) as base:
        hosts: list[str] = []
        page = _open(browser, base, "map/", 1280, hosts)
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        assert set(hosts) == {base.split("/")[2]}
        page.close()  # type: ignore[attr-defined]


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 360])
def test_markers_sit_on_their_own_tile_pixel(
    sites: dict[str, Path], browser: object, width: int
) -> None:
    require_axe()
    with serve(sites["tiled"]) as base:
        hosts: list[str] = []
        page = _open(browser, base, "map/", width, hosts)
        page.wait_for_function(  # type: ignore[attr-defined]
            """() => [...document.querySelectorAll('#map-overview .dossier-map-tiles img')]
                   .every(i => i.complete && i.naturalWidth === 256)"""
        )
        assert "tiles.test" in hosts

        def offsets() -> list[float]:
            tiles = page.evaluate(  # type: ignore[attr-defined]
                """() => Object.fromEntries([...document.querySelectorAll(
                     '#map-overview .dossier-map-tiles img')].map(i => {
                       const r = i.getBoundingClientRect();
                       return [new URL(i.src).pathname, [r.left, r.top, r.width, r.height]];
                     }))"""
            )
            zoom = int(next(iter(tiles)).split("/")[1])
            out = []
            for ident, _, lat, lon in TOWN:
                x, y = _mercator(lat, lon, zoom)
                left, top, w, h = tiles[f"/{zoom}/{math.floor(x)}/{math.floor(y)}.png"]
                expected = (left + (x % 1) * w, top + (y % 1) * h)
                box = page.locator(  # type: ignore[attr-defined]
                    f'#map-overview a.dossier-marker[href$="/{ident}/"]'
                ).bounding_box()
                assert box
                centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                out.append(math.dist(centre, expected))
            return out

        assert max(offsets()) < 1.5  # CSS pixels, at the map's own size
        page.locator("#map-overview .dossier-map").focus()  # type: ignore[attr-defined]
        page.keyboard.press("+")  # type: ignore[attr-defined]
        page.keyboard.press("+")  # type: ignore[attr-defined]
        assert page.locator("#map-overview .dossier-map").get_attribute("data-k") == "2.25"  # type: ignore[attr-defined]
        assert max(offsets()) < 2.5  # and zoomed in
        assert axe_violations(page) == []  # type: ignore[arg-type]
        page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("      map_tiles: 'javascript:{z}{x}{y}'\n      map_tiles_attribution: A\n",
         "map_tiles must be an http(s) URL or a path on this site"),
        ("      map_tiles: https://tiles.test/{z}/{x}.png\n      map_tiles_attribution: A\n",
         "map_tiles must hold {y}"),
        (f"      map_tiles: {TEMPLATE}\n", "map_tiles_attribution is required with map_tiles"),
    ],
)  # fmt: skip
def test_a_bad_tile_option_stops_the_build_saying_why(
    tmp_path: Path, options: str, message: str
) -> None:
    root = write_tree(tmp_path, town_files(options))
    result = run_mkdocs_build(root, root / "site")
    assert result.returncode != 0
    assert f"dossier: {message}" in result.stderr
    assert "Traceback" not in result.stderr
