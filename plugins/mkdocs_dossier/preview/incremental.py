"""The preview's rebuild after an edit: which generated pages are made again.

Flow, once per `mkdocs serve` rebuild, after the compile (which `memo.py` makes quick):
`Renderings.render` hashes the compiled dossier (`tracking.Fingerprints`); a page
whose recorded reads all hash as before keeps its rendering, the others are rendered
again through the read-tracking view. A page whose new rendering equals the old one is
unchanged too: an edit that moved a line moves only the pages that show that line. The
open data is put together from parts (`exports`) kept the same way: a part is made
again only when something it read changed.

What happens next to the unchanged pages (their finished HTML kept, the site
directory stashed and put back) is `stash.py`'s; the templates compiled once for all
rebuilds are `template_cache.py`'s. Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from ..pipeline import Compiled, Part
from ..render import PageSpec, RenderedPage
from .tracking import Fingerprints, Read, Reads, SharedLinks, tracked

# Renders one page from a compiled dossier, with links shared between pages and its
# parts kept across rebuilds (`Renderings.part`).
# Pages an edit changes, beyond which only the open ones are rendered before the build.
RENDER_NOW = 20
RenderOne = Callable[[PageSpec, Compiled, dict[tuple[str, ...], Any], Part], RenderedPage]


@dataclass(frozen=True, slots=True)
class _Rendering:
    digest: int  # of the rendered page: to tell it changed, without keeping it
    reads: frozenset[Read]
    parts: tuple[Hashable, ...]  # the keys of its parts (`Renderings.part`)


class Renderings:
    """What every generated page read and a digest of its rendering, and each part of
    the open data with what it read, across rebuilds."""

    def __init__(self) -> None:
        self._fingerprints = Fingerprints()
        self._pages: dict[str, _Rendering] = {}
        self._settings: object = None
        self._reads = Reads()
        self._view: Compiled | None = None
        self._links = SharedLinks(self._reads)
        self._render_one: RenderOne | None = None
        self._changed: set[Read] = set()
        self._parts: dict[Hashable, tuple[str, frozenset[Read]]] = {}
        self._parts_before: dict[Hashable, tuple[str, frozenset[Read]]] = {}
        self._made_with: list[Hashable] | None = None  # the parts of the page being rendered

    def render(
        self,
        specs: Iterable[PageSpec],
        compiled: Compiled,
        settings: object,
        render_one: RenderOne,
        first: Collection[str] = (),
    ) -> tuple[dict[str, RenderedPage], set[str], set[str]]:
        """The pages rendered in this call (new, or they read what changed), the src_uris
        whose rendering is as in the last call, rendered again or not, and the pages left
        to render later (`again`), while the build is under way.

        `settings` is everything else a rendering depends on (edit URLs, site URL,
        notes): when it differs from the last call, every page is rendered again.
        `first`: the pages open in a browser. When more than `RENDER_NOW` other pages must
        be made again, only those are rendered now, so they are shown sooner; the others
        are simply made again, not first compared with their last rendering.
        """
        changed = self._changed = self._fingerprints.update(compiled)
        self._parts_before, self._parts = self._parts, {}
        if settings != self._settings:
            self._pages = {}
            self._parts_before = {}
            self._settings = settings
        self._reads = Reads()
        self._view = tracked(compiled, self._reads)
        self._links = SharedLinks(self._reads)
        self._render_one = render_one
        pages: dict[str, _Rendering] = {}
        same: set[str] = set()
        to_render: list[PageSpec] = []
        for spec in specs:
            old = self._pages.get(spec.src_uri)
            if old is not None and changed.isdisjoint(old.reads):
                pages[spec.src_uri] = old
                same.add(spec.src_uri)
                for key in old.parts:  # kept with the page, for when it is made again
                    self._parts[key] = self._parts_before[key]
            else:
                to_render.append(spec)
        later: set[str] = set()
        if first and len(to_render) > RENDER_NOW:
            later = {spec.src_uri for spec in to_render if spec.src_uri not in first}
        old_pages, self._pages = self._pages, pages  # a page left for later has no entry yet
        rendered: dict[str, RenderedPage] = {}
        for spec in to_render:
            if spec.src_uri in later:
                continue
            rendered[spec.src_uri], pages[spec.src_uri] = self._render(spec)
            old = old_pages.get(spec.src_uri)
            if old is not None and old.digest == pages[spec.src_uri].digest:
                same.add(spec.src_uri)
        return rendered, same, later

    def again(self, spec: PageSpec) -> RenderedPage:
        """A page of the last `render` that was not rendered there, rendered now."""
        page, self._pages[spec.src_uri] = self._render(spec)
        return page

    def part(self, key: Hashable, make: Callable[[Compiled], str]) -> str:
        """One part of a page being rendered, or of an open-data file (`pipeline.Part`), of
        the last `render`'s dossier: made again only when something making it read
        changed. What it read is read by the page too, made again or not."""
        found = self._parts_before.get(key)
        if found is None or not self._changed.isdisjoint(found[1]):
            assert self._view is not None, "render() comes first"
            self._reads.apart()
            text = make(self._view)
            found = (text, self._reads.rejoin())
        elif self._made_with is not None:
            self._reads.into |= found[1]
        self._parts[key] = found
        if self._made_with is not None:
            self._made_with.append(key)
        return found[0]

    def _render(self, spec: PageSpec) -> tuple[RenderedPage, _Rendering]:
        assert self._render_one is not None, "render() comes first"
        assert self._view is not None, "render() comes first"
        self._reads.into = set()
        made_with: list[Hashable] = []
        self._made_with = made_with
        page = self._render_one(spec, self._view, self._links, self.part)
        self._made_with = None
        digest = hash((page.html, page.toc, page.head, repr(page.meta), page.edit_url))
        return page, _Rendering(digest, frozenset(self._reads.into), tuple(made_with))
