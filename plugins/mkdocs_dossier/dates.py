"""Dates as precise as they are known: `2015`, `2015-11`, `2015-11-24`, about (`~2015-11-24`)
and ranges (`2015-11-24/2015-11-25`), in the spirit of ISO 8601 and EDTF.

They sort by their earliest day and are shown in words, so a reader never mistakes
"November 2015" for a day, or a date the dossier infers for one an outlet printed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

# ASCII digits only: `\d` also takes fullwidth `２０１５` and Arabic-Indic `٢٠١٥`, which read
# as a year to a reviewer but sort after every real date and are no ISO 8601 date.
PART = r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?"
PATTERN = rf"^~?{PART}(?:/{PART})?$"
_PART = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def other_digit(text: str) -> int | None:
    """The index of the first digit that is not ASCII 0-9, or None."""
    return next((i for i, c in enumerate(text) if c.isdigit() and not c.isascii()), None)


@dataclass(frozen=True, order=True, slots=True)
class FuzzyDate:
    start: str  # the earliest day it can be, YYYY-MM-DD, for sorting
    text: str  # as written
    approximate: bool
    is_range: bool

    @property
    def label(self) -> str:
        """In words: "24 November 2015", "November 2015", "about 24 November 2015"."""
        first, _, last = self.text.lstrip("~").partition("/")
        words = _words(first) + (f" to {_words(last)}" if last else "")
        return f"about {words}" if self.approximate else words


def problem(text: str) -> str | None:
    """Why a date matching PATTERN is still impossible (a 31 February, year 0, a range that
    ends before it starts), or None when it is a real date."""
    first, _, last = text.lstrip("~").partition("/")
    spans = []
    for part in (first, last) if last else (first,):
        match = _PART.fullmatch(part)
        if match is None:
            return f"'{part}' is not a date"
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if year == 0:
            return f"'{part}': there is no year 0"
        if month and day and day > calendar.monthrange(year, month)[1]:
            return f"'{part}': {calendar.month_name[month]} {year} has no day {day}"
        spans.append((_earliest(year, month, day), _latest(year, month, day)))
    if len(spans) == 2 and spans[1][1] < spans[0][0]:
        return f"'{text}': the range ends before it starts"
    return None


def _earliest(year: int, month: int | None, day: int | None) -> tuple[int, int, int]:
    return (year, month or 1, day or 1)


def _latest(year: int, month: int | None, day: int | None) -> tuple[int, int, int]:
    month = month or 12
    return (year, month, day or calendar.monthrange(year, month)[1])


def parse_date(text: str) -> FuzzyDate:
    first = text.lstrip("~").partition("/")[0]
    match = _PART.fullmatch(first)
    if match is None:
        raise ValueError(f"not a date: {text!r}")
    year, month, day = match.groups()
    start = f"{year}-{month or '01'}-{day or '01'}"
    return FuzzyDate(start, text, text.startswith("~"), "/" in text)


def _words(part: str) -> str:
    match = _PART.fullmatch(part)
    assert match is not None
    year, month, day = match.groups()
    if month is None:
        return year
    name = calendar.month_name[int(month)]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"
