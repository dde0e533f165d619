"""The changes page: what changed in the dossier, by day, newest first.

Flow: the compiled dossier, and what git says of its records (`history`, handed to the
page as `PageContext.history`) -> per day: the sources added (the day their record was
first committed), the corrections made (their own day), and each commit with the
records it changed (those whose lines it last touched) -> `changes.html`.

A build without git history lists the corrections alone, and says why; the preview
(`mkdocs serve`) reads no history either. A returning reader sees at a glance what is
new since their last visit; the feed (`feed/atom.xml`) says the same to a feed reader.
"""

from __future__ import annotations

from collections import defaultdict

from ..history import Written
from ..model import CORRECTABLE, Correction
from .context import PageContext
from .prose import prose
from .views import ChangeCommit, ChangeCorrection, ChangeDay, Link

MAX_COMMITS = 200  # the newest; a page of every commit since the start would not be read


def render_changes(ctx: PageContext) -> str:
    history = ctx.history
    added: dict[str, list[Link]] = defaultdict(list)
    corrected: dict[str, list[ChangeCorrection]] = defaultdict(list)
    committed: dict[str, list[ChangeCommit]] = defaultdict(list)
    for source_id in ctx.dossier.sources:
        written = _written(ctx, ("sources", source_id))
        if written is not None:
            added[written.created.date().isoformat()].append(
                _record_page(ctx, "sources", source_id)
            )
    for kind in CORRECTABLE:
        for ident, record in ctx.dossier.of_kind(kind).items():
            corrections: list[Correction] = getattr(record, "corrections", [])
            for c in corrections:
                corrected[c.date].append(
                    ChangeCorrection(_record_page(ctx, kind, ident), prose(c.text))
                )
    touched: dict[str, list[Link]] = defaultdict(list)
    for key, where in ctx.compiled.origins.items():
        written = history.records.get((where.path, where.line))
        if written is None or key[0] not in (*CORRECTABLE, "annotation"):
            continue
        for sha in written.commits:
            touched[sha].append(_record_link(ctx, key))
    newest = sorted(touched, key=lambda sha: history.commits[sha].when, reverse=True)
    for sha in newest[:MAX_COMMITS]:
        commit = history.commits[sha]
        links = tuple(sorted(touched[sha], key=lambda link: (link.kind, link.text.lower())))
        committed[commit.when.date().isoformat()].append(
            ChangeCommit(sha[:10], commit.subject, links)
        )
    days = sorted({*added, *corrected, *committed}, reverse=True)
    title = ctx.titled(ctx.tr("Changes"), ctx.tr("What changed in the dossier, by day"))
    return title + ctx.page(
        "dossier/changes.html",
        days=tuple(
            ChangeDay(
                ctx.words.date(day),
                day,
                tuple(added.get(day, ())),
                tuple(corrected.get(day, ())),
                tuple(committed.get(day, ())),
            )
            for day in days
        ),
        with_history=bool(history.records),
        preview=ctx.preview,
        more_commits=max(0, len(newest) - MAX_COMMITS),
    )


def _written(ctx: PageContext, key: tuple[str, str]) -> Written | None:
    where = ctx.compiled.origins.get(key)
    return ctx.history.records.get((where.path, where.line)) if where else None


def _record_page(ctx: PageContext, kind: str, ident: str) -> Link:
    """A record's page, named as the page names it."""
    if kind in ("actors", "locations"):
        return ctx.entity(ident)
    if kind == "claims":
        return Link(ctx.url("claims", ident), ctx.statement_of(ident), "claim")
    return Link(ctx.url("sources", ident), ctx.dossier.sources[ident].title, "source")


def _record_link(ctx: PageContext, key: tuple[str, str]) -> Link:
    """A record a commit changed; an annotation by its quote, on its source page."""
    kind, ident = key
    if kind != "annotation":
        return _record_page(ctx, kind, ident)
    source_id, anchor_id = ident.split("#", 1)
    anchor = ctx.compiled.anchor_by_id.get(source_id, {}).get(anchor_id)
    text = ctx.compiled.articles[source_id].text
    quote = text[anchor.start : anchor.end] if anchor else anchor_id
    shown = quote if len(quote) <= 80 else quote[:79] + "…"
    return Link(
        ctx.url("sources", source_id, anchor_id), ctx.tr("quote: %(quote)s", quote=shown), "quote"
    )
