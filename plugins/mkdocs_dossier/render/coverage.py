"""The coverage panel of a source page in the preview: what is left to annotate.

Only `mkdocs serve` asks for it (`PageContext.preview`); a built site never has it.
It uses the theme's own admonition styles, so no rule of it reaches the site's CSS.
"""

from __future__ import annotations

from ..coverage import KINDS, measure
from ..pipeline import Compiled
from .common import esc

SHOWN_ITEMS = 200  # a long article's list stays readable; the command lists them all


def coverage_panel(compiled: Compiled, source_id: str) -> str:
    report = measure(compiled, source_id)
    covered, total = report.counts()
    kinds = ", ".join(
        f"{kind}s {report.counts(kind)[0]}/{report.counts(kind)[1]}"
        for kind in KINDS
        if kind != "statement" or report.has_words
    )
    rows = "".join(
        f"<li><code>{esc(report.path)}:{item.line}:{item.col}</code> {esc(item.kind)}: "
        f"“{esc(item.text if len(item.text) <= 120 else item.text[:119] + '…')}”"
        + (f" ({esc(item.entity)})" if item.entity else "")
        + "</li>"
        for item in report.uncovered[:SHOWN_ITEMS]
    )
    more = len(report.uncovered) - SHOWN_ITEMS
    extra = f"<p>and {more} more: run <code>dossier coverage</code>.</p>" if more > 0 else ""
    words = (
        ""
        if report.has_words
        else f"<p>No attribution words for language “{esc(report.language)}”: "
        "statements are not counted.</p>"
    )
    body = f"<ul>{rows}</ul>{extra}" if rows else "<p>Everything found is annotated.</p>"
    return (
        '<details class="info dossier-coverage">'
        f"<summary>Coverage (preview only): {covered} of {total} covered "
        f"({report.share:.0%}) · {esc(kinds)}</summary>{words}{body}</details>"
    )
