"""Where the editor is looking: the pages open in a browser are remade first and shown
as soon as they are ready, as in Hugo's fast render mode.

MkDocs' dev server rebuilds the whole site after an edit, and only then tells the open
browsers to reload; a request during a rebuild waits for its end. Flow, per rebuild:
1. `LiveServer.open_pages`: the pages the editor has open, from the server's requests.
   Each open tab holds a live-reload poll whose Referer is its page; a page fetched is
   open too. Bounded: the last `OPEN_PAGES`, seen in the last `OPEN_FOR` seconds.
2. The plugin puts those pages first in the build order, and as the first other page
   starts, `publish_early` tells the browsers to reload: the open pages are written.
3. `gate`, until the rebuild ends (`finish`): a request for a page still to be remade,
   for the search index or the sitemap (made at the end), or for a file not
   written yet, waits for the end; a request for the site search's index waits while it
   is made, after the rebuild (`indexing`). Nothing is served stale; the rest is served
   at once.

MkDocs has no interface for any of this: its server offers `watch`, and nothing on
requests or on the moment a reload is announced. So this wraps the server's WSGI app
(`get_app`/`set_app`, from the standard library's `wsgiref`) and, to announce the reload
early, sets what the server's build loop sets when a build ends (`_visible_epoch`, under
`_epoch_cond`). On a server without them (another MkDocs, ProperDocs) it stands aside and
the preview works as before: every page shown when the whole rebuild is done.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import os
import posixpath
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

OPEN_PAGES = 8  # at most this many pages count as open: a few tabs, not a history
OPEN_FOR = 150.0  # seconds: a tab polls again at least every minute (MkDocs' poll timeout)
# Written at the end of a rebuild (the theme search plugin's index, empty; the sitemap, put together
# again from the kept pages' entries): never served before it ends.
WRITTEN_LAST = frozenset({"search/search_index.json", "sitemap.xml", "sitemap.xml.gz"})
WRITTEN_LAST_FOLDERS = ("pagefind/",)  # the site search's index (`sitesearch`), made last

WAIT_AT_MOST = 600.0  # seconds: a request never hangs for good, whatever befell the build
WAIT_AT_MOST = 600.0  # seconds: a request never hangs for good, whatever befell the build
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class LiveServer:
    """The dev server, as far as the preview needs it: which pages are open, and the
    reload announced as soon as they are remade."""

    def __init__(self, server: object) -> None:
        self._server = server
        self._mount = str(getattr(server, "mount_path", "/"))
        self._root = str(getattr(server, "root", ""))
        self._seen: dict[str, float] = {}  # dest path of an open page -> when last seen
        self._lock = threading.Lock()
        self._ended = threading.Condition()
        self._pending: set[str] = set()  # remade in this rebuild, not written yet
        self._early = False  # the reload was announced before this rebuild ended
        self._indexing = False  # the search index is being made, after the rebuild
        self.able = all(
            hasattr(server, name)
            for name in ("get_app", "set_app", "_epoch_cond", "_visible_epoch", "_wanted_epoch")
        )
        if self.able:
            app: WsgiApp = server.get_app()  # type: ignore[attr-defined]
            server.set_app(self._gate(app))  # type: ignore[attr-defined]

    def open_pages(self) -> set[str]:
        """The dest paths (as in the site directory, "/"-separated) of the pages open now."""
        if not self.able:
            return set()
        now = time.monotonic()
        with self._lock:
            return {dest for dest, seen in self._seen.items() if now - seen < OPEN_FOR}

    def publish_early(self, pending: Iterable[str]) -> None:
        """The open pages are written: browsers reload now; until `finish`, a request
        for one of `pending` (the pages still to be remade) waits."""
        if not self.able or self._early:
            return
        with self._ended:
            self._pending = set(pending) | WRITTEN_LAST
            self._early = True
        cond: threading.Condition = self._server._epoch_cond  # type: ignore[attr-defined]
        with cond:
            self._server._visible_epoch = self._server._wanted_epoch  # type: ignore[attr-defined]
            cond.notify_all()

    def indexing(self, busy: bool) -> None:
        """While the site search's index is made (after the rebuild, `sitesearch`), a
        request for one of its files waits."""
        with self._ended:
            self._indexing = busy
            self._ended.notify_all()

    def finish(self) -> None:
        """The rebuild ended (built or failed): nothing waits any more."""
        with self._ended:
            self._pending = set()
            self._early = False
            self._ended.notify_all()

    def _gate(self, app: WsgiApp) -> WsgiApp:
        def gated(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            # As MkDocs' server reads it (https://bugs.python.org/issue16679).
            path = str(environ.get("PATH_INFO", "")).encode("latin-1").decode("utf-8", "ignore")
            if path.startswith("/livereload/"):
                referer = str(environ.get("HTTP_REFERER") or "")
                self._note_open(self.dest_of(urllib.parse.urlsplit(referer).path))
            else:
                dest = self.dest_of(path)
                if dest is not None and dest.endswith(".html"):
                    self._note_open(dest)
                self._wait_if_not_ready(dest)
            return app(environ, start_response)

        return gated

    def dest_of(self, path: str) -> str | None:
        """A request's path as the file it serves, the way MkDocs' server maps it."""
        if not (path + "/").startswith(self._mount):
            return None
        rel = path[len(self._mount) :]
        if path.endswith("/"):
            rel += "index.html"
        return posixpath.normpath("/" + rel).lstrip("/")

    def _note_open(self, dest: str | None) -> None:
        if dest is None or not dest.endswith(".html"):
            return
        with self._lock:
            self._seen.pop(dest, None)
            self._seen[dest] = time.monotonic()
            while len(self._seen) > OPEN_PAGES:  # the oldest first: dicts keep their order
                del self._seen[next(iter(self._seen))]

    def _wait_if_not_ready(self, dest: str | None) -> None:
        """After the early reload and before the rebuild ends: a page still to be remade,
        a file written last, or one not there yet waits for the end."""
        with self._ended:
            if dest is not None and dest.startswith(WRITTEN_LAST_FOLDERS) and self._indexing:
                self._ended.wait_for(lambda: not self._indexing, timeout=WAIT_AT_MOST)
            if not self._early or dest is None:
                return
            missing = not os.path.isfile(os.path.join(self._root, dest))
            if dest in self._pending or missing or dest.startswith(WRITTEN_LAST_FOLDERS):
                self._ended.wait_for(lambda: not self._early, timeout=WAIT_AT_MOST)
