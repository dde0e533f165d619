"""Problems found in dossier/ and content/, reported as `path:line:col: message`.

Every step of the pipeline appends to one `Problems` list instead of raising, so a
single run reports every mistake at once. Positions are 1-based, like editors show.
A problem's text quotes what was written, so it is shown through `safetext.visible`:
no value can act on the terminal or CI log it is printed to.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
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

    def deprecated(self, position: Position, message: str, fix: str, until: str) -> None:
        """What was valid yesterday and will not be: a warning now, saying from which
        version it is an error and how to fix it (CHANGELOG.md lists each)."""
        self.warning(position, f"{message} (an error from version {until})", fix)

    def add_all(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

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


class Suggester:
    """did-you-mean over many names (30,000 actors) at a bounded cost per word.

    Small sets are compared in full. For large ones an index of 3-letter pieces, built
    once, picks the SHORTLIST names that share the most rare pieces with the word (a
    piece in more than COMMON names tells little and is skipped), plus the names next to
    it in alphabetical order; only those are compared with difflib.
    """

    SMALL = 1000
    SHORTLIST = 100
    COMMON = 2000

    def __init__(self, candidates: Iterable[str]) -> None:
        self.names = sorted(set(candidates))
        self._index: dict[str, list[int]] | None = None

    def __call__(self, word: str) -> str:
        if len(self.names) <= self.SMALL:
            return did_you_mean(word, self.names)
        if self._index is None:
            self._index = {}
            for i, name in enumerate(self.names):
                for gram in set(_grams(name)):
                    self._index.setdefault(gram, []).append(i)
        shared: Counter[int] = Counter()
        for gram in set(_grams(word)):
            postings = self._index.get(gram, ())
            if len(postings) <= self.COMMON:
                shared.update(postings)
        near = bisect.bisect_left(self.names, word)
        chosen = {i for i, _ in shared.most_common(self.SHORTLIST)}
        chosen.update(range(max(0, near - 10), min(len(self.names), near + 10)))
        return did_you_mean(word, [self.names[i] for i in sorted(chosen)])


def _grams(word: str) -> list[str]:
    padded = f" {word} "
    return [padded[i : i + 3] for i in range(len(padded) - 2)]
