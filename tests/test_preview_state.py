"""The preview is never stale: random sequences of edits, each followed by a comparison
with a fresh build (issue 29).

`tests/test_preview.py` runs fixed lists of edits; a stale page hides in the edit no
list names (a stance inside a dispute gaining a date was one). Here Hypothesis drives
the preview's incremental path in-process, as `mkdocs serve` does between rebuilds
(`compile_dossier` with a kept `Memo`, `Renderings.render` with kept pages, the open
data from kept parts), through random edits of every kind: a field of each file kind,
article text, added and deleted files, renamed ids, broken and fixed YAML. After each
edit that leaves a valid dossier, every page the preview yields, rendered again or
kept, and every open-data file equal what a fresh compile renders. An edit that breaks
the dossier must be reported as problems, never as a traceback.

The run is derandomized and bounded for CI; before a release, run it longer:
`DOSSIER_STATEFUL_EXAMPLES=100 DOSSIER_STATEFUL_STEPS=30 pytest tests/test_preview_state.py`.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from conftest import REPO, copy_repo_dossier
from mkdocs_dossier.exports import open_data
from mkdocs_dossier.pipeline import Compiled, Part, Project, compile_dossier
from mkdocs_dossier.preview.incremental import Renderings
from mkdocs_dossier.preview.memo import Memo
from mkdocs_dossier.preview.tracking import EVERY, Reads, tracked
from mkdocs_dossier.render import PageSpec, RenderedPage, plan_pages, render_page

EXAMPLES = int(os.environ.get("DOSSIER_STATEFUL_EXAMPLES", "6"))
STEPS = int(os.environ.get("DOSSIER_STATEFUL_STEPS", "15"))
# Shrinking a failing sequence can take many minutes: in CI the failure reports the
# edits as they came (the message lists them); DOSSIER_STATEFUL_SHRINK=1 shrinks them.
PHASES = (
    list(Phase) if os.environ.get("DOSSIER_STATEFUL_SHRINK") else [Phase.explicit, Phase.generate]
)
SETTINGS = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    derandomize=True,  # the same sequences in every run: CI fails on a change, not on luck
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    phases=PHASES,
)
SITE_URL = "https://dossier.example/"
TOP_ID = re.compile(r"^([a-z0-9][a-z0-9-]*):", re.MULTILINE)
ANY = st.integers(min_value=0, max_value=10**6)  # picks one of several, whatever their number


def ids_in(path: Path) -> list[str]:
    return TOP_ID.findall(path.read_text(encoding="utf-8")) if path.is_file() else []


def whole_id(ident: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(ident)}(?![\w-])")


class Preview:
    """The preview's state between rebuilds, as the plugin keeps it: the memo, the
    renderings, the pages it serves (each rendered now or kept from before)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.memo = Memo()
        self.renderings = Renderings()
        self.served: dict[str, RenderedPage] = {}
        self.urls: dict[tuple[str, str], str] = {}
        self.last_good: Compiled | None = None

    def _render_one(
        self, spec: PageSpec, compiled: Compiled, shared: dict[tuple[str, ...], Any], parts: Part
    ) -> RenderedPage:
        return render_page(
            spec, compiled, self.urls, "", shared, SITE_URL, preview=True, parts=parts
        )

    def rebuild(self) -> Compiled:
        """One rebuild: the compile, then the pages and the open data of the last
        version that built (`plugin._dossier_files`)."""
        compiled = compile_dossier(self.project, self.memo)
        if compiled.ok:
            self.last_good = compiled
        showing = self.last_good
        assert showing is not None, "the first state is valid"
        specs = plan_pages(showing)
        self.urls = {(spec.kind, spec.ident): spec.src_uri for spec in specs}
        rendered, *_ = self.renderings.render(specs, showing, "settings", self._render_one)
        served: dict[str, RenderedPage] = {}
        for spec in specs:
            kept = self.served.get(spec.src_uri)
            served[spec.src_uri] = rendered.get(spec.src_uri) or kept or self.renderings.again(spec)
        self.served = served
        self.data = open_data(showing, self.urls, SITE_URL, self.renderings.part)
        return compiled


def fresh(project: Project) -> tuple[dict[str, RenderedPage], dict[str, str]]:
    """Every page and open-data file of a fresh compile: no memo, no tracking."""
    compiled = compile_dossier(project)
    assert compiled.ok, [str(p) for p in compiled.problems.sorted()]
    specs = plan_pages(compiled)
    urls = {(spec.kind, spec.ident): spec.src_uri for spec in specs}
    shared: dict[tuple[str, ...], Any] = {}
    pages = {
        spec.src_uri: render_page(spec, compiled, urls, "", shared, SITE_URL, preview=True)
        for spec in specs
    }
    return pages, open_data(compiled, urls, SITE_URL)


def stale(preview: Preview, project: Project) -> list[str]:
    """What the preview serves that a fresh build does not: pages and data files."""
    pages, data = fresh(project)
    differ = sorted(set(pages) ^ set(preview.served))
    differ += [uri for uri in pages if uri in preview.served and preview.served[uri] != pages[uri]]
    differ += sorted(set(data) ^ set(preview.data))
    differ += [name for name in data if name in preview.data and preview.data[name] != data[name]]
    return differ


class Edits:
    """Edits of every kind to a project's files: each returns what it did, for the report
    of a failing sequence."""

    TEXT_FIELDS = ("statement", "name", "role", "title", "note", "description", "text", "topic")

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dossier = root / "dossier"

    def files(self) -> list[Path]:
        return sorted(self.dossier.glob("*.yml")) + sorted(self.dossier.glob("annotations/*.yml"))

    def ids(self, kind: str) -> list[str]:
        return ids_in(self.dossier / f"{kind}.yml")

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

    def pick_id(self, kind: str, pick: int) -> str:
        ids = self.ids(kind)
        return ids[pick % len(ids)] if ids else "nowhere"


TOPICS = ("airspace", "casualties", "diplomacy")


class PreviewMachine(RuleBasedStateMachine):
    """Random edits to a project under a preview kept across rebuilds; after each, the
    preview equals a fresh build (or the edit is reported as problems)."""

    def make_project(self, root: Path) -> None:
        raise NotImplementedError

    @initialize()
    def start(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="dossier-state-"))
        root = self.tmp / "project"
        self.make_project(root)
        self.project = Project(root, root / "dossier", root / "content")
        self.edits = Edits(root)
        self.preview = Preview(self.project)
        self.done: list[str] = []
        self.broken: tuple[Path, str] | None = None  # a file made invalid YAML, and its text
        self.deleted: dict[Path, str] = {}  # annotation files deleted, to add back
        self.added = 0
        self.rebuild()

    def teardown(self) -> None:
        if hasattr(self, "tmp"):
            shutil.rmtree(self.tmp, ignore_errors=True)

    def snapshot(self) -> dict[Path, str]:
        root = self.project.root
        return {
            path: path.read_text(encoding="utf-8")
            for folder in ("dossier", "content")
            for path in sorted((root / folder).rglob("*"))
            if path.is_file()
        }

    def rebuild(self) -> None:
        compiled = self.preview.rebuild()
        self.valid = compiled.ok
        if compiled.ok:
            self.good = self.snapshot()
            differ = stale(self.preview, self.project)
            assert not differ, f"stale after {self.done}: {differ[:8]}"
        else:  # reported, each with where and what; the pages stay the last good ones
            assert compiled.problems.errors
            assert all(problem.position.path for problem in compiled.problems.errors)

    def did(self, what: str, *, keep_broken: bool = False) -> None:
        """Rebuild after an edit; an edit that broke the dossier is then undone (the
        last valid tree written back) and the preview rebuilt again, unless the next
        steps are to find it broken (`break_yaml`)."""
        self.done.append(what)
        self.rebuild()
        if not self.valid and not keep_broken:
            self.back_to_valid()

    # -- a field of each file kind ------------------------------------------------------

    @rule(key=st.sampled_from(Edits.TEXT_FIELDS), pick=ANY, word=ANY)
    def change_text(self, key: str, pick: int, word: int) -> None:
        """A claim's statement, topic or context note; an actor's or a location's name, an
        actor's role, a source's title, an annotation's note."""
        if key == "topic":
            new = lambda _: TOPICS[word % len(TOPICS)]  # noqa: E731
        else:
            new = lambda old: f'"{old.strip(chr(34))[:60]} quokka{word % 7}"'  # noqa: E731
        self.did(self.edits.set_value(key, pick, new))

    @rule(pick=ANY, word=ANY, drop=st.booleans())
    def change_aliases(self, pick: int, word: int, drop: bool) -> None:
        def aliases(old: str) -> str:
            names = [name.strip() for name in old.strip().strip("[]").split(",") if name.strip()]
            names = names[:-1] if drop else [*names, f"Wombat{word % 5}"]
            return "[" + ", ".join(names) + "]"

        self.did(self.edits.set_value("aliases", pick, aliases))

    @rule(key=st.sampled_from(("speaks_for", "outlet", "part_of")), pick=ANY, other=ANY)
    def change_reference(self, key: str, pick: int, other: int) -> None:
        """An actor's speaks_for, a source's outlet, a location's part_of: another id."""
        kind = "locations" if key == "part_of" else "actors"
        target = self.edits.pick_id(kind, other)
        self.did(self.edits.set_value(key, pick, lambda _: target))

    @rule(pick=ANY, lat=st.integers(-80, 80), lon=st.integers(-170, 170))
    def change_coordinates(self, pick: int, lat: int, lon: int) -> None:
        self.did(self.edits.set_value("coordinates", pick, lambda _: f"[{lat}.25, {lon}.5]"))

    @rule(pick=ANY, day=st.integers(1, 28))
    def change_published(self, pick: int, day: int) -> None:
        self.did(self.edits.set_value("published", pick, lambda _: f"2015-11-{day:02d}"))

    @rule(pick=ANY, other=ANY, kind=st.sampled_from(("actors", "locations")))
    def change_mentions(self, pick: int, other: int, kind: str) -> None:
        mentioned = self.edits.pick_id(kind, other)
        self.did(self.edits.set_value("mentions", pick, lambda _: f"[{mentioned}]"))

    @rule(pick=ANY, drop=ANY)
    def shorten_quote(self, pick: int, drop: int) -> None:
        """A quote loses its last word (still in the text, or no longer unique) or gains
        one (no longer in the text: an error)."""

        def quote(old: str) -> str:
            words = old.strip().strip('"').split()
            words = words[:-1] if drop % 2 and len(words) > 3 else [*words, "platypus"]
            return '"' + " ".join(words) + '"'

        self.did(self.edits.set_value("quote", pick, quote))

    @rule(
        pick=ANY,
        how=st.sampled_from(("when", "where", "flip", "by")),
        other=ANY,
        in_dispute=st.booleans(),
    )
    def change_stance(self, pick: int, how: str, other: int, in_dispute: bool) -> None:
        """A stance, inside a dispute (issue 29's stale page) or any, gains a date or a
        place, changes sides, or changes speaker."""
        good = self.preview.last_good
        disputed = set(good.contest.by_claim) if good and good.contest else set()
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

        def change(line: str) -> str:
            if how == "flip":
                swapped = line.replace("asserts", "\x00").replace("denies", "asserts")
                return swapped.replace("\x00", "denies")
            if how == "by":
                line = re.sub(r", by: [\w-]+", "", line)
                return line.replace("}", f", by: {actor}}}", 1)
            line = re.sub(rf", {how}: [\w-]+", "", line)
            value = f"2015-11-{1 + other % 28:02d}" if how == "when" else place
            return line.replace("}", f", {how}: {value}}}", 1)

        self.did(self.edits.replace_line(path, number, change))

    # -- article text ---------------------------------------------------------------------

    @rule(pick=ANY, at=ANY, append=st.booleans())
    def change_article_text(self, pick: int, at: int, append: bool) -> None:
        """A word of an article changed (a quote over it no longer anchors), or a sentence
        added at its end that names someone (the names found in the text change)."""
        articles = sorted((self.project.root / "content/articles").glob("*.txt"))
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

    # -- files added and deleted ----------------------------------------------------------

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
        """A new source: a copy of an article, its record, one annotated quote."""
        articles = sorted((self.project.root / "content/articles").glob("*.txt"))
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
        (self.edits.dossier / "annotations" / f"{ident}.yml").write_text(
            f'- quote: "{first}"\n  note: "Added."\n', encoding="utf-8"
        )
        self.did(f"added {ident}")

    @rule(pick=ANY)
    def delete_source(self, pick: int) -> None:
        """A source's record, text and annotations, all gone."""
        ident = self.edits.pick_id("sources", pick)
        sources = self.edits.dossier / "sources.yml"
        text = sources.read_text(encoding="utf-8")
        record = re.search(rf"^{re.escape(ident)}:\n(?:[ #].*\n|\n)*", text + "\n", re.MULTILINE)
        if record is None:
            return
        file = re.search(r"^  file: (\S+)", record.group(0), re.MULTILINE)
        sources.write_text(text.replace(record.group(0).rstrip("\n"), "", 1), encoding="utf-8")
        (self.edits.dossier / "annotations" / f"{ident}.yml").unlink(missing_ok=True)
        if file is not None:
            (self.project.root / "content" / file.group(1)).unlink(missing_ok=True)
        self.did(f"deleted source {ident}")

    # -- ids renamed, YAML broken and fixed, back to a valid state ------------------------

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
    @rule(pick=ANY)
    def break_yaml(self, pick: int) -> None:
        files = self.edits.files()
        path = files[pick % len(files)]
        text = path.read_text(encoding="utf-8")
        self.broken = (path, text)
        cut = text.find("\n", len(text) // 2)
        path.write_text(text[:cut] + '\n  broken: [unclosed, "\n' + text[cut:], encoding="utf-8")
        self.did(f"broke {path.name}", keep_broken=True)

    @precondition(lambda self: self.broken is not None)
    @rule()
    def fix_yaml(self) -> None:
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

    @invariant()
    def compiles(self) -> None:
        """Checked in `rebuild` after each edit; here so a machine that made no edit
        still says it ran."""
        assert self.preview.served


class SeedPreview(PreviewMachine):
    def make_project(self, root: Path) -> None:
        copy_repo_dossier(root)


class GeneratedPreview(PreviewMachine):
    def make_project(self, root: Path) -> None:
        root.mkdir(parents=True)
        sys.path.insert(0, str(REPO / "benchmarks"))
        try:
            from generate import generate  # noqa: PLC0415 - benchmarks/ is not a package
        finally:
            sys.path.remove(str(REPO / "benchmarks"))
        generate(3, root, seed=29)


@pytest.mark.parametrize("machine", [SeedPreview, GeneratedPreview], ids=["seed", "generated"])
def test_the_preview_after_random_edits_equals_a_fresh_build(
    machine: type[PreviewMachine],
) -> None:
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
