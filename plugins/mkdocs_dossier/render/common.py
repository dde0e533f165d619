"""What every page renderer shares: escaping, links between pages, quoted passages.

A page is its template's HTML, which reaches MkDocs finished: no dossier text is
interpreted as Markdown, and Markdown does not spend time parsing it. Its headings
get their ids and make its table of contents here (`headings`). Its title and
description never go into the page's Markdown (it has none): `page_meta` makes them
and the plugin sets them on the page, so no value can break a front matter.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from .. import dates
from ..disputes import Contest, Dispute
from ..index import Index, Passage, StanceRef
from ..model import Citation, Dossier
from ..pipeline import Compiled, Part
from ..problems import Position
from ..safetext import plain_line
from .headings import Outline, macros
from .templates import Templates, default_templates
from .views import Citation as CitationView
from .views import ClaimLink, EditPlace, Fact, Link, Quote, SideVoices, Stance, Voice, When

if TYPE_CHECKING:
    from .filters import Facets

KINDS = ("sources", "actors", "claims", "locations")
DOWNLOADS = (
    ("dossier.json", "the whole dossier (JSON)"),
    ("annotations.jsonld", "Web Annotations"),
    ("locations.geojson", "places (GeoJSON)"),
    ("stances.csv", "stances (CSV)"),
)
OUTLET_LINK = Link("", "the outlet")
KIND_SINGULAR = {"sources": "source", "actors": "actor", "claims": "claim", "locations": "location"}


def esc(text: object) -> str:
    """Escape for HTML text and attribute values."""
    return html.escape(str(text), quote=True)


def page_meta(title: str, description: str = "", hide: Iterable[str] = ()) -> dict[str, object]:
    """The one place where text becomes a page's metadata, generated or hand-written.

    One printable line each (controls, noncharacters, bidi controls dropped), then
    HTML-escaped: the theme prints `page.meta.title` and `description` unescaped, in
    <title> and in an attribute.
    """
    meta: dict[str, object] = {"title": esc(plain_line(title))}
    if description:
        meta["description"] = esc(plain_line(description))
    if hide:
        meta["hide"] = [esc(plain_line(part)) for part in hide]
    return meta


def heading_title(title_html: str) -> str:
    """A page's title as MkDocs found it (the first heading as escaped HTML with its tags
    stripped, or a nav entry's title already through `nav_title`, or the file name), as
    the page's metadata title: its plain text, one line, escaped once.

    The plugin sets it on every hand-written page, because without a title in its
    metadata the theme prints `page.title | striptags` into <title>, and `striptags`
    decodes entities: a heading `Notes &lt;/title&gt;&lt;img ...&gt;` became live markup.
    With the metadata title the theme prints this text as it is, and the reader sees
    the heading's characters."""
    return esc(plain_line(html.unescape(title_html)))


def nav_title(title: str) -> str:
    """A title from the config's `nav` (a page's, a section's or a link's) as the theme
    prints it, unescaped: the plain text it says, escaped."""
    return esc(plain_line(title))


def hand_written_meta(meta: Mapping[str, object]) -> dict[str, object]:
    """A hand-written page's metadata, as MkDocs read it, through `page_meta`: only the
    keys the content check allows, and only text (the check reports anything else)."""
    title, description, hide = meta.get("title"), meta.get("description"), meta.get("hide")
    parts = [str(part) for part in hide] if isinstance(hide, list) else []
    cleaned = page_meta(title if isinstance(title, str) else "", "", parts)
    if not isinstance(title, str):
        del cleaned["title"]  # the page's first heading, as MkDocs finds it
    if isinstance(description, str):
        cleaned["description"] = esc(plain_line(description))
    return cleaned


@dataclass(slots=True)
class PageContext:
    """Everything a renderer reads: the compiled dossier, page URLs, and its own URL."""

    compiled: Compiled
    urls: dict[tuple[str, str], str]  # (kind, id) -> site-relative URL; ("index", kind) too
    here: str = ""
    edit_url: str = ""  # a template with {path} and {line}; empty: no links to edit
    site_url: str = ""  # where the site is published, for identifiers in exports and JSON-LD
    map_note: str = ""  # the site's own words under the map (inline Markdown), if any
    map_tiles: str = ""  # a tile URL template ({z}/{x}/{y}) for town-scale maps; empty: none
    map_tiles_attribution: str = ""  # the tiles' credit (inline Markdown)
    preview: bool = False  # `mkdocs serve`: editors' aids (never in a built site)
    templates: Templates | None = None  # the build's templates; None: the package's own
    outline: Outline = field(default_factory=Outline)  # its headings: the table of contents
    shared: dict[tuple[str, ...], Any] = field(default_factory=dict)  # links, across pages
    head: list[str] = field(default_factory=list)  # for the page's <head>: JSON-LD
    meta: dict[str, object] = field(default_factory=dict)  # title, description: `page_meta`
    # The preview's keeper of a page's parts across rebuilds (`incremental.Renderings.part`);
    # None: each part is made.
    parts: Part | None = None
    _up: str = field(init=False, default="")  # from this page up to the site's root

    def page(self, name: str, **context: object) -> str:
        """A page's template filled in, as the page shows it: each `<h2>` with the id
        its table of contents links to (`headings.Outline`), no Markdown on the way."""
        templates = self.templates or default_templates()
        return self.outline.cut(templates.render(name, context), templates)

    def json_ld(self, data: dict[str, Any]) -> str:
        """A JSON-LD script element for the page's <head> (`pieces/json-ld.html`)."""
        templates = self.templates or default_templates()
        (json_ld,) = macros(templates, "dossier/pieces/json-ld.html", "json_ld")
        return json_ld(data)

    def part(self, key: Hashable, make: Callable[[], str]) -> str:
        """A piece of a long page (one dispute of the contradictions index) that the
        preview keeps while what it read is unchanged. It must depend on nothing else of
        the page but this page's address, which is part of its key."""
        if self.parts is None:
            return make()
        # What the preview kept is what `make` returned: a template's output (`piece`).
        return Markup(self.parts((self.here, key), lambda _: make()))

    def piece(self, template: str, macro: str, *values: object) -> Markup:
        """One macro of a pieces template, filled in: for a part the preview keeps
        (`part`), which is made apart from its page's template."""
        pieces = (self.templates or default_templates()).get(template).module
        made: Markup = getattr(pieces, macro)(*values)
        return made

    def titled(self, title: str, description: str = "") -> str:
        """Record the page's title and description (the plugin sets them on the page);
        nothing goes into the page for them."""
        self.meta = page_meta(title, description)
        return ""

    @property
    def dossier(self) -> Dossier:
        return self.compiled.dossier

    @property
    def index(self) -> Index:
        assert self.compiled.index is not None, "pages are rendered only from a clean dossier"
        return self.compiled.index

    @property
    def contest(self) -> Contest:
        assert self.compiled.contest is not None, "pages are rendered only from a clean dossier"
        return self.compiled.contest

    def __post_init__(self) -> None:
        # Every target is a site-relative URL, so the way up from here is all it takes.
        folder = self.here if self.here.endswith("/") else posixpath.dirname(self.here)
        folder = folder.strip("/")
        self._up = "../" * (folder.count("/") + 1) if folder else ""

    def href(self, kind: str, ident: str, fragment: str = "") -> str:
        target = self._up + self.urls[(kind, ident)]
        return esc((target or "./") + (f"#{fragment}" if fragment else ""))

    def iri(self, kind: str, ident: str, fragment: str = "") -> str:
        """The page's full address where the site URL is known (else site-relative)."""
        base = self.site_url.rstrip("/") + "/" if self.site_url else ""
        return base + self.urls[(kind, ident)] + (f"#{fragment}" if fragment else "")

    def static_href(self, docs_path: str) -> str:
        return esc(self._up + docs_path)

    def static_url(self, docs_path: str) -> str:
        """The address of a file the site publishes (`data/dossier.json`) from this page."""
        return self._up + docs_path

    def name_of(self, ident: str | None) -> str:
        """Display name of an actor or location id."""
        if ident is None:
            return "unattributed"
        record = self.dossier.actors.get(ident) or self.dossier.locations.get(ident)
        return record.name if record else ident

    def statement_of(self, claim_id: str) -> str:
        return self.dossier.claims[claim_id].statement

    def status_of(self, claim_id: str) -> str:
        return self.index.statuses[claim_id]

    def entity_kind(self, ident: str) -> str:
        return "actors" if ident in self.dossier.actors else "locations"

    def entity_link(self, ident: str | None) -> str:
        if ident is None:
            return "<span>the outlet</span>"
        key = ("entity", self._up, ident)
        if key not in self.shared:  # the same few names are linked thousands of times
            kind = self.entity_kind(ident)
            self.shared[key] = (
                f'<a class="dossier-link dossier-link--{KIND_SINGULAR[kind]}" '
                f'href="{self.href(kind, ident)}">{esc(self.name_of(ident))}</a>'
            )
        return self.shared[key]

    def claim_link(self, claim_id: str, mark_disputed: bool = True) -> str:
        """A link to a claim; a disputed one is marked, so no reader meets it unawares."""
        key = ("claim", self._up, claim_id, "marked" if mark_disputed else "")
        if key not in self.shared:
            claim = self.dossier.claims[claim_id]
            status = self.index.statuses[claim_id]
            badge = status_badge(status) if mark_disputed and status == "disputed" else ""
            self.shared[key] = (
                f'<a class="dossier-link dossier-link--claim" '
                f'href="{self.href("claims", claim_id)}">{esc(claim.statement)}</a>{badge}'
            )
        return self.shared[key]

    def passage_link(self, passage: Passage, label: str) -> str:
        href = self.href("sources", passage.source_id, passage.anchor.anchor_id)
        return f'<a class="dossier-passage-link" href="{href}">{label}</a>'

    def passage(self, passage: Passage) -> str:
        """A quote as a blockquote citing its source and linking to the exact words."""
        source = self.dossier.sources[passage.source_id]
        cite = [self.passage_link(passage, esc(source.title))]
        if source.outlet:
            cite.append(esc(self.name_of(source.outlet)))
        if source.published:
            cite.append(esc(source.published))
        return (
            '<blockquote class="dossier-passage">'
            f"<p>{esc(passage.quote)}</p>"
            f"<footer>{', '.join(cite)}</footer></blockquote>"
        )

    def stance_line(self, ref: StanceRef, with_claim: bool = True) -> str:
        """'Russia denies: <claim>' with where and when when known."""
        who = self.entity_link(ref.speaker)
        if ref.outlet_voice:
            who += ' <span class="dossier-muted">(the outlet’s own voice)</span>'
        elif ref.side and ref.side != ref.speaker:
            who += f' <span class="dossier-muted">for {self.entity_link(ref.side)}</span>'
        parts = [who, stance_verb(ref.stance)]
        if with_claim:
            parts.append(self.claim_link(ref.claim_id))
        extra = []
        if ref.where:
            extra.append(f"in {self.entity_link(ref.where)}")
        if ref.when:
            extra.append(f"on <time>{esc(ref.when)}</time>")
        line = " ".join(parts)
        return line + (f' <span class="dossier-muted">({", ".join(extra)})</span>' if extra else "")

    def voices(
        self,
        refs: list[StanceRef],
        with_speaker: bool = True,
        claim: str = "",
        facets: Facets | None = None,
    ) -> str:
        """One line per voice and stance ("Turkey asserts"), then every quote that backs it.

        The claim is named on a line unless it is `claim`, the one the reader is looking at.
        With `facets`, each line is an item the page's filters can hide.
        """
        grouped: dict[tuple[str | None, str, bool, str], list[StanceRef]] = {}
        for ref in refs:
            key = (ref.speaker, ref.stance, ref.outlet_voice, ref.claim_id)
            grouped.setdefault(key, []).append(ref)
        rows = []
        for group in grouped.values():
            first = group[0]
            other_claim = bool(claim) and first.claim_id != claim
            if with_speaker:
                head = self.stance_line(first, with_claim=other_claim)
            else:
                head = stance_verb(first.stance)
            quotes = "".join(self.passage(ref.passage) for ref in group)
            attrs = facets.item_attrs(self, group) if facets is not None else ""
            rows.append(f'<div class="dossier-voice"{attrs}><div>{head}</div>{quotes}</div>')
        return "".join(rows)

    def by_side(self, refs: list[StanceRef], claim: str = "", facets: Facets | None = None) -> str:
        """Voices grouped under the side they speak for (a minister under the state)."""
        sides: dict[str | None, list[StanceRef]] = {}
        for ref in refs:
            sides.setdefault(ref.side, []).append(ref)
        group_attr = " data-filter-group" if facets is not None else ""
        return "".join(
            f'<div class="dossier-side"{group_attr}>'
            f'<p class="dossier-side-name">{self.entity_link(side)}</p>'
            f"{self.voices(group, claim=claim, facets=facets)}</div>"
            for side, group in sides.items()
        )

    # Views: what templates are handed (`views.py`). Links are made once per place in
    # the site and shared by every page there, as the tracked rendering expects.

    def url(self, kind: str, ident: str, fragment: str = "") -> str:
        """The address of a page (and a place in it) from this page, as it is."""
        target = self._up + self.urls[(kind, ident)]
        return (target or "./") + (f"#{fragment}" if fragment else "")

    def entity(self, ident: str | None) -> Link:
        """An actor or a place, linked; no id: the outlet's own voice, unlinked."""
        if ident is None:
            return OUTLET_LINK
        key = ("entity-view", self._up, ident)
        if key not in self.shared:  # the same few names are linked thousands of times
            kind = self.entity_kind(ident)
            self.shared[key] = Link(self.url(kind, ident), self.name_of(ident), KIND_SINGULAR[kind])
        found: Link = self.shared[key]
        return found

    def claim(self, claim_id: str, mark_disputed: bool = True) -> ClaimLink:
        """A link to a claim; a disputed one is marked, so no reader meets it unawares."""
        key = ("claim-view", self._up, claim_id, "marked" if mark_disputed else "")
        if key not in self.shared:
            status = self.index.statuses[claim_id]
            badge = status if mark_disputed and status == "disputed" else ""
            statement = self.dossier.claims[claim_id].statement
            self.shared[key] = ClaimLink(self.url("claims", claim_id), statement, badge)
        made: ClaimLink = self.shared[key]
        return made

    def quote(self, passage: Passage) -> Quote:
        """A quote, citing its source and linking to the exact words."""
        source = self.dossier.sources[passage.source_id]
        return Quote(
            passage.quote,
            self.url("sources", passage.source_id, passage.anchor.anchor_id),
            source.title,
            self.name_of(source.outlet) if source.outlet else "",
            source.published or "",
        )

    def stance(self, ref: StanceRef, with_claim: bool = True, with_speaker: bool = True) -> Stance:
        """Who takes which stance on which claim, where and when."""
        if not with_speaker:
            return Stance(ref.stance)
        side = None
        if not ref.outlet_voice and ref.side and ref.side != ref.speaker:
            side = self.entity(ref.side)
        return Stance(
            ref.stance,
            self.entity(ref.speaker),
            ref.outlet_voice,
            side,
            self.claim(ref.claim_id) if with_claim else None,
            self.entity(ref.where) if ref.where else None,
            ref.when or "",
        )

    def voice_groups(
        self,
        refs: list[StanceRef],
        with_speaker: bool = True,
        claim: str = "",
        facets: Facets | None = None,
    ) -> tuple[Voice, ...]:
        """One voice and stance ("Turkey asserts") with every quote that backs it.

        The claim is named unless it is `claim`, the one the reader is looking at.
        With `facets`, each voice is an item the page's filters can hide.
        """
        grouped: dict[tuple[str | None, str, bool, str], list[StanceRef]] = {}
        for ref in refs:
            key = (ref.speaker, ref.stance, ref.outlet_voice, ref.claim_id)
            grouped.setdefault(key, []).append(ref)
        found = []
        for group in grouped.values():
            first = group[0]
            other_claim = bool(claim) and first.claim_id != claim
            found.append(
                Voice(
                    self.stance(first, with_claim=other_claim, with_speaker=with_speaker),
                    tuple(self.quote(ref.passage) for ref in group),
                    facets.item(self, group) if facets is not None else None,
                )
            )
        return tuple(found)

    def side_groups(
        self, refs: list[StanceRef], claim: str = "", facets: Facets | None = None
    ) -> tuple[SideVoices, ...]:
        """Voices grouped under the side they speak for (a minister under the state)."""
        sides: dict[str | None, list[StanceRef]] = {}
        for ref in refs:
            sides.setdefault(ref.side, []).append(ref)
        return tuple(
            SideVoices(
                self.entity(side),
                self.voice_groups(group, claim=claim, facets=facets),
                facets is not None,
            )
            for side, group in sides.items()
        )

    def edit_target(self, position: Position) -> str:
        """A link to edit a file at a line, or the plain position where no link is set up."""
        where = f"{esc(position.path)}, line {position.line}"
        if not self.edit_url:
            return f"<code>{where}</code>"
        url = edit_link(self.edit_url, position)
        return f'<a href="{esc(url)}" rel="nofollow">{where}</a>'

    def page_end(self, kind: str, ident: str) -> str:
        """The end of an entity page: the open data files, and where its record is written."""
        downloads = [Link(self._up + f"data/{name}", label) for name, label in DOWNLOADS]
        places = [self.compiled.origins.get((kind, ident))]
        if kind == "sources":
            places.append(self.compiled.origins.get(("annotations", ident)))
        edits = [
            EditPlace(p.path, p.line, edit_link(self.edit_url, p) if self.edit_url else "")
            for p in places
            if p is not None
        ]
        return self.page("dossier/page-end.html", downloads=downloads, edits=edits)

    def sides_summary(self, sides: list[str | None]) -> str:
        return ", ".join(esc(self.name_of(side)) for side in sides)


def edit_link(template: str, position: Position) -> str:
    """The template's {path} and {line} filled in, from escaped parts: each path segment
    percent-encoded, and the whole URL too where the template itself holds a character
    that could end an attribute (the theme prints `page.edit_url` unescaped)."""
    path = "/".join(quote(segment, safe="") for segment in position.path.split("/"))
    url = template.replace("{path}", path).replace("{line}", str(position.line))
    return quote(url, safe=URL_SAFE)


URL_SAFE = "/:?#[]@!$&()*+,;=%~-._"  # RFC 3986 reserved and unreserved, less ' (attributes)


def edit_template_problem(template: str) -> str:
    """Why an edit-URL template cannot be used, or an empty string."""
    if not template:
        return ""
    if not template.lower().startswith(("https://", "http://")):
        return "edit_url must be an http(s) URL"
    if "{path}" not in template:
        return "edit_url must hold {path}, where the file's path goes"
    return ""


def dispute_anchor(dispute: Dispute) -> str:
    """The id of a dispute on the contradictions page: stable while its claims are."""
    return "dispute-" + "--".join(dispute.claim_ids)


def stance_verb(stance: str) -> str:
    return f'<span class="dossier-stance dossier-stance--{esc(stance)}">{esc(stance)}</span>'


def status_badge(status: str) -> str:
    return f' <span class="dossier-badge dossier-badge--{esc(status)}">{esc(status)}</span>'


def counted(count: int, noun: str, plural: str = "") -> str:
    """ "1 claim", "2 claims": a count that reads right in the singular too."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def items(entries: Iterable[str], cls: str = "dossier-list") -> str:
    rows = "".join(f"<li>{entry}</li>" for entry in entries)
    return f'<ul class="{cls}">{rows}</ul>' if rows else ""


def citations(cites: Iterable[Citation]) -> str:
    """External citations, each with its publisher and date before the link, so a reader
    can judge it before following it. URLs are validated http(s) by the model; a copy
    kept as `via` is named by its host, never linked."""
    rows = []
    for cite in cites:
        by = f"<cite>{esc(cite.publisher)}</cite>"
        if cite.agency:
            by = f"{esc(cite.agency)} via {by}"
        label = esc(cite.note) if cite.note else esc(cite.url)
        row = (
            f'<span class="dossier-cite-by">{by}, {_cite_date(cite)}:</span> '
            f'<a href="{esc(cite.url)}" rel="nofollow noopener noreferrer">{label}</a> '
            f'<span class="dossier-muted">{esc(_host(cite.url))}</span>'
        )
        if cite.via:
            row += f' <span class="dossier-muted">(read in a copy at {esc(_host(cite.via))})</span>'
        rows.append(row)
    return items(rows, "dossier-citations")


def citation_views(cites: Iterable[Citation]) -> tuple[CitationView, ...]:
    """External citations, each with its publisher and date before the link, so a reader
    can judge it before following it. URLs are validated http(s) by the model; a copy
    kept as `via` is named by its host, never linked."""
    return tuple(
        CitationView(
            cite.publisher,
            cite.url,
            cite.note or cite.url,
            _host(cite.url),
            cite.agency or "",
            _when(cite.published or cite.accessed),
            not cite.published and bool(cite.accessed),
            _host(cite.via) if cite.via else "",
        )
        for cite in cites
    )


def _when(text: str | None) -> When | None:
    """A date in words, with its ISO form where it is one exact day."""
    if not text:
        return None
    date = dates.parse_date(text)
    exact = not (date.approximate or date.is_range or len(text) != 10)
    return When(date.label, text if exact else "")


def _cite_date(cite: Citation) -> str:
    if cite.published:
        return _date_html(cite.published)
    if cite.accessed:
        return "retrieved " + _date_html(cite.accessed)
    return '<span class="dossier-muted">undated</span>'


def _date_html(text: str) -> str:
    date = dates.parse_date(text)
    if date.approximate or date.is_range or len(text) != 10:
        return esc(date.label)
    return f'<time datetime="{esc(text)}">{esc(date.label)}</time>'


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or url
    except ValueError:
        return url
    return host.removeprefix("www.")


def fact_rows(pairs: Iterable[tuple[str, str]]) -> list[Fact]:
    """The (term, value) rows of a page's facts that have a value, for its template."""
    return [Fact(term, "text", value) for term, value in pairs if value]
