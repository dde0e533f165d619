"""`dossier new DIR`: a new dossier project that builds at once, from files in the package.

Flow: the `scaffold/` tree shipped in the package -> DIR, with "dot-" names made
dotfiles (packaging drops hidden files) and the title filled in -> the JSON Schemas
written from the model into DIR/dossier/schemas/. The tree holds one record of each
kind around one invented example article, so every kind of page is there to look at.
"""

from __future__ import annotations

import json
from pathlib import Path

from .schema import write_schemas

SCAFFOLD = Path(__file__).parent / "scaffold"


class ScaffoldError(Exception):
    """The project cannot be made here."""


def create_project(target: Path, title: str) -> list[Path]:
    """Write the new project into `target` (absent or empty); returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} is not an empty directory; choose a new one")
    written = []
    for source in sorted(SCAFFOLD.rglob("*")):
        if not source.is_file():
            continue
        parts = source.relative_to(SCAFFOLD).parts
        dest = target.joinpath(
            *("." + p.removeprefix("dot-") if p.startswith("dot-") else p for p in parts)
        )
        text = source.read_text(encoding="utf-8")
        text = text.replace("__TITLE_YAML__", json.dumps(title, ensure_ascii=False))
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text.replace("__TITLE__", title), encoding="utf-8")
        written.append(dest)
    return written + write_schemas(target / "dossier")
