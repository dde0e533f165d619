"""The preview's compile reuses the last compile's work (`memo`): after any edit it must
say and hold exactly what a fresh compile of the same tree says and holds."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import copy_repo_dossier
from mkdocs_dossier.pipeline import Compiled, Project, compile_dossier
from mkdocs_dossier.preview.memo import Memo

ANNOTATIONS = "dossier/annotations/ewn-lavrov-cancels-trip.yml"


def edit(root: Path, name: str, pattern: str, new: str) -> None:
    path = root / name
    text, found = re.subn(pattern, new, path.read_text(encoding="utf-8"), count=1)
    assert found, (name, pattern)
    path.write_text(text, encoding="utf-8")


def state(compiled: Compiled) -> tuple[object, ...]:
    """Everything a compile says and holds that the pages are made from."""
    return (
        [str(problem) for problem in compiled.problems.sorted()],
        compiled.dossier,
        compiled.anchors,
        compiled.named,
        compiled.index,
        compiled.origins,
    )


EDITS: list[tuple[str, str, str, str]] = [
    # (what, file, pattern, replacement): each applied on top of the ones before
    ("a claim's words", "dossier/claims.yml", "The Su-24 entered", "The Su-24 flew into"),
    ("an unknown id in a claim", "dossier/claims.yml", r"about: \[russia,", "about: [rusia,"),
    ("a line above every claim", "dossier/claims.yml", r"\A", "# a new first line\n"),
    ("an unknown id in a quote", ANNOTATIONS, r"mentions: \[lavrov,", "mentions: [lavrof,"),
    ("a second unknown id", ANNOTATIONS, r"claim: lavrov-cancelled", "claim: lavrov-canceled"),
    ("an actor removed", "dossier/actors.yml", r"\nfrance:", "\nfrance-gone:"),
    ("the actor back", "dossier/actors.yml", r"\nfrance-gone:", "\nfrance:"),
    ("a quote not in the text", ANNOTATIONS, "cancels trip to Turkey", "cancels trip to Ankara"),
    ("a broken YAML file", "dossier/locations.yml", r"\A", "{unclosed\n"),
    ("the YAML repaired", "dossier/locations.yml", r"\A\{unclosed\n", ""),
    ("the ids fixed", ANNOTATIONS, r"lavrof,", "lavrov,"),
]


def test_a_kept_memo_compiles_what_a_fresh_compile_does(tmp_path: Path) -> None:
    root = copy_repo_dossier(tmp_path / "project")
    project = Project(root, root / "dossier", root / "content")
    memo = Memo()
    compile_dossier(project, memo)
    reused: list[int] = []
    for what, name, pattern, new in EDITS:
        edit(root, name, pattern, new)
        incremental, fresh = compile_dossier(project, memo), compile_dossier(project)
        assert state(incremental) == state(fresh), what
        reused.append(memo.hits)
    assert min(reused) > 0, "no step was reused: the memo is not in use"
    problems = [str(problem) for problem in compile_dossier(project).problems.sorted()]
    assert any("unknown claim 'lavrov-canceled-" in p and "did you mean" in p for p in problems)
