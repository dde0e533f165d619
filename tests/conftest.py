"""Shared fixtures: small dossiers written into tmp_path, and real site builds."""

from __future__ import annotations

import io
import logging
import os
import shutil
import socket
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from mkdocs_dossier.pipeline import Compiled, Project, compile_dossier

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parent.parent

MINI_CONFIG = """\
site_name: Mini dossier
site_url: http://127.0.0.1:8000/
docs_dir: content
theme:
  name: material
  font: false
  features: [navigation.instant, navigation.tabs]
plugins:
  - search
  - dossier
validation:
  anchors: warn
  unrecognized_links: warn
"""

# A complete small dossier. Tests copy it and break one thing at a time.
MINI: dict[str, str] = {
    "site_config.yml": MINI_CONFIG,
    "content/index.md": "# Mini\n\nSee the [sources](sources/index.md).\n",
    "content/articles/a.txt": (
        "Jet down\n\n"
        "Ankara says its jets fired after warnings that the plane was violating Turkey’s "
        "airspace.\n\n"
        "Moscow insists that the jet never strayed from Syrian airspace.\n\n"
        "Putin called it a stab in the back. Putin spoke in Sochi.\n"
    ),
    "dossier/sources.yml": (
        "a:\n  title: Jet down\n  file: articles/a.txt\n  outlet: paper\n  published: 2015-11-24\n"
        "  url: https://paper.example/jet-down\n  language: en\n"
    ),
    "dossier/actors.yml": (
        "paper:\n  name: The Paper\n  kind: media\n"
        "turkey:\n  name: Turkey\n  kind: state\n  aliases: [Ankara]\n"
        "russia:\n  name: Russia\n  kind: state\n  aliases: [Moscow]\n"
        "putin:\n  name: Vladimir Putin\n  kind: person\n  speaks_for: russia\n"
        "  aliases: [Putin]\n"
    ),
    "dossier/locations.yml": (
        "sochi:\n  name: Sochi\n  kind: city\n  coordinates: [43.58528, 39.72028]\n"
        "  precision: city\n"
        "  cite:\n    - {url: 'https://gazetteer.example/sochi', publisher: Example Gazetteer, note: Coordinates.}\n"
    ),
    "dossier/claims.yml": (
        "entered-airspace:\n"
        "  statement: The jet entered Turkish airspace.\n"
        "  about: [turkey, russia]\n"
    ),
    "dossier/annotations/a.yml": (
        "- quote: Ankara says its jets fired after warnings\n"
        "  stances:\n"
        "    - {claim: entered-airspace, stance: asserts, by: turkey}\n"
        "- quote: Moscow insists that the jet never strayed from Syrian airspace\n"
        "  stances:\n"
        "    - {claim: entered-airspace, stance: denies, by: russia}\n"
        "- quote: Putin spoke in Sochi\n"
        "  mentions: [putin, sochi]\n"
    ),
}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def mini(tmp_path: Path) -> Callable[..., Path]:
    """Write the mini dossier with some files replaced (a value of None deletes one)."""

    def make(changes: dict[str, str | None] | None = None) -> Path:
        files = dict(MINI)
        for name, text in (changes or {}).items():
            if text is None:
                files.pop(name, None)
            else:
                files[name] = text
        return write_tree(tmp_path / "project", files)

    return make


def compile_at(root: Path) -> Compiled:
    return compile_dossier(Project(root, root / "dossier", root / "content"))


def messages(compiled: Compiled) -> list[str]:
    return [str(p) for p in compiled.problems.sorted()]


@contextmanager
def environment(cwd: Path, **env: str) -> Iterator[None]:
    """Run in `cwd` with `env` added, as a subprocess would, and put both back after."""
    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    os.environ.update(env)
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


def run_mkdocs_build(
    project: Path,
    site_dir: Path,
    site_url: str | None = None,
    strict: bool = True,
    **extra_env: str,
) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build --strict` (or, `strict=False`, a plain `mkdocs build`), as an
    editor or CI runs it, in this process.

    It goes through MkDocs' own config loader and build command, with the log the
    command line would print collected as stderr; an uncaught exception becomes a
    traceback there and exit code 1, so tests can still say "no traceback".
    """
    env = {"NO_MKDOCS_2_WARNING": "1", **extra_env}
    if site_url:
        env["SITE_URL"] = site_url
    log = logging.getLogger("mkdocs")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    saved_level, saved_propagate = log.level, log.propagate
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    code = 0
    try:
        with environment(project, **env):
            config = load_config(
                str(project / "site_config.yml"), strict=strict, site_dir=str(site_dir)
            )
            build(config)
    except (MkDocsException, SystemExit) as err:  # what the command line reports and exits 1 on
        stream.write(f"{err}\n")
        code = 1
    except Exception:
        stream.write(traceback.format_exc())
        code = 1
    finally:
        log.removeHandler(handler)
        log.setLevel(saved_level)
        log.propagate = saved_propagate
    return subprocess.CompletedProcess(["mkdocs", "build"], code, "", stream.getvalue())


@contextmanager
def mkdocs_serve(
    project: Path, log: Path | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The README's preview command (`mkdocs serve`) on a free port; yields its base URL
    and the process. The server may still be starting: callers wait for what they need.
    With `log`, what it prints goes there."""
    port = free_port()
    output = log.open("wb") if log is not None else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", "site_config.yml", "-a", f"127.0.0.1:{port}"],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=output, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield f"http://127.0.0.1:{port}/", process
    finally:
        process.terminate()
        process.wait(timeout=20)
        if log is not None:
            output.close()  # type: ignore[union-attr]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def seed_port() -> int:
    """The port the seed site is built for: instant navigation needs site_url to match."""
    return free_port()


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory, seed_port: int) -> Path:
    """The repository's own dossier, built once with --strict into a temporary directory."""
    site = tmp_path_factory.mktemp("seed") / "site"
    result = run_mkdocs_build(REPO, site, f"http://127.0.0.1:{seed_port}/")
    assert result.returncode == 0, result.stderr[-4000:]
    return site


@pytest.fixture(scope="session")
def seed_compiled() -> Compiled:
    compiled = compile_at(REPO)
    assert compiled.ok, "\n".join(messages(compiled))
    return compiled


def copy_repo_dossier(dest: Path) -> Path:
    """A copy of the repository's dossier project, to break on purpose."""
    for name in ("dossier", "content"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy(REPO / "site_config.yml", dest / "site_config.yml")
    return dest


def generated_project(root: Path, articles: int, seed: int = 1124, *, raised: bool = False) -> Path:
    """A dossier of `articles` generated articles (`benchmarks/generate.py`) at `root`;
    `raised`: its budget raised to fit them, as the benchmarks do past 2,500."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from generate import budget_for, generate  # noqa: PLC0415 - benchmarks/ is not a package
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    root.mkdir(parents=True, exist_ok=True)
    generate(articles, root, seed=seed, budget=budget_for(articles) if raised else None)
    return root


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium for one test module (`browser.py`); a module may define its own."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium  # noqa: PLC0415

    require_chromium()
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
