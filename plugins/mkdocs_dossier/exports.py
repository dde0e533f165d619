"""Open data: every fact the site shows, in formats other tools already read.

Flow: the compiled dossier and the site's page URLs -> one file each, deterministic
(sorted where order is not the dossier's own): the whole dossier as JSON (with its
JSON Schema, generated from the export model below), W3C Web Annotations (JSON-LD)
that re-anchor in the published texts, a GeoJSON FeatureCollection of the places, a
CSV of stances safe to open in a spreadsheet, and the published texts themselves; in a
build (not a preview), the Atom feed (`feed`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from .feed import FEED, FEED_SITEMAP, atom_feed, feed_sitemap
from .index import StanceRef
from .jsonparts import json_at, json_items, json_list, json_object
from .model import wikidata_iri
from .pipeline import Compiled, Part
from .webannotation import Publication, web_annotations

DATA_DIR = "data"

PageUrl = Callable[[str, str, str], str]  # (kind, id, fragment) -> absolute or site URL


class ExportStance(BaseModel):
    model_config = ConfigDict(extra="forbid")
    claim: str
    stance: str
    speaker: str | None
    side: str | None
    outlet_voice: bool
    where: str | None
    when: str | None


class ExportAnnotation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    source: str
    start: int
    end: int
    quote: str
    mentions: list[str]
    stances: list[ExportStance]
    note: str | None
    url: str


class ExportDossier(BaseModel):
    """The whole validated dossier, with quotes resolved to offsets in the published texts."""

    model_config = ConfigDict(extra="forbid")
    sources: dict[str, dict[str, Any]]
    actors: dict[str, dict[str, Any]]
    locations: dict[str, dict[str, Any]]
    claims: dict[str, dict[str, Any]]
    annotations: list[ExportAnnotation]


def _record(record: BaseModel, page: str, **extra: Any) -> dict[str, Any]:
    data = record.model_dump(mode="json", exclude_none=True)
    if "wikidata" in data:
        data["wikidata"] = wikidata_iri(data["wikidata"])
    return {**data, "page": page, **extra}


def dossier_json(
    compiled: Compiled, page_url: PageUrl, text_url: Callable[[str], str], part: Part
) -> str:
    """The whole dossier as one JSON file, in the shape `ExportDossier` describes (its
    schema is published beside it; a test validates the one against the other). Built
    as plain data, a part per record and per source's annotations: a dossier of 1,000
    articles has 10,000 annotations, and the preview writes this file on every rebuild."""
    dossier, index = compiled.dossier, compiled.index
    assert index is not None
    records = []
    for kind in ("sources", "actors", "locations", "claims"):
        make = partial(_record_json, kind, page_url, text_url)
        table = getattr(dossier, kind)
        made = [
            (ident, part(("dossier.json", kind, ident), partial(make, ident))) for ident in table
        ]
        records.append((kind, json_object(made, 1)))
    annotations = [
        part(
            ("dossier.json", "annotations", source_id),
            partial(_annotations_json, source_id, page_url),
        )
        for source_id in index.passages
    ]
    return json_object([*records, ("annotations", json_list(annotations, 1))], 0, end="\n")


def _record_json(
    kind: str, page_url: PageUrl, text_url: Callable[[str], str], ident: str, compiled: Compiled
) -> str:
    record = getattr(compiled.dossier, kind)[ident]
    extra: dict[str, Any] = {}
    if kind == "sources":
        extra["text"] = text_url(ident)
    elif kind == "claims":
        assert compiled.index is not None
        extra["status"] = compiled.index.statuses[ident]
    return json_at(_record(record, page_url(kind, ident, ""), **extra), 2)


def _annotations_json(source_id: str, page_url: PageUrl, compiled: Compiled) -> str:
    """One source's annotations, as items of the file's list (empty: none)."""
    dossier, index = compiled.dossier, compiled.index
    assert index is not None
    outlet = dossier.sources[source_id].outlet
    items = [
        {
            "id": p.anchor.anchor_id,
            "source": source_id,
            "start": p.anchor.start,
            "end": p.anchor.end,
            "quote": p.quote,
            "mentions": p.annotation.mentions,
            "stances": [
                {
                    "claim": s.claim,
                    "stance": s.stance,
                    "speaker": s.by or outlet,
                    "side": index.sides.get(s.by or outlet, s.by or outlet),
                    "outlet_voice": s.by is None,
                    "where": s.where,
                    "when": s.when,
                }
                for s in p.annotation.stances
            ],
            "note": p.annotation.note,
            "url": page_url("sources", source_id, p.anchor.anchor_id),
        }
        for p in index.passages[source_id]
    ]
    return json_items(items, 2)


def dossier_schema() -> str:
    schema = ExportDossier.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=1, sort_keys=True) + "\n"


def locations_geojson(compiled: Compiled, page_url: PageUrl, part: Part) -> str:
    features = [
        part(("locations.geojson", ident), partial(_feature, ident, page_url))
        for ident in compiled.dossier.locations
    ]
    return json_object(
        [("type", '"FeatureCollection"'), ("features", json_list(features, 1))], 0, end="\n"
    )


def _feature(ident: str, page_url: PageUrl, compiled: Compiled) -> str:
    loc = compiled.dossier.locations[ident]
    if loc.geometry is not None:
        geometry: dict[str, Any] | None = loc.geometry.model_dump(mode="json")
    elif loc.coordinates is not None:
        geometry = {"type": "Point", "coordinates": [loc.coordinates[1], loc.coordinates[0]]}
    else:
        geometry = None
    feature = {
        "type": "Feature",
        "id": ident,
        "geometry": geometry,
        "properties": {
            "name": loc.name,
            "kind": loc.kind,
            "precision": loc.precision,
            "page": page_url("locations", ident, ""),
            "wikidata": wikidata_iri(loc.wikidata),
        },
    }
    return json_items([feature], 2)


CSV_COLUMNS = (
    "claim", "statement", "stance", "actor", "actor_name", "side", "source", "date", "quote", "url",
)  # fmt: skip


def stances_csv(compiled: Compiled, page_url: PageUrl, part: Part) -> str:
    """UTF-8 with a byte-order mark (spreadsheets read it), every field quoted, no formulas."""
    index = compiled.index
    assert index is not None
    rows = [
        part(("stances.csv", claim_id), partial(_rows, claim_id, page_url))
        for claim_id in index.claims
    ]
    return "\ufeff" + _csv([CSV_COLUMNS]) + "".join(rows)


def _rows(claim_id: str, page_url: PageUrl, compiled: Compiled) -> str:
    """The rows of one claim's stances."""
    assert compiled.index is not None
    stances = compiled.index.claims[claim_id].stances
    return _csv([_safe(v) for v in _row(compiled, claim_id, ref, page_url)] for ref in stances)


def _csv(rows: Iterable[Iterable[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _row(compiled: Compiled, claim_id: str, ref: StanceRef, page_url: PageUrl) -> list[str]:
    dossier = compiled.dossier
    source = dossier.sources[ref.passage.source_id]
    return [
        claim_id,
        dossier.claims[claim_id].statement,
        ref.stance,
        ref.speaker or "",
        dossier.actors[ref.speaker].name if ref.speaker else "",
        ref.side or "",
        ref.passage.source_id,
        ref.when or source.published or "",
        ref.passage.quote,
        page_url("sources", ref.passage.source_id, ref.passage.anchor.anchor_id),
    ]


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run: formula starts get a leading apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def published_text(compiled: Compiled, source_id: str) -> str:
    """The article as published on its page: the file with its declared repairs applied."""
    return compiled.articles[source_id].text


LOOPBACK = ("localhost", "127.0.0.1", "0.0.0.0", "::1", "::")


def local_address_note(site_url: str) -> str:
    """What to say when `site_url` is an address on the builder's machine (MkDocs'
    default for `mkdocs serve`), so the open data's identifiers would point there, not
    to the published site; empty when it is not."""
    try:
        host = (urlsplit(site_url).hostname or "") if site_url else ""
    except ValueError:  # MkDocs checked the URL; a malformed one is no machine's address
        return ""
    if site_url and host not in LOOPBACK and not host.endswith(".localhost"):
        return ""
    return (
        f"dossier: site_url is {site_url or 'not set'}: the identifiers in data/ "
        "(annotations.jsonld, dossier.json, ...) point to this machine, not to the "
        "published site. Set site_url (or SITE_URL) to where it is published."
    )


def open_data(
    compiled: Compiled,
    urls: dict[tuple[str, str], str],
    site_url: str,
    publication: Publication,
    part: Part | None = None,
) -> dict[str, str]:
    """Every export, by its path in the site. `urls` are the pages' site-relative URLs;
    `publication`: who publishes the Web Annotations, and when each was written.

    Each file is put together from parts (a record, a source's annotations, a claim's
    rows), each made by `part(key, make)`: by default `make(compiled)`; the preview
    passes one that reuses a part while what it read is unchanged (`incremental`).
    """
    base = site_url.rstrip("/") + "/" if site_url else "/"
    part = part or (lambda _, make: make(compiled))

    def page_url(kind: str, ident: str, fragment: str) -> str:
        return base + urls[(kind, ident)] + (f"#{fragment}" if fragment else "")

    def text_url(source_id: str) -> str:
        return f"{base}{DATA_DIR}/texts/{source_id}.txt"

    files = {
        f"{DATA_DIR}/dossier.json": dossier_json(compiled, page_url, text_url, part),
        f"{DATA_DIR}/dossier.schema.json": dossier_schema(),
        f"{DATA_DIR}/annotations.jsonld": web_annotations(
            compiled,
            f"{base}{DATA_DIR}/annotations.jsonld",
            page_url,
            text_url,
            publication,
            part,
        ),
        f"{DATA_DIR}/locations.geojson": locations_geojson(compiled, page_url, part),
        f"{DATA_DIR}/stances.csv": stances_csv(compiled, page_url, part),
    }
    if publication.built is not None:  # a build, not a preview: it is dated
        files[FEED] = atom_feed(compiled, page_url, base, base + FEED, publication)
        files[FEED_SITEMAP] = feed_sitemap(base + FEED)
    for source_id in compiled.dossier.sources:
        if source_id in compiled.articles:
            files[f"{DATA_DIR}/texts/{source_id}.txt"] = published_text(compiled, source_id)
    return files
