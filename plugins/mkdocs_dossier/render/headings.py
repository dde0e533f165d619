"""A generated page's headings: their ids and its table of contents, without Markdown.

Generated pages reach MkDocs as finished HTML (Markdown would parse a large page
several times over, slowly, and could read dossier text as syntax). What Markdown's
`toc` extension gave them is made here the same way: each `<h2>` a page template writes
gets the id `toc` would give it (the site's `slugify` and `separator`, a suffix where
the id is taken), so anchors and links stay as they were, and joins the table of
contents. The HTML between two headings is a block: `.dossier-block` styles links the
dossier's way. Headings and blocks are the `section` piece's (`pieces/section.html`).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypedDict

from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import strip_tags, unique
from markupsafe import Markup

from .templates import Templates

# The headings of a page template, as it writes them: markers found, not HTML made.
HEADING_OPEN, HEADING_CLOSE = "<h2>", "</h2>"
ELEMENT_ID = re.compile(r'\sid="([^"]+)"')


@dataclass(frozen=True, slots=True)
class Heading:
    """One entry of a page's table of contents, as Markdown's `toc` makes its tokens."""

    level: int
    id: str
    name: str  # the heading's text, still HTML-escaped (the theme prints it as it is)


@dataclass(frozen=True, slots=True)
class Permalink:
    """The link to a heading that Markdown's `toc` adds with `permalink` set."""

    symbol: str  # the link's text; empty: the pilcrow, as `toc` writes it (&para;)
    title: str
    css_class: str
    leading: bool  # before the heading's text, not after it


@dataclass(frozen=True, slots=True)
class Slugs:
    """How headings are written: the site's `toc` settings (`markdown_extensions`)."""

    slugify: Callable[[str, str], str] = toc_slugify
    separator: str = "-"
    permalink: Permalink | None = None  # None: `permalink` is off
    listed: bool = True  # whether `toc_depth` puts an <h2> in the table of contents


def slugs_from(toc: dict[str, Any]) -> Slugs:
    """The settings of the site's `toc` extension, as it would read them."""
    default = Slugs()
    permalink = toc.get("permalink", False)
    link = None
    if permalink not in (False, None, 0, ""):
        link = Permalink(
            "" if permalink is True else str(permalink),
            str(toc.get("permalink_title", "Permanent link")),
            str(toc.get("permalink_class", "headerlink")),
            bool(toc.get("permalink_leading", False)),
        )
    depth = str(toc.get("toc_depth", 6))
    top, _, bottom = depth.rpartition("-")
    listed = (int(top) if top.isdigit() else 1) <= 2 <= int(bottom) if bottom.isdigit() else True
    return Slugs(
        toc.get("slugify", default.slugify),
        str(toc.get("separator", default.separator)),
        link,
        listed,
    )


@dataclass(slots=True)
class Outline:
    """A page's headings so far, and the ids they took (each id once on a page)."""

    slugs: Slugs = field(default_factory=Slugs)
    headings: list[Heading] = field(default_factory=list)
    _taken: set[str] = field(default_factory=set)
    _counters: dict[str, int] = field(default_factory=dict)

    def cut(self, page: str, templates: Templates) -> str:
        """A template's HTML as the page shows it: each `<h2>` with its id, and what
        comes between two headings in a block."""
        heading_of = templates.macro("dossier/pieces/section.html", "heading")
        block_of = templates.macro("dossier/pieces/section.html", "block")
        shown: list[str] = []
        # A template's own output, autoescaped: its parts pass on to the piece as they are.
        for heading, body in _sections(Markup(page)):
            if heading is not None:
                text, name = _heading_text(heading)
                made = unique(self._slug(name), self._taken, self._counters)
                if self.slugs.listed:
                    self.headings.append(Heading(2, made, name))
                shown.append(heading_of(text, made, self.slugs.permalink))
            if body and not body.isspace():
                shown.append(block_of(body))
        return "\n".join(shown)  # as Markdown joined its blocks

    def _slug(self, name: str) -> str:
        slugs = self.slugs
        if slugs.slugify is toc_slugify and slugs.separator == "-":
            return _default_slug(name)
        return slugs.slugify(html.unescape(name), slugs.separator)


def _sections(page: Markup) -> list[tuple[Markup | None, Markup]]:
    """(heading, the HTML after it) for each `<h2>`, after (None, what comes first).
    `str.find`, not a regular expression: it skips a long article's text much faster."""
    found: list[tuple[Markup | None, Markup]] = []
    heading: Markup | None = None
    start = 0
    while (open_at := page.find(HEADING_OPEN, start)) >= 0:
        close_at = page.find(HEADING_CLOSE, open_at)
        if close_at < 0:
            break
        found.append((heading, page[start:open_at]))
        heading, start = page[open_at + len(HEADING_OPEN) : close_at], close_at + len(HEADING_CLOSE)
    found.append((heading, page[start:]))
    return found


@functools.lru_cache(maxsize=1024)  # a site has few distinct headings
def _heading_text(inner: Markup) -> tuple[Markup, str]:
    """A heading's HTML on one line (as a Markdown heading had it), and its text for
    the table of contents."""
    text = Markup(" ").join(inner.split())
    return text, strip_tags(text)


@functools.lru_cache(maxsize=1024)
def _default_slug(name: str) -> str:
    return toc_slugify(html.unescape(name), "-")


def ids_in(page: str) -> set[str]:
    """The element ids a page carries: link targets MkDocs must know to check links."""
    return set(ELEMENT_ID.findall(page))


class TocToken(TypedDict):
    """One entry of a table of contents, as Markdown's `toc` hands it to MkDocs."""

    level: int
    id: str
    name: str
    children: list[TocToken]


def toc_tokens(headings: Iterable[Heading]) -> list[TocToken]:
    """The headings as Markdown's `toc` tokens, for MkDocs' `get_toc`."""
    return [{"level": h.level, "id": h.id, "name": h.name, "children": []} for h in headings]
