"""The field reference page: what every key of every dossier file holds (`fieldref`)."""

from __future__ import annotations

from ..fieldref import as_html, sections
from ..model import ID_PATTERN
from .common import PageContext, esc


def render_fields(ctx: PageContext) -> str:
    parts = [
        ctx.titled("Dossier fields", "Every field of every dossier file"),
        ctx.block(
            '<p class="dossier-kicker">Reference</p>',
            "<h1>Dossier fields</h1>",
            '<p class="dossier-lede">What each file in <code>dossier/</code> may hold, '
            "generated from the model the build validates against. Ids are lowercase "
            f"letters, digits and single hyphens (<code>{esc(ID_PATTERN)}</code>), at most "
            "80 characters. Dates are as precise as known: <code>2015</code>, "
            "<code>2015-11</code> or <code>2015-11-24</code>.</p>",
        ),
    ]
    for section in sections():
        parts += [f"## {section.title}\n", ctx.block(as_html(section))]
    return "".join(parts)
