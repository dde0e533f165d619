"""Issue 30, Must 5: a shared link previews its own page. Every page has a description
of its own, and Open Graph and Twitter tags (title, description, type, url, site name;
an image where the site sets `share_image`), every value escaped in its attribute.

Real builds, the tags read back from each page's <head> as a browser parses them.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import MINI, run_mkdocs_build

TAGS = (
    "og:title",
    "og:description",
    "og:type",
    "og:url",
    "og:site_name",
    "twitter:card",
    "twitter:title",
    "twitter:description",
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class _Head(HTMLParser):
    """The <head>'s meta tags by name (a repeated one is a list), and every element
    the head holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.elements: list[str] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        if not self.in_head:
            return
        self.elements.append(tag)
        values = dict(attrs)
        name = values.get("property") or values.get("name")
        if tag == "meta" and name:
            self.meta.setdefault(name, []).append(values.get("content") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def head_of(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("index.html"))


def test_every_seed_page_has_its_own_description_and_sharing_tags(seed_site: Path) -> None:
    pages = pages_of(seed_site)
    assert len(pages) > 100
    descriptions: dict[str, list[str]] = {}
    for page in pages:
        head = head_of(page)
        shown = str(page.relative_to(seed_site))
        for tag in TAGS:
            assert len(head.meta.get(tag, [])) == 1, (shown, tag)
        (description,) = head.meta["description"]
        assert head.meta["og:description"] == [description], shown
        assert head.meta["twitter:description"] == [description], shown
        assert head.meta["og:title"] == head.meta["twitter:title"], shown
        assert head.meta["og:url"][0].endswith("/" + shown.removesuffix("index.html")), shown
        descriptions.setdefault(description, []).append(shown)
    shared = {text: where for text, where in descriptions.items() if len(where) > 1}
    assert shared == {}
    claim = head_of(seed_site / "claims/su24-entered-turkish-airspace/index.html")
    assert claim.meta["og:title"] == ["The Su-24 entered Turkish airspace before it was shot down."]
    assert claim.meta["description"][0].startswith(claim.meta["og:title"][0])
    source = head_of(seed_site / "sources/ewn-lavrov-cancels-trip/index.html")
    assert source.meta["og:type"] == ["article"]
    assert "Eyewitness News (EWN)" in source.meta["description"][0]
    assert head_of(seed_site / "claims/index.html").meta["og:type"] == ["website"]


HOSTILE = 'Jet "down" <script>alert(1)</script> & <img src=x onerror=alert(2)>'


def test_hostile_titles_stay_inside_their_attributes(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    """A title and a statement with quotes and angle brackets are each one attribute's
    text in every tag: nothing breaks out to become an element of the head."""
    project = mini(
        {
            "dossier/sources.yml": MINI["dossier/sources.yml"].replace(
                "title: Jet down", f"title: '{HOSTILE}'"
            ),
            "dossier/claims.yml": MINI["dossier/claims.yml"].replace(
                "statement: The jet entered Turkish airspace.", f"statement: '{HOSTILE}'"
            ),
        }
    )
    site = tmp_path / "site"
    assert run_mkdocs_build(project, site).returncode == 0
    plain = head_of(tmp_path / "site/actors/index.html").elements
    for page in ("sources/a/index.html", "claims/entered-airspace/index.html"):
        head = head_of(site / page)
        assert head.meta["og:title"] == [HOSTILE]
        assert head.meta["twitter:title"] == [HOSTILE]
        assert HOSTILE in head.meta["og:description"][0]
        assert "img" not in head.elements
        assert head.elements.count("script") == plain.count("script") + 1  # its JSON-LD


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("https://images.example.org/share.png", "https://images.example.org/share.png"),
        ("images/share.png", "http://127.0.0.1:8000/images/share.png"),
    ],
)
def test_a_site_wide_share_image(
    mini: Callable[..., Path], tmp_path: Path, image: str, expected: str
) -> None:
    project = mini(
        {
            "site_config.yml": MINI["site_config.yml"].replace(
                "  - dossier\n", f"  - dossier:\n      share_image: '{image}'\n"
            )
        }
    )
    (project / "content/images").mkdir()
    (project / "content/images/share.png").write_bytes(PNG)
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    for page in (site / "index.html", site / "claims/entered-airspace/index.html"):
        head = head_of(page)
        assert head.meta["og:image"] == [expected]
        assert head.meta["twitter:image"] == [expected]
        assert head.meta["twitter:card"] == ["summary_large_image"]


@pytest.mark.parametrize(
    "image",
    [
        "http://images.example.org/share.png",  # not https
        "javascript:alert(1)",
        'https://images.example.org/a.png" onload="x',
        "../outside.png",
        "/etc/passwd",
        "images/missing.png",
        "index.md",
    ],
)
def test_a_share_image_that_is_not_an_https_url_or_an_image_of_the_site_is_refused(
    mini: Callable[..., Path], tmp_path: Path, image: str
) -> None:
    quoted = image.replace("'", "''")
    project = mini(
        {
            "site_config.yml": MINI["site_config.yml"].replace(
                "  - dossier\n", f"  - dossier:\n      share_image: '{quoted}'\n"
            )
        }
    )
    (project / "outside.png").write_bytes(PNG)
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"dossier: share_image '{image}'" in result.stderr
    assert not (tmp_path / "site/index.html").exists()


def test_without_a_share_image_there_is_no_image_tag(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert run_mkdocs_build(mini(), site).returncode == 0
    head = head_of(site / "index.html")
    assert "og:image" not in head.meta
    assert head.meta["twitter:card"] == ["summary"]
    assert head.meta["og:site_name"] == ["Mini dossier"]
