"""What CONTRIBUTING asks of a record that the model leaves optional, as warnings.

Runs after `load.py`, one pass over sources and locations, and one walk of the docs
directory for article files no source reads. Warnings fail a `--strict` build, so a
published dossier keeps these promises; a draft in the preview still shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .load import Loaded
from .problems import Position, Problems
from .validation import locate

ARTICLE_SUFFIXES = (".txt",)


def check_completeness(loaded: Loaded, problems: Problems) -> None:
    for source_id, source in loaded.dossier.sources.items():
        node = loaded.nodes[("sources", source_id)]
        if source.url is None:
            problems.warning(
                node.pos,
                f"source '{source_id}' has no url",
                "add url: with the address where the outlet published it, so readers can check",
            )
        if "language" not in node.items:
            problems.warning(
                node.pos,
                f"source '{source_id}' does not say its language",
                "add language: with its code, e.g. en, fr or pt-BR",
            )
    for location_id, location in loaded.dossier.locations.items():
        if location.coordinates is None:
            continue
        where = locate(loaded.nodes[("locations", location_id)], ("coordinates",))[0].pos
        if location.precision is None:
            problems.warning(
                where,
                f"coordinates of '{location_id}' do not say how precise they are",
                "add precision: exact, city, locality, region-centroid or country-centroid",
            )
        if not location.cite:
            problems.warning(
                where,
                f"coordinates of '{location_id}' have no citation",
                "add cite: with the URL the coordinates come from",
            )


def check_unused_articles(
    docs_dir: Path, used: set[Path], shown: Callable[[Path], str], problems: Problems
) -> None:
    """Article files in the docs directory that no source names: published, never annotated."""
    for path in sorted(docs_dir.rglob("*")):
        if path.suffix not in ARTICLE_SUFFIXES or path.is_symlink() or not path.is_file():
            continue
        if path.resolve() not in used:
            problems.warning(
                Position(shown(path)),
                "no source in the dossier uses this article",
                "add a source for it in dossier/sources.yml with file: pointing here, "
                "or remove the file",
            )
