"""The field reference page: what every key of every dossier file holds (`fieldref`)."""

from __future__ import annotations

from ..fieldref import sections
from ..model import ID_PATTERN
from .context import PageContext


def render_fields(ctx: PageContext) -> str:
    return ctx.titled("Dossier fields", "Every field of every dossier file") + ctx.page(
        "dossier/fields.html",
        id_pattern=ID_PATTERN,
        sections=sections(),
    )
