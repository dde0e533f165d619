"""Site search: the built site indexed by Pagefind into `pagefind/`, which the header's
search box fetches a piece at a time, only once a reader searches.

Flow: each page's words are inside the one element Pagefind reads, with its kind and
rank (`render.searchable`) -> MkDocs writes the site -> on_post_build: `index_site` runs
Pagefind's indexer (a binary from PyPI, `pagefind[bin]`) over the site's HTML into a new
folder beside the old index, then swaps it in whole, so a browser never reads half of
one -> in the browser, `assets/search.js` loads `pagefind/pagefind.js` on the first
search, and each query fetches the few index chunks and page fragments it needs.

Why Pagefind and not the theme's own search: the theme's index is the whole site's text
in one file, fetched as every page opens (18 MB at 1,000 articles); Pagefind's is split
by word, so a query costs a few hundred KB at any size and opening a page costs nothing.
The index is made whole each time (Pagefind has no incremental mode): a few seconds at
1,000 articles (`benchmarks/scale.py` reports it). Under `mkdocs serve` that would delay
every page after an edit, so the preview makes it in the background (`Indexer`): the
pages are shown at once, and a request for the index waits until it is made.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

SEARCH_DIR = "pagefind"  # under the site directory; `assets/search.js` loads it from there
_NEW = ".pagefind-new"  # written here first, then swapped in whole
_OLD = ".pagefind-old"
# Never words of a page: the quote cards (inert <template>s repeating the annotations),
# the filters' options (the page's names and statements, again), the headings' "¶", the
# numbers that lead from a quote to its annotation, the maps (labels and scale bars).
EXCLUDED = "template, select, .headerlink, .dossier-ref, .dossier-map-figure"
TIME_LIMIT = 600  # seconds: a hung indexer stops the build rather than hanging it
_TAIL = 2000  # characters of the indexer's own message kept for the error


class SearchIndexFailed(Exception):
    """The indexer did not finish: its own words, for the build's error."""


def indexer_command(site_dir: Path, out_dir: Path) -> list[str]:
    """Pagefind's command line: the binary that `pagefind[bin]` installed for this
    platform, run directly (a Python start less per build: 70 ms, hundreds of builds in
    the tests); else through the `pagefind` package, which finds a binary of its own."""
    try:
        from pagefind_bin import (  # type: ignore[import-untyped]  # noqa: PLC0415
            get_executable,  # only when indexing; the package has no type marker
        )

        indexer = [str(get_executable())]
    except (ImportError, OSError):
        indexer = [sys.executable, "-m", "pagefind"]
    return [
        *indexer,
        "--site",
        str(site_dir),
        "--output-path",
        str(out_dir),
        "--exclude-selectors",
        EXCLUDED,
        "--silent",
    ]


def index_site(site_dir: Path) -> Path:
    """The site's search index, made anew under `site_dir/pagefind`; returns that folder."""
    site_dir = site_dir.resolve()
    new, old, final = site_dir / _NEW, site_dir / _OLD, site_dir / SEARCH_DIR
    for stale in (new, old):
        _remove(stale)
    try:
        done = subprocess.run(
            indexer_command(site_dir, new),
            capture_output=True,
            text=True,
            timeout=TIME_LIMIT,
            check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        _remove(new)
        raise SearchIndexFailed(f"the search indexer did not finish: {err}") from None
    if done.returncode != 0 or not (new / "pagefind.js").is_file():
        _remove(new)
        said = (done.stderr or done.stdout or "").strip()[-_TAIL:]
        raise SearchIndexFailed(
            f"the search indexer failed (exit code {done.returncode}): {said or 'no message'}"
        )
    if final.exists() or final.is_symlink():
        os.replace(final, old)
    os.replace(new, final)
    _remove(old)
    return final


def _remove(path: Path) -> None:
    """A folder or file of ours, gone; a link is removed, never followed."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


class Indexer:
    """The site's index made now (`mkdocs build`) or in the background (the preview),
    one at a time: `wait` before anything moves the site again."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None

    def index_now(self, site_dir: Path) -> None:
        self.wait()
        index_site(site_dir)

    def index_later(self, site_dir: Path, done: Callable[[str | None], None]) -> None:
        """Started now; `done` is called with the failure's message, or None."""
        self.wait()

        def run() -> None:
            try:
                index_site(site_dir)
                failed = None
            except SearchIndexFailed as err:
                failed = str(err)
            done(failed)

        self._thread = threading.Thread(target=run, name="dossier-search-index", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Until the index being made in the background is made."""
        if self._thread is not None:
            self._thread.join(TIME_LIMIT + 60)
            self._thread = None
