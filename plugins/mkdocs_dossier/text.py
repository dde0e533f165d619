"""Article text: declared repairs, and the normalised form quotes are matched against.

Flow: the file as received -> `apply_repairs` (reviewed fixes such as mojibake) ->
the text as published on the source page -> `NormalizedText` (what copying changes is
folded away) -> `anchor.py` matches quotes in it and maps matches back, so a highlight
always covers the exact characters of the published text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

# One character for one character, so offsets are unchanged by this step.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
_SPACE_RUN = re.compile(r"\s+")
LINE_BREAK = re.compile(r"\r\n?|\n")  # as editors count lines: CRLF, a lone LF or a lone CR


@dataclass(frozen=True, slots=True)
class AppliedRepair:
    find: str
    replace: str
    reason: str
    count: int
    too_long: int = 0  # the length the text would have had: the repair was refused


def apply_repairs(
    raw: str, repairs: list[tuple[str, str, str]], max_chars: int
) -> tuple[str, list[AppliedRepair]]:
    """Apply (find, replace, reason) repairs in order; a count of 0 means it found nothing.

    A repair that would make the text longer than `max_chars` is refused before it is
    applied (its length is known from the count alone), and the ones after it are not
    applied: repeated expansion would otherwise grow the text without bound.
    """
    text = raw
    applied = []
    for find, replace, reason in repairs:
        count = text.count(find)
        length = len(text) + count * (len(replace) - len(find))
        if length > max_chars:
            applied.append(AppliedRepair(find, replace, reason, count, length))
            break
        text = text.replace(find, replace)
        applied.append(AppliedRepair(find, replace, reason, count))
    return text, applied


def fold(text: str) -> str:
    """The normal form of a quote typed or copied by an editor."""
    return _SPACE_RUN.sub(" ", unicodedata.normalize("NFC", text).translate(_FOLD)).strip()


class NormalizedText:
    """An article in normal form, with a map from normal offsets back to original offsets.

    The map is a list of breakpoints: from `norm[k]` on, offsets advance one for one
    from `orig[k]`. Only collapsed whitespace runs and NFC changes add breakpoints, so
    the map stays small and building it is one regex pass.
    """

    def __init__(self, original: str) -> None:
        self.original = original
        self._norm = [0]
        self._orig = [0]
        if unicodedata.is_normalized("NFC", original):
            self.text = self._fold_fast(original.translate(_FOLD))
        else:
            self.text = self._fold_slow(original)

    def _fold_fast(self, text: str) -> str:
        """Collapse whitespace runs with one regex pass; the common case."""
        pieces: list[str] = []
        last = 0
        removed = 0
        for match in _SPACE_RUN.finditer(text):
            if match.group() == " ":
                continue
            pieces.append(text[last : match.start()])
            pieces.append(" ")
            new_start = match.start() - removed
            removed += len(match.group()) - 1
            last = match.end()
            self._add(new_start, match.start())
            self._add(new_start + 1, match.end())
        pieces.append(text[last:])
        return "".join(pieces)

    def _fold_slow(self, text: str) -> str:
        """Character by character, for text not in NFC (rare, so a Python loop is fine)."""
        out: list[str] = []
        norm = 0
        i = 0
        while i < len(text):
            j = i + 1
            if text[i].isspace():
                while j < len(text) and text[j].isspace():
                    j += 1
                piece = " "
            else:
                while j < len(text) and unicodedata.combining(text[j]):
                    j += 1
                piece = unicodedata.normalize("NFC", text[i:j]).translate(_FOLD)
            if len(piece) != j - i:
                self._add(norm, i)
                self._add(norm + len(piece), j)
            out.append(piece)
            norm += len(piece)
            i = j
        return "".join(out)

    def _add(self, norm_at: int, orig_at: int) -> None:
        if self._norm[-1] == norm_at:
            self._orig[-1] = orig_at
        else:
            self._norm.append(norm_at)
            self._orig.append(orig_at)

    def to_original(self, offset: int) -> int:
        """The original offset of the normal-form character at `offset` (or of the end)."""
        k = bisect_right(self._norm, offset) - 1
        return self._orig[k] + (offset - self._norm[k])

    @cached_property
    def _line_starts(self) -> list[int]:
        """Where each line starts, found once: many errors in one article stay linear."""
        return [0, *(m.end() for m in LINE_BREAK.finditer(self.original))]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column in the original text of a normal-form offset."""
        original = self.to_original(offset)
        line = bisect_right(self._line_starts, original)
        return line, original - self._line_starts[line - 1] + 1
