"""The source page: metadata, the article text with every annotated quote highlighted,
and the annotations listed in text order.

The text is cut at every quote boundary and line break; each piece is escaped and
wrapped in one `<mark>` per quote covering it, so overlapping and nested quotes both
render, and each quote's first piece carries its permalink id.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import pairwise

from ..index import Passage
from ..model import Source
from ..pipeline import Article
from .common import (
    PageContext,
    definition_list,
    esc,
    front_matter,
    html_block,
    items,
    stance_verb,
)

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def render_source(ctx: PageContext, source_id: str) -> str:
    source = ctx.dossier.sources[source_id]
    article = ctx.compiled.articles[source_id]
    passages = ctx.index.passages.get(source_id, [])
    numbers = {p.anchor.anchor_id: n for n, p in enumerate(passages, 1)}
    return "".join(
        [
            front_matter(source.title, f"Annotated text of “{source.title}”"),
            html_block(
                '<p class="dossier-kicker">Source</p>',
                f"<h1>{esc(source.title)}</h1>",
                _metadata(ctx, source, article),
            ),
            "## Text\n",
            html_block(_article_html(ctx, source, article.text, passages, numbers)),
            "## Annotations\n",
            html_block(_annotation_list(ctx, passages)),
        ]
    )


def _metadata(ctx: PageContext, source: Source, article: Article) -> str:
    repairs = items(
        f"<code>{esc(r.find)}</code> → <code>{esc(r.replace)}</code> ({r.count}×): {esc(r.reason)}"
        for r in article.repairs
    )
    original = ""
    if source.url:
        original = (
            f'<a href="{esc(source.url)}" rel="nofollow noopener noreferrer">{esc(source.url)}</a>'
        )
    return definition_list(
        [
            ("Outlet", ctx.entity_link(source.outlet) if source.outlet else ""),
            ("Published", f"<time>{esc(source.published)}</time>" if source.published else ""),
            ("Byline", esc(source.byline) if source.byline else ""),
            ("Dateline", esc(source.dateline) if source.dateline else ""),
            ("Language", esc(source.language)),
            ("Original", original),
            ("Text file", f'<a href="{ctx.static_href(source.file)}">{esc(source.file)}</a>'),
            ("Text repaired", repairs),
            ("Notes", items(esc(note) for note in source.notes)),
        ]
    )


def _article_html(
    ctx: PageContext,
    source: Source,
    text: str,
    passages: list[Passage],
    numbers: dict[str, int],
) -> str:
    cuts = sorted({edge for p in passages for edge in (p.anchor.start, p.anchor.end)})
    paragraphs = []
    position = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        end = position + len(text[position:end].rstrip())
        if end > position:
            paragraphs.append((position, end))
        position = brk.end() if brk else len(text)
    out = [f'<div class="dossier-article" lang="{esc(source.language)}">']
    opened: set[str] = set()
    for start, end in paragraphs:
        inside = cuts[bisect_right(cuts, start) : bisect_left(cuts, end)]
        points = [start, *inside, end]
        pieces = []
        for a, b in pairwise(points):
            pieces.append(_piece(ctx, text[a:b], a, b, passages, numbers, opened))
        out.append(f"<p>{''.join(pieces)}</p>")
    out.append("</div>")
    return "".join(out)


def _piece(
    ctx: PageContext,
    chunk: str,
    start: int,
    end: int,
    passages: list[Passage],
    numbers: dict[str, int],
    opened: set[str],
) -> str:
    html = esc(chunk).replace("\n", "<br>")
    refs = []
    covering = [p for p in passages if p.anchor.start <= start and end <= p.anchor.end]
    for passage in reversed(covering):  # innermost (latest start) wraps first
        ident = esc(passage.anchor.anchor_id)
        attrs = (
            f' class="{_highlight_class(ctx, passage)}" data-q="{ident}"'
            f' title="{esc(_tooltip(ctx, passage))}"'
        )
        if ident not in opened:
            opened.add(ident)
            attrs = f' id="{ident}"' + attrs
        html = f"<mark{attrs}>{html}</mark>"
        if end == passage.anchor.end:
            n = numbers[passage.anchor.anchor_id]
            refs.append(
                f'<a class="dossier-ref" href="#ann-{ident}" '
                f'aria-label="annotation {n}"><sup>{n}</sup></a>'
            )
    return html + "".join(reversed(refs))


def _highlight_class(ctx: PageContext, passage: Passage) -> str:
    classes = ["dossier-hl"]
    stances = passage.annotation.stances
    classes.append("dossier-hl--claim" if stances else "dossier-hl--mention")
    if any(ctx.index.claims[s.claim].status == "disputed" for s in stances):
        classes.append("dossier-hl--disputed")
    return " ".join(classes)


def _tooltip(ctx: PageContext, passage: Passage) -> str:
    parts = []
    source = ctx.dossier.sources[passage.source_id]
    for stance in passage.annotation.stances:
        who = ctx.name_of(stance.by or source.outlet)
        statement = ctx.dossier.claims[stance.claim].statement
        parts.append(f"{who} {stance.stance}: {statement}")
    if passage.annotation.mentions:
        names = ", ".join(ctx.name_of(m) for m in passage.annotation.mentions)
        parts.append(f"Mentions: {names}")
    return " · ".join(parts)


def _annotation_list(ctx: PageContext, passages: list[Passage]) -> str:
    rows = []
    for n, passage in enumerate(passages, 1):
        ident = passage.anchor.anchor_id
        annotation = passage.annotation
        source = ctx.dossier.sources[passage.source_id]
        lines = [
            f'<a class="dossier-ref" href="#{esc(ident)}">{n}.</a> '
            f'<q class="dossier-quote">{esc(passage.quote)}</q>'
        ]
        for stance in annotation.stances:
            speaker = stance.by or source.outlet
            who = ctx.entity_link(speaker)
            if stance.by is None:
                who += ' <span class="dossier-muted">(the outlet’s own voice)</span>'
            lines.append(f"{who} {stance_verb(stance.stance)} {ctx.claim_link(stance.claim)}")
        if annotation.mentions:
            lines.append("Mentions: " + ", ".join(ctx.entity_link(m) for m in annotation.mentions))
        if annotation.note:
            lines.append(f'<span class="dossier-muted">Note: {esc(annotation.note)}</span>')
        body = "".join(f"<div>{line}</div>" for line in lines)
        rows.append(f'<li id="ann-{esc(ident)}">{body}</li>')
    if not rows:
        return "<p>No annotations yet.</p>"
    return f'<ol class="dossier-annotations">{"".join(rows)}</ol>'
