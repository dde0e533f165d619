"""Propose `repairs` for mojibake: UTF-8 text that was decoded with the wrong code page.

ftfy repairs the common Windows-1252 and Latin-1 cases; articles also arrive through
DOS code pages (`Fran├žois` is UTF-8 read as CP852), which it leaves alone. For each
word with non-ASCII letters we try re-encoding it with each candidate code page and
decoding as UTF-8; a word that decodes cleanly into fewer characters is proposed,
never applied: an editor reviews it and adds it to the source's `repairs`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CODE_PAGES = ("cp852", "cp850", "cp437", "cp1252", "latin-1", "cp1251", "mac_roman")
_WORD_WITH_NON_ASCII = re.compile(r"\S*[^\x00-\x7f]\S*")
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
    """One proposal per distinct garbled word, in order of first appearance."""
    proposals: dict[str, RepairProposal] = {}
    for match in _WORD_WITH_NON_ASCII.finditer(text):
        word = match.group().strip(_TRIM)
        if not word or word in proposals:
            continue
        fixed = _decode(word)
        if fixed is None:
            continue
        repaired, code_page = fixed
        offset = match.start() + match.group().index(word)
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        proposals[word] = RepairProposal(word, repaired, code_page, line, col, text.count(word))
    return list(proposals.values())


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
