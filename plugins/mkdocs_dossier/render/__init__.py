"""Render: the compiled dossier -> one page at a time (its HTML, table of contents, head).

`plan_pages` names every page (its docs path) before anything is rendered, so the
caller can learn each page's URL first; `render_page` then writes one page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..addresses import INDEX_PAGES
from ..history import History
from ..pipeline import Compiled, Part
from .changes import render_changes
from .context import KINDS, PageContext
from .contradictions import render_contradictions
from .entities import render_actor, render_claim, render_location
from .fields import render_fields
from .headings import Heading, Outline, Slugs, ids_in, slugs_from, toc_tokens
from .indexes import TITLES, render_index
from .map_page import render_map_page
from .meta import (
    edit_link,
    edit_template_problem,
    hand_written_meta,
    heading_title,
    nav_title,
    page_meta,
)
from .source import render_source
from .templates import TemplateProblem, Templates
from .timeline import render_timeline
from .words import Words

_ENTITY_RENDERERS = {
    "sources": render_source,
    "actors": render_actor,
    "claims": render_claim,
    "locations": render_location,
}


@dataclass(frozen=True, slots=True)
class PageSpec:
    """A generated page: `kind` and `ident`, or ("index", kind) for a kind's index."""

    kind: str
    ident: str
    src_uri: str
    in_nav: bool


# The generated pages a reader finds in the navigation, in the order they are added to it.
NAV_PAGES = (
    *((TITLES[kind], f"{kind}/index.md") for kind in ("sources", "actors", "claims")),
    ("Contradictions", "contradictions/index.md"),
    (TITLES["locations"], "locations/index.md"),
    ("Map", "map/index.md"),
    ("Timeline", "timeline/index.md"),
    ("Changes", "changes/index.md"),
)


def missing_from_nav(nav: Any) -> list[dict[str, str]]:
    """`nav` entries for the generated index pages a hand-written nav does not place."""
    placed = {path for path, _ in _nav_paths(nav)}
    return [{title: path} for title, path in NAV_PAGES if path not in placed]


def titled_in_nav(nav: Any) -> set[str]:
    """The pages a hand-written nav places with a title of its own: their entry in the
    navigation reads the same whether or not MkDocs makes the page in this build."""
    return {path for path, titled in _nav_paths(nav) if titled}


def _nav_paths(nav: Any) -> list[tuple[str, bool]]:
    """Every page path in `nav`, and whether its entry gives it a title."""
    found = []
    stack: list[tuple[Any, bool]] = [(nav, False)]
    while stack:
        item, titled = stack.pop()
        if isinstance(item, str):
            found.append((item.lstrip("/"), titled))
        elif isinstance(item, dict):
            stack.extend((value, True) for value in item.values())
        elif isinstance(item, list):
            stack.extend((value, False) for value in item)
    return found


def plan_pages(compiled: Compiled) -> list[PageSpec]:
    pages = [PageSpec("index", name, f"{name}/index.md", in_nav) for name, in_nav in INDEX_PAGES]
    for kind in KINDS:
        pages.append(PageSpec("index", kind, f"{kind}/index.md", True))
        for ident in compiled.dossier.of_kind(kind):
            pages.append(PageSpec(kind, ident, f"{kind}/{ident}.md", False))
    return pages


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """A page's HTML, finished (it skips Markdown), its table of contents, and what goes
    in its <head> (JSON-LD: in the content, instant navigation would run it)."""

    html: str
    toc: tuple[Heading, ...]
    head: tuple[str, ...]
    meta: dict[str, object]  # title and description, from `page_meta`
    edit_url: str = ""  # where to edit the record behind the page, for the theme's button


def render_page(
    spec: PageSpec,
    compiled: Compiled,
    urls: dict[tuple[str, str], str],
    edit_url: str = "",
    shared: dict[tuple[str, ...], Any] | None = None,
    site_url: str = "",
    map_note: str = "",
    preview: bool = False,
    map_tiles: tuple[str, str] = ("", ""),
    templates: Templates | None = None,
    parts: Part | None = None,
    slugs: Slugs | None = None,
    language: str = "en",
    history: History | None = None,
) -> RenderedPage:
    """One page. Pass the same `shared` dict for every page of a build: it keeps links.
    `preview` adds the editors' aids of `mkdocs serve`, which a built site never has;
    `map_tiles` is the site's tile URL template and its attribution (empty: no tiles);
    `templates`: the build's (a site's overrides first); None: the package's own;
    `parts`: the preview's keeper of page parts (`PageContext.part`);
    `slugs`: how heading ids are made (the site's `toc` settings; None: Markdown's own);
    `language`: the site's (`theme.language`), in which dates and language names are written;
    `history`: what git says of the records (the changes page), none in a preview."""
    here = urls[(spec.kind, spec.ident)]
    ctx = PageContext(
        compiled,
        urls,
        here,
        edit_url,
        site_url,
        map_note=map_note,
        preview=preview,
        map_tiles=map_tiles[0],
        map_tiles_attribution=map_tiles[1],
        templates=templates,
        parts=parts,
        outline=Outline(slugs or Slugs()),
        words=Words(language),
        history=history or History(),
    )
    if shared is not None:
        ctx.shared = shared
    if spec.kind == "index" and spec.ident == "contradictions":
        html = render_contradictions(ctx)
    elif spec.kind == "index" and spec.ident == "map":
        html = render_map_page(ctx)
    elif spec.kind == "index" and spec.ident == "timeline":
        html = render_timeline(ctx)
    elif spec.kind == "index" and spec.ident == "changes":
        html = render_changes(ctx)
    elif spec.kind == "index" and spec.ident == "fields":
        html = render_fields(ctx)
    elif spec.kind == "index":
        html = render_index(ctx, spec.ident)
    else:
        html = _ENTITY_RENDERERS[spec.kind](ctx, spec.ident)
        html += "\n" + ctx.page_end(spec.kind, spec.ident)  # as Markdown joined blocks
    origin = compiled.origins.get((spec.kind, spec.ident))
    edit = edit_link(edit_url, origin) if edit_url and origin is not None else ""
    toc = tuple(ctx.outline.headings)
    return RenderedPage(html, toc, tuple(ctx.head), ctx.meta, edit)


__all__ = [
    "Heading",
    "PageSpec",
    "RenderedPage",
    "Slugs",
    "TemplateProblem",
    "Templates",
    "edit_template_problem",
    "hand_written_meta",
    "heading_title",
    "ids_in",
    "missing_from_nav",
    "nav_title",
    "page_meta",
    "plan_pages",
    "render_page",
    "slugs_from",
    "titled_in_nav",
    "toc_tokens",
]
