"""The dossier's records: what an editor may write in dossier/, and nothing else.

These pydantic models are the single definition of every file's shape: `load.py`
validates YAML against them (unknown keys are errors, never dropped), and the JSON
Schema for editors is generated from them. References between records (an actor id in
a stance) are plain ids here; `references.py` checks that they exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from . import archives, dates, languages

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX = 80  # characters; an id is a file name on every system the site is built on
# Names Windows reserves in every directory: a page named so cannot be checked out there.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in "0123456789")}
)
# The ids the plugin's own scripts give elements (assets/dossier.js, assets/annotate.js):
# an annotation's anchor may not take one, nor may any id a page's Markdown makes.
SCRIPT_IDS = frozenset({"dossier-annotate", "dossier-card-title", "dossier-card-hint"})
MAX_RELATIONS = 50  # claims one claim may contradict or support: beyond, group them
DATE_PATTERN = dates.PATTERN
MOMENT_PATTERN = dates.MOMENT_PATTERN
MAX_ACCOUNTS = 20  # accounts of when one claimed event happened


def _real_date(value: str) -> str:
    problem = dates.problem(value)
    if problem:
        raise ValueError(problem)
    return value


Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX),
    Field(description="A slug id: lowercase letters, digits and single hyphens."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]  # plain text, one line
Short = Annotated[str, StringConstraints(max_length=200)]
Prose = Annotated[
    str,
    StringConstraints(min_length=1, max_length=2000),
    Field(
        description="Text with inline Markdown: *emphasis*, **strong**, `code`, [links](https://...)."
    ),
]
Fragment = Annotated[str, StringConstraints(max_length=2000)]  # part of an article's text
PartialDate = Annotated[
    str,
    StringConstraints(pattern=DATE_PATTERN),
    AfterValidator(_real_date),
    Field(
        description="A date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD; "
        "~ before it for about, A/B for a range."
    ),
]
Moment = Annotated[
    str,
    StringConstraints(pattern=MOMENT_PATTERN),
    AfterValidator(_real_date),
    Field(
        description="A date as precise as known (YYYY, YYYY-MM, YYYY-MM-DD; ~ before it for "
        "about, A/B for a range), or a day with its time of day and that time's zone: "
        "2015-11-24T09:24+02:00, 2015-11-24T07:24:05Z."
    ),
]
ArchiveUrl = Annotated[
    str,
    StringConstraints(max_length=2000),
    AfterValidator(archives.check_snapshot),
    Field(
        description="One archived copy of the page: https://web.archive.org/web/<14 digits>/"
        "<url>, or archive.today's https://archive.ph/<id>."
    ),
]
Day = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    AfterValidator(_real_date),
    Field(description="A day: YYYY-MM-DD."),
]
WebUrl = Annotated[
    str,
    StringConstraints(pattern=r'^https?://[^\s<>"]+$', max_length=2000),
    Field(description="An http(s) URL."),
]
WikidataId = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


def wikidata_iri(qid: str | None) -> str | None:
    """The item's IRI, as linked data names it (the open data and the pages' JSON-LD)."""
    return WIKIDATA_ENTITY + qid if qid else None


# A BCP 47 language code; a name or a code written otherwise gets the code to use.
LanguageCode = Annotated[
    str,
    StringConstraints(max_length=35),
    AfterValidator(languages.check_code),
    Field(json_schema_extra={"pattern": languages.CODE.pattern}),
]

ActorKind = Literal[
    "person",
    "state",
    "government-body",
    "military",
    "organisation",
    "alliance",
    "armed-group",
    "media",
    "monitoring-group",
    "group",
]
LocationKind = Literal[
    "city",
    "town",
    "locality",
    "site",
    "region",
    "mountain-range",
    "river",
    "route",
    "country",
    "sea",
    "continent",
]
Precision = Literal["exact", "city", "locality", "region-centroid", "country-centroid"]


ALIASES = "The words that name it in the articles, exactly as written; each is linked."
WIKIDATA = "Its Wikidata item, e.g. Q42; needs a cite."
CITE = "Citations for what does not come from the articles."


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(Record):
    """Where a fact that is not in the articles comes from: the original publisher's page.

    The page shows the publisher and date beside the link, so a reader can judge a
    citation before following it. A copy the editor happened to read (an archive
    snapshot, a mirror) may be kept as `via`; it is recorded, never the citation.
    """

    url: WebUrl = Field(description="The original: the publisher's own page, not a copy of it.")
    archive_url: ArchiveUrl | None = Field(None, description="An archived copy of url.")
    publisher: Name = Field(
        description="Who published the page at url: a news organisation, a government or "
        "international body, the encyclopaedia or database itself."
    )
    agency: Name | None = Field(
        None,
        description="When the page carries a wire story: the agency that wrote it "
        "(shown as 'Associated Press via Metro').",
    )
    published: PartialDate | None = Field(None, description="When the cited page was published.")
    accessed: PartialDate | None = Field(
        None, description="When a page without a publication date (a living page) was read."
    )
    via: WebUrl | None = Field(
        None, description="A copy the editor read instead of the original; kept, not linked."
    )
    note: Annotated[str, StringConstraints(max_length=500)] = Field(
        "", description="What the page supports."
    )


class Note(Record):
    """Context from outside the articles: cited, or marked unverified with the reason.

    A fact no acceptable source confirms is dropped, or kept with `unverified` saying
    why; it is never dressed up with a weak link.
    """

    text: Prose
    cite: list[Citation] = Field([], description="The original publishers that confirm it.")
    unverified: Prose | None = Field(
        None, description="Why no original source confirms this: shown to readers as unverified."
    )

    @model_validator(mode="after")
    def _sourced(self) -> Note:
        if not self.cite and self.unverified is None:
            raise ValueError("a context note needs 'cite' (its sources) or 'unverified' (why none)")
        return self


class Correction(Record):
    """A correction to a record, made openly: shown on its page with its day, and in the
    page's JSON-LD as schema.org `correction`. A silent edit is not a correction."""

    date: Day = Field(description="The day the correction was made: YYYY-MM-DD.")
    text: Prose = Field(description="What was wrong, and what the record says now.")


CORRECTIONS = "Corrections made to this record: {date, text}, shown on its page."
CORRECTABLE = ("sources", "claims", "actors", "locations")  # the kinds that carry corrections
MAX_CORRECTIONS = 100


class Repair(Record):
    """A reviewed fix of a defect in the article file, applied before quotes are matched."""

    find: Text
    replace: Fragment
    reason: Prose


class Source(Record):
    title: Name = Field(description="The headline as published.")
    file: Annotated[
        str,
        StringConstraints(max_length=300),
        Field(description="The article text, relative to docs_dir."),
    ]
    outlet: Id | None = Field(None, description="The actor id of the publisher.")
    published: PartialDate | None = None
    url: WebUrl | None = Field(None, description="Where the outlet published it.")
    archive_url: ArchiveUrl | None = Field(None, description="An archived copy of url.")
    byline: Short | None = Field(None, description="The author(s), as printed.")
    dateline: Short | None = Field(None, description="The place and date line, as printed.")
    language: LanguageCode = Field(
        "en", description="The article's language, as a code: en, fr, pt-BR."
    )
    repairs: list[Repair] = Field([], description="Reviewed fixes of defects in the file.")
    notes: list[Prose] = Field([], description="Notes for readers about this source.")
    cite: list[Citation] = Field([], description="Where facts about the source come from.")
    corrections: list[Correction] = Field([], max_length=MAX_CORRECTIONS, description=CORRECTIONS)

    @field_validator("file")
    @classmethod
    def _plain_path(cls, value: str) -> str:
        bad = next((c for c in value if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F), None)
        if bad is not None:
            raise ValueError(f"the path contains the control character U+{ord(bad):04X}")
        return value


class Actor(Record):
    name: Name = Field(description="The name readers know, in full.")
    kind: ActorKind
    role: Short | None = Field(None, description="Office or function, e.g. Mayor of the town.")
    speaks_for: Id | None = Field(None, description="The actor this one speaks or acts for.")
    aliases: list[Name] = Field([], description=ALIASES)
    description: Prose | None = None
    wikidata: WikidataId | None = Field(None, description=WIKIDATA)
    cite: list[Citation] = Field([], description=CITE)
    corrections: list[Correction] = Field([], max_length=MAX_CORRECTIONS, description=CORRECTIONS)


GEOMETRY_DEPTH = {
    "Point": 1,
    "LineString": 2,
    "MultiLineString": 3,
    "Polygon": 3,
    "MultiPolygon": 4,
}
LINE_TYPES = ("LineString", "MultiLineString")
AREA_TYPES = ("Polygon", "MultiPolygon")


class Geometry(Record):
    """A GeoJSON geometry (positions are [longitude, latitude], as GeoJSON has them)."""

    type: Literal["Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon"]
    coordinates: list[Any]

    @field_validator("coordinates")
    @classmethod
    def _positions(cls, value: list[Any], info: ValidationInfo) -> list[Any]:
        depth = GEOMETRY_DEPTH.get(info.data.get("type", ""), 0)
        return _nested_positions(value, depth)


def _nested_positions(value: Any, depth: int) -> Any:
    if depth == 1:
        if not (isinstance(value, list) and len(value) == 2):
            raise ValueError("a position is [longitude, latitude]")
        try:
            lon, lat = (float(v) for v in value)
        except (TypeError, ValueError):
            raise ValueError("a position is [longitude, latitude], two numbers") from None
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError("a position is [longitude, latitude] within ±180 and ±90")
        return [lon, lat]
    if not isinstance(value, list) or not value:
        raise ValueError(f"expected a non-empty list nested {depth} deep")
    return [_nested_positions(item, depth - 1) for item in value]


class Location(Record):
    name: Name = Field(description="The name readers know.")
    kind: LocationKind
    coordinates: tuple[float, float] | None = Field(
        None, description="[latitude, longitude] in degrees; give precision and cite with them."
    )
    precision: Precision | None = Field(None, description="How exact the coordinates are.")
    part_of: Id | None = Field(None, description="The location this one lies in.")
    geometry: Geometry | None = Field(None, description="A region or route, as GeoJSON.")
    aliases: list[Name] = Field([], description=ALIASES)
    description: Prose | None = None
    wikidata: WikidataId | None = Field(None, description=WIKIDATA)
    geonames: Annotated[int, Field(ge=1, le=999_999_999)] | None = Field(
        None,
        description="Its GeoNames id (https://www.geonames.org/<id>): without coordinates, "
        "the place takes its point from the bundled GeoNames gazetteer, cited.",
    )
    cite: list[Citation] = Field([], description=CITE)
    corrections: list[Correction] = Field([], max_length=MAX_CORRECTIONS, description=CORRECTIONS)

    @field_validator("geometry")
    @classmethod
    def _no_point(cls, value: Geometry | None) -> Geometry | None:
        if value is not None and value.type == "Point":
            raise ValueError("a place's point is 'coordinates: [latitude, longitude]'")
        return value

    @field_validator("coordinates")
    @classmethod
    def _on_earth(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None:
            lat, lon = value
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError("coordinates are [latitude, longitude] within ±90 and ±180")
        return value


class Account(Record):
    """One account of when a claimed event happened: the time, who gives it, and where
    that is written. Several accounts on one claim let the dossier say that the sources
    disagree, and the timeline marks where they do."""

    at: Moment = Field(description="When it happened, by this account.")
    according_to: Id | None = Field(None, description="The actor who gives this time.")
    source: Id | None = Field(None, description="A source of the dossier that gives it.")
    cite: list[Citation] = Field([], description="The original publishers that report it.")
    unverified: Prose | None = Field(
        None, description="Why no original source confirms this time: shown as unverified."
    )

    @model_validator(mode="after")
    def _sourced(self) -> Account:
        if not (self.source or self.cite or self.unverified is not None):
            raise ValueError(
                "an account of when it happened needs 'source' (a source id), 'cite' "
                "(its publishers) or 'unverified' (why none)"
            )
        return self


class Placement(Record):
    """One account of where a claimed event happened: a place of the dossier, or a point,
    a line (a flight track) or an area of its own; who gives it, and where that is
    written. Several placements on one claim, or on claims that contradict each other,
    are drawn side by side on the map: alternatives, none of them the dossier's finding."""

    place: Id | None = Field(None, description="A location of the dossier where it happened.")
    geometry: Geometry | None = Field(
        None,
        description="Where it happened as GeoJSON ([longitude, latitude]): a Point, a "
        "LineString such as a flight track, or a Polygon.",
    )
    according_to: Id | None = Field(None, description="The actor who gives this place.")
    source: Id | None = Field(None, description="A source of the dossier that gives it.")
    cite: list[Citation] = Field([], description="The original publishers that report it.")
    unverified: Prose | None = Field(
        None, description="Why no original source confirms this place: shown as unverified."
    )

    @model_validator(mode="after")
    def _one_place_sourced(self) -> Placement:
        if (self.place is None) == (self.geometry is None):
            raise ValueError(
                "an account of where it happened needs 'place' (a location id) or "
                "'geometry' (a GeoJSON point, line or area), not both"
            )
        if not (self.source or self.cite or self.unverified is not None):
            raise ValueError(
                "an account of where it happened needs 'source' (a source id), 'cite' "
                "(its publishers) or 'unverified' (why none)"
            )
        return self


def _occurred_form(value: Any) -> str:
    """Which form `occurred` is written in: a date, one account, or a list of accounts."""
    if isinstance(value, dict | Account):  # as written, or a record being written out
        return "~account"
    if isinstance(value, list):
        return "~accounts"
    return "~date"


# The union's tags start with "~", which no key does: validation drops them from an
# error's path, so an error is told at the value the editor wrote.
Occurred = Annotated[
    Annotated[Moment, Tag("~date")]
    | Annotated[Account, Tag("~account")]
    | Annotated[list[Account], Tag("~accounts"), Field(min_length=1, max_length=MAX_ACCOUNTS)],
    Discriminator(_occurred_form),
]


class Claim(Record):
    statement: Annotated[str, StringConstraints(min_length=1, max_length=500)] = Field(
        description="One neutral proposition in the dossier's words, never a quotation."
    )
    about: list[Id] = Field([], description="Actor or location ids the claim is about.")
    topic: Short | None = Field(None, description="A short label that groups claims.")
    contradicts: list[Id] = Field(
        [],
        max_length=MAX_RELATIONS,
        description="Claims that cannot both be true with this one (declare on one side).",
    )
    supports: list[Id] = Field(
        [], max_length=MAX_RELATIONS, description="Claims this one, if true, makes likelier."
    )
    refines: Id | None = Field(None, description="A claim this one is a more specific form of.")
    context: list[Note] = Field([], description="Cited background a reader needs.")
    resolution: Note | None = Field(
        None, description="Later, cited information that settles the claim."
    )
    occurred: Occurred | None = Field(
        None,
        description="When the thing it claims happened: a date (or a day with its time and "
        "zone), or accounts ({at, according_to, source or cite}) where sources differ.",
    )

    where: list[Placement] = Field(
        [],
        max_length=MAX_ACCOUNTS,
        description="Where the thing it claims happened, by account: {place or geometry, "
        "according_to, source or cite}; the map draws each account by side.",
    )
    corrections: list[Correction] = Field([], max_length=MAX_CORRECTIONS, description=CORRECTIONS)

    @property
    def accounts(self) -> tuple[Account, ...]:
        """`occurred` in one form: every account of when it happened (a bare date is one)."""
        if self.occurred is None:
            return ()
        if isinstance(self.occurred, str):
            return (Account.model_construct(at=self.occurred, cite=[]),)
        if isinstance(self.occurred, Account):
            return (self.occurred,)
        return tuple(self.occurred)


StanceKind = Literal["asserts", "denies", "suggests"]


class Stance(Record):
    claim: Id = Field(description="The claim id.")
    stance: StanceKind = Field(
        description="asserts, denies, or suggests (a hedged assertion: implied, put as a question)."
    )
    by: Id | None = Field(None, description="The actor; when absent, the outlet's own voice.")
    where: Id | None = Field(None, description="Where it was said, if the article says.")
    when: Moment | None = Field(
        None, description="When it was said: as the article says, or as 'cite' confirms."
    )
    cite: list[Citation] = Field(
        [], description="Where the time or place comes from, when the article does not say."
    )


class Translation(Record):
    """A quote in another language (the readers'): shown beside the original, which
    stays what is anchored and quoted; says who made it or where it was published."""

    text: Text = Field(description="The translation.")
    language: LanguageCode | None = Field(
        None, description="The translation's language; absent: the site's (theme.language)."
    )
    by: Name | None = Field(
        None, description="Who translated it: the dossier's editors, a named translator."
    )
    cite: list[Citation] = Field([], description="Where this translation was published.")

    @model_validator(mode="after")
    def _credited(self) -> Translation:
        if self.by is None and not self.cite:
            raise ValueError(
                "a translation needs 'by' (who translated it) or 'cite' (where it was published)"
            )
        return self


class Annotation(Record):
    id: Id | None = Field(None, description="A permanent anchor; derived from the quote if absent.")

    @field_validator("id")
    @classmethod
    def _not_generated(cls, value: str | None) -> str | None:
        generated = value and value.startswith(("m-", "ann-"))
        if generated or value in {"text", "annotations", *SCRIPT_IDS}:
            raise ValueError(f"'{value}' could clash with an anchor the page makes itself")
        return value

    quote: Text = Field(description="The exact words of the article (quotes, dashes may differ).")
    prefix: Fragment | None = Field(None, description="Words just before, to pick one repeat.")
    suffix: Fragment | None = Field(None, description="Words just after, to pick one repeat.")
    occurrence: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Which occurrence of the quote is meant (1 is the first)."
    )
    language: LanguageCode | None = Field(
        None,
        description="The quote's language, where it is not its source's (a resident "
        "quoted in Arabic in an English article: ar).",
    )
    translation: Translation | None = Field(
        None, description="The quote translated (text, and by or cite), shown beside it."
    )
    mentions: list[Id] = Field([], description="Actors and locations the quote names.")
    stances: list[Stance] = Field([], description="What the quote asserts, denies or suggests.")
    note: Prose | None = Field(None, description="An editor's note shown with the quote.")


KIND_MODELS: dict[str, type[Record]] = {
    "sources": Source,
    "actors": Actor,
    "locations": Location,
    "claims": Claim,
}


@dataclass(slots=True)
class Dossier:
    """Every validated record keyed by id, annotations keyed by source id, in file order."""

    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    annotations: dict[str, list[Annotation]] = field(default_factory=dict)

    def of_kind(self, kind: str) -> dict[str, Record]:
        return getattr(self, kind)
