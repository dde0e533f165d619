"""Benchmark: the dossier build against the MkDocs floor, at several sizes, in one run.

Run, with the package installed (about 15 minutes on 2 cores for the default sizes):
    python benchmarks/scale.py [--sizes 100 1000 3000] [--no-preview] [--out FILE]

For each size N it writes a synthetic dossier (generate.py) and measures:
- the full `mkdocs build` wall time and peak memory (each build in its own process);
- the plugin's own share: time spent inside its hooks;
- the floor: a plain mkdocs-material build of as many pages, each with as much
  Markdown as the dossier page's generated content, out of the nav like entity pages;
- `dossier check` wall time.
- the site search (`search_bytes.py`): the index's size and the time to make it, the
  bytes the home page downloads and those of each of a few queries, in Chromium.
- the preview: under the README's `mkdocs serve`, with a page open as a browser has it,
  the seconds from saving an edit until the open page shows it, and until every page
  does (the rebuild is done), for each edit in EDITS.
It prints a table with build/floor and time(3N)/time(N), and writes the same as JSON.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generate import budget_for, generate  # benchmarks/ is on the path when this runs as a script
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import CombinedEvent
from search_bytes import measure as search_figures

from mkdocs_dossier import plugin

HERE = Path(__file__).resolve().parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
WORDS = ["the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with"]

FLOOR_CONFIG = """\
site_name: Floor
site_url: http://127.0.0.1:8000/
docs_dir: docs
theme:
  name: material
  font: false
  # No navigation.instant: it fetches sitemap.xml as the first page opens, 280 KB per
  # 1,000 articles (README, 'Search').
  features: [navigation.tabs]
plugins:
  - search
not_in_nav: |
  /pages/
nav:
  - Home: index.md
"""


def build_once(config: str, site: str) -> None:
    """In a child process: one build, timing the dossier plugin's hooks."""
    spent = [0.0]

    def timed(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)  # keeps MkDocs' event priority on the wrapper
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - started

        return wrapper

    for name in dir(plugin.DossierPlugin):
        event = getattr(plugin.DossierPlugin, name)
        if name.startswith("on_") and isinstance(event, CombinedEvent):
            event = CombinedEvent(*(timed(method) for method in event.methods))
            setattr(plugin.DossierPlugin, name, event)
        elif name.startswith("on_"):
            setattr(plugin.DossierPlugin, name, timed(event))
    started = time.perf_counter()
    build(load_config(config_file=config, site_dir=site))
    wall = time.perf_counter() - started
    print(json.dumps({"wall": wall, "plugin": spent[0]}))


def measured_build(config: Path, site: Path) -> dict[str, float]:
    """Run build_once in a child; add its peak memory from the kernel's accounting."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--build-once", str(config), str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=ENV,
        text=True,
    )
    _, status, usage = os.wait4(process.pid, 0)
    assert process.stdout is not None
    output = process.stdout.read()
    process.stdout.close()
    if status != 0:
        raise SystemExit(f"build of {config} failed")
    result = json.loads(output.strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024
    return result


def page_sizes(site: Path) -> list[int]:
    """Bytes of generated content in each page (what a floor page carries as Markdown)."""
    sizes = []
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        match = re.search(
            r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S
        )
        if match:
            sizes.append(len(re.sub(r"<[^>]+>", "", match.group(1))))
    return sizes


def write_floor(out: Path, sizes: list[int]) -> Path:
    rng = random.Random(7)
    pages = out / "docs" / "pages"
    pages.mkdir(parents=True)
    (out / "docs" / "index.md").write_text("# Floor\n")
    for i, size in enumerate(sizes):
        words: list[str] = []
        length = 0
        while length < size:
            sentence = " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + ". "
            words.append(sentence)
            length += len(sentence)
        body = "".join(words)
        paragraphs = "\n\n".join(body[j : j + 600] for j in range(0, len(body), 600))
        (pages / f"page-{i}.md").write_text(f"# Page {i}\n\n## Section\n\n{paragraphs}\n")
    (out / "mkdocs.yml").write_text(FLOOR_CONFIG)
    return out / "mkdocs.yml"


def check_time(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs_dossier", "check"],
        cwd=project,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


# Edits an editor makes, each with the page the editor has open, which must show it:
# (name, file, pattern, replacement, open page, another page that must show it); the
# pattern is a regular expression, replaced once.
EDITS = (
    (
        "claim statement",
        "dossier/claims.yml",
        r'"Claim 1: ',
        '"Claim 1: Edited ',
        "claims/claim-1/",
        "claims/",
    ),
    (
        "annotation note",
        "dossier/annotations/article-3.yml",
        r"\n  mentions: .*\n",
        lambda match: match.group(0) + '  note: "An edited note."\n',
        "sources/article-3/",
        "sources/article-3/",
    ),
    (
        "actor name",
        "dossier/actors.yml",
        r'(state-0:\n  name: ".*?)"',
        lambda match: match.group(1) + ' Edited"',
        "actors/state-0/",
        "actors/",
    ),
)
LIVERELOAD = re.compile(r"livereload\((\d+), (\d+)\)")


def _fetch(url: str, referer: str | None = None) -> str:
    request = urllib.request.Request(url, headers={"Referer": referer} if referer else {})
    with urllib.request.urlopen(request, timeout=600) as response:
        return str(response.read().decode())


def _poll(url: str, page: str, answered: list[float]) -> None:
    """A browser's live-reload poll, from `page`: it is answered when the page should reload."""
    _fetch(url, referer=page)
    answered.append(time.perf_counter())


def preview_edits(project: Path, port: int = 8799) -> list[dict[str, Any]]:
    """The README's `mkdocs serve`, with a page open as a browser has it (its live-reload
    poll waiting, with the page as Referer). For each edit in EDITS, from saving the file:
    - `open_page_s`: until the poll answers and the open page, fetched, shows the edit;
    - `all_pages_s`: until the rebuild is done (the server logs "Reloading browsers"),
      checked by fetching another page that must show the edit."""
    log_path = project.parent / f"{project.name}-serve.log"
    base = f"http://127.0.0.1:{port}/"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", "site_config.yml", "-a", base[7:-1]],
            cwd=project, env=ENV, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    # A finished build ends with "Serving on" (the first) or "Reloading browsers".
    built = re.compile(r"Serving on|Reloading browsers")

    def wait_for(count: int) -> None:
        while len(built.findall(log_path.read_text())) < count:
            if process.poll() is not None:
                raise SystemExit("mkdocs serve stopped:\n" + log_path.read_text()[-3000:])
            time.sleep(0.01)

    results = []
    try:
        wait_for(1)
        for number, (name, file, pattern, replacement, page, other) in enumerate(EDITS, start=2):
            epoch, request_id = LIVERELOAD.findall(_fetch(base + page))[-1]
            answered: list[float] = []

            poll = functools.partial(_poll, f"{base}livereload/{epoch}/{request_id}", base + page)
            poller = threading.Thread(target=poll, args=(answered,), daemon=True)
            poller.start()
            time.sleep(2)  # the poll waiting, a quiet server, and a new modification time
            path = project / file
            edited, found = re.subn(pattern, replacement, path.read_text(), count=1)
            assert found, (file, pattern)
            started = time.perf_counter()
            path.write_text(edited)
            poller.join(timeout=600)
            shown = _fetch(base + page)
            open_page = time.perf_counter() - started
            assert answered, f"the browser with {page} open was not told to reload"
            assert "dited" in shown, f"{page} does not show the edit when reloaded"
            wait_for(number)
            all_pages = time.perf_counter() - started
            assert "dited" in _fetch(base + other), f"{other} does not show the edit"
            results.append({"edit": name, "open_page": page, "open_page_s": round(open_page, 2),
                            "all_pages_s": round(all_pages, 2)})  # fmt: skip
            print(json.dumps(results[-1]), flush=True)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--no-preview", action="store_true", help="skip the preview edits")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--preview-only", action="store_true", help="only the preview edits")
    parser.add_argument("--build-once", nargs=2, metavar=("CONFIG", "SITE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_once:
        build_once(*args.build_once)
        return 0

    work = Path(args.workdir or tempfile.mkdtemp(prefix="dossier-bench-"))
    rows = []
    for n in args.sizes:
        project = work / f"dossier-{n}"
        shutil.rmtree(project, ignore_errors=True)
        generate(n, project, budget=budget_for(n))  # 3,000 articles pass the defaults
        if args.preview_only:
            print(json.dumps({"articles": n, "preview": preview_edits(project)}), flush=True)
            continue
        check = check_time(project)
        dossier = measured_build(project / "site_config.yml", work / f"site-{n}")
        sizes = page_sizes(work / f"site-{n}")
        floor_dir = work / f"floor-{n}"
        shutil.rmtree(floor_dir, ignore_errors=True)
        floor = measured_build(write_floor(floor_dir, sizes), work / f"floor-site-{n}")
        preview = [] if args.no_preview else preview_edits(project)
        search = search_figures(project, work / f"site-{n}")
        rows.append(
            {
                "articles": n,
                "pages": len(sizes),
                "build_s": round(dossier["wall"], 2),
                "plugin_s": round(dossier["plugin"], 2),
                "plugin_share": round(dossier["plugin"] / dossier["wall"], 3),
                "peak_mb": round(dossier["peak_mb"]),
                "floor_s": round(floor["wall"], 2),
                "floor_peak_mb": round(floor["peak_mb"]),
                "build_over_floor": round(dossier["wall"] / floor["wall"], 2),
                "check_s": round(check, 2),
                "preview": preview,
                "open_page_max_s": max((e["open_page_s"] for e in preview), default=None),
                "all_pages_max_s": max((e["all_pages_s"] for e in preview), default=None),
                "search": search,
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    by_n = {row["articles"]: row for row in rows}
    growth = {
        f"{3 * n}/{n}": round(by_n[3 * n]["build_s"] / by_n[n]["build_s"], 2)
        for n in by_n
        if 3 * n in by_n
    }
    header = f"{'articles':>8} {'pages':>6} {'build s':>8} {'floor s':>8} {'build/floor':>11} "
    header += f"{'plugin':>7} {'peak MB':>8} {'check s':>8} {'open page s':>12} {'all pages s':>12}"
    print("\n" + header)
    for row in rows:
        print(
            f"{row['articles']:>8} {row['pages']:>6} {row['build_s']:>8} {row['floor_s']:>8} "
            f"{row['build_over_floor']:>11} {row['plugin_share']:>7.1%} {row['peak_mb']:>8} "
            f"{row['check_s']:>8} {row['open_page_max_s'] or '-':>12} "
            f"{row['all_pages_max_s'] or '-':>12}"
        )
    print(f"\n{'articles':>8} {'index KB':>9} {'index s':>8} {'home KB':>8} {'query KB max':>13}")
    for row in rows:
        found = row["search"]
        home, query = found.get("home_bytes"), found.get("query_max_bytes")
        print(
            f"{row['articles']:>8} {found['index_bytes'] / 1000:>9.0f} {found['index_s']:>8} "
            f"{home / 1000 if home else '-':>8} {query / 1000 if query else '-':>13}"
        )
    for label, ratio in growth.items():
        print(f"build time {label} articles: {ratio}x")
    args.out.write_text(json.dumps({"rows": rows, "growth": growth}, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
