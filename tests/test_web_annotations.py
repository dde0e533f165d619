"""The Web Annotation export against the W3C Web Annotation Data Model (issue 35): the
collection and its page, each annotation's creator and dates, bodies and targets that
say their format and language, targets that lead back to what the outlet published, and
identifiers that follow `site_url`. The properties are asserted as the model's text
states them (section numbers in the comments)."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import MINI, REPO, run_mkdocs_build, write_tree
from mkdocs_dossier.pipeline import Compiled

SITE_URL = "https://dossier.example.org/su24/"
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")  # xsd:dateTime, in UTC


def annotations_of(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "data" / "annotations.jsonld").read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The seed, built as the publishing workflow builds it: with its public address."""
    site = tmp_path_factory.mktemp("published") / "site"
    result = run_mkdocs_build(REPO, site, SITE_URL)
    assert result.returncode == 0, result.stderr[-3000:]
    return site, result.stderr


def test_the_collection_and_its_page(published: tuple[Path, str]) -> None:
    site, _ = published
    document = annotations_of(site)
    address = SITE_URL + "data/annotations.jsonld"
    # 5.1: the collection has one IRI (where it is published), its type, a label, the
    # total, and its first and last pages.
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["id"] == address
    assert document["type"] == "AnnotationCollection"
    assert document["label"] == "Su-24 shoot-down, November 2015: an annotated dossier"
    page = document["first"]
    # 5.2: the page MUST have exactly one IRI; it says what it is part of, and where its
    # items start in the collection.
    assert page["id"].startswith(address + "#")
    assert page["type"] == "AnnotationPage"
    assert page["partOf"] == address
    assert page["startIndex"] == 0
    assert document["last"] == page["id"]  # one page: the first is the last
    assert document["total"] == len(page["items"]) == 64


def test_each_annotation_says_who_made_it_and_when(published: tuple[Path, str]) -> None:
    site, _ = published
    for item in annotations_of(site)["first"]["items"]:
        # 3.3.1 and 3.3.2: one creator, an Agent with its type and name; created and
        # modified as xsd:dateTime in UTC, the one not after the other.
        creator = item["creator"]
        assert creator["type"] == "Organization"
        assert creator["name"]
        assert creator["homepage"] == SITE_URL  # the site, as no publisher is configured
        assert DATE_TIME.match(item["created"]), item["created"]
        assert DATE_TIME.match(item["modified"]), item["modified"]
        assert item["created"] <= item["modified"]


def test_bodies_and_targets_say_format_and_language_and_lead_to_the_original(
    published: tuple[Path, str], seed_compiled: Compiled
) -> None:
    site, _ = published
    sources = seed_compiled.dossier.sources
    for item in annotations_of(site)["first"]["items"]:
        for body in item["body"]:
            if body["type"] == "TextualBody":  # 3.2.4 and 3.2.1: format and language
                assert body["format"] == "text/plain"
                assert body["language"] == "en"
                assert body["value"]
            else:
                assert body["type"] == "SpecificResource"
                assert body["source"].startswith(SITE_URL)
        target = item["target"]
        # 4: a Specific Resource, typed as one, over the published text, with a quote
        # and a position that agree in it.
        assert target["type"] == "SpecificResource"
        text_resource = target["source"]
        assert text_resource["type"] == "Text"
        assert text_resource["format"] == "text/plain"
        source_id = text_resource["id"].removeprefix(SITE_URL + "data/texts/").removesuffix(".txt")
        assert text_resource["language"] == sources[source_id].language
        # The original article: the resource the text appears in (4.3, scope), and the one
        # the site's copy was taken from (3.3.7, via).
        assert target["scope"] == text_resource["via"] == sources[source_id].url
        text = (site / "data" / "texts" / f"{source_id}.txt").read_text("utf-8")
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert position["type"] == "TextPositionSelector"
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])


def test_every_identifier_follows_site_url(published: tuple[Path, str]) -> None:
    site, log = published
    document = annotations_of(site)
    found: list[str] = []

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for inner_key, inner in value.items():
                walk(inner, inner_key)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, key)
        elif key in ("id", "source", "partOf", "last", "homepage") and isinstance(value, str):
            found.append(value)

    walk(document)
    assert len(found) > 64 * 3
    assert all(iri.startswith(SITE_URL) for iri in found), [i for i in found if SITE_URL not in i]
    assert "point to this machine" not in log  # a public address: nothing to say


def test_a_build_with_a_local_address_says_so(tmp_path: Path) -> None:
    """A build whose identifiers would point to the builder's machine says so (and how
    to fix it), so that a newsroom does not publish them by mistake."""
    root = write_tree(tmp_path / "project", MINI)
    result = run_mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    said = [line for line in result.stderr.splitlines() if "point to this machine" in line]
    assert len(said) == 1, result.stderr[-3000:]
    assert "http://127.0.0.1:8000/" in said[0]
    assert "SITE_URL" in said[0]


def git(root: Path, *args: str, when: str = "") -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=root, env=env, check=True, capture_output=True,
    )  # fmt: skip


def dated(site: Path) -> dict[str, tuple[str, str]]:
    """Each annotation's (created, modified), by its quote."""
    return {
        item["target"]["selector"][0]["exact"]: (item["created"], item["modified"])
        for item in annotations_of(site)["first"]["items"]
    }


PUBLISHER = "  - dossier:\n      publisher: {name: The Paper's Desk, url: https://desk.example/}\n"


def test_dates_come_from_each_records_history_and_the_publisher_from_the_config(
    tmp_path: Path,
) -> None:
    """A record's `created` is its oldest line's commit, `modified` its newest; a record
    edited and not committed yet is modified at the build's time."""
    files = {**MINI, "site_config.yml": MINI["site_config.yml"].replace("  - dossier\n", PUBLISHER)}
    root = write_tree(tmp_path / "project", files)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first", when="2020-01-02T03:04:05Z")
    annotations = root / "dossier" / "annotations" / "a.yml"
    text = annotations.read_text("utf-8")
    edited = text.replace("    - {claim: entered-airspace, stance: denies, by: russia}\n",
                          "    - {claim: entered-airspace, stance: denies, by: putin}\n")  # fmt: skip
    assert edited != text
    annotations.write_text(edited, encoding="utf-8")
    git(root, "commit", "-qam", "second", when="2021-06-07T08:09:10Z")
    annotations.write_text(
        edited.replace("  mentions: [putin, sochi]", "  mentions: [sochi, putin]")
    )
    build_epoch = "1700000000"  # 2023-11-14T22:13:20Z
    result = run_mkdocs_build(root, tmp_path / "site", SOURCE_DATE_EPOCH=build_epoch)
    assert result.returncode == 0, result.stderr[-3000:]
    found = dated(tmp_path / "site")
    assert found["Ankara says its jets fired after warnings"] == (
        "2020-01-02T03:04:05Z", "2020-01-02T03:04:05Z",
    )  # fmt: skip
    assert found["Moscow insists that the jet never strayed from Syrian airspace"] == (
        "2020-01-02T03:04:05Z", "2021-06-07T08:09:10Z",
    )  # fmt: skip
    assert found["Putin spoke in Sochi"] == ("2020-01-02T03:04:05Z", "2023-11-14T22:13:20Z")
    creators = {
        json.dumps(i["creator"]) for i in annotations_of(tmp_path / "site")["first"]["items"]
    }
    assert [json.loads(c) for c in creators] == [
        {"type": "Organization", "name": "The Paper's Desk", "homepage": "https://desk.example/"}
    ]


def test_without_git_the_dates_are_the_builds(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "project", MINI)
    result = run_mkdocs_build(root, tmp_path / "site", SOURCE_DATE_EPOCH="1700000000")
    assert result.returncode == 0, result.stderr[-3000:]
    built = datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=datetime.UTC)
    stamp = built.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert set(dated(tmp_path / "site").values()) == {(stamp, stamp)}


@pytest.mark.parametrize(
    ("site_url", "local"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://localhost:8000/su24/", True),
        ("http://[::1]:8000/", True),
        ("http://dossier.localhost/", True),
        ("", True),  # no address: the identifiers are the site's paths alone
        ("https://dossier.example.org/su24/", False),
        ("https://localhost.example.org/", False),
    ],
)
def test_which_addresses_are_the_builders_own(site_url: str, local: bool) -> None:
    from mkdocs_dossier.exports import local_address_note  # noqa: PLC0415

    assert bool(local_address_note(site_url)) == local
