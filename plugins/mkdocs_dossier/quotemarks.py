"""Quotation marks around a quote: one pair, never two.

It exists because quotes are shown in marks the site adds, and many quotes bring their
own (`“They were conducting an operation to fight ISIS.”`): `<q>` or a CSS `::before`
added a second pair (`““…””`) on the page, and put none at all into the search index,
which reads text, not style. Every quote the site shows goes through `enclose`, as text.
"""

from __future__ import annotations

from .languages import quotation_marks

# Marks a quote may open or close with, in the languages the dossier meets, straight
# and typographic, double and single (an ASCII apostrophe counts: a quote that ends
# with one gets no second mark beside it).
OPENING = "\"'“”„‟‘’‚‛«»‹›「『"
CLOSING = "\"'”“‟’‘‛»«›‹」』"


def enclose(text: str, language: str = "en") -> str:
    """The text in one pair of its language's marks (« » in French, „ “ in German); as
    it is where it already opens or closes with a mark of its own (a quote that starts a
    quotation, or ends one), so no mark is ever doubled and the article's words are
    shown as they were printed."""
    words = text.strip()
    if not words or words[0] in OPENING or words[-1] in CLOSING:
        return words
    opening, closing = quotation_marks(language)
    return f"{opening}{words}{closing}"
