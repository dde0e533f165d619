"""The source page: metadata, the article text (`article.py`), and every annotation
listed in text order, each linking back to its words and on to its claims."""

from __future__ import annotations

from markupsafe import Markup

from ..exports import wikidata_iri
from ..index import Passage
from ..model import Source
from ..pipeline import Article
from ..unicode_checks import reveal
from .article import ArticleHtml
from .cards import card_templates, stance_refs
from .common import (
    PageContext,
    citations,
    esc,
    fact_rows,
    items,
    stance_verb,
)
from .coverage import coverage_panel
from .filters import Facets, filter_form
from .prose import prose
from .views import Fact


def render_source(ctx: PageContext, source_id: str) -> str:
    source = ctx.dossier.sources[source_id]
    article = ctx.compiled.articles[source_id]
    passages = ctx.index.passages.get(source_id, [])
    ctx.head.append(_news_article(ctx, source_id, source))
    facets = Facets()
    annotations = _annotation_list(ctx, passages, facets)
    text = ArticleHtml(ctx, passages, ctx.compiled.named.get(source_id, [])).render(
        article.text, source.language
    )
    return ctx.titled(source.title, f"Annotated text of “{source.title}”") + ctx.page(
        "dossier/source.html",
        id=source_id,
        source=source,
        facts=_metadata(ctx, source, article),
        coverage=Markup(coverage_panel(ctx.compiled, source_id)) if ctx.preview else "",
        filters=Markup(filter_form(facets, "annotations")),
        text=Markup(text),
        cards=Markup(card_templates(ctx, passages)),
        annotations=Markup(annotations),
        references=Markup(citations(source.cite)),
    )


def _news_article(ctx: PageContext, source_id: str, source: Source) -> str:
    """schema.org NewsArticle, with only the facts the dossier confirms."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": ctx.iri("sources", source_id),
        "headline": source.title,
        "inLanguage": source.language,
        "mainEntityOfPage": ctx.iri("sources", source_id),
    }
    if source.url:
        data["url"] = source.url
    if source.published and not source.published.startswith("~") and "/" not in source.published:
        data["datePublished"] = source.published
    if source.outlet:
        outlet = ctx.dossier.actors[source.outlet]
        publisher: dict[str, str] = {"@type": "Organization", "name": outlet.name}
        if outlet.wikidata:
            publisher["sameAs"] = wikidata_iri(outlet.wikidata) or ""
        data["publisher"] = publisher
    if source.byline:
        data["author"] = {"@type": "Person", "name": source.byline}
    return ctx.json_ld(data)


def _metadata(ctx: PageContext, source: Source, article: Article) -> list[Fact]:
    repairs = items(
        f"<code>{esc(reveal(r.find))}</code> → <code>{esc(reveal(r.replace))}</code> "
        f"({r.count}×): "
        f"{prose(r.reason)}"
        for r in article.repairs
    )
    original = ""
    if source.url:
        original = (
            f'<a href="{esc(source.url)}" rel="nofollow noopener noreferrer">{esc(source.url)}</a>'
        )
    published = Markup(f"<time>{esc(source.published)}</time>") if source.published else ""
    text_file = f'<a href="{ctx.static_href(source.file)}">{esc(source.file)}</a>'
    return fact_rows(
        [
            ("Outlet", Markup(ctx.entity_link(source.outlet)) if source.outlet else ""),
            ("Published", published),
            ("Byline", source.byline or ""),
            ("Dateline", source.dateline or ""),
            ("Language", source.language),
            ("Original", Markup(original)),
            ("Text file", Markup(text_file)),
            ("Text repaired", Markup(repairs)),
            ("Notes", Markup(items(prose(note) for note in source.notes))),
        ]
    )


def _annotation_list(ctx: PageContext, passages: list[Passage], facets: Facets) -> str:
    rows = []
    for n, passage in enumerate(passages, 1):
        ident = passage.anchor.anchor_id
        annotation = passage.annotation
        source = ctx.dossier.sources[passage.source_id]
        lines = [
            f'<a class="dossier-ref" href="#{esc(ident)}">{n}.</a> '
            f'<q class="dossier-quote">{esc(passage.quote)}</q> '
            f'<span class="dossier-print-only">(#{esc(ident)})</span>'
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
            lines.append(f'<span class="dossier-muted">Note: {prose(annotation.note)}</span>')
        body = "".join(f"<div>{line}</div>" for line in lines)
        # The number stays the quote's when filters hide the items before it.
        attrs = f' value="{n}" data-passage="{esc(ident)}"'
        attrs += facets.item_attrs(ctx, stance_refs(ctx, passage))
        rows.append(f'<li id="ann-{esc(ident)}"{attrs}>{body}</li>')
    if not rows:
        return ""
    return f'<ol class="dossier-annotations">{"".join(rows)}</ol>'
