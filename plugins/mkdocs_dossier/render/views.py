"""What renderers hand the templates: plain values, never HTML.

Flow: a renderer reads the compiled dossier through its `PageContext`, which turns
records into these small frozen values (a link's address and text, a quote and where
it is from, who takes which stance); the page's template and the macros under
`templates/dossier/pieces/` make the HTML from them, with autoescaping. So a site
changes how a quote looks by overriding one macro file, and no dossier text reaches a
page except through the one escaping rule.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Link:
    """A link to a page of the site; no `href` means a name with no page ("the outlet")."""

    href: str
    text: str
    kind: str = ""  # actor, location, claim: the link's style; empty: a plain link


@dataclass(frozen=True, slots=True)
class ClaimLink:
    """A link to a claim, with the status badge shown beside it (empty: none)."""

    href: str
    text: str
    badge: str = ""


@dataclass(frozen=True, slots=True)
class Translated:
    """A quote's translation: its text and language, who made it, where it was published."""

    text: str
    language: str
    direction: str
    by: str = ""
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted passage, citing its source and linking to the exact words."""

    text: str
    href: str
    source_title: str
    outlet: str = ""
    published: str = ""
    language: str = "en"  # the quote's (its own, else its source's): `lang` where shown
    direction: str = "ltr"  # "rtl" for a right-to-left language: `dir` where shown
    source_language: str = "en"  # the headline's, for the link to the source
    translation: Translated | None = None


@dataclass(frozen=True, slots=True)
class Stance:
    """'Russia denies: <claim>', with who it speaks for and where and when it was said.
    `speaker` is None where only the verb is shown (the page is the speaker's own)."""

    stance: str
    speaker: Link | None = None
    outlet_voice: bool = False
    side: Link | None = None  # the side a speaker speaks for, where it is another
    claim: ClaimLink | None = None  # None where the page is the claim's own
    where: Link | None = None
    when: str = ""  # in words
    when_iso: str = ""  # as `<time datetime>` takes it


@dataclass(frozen=True, slots=True)
class FilterItem:
    """The facets one filterable item carries, as space-separated tokens."""

    voice: str
    side: str
    claim: str
    disputed: bool


@dataclass(frozen=True, slots=True)
class Voice:
    """One voice's stance and every quote that backs it."""

    stance: Stance
    quotes: tuple[Quote, ...]
    filter: FilterItem | None = None


@dataclass(frozen=True, slots=True)
class SideVoices:
    """The voices that speak for one side (a minister under the state)."""

    side: Link
    voices: tuple[Voice, ...]
    filtered: bool = False  # the page's filters hide and show its voices


@dataclass(frozen=True, slots=True)
class When:
    """A date as written in words, and its ISO form where it is one exact day."""

    label: str
    iso: str = ""


@dataclass(frozen=True, slots=True)
class Citation:
    """An outside citation: who published it and when, before the link."""

    publisher: str
    url: str
    label: str
    host: str
    agency: str = ""
    date: When | None = None
    retrieved: bool = False  # the date is when it was read, not published
    via_host: str = ""  # the copy it was read in, named by its host, never linked
    archived: str = ""  # an archived copy of the page (one snapshot), linked beside it


@dataclass(frozen=True, slots=True)
class FilterControl:
    """One menu of the filter form: `name` is voice, side or claim; (value, label) options."""

    name: str
    options: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Filters:
    """The filter form over a page's list: only the values found on the page."""

    noun: str  # what is filtered: "stances", "annotations"
    controls: tuple[FilterControl, ...]
    disputed: bool  # offer "disputed only"


@dataclass(frozen=True, slots=True)
class Fact:
    """One line of a page's facts: a term, and a value of a `kind` the facts template
    lays out (text, link, links, claim, aliases, wikidata, coordinates, status)."""

    term: str
    kind: str
    value: object


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Stances on one claim, by voice."""

    claim: ClaimLink
    voices: tuple[Voice, ...]
    filtered: bool = False


@dataclass(frozen=True, slots=True)
class InContext:
    """A name where the text says it, with the words around it ("keyword in context")."""

    before: str
    hit: str
    href: str
    after: str


@dataclass(frozen=True, slots=True)
class NamedIn:
    """Every other place one source's text names an entity."""

    source: Link
    lines: tuple[InContext, ...]


@dataclass(frozen=True, slots=True)
class ChangeCorrection:
    record: Link  # the corrected record's page
    text: str  # prose the sanitiser made safe


@dataclass(frozen=True, slots=True)
class ChangeCommit:
    sha: str  # shortened
    subject: str
    records: tuple[Link, ...]  # the records whose lines it last changed


@dataclass(frozen=True, slots=True)
class ChangeDay:
    """One day of the changes page: `label` in words, `iso` YYYY-MM-DD."""

    label: str
    iso: str
    added: tuple[Link, ...]  # sources first committed that day
    corrections: tuple[ChangeCorrection, ...]
    commits: tuple[ChangeCommit, ...]


@dataclass(frozen=True, slots=True)
class CorrectionView:
    """A correction as its record's page shows it: the day in words, the same day as
    YYYY-MM-DD (for `<time datetime>`), and the text (prose the sanitiser made safe)."""

    day: str
    iso: str
    text: str


@dataclass(frozen=True, slots=True)
class Note:
    """A cited note; `unverified` says why no source confirms it, where none does.
    `text` and `unverified` are prose: Markdown the sanitiser made safe (`prose`)."""

    text: str
    citations: tuple[Citation, ...]
    unverified: str | None = None


@dataclass(frozen=True, slots=True)
class DisputeRef:
    """A dispute a claim is in: the two camps' sides, linked where it is listed."""

    sides: tuple[tuple[str, ...], tuple[str, ...]]
    href: str = ""


@dataclass(frozen=True, slots=True)
class Related:
    """A claim related to the page's own: how ("Contradicts"), and the claim."""

    relation: str
    claim: ClaimLink


@dataclass(frozen=True, slots=True)
class EditPlace:
    """Where a record is written, for editors; `url` opens it for editing, if set up."""

    path: str
    line: int
    url: str = ""


@dataclass(frozen=True, slots=True)
class Moment:
    """When, as precisely as known: in words whole ("24 November 2015, about 09:20
    (UTC+2)"), the time of day with its zone (empty for a day), the form `<time
    datetime>` takes, and whether the day itself is approximate (inferred, not printed)."""

    label: str
    time: str
    iso: str
    approximate_day: bool = False


@dataclass(frozen=True, slots=True)
class Account:
    """One account of when a claimed event happened: the time, who gives it, where it is
    written. `differs`: another account gives another time. `unverified` is prose."""

    when: Moment
    according_to: Link | None
    source: Link | None
    citations: tuple[Citation, ...]
    unverified: str | None = None
    differs: bool = False


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A line of the timeline: an event a claim says happened (`claim`, `accounts`), a
    stance taken (`stance`, `quote`, the `citations` of its date), or a source published
    (`source`, `outlet`). `differs`: the accounts of the event's time disagree."""

    kind: str  # event, stance, source
    when: Moment
    filter: FilterItem | None = None
    claim: ClaimLink | None = None
    accounts: tuple[Account, ...] = ()
    differs: bool = False
    stance: Stance | None = None
    quote: Quote | None = None
    citations: tuple[Citation, ...] = ()
    source: Link | None = None
    outlet: str = ""


@dataclass(frozen=True, slots=True)
class TimelineDay:
    """The timeline's entries of one day (or month, or year: as precise as known)."""

    label: str
    entries: tuple[TimelineEntry, ...]
