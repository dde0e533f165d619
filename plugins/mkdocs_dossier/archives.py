"""Archived copies of cited pages: which addresses name one snapshot.

News pages change and vanish; a citation with an archived copy stays checkable. A copy is
one snapshot: the Wayback Machine's `web.archive.org/web/<14 digits>/<url>`, or
archive.today's short form (`archive.ph/AbC12`) or timestamped form
(`archive.ph/<14 digits>/<url>`). A search of the archive (a `*` wildcard, fewer than 14
digits, `newest/`) or a request to make one (`save/`, `submit/`) names no fixed copy and
is refused, with the form to use.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pipeline import Compiled

WAYBACK = "web.archive.org"
ARCHIVE_TODAY = ("archive.today", "archive.ph", "archive.is", "archive.li", "archive.vn",
                 "archive.fo", "archive.md")  # fmt: skip
_SCHEME = re.compile(r"^https?://([^/?#]+)(/[^\s<>\"]*)?$")
_WAYBACK_SNAPSHOT = re.compile(r"^/web/[0-9]{14}(?:[a-z]{2}_)?/https?://\S+$")
_TODAY_SHORT = re.compile(r"^/[A-Za-z0-9]{4,10}$")
_TODAY_TIMESTAMPED = re.compile(r"^/[0-9]{14}/https?://\S+$")
WAYBACK_FORM = "https://web.archive.org/web/<14 digits>/<url>"


def check_snapshot(value: str) -> str:
    """An archived copy's address as written, or a ValueError saying the form to use."""
    found = _SCHEME.match(value)
    if found is None:
        raise ValueError(f"'{value}' is not an http(s) address of an archived copy")
    host, path = found.group(1).lower().removeprefix("www."), found.group(2) or "/"
    if host == WAYBACK:
        if _WAYBACK_SNAPSHOT.match(path):
            return value
        if path.startswith(("/save/", "/save?")):
            raise ValueError(
                f"'{value}' asks the archive to make a copy, it is not one: run 'dossier "
                f"archive', or open the copy and write its address ({WAYBACK_FORM})"
            )
        raise ValueError(
            f"'{value}' is a search of the archive, not one snapshot: open the copy you mean "
            f"and write its address ({WAYBACK_FORM}, the time in 14 digits)"
        )
    if host in ARCHIVE_TODAY:
        if _TODAY_SHORT.match(path) and path[1:] not in ("newest", "oldest", "submit"):
            return value
        if _TODAY_TIMESTAMPED.match(path):
            return value
        raise ValueError(
            f"'{value}' is not one archive.today snapshot: write its short address "
            "(https://archive.ph/AbC12) or the timestamped one (archive.ph/<14 digits>/<url>)"
        )
    raise ValueError(
        f"'{value}' is not an address of the Wayback Machine ({WAYBACK_FORM}) or of "
        "archive.today (https://archive.ph/AbC12)"
    )


def remind_unarchived(compiled: Compiled) -> None:
    """`dossier check`'s reminder, once a source: a source with a URL and no archived
    copy, as a warning at its record (the build does not warn: a draft has none yet)."""
    for source_id, source in compiled.dossier.sources.items():
        where = compiled.origins.get(("sources", source_id))
        if source.url and not source.archive_url and where is not None:
            compiled.problems.warning(
                where,
                f"source '{source_id}' has no archived copy of {source.url}",
                "run 'dossier archive' (it asks the Wayback Machine for one) or add "
                "archive_url: with one snapshot; 'archive_reminders: false' in the plugin's "
                "options turns this reminder off",
            )
