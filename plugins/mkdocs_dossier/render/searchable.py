"""What the site search reads of a page: its words, its kind, and how it ranks.

Every page's HTML goes inside one element that Pagefind indexes (`pieces/search.html`),
so the theme's header, nav and footer, the same on every page, are never a match. The
element says the kind of page, shown beside each result (Claim, Source, Actor, Place),
and the order of results that match equally well, as a quoted phrase's do (a claim, where
the quote is weighed, before the source it comes from; an index last). An index page
repeats the words of every page it lists, so it weighs less: a reader's search finds each
claim, quote, name and place first on its own page.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .i18n import N_
from .templates import Templates, default_templates


@dataclass(frozen=True, slots=True)
class SearchEntry:
    kind: str  # shown beside the result
    rank: int  # the order of results that match equally well: lowest first
    weight: float = 1.0  # how much the page's words count, 1 for most pages


# By the generated page's kind; an index by what it lists (`PageSpec.ident`).
ENTITIES = {
    "claims": SearchEntry(N_("Claim"), 1),
    "sources": SearchEntry(N_("Source"), 2),
    "actors": SearchEntry(N_("Actor"), 3),
    "locations": SearchEntry(N_("Place"), 4),
}
STORY_PAGES = {
    "contradictions": SearchEntry(N_("Contradictions"), 6, 0.5),
    "timeline": SearchEntry(N_("Timeline"), 6, 0.5),
    "changes": SearchEntry(N_("Changes"), 7, 0.25),
    "map": SearchEntry(N_("Map"), 7, 0.5),
}
HAND_WRITTEN = SearchEntry(N_("Page"), 5)
INDEX = SearchEntry(N_("Index"), 8, 0.25)


def search_entry(kind: str | None, ident: str = "") -> SearchEntry:
    """A generated page's entry by its kind (None: a hand-written page)."""
    if kind is None:
        return HAND_WRITTEN
    if kind == "index":
        return STORY_PAGES.get(ident, INDEX)
    return ENTITIES.get(kind, HAND_WRITTEN)


def searchable(html: str, entry: SearchEntry, templates: Templates | None = None) -> str:
    """The page's HTML as the search indexes it."""
    macro = (templates or default_templates()).macro("dossier/pieces/search.html", "searchable")
    return str(macro(entry, Markup(html)))
