"""The preview after edits equals a fresh one: page for page, search entry for entry.

`mkdocs serve` keeps pages an edit did not change from one rebuild to the next
(`incremental.py`). These tests edit a copy of the seed project under a running
preview (a claim's words, an id renamed everywhere, a deleted annotation file, a new
source, a hand-written page, a broken file and its fix), then start a second preview
on the final tree and compare every page, the search index and the sitemap.
"""

from __future__ import annotations

import gc
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Hashable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from conftest import copy_repo_dossier, free_port, mkdocs_serve, run_mkdocs_build
from mkdocs_dossier.pipeline import Compiled, Part, Project, compile_dossier
from mkdocs_dossier.preview.collector import Collector
from mkdocs_dossier.preview.incremental import Renderings
from mkdocs_dossier.preview.liveserver import OPEN_PAGES, LiveServer
from mkdocs_dossier.preview.memo import Memo
from mkdocs_dossier.preview.tracking import Reads, SharedLinks, tracked
from mkdocs_dossier.render import PageSpec, RenderedPage, plan_pages, render_page
from sitecheck import SearchRecord, served_search_records

# One line per finished build: "Serving on" after the first, "Reloading browsers" after
# each rebuild. Not "Documentation built in N seconds": MkDocs' DuplicateFilter prints
# each message once per process, so a rebuild as quick as an earlier one says nothing.
BUILT = re.compile(r"Serving on|Reloading browsers")
LIVERELOAD = re.compile(r"<script>[^<]*livereload[^<]*</script>", re.DOTALL)
KEPT = re.compile(r"dossier: (\d+) of (\d+) generated pages made again, (\d+) kept")


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")  # type: ignore[no-any-return]
    except urllib.error.HTTPError as err:
        return f"HTTP {err.code}"


def fetch_bytes(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()  # type: ignore[no-any-return]


class Preview:
    """A running `mkdocs serve`, its log, and a way to wait for its next rebuild."""

    def __init__(self, base: str, log: Path) -> None:
        self.base = base
        self.log = log
        self.builds = 0

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for_build(self, timeout: float = 180) -> str:
        """Wait until one more build has finished; return the log lines it wrote."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            text = self.text()
            if len(BUILT.findall(text)) > self.builds:
                self.builds += 1
                time.sleep(0.5)  # a margin: the line is logged as the new site goes live
                return text
            time.sleep(0.1)
        raise AssertionError("no rebuild within the time limit:\n" + self.text()[-3000:])

    def page(self, path: str) -> str:
        """A page as a reader gets it, without the preview's live-reload script and with
        the server's own address (the port differs between previews) made neutral."""
        html = LIVERELOAD.sub("", fetch(self.base + path))
        return html.replace(self.base, "BASE/").replace(self.base.rstrip("/"), "BASE")

    def search_records(self) -> dict[str, SearchRecord]:
        """The site search's records as the browser fetches them (once the preview has
        made the index: a request for pagefind/ waits while it is being made)."""
        return served_search_records(lambda path: fetch_bytes(f"{self.base}pagefind/{path}"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def rename_everywhere(root: Path, old: str, new: str) -> None:
    for path in sorted((root / "dossier").rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new), encoding="utf-8")


def site_pages(project: Path, out: Path) -> list[str]:
    """Every page and data file of a clean build of `project`, as paths under the site."""
    result = run_mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr[-3000:]
    wanted = {".html", ".json", ".xml", ".jsonld", ".geojson", ".csv"}
    paths = [
        path.relative_to(out).as_posix()
        for path in sorted(out.rglob("*"))
        if path.suffix in wanted and "assets/" not in path.relative_to(out).as_posix()
    ]
    assert len(paths) > 100
    return [path.removesuffix("index.html") for path in paths]


CLAIM = "su24-entered-turkish-airspace"
ANNOTATION_FILE = "dossier/annotations/ewn-lavrov-cancels-trip.yml"
STATEMENT = "The Su-24 entered Turkish airspace before it was shot down."
TURKEY_ASSERTS = "{claim: su24-entered-turkish-airspace, stance: asserts, by: turkey}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_repo_dossier(tmp_path / "project")


Edits = list[tuple[str, Callable[[], None]]]


Searched = dict[str, SearchRecord]


def edited_then_fresh(
    project: Path, tmp_path: Path, edits: Edits, gone_path: str
) -> tuple[dict[str, str], Searched, Searched, str]:
    """Apply `edits` one by one under a running preview; then compare every page with a
    fresh preview of the final tree. Returns the pages, both search indexes, and what
    the first preview serves at `gone_path`."""
    with mkdocs_serve(project, tmp_path / "first.log") as (base, _):
        preview = Preview(base, tmp_path / "first.log")
        preview.wait_for_build()
        for _, apply in edits:
            time.sleep(1.1)  # a new modification time, whatever the file system's resolution
            apply()
            log = preview.wait_for_build()
        kept = [int(match.group(3)) for match in KEPT.finditer(log)]
        assert max(kept) > 50, "the preview made every page again on every edit:\n" + log
        after_edits = {path: preview.page(path) for path in site_pages(project, tmp_path / "a")}
        searched = preview.search_records()
        gone = preview.page(gone_path)
    with mkdocs_serve(project, tmp_path / "fresh.log") as (base, _):
        fresh = Preview(base, tmp_path / "fresh.log")
        fresh.wait_for_build()
        paths = site_pages(project, tmp_path / "b")
        assert sorted(paths) == sorted(after_edits)
        differ = [path for path in paths if fresh.page(path) != after_edits[path]]
        assert not differ, f"{len(differ)} of {len(paths)} differ, e.g. {differ[:5]}"
        fresh_search = fresh.search_records()
    return after_edits, searched, fresh_search, gone


def test_served_site_after_edits_equals_a_fresh_preview(project: Path, tmp_path: Path) -> None:
    root = project
    edits: Edits = [
        ("claim words", lambda: edit(root / "dossier/claims.yml", STATEMENT, "Zanzibarish one.")),
        ("claim words again", lambda: edit(root / "dossier/claims.yml", "Zanzibarish", "Quokka")),
        ("id renamed", lambda: rename_everywhere(root, CLAIM, "su24-crossed-into-turkey")),
        ("annotations deleted", (root / "dossier/annotations/ewn-lavrov-cancels-trip.yml").unlink),
        ("new source", lambda: add_source(root)),
        ("hand-written page", lambda: edit(root / "content/index.md", "\n", "\n\nWombat notes.\n", )),
    ]  # fmt: skip
    after_edits, searched, fresh_search, gone = edited_then_fresh(
        project, tmp_path, edits, f"claims/{CLAIM}/"
    )
    assert "Quokka one." in after_edits["claims/su24-crossed-into-turkey/"]
    assert gone.startswith("HTTP 404")
    assert "Wombat notes." in after_edits[""]
    assert after_edits["sources/a-second-look/"].count("A second look") >= 1
    # Search stays whole: the same records as a fresh preview, each page once (the
    # reader refuses a page listed twice).
    assert searched == fresh_search
    texts = " ".join(record.title + " " + record.content for record in searched.values())
    assert "Quokka one." in texts
    assert "Zanzibarish" not in texts
    assert "Wombat notes." in searched["/"].content
    assert "/sources/a-second-look/" in searched
    assert not any(CLAIM in url for url in searched)


def test_without_directory_urls_the_preview_is_as_fresh(project: Path, tmp_path: Path) -> None:
    """Pages as files (claims/x.html), not folders: a kept page is moved back on its own."""
    config = project / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: false\n")
    root = project
    edits: Edits = [
        ("claim words", lambda: edit(root / "dossier/claims.yml", STATEMENT, "Quokka one.")),
        ("id renamed", lambda: rename_everywhere(root, CLAIM, "su24-crossed-into-turkey")),
    ]
    after_edits, searched, fresh_search, gone = edited_then_fresh(
        project, tmp_path, edits, f"claims/{CLAIM}.html"
    )
    assert "Quokka one." in after_edits["claims/su24-crossed-into-turkey.html"]
    assert gone.startswith("HTTP 404")
    assert searched == fresh_search
    assert "/claims/su24-crossed-into-turkey.html" in searched


def add_source(root: Path) -> None:
    """A second copy of a seed article as a new source, with one annotated quote."""
    article = (root / "content/articles/maltatoday-putin-warns.txt").read_text(encoding="utf-8")
    (root / "content/articles/a-second-look.txt").write_text(article, encoding="utf-8")
    with (root / "dossier/sources.yml").open("a", encoding="utf-8") as sources:
        sources.write(
            "\na-second-look:\n  title: A second look\n  file: articles/a-second-look.txt\n"
            "  published: 2015-11-25\n  url: https://example.org/a-second-look\n"
            "  language: en\n"
        )


def test_a_broken_edit_shows_the_errors_and_the_fix_recovers(project: Path, tmp_path: Path) -> None:
    claims = project / "dossier/claims.yml"
    with mkdocs_serve(project, tmp_path / "serve.log") as (base, _):
        preview = Preview(base, tmp_path / "serve.log")
        preview.wait_for_build()
        before = preview.page(f"claims/{CLAIM}/")
        time.sleep(1.1)
        edit(claims, f"{CLAIM}:\n  statement:", f"{CLAIM}:\n  statment:")
        preview.wait_for_build()
        broken = {path: preview.page(path) for path in ("", f"claims/{CLAIM}/", "actors/turkey/")}
        time.sleep(1.1)
        edit(claims, f"{CLAIM}:\n  statment:", f"{CLAIM}:\n  statement:")
        preview.wait_for_build()
        fixed = {path: preview.page(path) for path in broken}
    for path, html in broken.items():  # every page, kept or made again, says so
        assert "dossier-build-errors" in html, path
        assert "claims.yml:" in html, path
        assert "statment" in html, path
    assert STATEMENT in broken[f"claims/{CLAIM}/"]  # the last version that built
    for path, html in fixed.items():
        assert "dossier-build-errors" not in html, path
    assert fixed[f"claims/{CLAIM}/"] == before


def test_a_page_depends_on_all_it_reads_even_through_shared_links(
    seed_compiled: Compiled,
) -> None:
    """The preview renders a page again when something it read changed. Links made once
    for many pages carry what making them read, so a page that takes a link made for an
    earlier page depends on it too; and tracking changes nothing in the page."""
    specs = plan_pages(seed_compiled)
    urls = {(spec.kind, spec.ident): spec.src_uri for spec in specs}
    reads = Reads()
    view = tracked(seed_compiled, reads)
    links = SharedLinks(reads)
    alone = Reads()
    alone_view = tracked(seed_compiled, alone)
    for spec in specs:
        reads.into = set()
        page = render_page(spec, view, urls, "", links, "", "")
        alone.into = set()
        assert render_page(spec, alone_view, urls, "", {}, "", "") == page
        assert render_page(spec, seed_compiled, urls, "", {}, "", "") == page
        assert alone.into <= reads.into, (spec.src_uri, alone.into - reads.into)
        assert (spec.kind, spec.ident) == ("index", spec.ident) or any(
            read[1] == spec.ident for read in reads.into
        ), f"{spec.src_uri} read nothing of its own record"


def test_a_page_made_of_kept_parts_equals_a_fresh_one(tmp_path: Path) -> None:
    """The contradictions index keeps each dispute as a part (`Renderings.part`): after an
    edit only the dispute that shows it is made again, and the page is the one a fresh
    rendering makes, also when the page was kept through a rebuild in between."""
    root = copy_repo_dossier(tmp_path / "project")
    project = Project(root, root / "dossier", root / "content")
    memo, renderings = Memo(), Renderings()
    made: list[Hashable] = []

    def render_one(
        spec: PageSpec, compiled: Compiled, shared: dict[tuple[str, ...], str], parts: Part
    ) -> RenderedPage:
        def counted(key: Hashable, make: Callable[[Compiled], str]) -> str:
            return parts(key, lambda view: made.append(key) or make(view))

        return render_page(spec, compiled, urls, "", shared, parts=counted)

    def rebuild() -> dict[str, RenderedPage]:
        made.clear()
        compiled = compile_dossier(project, memo)
        assert compiled.ok, [str(p) for p in compiled.problems.sorted()]
        return renderings.render(specs, compiled, "settings", render_one)[0]

    first = compile_dossier(project)
    specs = plan_pages(first)
    urls = {(spec.kind, spec.ident): spec.src_uri for spec in specs}
    [page] = [spec for spec in specs if (spec.kind, spec.ident) == ("index", "contradictions")]
    rebuild()
    disputes = len(made)
    assert disputes >= 3, "the seed has several disputes"
    steps = [  # (file, old, new, whether the contradictions index shows the edit)
        ("dossier/claims.yml", STATEMENT, "The Su-24 flew into Turkish airspace.", True),
        (ANNOTATION_FILE, 'note: "Headline."', 'note: "Headline, edited."', False),
        ("dossier/claims.yml", "shot down over Syria.", "shot down over Syrian land.", True),
        ("dossier/claims.yml", "The Su-24 flew into", "The Su-24 entered", True),
        # A stance inside a dispute gains a date (issue 29's stale page): the dispute's
        # part must read it through the page's tracked view, not a dispute fetched outside.
        (ANNOTATION_FILE, TURKEY_ASSERTS, TURKEY_ASSERTS[:-1] + ", when: 2015-11-24}", True),
    ]
    for file, old, new, shown in steps:
        edit(project.root / file, old, new)
        rendered = rebuild()
        assert (page.src_uri in rendered) == shown, file
        if shown:
            assert 1 <= len(made) < disputes, made  # the edited dispute, not every one
            fresh = render_page(page, compile_dossier(project), urls)
            assert rendered[page.src_uri] == fresh


def test_the_preview_frees_what_each_rebuild_leaves(tmp_path: Path) -> None:
    """Rebuild after rebuild, what MkDocs made for the last one is collected and the
    kept state stays the same size: the objects alive come back to the same count at
    the same point of the collector's cycle (`collector.Collector.EVERY` rebuilds)."""
    root = copy_repo_dossier(tmp_path / "project")
    claims = root / "dossier/claims.yml"
    site = tmp_path / "site"

    def rebuild() -> None:
        config = load_config(config_file=str(root / "site_config.yml"), site_dir=str(site))
        build(config, serve_url="http://127.0.0.1:8000/")

    config = load_config(config_file=str(root / "site_config.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    alive = []
    try:
        for number in range(3 * Collector.EVERY):
            edit(claims, STATEMENT if number == 0 else f"edit {number - 1}.", f"edit {number}.")
            rebuild()
            if number % Collector.EVERY == Collector.EVERY - 1:  # the same point of each cycle
                alive.append(gc.get_freeze_count() + len(gc.get_objects()))
    finally:
        gc.unfreeze()  # the preview's freezing stays out of the other tests
    first, *later = alive
    assert all(count < first * 1.02 for count in later), alive


def test_a_build_leaves_nothing_frozen(tmp_path: Path) -> None:
    """A build freezes the dossier's objects while MkDocs makes the pages, and unfreezes
    them at the end: a process that builds again and again (`mkdocs serve --clean`
    builds as `build` does) must not keep each build's objects for good."""
    root = copy_repo_dossier(tmp_path / "project")
    gc.unfreeze()
    for _ in range(2):
        config = load_config(
            config_file=str(root / "site_config.yml"), site_dir=str(tmp_path / "s")
        )
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        assert gc.get_freeze_count() == 0


def test_a_note_edit_leaves_the_counts_and_their_pages_alone(tmp_path: Path) -> None:
    """The index tables and the map show how many quotes a record has (`Index.counts`),
    not the quotes: an edit to one quote's note makes again the pages that show the
    quote, and none of those."""
    root = copy_repo_dossier(tmp_path / "project")
    project = Project(root, root / "dossier", root / "content")
    memo, renderings = Memo(), Renderings()
    compiled = compile_dossier(project, memo)
    specs = plan_pages(compiled)
    urls = {(spec.kind, spec.ident): spec.src_uri for spec in specs}

    def render_one(
        spec: PageSpec, compiled: Compiled, shared: dict[tuple[str, ...], str], parts: Part
    ) -> RenderedPage:
        return render_page(spec, compiled, urls, "", shared, parts=parts)

    renderings.render(specs, compiled, "settings", render_one)
    edit(root / ANNOTATION_FILE, 'note: "Headline."', 'note: "Headline, edited."')
    rendered, *_ = renderings.render(specs, compile_dossier(project, memo), "settings", render_one)
    assert "sources/ewn-lavrov-cancels-trip.md" in rendered  # it shows the note
    counted = {"sources", "actors", "claims", "locations", "map"}
    assert not [
        spec.src_uri
        for spec in specs
        if spec.kind == "index" and spec.ident in counted and spec.src_uri in rendered
    ]


def test_with_incremental_off_every_rebuild_makes_every_page(project: Path, tmp_path: Path) -> None:
    """The way out (`incremental: false`, like Hugo's --disableFastRender): under
    `mkdocs serve` every rebuild after an edit is a full build, and the page shows it."""
    edit(project / "site_config.yml", "dossier_dir: dossier\n", "dossier_dir: dossier\n      incremental: false\n")  # fmt: skip
    with mkdocs_serve(project, tmp_path / "serve.log") as (base, _):
        preview = Preview(base, tmp_path / "serve.log")
        preview.wait_for_build()
        time.sleep(1.1)
        edit(project / "dossier/claims.yml", STATEMENT, "Quokka one.")
        log = preview.wait_for_build()
        page = preview.page(f"claims/{CLAIM}/")
    counts = [match.groups() for match in KEPT.finditer(log)]
    assert len(counts) == 2, log[-3000:]  # the first build and the rebuild after the edit
    for made, total, kept in counts:
        assert made == total, log[-3000:]
        assert int(kept) == 0
        assert int(total) > 100
    assert "Quokka one." in page


POLL = re.compile(r"livereload\((\d+), (\d+)\)")


def test_the_open_page_is_shown_first_and_no_page_is_served_stale(
    project: Path, tmp_path: Path
) -> None:
    """Hugo's fast render, in MkDocs' dev server (`preview.liveserver`): with a source page
    open in a browser (its live-reload poll waiting, the page as Referer), renaming the
    state named on most pages remakes that page first and tells the browser to reload
    before the rebuild ends; a page not yet remade is never served stale, and once the
    rebuild ends the whole site equals a fresh preview."""
    opened, other = "sources/ewn-lavrov-cancels-trip/", f"claims/{CLAIM}/"
    with mkdocs_serve(project, tmp_path / "first.log") as (base, _):
        preview = Preview(base, tmp_path / "first.log")
        preview.wait_for_build()
        epoch, request_id = POLL.findall(fetch(base + opened))[-1]
        answered: list[str] = []
        poll = urllib.request.Request(
            f"{base}livereload/{epoch}/{request_id}", headers={"Referer": base + opened}
        )

        def browser_waits() -> None:
            with urllib.request.urlopen(poll, timeout=120) as response:
                answered.append(response.read().decode())

        waiting = threading.Thread(target=browser_waits, daemon=True)
        waiting.start()
        time.sleep(1.1)  # the poll is waiting; a new modification time
        edit(project / "dossier/actors.yml", "  name: Turkey\n", "  name: Turkey Renamed\n")
        waiting.join(timeout=120)
        assert answered, "the browser was not told to reload"
        assert int(answered[0]) > int(epoch)
        assert "Turkey Renamed" in fetch(base + opened)
        assert "Turkey Renamed" in fetch(base + other), "a page not yet remade was served stale"
        log = preview.wait_for_build()
        shown_first = log.rfind("open page(s) remade first, shown now")
        assert 0 < shown_first < log.rfind("Reloading browsers"), log[-3000:]
        made = [int(match.group(1)) for match in KEPT.finditer(log)]
        assert made[-1] > 20, "the rename should remake most pages, some after the open one"
        after = {path: preview.page(path) for path in site_pages(project, tmp_path / "a")}
        searched = preview.search_records()
    with mkdocs_serve(project, tmp_path / "fresh.log") as (base, _):
        fresh = Preview(base, tmp_path / "fresh.log")
        fresh.wait_for_build()
        differ = [path for path in after if fresh.page(path) != after[path]]
        assert not differ, f"{len(differ)} of {len(after)} differ, e.g. {differ[:5]}"
        assert fresh.search_records() == searched


def test_the_open_pages_are_the_last_few_a_browser_showed(tmp_path: Path) -> None:
    """The dev server's own app, wrapped (`preview.liveserver`): each tab's live-reload
    poll names its page; only the last `OPEN_PAGES` count, a page outside the site or
    not HTML never does, and a request's path maps to a file inside the site only."""
    (tmp_path / "index.html").write_text("<html><body></body></html>", encoding="utf-8")
    server = LiveReloadServer(
        builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path)
    )
    try:
        live = LiveServer(server)
        assert live.able
        app = server.get_app()

        def get(path: str, referer: str = "") -> None:
            environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_REFERER": referer}
            environ["wsgi.input"] = None
            list(app(environ, lambda *_: None))

        for number in range(OPEN_PAGES + 5):
            get("/livereload/1/1", referer=f"http://127.0.0.1/claims/c{number}/")
        get("/livereload/1/1", referer="http://127.0.0.1/assets/dossier.css")
        opened = live.open_pages()
        assert len(opened) == OPEN_PAGES
        assert f"claims/c{OPEN_PAGES + 4}/index.html" in opened
        assert "claims/c0/index.html" not in opened
        assert live.dest_of("/../../etc/passwd") == "etc/passwd"  # under the site's root
    finally:
        server.server_close()
