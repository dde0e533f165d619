"""What the site search costs a reader, as Chromium counts it: the bytes the home page
downloads, and the bytes of each of a few queries typed into the header's box (the first
one loads the search engine), on a site built from `generate.py`; and the index's size
and the time to make it.

Run, with the package and the test extras installed, on a built generated site:
    python benchmarks/search_bytes.py PROJECT SITE
`scale.py` calls `measure` for each size. Needs Debian's Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

from mkdocs_dossier.sitesearch import SEARCH_DIR, index_site

CHROMIUM = os.environ.get("DOSSIER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def queries(project: Path) -> list[str]:
    """A person's name, a place's name, a claim's words, a quote's words."""
    dossier = project / "dossier"
    actors = yaml.safe_load((dossier / "actors.yml").read_text(encoding="utf-8"))
    places = yaml.safe_load((dossier / "locations.yml").read_text(encoding="utf-8"))
    claims = yaml.safe_load((dossier / "claims.yml").read_text(encoding="utf-8"))
    first = sorted((dossier / "annotations").glob("*.yml"))[0]
    quote = yaml.safe_load(first.read_text(encoding="utf-8"))[0]["quote"]
    return [
        actors["person-12"]["name"],
        places[sorted(places)[5]]["name"],
        " ".join(claims["claim-40"]["statement"].split()[2:6]),
        " ".join(quote.split()[:6]),
    ]


def index_size(site: Path) -> int:
    return sum(p.stat().st_size for p in (site / SEARCH_DIR).rglob("*") if p.is_file())


def index_seconds(site: Path) -> float:
    """Making the index again, on a copy of the site: what each build spends on it."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "site"
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns(SEARCH_DIR))
        start = time.perf_counter()
        index_site(copy)
        return time.perf_counter() - start


def downloads(site: Path, asked: list[str]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - test extras only

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    sizes: dict[str, int] = {}

    def finished(request: Any) -> None:
        got = request.sizes()
        sizes[request.url] = got["responseBodySize"] + got["responseHeadersSize"]

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.on("requestfinished", finished)
            page.goto(base)
            page.wait_for_load_state("networkidle")
            home = sum(sizes.values())
            spent = {}
            for query in asked:
                sizes.clear()
                box = page.locator("[data-dossier-search-query]")
                box.fill("")
                box.focus()
                page.keyboard.type(query)
                page.wait_for_function(
                    "q => document.querySelector('[data-dossier-search-results]')"
                    ".dataset.query === q",
                    arg=query,
                )
                page.wait_for_load_state("networkidle")
                spent[query] = sum(sizes.values())
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"home_bytes": home, "query_bytes": spent}


def measure(project: Path, site: Path) -> dict[str, Any]:
    """The search's figures for one built generated site (no browser: sizes only)."""
    found: dict[str, Any] = {
        "index_bytes": index_size(site),
        "index_s": round(index_seconds(site), 2),
    }
    if Path(CHROMIUM).exists():
        found.update(downloads(site, queries(project)))
        found["query_max_bytes"] = max(found["query_bytes"].values())
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("site", type=Path)
    args = parser.parse_args()
    print(json.dumps(measure(args.project, args.site), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
