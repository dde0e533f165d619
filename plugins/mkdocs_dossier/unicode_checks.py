"""Unicode that hides what a reader sees: bidirectional controls, zero-width characters,
and names that mix scripts (a Cyrillic "Р" in "Putin").

Runs over every string written in dossier/ except the quotes and repairs, which must
copy the article's own characters. Each finding is a warning at the character's
line and column (ids cannot hold such characters at all: they are ASCII slugs).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from .load import Loaded
from .problems import Problems
from .yamltree import YMap, YNode, YScalar, YSeq

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
VERBATIM_KEYS = frozenset({"quote", "prefix", "suffix", "find", "replace"})
NAME_KEYS = frozenset({"name", "aliases", "title", "statement"})
SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "GEORGIAN")


def check_unicode(loaded: Loaded, problems: Problems) -> None:
    nodes: list[YMap] = list(loaded.nodes.values())
    for annotation_nodes in loaded.annotation_nodes.values():
        nodes.extend(annotation_nodes)
    for node in nodes:
        for key, scalar in _strings(node, ""):
            _check(key, scalar, problems)


def _strings(node: YNode, key: str) -> Iterator[tuple[str, YScalar]]:
    if isinstance(node, YScalar):
        yield key, node
    elif isinstance(node, YSeq):
        for item in node.items:
            yield from _strings(item, key)
    else:
        for child_key, child in node.items.items():
            if child_key not in VERBATIM_KEYS:
                yield from _strings(child, child_key)


def _check(key: str, scalar: YScalar, problems: Problems) -> None:
    text = scalar.value
    for index, char in enumerate(text):
        if char in BIDI_CONTROLS or char in ZERO_WIDTH:
            kind = "bidirectional control" if char in BIDI_CONTROLS else "zero-width"
            problems.warning(
                scalar.at(index),
                f"{key}: invisible {kind} character U+{ord(char):04X} "
                f"({unicodedata.name(char, 'unnamed')})",
                "delete it: it changes how the text looks without showing itself",
            )
    if key in NAME_KEYS:
        for word, index in _words(text):
            scripts = {s for c in word if c.isalpha() and (s := _script(c)) is not None}
            if len(scripts) > 1:
                problems.warning(
                    scalar.at(index),
                    f"{key}: '{word}' mixes {' and '.join(sorted(s.title() for s in scripts))} "
                    "letters, which can look alike",
                    "retype the word in one script",
                )


def _words(text: str) -> Iterator[tuple[str, int]]:
    start = None
    for index, char in enumerate([*text, " "]):
        if char.isalpha() and start is None:
            start = index
        elif not char.isalpha() and start is not None:
            yield text[start:index], start
            start = None


def _script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    return next((script for script in SCRIPTS if name.startswith(script)), None)
