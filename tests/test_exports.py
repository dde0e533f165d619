"""Open data: every export parsed by a real parser and checked against the dossier."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
from pyld import jsonld

from conftest import MINI, run_mkdocs_build
from mkdocs_dossier.pipeline import Compiled
from sitecheck import scan

Make = Callable[..., Path]

# The terms our exports use, mapped to the W3C Web Annotation vocabulary, so expansion
# runs offline (the published context lives at www.w3.org).
ANNO_CONTEXT = {
    "@context": {
        "oa": "http://www.w3.org/ns/oa#",
        "as": "https://www.w3.org/ns/activitystreams#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "dc": "http://purl.org/dc/terms/",
        "id": "@id",
        "type": "@type",
        "Annotation": "oa:Annotation",
        "AnnotationCollection": "as:OrderedCollection",
        "AnnotationPage": "as:OrderedCollectionPage",
        "TextualBody": "oa:TextualBody",
        "SpecificResource": "oa:SpecificResource",
        "TextQuoteSelector": "oa:TextQuoteSelector",
        "TextPositionSelector": "oa:TextPositionSelector",
        "body": {"@type": "@id", "@id": "oa:hasBody"},
        "target": {"@type": "@id", "@id": "oa:hasTarget"},
        "source": {"@type": "@id", "@id": "oa:hasSource"},
        "selector": {"@type": "@id", "@id": "oa:hasSelector"},
        "motivation": {"@type": "@vocab", "@id": "oa:motivatedBy"},
        "purpose": {"@type": "@vocab", "@id": "oa:hasPurpose"},
        "classifying": "oa:classifying",
        "identifying": "oa:identifying",
        "describing": "oa:describing",
        "value": "rdf:value",
        "format": "dc:format",
        "exact": "oa:exact",
        "prefix": "oa:prefix",
        "suffix": "oa:suffix",
        "start": "oa:start",
        "end": "oa:end",
        "first": {"@type": "@id", "@id": "as:first"},
        "items": {"@id": "as:items", "@container": "@list"},
        "total": "as:totalItems",
    }
}
SCHEMA_ORG_CONTEXT = {"@context": {"@vocab": "https://schema.org/"}}


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    contexts = {
        "http://www.w3.org/ns/anno.jsonld": ANNO_CONTEXT,
        "https://schema.org": SCHEMA_ORG_CONTEXT,
    }
    if url not in contexts:
        raise jsonld.JsonLdError("no network in tests", "loading document failed", {"url": url})
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": contexts[url]}  # fmt: skip


def load(site: Path, name: str) -> str:
    return (site / "data" / name).read_text(encoding="utf-8")


def test_dossier_json_is_the_whole_dossier_and_valid(
    seed_site: Path, seed_compiled: Compiled
) -> None:
    data = json.loads(load(seed_site, "dossier.json"))
    jsonschema.validate(data, json.loads(load(seed_site, "dossier.schema.json")))
    dossier = seed_compiled.dossier
    for kind in ("sources", "actors", "locations", "claims"):
        assert set(data[kind]) == set(dossier.of_kind(kind))
    assert data["actors"]["putin"]["wikidata"] == "http://www.wikidata.org/entity/Q7747"
    assert data["claims"]["su24-entered-turkish-airspace"]["status"] == "disputed"
    assert len(data["annotations"]) == sum(len(a) for a in dossier.annotations.values())
    for annotation in data["annotations"]:
        text = load(seed_site, f"texts/{annotation['source']}.txt")
        assert text[annotation["start"] : annotation["end"]] == annotation["quote"]


def test_web_annotations_expand_and_reanchor_at_their_offsets(seed_site: Path) -> None:
    document = json.loads(load(seed_site, "annotations.jsonld"))
    expanded = jsonld.expand(document, {"documentLoader": offline_loader})
    assert expanded, "JSON-LD expansion produced nothing"
    items = document["first"]["items"]
    assert document["total"] == len(items) == 64
    for item in items:
        assert item["type"] == "Annotation"
        source = item["target"]["source"]["id"]
        text = load(seed_site, "texts/" + source.rsplit("/", 1)[1])
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])
    graph = json.dumps(expanded)
    assert "http://www.w3.org/ns/oa#TextPositionSelector" in graph
    assert "http://www.w3.org/ns/oa#hasTarget" in graph


def test_geojson_of_the_places(seed_site: Path, seed_compiled: Compiled) -> None:
    data = json.loads(load(seed_site, "locations.geojson"))
    assert data["type"] == "FeatureCollection"
    features = {f["id"]: f for f in data["features"]}
    assert set(features) == set(seed_compiled.dossier.locations)
    for ident, location in seed_compiled.dossier.locations.items():
        feature = features[ident]
        assert feature["type"] == "Feature"
        assert feature["properties"]["page"].endswith(f"/locations/{ident}/")
        if location.coordinates is None:
            assert feature["geometry"] is None
            continue
        lon, lat = feature["geometry"]["coordinates"]
        assert (lat, lon) == location.coordinates
        assert -180 <= lon <= 180
        assert -90 <= lat <= 90
    assert features["moscow"]["properties"]["wikidata"] == "http://www.wikidata.org/entity/Q649"


def test_stances_csv_opens_cleanly(seed_site: Path, seed_compiled: Compiled) -> None:
    raw = (seed_site / "data" / "stances.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8, marked for spreadsheets
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert seed_compiled.index is not None
    assert len(rows) == sum(len(i.stances) for i in seed_compiled.index.claims.values())
    assert list(rows[0]) == [
        "claim",
        "statement",
        "stance",
        "actor",
        "actor_name",
        "side",
        "source",
        "date",
        "quote",
        "url",
    ]
    assert all(line.startswith('"') for line in raw.decode("utf-8-sig").splitlines())
    stoltenberg = next(r for r in rows if r["actor"] == "stoltenberg")
    assert (stoltenberg["side"], stoltenberg["date"]) == ("nato", "2015-11-24")  # cited `when`
    putin = next(r for r in rows if r["actor"] == "putin" and r["claim"] == "turkey-supports-isis")
    assert putin["date"] == "~2015-11-24"  # no date of its own: its source's


def test_csv_cells_cannot_run_as_formulas(mini: Make, tmp_path: Path) -> None:
    claims = MINI["dossier/claims.yml"].replace(
        "statement: The jet entered Turkish airspace.",
        'statement: "=HYPERLINK(\\"http://x\\",\\"y\\")"',
    )
    result = run_mkdocs_build(mini({"dossier/claims.yml": claims}), tmp_path / "site")
    assert result.returncode == 0, result.stderr
    rows = list(
        csv.reader(io.StringIO((tmp_path / "site/data/stances.csv").read_text("utf-8-sig")))
    )
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert rows[1][1] == '\'=HYPERLINK("http://x","y")'


def json_ld_of(page: Path) -> list[dict[str, Any]]:
    return [
        json.loads(m.group(1))
        for m in re.finditer(
            r'<script type="application/ld\+json">(.*?)</script>', page.read_text(), re.S
        )
    ]


def test_schema_org_in_claim_and_source_pages(seed_site: Path) -> None:
    (claim,) = json_ld_of(seed_site / "claims/su24-entered-turkish-airspace/index.html")
    assert claim["@type"] == "Claim"
    assert claim["text"] == "The Su-24 entered Turkish airspace before it was shot down."
    assert {a["name"] for a in claim["author"]} >= {"Turkey", "Jens Stoltenberg"}
    assert all("#q-" in a["url"] for a in claim["appearance"])
    (article,) = json_ld_of(seed_site / "sources/ewn-lavrov-cancels-trip/index.html")
    assert (article["@type"], article["datePublished"]) == ("NewsArticle", "2015-11-25")
    (undated,) = json_ld_of(seed_site / "sources/maltatoday-putin-warns/index.html")
    assert "datePublished" not in undated  # only about that day: not claimed as its date
    for data in (claim, article):
        assert jsonld.expand(data, {"documentLoader": offline_loader})


def test_timeline_shows_both_articles_in_order(seed_site: Path) -> None:
    page = (seed_site / "timeline/index.html").read_text()
    published = page.split('<span class="dossier-kicker">Published</span> ')[1:]
    assert [p.split("</a>")[0].rsplit(">", 1)[1] for p in published] == [
        "One Russian pilot killed, another missing after jet shot down by Turkey",
        "Russian foreign minister cancels trip to Turkey",
    ]
    assert (
        page.index("<h2") < page.index("date approximate") < page.index(">November 25, 2015</h2>")
    )


def test_downloads_are_linked_from_home_and_entity_pages(seed_site: Path) -> None:
    home = scan(seed_site / "index.html").links
    for name in ("dossier.json", "annotations.jsonld", "locations.geojson", "stances.csv"):
        assert f"data/{name}" in home
        assert f"../../data/{name}" in scan(seed_site / "actors/putin/index.html").links
