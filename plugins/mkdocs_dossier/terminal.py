"""The one way the `dossier` command prints: whatever a line holds, it cannot act on the
terminal or CI log that shows it.

A command echoes what it read (a saved page's title and byline, a text file's first
line, mojibake found in it, a YAML value, a file name); any of them can hold an escape
sequence that clears the screen, sets the window title, hides a hyperlink (OSC 8) or
reorders the line (a bidi override). So `cli.py` never calls `print`: text goes through
`say`, which keeps the line breaks and tabs of the output and shows every other control,
reordering or separator character as an escape (`safetext.visible`); JSON goes through
`say_json`, which writes those characters as JSON escapes (`\\u001b`), so the output is
still valid JSON that means the same.
"""

from __future__ import annotations

import sys
from typing import TextIO

from .safetext import hidden, visible


def _stream(err: bool) -> TextIO:
    return sys.stderr if err else sys.stdout


def shown(text: str) -> str:
    """The text with its own line breaks and tabs, every other hidden character escaped."""
    return "\n".join("\t".join(map(visible, line.split("\t"))) for line in text.split("\n"))


def say(text: str = "", *, err: bool = False, end: str = "\n") -> None:
    """Print one or more lines to stdout (or stderr), nothing in them acting on the terminal."""
    _stream(err).write(shown(text) + end)


def json_escaped(text: str) -> str:
    """JSON text with every hidden character (C1 controls, DEL, bidi controls, U+2028)
    written as a JSON escape; `json.dumps` already escapes C0 controls in strings, and
    outside strings JSON holds none but the line breaks of its indentation."""
    out = []
    for char in text:
        if char == "\n" or not hidden(char):
            out.append(char)
            continue
        code = ord(char)
        if code >= 0x10000:  # as a surrogate pair, the only way JSON writes it
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def say_json(text: str, *, err: bool = False) -> None:
    """Print a JSON document, still valid and meaning the same, nothing raw in it."""
    _stream(err).write(json_escaped(text) + "\n")
