"""The dossier's Atom feed (RFC 4287), `feed/atom.xml`: an entry per source and per correction.

Flow: the compiled dossier, the pages' addresses and `Publication` (who publishes, and
when each record was written: `history`) -> feedgenerator's Atom1Feed, which writes
the XML (escaping every value) -> the file, linked from every page's head.

A returning reader's feed reader shows what is new: a source added to the dossier (its
entry's `updated` is when its record last changed, from git; without git, the build's
time) and a correction made (its day). Ids are the pages' addresses, and a correction's
is its page's with the day and its place among that day's corrections on the record: the
same entry keeps its id from one build to the next.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from xml.etree import ElementTree

from feedgenerator import Atom1Feed

from .model import CORRECTABLE, Correction
from .pipeline import Compiled
from .render.i18n import translations
from .render.prose import prose
from .render.words import Words
from .webannotation import Publication

FEED = "feed/atom.xml"
# Material's instant navigation reads the sitemap beside every `rel=alternate` link (it
# expects the site in another language there): beside the feed it finds this one, which
# lists the feed alone, rather than the site's own, which is megabytes at scale.
FEED_SITEMAP = "feed/sitemap.xml"
PageUrl = Callable[[str, str, str], str]  # (kind, id, fragment) -> absolute or site URL


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    title: str
    link: str
    updated: datetime.datetime
    summary: str  # HTML: escaped text, or prose the sanitiser made safe
    published: datetime.datetime | None = None  # when it was first written, where known


def atom_feed(
    compiled: Compiled, page_url: PageUrl, site: str, address: str, publication: Publication
) -> str:
    """The feed, newest entry first; `site`: the home page's URL; `address`: the feed's
    own (its id and `self` link)."""
    built = publication.built or datetime.datetime.fromtimestamp(0, tz=datetime.UTC)
    creator = publication.creator
    feed = Atom1Feed(
        title=publication.label,
        link=site,
        description=publication.description or publication.label,
        language=publication.language,
        author_name=creator["name"],
        author_link=creator.get("homepage"),
        feed_url=address,
        feed_guid=address,
    )
    entries = sorted(
        [
            *_sources(compiled, page_url, publication, built),
            *_corrections(compiled, page_url, publication),
        ],
        key=lambda e: (e.updated, e.id),
        reverse=True,
    )
    for entry in entries:
        feed.add_item(
            title=entry.title,
            link=entry.link,
            description=entry.summary,
            unique_id=entry.id,
            updateddate=entry.updated,
            pubdate=entry.published or entry.updated,
        )
    return str(feed.writeString("utf-8"))


def feed_sitemap(address: str) -> str:
    """The sitemap beside the feed (`FEED_SITEMAP`): the feed's address, nothing more."""
    urlset = ElementTree.Element("urlset", xmlns="http://www.sitemaps.org/schemas/sitemap/0.9")
    ElementTree.SubElement(ElementTree.SubElement(urlset, "url"), "loc").text = address
    return ElementTree.tostring(urlset, encoding="unicode", xml_declaration=True) + "\n"


def _sources(
    compiled: Compiled, page_url: PageUrl, publication: Publication, built: datetime.datetime
) -> Iterator[Entry]:
    """A source added to the dossier: when its record last changed, else the build's."""
    words = Words(publication.language)
    for source_id, source in compiled.dossier.sources.items():
        where = compiled.origins.get(("sources", source_id))
        written = publication.history.records.get((where.path, where.line)) if where else None
        said = [compiled.dossier.actors[source.outlet].name] if source.outlet else []
        said += [words.date(source.published)] if source.published else []
        link = page_url("sources", source_id, "")
        yield Entry(
            link,
            source.title,
            link,
            written.modified if written else built,
            escape(", ".join(said)),
            written.created if written else None,
        )


def _corrections(
    compiled: Compiled, page_url: PageUrl, publication: Publication
) -> Iterator[Entry]:
    """A correction made: on its day, with its text; titled with what it corrects."""
    words = translations(publication.language)
    for kind in CORRECTABLE:
        for ident, record in compiled.dossier.of_kind(kind).items():
            corrections: list[Correction] = getattr(record, "corrections", [])
            name = _name(record)
            seen: dict[str, int] = {}
            for correction in corrections:
                seen[correction.date] = seen.get(correction.date, 0) + 1
                link = page_url(kind, ident, "")
                day = datetime.datetime.fromisoformat(correction.date).replace(tzinfo=datetime.UTC)
                yield Entry(
                    f"{link}#correction-{correction.date}-{seen[correction.date]}",
                    words.gettext("Correction: %(what)s") % {"what": name},
                    link,
                    day,
                    str(prose(correction.text)),
                )


def _name(record: object) -> str:
    """How a record is named: a source's title, a claim's statement, else its name."""
    for attribute in ("title", "statement", "name"):
        value = getattr(record, attribute, None)
        if isinstance(value, str):
            return value
    return ""
