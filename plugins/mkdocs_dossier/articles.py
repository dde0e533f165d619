"""A source's article as its page publishes it: the file's text with the source's repairs.

Why a module: reading the file (inside the docs directory, bounded) is done on every
compile, while making the text from what was read is a pure step of one article that
the preview reuses while the file and its repairs are unchanged (`steps.py`). Each
repair that could not be applied is an error at the repair, with the fix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .files import Refused, inside
from .load import read_text
from .problems import Position, Problems
from .text import AppliedRepair, NormalizedText, apply_repairs
from .validation import locate
from .yamltree import YMap

MAX_ARTICLE_BYTES = 5_000_000
MAX_ARTICLE_CHARS = 5_000_000  # the published text, after repairs

Repair = tuple[str, str, str]  # find, replace, reason


@dataclass(slots=True)
class Article:
    """A source's text as published on its page (repairs applied) and its repairs."""

    path: str
    text: str
    repairs: list[AppliedRepair] = field(default_factory=list)
    normal: NormalizedText = field(init=False)  # built once: quotes and names match in it

    def __post_init__(self) -> None:
        self.normal = NormalizedText(self.text)


def read_article(
    docs_dir: Path, shown: Callable[[Path], str], file: str, file_pos: Position, problems: Problems
) -> tuple[Path, str] | None:
    """The article file a source names, and its text; None, with an error at the source's
    `file:` (or at the file), when it cannot be reached or read."""
    try:
        path = inside(docs_dir, file)
    except FileNotFoundError:
        problems.error(
            file_pos,
            f"article file '{file}' not found in {shown(docs_dir)}/",
            "the path is relative to the docs directory, e.g. articles/<name>.txt",
        )
        return None
    except Refused as err:
        problems.error(file_pos, err.message, err.hint)
        return None
    except (OSError, ValueError) as err:  # a name too long for the file system, ...
        problems.error(
            file_pos,
            f"file {file!a} cannot be opened: {getattr(err, 'strerror', None) or err}",
            "name the article file with letters, digits and hyphens, e.g. articles/<name>.txt",
        )
        return None
    raw = read_text(path, shown(path), problems, MAX_ARTICLE_BYTES)
    return None if raw is None else (path, raw)


def make_article(shown: str, raw: str, repairs: tuple[Repair, ...], _: Problems) -> Article:
    """The published text: pure, so one article's is made once while it is unchanged."""
    text, applied = apply_repairs(raw, list(repairs), MAX_ARTICLE_CHARS)
    return Article(shown, text, applied)


def check_repairs(node: YMap, article: Article, problems: Problems) -> None:
    """Each repair of the source (`node`) that was refused or found nothing: an error at it."""
    for i, repair in enumerate(article.repairs):
        if repair.too_long:
            problems.error(
                locate(node, ("repairs", i, "replace"))[0].pos,
                f"this repair would make the text {repair.too_long:,} characters long, "
                f"more than the {MAX_ARTICLE_CHARS:,} allowed (it and the repairs after "
                "it are not applied)",
                "a repair fixes a defect in a few characters; make 'find' match only them",
            )
        elif repair.count == 0:
            problems.error(
                locate(node, ("repairs", i, "find"))[0].pos,
                f"repair finds no '{repair.find}' in {article.path}",
                "the article changed or the repair was already applied; remove or fix it",
            )
