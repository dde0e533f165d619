"""The garbage collector, out of the way of the dossier's work.

Compiling the dossier and rendering its pages makes millions of objects that live to
the end of the build, and few reference cycles. Each full collection walked all of
them again: 12 of them took 1.4 s of a 16 s build at 1,000 articles, and about a second
of a preview rebuild. So the collector pauses while `on_files` works (`paused`), and
what is alive afterwards is frozen (`gc.freeze`: never walked again, still freed by
reference counting when no longer used). The preview, which keeps running, unfreezes
them every `EVERY` rebuilds, so the cycles among them that died since are collected:
memory stays bounded.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


class Collector:
    """When the collector runs: paused in the dossier's work; in the preview, frozen
    after each rebuild and unfrozen every `EVERY` rebuilds."""

    EVERY = 8

    def __init__(self) -> None:
        self.rebuilds = 0

    @contextmanager
    def paused(self, *, freeze: bool) -> Iterator[None]:
        """No collection inside; with `freeze`, what is alive at the end is frozen."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if enabled:
                gc.enable()
            if freeze:
                gc.freeze()

    def after_rebuild(self) -> None:
        self.rebuilds += 1
        if self.rebuilds % self.EVERY == 0:
            gc.unfreeze()
        else:
            gc.freeze()
