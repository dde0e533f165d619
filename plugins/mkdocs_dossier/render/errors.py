"""What `mkdocs serve` shows while the dossier has errors: the list, on every page."""

from __future__ import annotations

from collections.abc import Iterable

from ..problems import Problem
from .common import esc


def error_banner(problems: Iterable[Problem]) -> str:
    rows = "".join(
        f"<li><code>{esc(p.position)}</code> {esc(p.severity)}: {esc(p.message)}"
        + (f"<br><small>hint: {esc(p.hint)}</small>" if p.hint else "")
        + "</li>"
        for p in problems
    )
    return (
        '<div class="dossier-build-errors" role="alert">'
        "<strong>The dossier has errors.</strong> Until they are fixed, the pages show the "
        "last version that built, or nothing."
        f"<ol>{rows}</ol></div>"
    )


def error_page() -> str:
    """A stand-in for a generated page when the dossier has never built in this session;
    its title is set by the plugin (`page_meta`), the blank first line keeps MkDocs from
    reading metadata."""
    return "\nThis page is generated from the dossier, which has errors.\n"
