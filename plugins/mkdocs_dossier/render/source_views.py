"""What the source page's templates are handed: plain values, never HTML.

The source page is the site's heaviest (an article's text cut into thousands of
pieces), so its values are made for one flat loop: a paragraph is a tuple of pieces,
each piece its text, the quotes covering it (outermost first), the name it links and
the numbered references after it. Values shared by many pieces (a quote's mark, a
name's link) are made once per page and reused. The page's template and the macros
under `templates/dossier/pieces/` (article, card, coverage) make the HTML from them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from markupsafe import Markup

from .templates import default_templates
from .views import FilterItem, Link, Translated

if TYPE_CHECKING:
    from .context import PageContext

T = TypeVar("T")


class Made:
    """The pieces many pages show alike (a stance line, a claim link, a card's row), each
    made once a build by its template macro and kept in `PageContext.shared`, under a
    key holding its address from the page (so its depth). A tracked rendering notes
    what making one read, as for links. What is kept is the macro's own output: HTML a
    template made with autoescaping (`Markup`), passed on as it is."""

    __slots__ = ("ctx", "templates")

    def __init__(self, ctx: PageContext) -> None:
        self.ctx = ctx
        self.templates = ctx.templates or default_templates()

    def __call__(self, key: tuple[str, ...], make: Callable[[], T]) -> T:
        """What `make` makes (a macro's output, or rows of them), made once a build."""
        shared = self.ctx.shared
        if key not in shared:
            shared[key] = make()
        made: T = shared[key]
        return made


# The article text


class Mark(NamedTuple):
    """The highlight of one quote over one piece. A quote's first piece carries its id
    and its summary (`first`); the pieces after it are hidden from assistive technology.
    A tuple, as pieces are: the template unpacks it."""

    id: str
    summary: str  # what the quote carries, in words
    first: bool
    claim: bool  # it carries a stance on a claim (else mentions only)
    disputed: bool  # a claim it carries is disputed
    lang: str = ""  # the quote's own language, where it is not the article's
    dir: str = ""  # and that language's direction


@dataclass(frozen=True, slots=True)
class NameLink:
    """An alias in the text, linked to its actor or location; `title` says which."""

    href: str
    kind: str  # actor, location
    title: str


class Ref(NamedTuple):
    """The numbered link after a quote's last piece, to its annotation below the text."""

    n: int
    id: str
    summary: str
    disputed: bool


class Piece(NamedTuple):
    """A run of text with one set of covering quotes and at most one name. A tuple, the
    one view that is: pieces are made by the thousand, and the template unpacks them."""

    text: str  # up to its first line break
    more: tuple[str, ...]  # the lines after each line break (a `<br>` before each)
    marks: tuple[Mark, ...]  # the quotes covering it, outermost first
    name: NameLink | None
    name_id: str  # the name's anchor, on the piece where the name starts
    refs: tuple[Ref, ...]  # the quotes it ends, outermost first


@dataclass(frozen=True, slots=True)
class ArticleText:
    """The article: its language and its paragraphs, each a tuple of pieces."""

    language: str
    paragraphs: tuple[tuple[Piece, ...], ...]
    direction: str = "ltr"  # the language's: "rtl" for Arabic or Hebrew


# The card beside a quote


@dataclass(frozen=True, slots=True)
class OtherSide:
    """Another side's stances on the claim, or on the claim contradicting it (`claim`).
    Its parts are made once a build (`Made`): the side's link (`link`; None:
    unattributed), each stance verb (`stance_verb`), the claim's link (`claim_link`)."""

    side: Markup | None
    stances: tuple[Markup, ...]
    claim: Markup | None = None


@dataclass(frozen=True, slots=True)
class CardStance:
    """A stance on the card, each part made once a build (`Made`): who takes it (the
    `stance` macro), the claim and its status (`claim_status`), the other sides' rows
    (`other_side`)."""

    who: Markup
    claim: Markup
    others: tuple[Markup, ...]


@dataclass(frozen=True, slots=True)
class Card:
    """The card `dossier.js` shows beside a highlighted quote."""

    id: str
    n: int
    excerpt: str
    stances: tuple[CardStance, ...]
    mentions: tuple[Markup, ...]  # links, made (`Made`)
    language: str = "en"  # the quote's: `lang` and `dir` on the excerpt
    direction: str = "ltr"


# The list of annotations and the page's facts


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotation below the text, numbered as its reference in the text."""

    n: int
    id: str
    quote: str
    stances: tuple[tuple[Markup, Markup], ...]  # who takes it, the claim: made (`Made`)
    mentions: tuple[Markup, ...]  # links, made (`Made`)
    note: Markup | None  # prose, sanitised (`prose`)
    filter: FilterItem
    language: str = "en"  # the quote's: `lang` and `dir` on it
    direction: str = "ltr"
    translation: Translated | None = None


@dataclass(frozen=True, slots=True)
class Repair:
    """A repair applied to the text: what was found, what replaced it, how often, why."""

    find: str  # invisible characters made visible (`unicode_checks.reveal`)
    replace: str
    count: int
    reason: Markup  # prose, sanitised (`prose`)


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """The facts at the top of a source page; empty text: not on record."""

    outlet: Link | None
    published: str
    byline: str
    dateline: str
    language: str
    original: str  # the article's URL where it was published (validated http(s))
    text_file: Link  # the text as the site publishes it
    repairs: tuple[Repair, ...]
    notes: tuple[Markup, ...]  # prose, sanitised (`prose`)
    archived: str = ""  # an archived copy of the original (one snapshot), if any


# The preview's coverage panel


@dataclass(frozen=True, slots=True)
class Uncovered:
    """Something in the text no annotation covers, at its place in the file."""

    path: str
    line: int
    col: int
    kind: str
    text: str  # shortened where long
    entity: str = ""  # for a name: the id of what it names


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of a source is annotated, and what is left (the first items)."""

    covered: int
    total: int
    share: str  # "50%"
    kinds: str  # "quotes 3/4, mentions 2/5"
    language: str
    has_words: bool  # False: no attribution words for the language; statements not counted
    items: tuple[Uncovered, ...]
    more: int  # items left off the list
