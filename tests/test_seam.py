"""One seam between the preview and the core (issue 29): the compile's steps know nothing
of the memo that reuses their work; `steps.py` runs them through it, and only the
pipeline calls `steps.py`. Read from the package's source, so a step that starts taking
a memo (or importing one) fails here, whatever it does at run time."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import mkdocs_dossier

PACKAGE = Path(mkdocs_dossier.__file__).parent
PREVIEW = "mkdocs_dossier.preview"
# Who may import what. `plugin` wires MkDocs' events and keeps the preview's state from
# one rebuild to the next (the memo among it); it runs no compile step itself.
GUARDED = {
    "mkdocs_dossier.preview.memo": {
        "mkdocs_dossier.pipeline",
        "mkdocs_dossier.steps",
        "mkdocs_dossier.plugin",
    },
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
