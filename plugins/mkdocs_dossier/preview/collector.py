"""The garbage collector, out of the way of the dossier's work.

Compiling the dossier and rendering its pages makes millions of objects that live to
the end of the build, and few reference cycles. Each full collection walked all of
them again: 12 of them took 1.4 s of a 16 s build at 1,000 articles, and about a second
of a preview rebuild. So the collector pauses while `on_files` works (`paused`), and
in a build what is alive afterwards is frozen (`gc.freeze`: never walked again, still
freed by reference counting when no longer used) until the build ends (`after_build`):
a process that builds again (`mkdocs serve --clean` builds as `build` does) keeps
nothing frozen.

The preview keeps running, and each rebuild leaves MkDocs' own structures of the last
one (pages, files, nav, templates: cycles, tens of MB) behind as garbage. A rebuild
therefore starts by collecting what the last one made, which is all the collector
walks, and then freezes what is left alive: the plugin's kept state. Every `EVERY`
rebuilds it unfreezes everything first, so the cycles that died among what was kept go
too. Memory stays bounded either way.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


class Collector:
    """When the collector runs: paused in the dossier's work; in the preview, once at the
    start of each rebuild over what the last one made."""

    EVERY = 8

    def __init__(self) -> None:
        self.rebuilds = 0

    @contextmanager
    def paused(self, *, serving: bool) -> Iterator[None]:
        """No collection inside. In a build, what is alive at the end is frozen; in the
        preview, what the last rebuild left is collected first and the rest frozen."""
        if serving:
            self.rebuilds += 1
            if self.rebuilds % self.EVERY == 0:
                gc.unfreeze()
            gc.collect()
            gc.freeze()
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if enabled:
                gc.enable()
            if not serving:
                gc.freeze()

    def after_build(self) -> None:
        """A build (not the preview) is done: nothing of it stays frozen."""
        gc.unfreeze()

    def after_first_build(self) -> None:
        """The first build of the preview made the whole site: its objects are frozen at
        once, so that the first edit does not pay for walking them. (What of them dies
        later waits for the first unfreeze.)"""
        if self.rebuilds == 1:
            gc.freeze()
