"""Read a built site: every page's ids and links, and the internal links that do not resolve."""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class PageScan:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # href/src values
    text: list[str] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.scan.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.scan.ids.add(values["name"] or "")
        for attr in ("href", "src"):
            value = values.get(attr)
            if value is not None and tag in {"a", "link", "script", "img", "iframe"}:
                self.scan.links.append(value)

    def handle_data(self, data: str) -> None:
        self.scan.text.append(data)


def scan(path: Path) -> PageScan:
    scanner = _Scanner()
    scanner.feed(path.read_text(encoding="utf-8"))
    return scanner.scan


def broken_links(site: Path) -> list[str]:
    """Internal links whose file or #anchor does not exist; the site is served at its root."""
    pages = {p.relative_to(site).as_posix(): scan(p) for p in site.rglob("*.html")}
    broken = []
    for name, page in sorted(pages.items()):
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "//")):
                continue
            target = name
            if parts.path:
                path = unquote(parts.path)
                base = "" if path.startswith("/") else posixpath.dirname(name)
                joined = posixpath.normpath(posixpath.join(base, path.lstrip("/"))).lstrip("./")
                target = joined
                if (site / joined).is_dir():
                    target = posixpath.join(joined, "index.html")
                if not (site / target).exists():
                    broken.append(f"{name}: {link} (no file {target})")
                    continue
            fragment = unquote(parts.fragment)
            if fragment and target.endswith(".html") and fragment not in pages[target].ids:
                broken.append(f"{name}: {link} (no id '{fragment}' in {target})")
    return broken


_RELATIVE = re.compile(r'"(?:\.\./)*\.\.?"|"(?:\.\./)+[^"]*?(assets/)')
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background"}
DATA_SCRIPTS = {"application/json", "application/ld+json"}  # data, never run
# Allowed script files: the theme's bundle and workers, and the plugin's own dossier.js,
# search.js (the site search, which loads Pagefind's pagefind.js itself) and words.js
# (the scripts' words in the site's language: data, made from the plugin's catalogs).
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}


def _normalise_script(text: str) -> str:
    """Inline theme scripts differ between pages only by relative paths."""
    return _RELATIVE.sub(lambda m: f'"REL{m.group(1) or ""}', text)


class _Executable(HTMLParser):
    def __init__(self, allowed_scripts: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed = allowed_scripts
        self.found: list[str] = []
        self.in_script: str | None = None
        self.script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in FORBIDDEN_ELEMENTS:
            self.found.append(f"<{tag}> element")
        if tag == "meta" and "http-equiv" in values:
            self.found.append("<meta http-equiv>")
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...> event handler")
            if name in URL_ATTRIBUTES:
                squeezed = "".join(c for c in value if c.isprintable() and not c.isspace()).lower()
                if squeezed.startswith(DANGEROUS_SCHEMES):
                    self.found.append(f"<{tag} {name}={value[:40]!r}>")
            if name == "style" and any(
                w in value.lower() for w in ("url(", "expression", "script")
            ):
                self.found.append(f"<{tag} style={value[:40]!r}>")
        if tag == "script" and values.get("type") not in DATA_SCRIPTS:
            src = values.get("src", "")
            if src and not re.search(
                r"assets/(javascripts/|dossier/(dossier|search|words)\.js$)", src
            ):
                self.found.append(f"<script src={src!r}>")
            self.in_script = src
            self.script_text = []

    def handle_data(self, data: str) -> None:
        if self.in_script is not None:
            self.script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.in_script is not None:
            text = _normalise_script("".join(self.script_text).strip())
            if text and text not in self.allowed:
                self.found.append(f"inline <script> not from the theme: {text[:60]!r}")
            self.in_script = None


def theme_scripts(site: Path) -> set[str]:
    """The inline scripts a clean build's pages carry (the theme's own), normalised."""
    scripts: set[str] = set()
    for path in site.rglob("*.html"):
        for match in re.finditer(
            r"<script(?![^>]*application/(?:ld\+)?json)[^>]*>(.*?)</script>", path.read_text(), re.S
        ):
            if match.group(1).strip():
                scripts.add(_normalise_script(match.group(1).strip()))
    return scripts


def executable_content(site: Path, allowed_scripts: set[str]) -> list[str]:
    """Everything in the built pages that could run: scripts, handlers, script URLs."""
    found = []
    for path in sorted(site.rglob("*.html")):
        parser = _Executable(allowed_scripts)
        parser.feed(path.read_text(encoding="utf-8"))
        found.extend(f"{path.relative_to(site)}: {item}" for item in parser.found)
    return found


@dataclass(frozen=True)
class SearchRecord:
    """One page as the site search holds it (a Pagefind fragment): what a result shows."""

    url: str
    title: str
    kind: str
    content: str
    anchors: tuple[tuple[str, str], ...] = ()  # (id, text) of each heading: its sections
    language: str = ""  # a source page's: its article's, which a result's snippet is in


def search_records(site: Path) -> dict[str, SearchRecord]:
    """Every page in the site's search index, by URL: the fragments the browser fetches
    for results (gzip, after Pagefind's signature, JSON)."""
    records: dict[str, SearchRecord] = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        record = _search_record(path.read_bytes())
        records[record.url] = record
    return records


def served_search_records(read: Callable[[str], bytes]) -> dict[str, SearchRecord]:
    """Every page in a served site's search index, by URL, as a browser reaches them:
    `read` gives a file under the site's pagefind/ (e.g. over HTTP); the pages are the
    ones the index's meta file lists for each language. A page listed twice is an error."""
    entry = json.loads(read("pagefind-entry.json"))
    records: dict[str, SearchRecord] = {}
    for language in entry["languages"].values():
        raw = gzip.decompress(read(f"pagefind.{language['hash']}.pf_meta"))
        signature = b"pagefind_dcd"
        assert raw.startswith(signature), raw[:20]
        meta, _ = _cbor(raw, len(signature))
        assert isinstance(meta, list), meta
        assert isinstance(meta[1], list), meta
        for page_hash, _words in meta[1]:  # the pages: (hash, word count)
            record = _search_record(read(f"fragment/{page_hash}.pf_fragment"))
            assert record.url not in records, f"{record.url} is indexed twice"
            records[record.url] = record
    return records


def _search_record(fragment: bytes) -> SearchRecord:
    raw = gzip.decompress(fragment)
    data = json.loads(raw[raw.index(b"{") :])
    meta = data.get("meta") or {}
    anchors = tuple((a.get("id", ""), a.get("text", "")) for a in data.get("anchors") or ())
    return SearchRecord(
        data["url"],
        meta.get("title", ""),
        meta.get("kind", ""),
        data.get("content", ""),
        anchors,
        meta.get("lang", ""),
    )


def _cbor(data: bytes, at: int) -> tuple[object, int]:
    """The CBOR item (RFC 8949) at `at` and where the next one begins: enough of it for
    Pagefind's meta file (integers, strings, arrays, maps, simple values, floats)."""
    major, info = data[at] >> 5, data[at] & 31
    if info > 27:
        raise ValueError(f"CBOR: indefinite or reserved length at byte {at}")
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info, 0)
    argument, at = data[at + 1 : at + 1 + size], at + 1 + size
    value = int.from_bytes(argument, "big") if size else info
    item: object
    if major == 7 and size > 1:
        item = struct.unpack({2: ">e", 4: ">f", 8: ">d"}[size], argument)[0]
    elif major == 7:
        item = {20: False, 21: True, 22: None, 23: None}.get(value, value)
    elif major == 0:
        item = value
    elif major == 1:
        item = -1 - value
    elif major in (2, 3):
        chunk, at = data[at : at + value], at + value
        item = chunk.decode("utf-8") if major == 3 else chunk
    elif major in (4, 5):
        items: list[object] = []
        for _ in range(value * (2 if major == 5 else 1)):
            one, at = _cbor(data, at)
            items.append(one)
        item = dict(zip(items[::2], items[1::2], strict=True)) if major == 5 else items
    else:  # 6: a tag, then the item it marks
        item, at = _cbor(data, at)
    return item, at
