"""The annotations as W3C Web Annotations (JSON-LD): `data/annotations.jsonld`.

Flow: the compiled dossier, the site's addresses and `Publication` (who publishes, in
which language, and when each record was written: `history`) -> one AnnotationCollection
holding one AnnotationPage, one Annotation per anchored quote, each made as a part the
preview keeps while its source is unchanged.

Per the Web Annotation Data Model (README, "Open data", says it property by property):
each annotation has its creator and dates; each body its format and language; each
target is a SpecificResource over the published text (`data/texts/`, whose offsets it
counts in), with a quote and a position selector, and the original article as its
`scope`, the text's `via`: a consumer can go from any annotation to what the outlet
published. The page has an IRI and says which collection it is part of.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .history import History, build_time, record_history
from .index import Passage
from .jsonparts import json_at, json_items, json_list, json_object
from .languages import direction
from .pipeline import Compiled, Part, record_key
from .render.i18n import translations

CONTEXT_CHARS = 32  # prefix and suffix kept by TextQuoteSelectors
PAGE = "#page-1"  # the one page's IRI, after the collection's
# The records whose history is read (`Compiled.origins`' kinds): where a record starts.
RECORD_KINDS = ("annotation", "sources", "actors", "claims", "locations")

PageUrl = Callable[[str, str, str], str]  # (kind, id, fragment) -> absolute or site URL


@dataclass(frozen=True, slots=True)
class Publication:
    """Who publishes the annotations and in which language, and when each was written.

    `creator`: a W3C Agent (the plugin's `publisher` option, else the site); `history`:
    what git says of each record (`history`); `built`: the time of a record with no
    history (None under `mkdocs serve`: a preview says no dates, and has no feed)."""

    label: str
    creator: dict[str, str]
    language: str = "en"
    history: History = field(default_factory=History)
    built: datetime.datetime | None = None
    description: str = ""  # the site's, for the feed


def publication_of(
    compiled: Compiled,
    root: Path,
    site: tuple[str, str, str],
    publisher: tuple[str, str],
    language: str,
    dated: bool,
) -> Publication:
    """Who publishes the annotations (`publisher`'s name and homepage; by default the
    site's: `site`, its name, URL and description), and, where `dated` (a build, not a
    preview), when each record was written: from git where the project is a work tree
    (`history`), else the build's time."""
    name, homepage = publisher[0] or site[0], publisher[1] or site[1]
    creator = {"type": "Organization", "name": name}
    if homepage:
        creator["homepage"] = homepage
    if not dated:
        return Publication(site[0], creator, language, description=site[2])
    now = build_time()
    starts: dict[str, list[int]] = {}
    for (kind, _), where in compiled.origins.items():
        if kind in RECORD_KINDS:
            starts.setdefault(where.path, []).append(where.line)
    history = record_history(root, starts, now)
    return Publication(site[0], creator, language, history, now, site[2])


def web_annotations(
    compiled: Compiled,
    address: str,
    page_url: PageUrl,
    text_url: Callable[[str], str],
    publication: Publication,
    part: Part,
) -> str:
    """The collection at `address` (this file's own URL), its one page embedded."""
    index = compiled.index
    assert index is not None
    make = partial(_items, page_url, text_url, publication)
    items = [
        part(("annotations.jsonld", source_id), partial(make, source_id))
        for source_id in index.passages
    ]
    page = address + PAGE
    head = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": address,
        "type": "AnnotationCollection",
        "label": publication.label,
        "creator": publication.creator,
        "total": sum(map(len, index.passages.values())),
    }
    first = json_object(
        [
            ("id", json_at(page, 2)),
            ("type", '"AnnotationPage"'),
            ("partOf", json_at(address, 2)),
            ("startIndex", "0"),
            ("items", json_list(items, 2)),
        ],
        1,
    )
    fields = [(key, json_at(value, 1)) for key, value in head.items()]
    return json_object([*fields, ("first", first), ("last", json_at(page, 1))], 0, end="\n")


def _items(
    page_url: PageUrl,
    text_url: Callable[[str], str],
    publication: Publication,
    source_id: str,
    compiled: Compiled,
) -> str:
    """One source's annotations, as items of the page (empty: none)."""
    index = compiled.index
    assert index is not None
    return json_items(
        [
            _annotation(compiled, source_id, passage, page_url, text_url, publication)
            for passage in index.passages[source_id]
        ],
        3,
    )


def _annotation(
    compiled: Compiled,
    source_id: str,
    passage: Passage,
    page_url: PageUrl,
    text_url: Callable[[str], str],
    publication: Publication,
) -> dict[str, Any]:
    annotation: dict[str, Any] = {
        "id": page_url("sources", source_id, passage.anchor.anchor_id),
        "type": "Annotation",
        "motivation": "classifying" if passage.annotation.stances else "identifying",
        "creator": publication.creator,
        **_dates(compiled, source_id, passage.anchor.anchor_id, publication),
        "body": _bodies(compiled, source_id, passage, page_url, publication.language),
        "target": _target(compiled, source_id, passage, text_url),
    }
    return annotation


def _dates(
    compiled: Compiled, source_id: str, anchor_id: str, publication: Publication
) -> dict[str, str]:
    """`created` and `modified`: from the record's history, else the build's time."""
    if publication.built is None:
        return {}
    where = compiled.origins.get(record_key(source_id, anchor_id))
    written = publication.history.records.get((where.path, where.line)) if where else None
    created = written.created if written else publication.built
    modified = written.modified if written else publication.built
    return {"created": _stamp(created), "modified": _stamp(modified)}


def _stamp(moment: datetime.datetime) -> str:
    """An xsd:dateTime in UTC, as the model asks: 2015-11-24T09:20:00Z."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _said_in(language: str) -> dict[str, str]:
    """`language`, and `textDirection` where the language is written right to left."""
    found = {"language": language}
    if direction(language) == "rtl":
        found["textDirection"] = "rtl"
    return found


def _bodies(
    compiled: Compiled, source_id: str, passage: Passage, page_url: PageUrl, language: str
) -> list[dict[str, Any]]:
    """Per stance, the words ("Russia denies: ...", in the site's language) and the
    claim; per mention, the actor's or place's page."""
    dossier = compiled.dossier
    words = translations(language)
    outlet = dossier.sources[source_id].outlet
    bodies: list[dict[str, Any]] = []
    for s in passage.annotation.stances:
        speaker = s.by or outlet
        who = dossier.actors[speaker].name if speaker else words.gettext("the outlet")
        said = words.gettext("%(who)s %(stance)s: %(claim)s") % {
            "who": who,
            "stance": words.gettext(s.stance),
            "claim": dossier.claims[s.claim].statement,
        }
        bodies.append(
            {"type": "TextualBody", "purpose": "describing", "format": "text/plain",
             **_said_in(language), "value": said}
        )  # fmt: skip
        bodies.append(
            {"type": "SpecificResource", "purpose": "classifying",
             "source": page_url("claims", s.claim, "")}
        )  # fmt: skip
    for entity in passage.annotation.mentions:
        kind = "actors" if entity in dossier.actors else "locations"
        bodies.append(
            {"type": "SpecificResource", "purpose": "identifying",
             "source": page_url(kind, entity, "")}
        )  # fmt: skip
    return bodies


def _target(
    compiled: Compiled, source_id: str, passage: Passage, text_url: Callable[[str], str]
) -> dict[str, Any]:
    """The quote in the published text: a SpecificResource with both selectors, in the
    original article (`scope`), over the site's copy of its text (`via`: the article)."""
    source = compiled.dossier.sources[source_id]
    text = compiled.articles[source_id].text
    start, end = passage.anchor.start, passage.anchor.end
    quoted_in = passage.annotation.language or source.language
    original = {"via": source.url} if source.url else {}
    return {
        "type": "SpecificResource",
        **_said_in(quoted_in),
        "source": {
            "id": text_url(source_id),
            "type": "Text",
            "format": "text/plain",
            **_said_in(source.language),
            **original,
        },
        **({"scope": source.url} if source.url else {}),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - CONTEXT_CHARS) : start],
                "suffix": text[end : end + CONTEXT_CHARS],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }
