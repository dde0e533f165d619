"""Read a built site: every page's ids and links, and the internal links that do not resolve."""

from __future__ import annotations

import posixpath
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
