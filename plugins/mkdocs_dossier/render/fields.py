"""The field reference page: what every key of every dossier file holds (`fieldref`)."""

from __future__ import annotations

from markupsafe import Markup

from ..fieldref import as_html, sections
from ..model import ID_PATTERN
from .common import PageContext


def render_fields(ctx: PageContext) -> str:
    return ctx.titled("Dossier fields", "Every field of every dossier file") + ctx.page(
        "dossier/fields.html",
        id_pattern=ID_PATTERN,
        sections=[{"title": s.title, "html": Markup(as_html(s))} for s in sections()],
    )
