"""Hand-written pages against the page around them (issue 27, items 1, 5 and 6).

Each test builds a real site and reads its HTML, as a reader's browser would parse it:
a page's title is shown as the text it says wherever the theme prints it (<title>, the
nav, the search index) and never becomes markup; a page loads nothing from another
host; and no heading takes an id the theme's or the plugin's script looks up.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve
from conftest import MINI, MINI_CONFIG, compile_at, messages, run_mkdocs_build, write_tree
from mkdocs_dossier.content import other_host, sanitise_page_html
from mkdocs_dossier.content_ids import reserved
from mkdocs_dossier.model import SCRIPT_IDS
from sitecheck import search_records

Make = Callable[..., Path]
ASSETS = Path(__file__).resolve().parent.parent / "plugins/mkdocs_dossier/assets"


@dataclass
class Parsed:
    """A page as html.parser reads it (as a browser would: <title> holds no markup)."""

    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    title: str = ""
    h1: str = ""
    links: dict[str, list[str]] = field(default_factory=dict)  # href -> each link's text
    scripts: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = Parsed()
        self.open: list[tuple[str, str]] = []  # (tag, href) of the elements being read
        self.texts: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.parsed.elements.append((tag, values))
        if tag in ("title", "h1", "a", "script"):
            self.open.append((tag, values.get("href", "")))
            self.texts.append([])

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            return
        _, href = self.open.pop()
        text = " ".join("".join(self.texts.pop()).split())
        if self.texts:
            self.texts[-1].append(text)
        if tag == "title":
            self.parsed.title = text
        elif tag == "h1" and not self.parsed.h1:
            self.parsed.h1 = text.rstrip("¶").strip()
        elif tag == "a":
            self.parsed.links.setdefault(href, []).append(text)
        elif tag == "script":
            self.parsed.scripts.append(text)

    def handle_data(self, data: str) -> None:
        if self.texts:
            self.texts[-1].append(data)


def parse(html: str) -> Parsed:
    reader = _Reader()
    reader.feed(html)
    return reader.parsed


def injected(parsed: Parsed) -> list[str]:
    """Elements no page of the site should hold: the payloads' images and scripts,
    and any event handler."""
    found = [f"<{tag} {attrs}>" for tag, attrs in parsed.elements if tag == "img"]
    found += [
        f"<{tag} {name}=...>"
        for tag, attrs in parsed.elements
        for name in attrs
        if name.startswith("on")
    ]
    found += [text for text in parsed.scripts if "alert(" in text]
    return found


# --- 1. Page titles -------------------------------------------------------------------

# page -> (Markdown, what the reader must see as its title)
TITLED = {
    "atx": (
        "# Notes &lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;\n\nText.\n",
        "Notes </title><img src=x onerror=alert(1)>",
    ),
    "decimal": (
        "# Num &#60;/title&#62;&#60;img src=x onerror=alert(2)&#62;\n\nText.\n",
        "Num </title><img src=x onerror=alert(2)>",
    ),
    "hex": (
        "# Hex &#x3c;/title&#x3e;&#x3C;img src=x onerror=alert(3)&#x3E;\n\nText.\n",
        "Hex </title><img src=x onerror=alert(3)>",
    ),
    "setext": (
        "Setext &lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt;\n=====\n\nText.\n",
        "Setext </title><script>alert(4)</script>",
    ),
    "double": ("# Twice &amp;lt;b&amp;gt; &amp;amp;\n\nText.\n", "Twice &lt;b&gt; &amp;"),
    "code": (
        "# Code `</title><img src=x onerror=alert(5)>` *em*\n\nText.\n",
        "Code </title><img src=x onerror=alert(5)> em",
    ),
    "front": (
        '---\ntitle: "Front &lt;/title&gt;<img src=x onerror=alert(6)>"\n---\n\n# Other\n',
        "Front &lt;/title&gt;<img src=x onerror=alert(6)>",
    ),
    "navtitled": ("# Heading\n\nText.\n", "Nav </title><img src=x onerror=alert(7)> &amp; co"),
}
NAV = (
    "nav:\n"
    "  - Home: index.md\n"
    + "".join(f"  - {name}.md\n" for name in TITLED if name not in ("navtitled", "hex"))
    + "  - 'Section <img src=x onerror=alert(8)>':\n"
    "      - hex.md\n"
    "  - 'Nav </title><img src=x onerror=alert(7)> &amp; co': navtitled.md\n"
)
SECTION = "Section <img src=x onerror=alert(8)>"
GENERATED_NAME = "Russia </title><img src=x onerror=alert(9)>"


@pytest.fixture(scope="module")
def titled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("titles")
    files = {
        **MINI,
        "site_config.yml": MINI_CONFIG + NAV,
        "dossier/actors.yml": MINI["dossier/actors.yml"].replace(
            "name: Russia", f"name: '{GENERATED_NAME}'"
        ),
    }
    files.update({f"content/{name}.md": text for name, (text, _) in TITLED.items()})
    project = write_tree(root / "project", files)
    result = run_mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.mark.parametrize("name", sorted(TITLED))
def test_a_page_title_is_shown_as_its_text_and_never_becomes_markup(
    titled_site: Path, name: str
) -> None:
    """`# Notes &lt;/title&gt;&lt;img ...&gt;` reached <title> as live markup: the theme
    prints `page.title | striptags`, and striptags decodes entities."""
    expected = TITLED[name][1]
    page = parse((titled_site / name / "index.html").read_text(encoding="utf-8"))
    assert injected(page) == []
    assert page.title == f"{expected} - Mini dossier"
    if name != "navtitled":  # there the nav's title names the page; the heading stays
        assert page.h1 == (expected if name != "front" else "Other")
    home = parse((titled_site / "index.html").read_text(encoding="utf-8"))
    assert injected(home) == []
    shown = set(home.links[f"{name}/"]) - {SECTION}  # the section's tab leads to hex/ too
    assert shown == {expected}, "the nav shows the title as text"


def test_the_search_index_and_nav_sections_hold_titles_as_text(titled_site: Path) -> None:
    """Search titles a page by its heading, as the text the reader sees (a result shows
    it as text: markup or an entity left in it would be shown as such); the nav shows a
    section's title as text."""
    titles = {url: record.title for url, record in search_records(titled_site).items()}
    for name, (_, expected) in TITLED.items():
        # front and navtitled: the heading is not the title, and search shows the heading
        heading = {"front": "Other", "navtitled": "Heading"}.get(name, expected)
        assert titles[f"/{name}/"] == heading, name
    assert titles["/actors/russia/"] == GENERATED_NAME
    home = (titled_site / "index.html").read_text(encoding="utf-8")
    assert SECTION in _text_of(home), "the section's title is shown as text"
    assert injected(parse(home)) == []


def test_a_generated_page_title_is_text_too(titled_site: Path) -> None:
    page = parse((titled_site / "actors/russia/index.html").read_text(encoding="utf-8"))
    assert injected(page) == []
    assert page.title == f"{GENERATED_NAME} - Mini dossier"


def _text_of(html: str) -> str:
    """What a browser shows of a piece of HTML: its text, entities decoded."""
    parts: list[str] = []

    class Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            parts.append(data)

    reader = Text(convert_charrefs=True)
    reader.feed(html)
    return "".join(parts)


@pytest.mark.browser
def test_chromium_shows_each_title_as_its_text_and_runs_nothing(titled_site: Path) -> None:
    require_chromium()
    dialogs: list[str] = []
    with serve(titled_site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for name, (_, expected) in sorted(TITLED.items()):
            page.goto(f"{base}{name}/")
            assert page.title() == f"{expected} - Mini dossier", name
            header = page.locator(
                ".md-header__topic[data-md-component='header-topic'] .md-ellipsis"
            )
            assert header.inner_text().strip() == expected, name
            assert page.locator("img[src='x']").count() == 0, name
        browser.close()
    assert dialogs == []


# --- 6. Theme ids ---------------------------------------------------------------------

IDS_CONFIG = (
    MINI_CONFIG.replace(
        "  features: [navigation.instant, navigation.tabs]\n",
        "  features: [navigation.instant, navigation.tabs]\n"
        "  palette:\n"
        "    - scheme: default\n"
        "      toggle: {icon: material/weather-night, name: Switch to dark mode}\n"
        "    - scheme: slate\n"
        "      toggle: {icon: material/weather-sunny, name: Switch to light mode}\n",
    )
    + "markdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n"
)
THEME_IDS = ("__config", "__search", "__drawer", "__toc", "__palette_0", "__palette_1")
IDS_PAGE = (
    "# Ids\n\nSee [the config heading](#__config) and [search](#__search).\n\n"
    + "".join(f"## {ident}\n\nText.\n\n" for ident in THEME_IDS)
    + "## config\n\n## dossier-annotate\n\n## Consent {#__consent}\n\n## Skip {: #__skip }\n\n"
    + "## ___\n\nText.\n"
)


@pytest.fixture(scope="module")
def ids_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ids")
    files = {**MINI, "site_config.yml": IDS_CONFIG, "content/ids.md": IDS_PAGE}
    project = write_tree(root / "project", files)
    result = run_mkdocs_build(project, root / "site")  # --strict: every anchor resolves
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_a_heading_never_takes_the_theme_s_or_the_plugin_s_ids(ids_site: Path) -> None:
    """`## __config` took the id of the theme's configuration: its script read the
    heading instead, and search, the palette and instant navigation stopped working."""
    page = parse((ids_site / "ids/index.html").read_text(encoding="utf-8"))
    ids = [attrs["id"] for _, attrs in page.elements if "id" in attrs]
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    for ident in THEME_IDS:
        assert ids.count(ident) == 1, ident
    headings = [attrs.get("id", "") for tag, attrs in page.elements if tag == "h2"]
    assert len(headings) == len(THEME_IDS) + 5
    assert [h for h in headings if reserved(h)] == []
    for heading in headings:  # each keeps a working anchor: permalink, table of contents
        assert page.links.get(f"#{heading}"), heading
        assert len(page.links[f"#{heading}"]) >= 2, heading
    assert headings[0] == "config_1"  # `config` is another heading's
    assert page.links["#config_1"].count("the config heading") == 1  # a link in the text
    assert "#__config" not in page.links


def test_no_page_of_the_site_holds_a_reserved_id_twice(ids_site: Path) -> None:
    for path in ids_site.rglob("*.html"):
        ids = [a["id"] for _, a in parse(path.read_text(encoding="utf-8")).elements if "id" in a]
        theirs = [i for i in ids if reserved(i)]
        assert len(theirs) == len(set(theirs)), path


def test_the_plugin_s_own_ids_are_reserved() -> None:
    """The ids the plugin's scripts make: a content id may never take one."""
    made = set()
    for script in ASSETS.glob("*.js"):
        made |= set(re.findall(r"\.id\s*=\s*\"([^\"]+)\"", script.read_text(encoding="utf-8")))
    assert made, "the scripts make ids"
    assert made <= SCRIPT_IDS


@pytest.mark.parametrize("ident", sorted(SCRIPT_IDS))
def test_an_annotation_may_not_take_one_of_the_plugin_s_ids(mini: Make, ident: str) -> None:
    """An annotation's `id` is its highlight's id on the source page, where the
    plugin's script makes these for the quote cards."""
    annotations = (
        MINI["dossier/annotations/a.yml"] + f"- quote: Putin spoke in Sochi\n  id: {ident}\n"
    )
    found = messages(compile_at(mini({"dossier/annotations/a.yml": annotations})))
    assert found, "nothing reported"
    assert found[0].startswith("dossier/annotations/a.yml:10:7: error: "), found
    assert f"'{ident}' could clash" in found[0]
    assert "\n    hint: " in found[0]


@pytest.mark.browser
def test_search_and_the_palette_work_on_a_page_with_such_headings(ids_site: Path) -> None:
    require_chromium()
    with serve(ids_site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}ids/")
        page.wait_for_load_state("networkidle")
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        page.click("label.md-header__button[for='__palette_1']")
        expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
        page.click("input.md-search__input")
        page.keyboard.type("Putin")
        expect(page.locator(".md-search-result")).to_contain_text("Vladimir Putin")
        page.goto(f"{base}ids/#config_1")
        assert page.evaluate("document.getElementById('config_1').tagName") == "H2"
        browser.close()
    assert errors == []


# --- 5. Nothing from other hosts ------------------------------------------------------

LOADS = {"src", "srcset", "poster", "data", "background", "imagesrcset"}
LOADING_LINKS = {"stylesheet", "preload", "prefetch", "icon", "modulepreload", "manifest"}


def foreign_loads(parsed: Parsed) -> list[str]:
    """What a browser would fetch from another host to show the page."""
    found = []
    for tag, attrs in parsed.elements:
        for name, value in attrs.items():
            loads = name in LOADS or (
                tag == "link"
                and name == "href"
                and set(attrs.get("rel", "").split()) & LOADING_LINKS
            )
            urls = [part.split()[0] for part in value.split(",") if part.split()]
            if loads and any(other_host(url) is not None for url in urls or [value]):
                found.append(f"<{tag} {name}={value!r}>")
    return found


@pytest.mark.parametrize(
    ("text", "position", "host"),
    [
        ("# P\n\n![](https://evil.example/p.png)\n", "3:1", "evil.example"),
        ("# P\n\nText ![pixel](//evil.example/p.gif) more\n", "3:6", "evil.example"),
        ("# P\n\n![x][pix]\n\n[pix]: https://evil.example/p.png\n", "3:1", "evil.example"),
        ('# P\n\nSee ![Pix].\n\n[pix]:  <https://evil.example/a.png> "t"\n', "3:5", "evil.example"),
        ("# P\n\n![x][]\n\n[X]: HTTPS://Evil.example/\n", "3:1", "Evil.example"),
        ("# P\n\n![x](&#104;ttps://evil.example/p.png)\n", "3:1", "evil.example"),
        ("# P\n\n[![x](https:evil.example/p.png)](https://example.org/)\n", "3:2", "evil.example"),
        ("# P\n\n![x](/\\evil.example/p.png)\n", "3:1", "evil.example"),
        ("# P\n\n- item ![x]( <https://u@evil.example:8080/p.png> )\n", "3:8", "evil.example:8080"),
    ],
)
def test_an_image_from_another_host_is_an_error_with_its_position(
    mini: Make, text: str, position: str, host: str
) -> None:
    """Every reader's browser would call that host: a tracking pixel."""
    found = messages(compile_at(mini({"content/notes.md": text})))
    assert found, "nothing reported"
    assert found[0].startswith(f"content/notes.md:{position}: error: "), found
    assert f"({host})" in found[0]
    assert "\n    hint: " in found[0]


def test_images_on_the_site_and_links_to_other_hosts_pass(mini: Make, tmp_path: Path) -> None:
    text = (
        "# P\n\n![a photo](images/a.png) ![b](./images/a.png)\n\n"
        "[a link](https://example.org/p.png), `![code](https://evil.example/x.png)`, "
        "\\![not an image](https://example.org/)\n\n"
        "![by reference][local]\n\n[local]: images/a.png\n[unused]: https://evil.example/\n"
    )
    project = mini({"content/notes.md": text})
    (project / "content/images").mkdir()
    (project / "content/images/a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    compiled = compile_at(project)
    assert compiled.ok, messages(compiled)
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = parse((tmp_path / "site/notes/index.html").read_text(encoding="utf-8"))
    assert [a["src"] for tag, a in page.elements if tag == "img"] == [
        "../images/a.png",
        "../images/a.png",
        "../images/a.png",
    ]


def test_what_the_line_scan_misses_loads_nothing_from_another_host(
    mini: Make, tmp_path: Path
) -> None:
    """A destination on the next line passes the line scan; Markdown still makes an
    image of it, and the sanitiser removes its source."""
    text = (
        "# P\n\n![first](\nhttps://evil.example/1.png)\n\n"
        "![second][r]\n\n[r]:\n  //evil.example/2.png\n\n![third](images/a.png)\n"
    )
    project = mini({"content/notes.md": text})
    (project / "content/images").mkdir()
    (project / "content/images/a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for path in (tmp_path / "site").rglob("*.html"):
        assert foreign_loads(parse(path.read_text(encoding="utf-8"))) == [], path
    page = parse((tmp_path / "site/notes/index.html").read_text(encoding="utf-8"))
    images = [attrs for tag, attrs in page.elements if tag == "img"]
    assert [a.get("alt") for a in images] == ["first", "second", "third"]  # the text stays
    assert images[2]["src"] == "../images/a.png"


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="https://evil.example/p.png">',
        '<img src="//evil.example/p.png">',
        '<img src="/\\evil.example/p.png">',
        '<img src="https:evil.example/p.png">',
        '<img src=" &#x68;ttps://evil.example/p.png">',
        '<img src="images/a.png" srcset="https://evil.example/p.png 2x">',
        '<p style="background: url(https://evil.example/p.png)">x</p>',
        '<link rel="preload" as="image" href="https://evil.example/p.png">',
        '<link rel="stylesheet" href="https://evil.example/s.css">',
        '<picture><source srcset="https://evil.example/p.png"></picture>',
        '<video poster="https://evil.example/p.png"></video>',
        '<object data="https://evil.example/p.swf"></object>',
        '<input type="image" src="https://evil.example/p.png">',
        '<svg><image href="https://evil.example/p.png"/></svg>',
        "<style>@import url(https://evil.example/s.css)</style>",
        '<table background="https://evil.example/p.png"></table>',
    ],
)
def test_the_sanitiser_lets_nothing_load_from_another_host(markup: str) -> None:
    clean = sanitise_page_html(markup)
    assert "evil.example" not in clean
    assert foreign_loads(parse(clean)) == []


HOSTS_CONFIG = MINI_CONFIG.replace(
    "  - dossier\n", "  - dossier:\n      image_hosts: [Images.example.org, cdn.example.net:8443]\n"
)


def test_a_site_may_list_the_hosts_its_pages_show_images_from(mini: Make, tmp_path: Path) -> None:
    """`image_hosts` (empty by default) admits the hosts a site chooses, and only them,
    in `dossier check` and in the sanitiser."""
    text = (
        "# P\n\n![a](https://images.example.org/a.png) ![b](//cdn.example.net:8443/b.png)\n\n"
        "![c](https://evil.example/c.png) ![d](https://cdn.example.net/d.png)\n"
    )
    project = mini({"site_config.yml": HOSTS_CONFIG, "content/notes.md": text})
    checked = subprocess.run(
        [sys.executable, "-m", "mkdocs_dossier", "check"],
        cwd=project, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert checked.returncode == 1, checked.stdout + checked.stderr
    errors = [line for line in checked.stdout.splitlines() if ": error: " in line]
    assert errors == [
        "content/notes.md:5:1: error: an image from another host (evil.example) is not published",
        "content/notes.md:5:34: error: an image from another host (cdn.example.net) is not published",
    ]
    clean = sanitise_page_html(
        '<img src="https://images.example.org/a.png"><img src="https://evil.example/c.png">',
        frozenset({"images.example.org"}),
    )
    assert clean == '<img src="https://images.example.org/a.png"><img>'
    allowed = text.split("\n\n![c]", maxsplit=1)[0] + "\n"
    project = mini({"site_config.yml": HOSTS_CONFIG, "content/notes.md": allowed})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = parse((tmp_path / "site/notes/index.html").read_text(encoding="utf-8"))
    assert [a["src"] for tag, a in page.elements if tag == "img"] == [
        "https://images.example.org/a.png",
        "//cdn.example.net:8443/b.png",
    ]


@pytest.mark.parametrize("host", ["https://images.example.org/", "*.example.org", "a b"])
def test_image_hosts_are_host_names(mini: Make, tmp_path: Path, host: str) -> None:
    config = MINI_CONFIG.replace("  - dossier\n", f"  - dossier:\n      image_hosts: ['{host}']\n")
    result = run_mkdocs_build(mini({"site_config.yml": config}), tmp_path / "site")
    assert result.returncode == 1
    assert f"image_hosts: '{host}' is not a host name" in result.stderr
