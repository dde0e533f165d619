"""Problems found in dossier/ and content/, reported as `path:line:col: message`.

Every step of the pipeline appends to one `Problems` list instead of raising, so a
single run reports every mistake at once. Positions are 1-based, like editors show.
A problem's text quotes what was written, so it is shown through `safetext.visible`:
no value can act on the terminal or CI log it is printed to.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from .safetext import visible

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Position:
    """Where a problem is: a file (relative to the project root) and a 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{visible(self.path)}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Problem:
    position: Position
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        text = f"{self.position}: {self.severity}: {visible(self.message)}"
        return f"{text}\n    hint: {visible(self.hint)}" if self.hint else text


class Problems:
    """An ordered collection of problems; the pipeline's shared error channel."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def error(self, position: Position, message: str, hint: str = "") -> None:
        self._items.append(Problem(position, message, hint, "error"))

    def warning(self, position: Position, message: str, hint: str = "") -> None:
        self._items.append(Problem(position, message, hint, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self._items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self._items if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        """Problems in file order, so output reads top to bottom like the files do."""
        return sorted(
            self._items,
            key=lambda p: (p.position.path, p.position.line, p.position.col),
        )

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the closest known names, or an empty string when nothing is close."""
    close = difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)
    if not close:
        return ""
    return "did you mean " + " or ".join(repr(c) for c in close) + "?"
