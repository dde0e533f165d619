"""Plain words for readers: language names and dates in the site's own language, and
the dossier's internal values said as a reader says them.

It exists because a reader is not an editor: `ru`, `2015-11-25` and `region-centroid`
are an editor's words. Babel knows every locale's language names and date formats
(which a table of our own would get wrong for most of them); the site's language is
MkDocs' `theme.language`, English by default.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_skeleton

from ..dates import FuzzyDate, parse_date, zone_words
from .i18n import N_

_PART = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# A date the dossier infers rather than reads ("~2015-11-24"). Babel has no word for
# "about"; these are the site languages the plugin ships attribution words or a catalog for.
_ABOUT = {
    "en": "about {}",
    "fr": "vers {}",
    "de": "etwa {}",
    "es": "hacia {}",
    "pt": "por volta de {}",
    "it": "circa {}",
    "ar": "حوالي {}",
    "ru": "около {}",
    "tr": "yaklaşık {}",
}
# The kinds of actor and place (`model.ActorKind`, `model.LocationKind`), as a reader says them.
ACTOR_KINDS = {
    "person": N_("person"),
    "state": N_("state"),
    "government-body": N_("government body"),
    "military": N_("military"),
    "organisation": N_("organisation"),
    "alliance": N_("alliance"),
    "armed-group": N_("armed group"),
    "media": N_("news outlet"),
    "monitoring-group": N_("monitoring group"),
    "group": N_("group"),
}
LOCATION_KINDS = {
    "city": N_("city"),
    "town": N_("town"),
    "locality": N_("locality"),
    "site": N_("site"),
    "region": N_("region"),
    "mountain-range": N_("mountain range"),
    "river": N_("river"),
    "route": N_("route"),
    "country": N_("country"),
    "sea": N_("sea"),
    "continent": N_("continent"),
}
# How exact a place's coordinates are (`model.Precision`), as a reader says it.
PRECISION = {
    "exact": N_("exact position"),
    "city": N_("the town's centre"),
    "locality": N_("the locality's centre"),
    "region-centroid": N_("the middle of the region"),
    "country-centroid": N_("the middle of the country"),
}


@lru_cache(maxsize=16)
def _locale(language: str) -> Locale:
    """The site's locale; an unknown or empty `theme.language` reads as English."""
    try:
        return Locale.parse(language.replace("-", "_") or "en")
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en")


@dataclass(frozen=True, slots=True)
class Words:
    """The site's language, and how it writes dates and language names."""

    language: str = "en"

    @property
    def locale(self) -> Locale:
        return _locale(self.language)

    def language_name(self, code: str) -> str:
        """`ru` as the reader's language names it ("Russian", "russe"); a code Babel
        does not know stays as it is."""
        try:
            name = Locale.parse(code.replace("-", "_")).get_display_name(self.locale)
        except (UnknownLocaleError, ValueError, TypeError):
            return code
        return name or code

    def date(self, text: str) -> str:
        """A dossier date (`dates.PATTERN`) in words, as precise as it is: "November 24,
        2015", "November 2015", "2015", a range, "about ..." for an inferred one."""
        if not text:
            return ""
        try:
            fuzzy = parse_date(text)
        except ValueError:
            return text
        if fuzzy.time:  # the day is known; "about" goes with the time
            return f"{self._one(fuzzy.start)}, {self.time(fuzzy)}"
        first, _, last = text.lstrip("~").partition("/")
        words = self._range(first, last) if last else self._one(first)
        return self._about(words) if fuzzy.approximate else words

    def day(self, text: str) -> str:
        """The day (or month, year, range) in words, without a time of day: a heading."""
        fuzzy = parse_date(text)
        return self._one(fuzzy.start) if fuzzy.time else self.date(text)

    def time(self, fuzzy: FuzzyDate) -> str:
        """The time of day with its zone, "about 09:20 (UTC+2)"; empty for a day."""
        if not fuzzy.time:
            return ""
        words = f"{fuzzy.time} ({zone_words(fuzzy.zone)})"
        return self._about(words) if fuzzy.approximate else words

    def _about(self, words: str) -> str:
        return _ABOUT.get(self.locale.language, "~{}").format(words)

    def _one(self, part: str) -> str:
        day, skeleton = _day(part)
        if skeleton == "yMMMMd":
            return format_date(day, "long", locale=self.locale)
        return format_skeleton(skeleton, day, locale=self.locale)

    def _range(self, first: str, last: str) -> str:
        start, start_skeleton = _day(first)
        end, end_skeleton = _day(last)
        if start_skeleton == end_skeleton:
            return format_interval(start, end, start_skeleton, locale=self.locale)
        return f"{self._one(first)} – {self._one(last)}"


def _day(part: str) -> tuple[datetime.date, str]:
    """The first day of a date part, and the Babel skeleton that says it as precisely
    as it is known: a day, a month or a year."""
    match = _PART.fullmatch(part)
    assert match is not None, part  # validated by the model
    year, month, day = match.groups()
    when = datetime.date(int(year), int(month or 1), int(day or 1))
    return when, "yMMMMd" if day else "yMMMM" if month else "y"
