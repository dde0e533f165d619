"""What `mkdocs serve` shows while the dossier has errors: the list, on every page.

The banner and the stand-in page are templates (`dossier/error-banner.html`,
`dossier/error-page.html`), so a site words them its own way; they are handed plain
text, escaped on output.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..problems import Problem
from .templates import Templates


@dataclass(frozen=True, slots=True)
class ProblemView:
    """One problem as the banner lists it."""

    position: str  # path:line:col
    severity: str
    message: str
    hint: str  # empty: none


def error_banner(problems: Iterable[Problem], templates: Templates) -> str:
    views = [ProblemView(str(p.position), p.severity, p.message, p.hint) for p in problems]
    return templates.render("dossier/error-banner.html", {"problems": views})


def error_page(templates: Templates) -> str:
    """A stand-in for a generated page when the dossier has never built in this session;
    its title is set by the plugin (`page_meta`)."""
    return templates.render("dossier/error-page.html", {})
