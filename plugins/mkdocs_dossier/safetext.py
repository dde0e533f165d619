"""Dossier text on its way out of the HTML pages: to a terminal, a CI log, GitHub Markdown,
or a page's metadata. Each target gets one function, and every writer goes through it.

- `visible`: for terminals and logs. Control characters (ESC starts colour and OSC-8
  links, C1 CSI does the same on some terminals), bidirectional controls and line
  separators are shown as escapes such as `\\x1b`, so nothing a value holds can act on
  the terminal, forge a line of output, or reorder what the reader sees.
- `markdown_text`: for GitHub-flavoured Markdown (a pull request's step summary): the
  visible text, with HTML and Markdown syntax escaped, so no value becomes an image, a
  link, a heading or raw HTML.
- `plain_line`: for page metadata (titles, descriptions): one line of printable text,
  the characters no title may hold removed.
"""

from __future__ import annotations

import re
import unicodedata

# Format characters that reorder or hide text (bidi controls, tag characters); other Cf
# characters (soft hyphen, zero-width joiner in emoji) are harmless on a terminal.
_REORDERING = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_UNPRINTABLE_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _hidden(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in _UNPRINTABLE_CATEGORIES
        or char in _REORDERING
        or 0xE0000 <= code <= 0xE007F  # tag characters
        or _is_noncharacter(code)
    )


def hidden(char: str) -> bool:
    """Whether the character is one `visible` escapes (a control, a reordering or
    separator character, a noncharacter)."""
    return _hidden(char)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """The text with every control, reordering and separator character written as an escape."""
    return "".join(_escape(c) if _hidden(c) else c for c in text)


# What GitHub Markdown gives meaning to inside a line (emphasis, code, links and images,
# tables, strike-through); HTML's three as entities. Values never start a line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]!|~])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def markdown_text(text: str) -> str:
    """The text as inline Markdown that shows exactly these characters and nothing else."""
    shown = visible(text)
    shown = "".join(_HTML_SPECIAL.get(c, c) for c in shown)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", shown)


def plain_line(text: str) -> str:
    """One line of printable text for a title or description: line breaks and tabs
    become spaces; controls, noncharacters and reordering controls are dropped."""
    out = []
    for char in text:
        if char in "\t\n\r\v\f\x85\u2028\u2029":
            out.append(" ")
        elif not _hidden(char):
            out.append(char)
    return " ".join("".join(out).split())
