"""The dossier's budget: how many records, pages and article bytes one build may take.

About 33 bytes of YAML make one generated page, so a pull request of one megabyte of
records asks CI for some 30,000 pages and many minutes; each file is bounded, but not
how many there are. The budget is checked right after loading, before anything is
anchored, indexed or rendered, and a dossier over it is refused at the record (or the
article) that passed the limit, with the count, the limit and the plugin option that
raises it. The defaults keep a CI build of an accepted dossier under a minute on two
cores (README, "Limits"); a larger dossier raises them in its MkDocs config.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .addresses import ENTITY_KINDS, INDEX_PAGES
from .load import Loaded
from .model import KIND_MODELS
from .problems import Position, Problems

# Generated pages besides one per record: an index per kind, contradictions, map, ...
FIXED_PAGES = len(INDEX_PAGES) + len(ENTITY_KINDS)
# The defaults, from builds measured on two cores (README, "Limits").
MAX_RECORDS = 30_000
MAX_PAGES = 6_000
MAX_ARTICLE_BYTES = 20_000_000


@dataclass(frozen=True, slots=True)
class Budget:
    """The limits; the names are the plugin's config options (`plugin.DossierConfig`)."""

    max_records: int = MAX_RECORDS
    max_pages: int = MAX_PAGES
    max_article_bytes: int = MAX_ARTICLE_BYTES


def check_records(loaded: Loaded, budget: Budget, problems: Problems) -> bool:
    """Whether the loaded records and the pages they make are within the budget; each
    limit passed is an error at the record that passed it."""
    within = True
    pages = FIXED_PAGES + sum(len(loaded.dossier.of_kind(kind)) for kind in ENTITY_KINDS)
    if pages > budget.max_pages:
        nth = budget.max_pages - FIXED_PAGES + 1  # the record whose page passed the limit
        position = next(_nth(_entity_positions(loaded), nth), Position("."))
        _over(
            problems, position, f"the dossier makes {pages:,} pages", budget.max_pages, "max_pages"
        )
        within = False
    annotations = sum(len(nodes) for nodes in loaded.annotation_nodes.values())
    records = pages - FIXED_PAGES + annotations
    if records > budget.max_records:
        positions = _record_positions(loaded)
        position = next(_nth(positions, budget.max_records + 1), Position("."))
        what = f"the dossier has {records:,} records"
        _over(problems, position, what, budget.max_records, "max_records")
        within = False
    return within


def article_bytes_over(
    sizes: list[tuple[Position, int]], budget: Budget, problems: Problems
) -> bool:
    """Whether the articles, (where each is named, its size in bytes) in the order of the
    sources, pass the budget; if they do, an error at the source that passed it."""
    total = 0
    passed: Position | None = None
    for position, size in sizes:
        total += size
        if passed is None and total > budget.max_article_bytes:
            passed = position
    if passed is None:
        return False
    what = f"the articles hold {total:,} bytes"
    _over(problems, passed, what, budget.max_article_bytes, "max_article_bytes")
    return True


def _over(problems: Problems, where: Position, what: str, limit: int, option: str) -> None:
    problems.error(
        where,
        f"{what}, more than the {limit:,} the budget allows ({option}); the dossier was not "
        "checked further",
        f"a dossier this large is slow to build in CI; if it is meant to be, raise {option} in "
        "the dossier plugin's options in the MkDocs config (README, 'Configuration')",
    )


def _entity_positions(loaded: Loaded) -> Iterator[Position]:
    for kind in KIND_MODELS:  # in the order they were loaded
        for ident in loaded.dossier.of_kind(kind):
            yield loaded.id_pos.get((kind, ident), Position("."))


def _record_positions(loaded: Loaded) -> Iterator[Position]:
    yield from _entity_positions(loaded)
    for nodes in loaded.annotation_nodes.values():
        for node in nodes:
            yield node.pos


def _nth(positions: Iterator[Position], n: int) -> Iterator[Position]:
    """The `n`th position (1-based), if there is one."""
    for count, position in enumerate(positions, 1):
        if count == n:
            yield position
            return
