"""Propose `repairs` for mojibake: UTF-8 text that was decoded with the wrong code page.

ftfy repairs the common Windows-1252 and Latin-1 cases; articles also arrive through
DOS code pages (`Fran├žois` is UTF-8 read as CP852), which it leaves alone. For each
word with non-ASCII letters we try re-encoding it with each candidate code page and
decoding as UTF-8; a word that decodes cleanly into fewer characters is proposed,
never applied: an editor reviews it and adds it to the source's `repairs`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import ahocorasick

CODE_PAGES = ("cp852", "cp850", "cp437", "cp1252", "latin-1", "cp1251", "mac_roman")
# A word (a run of non-spaces) with a non-ASCII character, or glued to the next word by
# a non-ASCII space. Tried only where a word starts (the look-behind), or at a non-ASCII
# space: tried from each letter of one long ASCII word, the scan was quadratic in it.
# Matches are those of the plain `\S*[^\x00-\x7f]\S*`, found in one pass.
_WORD_WITH_NON_ASCII = re.compile(r"(?<!\S)\S*[^\x00-\x7f]\S*|[^\x00-\x7f\S]\S*")
_TRIM = "\"'“”‘’«»()[]{}.,;:!?"


@dataclass(frozen=True, slots=True)
class RepairProposal:
    find: str
    replace: str
    code_page: str
    line: int
    col: int
    count: int

    def as_yaml(self) -> str:
        reason = f"mojibake: UTF-8 bytes read as {self.code_page.upper()}"
        return f'- find: "{self.find}"\n  replace: "{self.replace}"\n  reason: "{reason}"'


def propose_repairs(text: str) -> list[RepairProposal]:
    """One proposal per distinct garbled word, in order of first appearance.

    Linear in the text: one scan for words, lines found by bisection over the line
    starts, and the counts of all proposed words from one Aho-Corasick pass (not one
    `text.count` per word, which is quadratic in an article of many distinct words)."""
    found: dict[str, tuple[int, str, str]] = {}  # word -> (offset, repaired, code page)
    for match in _WORD_WITH_NON_ASCII.finditer(text):
        word = match.group().strip(_TRIM)
        if not word or word in found:
            continue
        fixed = _decode(word)
        if fixed is None:
            continue
        found[word] = (match.start() + match.group().index(word), *fixed)
    counts = _counts(text, list(found))
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
    proposals = []
    for word, (offset, repaired, code_page) in found.items():
        line = bisect_right(line_starts, offset)
        col = offset - line_starts[line - 1] + 1
        proposals.append(RepairProposal(word, repaired, code_page, line, col, counts[word]))
    return proposals


def _counts(text: str, words: list[str]) -> dict[str, int]:
    """How many times `text.replace(word, ...)` would replace each word: its occurrences
    that do not overlap, taken from the left (as `str.count` counts them)."""
    counts = dict.fromkeys(words, 0)
    if not words:
        return counts
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    free_from = dict.fromkeys(words, 0)  # where the next counted occurrence may start
    for end, word in automaton.iter(text):
        start = end - len(word) + 1
        if start >= free_from[word]:
            counts[word] += 1
            free_from[word] = end + 1
    return counts


def _decode(word: str) -> tuple[str, str] | None:
    for code_page in CODE_PAGES:
        try:
            repaired = word.encode(code_page).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != word and len(repaired) < len(word) and _plausible(repaired):
            return repaired, code_page
    return None


def _plausible(text: str) -> bool:
    """Only characters common in news text: ASCII, accented Latin, Greek, Cyrillic."""
    return all(
        ch.isascii()
        or "\u00c0" <= ch <= "\u017f"
        or "\u0370" <= ch <= "\u04ff"
        or ch in "\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2026"
        for ch in text
    )
