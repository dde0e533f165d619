"""The last compile's work, reused: what makes the preview's rebuild after an edit quick.

A step that is a pure function of its inputs (parsing one file, validating one record,
checking or anchoring one article) runs through `Memo.run` (in `steps.py`, the one place
the compile uses the memo: the steps know nothing of it) with a key made of those
inputs: their text, or the very objects an earlier memoized step returned (`holds`,
compared by identity, so an unchanged file's nodes stand for its content; `same` hands
back the last compile's object when the new one is equal, e.g. the node of a record
whose text did not change). A step's
problems are kept with its result and reported again when it is reused, so a reused
step says exactly what a fresh one would.

`begin` starts a compile: what the compile before it did not ask for is dropped, so a
memo holds one dossier's work, never a history of edits. `mkdocs build` and the
command line compile once, with a fresh memo.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..problems import Problem, Problems

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Result:
    value: Any
    problems: tuple[Problem, ...]
    holds: tuple[object, ...]


class Memo:
    def __init__(self) -> None:
        self._current: dict[Hashable, _Result] = {}
        self._previous: dict[Hashable, _Result] = {}
        self.hits = 0
        self.misses = 0

    def begin(self) -> None:
        """A new compile: keep what the last one used, forget the rest after this one."""
        self._previous, self._current = self._current, {}
        self.hits = self.misses = 0

    def run(
        self,
        step: str,
        key: Hashable,
        problems: Problems,
        compute: Callable[[Problems], T],
        holds: tuple[object, ...] = (),
    ) -> T:
        """`compute(problems)` once per distinct (step, key, identities of `holds`)."""
        full = (step, key, tuple(map(id, holds)))
        found = self._current.get(full) or self._previous.get(full)
        if found is not None and all(a is b for a, b in zip(found.holds, holds, strict=True)):
            self.hits += 1
        else:  # new, or an id reused by a new object after the old one was freed
            self.misses += 1
            local = Problems()
            value = compute(local)
            found = _Result(value, tuple(local), holds)
        self._current[full] = found
        problems.add_all(found.problems)
        return found.value

    def same(self, key: Hashable, value: T) -> T:
        """`value`, or the equal object the last compile gave for `key`, for what finds
        objects by identity: a record's node from a file parsed again (another record in
        it changed) is then the node the steps that hold it ran with, and they are
        reused; a large key (every id) is matched without comparing it whole."""
        full = ("same", key)
        found = self._current.get(full) or self._previous.get(full)
        if found is not None and (found.value is value or found.value == value):
            value = found.value
        self._current[full] = _Result(value, (), ())
        return value
