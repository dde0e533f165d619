"""The plugin on ProperDocs, the maintained fork of MkDocs 1.x, with MkDocs itself absent.

A virtual environment is made once from requirements-properdocs.txt (hash-pinned, no
mkdocs package in it) under .cache/engines/, keyed by the lock's hash, and the seed site
is built there strictly. It must yield the same pages and data files as MkDocs does.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

LOCK = REPO / "requirements-properdocs.txt"


def _run(*command: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )


@pytest.fixture(scope="session")
def properdocs() -> Path:
    """The `properdocs` command of an environment that has no mkdocs package."""
    unlocked = bool(os.environ.get("DOSSIER_UNLOCKED"))  # .ci/newest: the newest releases
    key = "newest" if unlocked else hashlib.sha256(LOCK.read_bytes()).hexdigest()[:16]
    venv = REPO / ".cache" / "engines" / f"properdocs-{key}"
    command = venv / "bin" / "properdocs"
    pip = venv / "bin" / "pip"
    if unlocked or not (venv / "ready").exists():
        steps: list[tuple[str | Path, ...]] = [(sys.executable, "-m", "venv", "--clear", venv)]
        if unlocked:  # the theme asks for mkdocs; ProperDocs replaces it
            steps += [(pip, "install", "-q", "-U", "properdocs", "-e", REPO)]
            steps += [(pip, "uninstall", "-q", "-y", "mkdocs")]
        else:
            steps += [(pip, "install", "-q", "--no-deps", "--require-hashes", "-r", LOCK)]
            steps += [(pip, "install", "-q", "--no-deps", "-e", REPO)]
        for step in steps:
            done = _run(*step)
            assert done.returncode == 0, f"{' '.join(map(str, step))}:\n{done.stderr[-3000:]}"
        (venv / "ready").write_text(key)
    absent = _run(
        venv / "bin/python", "-c", "import importlib.util as u; print(u.find_spec('mkdocs'))"
    )
    assert absent.stdout.strip() == "None", "mkdocs must not be installed beside ProperDocs"
    return command


def _outputs(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def test_the_seed_site_builds_the_same_under_properdocs(
    properdocs: Path, seed_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    result = _run(properdocs, "build", "--strict", "-f", REPO / "site_config.yml", "-d", site)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Traceback" not in result.stderr
    pages = {name for name in _outputs(site) if name.endswith(".html")}
    assert len(pages) > 50
    assert pages == {name for name in _outputs(seed_site) if name.endswith(".html")}
    data = {name for name in _outputs(site) if name.startswith("data/")}
    assert data
    assert data == {name for name in _outputs(seed_site) if name.startswith("data/")}


def test_the_command_line_reads_the_config_through_properdocs(properdocs: Path) -> None:
    result = _run(properdocs.parent / "dossier", "check", "-f", REPO / "site_config.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("0 error(s), 0 warning(s)")
