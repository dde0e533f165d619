"""Headless Chromium for tests: Debian's browser, driven by Playwright, site served on localhost.

Without Chromium the browser tests skip, saying why, except where DOSSIER_REQUIRE_BROWSER
is set (CI sets it), where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page

CHROMIUM = os.environ.get("DOSSIER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


REPO = Path(__file__).resolve().parent.parent
AXE = Path(os.environ.get("DOSSIER_AXE", REPO / ".cache/npm/node_modules/axe-core/axe.min.js"))


def require_axe() -> None:
    """axe-core from the npm registry (the README's test command installs it)."""
    if AXE.is_file():
        return
    reason = f"axe-core not found at {AXE} (npm install --prefix .cache/npm axe-core@4)"
    if os.environ.get("DOSSIER_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


def axe_violations(page: Page) -> list[str]:
    """What axe-core finds on the page as it is now: "rule (impact): targets" each."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found: list[str] = page.evaluate(
        """async () => (await axe.run(document)).violations.map(v =>
             `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
    )
    return found


def require_chromium() -> None:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("DOSSIER_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """Serve a built site on localhost (a free port by default); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
