"""Property-based hostile input: generated YAML values, file names and article text.

Hypothesis writes the mini dossier with one hostile thing in it, then compiles it and,
when it compiles, builds the real site in this process. Whatever it generates:

- nothing raises: every mistake is a reported problem, `path:line:col` with a hint;
- nothing executable reaches a page (`sitecheck.executable_content`);
- nothing outside the project is read: an audit hook sees every file opened, and a
  canary file beside the project never shows up in the output;
- every example finishes within a time bound.

Examples are derandomized, so CI runs the same ones each time; their number is kept
small (the builds are real), which keeps this module to a minute or two.
"""

from __future__ import annotations

import gc
import io
import mimetypes
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

import mkdocs_dossier
from conftest import MINI, compile_at, environment, write_tree
from mkdocs_dossier import coverage
from mkdocs_dossier.anchor import anchor_quotes
from mkdocs_dossier.content import check_page
from mkdocs_dossier.model import Annotation
from mkdocs_dossier.mojibake import propose_repairs
from mkdocs_dossier.problems import Position, Problems
from mkdocs_dossier.safetext import visible
from mkdocs_dossier.text import NormalizedText
from mkdocs_dossier.yamltree import YMap
from sitecheck import executable_content, theme_scripts

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
TIME_LIMIT = 60.0  # CPU seconds for one example (CPU, not wall: CI machines are shared)
CANARY = "CANARY-7f3d2c1e-outside-the-project"
POSITION = re.compile(r"^[^\n]+:\d+:\d+: (error|warning): ")

# What an attacker would type: markup, script URLs, template syntax, traversal, controls.
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](https://evil.example/x.png)",
    "<a href='javascript:alert(1)'>x</a>",
    "javascript:alert(document.domain)",
    "data:text/html,<script>alert(1)</script>",
    "{{ config.extra }}",
    "{% raw %}",
    '--8<-- "/etc/passwd"',
    "</title><script>alert(1)</script>",
    "<!--",
    "]]>",
    "\u202eevil\u202c",
    "\U000e0041\u00ad\u3164",
    "\x00\x1b]8;;https://evil.example\x07x\x1b]8;;\x07",
    "\x7f\x85\ufffe",
    "\r\n\r",
    "&lt;script&gt;",
    "Ｐutin 𝐏utin",
    "../../../../etc/passwd",
    "%2e%2e%2f",
    "x" * 300,
]

_text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
    max_size=40,
)
hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    _text,
    st.builds(lambda a, b, c: a + b + c, _text, st.sampled_from(PAYLOADS), _text),
)


def yaml_scalar(text: str) -> str:
    """A double-quoted YAML scalar carrying any string, escaping what YAML cannot hold."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


# A YAML value: mostly a quoted string (what reaches pages), else a plain word, a number,
# a YAML 1.1 surprise, or a flow list or mapping of values.
_quoted = hostile_text.map(yaml_scalar)
_scalars = st.one_of(
    _quoted,
    hostile_text.filter(lambda s: "\n" not in s and "\r" not in s),  # plain, unquoted
    st.sampled_from(["~", "null", "yes", "no", "1e999", "-0", "0x1F", "2015-02-31", ""]),
    st.floats(allow_nan=True).map(repr),
    st.integers().map(str),
)
_nested = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(_quoted, children, max_size=3).map(
            lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"
        ),
    ),
    max_leaves=8,
)
yaml_values = st.one_of(_quoted, _quoted, _quoted, _scalars, _nested)

# Where a value goes: a file of the mini dossier and the text in it that it replaces.
FIELDS = [
    ("dossier/actors.yml", "Vladimir Putin"),
    ("dossier/actors.yml", "[Ankara]"),
    ("dossier/actors.yml", "media"),
    ("dossier/actors.yml", "speaks_for: russia", "speaks_for: {}"),
    ("dossier/actors.yml", "  aliases: [Putin]\n", "  aliases: [Putin]\n  description: {}\n"),
    ("dossier/actors.yml", "  aliases: [Putin]\n", "  aliases: [Putin]\n  role: {}\n"),
    ("dossier/claims.yml", "The jet entered Turkish airspace."),
    ("dossier/claims.yml", "[turkey, russia]"),
    ("dossier/claims.yml", "  about: [turkey, russia]\n", "  about: [turkey]\n  topic: {}\n"),
    ("dossier/sources.yml", "title: Jet down", "title: {}"),
    ("dossier/sources.yml", "2015-11-24"),
    ("dossier/sources.yml", "https://paper.example/jet-down"),
    ("dossier/sources.yml", "language: en", "language: {}"),
    ("dossier/sources.yml", "  language: en\n", "  language: en\n  notes: [{}]\n"),
    ("dossier/sources.yml", "  language: en\n", "  language: en\n  byline: {}\n"),
    (
        "dossier/sources.yml",
        "  language: en\n",
        "  language: en\n  repairs: [{{find: Jet, replace: {}, reason: a test}}]\n",
    ),
    ("dossier/locations.yml", "[43.58528, 39.72028]"),
    ("dossier/locations.yml", "Sochi"),
    ("dossier/locations.yml", "Coordinates."),
    ("dossier/annotations/a.yml", "Putin spoke in Sochi"),
    ("dossier/annotations/a.yml", "[putin, sochi]"),
    (
        "dossier/annotations/a.yml",
        "  mentions: [putin, sochi]\n",
        "  mentions: [putin]\n  note: {}\n",
    ),
    ("dossier/annotations/a.yml", "stance: denies", "stance: {}"),
    ("dossier/annotations/a.yml", "by: russia", "by: {}"),
]


# --- The harness ---------------------------------------------------------------------


class _Reads:
    """Every file opened for reading while `watching` is on (an audit hook, set once)."""

    watching = False
    paths: list[str] = []  # noqa: RUF012 - one process-wide record

    @classmethod
    def hook(cls, event: str, args: tuple[Any, ...]) -> None:
        if cls.watching and event == "open" and isinstance(args[0], str | bytes):
            path = os.fsdecode(args[0])
            mode = args[1] if isinstance(args[1], str) else "r"
            if "r" in mode or "+" in mode:
                cls.paths.append(os.path.abspath(path))


sys.addaudithook(_Reads.hook)


@contextmanager
def watched_reads() -> Iterator[list[str]]:
    _Reads.paths = []
    _Reads.watching = True
    try:
        yield _Reads.paths
    finally:
        _Reads.watching = False


def _allowed_roots(project: Path, site: Path) -> tuple[str, ...]:
    """Where a build may read: the project, its output, Python and its packages."""
    roots = {
        str(project.resolve()),
        str(site.resolve()),
        sys.prefix,
        sys.base_prefix,
        str(Path(mkdocs_dossier.__file__).resolve().parent),
        "/usr/share/zoneinfo",  # the build date's time zone
        *(p for p in mimetypes.knownfiles),  # the static files' types
        *(str(Path(p).resolve()) for p in sys.path if p),  # lazy imports
    }
    return tuple(sorted(roots))


def outside_reads(paths: list[str], project: Path, site: Path) -> list[str]:
    roots = _allowed_roots(project, site)
    return sorted(
        {
            p
            for p in paths
            if not any(p == r or p.startswith(r.rstrip("/") + "/") for r in roots)
            and not p.startswith("/dev/")  # urandom for hashing; /dev/zero etc. are part A
        }
    )


@cache
def allowed_scripts() -> set[str]:
    """The theme's own inline scripts, from a clean build of the mini dossier."""
    work = Path(tempfile.mkdtemp(prefix="props-clean-"))
    try:
        project = write_tree(work / "project", MINI)
        problem = build_site(project, work / "site")
        assert problem is None, problem
        return theme_scripts(work / "site")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def build_site(project: Path, site: Path) -> str | None:
    """Build in this process (not strict: warnings are expected); a traceback if it raised."""
    try:
        with environment(project, NO_MKDOCS_2_WARNING="1"):
            build(load_config(str(project / "site_config.yml"), site_dir=str(site)))
    except MkDocsException:
        return None  # a reported failure, such as the dossier's errors: not a crash
    except Exception:
        return traceback.format_exc()
    return None


def check_example(files: dict[str, str | bytes], links: dict[str, str] | None = None) -> None:
    """Write, compile and (when it compiles) build one example; assert the properties.
    `links`: symbolic links to make (name -> target; `{outside}` is a folder beside the
    project holding the canary), each of which must be an error at `name:1:1` in the
    compile, and stop the build."""
    work = Path(tempfile.mkdtemp(prefix="props-"))
    try:
        (work / "outside").mkdir()
        (work / "outside/secret.txt").write_text(f"{CANARY}\n", encoding="utf-8")
        project = work / "project"
        for name, content in files.items():
            path = project / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", errors="surrogatepass")
        for name, target in (links or {}).items():
            path = project / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            path.unlink(missing_ok=True)
            path.symlink_to(target.replace("{outside}", str(work / "outside")))
        site = work / "site"
        started = time.process_time()
        with watched_reads() as reads:
            try:
                compiled = compile_at(project)
            except Exception:
                pytest.fail("compiling raised:\n" + traceback.format_exc())
            crash = build_site(project, site) if compiled.ok or links else None
        for name in links or {}:
            where = f"{visible(name)}:1:1"
            found = [p for p in compiled.problems.errors if str(p.position) == where]
            assert found, (where, [str(p) for p in compiled.problems])
            assert not (site / "index.html").exists()  # the build refused it too
        event("built a site" if site.is_dir() else "stopped at the dossier's errors")
        elapsed = time.process_time() - started
        assert crash is None, crash
        assert elapsed < TIME_LIMIT, f"took {elapsed:.1f} s"
        for problem in compiled.problems:
            shown = str(problem)
            assert POSITION.match(shown), shown
            assert problem.hint, shown
            assert CANARY not in shown
        assert outside_reads(reads, project, site) == []
        if site.is_dir():
            assert executable_content(site, allowed_scripts()) == []
            for path in site.rglob("*"):
                if path.is_file():
                    assert CANARY.encode() not in path.read_bytes(), path
    finally:
        shutil.rmtree(work, ignore_errors=True)


def mini_with(changes: dict[str, str | bytes]) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(MINI)
    files.update(changes)
    return files


# --- Properties ------------------------------------------------------------------------


@SETTINGS
@given(field=st.sampled_from(FIELDS), value=yaml_values)
def test_any_value_in_any_field(field: tuple[str, ...], value: str) -> None:
    name, old, *template = field
    new = template[0].format(value) if template else value
    assert old in MINI[name]
    check_example(mini_with({name: MINI[name].replace(old, new, 1)}))


ids = st.one_of(
    hostile_text,
    st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True),
    st.sampled_from(["con", "nul", "com1", "index", "a" * 81, "russia\n", "Russia", "m-x"]),
)


@SETTINGS
@given(key=ids, kind=st.sampled_from(["actors", "claims", "locations", "sources"]))
def test_any_record_id(key: str, kind: str) -> None:
    body = {
        "actors": "  name: X\n  kind: person\n",
        "claims": "  statement: X.\n",
        "locations": "  name: X\n  kind: city\n",
        "sources": "  title: X\n  file: articles/a.txt\n",
    }[kind]
    name = f"dossier/{kind}.yml"
    check_example(mini_with({name: MINI[name] + f"{yaml_scalar(key)}:\n{body}"}))


file_names = st.one_of(
    st.sampled_from(
        [
            "../outside/secret.txt",
            "../../outside/secret.txt",
            "articles/../../outside/secret.txt",
            "/etc/passwd",
            "~/secret.txt",
            "articles/a.txt\x00.png",
            "articles\\a.txt",
            "C:\\Windows\\win.ini",
            "file:///etc/passwd",
            "articles/%2e%2e/a.txt",
            "articles/" + "x" * 300 + ".txt",
            "articles/",
            "",
            ".",
            "articles/a.txt/",
        ]
    ),
    _text.map(lambda s: "articles/" + s),
    _text,
)


@SETTINGS
@given(path=file_names)
def test_any_article_path(path: str) -> None:
    sources = MINI["dossier/sources.yml"].replace("articles/a.txt", yaml_scalar(path))
    check_example(mini_with({"dossier/sources.yml": sources}))


# File names that a file system takes: no slash, no NUL, not too long for one name.
plain_names = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="/\x00"),
    min_size=1,
    max_size=60,
).filter(lambda s: s not in {".", ".."} and len(s.encode()) < 200)


@SETTINGS
@given(stem=plain_names, suffix=st.sampled_from([".yml", ".yaml", ".txt", ""]))
def test_any_annotation_file_name(stem: str, suffix: str) -> None:
    name = f"dossier/annotations/{stem}{suffix}"
    check_example(mini_with({name: "- quote: Jet down\n  mentions: [putin]\n"}))


line_breaks = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\r", "\u2028", "\x0c"])
article_text = st.lists(
    st.one_of(hostile_text, line_breaks, st.just("Ankara says its jets fired after warnings")),
    max_size=30,
).map("".join)


@SETTINGS
@given(
    text=article_text,
    raw=st.one_of(st.none(), st.none(), st.none(), st.binary(max_size=64)),
    quote_from=st.integers(0, 200),
    quote_len=st.integers(1, 60),
)
def test_any_article_text(text: str, raw: bytes | None, quote_from: int, quote_len: int) -> None:
    """Any text (or bytes) as an article, with one annotation quoting a slice of it."""
    content: str | bytes = text if raw is None else text.encode("utf-8") + raw
    start = quote_from % max(1, len(text))
    quote = text[start : start + quote_len].strip() or text.strip() or "Jet"
    annotations = (
        f"- quote: {yaml_scalar(quote)}\n"
        "  stances:\n    - {claim: entered-airspace, stance: asserts, by: turkey}\n"
    )
    check_example(
        mini_with({"content/articles/a.txt": content, "dossier/annotations/a.yml": annotations})
    )


# Symbolic links of every shape (issue 27, item 3): to a file or a folder outside the
# project, to the root, dangling, to itself, or through a second link; in any folder of
# dossier/ or content/, under any name a file system takes.
link_targets = st.sampled_from(
    ["{outside}/secret.txt", "{outside}", "/", "/etc/passwd", "/nonexistent", ".", "..", "chain"]
)
link_folders = st.sampled_from(
    [
        "dossier",
        "dossier/annotations",
        "dossier/actors",
        "dossier/originals",
        "dossier/schemas",
        "content",
        "content/articles",
        "content/images",
    ]
)


@SETTINGS
@given(folder=link_folders, name=plain_names, target=link_targets)
def test_any_link_anywhere_is_refused_by_check_and_build(
    folder: str, name: str, target: str
) -> None:
    path = f"{folder}/{name}"
    links = {path: target}
    if target == "chain":  # a link to a link to the canary
        links = {f"{path}.next": "{outside}/secret.txt", path: f"{name}.next"}
    check_example(mini_with({}), links)


def test_the_harness_sees_a_read_outside_the_project(tmp_path: Path) -> None:
    """The audit hook is what 'nothing read from outside' rests on: it must see a read."""
    (tmp_path / "outside.txt").write_text(CANARY)
    project, site = tmp_path / "project", tmp_path / "site"
    with watched_reads() as reads:
        (tmp_path / "outside.txt").read_text()
    assert outside_reads(reads, project, site) == [str(tmp_path / "outside.txt")]


# --- Links where a command writes (issue 27, item 2) -----------------------------------
# A pull request can commit a link (to a file, to a folder, dangling, or a chain of links)
# where `dossier import` or `dossier schema` will write. Whatever the link and wherever
# it is on a written path, the command refuses with the link's path, exit code 2, and
# nothing is written: not in the project, not where the link points.


@dataclass(frozen=True, slots=True)
class Link:
    """A link planted in the project: `hops` links in a row, the last pointing at a file,
    a folder, or nothing (in a folder that exists: a write through it would succeed)."""

    end: str  # "file", "directory" or "missing"
    hops: int

    @property
    def kind(self) -> str:
        if self.hops > 1:
            return "chained"
        return {"file": "file", "directory": "directory", "missing": "dangling"}[self.end]

    def plant(self, at: Path, outside: Path) -> None:
        (outside / "venv").mkdir(parents=True, exist_ok=True)
        (outside / "folder").mkdir(exist_ok=True)
        (outside / "folder" / "keep.txt").write_text(CANARY)
        (outside / "victim.pth").write_text(CANARY)
        end = {
            "file": outside / "victim.pth",
            "directory": outside / "folder",
            "missing": outside / "venv" / "x.pth",
        }[self.end]
        for hop in range(self.hops - 1, 0, -1):  # outside/hop-1 -> ... -> end
            (outside / f"hop-{hop}").symlink_to(end)
            end = outside / f"hop-{hop}"
        if at.is_dir() and not at.is_symlink():
            shutil.rmtree(at)
        at.parent.mkdir(parents=True, exist_ok=True)
        at.symlink_to(end)


links = st.builds(
    Link, end=st.sampled_from(["file", "directory", "missing"]), hops=st.sampled_from([1, 1, 2, 3])
)
# Each path a command writes, and each folder on the way, below the project's top folders.
WRITE_SPOTS = [
    ("import", "dossier/originals"),
    ("import", "dossier/originals/victim.html"),
    ("import", "content/articles"),
    ("import", "content/articles/victim.txt"),
    ("import", "dossier/sources"),
    ("import", "dossier/sources/victim.yml"),
    ("import", "dossier/annotations"),
    ("import", "dossier/annotations/victim.yml"),
    ("schema", "dossier/schemas"),
    ("schema", "dossier/schemas/claims.schema.json"),
]
SAVED_PAGE = Path(__file__).parent / "data" / "saved-pages" / "opengraph-jsonld.html"


def snapshot(root: Path) -> dict[str, str | bytes]:
    """Every entry under `root`: files by content, links by target, folders as such."""
    found: dict[str, str | bytes] = {}
    for parent, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(parent, name)
            if path.is_symlink():
                found[str(path)] = "-> " + os.readlink(path)
            else:
                found[str(path)] = path.read_bytes() if path.is_file() else "folder"
    return found


@settings(SETTINGS, max_examples=60)  # an example takes a tenth of a second
@given(link=links, spot=st.sampled_from(WRITE_SPOTS))
def test_no_command_writes_through_a_link(link: Link, spot: tuple[str, str]) -> None:
    from mkdocs_dossier.cli import main  # noqa: PLC0415 - the CLI, as a maintainer runs it

    command, where = spot
    event(f"{link.kind} link at {where}")
    with tempfile.TemporaryDirectory() as temp:
        project, outside = Path(temp) / "project", Path(temp) / "outside"
        write_tree(project, MINI)
        link.plant(project / where, outside)
        before = snapshot(Path(temp))
        args = ["-f", str(project / "site_config.yml")]
        if command == "import":
            args = [str(SAVED_PAGE), *args, "--id", "victim"]
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main([command, *args])
        assert code == 2
        assert err.getvalue().startswith(f"dossier: {where}: is a symbolic link"), err.getvalue()
        assert "\n    hint: " in err.getvalue()
        assert "wrote" not in out.getvalue()
        assert snapshot(Path(temp)) == before  # nothing written, inside or outside


# Entity-encoded markup in a hand-written page's heading (issue 27, item 1): the theme's
# `striptags` decodes entities, so each way of writing `<` and `>` is tried.
_ENTITIES = {
    "<": ["&lt;", "&LT;", "&#60;", "&#060;", "&#x3c;", "&#X3C;", "&amp;lt;", "<"],
    ">": ["&gt;", "&GT;", "&#62;", "&#x3e;", "&#X3E;", "&amp;gt;", ">"],
    '"': ["&quot;", "&#34;", '"'],
    "&": ["&amp;", "&#38;"],
}


@st.composite
def encoded_markup(draw: st.DrawFn) -> str:
    """A payload with each markup character written as one of its entities."""
    payload = draw(st.sampled_from([*PAYLOADS[:3], "</title><img src=x onerror=alert(1)>"]))
    return "".join(draw(st.sampled_from(_ENTITIES[c])) if c in _ENTITIES else c for c in payload)


@SETTINGS
@given(
    before=st.sampled_from(["", "Notes ", "`x` *y* "]),
    markup=encoded_markup(),
    style=st.sampled_from(["atx", "closed", "setext", "front"]),
)
def test_entity_encoded_markup_in_a_heading(before: str, markup: str, style: str) -> None:
    heading = before + markup
    page = {
        "atx": f"# {heading}\n\nText.\n",
        "closed": f"# {heading} #\n\nText.\n",
        "setext": f"{heading}\n{'=' * 5}\n\nText.\n",
        "front": f"---\ntitle: {yaml_scalar(heading)}\n---\n\n# {heading}\n",
    }[style]
    check_example(mini_with({"content/notes.md": page}))


# --- Adversarial text shapes: every text scan is linear (issue 27) -----------------------
#
# A scan that backtracks or rescans is quick on ordinary text and slow on a shape: a run
# of one character, one long word, many repeats, punctuation alternating with spaces.
# Each test below times one scanner on a shape at n and at 2n characters: a linear scan
# at most about doubles (t(2n) <= 3 t(n) + SLACK), a quadratic one quadruples. n is
# large enough that the quadratic scans this replaced take a tenth of a second or more
# at n; the time is CPU time, the least of a few runs, because the machine is shared.

SLACK = 0.02  # seconds: what a linear scan of these sizes may lose to a noisy machine
SHAPE_ALPHABET = '.!?…"”»)` \n\u00a0xaé©Ã<'
SHAPE_SETTINGS = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.generate],  # a slow example is not shrunk (it is slow)
)


@dataclass(frozen=True)
class Shape:
    """Text of any length made of one unit repeated (a run, a long word, an alternation
    such as '. '), after a short lead, or after a first half of another unit repeated;
    numbered, each repeat is a distinct word."""

    unit: str
    lead: str = ""
    numbered: bool = False
    first: str = ""

    def __call__(self, n: int) -> str:
        head = self.lead + (self.first * (n // 2 // len(self.first)) if self.first else "")
        rest = max(0, n - len(head))
        if self.numbered:
            body = "".join(f"{self.unit}{i:x} " for i in range(rest // (len(self.unit) + 2) + 1))
        else:
            body = self.unit * (rest // len(self.unit) + 1)
        return (head + body)[:n]


text_shapes = st.builds(
    Shape,
    unit=st.text(alphabet=SHAPE_ALPHABET, min_size=1, max_size=3),
    lead=st.text(alphabet=SHAPE_ALPHABET, max_size=3),
    numbered=st.booleans(),
    first=st.text(alphabet=SHAPE_ALPHABET, max_size=2),
)


def cpu_time(run: Callable[[], object]) -> float:
    """The least CPU time of three runs, without the garbage collector in them."""
    best = float("inf")
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def assert_linear(make: Callable[[int], Callable[[], object]], n: int) -> None:
    """`make(n)` prepares an input of size n and returns the scan of it, to be timed."""
    small, large = cpu_time(make(n)), cpu_time(make(2 * n))
    assert large <= 3 * small + SLACK, (
        f"doubling the input from {n:,} took {large:.3f} s instead of {small:.3f} s: "
        "the scan is not linear"
    )


@SHAPE_SETTINGS
@example(Shape("."))  # a run of end marks that no space follows
@example(Shape("!?…”"))
@given(shape=text_shapes)
def test_coverage_sentence_and_quotation_scans_are_linear(shape: Shape) -> None:
    def make(n: int) -> Callable[[], object]:
        text = shape(n)
        return lambda: (list(coverage._sentences(text)), list(coverage._quotations(text)))

    assert_linear(make, 6_000)


@SHAPE_SETTINGS
@example(Shape("x"))  # one long word of ASCII letters
@example(Shape("Ã©x", numbered=True))  # many distinct mojibake words
@given(shape=text_shapes)
def test_mojibake_scan_is_linear(shape: Shape) -> None:
    def make(n: int) -> Callable[[], object]:
        text = shape(n)
        return lambda: propose_repairs(text)

    assert_linear(make, 8_000)


@SHAPE_SETTINGS
@example(Shape("`"))  # one run of backticks
@example(Shape(" `", first="`"))  # a long run, then runs that none closes
@given(shape=text_shapes)
def test_code_span_scan_of_a_page_is_linear(shape: Shape) -> None:
    def make(n: int) -> Callable[[], object]:
        page = "# Page\n\nText " + shape(n).replace("\n", " ")  # one long line of prose
        return lambda: check_page(page, "content/page.md", Problems())

    assert_linear(make, 10_000)


@SHAPE_SETTINGS
@example(shape=Shape("xa "), numbered=False)  # a one-letter quote at every third character
@example(shape=Shape("a"), numbered=True)  # quotes not found, each with its nearest text
@given(shape=text_shapes, numbered=st.booleans())
def test_anchoring_with_prefix_or_suffix_is_linear(shape: Shape, numbered: bool) -> None:
    """One annotation per 100 characters, each a one-letter quote with a prefix or a
    suffix (numbered: a quote that is not in the article), over the shape's text."""
    letter = next((c for c in shape.unit if not c.isspace()), "a")

    def make(n: int) -> Callable[[], object]:
        article = NormalizedText(shape(n))
        count = n // 100
        annotations = [
            Annotation(
                quote=f"{letter} {i}x" if numbered else letter,
                occurrence=i + 1,
                **{"prefix" if i % 2 else "suffix": letter * (1 + i % 3)},
            )
            for i in range(count)
        ]
        nodes = [YMap(Position("a.yml", i + 1, 1)) for i in range(count)]
        return lambda: anchor_quotes(article, annotations, nodes, "a.txt", Problems())

    assert_linear(make, 30_000)
