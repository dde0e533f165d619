"""A living dossier (issue 34): corrections made openly, and archived copies of cited
pages. A copy of the small dossier with a correction on its claim and an archived copy
on its source is built for real and its pages read; `dossier check` is run as an editor
runs it."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from xml.etree import ElementTree

import pytest

from conftest import MINI, copy_repo_dossier, run_mkdocs_build, write_tree
from mkdocs_dossier.cli import main as dossier
from test_web_annotations import git

SNAPSHOT = "https://web.archive.org/web/20151125093000/https://paper.example/jet-down"
CITED_SNAPSHOT = "https://archive.ph/AbC12"
CORRECTION = "The claim said *Syrian* airspace; the articles say Turkish."
LIVING = {
    **MINI,
    "dossier/sources.yml": MINI["dossier/sources.yml"] + f"  archive_url: {SNAPSHOT}\n",
    "dossier/claims.yml": MINI["dossier/claims.yml"]
    + f"  corrections:\n    - date: 2026-01-02\n      text: {CORRECTION}\n",
    "dossier/locations.yml": MINI["dossier/locations.yml"].replace(
        "note: Coordinates.}", f"note: Coordinates., archive_url: '{CITED_SNAPSHOT}'}}"
    ),
}


@pytest.fixture(scope="module")
def living(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("living"), LIVING)
    result = run_mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def json_ld(page: str) -> list[dict[str, object]]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    return [json.loads(block) for block in found]


def test_a_correction_is_shown_with_its_day_and_in_the_json_ld(living: Path) -> None:
    page = (living / "claims" / "entered-airspace" / "index.html").read_text("utf-8")
    article = page.split("<article", 1)[1]
    section = article.split('<ul class="dossier-corrections">', 1)[1].split("</ul>", 1)[0]
    assert '<time datetime="2026-01-02">January 2, 2026</time>' in section
    assert "<em>Syrian</em>" in section  # the text is prose: inline Markdown, made safe
    # Under the heading, before the stances: where a returning reader meets it first.
    assert article.index(">Corrections</h2>") < article.index(">Stances, by side</h2>")
    claims = [d for d in json_ld(page) if d.get("@type") == "Claim"]
    assert claims[0]["correction"] == [
        {"@type": "CorrectionComment", "datePublished": "2026-01-02", "text": CORRECTION}
    ]
    uncorrected = (living / "actors" / "russia" / "index.html").read_text("utf-8")
    assert "dossier-corrections" not in uncorrected
    assert "CorrectionComment" not in uncorrected


def test_an_archived_copy_is_linked_beside_the_original(living: Path) -> None:
    source = (living / "sources" / "a" / "index.html").read_text("utf-8")
    original = source.split(">Original</dt>", 1)[1].split("</dd>", 1)[0]
    assert 'href="https://paper.example/jet-down"' in original
    assert f'<a href="{SNAPSHOT}" rel="nofollow noopener noreferrer">archived copy</a>' in original
    place = (living / "locations" / "sochi" / "index.html").read_text("utf-8")
    cited = place.split('<ul class="dossier-citations">', 1)[1].split("</li>", 1)[0]
    assert 'href="https://gazetteer.example/sochi"' in cited
    assert (
        f'<a href="{CITED_SNAPSHOT}" rel="nofollow noopener noreferrer">archived copy</a>' in cited
    )
    data = json.loads((living / "data" / "dossier.json").read_text("utf-8"))
    assert data["sources"]["a"]["archive_url"] == SNAPSHOT
    assert data["claims"]["entered-airspace"]["corrections"][0]["date"] == "2026-01-02"


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("https://web.archive.org/web/2015*/https://paper.example/jet-down", "a search"),
        ("https://web.archive.org/web/*/https://paper.example/jet-down", "a search"),
        ("https://web.archive.org/save/https://paper.example/jet-down", "make a copy"),
        ("https://archive.ph/newest/https://paper.example/jet-down", "not one archive.today"),
    ],
)
def test_an_archive_address_that_is_no_snapshot_fails_check_at_its_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, says: str
) -> None:
    files = {
        **LIVING,
        "dossier/sources.yml": MINI["dossier/sources.yml"] + f"  archive_url: {written}\n",
    }
    root = write_tree(tmp_path, files)
    assert dossier(["check", "-f", str(root / "site_config.yml")]) == 1
    out = capsys.readouterr().out
    line = len(MINI["dossier/sources.yml"].splitlines()) + 1
    found = re.search(rf"dossier/sources.yml:{line}:16: error: (.*)", out)
    assert found, out
    assert "archive_url" in found.group(1)
    assert says in found.group(1)


def test_check_reminds_once_a_source_without_an_archived_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = MINI["dossier/sources.yml"].replace("a:\n", "b:\n", 1).replace("/a.txt", "/b.txt")
    two = MINI["dossier/sources.yml"] + other.replace("jet-down", "other")
    files = {**MINI, "dossier/sources.yml": two, "content/articles/b.txt": "Other\n",
             "dossier/annotations/b.yml": "[]\n"}  # fmt: skip
    root = write_tree(tmp_path, files)
    assert dossier(["check", "-f", str(root / "site_config.yml")]) == 0
    out = capsys.readouterr().out
    reminders = [line for line in out.splitlines() if "has no archived copy" in line]
    assert [r.split(": warning: ")[1].split("'")[1] for r in reminders] == ["a", "b"]
    assert all(r.startswith("dossier/sources.yml:") for r in reminders)
    # The build says nothing of it: a draft has no archived copy yet.
    result = run_mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "archived copy" not in result.stderr
    config = MINI["site_config.yml"].replace(
        "  - dossier\n", "  - dossier:\n      archive_reminders: false\n"
    )
    (root / "site_config.yml").write_text(config, encoding="utf-8")
    assert dossier(["check", "-f", str(root / "site_config.yml")]) == 0
    assert "has no archived copy" not in capsys.readouterr().out


ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")


def feed_of(site: Path) -> ElementTree.Element:
    return ElementTree.fromstring((site / "feed" / "atom.xml").read_bytes())


def test_the_feed_has_what_rfc_4287_requires_and_an_entry_per_source_and_correction(
    living: Path,
) -> None:
    feed = feed_of(living)
    assert feed.tag == f"{ATOM}feed"
    # 4.1.1: a feed has exactly one id, title and updated, and an author (here, the feed's).
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert RFC3339.match(feed.findtext(f"{ATOM}updated") or "")
    assert feed.findtext(f"{ATOM}author/{ATOM}name")
    self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link[0].get("href") == "http://127.0.0.1:8000/feed/atom.xml"
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:  # 4.1.2: each entry's id, title, updated, and a link to its page
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert RFC3339.match(entry.findtext(f"{ATOM}updated") or "")
        link = entry.find(f"{ATOM}link")
        assert link is not None
        assert link.get("rel") == "alternate"
        page = link.get("href", "").removeprefix("http://127.0.0.1:8000/")
        assert (living / page / "index.html").is_file(), page
    titles = {e.findtext(f"{ATOM}title"): e for e in entries}
    assert "Jet down" in titles  # the source
    correction = titles["Correction: The jet entered Turkish airspace."]
    assert correction.findtext(f"{ATOM}updated", "").startswith("2026-01-02T00:00:00")
    assert "<em>Syrian</em>" in (correction.findtext(f"{ATOM}summary") or "")
    assert len(entries) == 2
    # Beside it, a sitemap of the feed alone: Material's instant navigation reads the one
    # beside a rel=alternate link, and must not fetch the site's whole sitemap for it.
    beside = ElementTree.fromstring((living / "feed" / "sitemap.xml").read_bytes())
    locs = [loc.text for loc in beside.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs == ["http://127.0.0.1:8000/feed/atom.xml"]


def test_feed_ids_are_stable_and_every_page_links_the_feed(living: Path, tmp_path: Path) -> None:
    root = write_tree(tmp_path / "again", LIVING)
    result = run_mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    ids = [e.findtext(f"{ATOM}id") for e in feed_of(living).findall(f"{ATOM}entry")]
    again = [e.findtext(f"{ATOM}id") for e in feed_of(root / "site").findall(f"{ATOM}entry")]
    assert ids == again
    assert len(set(ids)) == len(ids)
    for page in living.rglob("*.html"):
        if page.name == "404.html":  # the theme's page for a missing address
            continue
        html = page.read_text("utf-8")
        found = re.findall(
            r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html
        )
        assert len(found) == 1, page
        assert (page.parent / found[0]).resolve() == (living / "feed" / "atom.xml").resolve(), page


def test_the_changes_page_lists_sources_corrections_and_commits(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "project", LIVING)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Add the first article", when="2026-01-01T10:00:00Z")
    claims = root / "dossier" / "claims.yml"
    claims.write_text(
        claims.read_text("utf-8").replace("about: [turkey, russia]", "about: [russia, turkey]")
    )
    git(root, "commit", "-qam", "Reorder the claim's subjects", when="2026-01-03T10:00:00Z")
    result = run_mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    page = (root / "site" / "changes" / "index.html").read_text("utf-8")
    article = page.split("<article", 1)[1]
    days = re.findall(r'<h2[^>]*><time datetime="([0-9-]+)">', article)
    assert days == ["2026-01-03", "2026-01-02", "2026-01-01"]  # newest first
    first, second, third = article.split("<h2")[1:4]
    assert "Reorder the claim" in first
    assert "The jet entered Turkish airspace." in first.split("<details>", 1)[1]
    assert ">Corrections<" in second
    assert "<em>Syrian</em>" in second
    assert ">Sources added<" in third
    assert ">Jet down</a>" in third
    assert "Add the first article" in third


def test_without_git_the_changes_page_lists_the_corrections(living: Path) -> None:
    page = (living / "changes" / "index.html").read_text("utf-8")
    article = page.split("<article", 1)[1]
    assert "built without its history" in article
    assert re.findall(r'<h2[^>]*><time datetime="([0-9-]+)">', article) == ["2026-01-02"]
    assert "Sources added" not in article


class FakeWayback(BaseHTTPRequestHandler):
    """The Wayback Machine's save endpoint as `dossier archive` meets it, on this machine:
    `/save/<url>` answers with the snapshot in Content-Location; one address fails."""

    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # the name http.server calls
        url = self.path.removeprefix("/save/")
        FakeWayback.asked.append(url)
        if "broken" in url:
            self.send_response(523)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Location", f"/web/20240102030405/{url}")
        self.end_headers()
        self.wfile.write(b"saved")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def wayback() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeWayback)
    FakeWayback.asked = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


COMMENTED_SOURCES = (
    "# The sources, as received.\n"
    "a:\n  title: Jet down  # the headline\n  file: articles/a.txt\n  outlet: paper\n"
    "  published: 2015-11-24\n  url: https://paper.example/jet-down\n  language: en\n"
    "  cite:\n    - {url: 'https://broken.example/x', publisher: Somebody, note: A page.}\n"
    "    - url: https://agency.example/story\n      publisher: An Agency  # wire\n"
)


def test_archive_saves_each_cited_page_and_writes_the_snapshots_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], wayback: str
) -> None:
    root = write_tree(tmp_path, {**MINI, "dossier/sources.yml": COMMENTED_SOURCES})
    sochi = "https://gazetteer.example/sochi"
    code = dossier(
        ["archive", "-f", str(root / "site_config.yml"), "--endpoint", wayback, "--delay", "0"]
    )
    out = capsys.readouterr().out
    assert code == 1, out  # one page could not be saved: said, and the rest written
    assert sorted(FakeWayback.asked) == sorted(
        ["https://paper.example/jet-down", "https://broken.example/x",
         "https://agency.example/story", sochi]
    )  # fmt: skip
    assert "not archived: https://broken.example/x" in out
    snap = "https://web.archive.org/web/20240102030405/"
    assert (root / "dossier" / "sources.yml").read_text("utf-8") == (
        "# The sources, as received.\n"
        "a:\n  title: Jet down  # the headline\n  file: articles/a.txt\n  outlet: paper\n"
        "  published: 2015-11-24\n  url: https://paper.example/jet-down\n"
        f"  archive_url: '{snap}https://paper.example/jet-down'\n  language: en\n"
        "  cite:\n    - {url: 'https://broken.example/x', publisher: Somebody, note: A page.}\n"
        "    - url: https://agency.example/story\n"
        f"      archive_url: '{snap}https://agency.example/story'\n"
        "      publisher: An Agency  # wire\n"
    )
    places = (root / "dossier" / "locations.yml").read_text("utf-8")
    assert f"{{url: '{sochi}', archive_url: '{snap}{sochi}', publisher: Example Gazetteer" in places
    # What it wrote is valid, and the source's reminder is gone; run again, it asks only
    # for the page it could not save.
    assert dossier(["check", "-f", str(root / "site_config.yml")]) == 0
    assert "has no archived copy" not in capsys.readouterr().out
    FakeWayback.asked = []
    dossier(["archive", "-f", str(root / "site_config.yml"), "--endpoint", wayback, "--delay", "0"])
    assert FakeWayback.asked == ["https://broken.example/x"]


SEED_SNAPSHOT = (
    "https://web.archive.org/web/20151125120000/"
    "https://ewn.co.za/2015/11/25/Russian-foreign-minister-cancels-his-trip-to-Turkey"
)


def test_on_a_copy_of_the_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's own case: an archived copy on one source, a correction on one claim
    (made-up values, in a copy only), in a git checkout."""
    root = copy_repo_dossier(tmp_path / "seed")
    sources = root / "dossier" / "sources.yml"
    url_line = '  url: "https://ewn.co.za/2015/11/25/Russian-foreign-minister-cancels-his-trip-to-Turkey"\n'
    text = sources.read_text("utf-8")
    assert text.count(url_line) == 1
    sources.write_text(text.replace(url_line, url_line + f"  archive_url: {SEED_SNAPSHOT}\n"))
    claims = root / "dossier" / "claims.yml"
    head = 'su24-downed-over-syria:\n  statement: "The Su-24 was shot down over Syria."\n'
    text = claims.read_text("utf-8")
    assert text.count(head) == 1
    claims.write_text(
        text.replace(
            head, head + "  corrections:\n    - {date: 2026-02-03, text: A test correction.}\n"
        )
    )
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "The dossier", when="2026-01-01T10:00:00Z")
    result = run_mkdocs_build(root, root / "site", "https://dossier.example.org/")
    assert result.returncode == 0, result.stderr[-3000:]
    site = root / "site"
    source = (site / "sources" / "ewn-lavrov-cancels-trip" / "index.html").read_text("utf-8")
    assert f'href="{SEED_SNAPSHOT}" rel="nofollow noopener noreferrer">archived copy</a>' in source
    claim = (site / "claims" / "su24-downed-over-syria" / "index.html").read_text("utf-8")
    assert '<time datetime="2026-02-03">February 3, 2026</time>: A test correction.' in claim
    titles = [e.findtext(f"{ATOM}title") for e in feed_of(site).findall(f"{ATOM}entry")]
    assert sorted(titles) == sorted([
        "Correction: The Su-24 was shot down over Syria.",
        "One Russian pilot killed, another missing after jet shot down by Turkey",
        "Russian foreign minister cancels trip to Turkey",
    ])  # fmt: skip
    changes = (site / "changes" / "index.html").read_text("utf-8").split("<article", 1)[1]
    days = re.findall(r'<h2[^>]*><time datetime="([0-9-]+)">', changes)
    assert days == ["2026-02-03", "2026-01-01"]
    assert "A test correction." in changes.split("<h2")[1]
    added = changes.split("<h2")[2].split(">Sources added<", 1)[1].split("</ul>", 1)[0]
    assert ">Russian foreign minister cancels trip to Turkey</a>" in added
    # A wildcard address fails `dossier check`, at its position.
    wildcard = SEED_SNAPSHOT.replace("20151125120000", "*")
    sources.write_text(sources.read_text("utf-8").replace(SEED_SNAPSHOT, wildcard))
    assert dossier(["check", "-f", str(root / "site_config.yml")]) == 1
    out = capsys.readouterr().out
    line = sources.read_text("utf-8").splitlines().index(f"  archive_url: {wildcard}") + 1
    assert re.search(
        rf"^dossier/sources.yml:{line}:16: error: archive_url: .*a search", out, re.M
    ), out
