"""`dossier new DIR`: a new dossier project that builds at once, from files in the package.

Flow: the `scaffold/` tree shipped in the package -> DIR, with "dot-" names made
dotfiles (packaging drops hidden files) and the title filled in -> the JSON Schemas
written from the model into DIR/dossier/schemas/, all of it checked, then written,
through `safewrite`. The tree holds one record of each kind around one invented example
article, so every kind of page is there to look at.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .safewrite import check, write_all
from .schema import schema_files

SCAFFOLD = Path(__file__).parent / "scaffold"


class ScaffoldError(Exception):
    """The project cannot be made here."""


def create_project(target: Path, title: str) -> list[Path]:
    """Write the new project into `target` (absent or empty); returns the files written.

    Written under the folder that holds `target` (`safewrite`): `target` itself, and
    anything in it, may not be a link."""
    target = Path(os.path.abspath(target))
    root = target.parent.resolve()
    target = root / target.name
    check(root, target / "site_config.yml")  # a link at `target` is refused, not followed
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} is not an empty directory; choose a new one")
    files: dict[Path, bytes] = {}
    for source in sorted(SCAFFOLD.rglob("*")):
        if not source.is_file():
            continue
        parts = source.relative_to(SCAFFOLD).parts
        dest = target.joinpath(
            *("." + p.removeprefix("dot-") if p.startswith("dot-") else p for p in parts)
        )
        text = source.read_text(encoding="utf-8")
        text = text.replace("__TITLE_YAML__", json.dumps(title, ensure_ascii=False))
        files[dest] = text.replace("__TITLE__", title).encode("utf-8")
    return write_all(root, {**files, **schema_files(target / "dossier")})  # all checked first
