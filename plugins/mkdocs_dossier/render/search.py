"""What the site search reads of a generated page: its words and headings, not its links.

A generated page is dense with markup (every name a link, every quote a highlight, a
few hundred tags a page), and the theme's search indexer parses each tag in Python:
that was about 40 % of a large build. The indexer keeps only text and a few block
tags anyway, so it is handed the same page with the other tags already gone (one
regular-expression pass in C): the same headings, so the same sections and anchors,
and the same words (quotes, names, places, statements), for a fraction of the work.
"""

from __future__ import annotations

import re

_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_ID = re.compile(r'\sid="([^"]*)"')
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = frozenset({"p", "li", "ul", "ol"})  # the indexer keeps these in its text
_SKIPPED = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def _keep(match: re.Match[str]) -> str:
    closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
    if name in _HEADINGS:
        found = None if closing else _ID.search(attrs)
        return f'<{name} id="{found.group(1)}">' if found else f"<{closing}{name}>"
    if name in _BLOCKS:
        return f"<{closing}{name}>"
    return " "


def for_search(html: str) -> str:
    """The page's HTML with only headings (and their ids) and text blocks left."""
    return _TAG.sub(_keep, _SKIPPED.sub(" ", _HEADERLINK.sub("", html)))
