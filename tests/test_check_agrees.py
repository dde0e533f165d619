"""`dossier check` sees everything the build refuses (issue 27, item 3).

A red-team found two ways to pass `dossier check` with a tree the build refuses or
publishes wrongly: a symbolic link (or a pipe) in `dossier/` under a name the load never
reads (`annotations/more`, `README.txt`), and a hand-written page at the address of a
page the dossier generates (`content/map.md`, `content/claims/<id>/index.md`). Each case
here is a real `dossier check` (the command's own entry point) and a real
`mkdocs build --strict` of the same tree: both must fail, with the same
`path:1:1: error:` line, or both pass.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINI, MINI_CONFIG, run_mkdocs_build, write_tree
from mkdocs_dossier.cli import main as dossier
from mkdocs_dossier.load import MAX_DOSSIER_ENTRIES

Setup = Callable[[Path], None]


def link(name: str, target: str) -> Setup:
    def make(project: Path) -> None:
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)

    return make


def fifo(name: str) -> Setup:
    def make(project: Path) -> None:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(project / name)

    return make


def unix_socket(name: str) -> Setup:
    def make(project: Path) -> None:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        here = Path.cwd()
        os.chdir((project / name).parent)  # a relative name: socket paths are short
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.bind(Path(name).name)
        finally:
            os.chdir(here)

    return make


def page(name: str) -> Setup:
    def make(project: Path) -> None:
        write_tree(project, {name: "# A page of my own\n\nHello.\n"})

    return make


# (what is made, the path that must be reported). None: the tree is accepted by both.
REFUSED: list[tuple[str, Setup, str | None]] = [
    ("dossier link, no suffix", link("dossier/annotations/more", "/etc"), "dossier/annotations/more"),
    ("dossier link, any name", link("dossier/README.txt", "/etc/passwd"), "dossier/README.txt"),
    ("dossier link, hidden", link("dossier/.notes", "/etc/passwd"), "dossier/.notes"),
    ("dossier link, dangling", link("dossier/originals/a.html", "/nonexistent"), "dossier/originals/a.html"),
    ("dossier link, deep", link("dossier/x/y/z/root", "/"), "dossier/x/y/z/root"),
    ("dossier link, a loop", link("dossier/loop", "."), "dossier/loop"),
    ("dossier link, a chain", link("dossier/schemas/b.json", "../loop2"), "dossier/schemas/b.json"),
    ("dossier pipe", fifo("dossier/notes.fifo"), "dossier/notes.fifo"),
    ("dossier socket", unix_socket("dossier/sock"), "dossier/sock"),
    ("content link, no suffix", link("content/notes", "/etc/passwd"), "content/notes"),
    ("content pipe", fifo("content/images/pipe"), "content/images/pipe"),
    ("claim page", page("content/claims/entered-airspace.md"), "content/claims/entered-airspace.md"),
    ("claim page as a folder", page("content/claims/entered-airspace/index.md"), "content/claims/entered-airspace/index.md"),
    ("actor page as README", page("content/actors/putin/README.md"), "content/actors/putin/README.md"),
    ("the map", page("content/map.md"), "content/map.md"),
    ("the contradictions", page("content/contradictions/index.md"), "content/contradictions/index.md"),
    ("an index", page("content/sources/index.md"), "content/sources/index.md"),
    ("an index as README", page("content/timeline/README.md"), "content/timeline/README.md"),
    ("the data files", page("content/data/dossier.md"), "content/data/dossier.md"),
    ("the search index", page("content/pagefind/index.md"), "content/pagefind/index.md"),
    ("a page of its own", page("content/claims-explained.md"), None),
    ("a page under a kind", page("content/claims/guide/how.md"), None),
    ("a link outside dossier/", link("elsewhere", "/etc"), None),
]  # fmt: skip


def check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = dossier(["check", "-f", str(project / "site_config.yml")])
    return code, capsys.readouterr().out


@pytest.mark.parametrize(
    ("setup", "reported"),
    [pytest.param(setup, reported, id=name) for name, setup, reported in REFUSED],
)
def test_check_and_build_agree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: Setup, reported: str | None
) -> None:
    project = write_tree(tmp_path / "project", MINI)
    setup(project)
    code, out = check(project, capsys)
    built = run_mkdocs_build(project, tmp_path / "site")
    if reported is None:
        assert code == 0, out
        assert built.returncode == 0, built.stderr
        return
    line = f"{reported}:1:1: error: "
    assert code == 1, out
    assert line in out, out
    assert out.split(line, 1)[1].split("\n")[1].startswith("    hint: "), out
    assert built.returncode == 1
    assert line in built.stderr, built.stderr
    assert "Traceback" not in built.stderr
    assert not (tmp_path / "site/index.html").exists()  # nothing was published


def test_a_page_at_a_generated_address_is_fine_without_directory_urls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`content/map.md` is `map.html` when the site does not use directory URLs: no clash
    with `map/index.html`, so neither refuses it."""
    config = MINI_CONFIG + "use_directory_urls: false\n"
    project = write_tree(
        tmp_path / "project", {**MINI, "site_config.yml": config, "content/map.md": "# Mine\n"}
    )
    code, out = check(project, capsys)
    assert code == 0, out
    built = run_mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert "# Mine" not in (tmp_path / "site/map/index.html").read_text(encoding="utf-8")
    assert "Mine" in (tmp_path / "site/map.html").read_text(encoding="utf-8")


def test_a_page_that_differs_in_case_only_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`content/Map.md` and the map page are one file on macOS and Windows."""
    project = write_tree(tmp_path / "project", {**MINI, "content/Map.md": "# Mine\n"})
    code, out = check(project, capsys)
    assert code == 0, out
    assert "content/Map.md:1:1: warning: " in out
    assert "\n    hint: " in out.split("content/Map.md:1:1: warning: ", 1)[1]


def test_every_link_in_dossier_is_reported_once_and_never_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """All of them in one run, each once, and nothing behind them is loaded."""
    outside = tmp_path / "outside.yml"
    outside.write_text("ghost:\n  name: Ghost\n  kind: person\n", encoding="utf-8")
    project = write_tree(tmp_path / "project", MINI)
    names = ["actors.yaml", "annotations/b.yml", "claims/more.yml", "notes/x", "README.md"]
    for name in names:
        link(f"dossier/{name}", str(outside))(project)
    code, out = check(project, capsys)
    assert code == 1
    for name in names:
        assert out.count(f"dossier/{name}:1:1: error: ") == 1, out
    assert "ghost" not in out.lower().replace("outside.yml", "")
    assert f"{len(names)} error(s)" in out


def test_a_dossier_directory_of_too_many_files_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk of dossier/ is bounded, as content/'s is: past the bound it says so,
    rather than leaving what it did not see unreported."""
    project = write_tree(tmp_path / "project", MINI)
    notes = project / "dossier/notes"
    notes.mkdir()
    for i in range(MAX_DOSSIER_ENTRIES):
        (notes / f"n{i}").touch()
    code, out = check(project, capsys)
    assert code == 1
    assert (
        f"dossier:1:1: error: the dossier directory holds more than {MAX_DOSSIER_ENTRIES:,}" in out
    )
