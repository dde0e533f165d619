"""Whether accounts of when something happened agree: so the timeline can mark a time the
sources disagree on, and no reader takes one side's clock for the event's.

A claim's `occurred` may hold several accounts (`model.Account`), each a date or a moment
given by someone, with its citation. Two accounts agree when the less precise one holds
the other: a day holds every time of that day, a month its days; two times agree to the
coarser of their precisions (09:24 and 09:24:05 agree, 09:20 and 09:24:05 do not),
compared as instants, whatever zone each is written in. An account marked unverified is
shown but never makes a disagreement: no reader should see a dispute that rests on
nothing anyone can check.
"""

from __future__ import annotations

from collections.abc import Sequence

from .dates import FuzzyDate


def agree(a: FuzzyDate, b: FuzzyDate) -> bool:
    """Whether two dates or moments can name the same time."""
    if a.is_range or b.is_range:
        return True  # a range holds too much to tell; an editor writes the times instead
    if a.time and b.time:
        seconds = len(a.time) > 5 and len(b.time) > 5
        width = 19 if seconds else 16  # YYYY-MM-DDTHH:MM:SS or YYYY-MM-DDTHH:MM
        return a.instant[:width] == b.instant[:width]
    day_a, day_b = a.iso[:10], b.iso[:10]
    return day_a.startswith(day_b) or day_b.startswith(day_a)


def differing(dates: Sequence[FuzzyDate | None]) -> tuple[bool, ...]:
    """For each date (None: an unverified account, never counted), whether another
    date in the list disagrees with it."""
    return tuple(
        date is not None and any(other is not None and not agree(date, other) for other in dates)
        for date in dates
    )
