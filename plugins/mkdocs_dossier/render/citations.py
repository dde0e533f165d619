"""Outside citations as the templates are handed them (`pieces/citations.html`): who
published each and when, before the link, so a reader can judge it before following it.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from .. import dates
from ..model import Citation
from .views import Citation as CitationView
from .views import When
from .words import Words


def citation_views(
    cites: Iterable[Citation], words: Words | None = None
) -> tuple[CitationView, ...]:
    """External citations, each with its publisher and date before the link, so a reader
    can judge it before following it. URLs are validated http(s) by the model; a copy
    kept as `via` is named by its host, never linked; an archived copy (`archive_url`,
    one snapshot) is linked beside the original. Dates in the site's `words`."""
    words = words or Words()
    return tuple(
        CitationView(
            cite.publisher,
            cite.url,
            cite.note or cite.url,
            _host(cite.url),
            cite.agency or "",
            _when(cite.published or cite.accessed, words),
            not cite.published and bool(cite.accessed),
            _host(cite.via) if cite.via else "",
            cite.archive_url or "",
        )
        for cite in cites
    )


def _when(text: str | None, words: Words) -> When | None:
    """A date in words, with its ISO form where it is one exact day."""
    if not text:
        return None
    date = dates.parse_date(text)
    exact = not (date.approximate or date.is_range or len(text) != 10)
    return When(words.date(text), text if exact else "")


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or url
    except ValueError:
        return url
    return host.removeprefix("www.")
