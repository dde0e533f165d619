"""What every page renderer reads and shares: the compiled dossier, the page's address,
the links between pages, and the views the templates are handed (`views.py`).

A page is its template's HTML, which reaches MkDocs finished: no dossier text is
interpreted as Markdown, and Markdown does not spend time parsing it. Its headings
get their ids and make its table of contents here (`headings`). Its title and
description never go into the page (`meta.page_meta`): the plugin sets them on it.
Links are made once per place in the site and shared by every page there
(`PageContext.shared`), which the preview's tracking expects.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..dates import parse_date
from ..disputes import Contest, Dispute
from ..history import History
from ..index import Index, Passage, StanceRef
from ..languages import direction
from ..model import Dossier
from ..pipeline import Compiled, Part
from .citations import citation_views
from .headings import Outline
from .i18n import N_, translations
from .meta import edit_link, page_meta
from .templates import Templates, default_templates
from .views import ClaimLink, EditPlace, Link, Quote, SideVoices, Stance, Translated, Voice
from .words import Words

if TYPE_CHECKING:
    from .filters import Facets

KINDS = ("sources", "actors", "claims", "locations")
DOWNLOADS = (
    ("dossier.json", N_("the whole dossier (JSON)")),
    ("annotations.jsonld", N_("Web Annotations")),
    ("locations.geojson", N_("places (GeoJSON)")),
    ("stances.csv", N_("stances (CSV)")),
)
KIND_SINGULAR = {"sources": "source", "actors": "actor", "claims": "claim", "locations": "location"}


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
    words: Words = field(default_factory=Words)  # dates and language names, as the site says them
    history: History = field(default_factory=History)  # what git says of the records (a build's)
    _up: str = field(init=False, default="")  # from this page up to the site's root

    def page(self, name: str, **context: object) -> str:
        """A page's template filled in, as the page shows it: each `<h2>` with the id
        its table of contents links to (`headings.Outline`), no Markdown on the way."""
        templates = self.templates or default_templates()
        return self.outline.cut(templates.render(name, context), templates)

    def json_ld(self, data: dict[str, Any]) -> str:
        """A JSON-LD script element for the page's <head> (`pieces/json-ld.html`)."""
        templates = self.templates or default_templates()
        return templates.macro("dossier/pieces/json-ld.html", "json_ld")(data)

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
        return (self.templates or default_templates()).macro(template, macro)(*values)

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

    def iri(self, kind: str, ident: str, fragment: str = "") -> str:
        """The page's full address where the site URL is known (else site-relative)."""
        base = self.site_url.rstrip("/") + "/" if self.site_url else ""
        return base + self.urls[(kind, ident)] + (f"#{fragment}" if fragment else "")

    def static_url(self, docs_path: str) -> str:
        """The address of a file the site publishes (`data/dossier.json`) from this page."""
        return self._up + docs_path

    def tr(self, message: str, **values: object) -> str:
        """One of the plugin's words, built here rather than in a template, in the site's
        language (`i18n`); `%(name)s` in it takes `values[name]`."""
        said = translations(self.words.language).gettext(message)
        return said % values if values else said

    def counted(self, singular: str, plural: str, count: int, **values: object) -> str:
        """A phrase with a number in it ("%(count)s dispute"), in the plural form the site's
        language uses for `count` (Arabic has six, Russian three)."""
        said = translations(self.words.language).ngettext(singular, plural, count)
        return said % {"count": f"{count:,}", **values}

    def name_of(self, ident: str | None) -> str:
        """Display name of an actor or location id."""
        if ident is None:
            return self.tr("unattributed")
        record = self.dossier.actors.get(ident) or self.dossier.locations.get(ident)
        return record.name if record else ident

    def statement_of(self, claim_id: str) -> str:
        return self.dossier.claims[claim_id].statement

    def status_of(self, claim_id: str) -> str:
        return self.index.statuses[claim_id]

    def entity_kind(self, ident: str) -> str:
        return "actors" if ident in self.dossier.actors else "locations"

    # Views: what templates are handed (`views.py`). Links are made once per place in
    # the site and shared by every page there, as the tracked rendering expects.

    def url(self, kind: str, ident: str, fragment: str = "") -> str:
        """The address of a page (and a place in it) from this page, as it is."""
        target = self._up + self.urls[(kind, ident)]
        return (target or "./") + (f"#{fragment}" if fragment else "")

    def entity(self, ident: str | None) -> Link:
        """An actor or a place, linked; no id: the outlet's own voice, unlinked."""
        if ident is None:
            return Link("", self.tr("the outlet"))
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
        language = passage.annotation.language or source.language
        return Quote(
            passage.quote,
            self.url("sources", passage.source_id, passage.anchor.anchor_id),
            source.title,
            self.name_of(source.outlet) if source.outlet else "",
            self.words.date(source.published or ""),
            language,
            direction(language),
            source.language,
            self.translated(passage),
        )

    def translated(self, passage: Passage) -> Translated | None:
        """The quote's translation, if it has one, in the site's language unless said."""
        translation = passage.annotation.translation
        if translation is None:
            return None
        language = translation.language or self.words.language
        return Translated(
            translation.text,
            language,
            direction(language),
            translation.by or "",
            citation_views(translation.cite, self.words),
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
            self.words.date(ref.when or ""),  # a time of day in words too
            parse_date(ref.when).iso if ref.when else "",
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
        self, refs: Sequence[StanceRef], claim: str = "", facets: Facets | None = None
    ) -> tuple[SideVoices, ...]:
        """Voices grouped under the side they speak for (a minister under the state). An
        outlet's own narration is a group of its own, under the outlet's name ("EWN
        (narration)"), so its sentences never read as a side's statements."""
        sides: dict[tuple[str | None, bool], list[StanceRef]] = {}
        for ref in refs:
            sides.setdefault((ref.side, ref.outlet_voice), []).append(ref)
        return tuple(
            SideVoices(
                self._narration(side) if narration else self.entity(side),
                self.voice_groups(group, claim=claim, facets=facets),
                facets is not None,
            )
            for (side, narration), group in sides.items()
        )

    def _narration(self, outlet: str | None) -> Link:
        """The heading of an outlet's own sentences: its name, said to be narration."""
        named = self.entity(outlet)
        return Link(named.href, self.tr("%(outlet)s (narration)", outlet=named.text), named.kind)

    def page_end(self, kind: str, ident: str) -> str:
        """The end of an entity page: the open data files, and where its record is written."""
        downloads = [Link(self._up + f"data/{name}", self.tr(label)) for name, label in DOWNLOADS]
        places = [self.compiled.origins.get((kind, ident))]
        if kind == "sources":
            places.append(self.compiled.origins.get(("annotations", ident)))
        edits = [
            EditPlace(p.path, p.line, edit_link(self.edit_url, p) if self.edit_url else "")
            for p in places
            if p is not None
        ]
        return self.page("dossier/page-end.html", downloads=downloads, edits=edits)


def dispute_anchor(dispute: Dispute) -> str:
    """The id of a dispute on the contradictions page: stable while its claims are."""
    return "dispute-" + "--".join(dispute.claim_ids)
