"""Dates as precise as they are known: `2015`, `2015-11`, `2015-11-24`, about (`~2015-11-24`)
and ranges (`2015-11-24/2015-11-25`), in the spirit of ISO 8601 and EDTF; where a moment
is known to the minute, a day with its time of day and that time's zone
(`2015-11-24T09:24+02:00`, `~2015-11-24T09:20+02:00` for about).

They sort by their earliest day (a day before the times of that day, times by the
instant they name) and are shown in words, so a reader never mistakes "November 2015"
for a day, a date the dossier infers for one an outlet printed, or a local time for
another zone's. A time without its zone is refused: "09:24" in Ankara and in Moscow
are different moments, and the timeline must put them in order.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime

# ASCII digits only: `\d` also takes fullwidth `２０１５` and Arabic-Indic `٢٠١٥`, which read
# as a year to a reviewer but sort after every real date and are no ISO 8601 date.
PART = r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?"
PATTERN = rf"^~?{PART}(?:/{PART})?$"
_PART = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# A time of day, to the minute or second, and its zone: Z (UTC) or an offset in quarter
# hours, as every zone in use has. Only after a whole day: "November 2015 at 09:24" is no moment.
DAY = r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?"
ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):(?:00|15|30|45)|14:00))"
MOMENT_PATTERN = rf"^~?(?:{PART}(?:/{PART})?|{DAY}T{TIME}{ZONE})$"
_MOMENT = re.compile(rf"({DAY})T({TIME})({ZONE})")


def other_digit(text: str) -> int | None:
    """The index of the first digit that is not ASCII 0-9, or None."""
    return next((i for i, c in enumerate(text) if c.isdigit() and not c.isascii()), None)


@dataclass(frozen=True, order=True, slots=True)
class FuzzyDate:
    start: str  # the earliest day it can be, YYYY-MM-DD, for sorting
    text: str  # as written
    approximate: bool
    is_range: bool
    time: str = ""  # the time of day as written (09:24, 09:24:05), where one is known
    zone: str = ""  # its zone as written: Z or +02:00

    @property
    def label(self) -> str:
        """In words: "24 November 2015", "November 2015", "about 24 November 2015",
        "24 November 2015, about 09:20 (UTC+2)"."""
        if self.time:
            return f"{self.day_label}, {self.time_label}"
        first, _, last = self.text.lstrip("~").partition("/")
        words = _words(first) + (f" to {_words(last)}" if last else "")
        return f"about {words}" if self.approximate else words

    @property
    def day_label(self) -> str:
        """The day (or month, year, range) in words, without the time: a timeline's heading.
        "about" stays with the time where there is one: the day itself is known."""
        if not self.time:
            return self.label
        return _words(self.start)

    @property
    def time_label(self) -> str:
        """The time of day with its zone, "about 09:20 (UTC+2)"; empty for a day."""
        if not self.time:
            return ""
        words = f"{self.time} ({zone_words(self.zone)})"
        return f"about {words}" if self.approximate else words

    @property
    def iso(self) -> str:
        """The form an HTML <time datetime> takes: the day, month or year, or the moment
        with its offset; a range by its first part."""
        return self.text.lstrip("~").partition("/")[0]

    @property
    def instant(self) -> str:
        """The moment in UTC (YYYY-MM-DDTHH:MM:SS), or "" for a day: to order times of one
        day given in different zones."""
        if not self.time:
            return ""
        moment = datetime.fromisoformat(self.iso)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        """Earliest day first; on one day, the day itself before its times, times in the
        order of the instants they name."""
        return (self.start, 1 if self.time else 0, self.instant, self.text)


def zone_words(zone: str) -> str:
    """ "UTC" for Z and +00:00, "UTC+2", "UTC+5:30", "UTC−3"."""
    if zone in ("Z", "+00:00", "-00:00"):
        return "UTC"
    hours, minutes = int(zone[1:3]), zone[4:6]
    sign = "+" if zone[0] == "+" else "\u2212"
    return f"UTC{sign}{hours}" + (f":{minutes}" if minutes != "00" else "")


def moment_hint(text: str) -> str:
    """How to write a date or moment that does not match MOMENT_PATTERN, from the way
    this one went wrong (the zone left out, a space for the T, an hour 24)."""
    bare = text.strip().lstrip("~")
    day = re.match(DAY, bare)
    rest = bare[day.end() :] if day else ""
    example = "write 2015-11-24, or a time with its zone: 2015-11-24T09:24+02:00"
    if not day or not rest:
        return f"{example}; YYYY or YYYY-MM where the day is not known; ~ before it for about"
    if rest[:1] in (" ", "t"):
        return f"join the day and the time with a capital T: {day.group(0)}T{rest[1:].strip()}"
    if re.fullmatch(rf"T{TIME}", rest):
        return (
            "add the time zone after the time, as the source gives it or as follows from "
            "where and when it happened: +02:00 for UTC+2, -05:00 for UTC-5, Z for UTC"
        )
    clock = re.match(r"T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?", rest)
    if clock and (int(clock.group(1)) > 23 or any(int(g) > 59 for g in clock.groups()[1:] if g)):
        return "hours run 00 to 23, minutes and seconds 00 to 59"
    if clock and re.fullmatch(rf"T{TIME}", rest[: clock.end()]):
        return "write the zone as Z or as +HH:MM / -HH:MM in quarter hours, e.g. +02:00, +05:30"
    return f"{example} (hours 00-23, two digits each)"


def problem(text: str) -> str | None:
    """Why a date matching PATTERN is still impossible (a 31 February, year 0, a range that
    ends before it starts), or None when it is a real date."""
    moment = _MOMENT.fullmatch(text.lstrip("~"))
    if moment:
        return problem(moment.group(1))
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
    moment = _MOMENT.fullmatch(text.lstrip("~"))
    if moment:
        day, time, zone = moment.groups()
        return FuzzyDate(day, text, text.startswith("~"), False, time, zone)
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
