"""Every file a `dossier` command writes is written through `safewrite`: a symbolic link
committed where a command will write (dangling or not, to a file or a folder, chained),
or a path that leaves the project, is refused with the path and a hint, exit code 2,
and nothing at all is written, inside the project or where the link points."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_dossier.cli import main
from mkdocs_dossier.safewrite import WriteRefused, write_all

Make = Callable[..., Path]
PAGE = Path(__file__).parent / "data" / "saved-pages" / "opengraph-jsonld.html"
IDENT = "victim"
# Where `dossier import --id victim` of an HTML page writes, relative to the project.
IMPORT_TARGETS = (
    f"dossier/originals/{IDENT}.html",
    f"content/articles/{IDENT}.txt",
    f"dossier/sources/{IDENT}.yml",
    f"dossier/annotations/{IDENT}.yml",
)


def tree(root: Path) -> dict[str, bytes | str]:
    """Everything under `root` as it is on disk: files by content, links by target."""
    found: dict[str, bytes | str] = {}
    for parent, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(parent, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = "-> " + os.readlink(path)
            elif path.is_file():
                found[rel] = path.read_bytes()
            else:
                found[rel] = "dir"
    return found


def plant(link: Path, target: Path) -> None:
    """A symbolic link at `link` (replacing what is there) pointing at `target`."""
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def run_import(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    config = str(project / "site_config.yml")
    return run(capsys, "import", str(PAGE), "-f", config, "--id", IDENT)


def assert_refused(code: int, err: str, shown: str) -> None:
    assert code == 2
    assert err.startswith(f"dossier: {shown}: is a symbolic link; nothing was written\n")
    assert "\n    hint: " in err
    assert "Traceback" not in err


@pytest.mark.parametrize("target", IMPORT_TARGETS)
def test_import_refuses_a_dangling_link_at_each_target(
    target: str, mini: Make, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = mini()
    venv = tmp_path / "venv"
    venv.mkdir()
    plant(project / target, venv / "x.pth")
    before = tree(project)
    code, out, err = run_import(project, capsys)
    assert_refused(code, err, target)
    assert not (venv / "x.pth").exists()
    assert tree(project) == before  # not one of the other three written either
    assert "wrote" not in out


def test_import_refuses_a_link_to_a_folder_on_the_path(
    mini: Make, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = mini()
    outside = tmp_path / "site-packages"
    outside.mkdir()
    plant(project / "dossier/sources", outside)
    before = tree(project)
    code, _, err = run_import(project, capsys)
    assert_refused(code, err, "dossier/sources")
    assert list(outside.iterdir()) == []
    assert tree(project) == before


def test_import_refuses_a_chain_of_links(
    mini: Make, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = mini()
    hops = tmp_path / "hops"
    hops.mkdir()
    (hops / "one").symlink_to(hops / "two")
    (hops / "two").symlink_to(tmp_path / "venv" / "x.pth")  # the last one dangles
    plant(project / "dossier/annotations", hops / "one")
    before = tree(project)
    code, _, err = run_import(project, capsys)
    assert_refused(code, err, "dossier/annotations")
    assert not (tmp_path / "venv").exists()
    assert sorted(p.name for p in hops.iterdir()) == ["one", "two"]
    assert tree(project) == before


def test_import_still_writes_its_four_files(mini: Make, capsys: pytest.CaptureFixture[str]) -> None:
    project = mini()
    code, out, err = run_import(project, capsys)
    assert (code, err) == (0, ""), out
    for target in IMPORT_TARGETS:
        assert (project / target).is_file()
        assert not (project / target).is_symlink()
        assert f"wrote {target}" in out
    assert (project / IMPORT_TARGETS[0]).read_bytes() == PAGE.read_bytes()
    leftovers = [p for p in tree(project) if p.endswith(".tmp")]
    assert leftovers == []


def test_schema_refuses_a_linked_schema_file(
    mini: Make, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = mini()
    victim = tmp_path / "victim.json"
    victim.write_text("precious\n", encoding="utf-8")
    plant(project / "dossier/schemas/claims.schema.json", victim)
    before = tree(project)
    code, out, err = run(capsys, "schema", "-f", str(project / "site_config.yml"))
    assert_refused(code, err, "dossier/schemas/claims.schema.json")
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert tree(project) == before  # the schemas before it in the list are not written either
    assert out == ""


def test_schema_refuses_a_linked_schemas_folder(
    mini: Make, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = mini()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "actors.schema.json").write_text("precious\n", encoding="utf-8")
    plant(project / "dossier/schemas", outside)
    code, _, err = run(capsys, "schema", "-f", str(project / "site_config.yml"))
    assert_refused(code, err, "dossier/schemas")
    assert tree(outside) == {"actors.schema.json": b"precious\n"}


def test_schema_replaces_a_file_and_refuses_to_leave_the_project(
    mini: Make, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = mini()
    config = project / "site_config.yml"
    (project / "dossier/schemas").mkdir()
    (project / "dossier/schemas/claims.schema.json").write_text("old\n", encoding="utf-8")
    code, out, _ = run(capsys, "schema", "-f", str(config))
    assert code == 0
    assert "wrote dossier/schemas/claims.schema.json" in out
    assert (project / "dossier/schemas/claims.schema.json").read_text(encoding="utf-8") != "old\n"

    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - dossier\n", "  - dossier:\n      dossier_dir: ../out\n"
        ),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "schema", "-f", str(config))
    assert code == 2
    assert err.startswith(f"dossier: {(tmp_path / 'out/schemas').as_posix()}")
    assert "is outside the project" in err
    assert "\n    hint: " in err
    assert not (tmp_path / "out").exists()


def test_new_refuses_a_linked_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "projects").mkdir()
    plant(tmp_path / "projects" / "mine", outside)
    code, out, err = run(capsys, "new", str(tmp_path / "projects" / "mine"))
    assert code == 2
    assert out == ""
    assert err.startswith("dossier: mine: is a symbolic link; nothing was written\n")
    assert list(outside.iterdir()) == []


def test_new_through_a_linked_parent_writes_a_real_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The folders above the new project are the user's (macOS's /tmp is a link): they
    are resolved; the project itself is made of real folders and files."""
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    code, _, err = run(capsys, "new", str(tmp_path / "alias" / "mine"))
    assert (code, err) == (0, "")
    made = tree(tmp_path / "real" / "mine")
    assert "site_config.yml" in made
    assert "dossier/schemas/claims.schema.json" in made
    assert not any(isinstance(v, str) and v.startswith("->") for v in made.values())


def test_write_all_checks_every_target_before_writing_any(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "b").mkdir(parents=True)
    (root / "b" / "c").write_text("a file where a folder must be", encoding="utf-8")
    with pytest.raises(WriteRefused) as refused:
        write_all(root, {root / "a/x": b"1", root / "b/c/y": b"2"})
    assert refused.value.path == "b/c"
    assert "is not a folder" in str(refused.value)
    assert not (root / "a").exists()
    with pytest.raises(WriteRefused, match="is outside the project"):
        write_all(root, {root / "a/../../escape": b"1"})
    assert not (tmp_path / "escape").exists()


@pytest.mark.parametrize("by_descriptor", [True, False])
def test_write_all_replaces_files_and_leaves_no_temporary(
    by_descriptor: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both ways of writing (folder descriptors; paths, where there are none) write
    whole files into new and existing folders, and refuse a dangling link."""
    monkeypatch.setattr("mkdocs_dossier.safewrite._BY_DESCRIPTOR", by_descriptor)
    root = tmp_path / "project"
    (root / "old").mkdir(parents=True)
    (root / "old" / "f").write_bytes(b"before")
    write_all(root, {root / "old/f": b"after", root / "new/deep/g": b"made"})
    assert tree(root) == {
        "old": "dir",
        "old/f": b"after",
        "new": "dir",
        "new/deep": "dir",
        "new/deep/g": b"made",
    }
    (root / "old" / "h").symlink_to(tmp_path / "x.pth")
    with pytest.raises(WriteRefused, match="is a symbolic link"):
        write_all(root, {root / "old/h": b"code"})
    assert not (tmp_path / "x.pth").exists()
