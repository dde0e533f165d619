"""What is left to annotate: per source, the quotations, attributed statements and named
entities that no annotation covers yet, with their positions, and the share covered.

Flow: a compiled dossier -> per article, the annotation spans merged into covered
intervals (sorted once) -> one scan of the text for quotation marks, one for sentence
ends and words (attribution words of the source's language, from
`data/attribution/<lang>.txt`), and the names the one-pass matcher found -> each item
looked up in the intervals by bisection. Linear in the text, whatever the number of
names, annotations or attribution words.

A quotation counts as covered when every letter and digit inside its marks lies in
quotes that carry a stance; a statement, when a quote that carries a stance overlaps
its sentence; a name, when it lies inside any annotated quote.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .pipeline import Compiled

ATTRIBUTION_DIR = Path(__file__).parent / "data" / "attribution"
KINDS = ("quotation", "statement", "mention")
# A quotation opens with one of these and closes with one of its closers, on the same
# paragraph; one left open runs to the end of its paragraph, as a continued quote does.
_CLOSERS = {"“": "”", '"': '"', "«": "»", "„": "“”"}
_QUOTE_MARKS = re.compile(r'[“”"«»„\n]')
# A run of end marks is tried from its first mark only (the look-behind): tried from
# each mark of a long run that no space follows, the scan was quadratic in the run.
_SENTENCE_END = re.compile(r'(?<![.!?…])[.!?…]+["”’»)]*\s+|\n\s*')
_WORD = re.compile(r"\w+")
SHOWN = 120  # characters of an item's text shown in a report


@dataclass(frozen=True, slots=True)
class Item:
    """Something an editor may want to annotate: its kind, span and words."""

    kind: str
    start: int
    end: int
    line: int
    col: int
    text: str
    entity: str = ""  # for a mention: the id of the entity named
    covered: bool = False


@dataclass(slots=True)
class SourceCoverage:
    source_id: str
    path: str
    language: str
    items: list[Item] = field(default_factory=list)
    has_words: bool = True  # False: no attribution words for the language; no statements

    def counts(self, kind: str | None = None) -> tuple[int, int]:
        """(covered, total), of one kind or of all."""
        chosen = [i for i in self.items if kind is None or i.kind == kind]
        return sum(i.covered for i in chosen), len(chosen)

    @property
    def share(self) -> float:
        covered, total = self.counts()
        return covered / total if total else 1.0

    @property
    def uncovered(self) -> list[Item]:
        return [i for i in self.items if not i.covered]


@cache
def attribution_words(language: str) -> frozenset[str] | None:
    """The attribution words of a language code (`pt-BR` reads `pt.txt`), or None."""
    primary = language.split("-", 1)[0].lower()
    path = ATTRIBUTION_DIR / f"{primary}.txt"
    if not re.fullmatch(r"[a-z]{2,3}", primary) or not path.is_file():
        return None
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().casefold()
        if word:
            words.add(word)
    return frozenset(words)


def measure_all(compiled: Compiled) -> list[SourceCoverage]:
    return [measure(compiled, source_id) for source_id in compiled.articles]


def measure(compiled: Compiled, source_id: str) -> SourceCoverage:
    article = compiled.articles[source_id]
    source = compiled.dossier.sources[source_id]
    text = article.text
    annotations = compiled.dossier.annotations.get(source_id, [])
    anchors = compiled.anchors.get(source_id, [])
    spans = [(a.start, a.end) for a in anchors if a is not None]
    with_stances = [
        (a.start, a.end)
        for annotation, a in zip(annotations, anchors, strict=False)
        if a is not None and annotation.stances
    ]
    stance_cover = _Intervals(text, with_stances)
    any_cover = _Intervals(text, spans)
    lines = _LineIndex(text)
    report = SourceCoverage(source_id, article.path, source.language)
    found: list[Item] = []
    for start, end in _quotations(text):
        inner = _trim(text, start, end)
        if inner is None:
            continue
        found.append(
            lines.item("quotation", start, end, text, covered=stance_cover.contains(*inner))
        )
    words = attribution_words(source.language)
    if words is None:
        report.has_words = False
    else:
        for start, end in _sentences(text):
            if any(w.group().casefold() in words for w in _WORD.finditer(text, start, end)):
                covered = stance_cover.overlaps(start, end)
                found.append(lines.item("statement", start, end, text, covered=covered))
    for span in compiled.named.get(source_id, []):
        found.append(
            lines.item(
                "mention",
                span.start,
                span.end,
                text,
                covered=any_cover.contains(span.start, span.end),
                entity=span.entity_id,
            )
        )
    found.sort(key=lambda i: (i.start, KINDS.index(i.kind)))
    report.items = found
    return report


def _quotations(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each quotation, marks included; one pass over the quotation marks."""
    opened: tuple[int, str] | None = None
    for match in _QUOTE_MARKS.finditer(text):
        mark, at = match.group(), match.start()
        if opened is None:
            if mark in _CLOSERS:
                opened = (at, mark)
            continue
        start, opener = opened
        if mark == "\n":
            yield start, at  # runs on into the next paragraph, as a continued quote does
            opened = None
        elif mark in _CLOSERS[opener]:
            yield start, at + 1
            opened = None
    if opened is not None:
        yield opened[0], len(text.rstrip())


def _sentences(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + len(match.group().rstrip())
        if text[start:end].strip():
            yield start, end
        start = match.end()
    if text[start:].strip():
        yield start, len(text.rstrip())


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span from the first to the last letter or digit, or None if there is none."""
    first = next((i for i in range(start, end) if text[i].isalnum()), None)
    if first is None:
        return None
    last = next(i for i in range(end - 1, first - 1, -1) if text[i].isalnum())
    return first, last + 1


class _Intervals:
    """Annotated spans merged where only spaces and punctuation lie between them."""

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and (
                start <= merged[-1][1] or not any(c.isalnum() for c in text[merged[-1][1] : start])
            ):
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def contains(self, start: int, end: int) -> bool:
        k = bisect_right(self.starts, start) - 1
        return k >= 0 and self.ends[k] >= end

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_right(self.ends, start)  # the first interval ending after `start`
        return k < len(self.starts) and self.starts[k] < end


class _LineIndex:
    """Line and column of an offset, by bisection over the line starts (built once)."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def item(
        self, kind: str, start: int, end: int, text: str, covered: bool, entity: str = ""
    ) -> Item:
        line = bisect_left(self.starts, start + 1)
        col = start - self.starts[line - 1] + 1
        return Item(kind, start, end, line, col, " ".join(text[start:end].split()), entity, covered)


def shown(item: Item) -> str:
    words = item.text if len(item.text) <= SHOWN else item.text[: SHOWN - 1] + "…"
    entity = f" ({item.entity})" if item.entity else ""
    return f"uncovered {item.kind}: {json.dumps(words, ensure_ascii=False)}{entity}"


def summary(report: SourceCoverage) -> str:
    covered, total = report.counts()
    parts = []
    for kind in KINDS:
        if kind == "statement" and not report.has_words:
            parts.append(f"statements not counted (no attribution words for '{report.language}')")
            continue
        done, of = report.counts(kind)
        parts.append(f"{kind}s {done}/{of}")
    return f"{report.source_id}: {covered} of {total} covered ({report.share:.0%}): " + ", ".join(
        parts
    )


def as_text(reports: list[SourceCoverage]) -> list[str]:
    """`path:line:col: uncovered quotation: "..."` lines, then one summary line per source."""
    lines = [
        f"{report.path}:{item.line}:{item.col}: {shown(item)}"
        for report in reports
        for item in report.uncovered
    ]
    return [*lines, *(summary(report) for report in reports)]


def as_json(reports: list[SourceCoverage]) -> str:
    return json.dumps(
        {
            "sources": [
                {
                    "source": r.source_id,
                    "path": r.path,
                    "language": r.language,
                    "covered": r.counts()[0],
                    "total": r.counts()[1],
                    "share": round(r.share, 4),
                    "by_kind": {
                        kind: {"covered": r.counts(kind)[0], "total": r.counts(kind)[1]}
                        for kind in KINDS
                    },
                    "statements_counted": r.has_words,
                    "uncovered": [
                        {
                            "kind": i.kind,
                            "line": i.line,
                            "col": i.col,
                            "text": i.text,
                            **({"entity": i.entity} if i.entity else {}),
                        }
                        for i in r.uncovered
                    ],
                }
                for r in reports
            ]
        },
        indent=2,
        ensure_ascii=False,
    )
