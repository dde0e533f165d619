"""One seam between the preview and the core (issue 29): the compile's steps know nothing
of the memo that reuses their work; `steps.py` runs them through it, and only the
pipeline calls `steps.py`. Read from the package's source, so a step that starts taking
a memo (or importing one) fails here, whatever it does at run time."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import mkdocs_dossier
from conftest import copy_repo_dossier
from mkdocs_dossier.load import load_dossier
from mkdocs_dossier.preview.memo import Memo
from mkdocs_dossier.problems import Problems
from mkdocs_dossier.steps import Steps

PACKAGE = Path(mkdocs_dossier.__file__).parent
PREVIEW = "mkdocs_dossier.preview"
# Who may import what: the preview's state from one rebuild to the next (the memo among
# it) is `preview.session`'s; `plugin` only wires MkDocs' events to it.
GUARDED = {
    "mkdocs_dossier.preview.memo": {"mkdocs_dossier.pipeline", "mkdocs_dossier.steps"},
    "mkdocs_dossier.steps": {"mkdocs_dossier.pipeline"},
}


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path) -> set[str]:
    """The modules and names `path` imports, as absolute dotted names: `from .preview
    import memo` is both `mkdocs_dossier.preview` and `mkdocs_dossier.preview.memo`."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            written = "." * node.level + (node.module or "")
            base = importlib.util.resolve_name(written, package) if node.level else written
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def in_preview(name: str) -> bool:
    return name == PREVIEW or name.startswith(PREVIEW + ".")


def test_only_the_pipeline_and_the_preview_import_the_memo() -> None:
    found = modules()
    leaks, users = [], set()
    for name, path in found.items():
        for target, allowed in GUARDED.items():
            if target not in imports(name, path):
                continue
            users.add(name)
            if name not in allowed and not in_preview(name):
                leaks.append(f"{path.relative_to(PACKAGE.parent)} imports {target}")
    assert leaks == [], "compile steps must not know the memo: run them in steps.py"
    # The one place does run the steps through the memo (and the reader sees it).
    assert {"mkdocs_dossier.steps", "mkdocs_dossier.pipeline"} <= users


def test_no_compile_step_takes_a_memo() -> None:
    """A memo handed in without its import (a parameter, duck-typed) leaks as surely."""
    leaks = []
    for name, path in modules().items():
        if name in GUARDED["mkdocs_dossier.preview.memo"] or in_preview(name):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                arguments = node.args
                every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
                if any(arg.arg == "memo" for arg in every):
                    where = getattr(node, "name", "lambda")
                    leaks.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {where}")
    assert leaks == [], "compile steps must not take a memo: run them in steps.py"


def test_the_plain_load_and_the_compiles_load_read_the_same_dossier(tmp_path: Path) -> None:
    """`dossier import` reads the dossier with `load.load_dossier`; the compile runs the
    same steps through its memo (`steps.Steps.load`). Both must see the same records, ids
    and problems, in the same order, on a dossier with every kind of load error."""
    root = copy_repo_dossier(tmp_path / "project")
    dossier = root / "dossier"
    (dossier / "actors").mkdir()
    (dossier / "actors" / "more.yml").write_text(
        "russia:\n  name: Russia again\nindex:\n  name: Reserved\nBad Id:\n  name: X\n"
        "name: a field\nnobody:\nlavrov-2:\n  nme: Typo\n",
        encoding="utf-8",
    )
    (dossier / "locations").mkdir()
    (dossier / "locations" / "broken.yml").write_text("{unclosed\n", encoding="utf-8")
    (dossier / "claims").mkdir()
    (dossier / "claims" / "empty.yml").write_text("", encoding="utf-8")
    (dossier / "annotations" / "no-such-source.yml").write_text(
        "- quote: words\n- just a string\n", encoding="utf-8"
    )
    (dossier / "annotations" / "not-a-list.yml").write_text("quote: x\n", encoding="utf-8")

    plain_problems, steps_problems = Problems(), Problems()
    plain = load_dossier(dossier, root, plain_problems)
    loaded = Steps(Memo()).load(dossier, root, steps_problems)

    assert [str(p) for p in steps_problems] == [str(p) for p in plain_problems]
    assert len(plain_problems.errors) >= 8  # every file above was read, each error told
    assert loaded.dossier == plain.dossier
    assert loaded.nodes == plain.nodes
    assert loaded.id_pos == plain.id_pos
    assert loaded.annotation_nodes == plain.annotation_nodes
    assert loaded.annotation_files == plain.annotation_files
    assert loaded.written_ids == plain.written_ids
    assert loaded.unreadable == plain.unreadable == {"locations"}
