"""The preview is never stale: random sequences of edits, each followed by a comparison
of the whole site with a fresh build (issue 29).

`tests/test_preview.py` runs fixed lists of edits; a stale page hides in the edit no
list names (a stance inside a dispute gaining a date was one). Here Hypothesis drives
the real plugin as `mkdocs serve` does, in this process: one plugin kept alive across
rebuilds (`on_startup`), the config loaded again and the site built again into the
same directory after each edit. The edits are of every kind: each field of each file
kind (`model.py`: sources, actors, locations, claims, annotations and their stances,
repairs, citations, notes, aliases, coordinates, geometry), article text and
hand-written pages under `content/`, records and files added and deleted, ids renamed
everywhere, YAML broken (a syntax error, an unknown id, a misspelled key) and fixed.

After each edit that leaves a valid dossier, every file of the preview's site (every
page, the site search's index under `pagefind/`, `sitemap.xml` and what `sitemap.xml.gz`
holds, the open data, the assets) equals the same file of a fresh preview of the same tree. After
an edit that breaks the dossier, the build does not fail: every page lists the errors
as `path:line:col` with a hint, and is otherwise the last valid tree's page.

The run is derandomized and bounded for CI; before a release run it longer
(CONTRIBUTING.md, "Changing the preview's code").
"""

from __future__ import annotations

import dataclasses
import gc
import gzip
import hashlib
import html
import logging
import os
import re
import shutil
import tempfile
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from conftest import copy_repo_dossier, generated_project
from mkdocs_dossier import model
from mkdocs_dossier.pipeline import Compiled
from mkdocs_dossier.plugin import DossierPlugin
from mkdocs_dossier.preview.stash import BANNER_CLOSE, BANNER_OPEN
from mkdocs_dossier.preview.tracking import EVERY, Reads, tracked
from mkdocs_dossier.sitesearch import SEARCH_DIR

EXAMPLES = int(os.environ.get("DOSSIER_STATEFUL_EXAMPLES", "3"))
STEPS = int(os.environ.get("DOSSIER_STATEFUL_STEPS", "8"))
# Shrinking a failing sequence can take many minutes: in CI the failure reports the
# edits as they came (the message lists them); DOSSIER_STATEFUL_SHRINK=1 shrinks them.
PHASES = (
    list(Phase) if os.environ.get("DOSSIER_STATEFUL_SHRINK") else [Phase.explicit, Phase.generate]
)
# Other sequences than CI's, for a long run: DOSSIER_STATEFUL_SEED=N picks them.
SEED = os.environ.get("DOSSIER_STATEFUL_SEED")
SETTINGS = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    derandomize=SEED is None,  # the same sequences in every run: CI fails on a change, not on luck
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    phases=PHASES,
)
SERVE_URL = "http://127.0.0.1:8000/"  # `mkdocs serve` sets site_url to where it serves
# The sitemap's <lastmod> and the theme's dates are the build date: a page kept from a
# rebuild before midnight would carry yesterday's. That is the one difference a fresh
# build may have, and not a stale page: the date is fixed for both instead.
BUILD_DATE = "1448323200"  # 2015-11-24
TOP_ID = re.compile(r"^([a-z0-9][a-z0-9-]*):", re.MULTILINE)
ANY = st.integers(min_value=0, max_value=10**6)  # picks one of several, whatever their number
PLUGIN_LOG = "mkdocs.plugins.mkdocs_dossier.plugin"
ERROR_LINE = re.compile(r"^(?P<position>[^\n]+:\d+:\d+): error: [^\n]+\n    hint: \S")


# -- the real site, built in this process as `mkdocs serve` builds it --------------------


@contextmanager
def plugins_from(cache: dict[str, object]) -> Iterator[None]:
    """MkDocs keeps one instance of a plugin with `on_startup` for the whole process (its
    `Plugins` option's cache): the preview's plugins live in one cache, a fresh build's
    in a new one, so neither sees the other's state."""
    option = typing.cast(typing.Any, MkDocsConfig.plugins)
    saved = option.plugin_cache
    option.plugin_cache = cache
    try:
        yield
    finally:
        option.plugin_cache = saved


class Reported(logging.Handler):
    """What the plugin reports while a site is built: its log records."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def errors(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.ERROR]


def build_site(
    root: Path, site: Path, cache: dict[str, object], *, first: bool, incremental: bool = True
) -> list[str]:
    """One build of `root` into `site` with the plugins of `cache`, as `mkdocs serve`
    makes it (`mkdocs.commands.serve`); returns the errors the plugin reported.
    `incremental=False` is the plugin's way out: every rebuild a full build."""
    problems = Reported()
    logger = logging.getLogger(PLUGIN_LOG)
    logger.addHandler(problems)
    try:
        with plugins_from(cache):
            config = load_config(config_file=str(root / "site_config.yml"), site_dir=str(site))
            config.plugins["dossier"].config["incremental"] = incremental
            if first:
                config.plugins.on_startup(command="serve", dirty=False)
            config.site_url = SERVE_URL
            build(config, serve_url=SERVE_URL)
    finally:
        logger.removeHandler(problems)
    return problems.errors()


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path; a gzip file by what it holds (its header
    has the time it was written)."""
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found[path.relative_to(site).as_posix()] = (
                gzip.decompress(data) if path.suffix == ".gz" else data
            )
    return found


BANNER = re.compile(re.escape(BANNER_OPEN) + "(.*?)" + re.escape(BANNER_CLOSE), re.DOTALL)


def differ(preview: dict[str, bytes], fresh: dict[str, bytes]) -> list[str]:
    """The files the preview has and a fresh build has not, or has otherwise."""
    found = [f"only in the preview: {path}" for path in sorted(preview.keys() - fresh.keys())]
    found += [f"missing from the preview: {path}" for path in sorted(fresh.keys() - preview.keys())]
    found += [f"stale: {path}" for path in sorted(preview.keys() & fresh.keys()) if preview[path] != fresh[path]]  # fmt: skip
    return found


class Site:
    """A project under a preview kept across rebuilds, and fresh builds to compare it with."""

    def __init__(self, root: Path, work: Path) -> None:
        self.root = root
        self.site = work / "preview-site"
        self.fresh_site = work / "fresh-site"
        self.cache: dict[str, object] = {}  # the preview's plugins, alive across rebuilds
        self.rebuilds = 0
        self.fresh_of: tuple[str, dict[str, bytes]] | None = None  # tree digest -> site
        self.server: LiveReloadServer | None = None  # the dev server, once a page is open

    def open_page(self, path: str) -> None:
        """A browser tab showing `path`, as MkDocs' dev server sees it: its live-reload
        poll names the page (`preview.liveserver`). Later rebuilds make that page first,
        and when an edit changes many pages, render the others as MkDocs reaches them."""
        if self.server is None:
            plugin = next(p for p in self.cache.values() if isinstance(p, DossierPlugin))
            assert plugin.preview is not None, "the preview keeps a session"
            self.server = LiveReloadServer(
                builder=lambda: None, host="127.0.0.1", port=0, root=str(self.site)
            )
            plugin.preview.serve(self.server)
        environ = {"PATH_INFO": "/livereload/1/1", "HTTP_REFERER": SERVE_URL + path}
        list(self.server.get_app()(environ, lambda *_: None))

    def close(self) -> None:
        if self.server is not None:
            self.server.server_close()

    def rebuild(self) -> list[str]:
        self.rebuilds += 1
        return build_site(self.root, self.site, self.cache, first=self.rebuilds == 1)

    def preview(self) -> dict[str, bytes]:
        """The preview's site. Its pages mark where the error banner goes, so that a kept
        page's banner can be replaced (`preview.stash`); with no errors the marks are
        empty, and a full build has none: they are the one difference let pass."""
        marks = (BANNER_OPEN + BANNER_CLOSE).encode()
        for plugin in self.cache.values():  # the search index, made in the background
            if isinstance(plugin, DossierPlugin):
                plugin.indexer.wait()
        return {path: data.replace(marks, b"") for path, data in site_files(self.site).items()}

    def fresh(self, tree: str) -> dict[str, bytes]:
        """A fresh preview's site of the tree as it is (whose digest is `tree`)."""
        if self.fresh_of is None or self.fresh_of[0] != tree:
            shutil.rmtree(self.fresh_site, ignore_errors=True)
            # With `incremental: false`: no memo, no tracking, no pages kept, and the
            # search index and sitemap are MkDocs' own (`plugin._put_back` is not run).
            errors = build_site(self.root, self.fresh_site, {}, first=True, incremental=False)
            assert not errors, errors
            self.fresh_of = (tree, site_files(self.fresh_site))
        return self.fresh_of[1]


# -- edits ---------------------------------------------------------------------------------


def ids_in(path: Path) -> list[str]:
    return TOP_ID.findall(path.read_text(encoding="utf-8")) if path.is_file() else []


def whole_id(ident: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(ident)}(?![\w-])")


def choices(kind: object) -> tuple[str, ...]:
    return typing.get_args(kind)


def citation(n: int) -> str:
    """One citation, in flow style, with some of its optional fields (`model.Citation`)."""
    fields = [f'url: "https://cite.example/{n}"', f"publisher: Publisher {n % 4}"]
    if n % 2:
        fields.append("agency: Reuters")
    fields.append(f'published: "2015-11-{1 + n % 28:02d}"' if n % 3 else 'accessed: "2016-01"')
    if n % 5 == 0:
        fields.append(f'via: "https://copy.example/{n}"')
    fields.append(f'note: "Cited {n}."')
    return "{" + ", ".join(fields) + "}"


def note(n: int) -> str:
    """A context note or resolution (`model.Note`): cited, or unverified with a reason."""
    if n % 2:
        return f'{{text: "Context {n}.", cite: [{citation(n)}]}}'
    return f'{{text: "Context {n}.", unverified: "No original found ({n})."}}'


class Edits:
    """Edits to a project's files, each returning what it did, for the report of a failing
    sequence. Record files are edited record by record (`set_field`), annotation files
    item by item (`set_item_field`), as an editor would: a line replaced, added or removed."""

    TEXT_FIELDS = (
        "statement", "name", "role", "title", "note", "description", "text", "topic",
        "byline", "dateline", "reason", "unverified",
    )  # fmt: skip

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dossier = root / "dossier"

    def files(self) -> list[Path]:
        return sorted(self.dossier.glob("*.yml")) + sorted(self.dossier.glob("annotations/*.yml"))

    def articles(self) -> list[Path]:
        return sorted((self.root / "content/articles").glob("*.txt"))

    def ids(self, kind: str) -> list[str]:
        return ids_in(self.dossier / f"{kind}.yml")

    def pick_id(self, kind: str, pick: int) -> str:
        ids = self.ids(kind)
        return ids[pick % len(ids)] if ids else "nowhere"

    def lines_with(self, key: str) -> list[tuple[Path, int]]:
        pattern = re.compile(rf"^\s*(- )?{key}: ")
        found = []
        for path in self.files():
            for number, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
                if pattern.match(line):
                    found.append((path, number))
        return found

    def replace_line(self, path: Path, number: int, change: Callable[[str], str]) -> str:
        lines = path.read_text(encoding="utf-8").split("\n")
        old = lines[number]
        lines[number] = change(old)
        path.write_text("\n".join(lines), encoding="utf-8")
        return f"{path.relative_to(self.root)}:{number + 1}: {old.strip()!r} -> {lines[number].strip()!r}"

    def set_value(self, key: str, pick: int, value: Callable[[str], str]) -> str:
        """The `key: value` line number `pick` (of all such lines) gets `value(old)`."""
        lines = self.lines_with(key)
        if not lines:
            return f"no {key}"
        path, number = lines[pick % len(lines)]

        def change(line: str) -> str:
            head, _, old = line.partition(f"{key}: ")
            return f"{head}{key}: {value(old)}"

        return self.replace_line(path, number, change)

    def _set_in_block(
        self, path: Path, start: int, indent: str, key: str, value: str | None
    ) -> str:
        """In the block that starts at line `start` (its fields indented by `indent`), the
        field `key` set to `value` (one line), added after the first line if absent, or
        removed (None) with the lines under it."""
        lines = path.read_text(encoding="utf-8").split("\n")
        end = start + 1
        while end < len(lines) and (lines[end].startswith(indent) or not lines[end].strip()):
            end += 1
        head = f"{indent}{key}:"
        found = next((i for i in range(start, end) if lines[i].lstrip("- ").startswith(f"{key}:") and lines[i].startswith((head, f"- {key}:"))), None)  # fmt: skip
        if found is not None and lines[found].startswith("- "):
            if value is None:
                return f"{path.name}: {key} kept (it opens the item)"
            lines[found] = f"- {key}: {value}"
        elif found is not None:
            below = found + 1  # a value on the lines under the key goes with it
            while below < end and lines[below].startswith(indent + " "):
                below += 1
            lines[found:below] = [] if value is None else [f"{head} {value}"]
        elif value is not None:
            lines.insert(start + 1, f"{head} {value}")
        else:
            return f"{path.name}: no {key} to remove"
        path.write_text("\n".join(lines), encoding="utf-8")
        return f"{path.relative_to(self.root)}:{start + 1}: {key} = {value!r}"

    def set_field(self, kind: str, pick: int, key: str, value: str | None) -> str:
        """A record's field (`kind` is its file): set, added, or removed (None)."""
        path = self.dossier / f"{kind}.yml"
        ids = self.ids(kind)
        if not ids:
            return f"no {kind}"
        ident = ids[pick % len(ids)]
        start = path.read_text(encoding="utf-8").split("\n").index(f"{ident}:")
        return f"{ident}: " + self._set_in_block(path, start, "  ", key, value)

    def items(self) -> list[tuple[Path, int]]:
        """Every annotation (a `- quote:` line opens one) by its file and first line."""
        return [
            (path, number)
            for path in sorted(self.dossier.glob("annotations/*.yml"))
            for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"))
            if line.startswith("- ")
        ]

    def set_item_field(self, pick: int, key: str, value: str | None) -> str:
        items = self.items()
        if not items:
            return "no annotations"
        path, start = items[pick % len(items)]
        return self._set_in_block(path, start, "  ", key, value)

    def remove_record(self, kind: str, pick: int) -> tuple[str, str]:
        """A record's lines gone; returns its id and text."""
        path = self.dossier / f"{kind}.yml"
        ident = self.pick_id(kind, pick)
        text = path.read_text(encoding="utf-8")
        record = re.search(rf"^{re.escape(ident)}:\n(?:[ #].*\n|\n)*", text + "\n", re.MULTILINE)
        if record is None:
            return ident, ""
        path.write_text(text.replace(record.group(0).rstrip("\n"), "", 1), encoding="utf-8")
        return ident, record.group(0)


# Values for each field of each record kind (`model.Source`, `Actor`, `Location`, `Claim`),
# one line of YAML from a number; None removes the field (optional fields only).
Value = Callable[[Edits, int], str | None]
RECORD_FIELDS: dict[str, dict[str, Value]] = {
    "sources": {
        "title": lambda e, n: f'"Headline {n}"',
        "outlet": lambda e, n: e.pick_id("actors", n),
        "published": lambda e, n: f'"2015-11-{1 + n % 28:02d}"' if n % 4 else '"~2015-11"',
        "url": lambda e, n: f'"https://news.example/{n}"' if n % 3 else None,
        "byline": lambda e, n: f"Reporter {n}" if n % 3 else None,
        "dateline": lambda e, n: f"PLACE {n}" if n % 3 else None,
        "language": lambda e, n: ("en", "fr", "pt-BR", "tr")[n % 4],
        "notes": lambda e, n: f'["A note {n} for readers."]' if n % 3 else None,
        "cite": lambda e, n: f"[{citation(n)}]" if n % 3 else None,
    },
    "actors": {
        "name": lambda e, n: f"Name {n}",
        "kind": lambda e, n: choices(model.ActorKind)[n % len(choices(model.ActorKind))],
        "role": lambda e, n: f"Role {n}" if n % 3 else None,
        "speaks_for": lambda e, n: e.pick_id("actors", n) if n % 3 else None,
        "aliases": lambda e, n: f"[Wombat{n % 5}, Ankara]" if n % 3 else None,
        "description": lambda e, n: f'"About *{n}*."' if n % 3 else None,
        "wikidata": lambda e, n: f"Q{1 + n % 90}" if n % 3 else None,
        "cite": lambda e, n: f"[{citation(n)}]" if n % 3 else None,
    },
    "locations": {
        "name": lambda e, n: f"Place {n}",
        "kind": lambda e, n: choices(model.LocationKind)[n % len(choices(model.LocationKind))],
        "coordinates": lambda e, n: f"[{n % 80}.25, {n % 170}.5]" if n % 3 else None,
        "precision": lambda e, n: choices(model.Precision)[n % 5] if n % 3 else None,
        "part_of": lambda e, n: e.pick_id("locations", n) if n % 3 else None,
        "geometry": lambda e, n: (
            f"{{type: LineString, coordinates: [[36.0, 35.9], [36.{n % 9}, 35.8]]}}"
            if n % 3
            else None
        ),
        "aliases": lambda e, n: f"[Latakia, Numbat{n % 5}]" if n % 3 else None,
        "description": lambda e, n: f'"Where {n} is."' if n % 3 else None,
        "wikidata": lambda e, n: f"Q{1 + n % 90}" if n % 3 else None,
        "cite": lambda e, n: f"[{citation(n)}]" if n % 3 else None,
    },
    "claims": {
        "statement": lambda e, n: f'"Statement {n}."',
        "about": lambda e, n: f"[{e.pick_id('actors', n)}, {e.pick_id('locations', n)}]",
        "topic": lambda e, n: ("airspace", "casualties", "diplomacy")[n % 3] if n % 4 else None,
        "contradicts": lambda e, n: f"[{e.pick_id('claims', n)}]" if n % 3 else None,
        "supports": lambda e, n: f"[{e.pick_id('claims', n)}]" if n % 3 else None,
        "refines": lambda e, n: e.pick_id("claims", n) if n % 3 else None,
        "context": lambda e, n: f"[{note(n)}]" if n % 3 else None,
        "resolution": lambda e, n: note(n) if n % 3 else None,
    },
}
# And of an annotation (`model.Annotation`; its quote, mentions and stances have rules of
# their own).
ITEM_FIELDS: dict[str, Value] = {
    "id": lambda e, n: f"anchor-{n % 7}" if n % 3 else None,
    "prefix": lambda e, n: '"the "' if n % 3 else None,
    "suffix": lambda e, n: '"."' if n % 3 else None,
    "occurrence": lambda e, n: str(1 + n % 2) if n % 3 else None,
    "note": lambda e, n: f'"An *editor\'s* note {n}."' if n % 3 else None,
    "mentions": lambda e, n: (
        f"[{e.pick_id('actors', n)}, {e.pick_id('locations', n)}]" if n % 3 else None
    ),
}
RECORD_FIELD = st.sampled_from(
    [(kind, key) for kind, fields in RECORD_FIELDS.items() for key in fields]
)


class PreviewMachine(RuleBasedStateMachine):
    """Random edits to a project under a preview kept across rebuilds; after each, the
    preview equals a fresh build, or the edit is reported as errors on every page."""

    def make_project(self, root: Path) -> None:
        raise NotImplementedError

    @initialize()
    def start(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="dossier-state-"))
        root = self.tmp / "project"
        self.make_project(root)
        self.root = root
        self.edits = Edits(root)
        self.site = Site(root, self.tmp)
        self.done: list[str] = []
        self.broken: tuple[Path, str] | None = None  # a file broken on purpose, and its text
        self.deleted: dict[Path, str] = {}  # annotation files deleted, to add back
        self.added = 0
        self.rebuild()
        assert self.valid, "the first state is valid"

    def teardown(self) -> None:
        gc.unfreeze()  # the preview's collector froze its state: nothing of it stays
        if hasattr(self, "site"):
            self.site.close()
        if hasattr(self, "tmp"):
            shutil.rmtree(self.tmp, ignore_errors=True)

    def snapshot(self) -> dict[Path, str]:
        return {
            path: path.read_text(encoding="utf-8")
            for folder in ("dossier", "content")
            for path in sorted((self.root / folder).rglob("*"))
            if path.is_file()
        }

    @staticmethod
    def digest(tree: dict[Path, str]) -> str:
        return hashlib.sha256(repr(sorted(tree.items())).encode()).hexdigest()

    def rebuild(self) -> None:
        """The preview rebuilt after an edit, then held against a fresh build."""
        errors = self.site.rebuild()
        self.valid = not errors
        preview = self.site.preview()
        if self.valid:
            self.good = self.snapshot()
            self.good_site = self.site.fresh(self.digest(self.good))
            found = differ(preview, self.good_site)
            assert not found, f"after {self.done}: {found[:8]}"
            return
        # Reported, each as path:line:col with a hint, never a traceback; every page
        # lists them and is otherwise the last valid tree's page.
        bad = [error for error in errors if not ERROR_LINE.match(error)]
        assert not bad, f"after {self.done}: {bad}"
        positions = [html.escape(ERROR_LINE.match(error)["position"]) for error in errors]  # type: ignore[index]
        shown: dict[str, bytes] = {}
        for path, data in preview.items():
            shown[path] = data
            if not path.endswith(".html") or path == "404.html":  # 404: not a page of the site
                continue
            banner = BANNER.search(data.decode("utf-8"))
            assert banner is not None, f"{path} after {self.done} does not show the errors"
            missing = [p for p in positions if p not in banner.group(1)]
            assert not missing, f"{path} after {self.done} does not list {missing}"
            shown[path] = BANNER.sub("", data.decode("utf-8")).encode("utf-8")
        # What comes from content/ as it is now (the articles, copied; the hand-written
        # pages, and so the search index of the pages) is the tree's, not the last valid one's.
        current = self.from_content()

        def kept(path: str) -> bool:
            return path not in current and not path.startswith(f"{SEARCH_DIR}/")

        found = differ(
            {p: d for p, d in shown.items() if kept(p)},
            {p: d for p, d in self.good_site.items() if kept(p)},
        )
        assert not found, f"while broken, after {self.done}: {found[:8]}"

    def from_content(self) -> set[str]:
        """The site's files made from content/ and not from the dossier, now or in the
        last valid tree: its pages (by where a page of `use_directory_urls` goes) and its
        other files, copied (an article deleted while the dossier is broken is gone from
        the site, though the last valid pages still name it)."""
        found = set()
        content = self.root / "content"
        for path in {*content.rglob("*"), *(p for p in self.good if p.is_relative_to(content))}:
            name = path.relative_to(content).as_posix()
            if path.suffix != ".md":
                found.add(name)
            elif name == "index.md" or name.endswith("/index.md"):
                found.add(name.removesuffix(".md") + ".html")
            else:
                found.add(name.removesuffix(".md") + "/index.html")
        return found

    def did(self, what: str, *, keep_broken: bool = False) -> None:
        """Rebuild after an edit; an edit that broke the dossier is then undone (the
        last valid tree written back) and the preview rebuilt again, unless the next
        steps are to find it broken (`break_file`)."""
        self.done.append(what)
        self.rebuild()
        if not self.valid and not keep_broken:
            self.back_to_valid()

    # -- a field of each file kind ------------------------------------------------------

    @rule(key=st.sampled_from(Edits.TEXT_FIELDS), pick=ANY, word=ANY)
    def change_text(self, key: str, pick: int, word: int) -> None:
        """Any one-line text, where it is: a claim's statement, topic or context note; a
        name, role or description; a source's title, byline or dateline; a repair's
        reason; an annotation's note."""
        if key == "topic":
            new = lambda _: ("airspace", "casualties", "diplomacy")[word % 3]  # noqa: E731
        else:
            new = lambda old: f'"{old.strip(chr(34))[:60]} quokka{word % 7}"'  # noqa: E731
        self.did(self.edits.set_value(key, pick, new))

    @rule(field=RECORD_FIELD, pick=ANY, value=ANY)
    def set_record_field(self, field: tuple[str, str], pick: int, value: int) -> None:
        """Any field of a source, actor, location or claim: set, added, or removed."""
        kind, key = field
        self.did(self.edits.set_field(kind, pick, key, RECORD_FIELDS[kind][key](self.edits, value)))

    @rule(key=st.sampled_from(sorted(ITEM_FIELDS)), pick=ANY, value=ANY)
    def set_annotation_field(self, key: str, pick: int, value: int) -> None:
        """An annotation's id, prefix, suffix, occurrence, note or mentions."""
        self.did(self.edits.set_item_field(pick, key, ITEM_FIELDS[key](self.edits, value)))

    @rule(pick=ANY, word=ANY, drop=st.booleans())
    def change_aliases(self, pick: int, word: int, drop: bool) -> None:
        def aliases(old: str) -> str:
            names = [name.strip() for name in old.strip().strip("[]").split(",") if name.strip()]
            names = names[:-1] if drop else [*names, f"Wombat{word % 5}"]
            return "[" + ", ".join(names) + "]"

        self.did(self.edits.set_value("aliases", pick, aliases))

    @rule(pick=ANY, lat=st.integers(-80, 80), lon=st.integers(-170, 170))
    def change_coordinates(self, pick: int, lat: int, lon: int) -> None:
        self.did(self.edits.set_value("coordinates", pick, lambda _: f"[{lat}.25, {lon}.5]"))

    @rule(pick=ANY, word=ANY)
    def change_repair(self, pick: int, word: int) -> None:
        """A repair's replacement: the repaired text changes, and the quotes over it."""
        self.did(self.edits.set_value("replace", pick, lambda old: f'"{old.strip(chr(34))}{word % 3 or ""}"'))  # fmt: skip

    @rule(pick=ANY, field=st.sampled_from(("publisher", "note", "agency", "published")), n=ANY)
    def change_citation(self, pick: int, field: str, n: int) -> None:
        """A field of a citation written in flow style, set or added."""
        lines = [
            (path, number)
            for path in self.edits.files()
            for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"))
            if "{url:" in line
        ]
        if not lines:
            return
        path, number = lines[pick % len(lines)]
        value = {"publisher": f"Publisher {n}", "note": f'"Cited {n}."', "agency": "AFP",
                 "published": f'"2015-11-{1 + n % 28:02d}"'}[field]  # fmt: skip

        def change(line: str) -> str:
            line = re.sub(rf", {field}: (\"[^\"]*\"|[^,}}]*)", "", line)
            return line.replace("}", f", {field}: {value}}}", 1)

        self.did(self.edits.replace_line(path, number, change))

    @rule(pick=ANY, drop=ANY)
    def change_quote(self, pick: int, drop: int) -> None:
        """A quote loses its last word (still in the text, or no longer unique) or gains
        one (no longer in the text: an error)."""

        def quote(old: str) -> str:
            words = old.strip().strip("\"'").split()
            words = words[:-1] if drop % 2 and len(words) > 3 else [*words, "platypus"]
            return '"' + " ".join(words).replace('"', "") + '"'

        self.did(self.edits.set_value("quote", pick, quote))

    @rule(
        pick=ANY,
        how=st.sampled_from(("when", "where", "flip", "by", "suggests", "drop", "add")),
        other=ANY,
        in_dispute=st.booleans(),
    )
    def change_stance(self, pick: int, how: str, other: int, in_dispute: bool) -> None:
        """A stance, inside a dispute (issue 29's stale page) or any, gains a date or a
        place, changes sides, becomes a suggestion, changes speaker, or is removed; or a
        new stance on another claim is added beside it."""
        disputed = self.disputed()
        lines = [
            (path, number)
            for path in self.edits.files()
            for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"))
            if "{claim:" in line
            and "stance:" in line
            and (not in_dispute or any(f"claim: {claim}," in line for claim in disputed))
        ]
        if not lines:
            return
        path, number = lines[pick % len(lines)]
        place = self.edits.pick_id("locations", other)
        actor = self.edits.pick_id("actors", other)
        claim = self.edits.pick_id("claims", other)
        if how in ("drop", "add"):
            text = path.read_text(encoding="utf-8").split("\n")
            line = text[number]
            if how == "drop":
                del text[number]
            else:
                side = ("asserts", "denies", "suggests")[other % 3]
                text.insert(number + 1, line[: line.index("{")] + f"{{claim: {claim}, stance: {side}, by: {actor}}}")  # fmt: skip
            path.write_text("\n".join(text), encoding="utf-8")
            self.did(f"{path.name}:{number + 1}: stance {how} ({line.strip()})")
            return

        def change(line: str) -> str:
            if how == "flip":
                swapped = line.replace("asserts", "\x00").replace("denies", "asserts")
                return swapped.replace("\x00", "denies")
            if how == "suggests":
                return re.sub(r"stance: \w+", "stance: suggests", line)
            if how == "by":
                line = re.sub(r", by: [\w-]+", "", line)
                return line.replace("}", f", by: {actor}}}", 1)
            line = re.sub(rf", {how}: [\w~-]+", "", line)
            value = f"2015-11-{1 + other % 28:02d}" if how == "when" else place
            return line.replace("}", f", {how}: {value}}}", 1)

        self.did(self.edits.replace_line(path, number, change))

    def disputed(self) -> set[str]:
        """The claims with stances on both sides, in the last valid tree."""
        sides: dict[str, set[str]] = {}
        for text in (t for p, t in self.good.items() if p.suffix == ".yml"):
            for claim, stance in re.findall(r"\{claim: ([\w-]+), stance: (\w+)", text):
                sides.setdefault(claim, set()).add(stance)
        return {claim for claim, found in sides.items() if {"asserts", "denies"} <= found}

    # -- text under content/ --------------------------------------------------------------

    @rule(pick=ANY, at=ANY, append=st.booleans())
    def change_article_text(self, pick: int, at: int, append: bool) -> None:
        """A word of an article changed (a quote over it no longer anchors), or a sentence
        added at its end that names someone (the names found in the text change)."""
        articles = self.edits.articles()
        if not articles:
            return
        path = articles[pick % len(articles)]
        text = path.read_text(encoding="utf-8")
        if append:
            aliases = re.findall(
                r"aliases: \[([^,\]]+)", (self.edits.dossier / "actors.yml").read_text()
            )
            named = aliases[at % len(aliases)].strip().strip("\"'") if aliases else "Nobody"
            path.write_text(text.rstrip("\n") + f"\n\n{named} saw an echidna.\n", encoding="utf-8")
            self.did(f"{path.name}: + {named} saw an echidna.")
            return
        words = text.split(" ")
        place = at % len(words)
        words[place] = "echidna" if words[place] != "echidna" else "numbat"
        path.write_text(" ".join(words), encoding="utf-8")
        self.did(f"{path.name}: word {place} -> {words[place]}")

    @rule(word=ANY)
    def change_page(self, word: int) -> None:
        """A hand-written page (its title is in the nav; links to it from every page)."""
        pages = sorted((self.root / "content").glob("*.md"))
        path = pages[word % len(pages)]
        path.write_text(path.read_text(encoding="utf-8") + f"\nWombat notes {word}.\n", encoding="utf-8")  # fmt: skip
        self.did(f"{path.name}: + Wombat notes {word}.")

    # -- records and files added and deleted ----------------------------------------------

    @rule(kind=st.sampled_from(("actors", "locations", "claims")), n=ANY)
    def add_record(self, kind: str, n: int) -> None:
        """A new actor named in the text (by an alias), a place, or a claim with a stance."""
        self.added += 1
        ident = f"added-{kind[:-1]}-{self.added}"
        other = self.edits.pick_id("claims", n)
        fields = {
            "actors": ["name: Added {n}", "kind: person", "aliases: [echidna]"],
            "locations": [
                "name: Added {n}",
                "kind: city",
                "coordinates: [{m}.5, 36.5]",
                "precision: city",
            ],
            "claims": ['statement: "Added claim {n}."', "contradicts: [{other}]"],
        }[kind]
        record = "".join(f"  {field}\n" for field in fields).format(n=n, m=n % 80, other=other)
        with (self.edits.dossier / f"{kind}.yml").open("a", encoding="utf-8") as file:
            file.write(f"\n{ident}:\n{record}")
        if kind == "claims":
            self.edits.set_item_field(n, "stances", f"[{{claim: {ident}, stance: denies}}]")
        self.did(f"added {kind} {ident}")

    @rule(kind=st.sampled_from(("actors", "locations", "claims")), pick=ANY)
    def delete_record(self, kind: str, pick: int) -> None:
        """A record deleted: valid if nothing names it, else an unknown id wherever it is."""
        ident, _ = self.edits.remove_record(kind, pick)
        self.did(f"deleted {kind} {ident}")

    @rule(pick=ANY)
    def delete_annotation_file(self, pick: int) -> None:
        files = sorted(self.edits.dossier.glob("annotations/*.yml"))
        if not files:
            return
        path = files[pick % len(files)]
        self.deleted[path] = path.read_text(encoding="utf-8")
        path.unlink()
        self.did(f"deleted {path.name}")

    @precondition(lambda self: bool(self.deleted))
    @rule()
    def restore_annotation_file(self) -> None:
        path, text = self.deleted.popitem()
        path.write_text(text, encoding="utf-8")
        self.did(f"restored {path.name}")

    @rule(pick=ANY)
    def add_source(self, pick: int) -> None:
        """A new source: a copy of an article, its record, its annotation file."""
        articles = self.edits.articles()
        if not articles:
            return
        article = articles[pick % len(articles)]
        text = article.read_text(encoding="utf-8")
        self.added += 1
        ident = f"added-source-{self.added}"
        (article.parent / f"{ident}.txt").write_text(text, encoding="utf-8")
        with (self.edits.dossier / "sources.yml").open("a", encoding="utf-8") as sources:
            sources.write(
                f"\n{ident}:\n  title: Added {self.added}\n  file: articles/{ident}.txt\n"
                f"  published: 2015-11-25\n  url: https://example.org/{ident}\n  language: en\n"
            )
        first = " ".join(text.split()[:6]).replace('"', "")
        claim = self.edits.pick_id("claims", pick)
        (self.edits.dossier / "annotations" / f"{ident}.yml").write_text(
            f'- quote: "{first}"\n  note: "Added."\n'
            f"  stances:\n    - {{claim: {claim}, stance: asserts}}\n",
            encoding="utf-8",
        )
        self.did(f"added {ident}")

    @rule(pick=ANY)
    def delete_source(self, pick: int) -> None:
        """A source's record, text and annotations, all gone."""
        ident, record = self.edits.remove_record("sources", pick)
        (self.edits.dossier / "annotations" / f"{ident}.yml").unlink(missing_ok=True)
        file = re.search(r"^  file: (\S+)", record, re.MULTILINE)
        if file is not None:
            (self.root / "content" / file.group(1)).unlink(missing_ok=True)
        self.did(f"deleted source {ident}")

    # -- ids renamed, files broken and fixed, back to a valid state -----------------------

    @rule(kind=st.sampled_from(("actors", "claims", "locations", "sources")), pick=ANY)
    def rename_id(self, kind: str, pick: int) -> None:
        """An id renamed everywhere it is written (a source's annotations file too)."""
        old = self.edits.pick_id(kind, pick)
        new = f"{old[:20]}-renamed"
        pattern = whole_id(old)
        for path in self.edits.files():
            text = path.read_text(encoding="utf-8")
            if pattern.search(text):
                path.write_text(pattern.sub(new, text), encoding="utf-8")
        annotations = self.edits.dossier / "annotations" / f"{old}.yml"
        if kind == "sources" and annotations.is_file():
            annotations.rename(annotations.with_name(f"{new}.yml"))
        self.did(f"renamed {kind} {old} -> {new}")

    @precondition(lambda self: self.broken is None)
    @rule(pick=ANY, how=st.sampled_from(("syntax", "unknown id", "misspelled key")))
    def break_file(self, pick: int, how: str) -> None:
        """A file broken as an editor breaks one: unclosed YAML, a reference to an id
        that does not exist, a key misspelled. The next steps find it broken, until
        `fix_file`."""
        files = self.edits.files()
        path = files[pick % len(files)]
        text = path.read_text(encoding="utf-8")
        if how == "syntax":
            cut = text.find("\n", len(text) // 2)
            broken = text[:cut] + '\n  broken: [unclosed, "\n' + text[cut:]
        elif how == "unknown id":
            broken, count = re.subn(r"(claim|by|outlet|speaks_for|part_of): [\w-]+", r"\1: no-such-id", text, count=1)  # fmt: skip
            if not count:
                return
        else:
            broken, count = re.subn(r"^(\s*(?:- )?)(name|quote|statement|title):", r"\1\2s:", text, count=1, flags=re.MULTILINE)  # fmt: skip
            if not count:
                return
        self.broken = (path, text)
        path.write_text(broken, encoding="utf-8")
        self.did(f"broke {path.name} ({how})", keep_broken=True)

    @precondition(lambda self: self.broken is not None)
    @rule()
    def fix_file(self) -> None:
        assert self.broken is not None
        path, text = self.broken
        self.broken = None
        if path.exists():
            path.write_text(text, encoding="utf-8")
        self.did(f"fixed {path.name}")

    @precondition(lambda self: not self.valid)
    @rule()
    def back_to_valid(self) -> None:
        """The last valid tree, written back: a dossier left broken tests nothing more."""
        now = self.snapshot()
        for path in now.keys() - self.good.keys():
            path.unlink()
        for path, text in self.good.items():
            if now.get(path) != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        self.broken = None
        self.deleted = {path: text for path, text in self.deleted.items() if not path.exists()}
        self.done.append("back to the last valid tree")
        self.rebuild()
        assert self.valid, "the last valid tree, written back, is valid again"

    @precondition(lambda self: self.valid)
    @rule(pick=ANY)
    def open_in_browser(self, pick: int) -> None:
        """No edit: a page of the site opened in a browser; the next rebuilds put it first."""
        pages = sorted(
            path.parent.relative_to(self.site.site).as_posix() + "/"
            for path in self.site.site.rglob("index.html")
            if path.parent != self.site.site
        )
        page = pages[pick % len(pages)]
        self.site.open_page(page)
        self.done.append(f"opened {page} in a browser")

    @invariant()
    def built(self) -> None:
        """Checked in `rebuild` after each edit; here so a machine that made no edit
        still says it ran."""
        assert self.site.rebuilds >= 1


class SeedPreview(PreviewMachine):
    def make_project(self, root: Path) -> None:
        copy_repo_dossier(root)


class GeneratedPreview(PreviewMachine):
    """A dossier of 20 generated articles (`benchmarks/generate.py`): more records of
    each kind, more disputes, names repeated across many pages."""

    def make_project(self, root: Path) -> None:
        generated_project(root, 20, seed=29)


@pytest.mark.parametrize("machine", [SeedPreview, GeneratedPreview], ids=["seed", "generated"])
def test_the_preview_after_random_edits_equals_a_fresh_build(
    machine: type[PreviewMachine], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("DOSSIER_EDIT_URL", raising=False)
    if SEED is not None:
        seed(int(SEED))(machine)
    machine.TestCase.settings = SETTINGS
    machine.TestCase().runTest()


def test_every_way_of_reading_a_table_is_noted(seed_compiled: Compiled) -> None:
    """A page depends on what it reads however it reads it: comparing a table or asking
    `setdefault` reads it too (issue 29); and no page may change a table the pages after
    it read (the view is shared by a whole rebuild)."""
    reads = Reads()
    view = tracked(seed_compiled, reads)
    claims = view.dossier.claims
    first = next(iter(seed_compiled.dossier.claims))
    ways: dict[str, Callable[[], object]] = {
        "==": lambda: claims == {},
        "!=": lambda: claims != {},
        "reversed": lambda: list(reversed(claims)),
        "copy": claims.copy,
        "|": lambda: claims | {},
    }
    for way, read in ways.items():
        reads.into = set()
        read()
        assert reads.into == {("dossier.claims", EVERY)}, way
    reads.into = set()
    assert claims.setdefault(first) is seed_compiled.dossier.claims[first]
    assert reads.into == {("dossier.claims", first)}
    assert view.contest is not None
    disputes = view.contest.disputes
    for way, read in {"in": lambda: None in disputes, "==": lambda: disputes == []}.items():
        reads.into = set()
        read()
        assert reads.into == {("contest.disputes", EVERY)}, way
    changes: list[Callable[[], object]] = [
        lambda: claims.setdefault("new-claim", None),
        lambda: claims.pop(first),
        lambda: claims.update({}),
        lambda: claims.__setitem__(first, None),
        lambda: disputes.append(None),
        disputes.sort,
    ]
    for change in changes:
        with pytest.raises(TypeError):
            change()
    assert first in seed_compiled.dossier.claims


def test_the_backlinks_the_pages_read_cannot_change(seed_compiled: Compiled) -> None:
    """A claim's or an entity's backlinks are kept across compiles and known by identity
    (`tracking`): a change to one after its compile would go unseen, so none can be
    made (issue 29: `ClaimInfo` and `EntityInfo` were mutable)."""
    assert seed_compiled.index is not None
    claim = next(iter(seed_compiled.index.claims.values()))
    entity = next(iter(seed_compiled.index.entities.values()))
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.status = "disputed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        claim.stances.append(claim.stances[0])  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        entity.mentions.append(entity.mentions[0])  # type: ignore[attr-defined]
