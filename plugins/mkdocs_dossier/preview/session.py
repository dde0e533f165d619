"""The preview's state across `mkdocs serve` rebuilds, in one place: the plugin hands it
plain values at each event and applies its answers to MkDocs' objects.

Flow, once per rebuild (the plugin's events in brackets):
- [on_pre_build] `before_build`: the site directory moved aside (`stash`).
- [on_files] `compile` with the last compile's work (`memo`); `render` only the pages
  whose reads changed (`incremental`), the open ones first (`liveserver`); `keep` the
  pages and `keep_files` the other files whose output is as in the site already: the
  plugin lists them as excluded, so MkDocs skips them; `order` puts the open pages first.
- [on_env] `put_back`: the kept pages and files back in the site, before MkDocs writes.
- [on_page_context] `past_open_pages`: the open pages are written, the browsers reload.
- [on_post_page] `finished`: a page MkDocs made, kept for the next rebuilds.
- [on_post_build] `after_build`: what no one wrote again removed; the sitemap whole
  again; then (after the site search's index, `sitesearch`) `ended`, which lets waiting
  requests through.
`mkdocs build`, and `mkdocs serve` with `incremental: false`, have no session. Nothing
here imports MkDocs.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from ..pipeline import Compiled, Project, compile_dossier
from ..render import PageSpec, RenderedPage
from .incremental import Renderings, RenderOne
from .liveserver import LiveServer
from .memo import Memo
from .stash import Outputs
from .template_cache import CompiledTemplates


class PreviewSession:
    def __init__(self) -> None:
        self.memo = Memo()
        self.renderings = Renderings()
        self.outputs = Outputs()
        self.compiled_templates = CompiledTemplates()
        self.live: LiveServer | None = None  # the dev server, once `mkdocs serve` serves
        self.reused: set[str] = set()  # generated pages that skip MkDocs in this rebuild
        self.reused_files: set[str] = set()  # dest of other files that skip MkDocs
        self.first: set[str] = set()  # src_uris of the open pages, built first
        self.remade: dict[str, str] = {}  # src_uri -> dest_uri of every page built now
        self.doc_order: list[str] = []  # every page's src_uri, in the order of the files
        self.started_ns = 0  # when this rebuild began (`stash.Outputs.tidy`)

    def serve(self, server: object) -> None:
        """Learn from the dev server which pages are open (once: it lives as long as we do)."""
        if self.live is None:
            self.live = LiveServer(server)

    def before_build(self, site_dir: Path) -> None:
        self.started_ns = time.time_ns()  # what is older in the site, no one wrote again
        self.first = set()
        self.outputs.stash(site_dir)

    def compile(self, project: Project) -> Compiled:
        return compile_dossier(project, self.memo)

    def render(
        self,
        specs: list[PageSpec],
        showing: Compiled,
        settings: object,
        render_one: RenderOne,
        open_pages: Collection[str],
    ) -> tuple[dict[str, RenderedPage], set[str], set[str]]:
        """`incremental.Renderings.render`, the pages open in a browser (src_uris) first."""
        self.first = set(open_pages)
        return self.renderings.render(specs, showing, settings, render_one, self.first)

    def open_dests(self) -> set[str]:
        """The dest paths of the pages open in a browser now."""
        return self.live.open_pages() if self.live else set()

    def keep(self, frame: object, unchanged: Iterable[str]) -> set[str]:
        """The unchanged pages whose finished HTML is kept: they skip MkDocs."""
        self.reused = self.outputs.reusable(frame, unchanged)
        return self.reused

    def keep_files(self, candidates: dict[str, object]) -> set[str]:
        """Of the other files (dest -> fingerprint of its source), those whose copy in the
        site is as it would be copied again: they skip MkDocs."""
        self.reused_files = self.outputs.reusable_files(candidates)
        return self.reused_files

    def order(self, pages: Mapping[str, str], movable: Collection[str]) -> set[str]:
        """Of this rebuild's pages (src_uri -> dest_uri, in build order), the open ones
        that may move first: empty when none may or all are open (no order helps)."""
        self.remade = dict(pages)
        first = {uri for uri in pages if uri in self.first and uri in movable}
        self.first = first if first and len(first) < len(pages) else set()
        return self.first

    def past_open_pages(self, src_uri: str) -> int:
        """At each page MkDocs builds: at the first after the open ones, these are written,
        and the browsers are told to reload. Returns how many were shown early (or 0)."""
        if not self.live or not self.first or src_uri in self.first:
            return 0
        written = {self.remade[uri] for uri in self.first}
        pending = (set(self.remade.values()) | self.outputs.leftover) - written
        self.live.publish_early(pending)
        shown, self.first = len(self.first), set()
        return shown

    def put_back(self, site_dir: Path, banner: str) -> list[str]:
        """The kept pages and files back in the site; returns the dest of the kept files
        that were not there after all, for MkDocs to copy."""
        return self.outputs.restore(self.reused, self.reused_files, site_dir, banner)

    def finished(self, src_uri: str, dest_path: str, loc: str, keepable: bool) -> None:
        self.outputs.locs[src_uri] = loc
        if keepable:
            self.outputs.keep(src_uri, dest_path)

    def after_build(self, site_dir: Path) -> str | None:
        """What no one wrote again removed; the sitemap whole again, returned for the
        plugin to write (None: there is none)."""
        self.outputs.tidy(site_dir, self.started_ns)
        sitemap = site_dir / "sitemap.xml"
        if not sitemap.is_file():
            return None
        return self.outputs.merged_sitemap(sitemap.read_text(encoding="utf-8"), self.doc_order)

    def indexing(self, busy: bool) -> None:
        """The site search's index is being made (True) or is made (False)."""
        if self.live is not None:
            self.live.indexing(busy)

    def ended(self) -> None:
        """The rebuild ended, built or failed: no request waits any more."""
        if self.live is not None:
            self.live.finish()

    def skipped(self, path: str) -> bool:
        """Whether a page or file of the site skips MkDocs in this rebuild."""
        return path in self.reused or path in self.reused_files
