"""The map page: where it happened by account, then every place of the dossier.

Flow: the accounts' map and list (`account_map`) -> the places' overview and insets
(`map`) -> the table of places -> `dossier/map.html`.
"""

from __future__ import annotations

from ..geo import scale_for
from ..maplayout import layout_maps
from .account_map import accounts_map
from .context import PageContext
from .map import (
    figure_caption,
    figure_of,
    located_places,
    place_rows,
    places_legend,
    scale_order,
)
from .prose import prose


def render_map_page(ctx: PageContext) -> str:
    places = located_places(ctx)
    maps = layout_maps(places)
    figures = [figure_of(ctx, layout, *figure_caption(ctx, layout), maps=maps) for layout in maps]
    scales = sorted({s for s in (scale_for(m.frame) for m in maps) if s}, key=scale_order)
    return ctx.titled(ctx.tr("Map"), ctx.tr("Every place in the dossier")) + ctx.page(
        "dossier/map.html",
        places=len(places),
        insets=len(maps) > 1,
        scales=scales,
        credit=(
            prose(ctx.map_tiles_attribution)
            if ctx.map_tiles and any(not scale_for(m.frame) for m in maps)
            else ""
        ),
        note=prose(ctx.map_note) if ctx.map_note else "",
        legend=places_legend(ctx, maps),
        accounts=accounts_map(ctx),
        figures=figures,
        untiled=any(not f.scale and not f.tiles for f in figures),
        unplaced=[loc for loc in ctx.dossier.locations.values() if not loc.coordinates],
        rows=place_rows(ctx),
    )
