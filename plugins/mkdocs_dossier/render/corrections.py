"""Corrections, made openly: what a record's page shows of them, and its JSON-LD.

Flow: a record's `corrections` (`model.Correction`: a day and the text) -> views for
`pieces/corrections.html`, oldest first, each day in the site's words -> schema.org
`CorrectionComment`s for the page's JSON-LD (`correction`), which search engines and
fact-check tools read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Correction
from .prose import prose
from .views import CorrectionView
from .words import Words


def correction_views(corrections: Sequence[Correction], words: Words) -> tuple[CorrectionView, ...]:
    """The corrections as the page lists them, oldest first."""
    ordered = sorted(corrections, key=lambda c: c.date)
    return tuple(CorrectionView(words.date(c.date), c.date, prose(c.text)) for c in ordered)


def correction_json_ld(corrections: Sequence[Correction]) -> list[dict[str, Any]]:
    """schema.org `correction` values: one CorrectionComment a correction."""
    ordered = sorted(corrections, key=lambda c: c.date)
    return [
        {"@type": "CorrectionComment", "datePublished": c.date, "text": c.text} for c in ordered
    ]
