"""The article text as HTML: escaped, in its paragraphs, with every annotated quote
highlighted and every alias linked to its actor or location.

The text is cut at every quote edge and name edge; each piece is escaped and wrapped
in one `<mark>` per quote covering it (outermost first), so overlapping and nested
quotes both render. A quote's first piece carries its permalink id and is the only
one exposed as a highlight to assistive technology; the numbered link after the
quote names what it carries, for keyboard and screen-reader users alike.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import pairwise

from ..index import Passage
from ..mentions import NamedSpan
from ..text import LINE_BREAK
from .common import KIND_SINGULAR, PageContext, esc

# A blank line ends a paragraph; CRLF, LF and a lone CR (old Mac files) are all line breaks.
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n?|\n)[^\S\r\n]*(?:\r\n?|\n)\s*")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blocks separated by blank lines, trailing space trimmed."""
    found = []
    position = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        end = position + len(text[position:end].rstrip())
        if end > position:
            found.append((position, end))
        position = brk.end() if brk else len(text)
    return found


def summary(ctx: PageContext, passage: Passage) -> str:
    """What a quote carries, in words: 'Russia denies: <claim> · Mentions: Syria'."""
    source = ctx.dossier.sources[passage.source_id]
    parts = []
    for stance in passage.annotation.stances:
        who = ctx.name_of(stance.by or source.outlet)
        statement = ctx.dossier.claims[stance.claim].statement
        contested = " (disputed)" if ctx.index.statuses[stance.claim] == "disputed" else ""
        parts.append(f"{who} {stance.stance}: {statement}{contested}")
    if passage.annotation.mentions:
        names = ", ".join(ctx.name_of(m) for m in passage.annotation.mentions)
        parts.append(f"Mentions: {names}")
    return " · ".join(parts)


class ArticleHtml:
    """Renders one article; pieces are visited in text order, so covering quotes are swept."""

    def __init__(self, ctx: PageContext, passages: list[Passage], named: list[NamedSpan]) -> None:
        self.ctx = ctx
        self.passages = passages  # in text order (start, then longest first)
        self.numbers = {p.anchor.anchor_id: n for n, p in enumerate(passages, 1)}
        self.named = named
        self.summaries = {p.anchor.anchor_id: summary(ctx, p) for p in passages}
        self.opened: set[str] = set()
        self._next_passage = 0
        self._active: list[Passage] = []
        self._next_name = 0

    def render(self, text: str, language: str) -> str:
        edges = {e for p in self.passages for e in (p.anchor.start, p.anchor.end)}
        edges.update(e for n in self.named for e in (n.start, n.end))
        cuts = sorted(edges)
        out = [f'<div class="dossier-article" lang="{esc(language)}">']
        for start, end in paragraphs(text):
            inside = cuts[bisect_right(cuts, start) : bisect_left(cuts, end)]
            pieces = (self._piece(text[a:b], a, b) for a, b in pairwise([start, *inside, end]))
            out.append(f"<p>{''.join(pieces)}</p>")
        out.append("</div>")
        return "".join(out)

    def _covering(self, start: int, end: int) -> list[Passage]:
        while (
            self._next_passage < len(self.passages)
            and self.passages[self._next_passage].anchor.start <= start
        ):
            self._active.append(self.passages[self._next_passage])
            self._next_passage += 1
        self._active = [p for p in self._active if p.anchor.end > start]
        return [p for p in self._active if end <= p.anchor.end]

    def _name_at(self, start: int, end: int) -> NamedSpan | None:
        while self._next_name < len(self.named) and self.named[self._next_name].end <= start:
            self._next_name += 1
        if self._next_name < len(self.named):
            span = self.named[self._next_name]
            if span.start <= start and end <= span.end:
                return span
        return None

    def _piece(self, chunk: str, start: int, end: int) -> str:
        html = LINE_BREAK.sub("<br>", esc(chunk))
        name = self._name_at(start, end)
        if name is not None:
            html = self._name_link(name, start, html)
        refs = []
        for passage in reversed(self._covering(start, end)):  # innermost wraps first
            html = self._mark(passage, html)
            if end == passage.anchor.end:
                refs.append(self._ref(passage))
        return html + "".join(reversed(refs))

    def _name_link(self, name: NamedSpan, start: int, html: str) -> str:
        kind = self.ctx.entity_kind(name.entity_id)
        label = f"{KIND_SINGULAR[kind]}: {self.ctx.name_of(name.entity_id)}"
        ident = f' id="{esc(name.anchor_id)}"' if start == name.start else ""
        return (
            f'<a{ident} class="dossier-name dossier-name--{KIND_SINGULAR[kind]}" '
            f'href="{self.ctx.href(kind, name.entity_id)}" title="{esc(label)}">{html}</a>'
        )

    def _mark(self, passage: Passage, html: str) -> str:
        ident = esc(passage.anchor.anchor_id)
        attrs = f' class="{self._classes(passage)}" data-q="{ident}"'
        if ident in self.opened:
            attrs += ' role="none"'  # announced once, on its first piece
        else:
            self.opened.add(ident)
            tip = esc(self.summaries[passage.anchor.anchor_id])
            attrs = f' id="{ident}"' + attrs + f' title="{tip}"'

        return f"<mark{attrs}>{html}</mark>"

    def _ref(self, passage: Passage) -> str:
        ident = esc(passage.anchor.anchor_id)
        n = self.numbers[passage.anchor.anchor_id]
        tip = esc(self.summaries[passage.anchor.anchor_id])
        disputed = " dossier-ref--disputed" if self._disputed(passage) else ""
        return (
            f'<a class="dossier-ref{disputed}" href="#ann-{ident}" '
            f'aria-label="Annotation {n}: {tip}">{n}</a>'
        )

    def _disputed(self, passage: Passage) -> bool:
        statuses = self.ctx.index.statuses
        return any(statuses[s.claim] == "disputed" for s in passage.annotation.stances)

    def _classes(self, passage: Passage) -> str:
        stances = passage.annotation.stances
        classes = ["dossier-hl", "dossier-hl--claim" if stances else "dossier-hl--mention"]
        if self._disputed(passage):
            classes.append("dossier-hl--disputed")
        return " ".join(classes)
