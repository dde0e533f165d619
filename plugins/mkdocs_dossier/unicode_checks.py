"""Unicode that hides what a reader sees: bidirectional controls, invisible characters
(zero-width, tag characters, soft hyphens, Hangul fillers), control characters (NUL, ESC,
DEL, the C1 controls, the line and paragraph separators), names that mix scripts (a
Cyrillic "Р" in "Putin") and names in look-alike letters (fullwidth "Ｐutin", bold
mathematical "𝐏utin": NFKC, the compatibility form, differs from the text).

Runs over every string written in dossier/. Quotes, prefixes and suffixes copy the
article's own characters, so there only the characters that reorder or hide text (bidi
overrides, embeddings, isolates, tag characters) are flagged; they are also flagged in
the article itself, unless a repair's `find` removes them (a `find` is not checked: the
source page shows its hidden characters as ⟨U+202E⟩). A repair's `replace` is new text
and checked in full. Each finding is a warning at the character's line and
column (ids cannot hold such characters at all: they are ASCII slugs).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator

from .problems import Position, Problems
from .text import LINE_BREAK
from .yamltree import YMap, YNode, YScalar, YSeq

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
TAGS = frozenset(chr(c) for c in range(0xE0000, 0xE0080))  # invisible "tag" letters
# Characters that show as nothing (or as a blank) yet are not spaces.
INVISIBLE = frozenset(
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u2061\u2062\u2063\u2064\u3164\uffa0"
)
# Control characters other than tab and line breaks (NUL, ESC, DEL, the C1 controls) and
# the Unicode line and paragraph separators: never meant in a value, they end a line
# where none shows, or drive a terminal that prints the value.
CONTROLS = frozenset(
    [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + ["\u2028", "\u2029"]
)
# Reorder or hide text wherever they are, even in a copied quote or an article.
HIDING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") | TAGS
VERBATIM_KEYS = frozenset({"quote", "prefix", "suffix"})
_HIDING_RE = re.compile("[" + "".join(sorted(HIDING)) + "]")
NAME_KEYS = frozenset({"name", "aliases", "title", "statement"})
SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "GEORGIAN")


def check_nodes(nodes: tuple[YMap, ...], problems: Problems) -> None:
    """Every string of one record, or of one source's annotations: a step of its own, so
    a record or an annotations file that did not change is not checked again."""
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
            yield from _strings(child, child_key)


def _check_look_alikes(key: str, scalar: YScalar, problems: Problems) -> None:
    """A letter or digit whose compatibility form differs: fullwidth, mathematical, circled."""
    text = scalar.value
    if unicodedata.is_normalized("NFKC", text):
        return
    for index, char in enumerate(text):
        plain = unicodedata.normalize("NFKC", char)
        if char.isalnum() and char not in INVISIBLE and plain != char and plain.isalnum():
            problems.warning(
                scalar.at(index),
                f"{key}: '{char}' ({unicodedata.name(char, 'unnamed')}) looks like "
                f"'{plain}' but is another character",
                f"retype the name in ordinary letters: '{unicodedata.normalize('NFKC', text)}'",
            )
            return  # one warning a value: the hint shows the whole name retyped


def check_article(raw: str, shown: str, removed: str, problems: Problems) -> None:
    """Flag characters in an article that reorder or hide text, unless a repair's `find`
    (all of them joined in `removed`) takes them out; one warning per character kind."""
    reported: set[str] = set()
    line_starts: list[int] = []  # found once, at the first warning (up to 137 kinds)
    for match in _HIDING_RE.finditer(raw):
        char = match.group()
        if char in removed or char in reported:
            continue
        reported.add(char)
        at = match.start()
        if not line_starts:
            line_starts = [0, *(m.end() for m in LINE_BREAK.finditer(raw))]
        line = bisect_right(line_starts, at)
        col = at - line_starts[line - 1] + 1
        problems.warning(
            Position(shown, line, col),
            f"invisible {_kind(char)} character U+{ord(char):04X} "
            f"({unicodedata.name(char, 'unnamed')}) in the article",
            f'add a repair that removes it: {{find: "\\u{ord(char):04X}", replace: "", '
            "reason: ...} (the file itself is never edited)",
        )


def _kind(char: str) -> str:
    if char in BIDI_CONTROLS:
        return "bidirectional control"
    if char in CONTROLS:
        return "control"
    if char in TAGS:
        return "tag"
    return "zero-width" if char in ZERO_WIDTH else "blank"


ALL_HIDDEN = BIDI_CONTROLS | ZERO_WIDTH | TAGS | INVISIBLE | CONTROLS


def reveal(text: str) -> str:
    """The text with every hidden character written out as ⟨U+202E⟩, for showing a repair."""
    if not any(char in ALL_HIDDEN for char in text):
        return text
    return "".join(f"⟨U+{ord(c):04X}⟩" if c in ALL_HIDDEN else c for c in text)


def _check(key: str, scalar: YScalar, problems: Problems) -> None:
    text = scalar.value
    if key == "find":
        return  # a repair's find may name a hidden character to remove; pages reveal it
    verbatim = key in VERBATIM_KEYS
    flagged = HIDING if verbatim else ALL_HIDDEN
    for index, char in enumerate(text):
        if char in flagged:
            problems.warning(
                scalar.at(index),
                f"{key}: invisible {_kind(char)} character {_described(char)}",
                "the article has it too: remove it there with a repair "
                f'({{find: "\\u{ord(char):04X}", replace: ""}}), then from the {key}'
                if verbatim
                else "delete it: it changes how the text looks without showing itself",
            )
    if key in NAME_KEYS:
        _check_look_alikes(key, scalar, problems)
        for word, index in _words(text):
            scripts = {s for c in word if c.isalpha() and (s := _script(c)) is not None}
            if len(scripts) > 1:
                problems.warning(
                    scalar.at(index),
                    f"{key}: '{word}' mixes {' and '.join(sorted(s.title() for s in scripts))} "
                    "letters, which can look alike",
                    "retype the word in one script",
                )


def _described(char: str) -> str:
    """U+001B, or U+202E (RIGHT-TO-LEFT OVERRIDE) where the character has a name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


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
