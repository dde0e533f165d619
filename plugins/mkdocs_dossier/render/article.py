"""The article text as pieces for the page's template: in its paragraphs, with every
annotated quote highlighted and every alias linked to its actor or location.

The text is cut at every quote edge and name edge; each piece lists the quotes
covering it (outermost first), and the template wraps it in one `<mark>` each, so
overlapping and nested quotes both render. A quote's first piece carries its
permalink id and is the only one exposed as a highlight to assistive technology; the
numbered reference after the quote names what it carries, for keyboard and
screen-reader users alike. The template (`dossier/pieces/article.html`) renders all
pieces in one loop; the values a piece shares with others are made once a page.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import pairwise

from ..index import Passage
from ..languages import direction
from ..mentions import NamedSpan
from ..text import LINE_BREAK
from .context import KIND_SINGULAR, PageContext
from .i18n import N_
from .source_views import ArticleText, Mark, NameLink, Piece, Ref

NAME_KINDS = {"actor": N_("actor"), "location": N_("place")}  # a linked name's tooltip

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
        if ctx.index.statuses[stance.claim] == "disputed":
            statement = ctx.tr("%(claim)s (disputed)", claim=statement)
        parts.append(
            ctx.tr(
                "%(who)s %(stance)s: %(claim)s",
                who=who,
                stance=ctx.tr(stance.stance),
                claim=statement,
            )
        )
    if passage.annotation.mentions:
        names = ", ".join(ctx.name_of(m) for m in passage.annotation.mentions)
        parts.append(ctx.tr("Mentions: %(names)s", names=names))
    return " · ".join(parts)


class ArticleMaker:
    """Makes one article's pieces; they are visited in text order, so covering quotes
    are swept once."""

    def __init__(self, ctx: PageContext, passages: list[Passage], named: list[NamedSpan]) -> None:
        self.ctx = ctx
        self.passages = passages  # in text order (start, then longest first)
        self.named = named
        statuses = ctx.index.statuses
        # Per quote, made once: its mark on its first piece and on the others, its reference.
        self.marks: dict[int, tuple[Mark, Mark]] = {}
        self.refs: dict[int, Ref] = {}
        for n, passage in enumerate(passages, 1):
            ident = passage.anchor.anchor_id
            tip = summary(ctx, passage)
            stances = passage.annotation.stances
            disputed = any(statuses[s.claim] == "disputed" for s in stances)
            claim = bool(stances)
            own = passage.annotation.language  # a quote in another language than the text's
            lang, way = (own, direction(own)) if own else ("", "")
            self.marks[id(passage)] = (
                Mark(ident, tip, True, claim, disputed, lang, way),
                Mark(ident, tip, False, claim, disputed, lang, way),
            )
            self.refs[id(passage)] = Ref(n, ident, tip, disputed)
        self.names: dict[str, NameLink] = {}
        self.opened: set[int] = set()
        self._next_passage = 0
        self._active: list[Passage] = []
        self._next_name = 0

    def make(self, text: str, language: str) -> ArticleText:
        edges = {e for p in self.passages for e in (p.anchor.start, p.anchor.end)}
        edges.update(e for n in self.named for e in (n.start, n.end))
        cuts = sorted(edges)
        found = []
        for start, end in paragraphs(text):
            inside = cuts[bisect_right(cuts, start) : bisect_left(cuts, end)]
            found.append(
                tuple(self._piece(text[a:b], a, b) for a, b in pairwise([start, *inside, end]))
            )
        return ArticleText(language, tuple(found), direction(language))

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

    def _piece(self, chunk: str, start: int, end: int) -> Piece:
        more: tuple[str, ...] = ()
        if "\n" in chunk or "\r" in chunk:
            chunk, *lines = LINE_BREAK.split(chunk)
            more = tuple(lines)
        span = self._name_at(start, end)
        name = self._name_link(span.entity_id) if span is not None else None
        name_id = span.anchor_id if span is not None and start == span.start else ""
        covering = self._covering(start, end)
        if not covering:
            return Piece(chunk, more, (), name, name_id, ())
        marks = []
        refs = []
        for passage in covering:  # outermost first
            key = id(passage)
            first, later = self.marks[key]
            if key in self.opened:
                marks.append(later)
            else:
                self.opened.add(key)
                marks.append(first)
            if end == passage.anchor.end:
                refs.append(self.refs[key])
        return Piece(chunk, more, tuple(marks), name, name_id, tuple(refs))

    def _name_link(self, entity_id: str) -> NameLink:
        link = self.names.get(entity_id)
        if link is None:
            kind = self.ctx.entity_kind(entity_id)
            singular = KIND_SINGULAR[kind]
            said = self.ctx.tr(NAME_KINDS[singular])
            title = self.ctx.tr("%(kind)s: %(name)s", kind=said, name=self.ctx.name_of(entity_id))
            link = self.names[entity_id] = NameLink(self.ctx.url(kind, entity_id), singular, title)
        return link


def article_text(
    ctx: PageContext, passages: list[Passage], named: list[NamedSpan], text: str, language: str
) -> ArticleText:
    """The article's paragraphs as pieces, for `dossier/pieces/article.html`."""
    return ArticleMaker(ctx, passages, named).make(text, language)
