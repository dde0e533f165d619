"""The preview's rebuild after an edit: only the pages the edit changed are made again.

Flow, once per `mkdocs serve` rebuild, after the compile (which `memo.py` makes quick):
1. `Renderings.render`: hash the compiled dossier (`tracking.Fingerprints`); a page
   whose recorded reads all hash as before keeps its rendering, the others are
   rendered again through the read-tracking view. A page whose new rendering equals
   the old one is unchanged too: an edit that moved a line moves only the pages that
   show that line. The open data is put together from parts (`exports`) kept the same
   way: a part is made again only when something it read changed.
2. `Outputs.reusable`: of the unchanged pages, those whose finished HTML (theme and all)
   was kept from an earlier rebuild, made under the same `frame` (the MkDocs config,
   the hand-written pages, the theme's overrides), skip MkDocs altogether; the plugin
   lists them as excluded files, so links to them still resolve.
   The site's other files (the theme's assets, the articles, the open data) skip
   MkDocs too while their source is unchanged (`reusable_files`).
3. Before the build the site directory is moved aside (`stash`: MkDocs empties it on
   each rebuild, thousands of files at 1,000 articles); after it the kept pages and
   files are moved back (a page is written anew when the error banner in it changed);
   the search index and the sitemap are put back together, page by page, in the order
   a clean build gives them.

Hand-written pages always go through MkDocs, and so do index pages whose nav entry has
no title of its own: MkDocs names a page it did not make by its file. Nothing here
imports MkDocs.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache

from .pipeline import Compiled
from .render import PageSpec, RenderedPage
from .tracking import Fingerprints, Read, Reads, SharedLinks, tracked

# Where the error banner is in a page of the preview: on_page_content puts it before the
# page's own HTML, and the banner changes without the page changing.
BANNER_OPEN, BANNER_CLOSE = "<!--dossier-errors-->", "<!--/dossier-errors-->"
_BANNER = re.compile(re.escape(BANNER_OPEN) + ".*?" + re.escape(BANNER_CLOSE), re.DOTALL)
# Where the kept pages wait while MkDocs empties the site directory: it passes hidden names by.
STASH = ".dossier-kept"
# Renders one page from a compiled dossier, with links shared between pages.
RenderOne = Callable[[PageSpec, Compiled, dict[tuple[str, ...], str]], RenderedPage]


@dataclass(frozen=True, slots=True)
class _Rendering:
    digest: int  # of the rendered page: to tell it changed, without keeping it
    reads: frozenset[Read]


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

    def render(
        self,
        specs: Iterable[PageSpec],
        compiled: Compiled,
        settings: object,
        render_one: RenderOne,
    ) -> tuple[dict[str, RenderedPage], set[str]]:
        """The pages rendered in this call (new, or they read what changed), and the
        src_uris whose rendering is as in the last call, rendered again or not.

        `settings` is everything else a rendering depends on (edit URLs, site URL,
        notes): when it differs from the last call, every page is rendered again.
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
        rendered: dict[str, RenderedPage] = {}
        same: set[str] = set()
        for spec in specs:
            old = self._pages.get(spec.src_uri)
            if old is not None and changed.isdisjoint(old.reads):
                pages[spec.src_uri] = old
                same.add(spec.src_uri)
                continue
            rendered[spec.src_uri], pages[spec.src_uri] = self._render(spec)
            if old is not None and old.digest == pages[spec.src_uri].digest:
                same.add(spec.src_uri)
        self._pages = pages
        return rendered, same

    def again(self, spec: PageSpec) -> RenderedPage:
        """A page of the last `render` that was not rendered there, rendered now."""
        page, self._pages[spec.src_uri] = self._render(spec)
        return page

    def part(self, key: Hashable, make: Callable[[Compiled], str]) -> str:
        """One part of an open-data file (`exports.Part`) of the last `render`'s dossier:
        made again only when something making it read changed."""
        found = self._parts_before.get(key)
        if found is None or not self._changed.isdisjoint(found[1]):
            assert self._view is not None, "render() comes first"
            self._reads.into = set()
            found = (make(self._view), frozenset(self._reads.into))
        self._parts[key] = found
        return found[0]

    def _render(self, spec: PageSpec) -> tuple[RenderedPage, _Rendering]:
        assert self._render_one is not None, "render() comes first"
        assert self._view is not None, "render() comes first"
        self._reads.into = set()
        page = self._render_one(spec, self._view, self._links)
        digest = hash((page.markdown, *page.blocks, *page.head, repr(page.meta), page.edit_url))
        return page, _Rendering(digest, frozenset(self._reads.into))


@dataclass(frozen=True, slots=True)
class _Output:
    dest_path: str  # within the site directory


@dataclass(slots=True)
class Outputs:
    """The finished HTML of the pages that may skip MkDocs, and every page's search
    entries and sitemap entry, from the rebuild that last made them."""

    frame: object = None
    pages: dict[str, _Output] = field(default_factory=dict)
    search: dict[str, list[Any]] = field(default_factory=dict)  # src_uri -> index entries
    sitemap: dict[str, str] = field(default_factory=dict)  # loc -> <url> element
    locs: dict[str, str] = field(default_factory=dict)  # src_uri -> its sitemap loc
    banner_on_disk: str | None = None  # the error banner in the pages the last rebuild wrote
    files: dict[str, object] = field(default_factory=dict)  # dest -> fingerprint of its copy

    def reusable(self, frame: object, unchanged: Iterable[str], site_dir: Path) -> set[str]:
        """The unchanged pages whose HTML, made under this `frame`, is in the stash; the
        search entries of every other page are made again in this rebuild."""
        if frame != self.frame:
            self.frame = frame
            self.pages = {}
        stash = site_dir / STASH
        reused = {
            uri
            for uri in unchanged
            if uri in self.pages and (stash / self.pages[uri].dest_path).is_file()
        }
        self.search = {uri: entries for uri, entries in self.search.items() if uri in reused}
        return reused

    def keep(self, src_uri: str, dest_path: str) -> None:
        """A page MkDocs made in this rebuild, to be kept for the next ones."""
        self.pages[src_uri] = _Output(dest_path)

    def stash(self, site_dir: Path) -> None:
        """Before MkDocs empties the site directory: move all of it aside, one rename per
        top-level entry, to a hidden folder that MkDocs' cleaning passes by."""
        stash = site_dir / STASH
        if stash.exists():
            shutil.rmtree(stash)
        if not site_dir.is_dir():
            return
        for entry in sorted(os.listdir(site_dir)):
            if not entry.startswith("."):
                stash.mkdir(exist_ok=True)
                os.replace(site_dir / entry, stash / entry)

    def reusable_files(self, candidates: dict[str, object], site_dir: Path) -> set[str]:
        """Of the site's other files (assets, articles, data; by destination, each with a
        fingerprint of its source), those whose copy in the site is already as it would be
        copied or written again."""
        stash = site_dir / STASH
        reused = {
            dest
            for dest, print_ in candidates.items()
            if self.files.get(dest) == print_ and (stash / dest).is_file()
        }
        self.files = dict(candidates)  # after this rebuild, each one is in the site
        return reused

    def restore(
        self, reused: Iterable[str], reused_files: Iterable[str], site_dir: Path, banner: str
    ) -> list[str]:
        """Put the kept pages and files back, from the stash, in the site directory MkDocs
        emptied for this rebuild; in a page whose error banner changed, the banner is
        replaced. Returns the kept files that were not in the stash, for the caller."""
        stash = os.path.join(site_dir, STASH)
        shown = BANNER_OPEN + banner + BANNER_CLOSE
        folders: set[str] = set()  # in the site, made already: strings, not pathlib (speed)

        def folder_of(path: str) -> None:
            folder = os.path.dirname(path)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)

        for uri in reused:
            dest = self.pages[uri].dest_path
            target, kept = os.path.join(site_dir, dest), os.path.join(stash, dest)
            if banner != self.banner_on_disk:
                html = Path(kept).read_text(encoding="utf-8")
                Path(kept).write_text(_BANNER.sub(lambda _: shown, html, count=1), encoding="utf-8")
            if dest.replace(os.sep, "/").endswith("/index.html") and not uri.endswith("index.md"):
                folder_of(os.path.dirname(target))
                try:  # the folder of this page alone, unless MkDocs wrote into it too
                    os.rename(os.path.dirname(kept), os.path.dirname(target))
                    continue
                except OSError:
                    pass
            folder_of(target)
            os.replace(kept, target)
        self.banner_on_disk = banner
        missing = []
        for dest in reused_files:
            target = os.path.join(site_dir, dest)
            folder_of(target)
            try:
                os.replace(os.path.join(stash, dest), target)
            except FileNotFoundError:
                missing.append(dest)
        if os.path.isdir(stash):  # what is left is out of date
            shutil.rmtree(stash)
        return missing

    def search_index(self, order: Iterable[str]) -> list[Any]:
        """Every page's entries once, in the order of the site's files."""
        return [entry for uri in order for entry in self.search.get(uri, ())]

    def merged_sitemap(self, built: str, order: Iterable[str]) -> str:
        """MkDocs' sitemap of this rebuild, with every kept page's entry put back in place."""
        first = _URL.search(built)
        if first is None:  # no entries to merge with: MkDocs wrote none
            return built
        found = {match.group("loc"): match.group(0) for match in _URL.finditer(built)}
        locs = [self.locs[uri] for uri in order if uri in self.locs]
        self.sitemap = {loc: found.get(loc) or self.sitemap.get(loc, "") for loc in locs}
        tail = built[built.rfind("</url>") + len("</url>") :]
        return built[: first.start()] + "".join(self.sitemap.values()) + tail


class CompiledTemplates(BytecodeCache):
    """The theme's templates, compiled once for all of the preview's rebuilds: MkDocs
    makes a new Jinja environment for each, which compiles every template again. A
    template that changed has another checksum, and Jinja compiles it anew."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


class Collector:
    """The garbage collector, out of the preview's way. The state kept across rebuilds
    is millions of objects, and each full collection walked all of them again, about a
    second in a rebuild after an edit at 1,000 articles. So after each rebuild the
    objects alive are frozen (`gc.freeze`: never walked again, still freed when no
    longer used), and every `EVERY` rebuilds they are unfrozen, so the reference cycles
    among them that died since are collected: memory stays bounded."""

    EVERY = 8

    def __init__(self) -> None:
        self.rebuilds = 0

    def after_rebuild(self) -> None:
        self.rebuilds += 1
        if self.rebuilds % self.EVERY == 0:
            gc.unfreeze()
        else:
            gc.freeze()


def file_state(path: Path) -> tuple[str, int, int]:
    """A file as it is now: its time of change and size (-1 when it cannot be read)."""
    try:
        stat = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), stat.st_mtime_ns, stat.st_size)


def frame_of(paths: Iterable[Path], *settings: object) -> tuple[object, ...]:
    """What every page's HTML depends on besides its own rendering: these files as they
    are now and `settings`."""
    return (tuple(map(file_state, paths)), *settings)


_URL = re.compile(r"\s*<url>\s*<loc>(?P<loc>[^<]*)</loc>.*?</url>", re.DOTALL)
