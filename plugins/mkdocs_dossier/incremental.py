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
   each rebuild, thousands of files at 1,000 articles); after it the few files MkDocs
   wrote are moved into the stash, what is out of date is removed from it, and it is
   moved back (`restore`; a kept page is written anew when the error banner in it
   changed); the search index and the sitemap are put back together, page by page, in
   the order a clean build gives them.

Hand-written pages always go through MkDocs, and so do index pages whose nav entry has
no title of its own: MkDocs names a page it did not make by its file. Nothing here
imports MkDocs.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache

from .pipeline import Compiled, Part
from .render import PageSpec, RenderedPage
from .tracking import Fingerprints, Read, Reads, SharedLinks, tracked

# Where the error banner is in a page of the preview: on_page_content puts it before the
# page's own HTML, and the banner changes without the page changing.
BANNER_OPEN, BANNER_CLOSE = "<!--dossier-errors-->", "<!--/dossier-errors-->"
_BANNER = re.compile(re.escape(BANNER_OPEN) + ".*?" + re.escape(BANNER_CLOSE), re.DOTALL)
# Where the kept pages wait while MkDocs empties the site directory: it passes hidden names by.
STASH = ".dossier-kept"
# Renders one page from a compiled dossier, with links shared between pages and its
# parts kept across rebuilds (`Renderings.part`).
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
                for key in old.parts:  # kept with the page, for when it is made again
                    self._parts[key] = self._parts_before[key]
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
    stashed: set[str] = field(default_factory=set)  # the stash's files, "/"-separated

    def reusable(self, frame: object, unchanged: Iterable[str]) -> set[str]:
        """The unchanged pages whose HTML, made under this `frame`, is in the stash; the
        search entries of every other page are made again in this rebuild."""
        if frame != self.frame:
            self.frame = frame
            self.pages = {}
        reused = {
            uri
            for uri in unchanged
            if uri in self.pages and _posix(self.pages[uri].dest_path) in self.stashed
        }
        self.search = {uri: entries for uri, entries in self.search.items() if uri in reused}
        return reused

    def keep(self, src_uri: str, dest_path: str) -> None:
        """A page MkDocs made in this rebuild, to be kept for the next ones."""
        self.pages[src_uri] = _Output(dest_path)

    def stash(self, site_dir: Path) -> None:
        """Before MkDocs empties the site directory: move all of it aside, one rename per
        top-level entry, to a hidden folder that MkDocs' cleaning passes by; and list it."""
        stash = site_dir / STASH
        if stash.exists():
            _remove(str(stash))
        for entry in _top_level(site_dir):
            stash.mkdir(exist_ok=True)
            os.replace(site_dir / entry, stash / entry)
        self.stashed = set(_files_under(stash))

    def reusable_files(self, candidates: dict[str, object]) -> set[str]:
        """Of the site's other files (assets, articles, data; by destination, each with a
        fingerprint of its source), those whose copy in the site is already as it would be
        copied or written again."""
        reused = {
            dest
            for dest, print_ in candidates.items()
            if self.files.get(dest) == print_ and _posix(dest) in self.stashed
        }
        self.files = dict(candidates)  # after this rebuild, each one is in the site
        return reused

    def restore(
        self, reused: Iterable[str], reused_files: Iterable[str], site_dir: Path, banner: str
    ) -> list[str]:
        """Make the site directory what a full rebuild would have left: the files MkDocs
        wrote in this rebuild, and the kept pages and files from the stash; in a kept
        page whose error banner changed, the banner is replaced. Returns the kept files
        that were not in the stash after all, for the caller to copy.

        The few files written are moved into the stash, the stash's out-of-date files
        removed, and the stash moved back, one rename per top-level entry: the work grows
        with what the edit changed, not with the site."""
        stash = os.path.join(site_dir, STASH)
        written = set(_files_under(site_dir))
        pages = {_posix(self.pages[uri].dest_path) for uri in reused}
        files = {_posix(dest) for dest in reused_files}
        missing = files - self.stashed
        kept = (pages | files) - written - missing
        if kept and banner != self.banner_on_disk:
            shown = BANNER_OPEN + banner + BANNER_CLOSE
            for rel in pages & kept:
                path = Path(stash, rel)
                html = path.read_text(encoding="utf-8")
                path.write_text(_BANNER.sub(lambda _: shown, html, count=1), encoding="utf-8")
        self.banner_on_disk = banner
        if kept:
            for rel in sorted(self.stashed - kept - written):  # out of date
                _remove_file(stash, rel)
            for rel in written:
                _move_into(site_dir, stash, rel)
            for entry in _top_level(site_dir):  # left: the folders the files were in
                _remove(os.path.join(site_dir, entry))
            for entry in _top_level(stash):
                os.replace(os.path.join(stash, entry), os.path.join(site_dir, entry))
        if os.path.lexists(stash):
            _remove(stash)
        self.stashed = set()
        return [dest for dest in reused_files if _posix(dest) in missing]

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
    """The theme's templates and the dossier's, compiled once for all of the preview's
    rebuilds: MkDocs makes a new Jinja environment for each, and so does the plugin
    (`render.Templates`), which compiles every template again. A template that changed
    has another checksum, and Jinja compiles it anew."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


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


def _posix(dest: str) -> str:
    return dest.replace(os.sep, "/")


def _top_level(folder: str | Path) -> list[str]:
    """The entries MkDocs' cleaning removes: all but the hidden ones (the stash among them)."""
    if not os.path.isdir(folder):
        return []
    return sorted(entry for entry in os.listdir(folder) if not entry.startswith("."))


def _files_under(folder: str | Path) -> Iterable[str]:
    """Every file under `folder`'s top-level entries, "/"-separated, relative to it."""
    for entry in _top_level(str(folder)):
        path = os.path.join(folder, entry)
        if not os.path.isdir(path):
            yield entry
            continue
        for parent, _, names in os.walk(path):
            prefix = _posix(os.path.relpath(parent, folder))
            yield from (f"{prefix}/{name}" for name in names)


def _move_into(site_dir: str | Path, stash: str, rel: str) -> None:
    """A file written in this rebuild, into the stash in place of the kept one."""
    target = os.path.join(stash, rel)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.isdir(target):  # a folder where the file is now: the folder is out of date
        shutil.rmtree(target)
    os.replace(os.path.join(site_dir, rel), target)


def _remove(path: str) -> None:
    """A folder and all in it, or a file."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.remove(path)


def _remove_file(stash: str, rel: str) -> None:
    """An out-of-date file of the stash, and the folders it leaves empty."""
    os.remove(os.path.join(stash, rel))
    folder = os.path.dirname(rel)
    while folder:
        try:
            os.rmdir(os.path.join(stash, folder))
        except OSError:  # not empty
            return
        folder = os.path.dirname(folder)


_URL = re.compile(r"\s*<url>\s*<loc>(?P<loc>[^<]*)</loc>.*?</url>", re.DOTALL)
