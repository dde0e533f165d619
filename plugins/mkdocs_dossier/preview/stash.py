"""The preview's finished pages kept across rebuilds: the site directory stashed and put back.

Flow, once per `mkdocs serve` rebuild, after `incremental.Renderings.render` found the
pages whose rendering is unchanged:
1. `Outputs.reusable`: of the unchanged pages, those whose finished HTML (theme and all)
   was kept from an earlier rebuild, made under the same `frame` (the MkDocs config,
   the hand-written pages, the theme's overrides), skip MkDocs altogether; the plugin
   lists them as excluded files, so links to them still resolve.
   The site's other files (the theme's assets, the articles, the open data) skip
   MkDocs too while their source is unchanged (`reusable_files`).
2. Before the build the site directory is moved aside (`stash`: MkDocs empties it on
   each rebuild, thousands of files at 1,000 articles); before MkDocs writes, it is
   moved back whole (`restore`; a kept page is written anew when the error banner in it
   changed), so a page open in a browser can be shown as soon as it is remade; after the
   build, what no one wrote again is removed (`tidy`), and the sitemap is put back
   together, page by page, in the order a clean build gives them. (The site search's
   index is made whole from the written site, after the build: `sitesearch`.)

Hand-written pages always go through MkDocs, and so do index pages whose nav entry has
no title of its own: MkDocs names a page it did not make by its file. Nothing here
imports MkDocs.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..safewrite import write_all

# Where the error banner is in a page of the preview: on_page_content puts it before the
# page's own HTML, and the banner changes without the page changing.
BANNER_OPEN, BANNER_CLOSE = "<!--dossier-errors-->", "<!--/dossier-errors-->"
_BANNER = re.compile(re.escape(BANNER_OPEN) + ".*?" + re.escape(BANNER_CLOSE), re.DOTALL)
# Where the kept pages wait while MkDocs empties the site directory: it passes hidden names by.
STASH = ".dossier-kept"


@dataclass(frozen=True, slots=True)
class _Output:
    dest_path: str  # within the site directory


@dataclass(slots=True)
class Outputs:
    """The finished HTML of the pages that may skip MkDocs, and every page's sitemap
    entry, from the rebuild that last made them."""

    frame: object = None
    pages: dict[str, _Output] = field(default_factory=dict)
    sitemap: dict[str, str] = field(default_factory=dict)  # loc -> <url> element
    locs: dict[str, str] = field(default_factory=dict)  # src_uri -> its sitemap loc
    banner_on_disk: str | None = None  # the error banner in the pages the last rebuild wrote
    files: dict[str, object] = field(default_factory=dict)  # dest -> fingerprint of its copy
    stashed: set[str] = field(default_factory=set)  # the stash's files, "/"-separated
    leftover: set[str] = field(default_factory=set)  # put back out of date, until `tidy`

    def reusable(self, frame: object, unchanged: Iterable[str]) -> set[str]:
        """The unchanged pages whose HTML, made under this `frame`, is in the stash."""
        if frame != self.frame:
            self.frame = frame
            self.pages = {}
        return {
            uri
            for uri in unchanged
            if uri in self.pages and _posix(self.pages[uri].dest_path) in self.stashed
        }

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
        """Before MkDocs writes anything (it has just emptied the site directory): the stash
        moved back whole, one rename per top-level entry, so a kept page is there at once;
        in a kept page whose error banner changed, the banner is replaced. The stash's
        out-of-date files (`leftover`) stay until `tidy`: MkDocs writes most of them anew,
        and the preview serves none of them meanwhile (`liveserver`). Returns the kept
        files that were not in the stash after all, for the caller to copy."""
        stash = os.path.join(site_dir, STASH)
        pages = {_posix(self.pages[uri].dest_path) for uri in reused}
        files = {_posix(dest) for dest in reused_files}
        missing = files - self.stashed
        kept = (pages | files) - missing
        if kept and banner != self.banner_on_disk:
            shown = BANNER_OPEN + banner + BANNER_CLOSE
            for rel in pages & kept:
                path = Path(stash, rel)
                html = path.read_text(encoding="utf-8")
                page = _BANNER.sub(lambda _: shown, html, count=1).encode("utf-8")
                write_all(Path(stash), {path: page})  # never through a link
        self.banner_on_disk = banner
        for entry in _top_level(stash):
            target = os.path.join(site_dir, entry)
            if os.path.lexists(target):  # not emptied after all: the stash is older
                _remove(target)
            os.replace(os.path.join(stash, entry), target)
        if os.path.lexists(stash):
            _remove(stash)
        self.leftover = self.stashed - kept
        self.stashed = set()
        return [dest for dest in reused_files if _posix(dest) in missing]

    def tidy(self, site_dir: Path, since_ns: int) -> None:
        """After the build: the out-of-date files put back with the stash that nothing
        wrote again since `since_ns` (a page deleted or renamed, a file gone) removed, so
        the site is what a clean build leaves. The work grows with what the edit changed."""
        for rel in sorted(self.leftover):
            try:
                written = os.lstat(os.path.join(site_dir, rel)).st_mtime_ns >= since_ns
            except OSError:  # gone already
                continue
            if not written:
                _remove_file(str(site_dir), rel)
        self.leftover = set()

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
