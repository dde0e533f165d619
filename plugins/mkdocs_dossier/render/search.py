"""What the site search reads of a generated page: its words and headings, not its links.

A generated page is dense with markup (every name a link, every quote a highlight, a
few hundred tags a page), and the theme's search indexer parses each tag in Python:
that was about 40 % of a large build. The indexer keeps only text and a few block
tags anyway, so it is handed the same page with the other tags already gone (one
regular-expression pass in C): the same headings, so the same sections and anchors,
and the same words (quotes, names, places, statements), for a fraction of the work.
Paragraphs and lists go too: each section's words are one run of text, which the
indexer reads about four times as fast as the same words in tens of thousands of
paragraphs (a search result shows a window of that text either way).

An index page (every claim, every source...) repeats what the pages it lists say, and
is the largest page of a large dossier: search reads only its headings, so a reader's
search finds each claim, quote, name and place once, on its own page.
"""

from __future__ import annotations

import re

_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')  # the heading's "¶"
# Never read as text: scripts, styles, the quote cards (inert <template>s repeating the
# annotation list) and the filters' options (the page's own names and statements, again).
_SKIPPED = re.compile(r"<(script|style|template|select)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
# Every tag but headings, whose ids name the sections.
_OTHER_TAGS = re.compile(r"<(?!/?h[1-6][\s>])[^>]*>")


def for_search(html: str) -> str:
    """The page's HTML with only headings left as tags."""
    return _OTHER_TAGS.sub(" ", _SKIPPED.sub(" ", _HEADERLINK.sub("", html)))


_HEADING = re.compile(r"<(h[1-6])\b[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE)


def headings_only(html: str) -> str:
    """An index page for search: its headings, with their text."""
    return "".join(for_search(match.group(0)) for match in _HEADING.finditer(html))
