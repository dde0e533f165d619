"""The source page: metadata, the article text (`article.py`), and every annotation
listed in text order, each linking back to its words and on to its claims."""

from __future__ import annotations

from .. import quotemarks
from ..index import Passage
from ..model import Source, wikidata_iri
from ..pipeline import Article
from ..unicode_checks import reveal
from .article import article_text
from .cards import Pieces, cards, quote_language, stance_refs
from .citations import citation_views
from .context import PageContext
from .corrections import correction_json_ld, correction_views
from .coverage import coverage
from .filters import Facets
from .i18n import N_
from .prose import prose
from .source_views import Annotation, Repair, SourceFacts
from .views import Link


def render_source(ctx: PageContext, source_id: str) -> str:
    source = ctx.dossier.sources[source_id]
    article = ctx.compiled.articles[source_id]
    passages = ctx.index.passages.get(source_id, [])
    ctx.head.append(_news_article(ctx, source_id, source))
    facets = Facets()
    pieces = Pieces(ctx)
    annotations = _annotations(ctx, passages, facets, pieces)
    named = ctx.compiled.named.get(source_id, [])
    return ctx.titled(source.title, _described(ctx, source)) + ctx.page(
        "dossier/source.html",
        id=source_id,
        source=source,
        facts=_facts(ctx, source, article),
        coverage=coverage(ctx.compiled, source_id) if ctx.preview else None,
        filters=facets.form(N_("annotations")),
        text=article_text(ctx, passages, named, article.text, source.language),
        cards=cards(ctx, passages, pieces),
        annotations=annotations,
        references=citation_views(source.cite, ctx.words),
        corrections=correction_views(source.corrections, ctx.words),
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
    if source.corrections:
        data["correction"] = correction_json_ld(source.corrections)
    return ctx.json_ld(data)


def _described(ctx: PageContext, source: Source) -> str:
    """The page's description: the article's title, its outlet and date, and what the
    page offers."""
    by = [ctx.name_of(source.outlet)] if source.outlet else []
    by += [ctx.words.date(source.published)] if source.published else []
    title = quotemarks.enclose(source.title, ctx.words.language)
    if by:
        title = ctx.tr("%(title)s, %(outlet_and_date)s", title=title, outlet_and_date=", ".join(by))
    return ctx.tr("%(source)s: the article, every quote annotated.", source=title)


def _facts(ctx: PageContext, source: Source, article: Article) -> SourceFacts:
    return SourceFacts(
        ctx.entity(source.outlet) if source.outlet else None,
        ctx.words.date(source.published or ""),
        source.byline or "",
        source.dateline or "",
        ctx.words.language_name(source.language) if source.language else "",
        source.url or "",
        Link(ctx.static_url(source.file), ctx.tr("the article as received, plain text")),
        tuple(
            Repair(reveal(r.find), reveal(r.replace), r.count, prose(r.reason))
            for r in article.repairs
        ),
        tuple(prose(note) for note in source.notes),
        source.archive_url or "",
    )


def _annotations(
    ctx: PageContext, passages: list[Passage], facets: Facets, pieces: Pieces
) -> tuple[Annotation, ...]:
    found = []
    for n, passage in enumerate(passages, 1):
        annotation = passage.annotation
        outlet = ctx.dossier.sources[passage.source_id].outlet
        stances = tuple(
            (
                pieces.who(stance.by or outlet, stance.stance, stance.by is None, None),
                pieces.claim(stance.claim),
            )
            for stance in annotation.stances
        )
        found.append(
            Annotation(
                n,
                passage.anchor.anchor_id,
                passage.quote,
                stances,
                tuple(pieces.entity(m) for m in annotation.mentions),
                prose(annotation.note) if annotation.note else None,
                facets.item(ctx, stance_refs(ctx, passage)),
                *quote_language(ctx, passage),
                ctx.translated(passage),
            )
        )
    return tuple(found)
