"""The coverage panel of a source page in the preview: what is left to annotate.

Only `mkdocs serve` asks for it (`PageContext.preview`); a built site never has it.
It uses the theme's own admonition styles, so no rule of it reaches the site's CSS.
`dossier/pieces/coverage.html` makes it from the values made here.
"""

from __future__ import annotations

from ..coverage import KINDS, measure
from ..pipeline import Compiled
from .source_views import Coverage, Uncovered

SHOWN_ITEMS = 200  # a long article's list stays readable; the command lists them all
SHOWN_CHARS = 120  # of each item's text


def coverage(compiled: Compiled, source_id: str) -> Coverage:
    report = measure(compiled, source_id)
    covered, total = report.counts()
    kinds = ", ".join(
        f"{kind}s {report.counts(kind)[0]}/{report.counts(kind)[1]}"
        for kind in KINDS
        if kind != "statement" or report.has_words
    )
    items = tuple(
        Uncovered(
            report.path,
            item.line,
            item.col,
            item.kind,
            item.text if len(item.text) <= SHOWN_CHARS else item.text[: SHOWN_CHARS - 1] + "…",
            item.entity,
        )
        for item in report.uncovered[:SHOWN_ITEMS]
    )
    return Coverage(
        covered,
        total,
        f"{report.share:.0%}",
        kinds,
        report.language,
        report.has_words,
        items,
        max(0, len(report.uncovered) - SHOWN_ITEMS),
    )
