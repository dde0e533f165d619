"""Real `mkdocs build --strict` runs, read back as HTML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import MINI, compile_at, copy_repo_dossier, generated_project, run_mkdocs_build
from mkdocs_dossier.pipeline import Compiled
from sitecheck import broken_links, scan, search_records

KINDS = ("sources", "actors", "claims", "locations")


def test_every_record_has_its_page(seed_site: Path, seed_compiled: Compiled) -> None:
    dossier = seed_compiled.dossier
    for kind in KINDS:
        assert (seed_site / kind / "index.html").is_file()
        records = dossier.of_kind(kind)
        assert records, f"the seed dossier has no {kind}"
        for ident in records:
            page = seed_site / kind / ident / "index.html"
            assert page.is_file(), f"no page for {kind} '{ident}'"


def test_no_broken_internal_link_or_anchor(seed_site: Path) -> None:
    assert broken_links(seed_site) == []


def test_the_link_checker_does_find_broken_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/#there">ok</a><a href="a/#nowhere">bad</a><a href="b/">gone</a>'
    )
    (tmp_path / "a" / "index.html").write_text('<p id="there">x</p>')
    assert broken_links(tmp_path) == [
        "index.html: a/#nowhere (no id 'nowhere' in a/index.html)",
        "index.html: b/ (no file b)",
    ]


def test_entity_pages_link_to_the_exact_quote(seed_site: Path, seed_compiled: Compiled) -> None:
    index = seed_compiled.index
    assert index is not None
    for claim_id, info in index.claims.items():
        links = scan(seed_site / "claims" / claim_id / "index.html").links
        for ref in info.stances:
            target = f"../../sources/{ref.passage.source_id}/#{ref.passage.anchor.anchor_id}"
            assert target in links, f"claim '{claim_id}' does not link to {target}"


def test_every_anchor_is_on_its_source_page(seed_site: Path, seed_compiled: Compiled) -> None:
    for source_id, anchors in seed_compiled.anchors.items():
        ids = scan(seed_site / "sources" / source_id / "index.html").ids
        for anchor in anchors:
            assert anchor is not None
            assert anchor.anchor_id in ids
            assert f"ann-{anchor.anchor_id}" in ids


def test_search_finds_entities_by_name_and_alias(seed_site: Path, seed_compiled: Compiled) -> None:
    """Each actor and place is found by its name and every alias on its own page's record
    (the index pages' lists are not indexed: each entity is a page of its own)."""
    indexed = search_records(seed_site)
    dossier = seed_compiled.dossier
    for kind, records in (("actors", dossier.actors), ("locations", dossier.locations)):
        for ident, record in records.items():
            page = indexed[f"/{kind}/{ident}/"]
            assert page.title == record.name, ident
            for name in (record.name, *record.aliases):
                assert name in page.content, f"'{name}' not indexed for {ident}"


def test_entity_pages_stay_out_of_the_nav(seed_site: Path, seed_compiled: Compiled) -> None:
    home = (seed_site / "index.html").read_text()
    # The page's own text (the front door) links actors; the navigation around it does not.
    before, rest = home.split("<article", 1)
    around = before + rest.split("</article>", 1)[1]
    assert 'href="actors/"' in around
    for actor_id in seed_compiled.dossier.actors:
        assert f'href="actors/{actor_id}/"' not in around


def test_nothing_is_written_into_content(tmp_path: Path) -> None:
    project = copy_repo_dossier(tmp_path / "project")
    before = sorted(p.relative_to(project).as_posix() for p in (project / "content").rglob("*"))
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    after = sorted(p.relative_to(project).as_posix() for p in (project / "content").rglob("*"))
    assert before == after


def test_article_text_is_escaped_never_interpreted(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    hostile = MINI["content/articles/a.txt"] + "\n<script>alert(1)</script> *not emphasis*\n"
    project = mini({"content/articles/a.txt": hostile})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "sources" / "a" / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *not emphasis*" in page
    assert "<script>alert(1)" not in page
    assert "<em>not emphasis" not in page


def test_a_broken_dossier_fails_with_one_message_per_problem(tmp_path: Path) -> None:
    project = copy_repo_dossier(tmp_path / "project")
    dossier = project / "dossier"
    actors = (dossier / "actors.yml").read_text()
    first_actor = next(line[:-1] for line in actors.splitlines() if line and line[0].isalpha())
    (dossier / "actors.yml").write_text(
        actors.rstrip("\n") + "\n\nnew-actor:\n  name: New\n  kind: person\n  rol: x\n"
    )
    unknown_key_line = actors.rstrip("\n").count("\n") + 1 + 5
    (dossier / "actors").mkdir()
    (dossier / "actors" / "more.yml").write_text(f"{first_actor}:\n  name: Again\n  kind: state\n")
    annotations = sorted((dossier / "annotations").glob("*.yml"))[0]
    text = annotations.read_text().rstrip("\n")
    start = text.count("\n") + 2
    annotations.write_text(
        text + "\n- quote: words that appear in no article at all\n"
        "- quote: words that appear in no article either\n"
        "  mentions: [nobody-at-all]\n"
    )
    rel = f"dossier/annotations/{annotations.name}"

    result = run_mkdocs_build(project, tmp_path / "site")

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    log = result.stderr
    expected = [
        f"dossier/actors.yml:{unknown_key_line}:3: error: unknown key 'rol'",
        f"dossier/actors/more.yml:1:1: error: duplicate actor id '{first_actor}'",
        f"{rel}:{start}:10: error: quote not found in content/articles/",
        f"{rel}:{start + 1}:10: error: quote not found in content/articles/",
        f"{rel}:{start + 2}:14: error: unknown actor or location 'nobody-at-all'",
    ]
    for line in expected:
        assert line in log, f"missing: {line}\n--- log ---\n{log}"
    assert log.count(": error: ") == len(expected), log
    assert "the dossier has 5 error(s), in: dossier/actors.yml, dossier/actors/more.yml" in log
    assert not (tmp_path / "site" / "index.html").exists()


def test_generated_pages_link_to_the_yaml_they_come_from(tmp_path: Path) -> None:
    """The theme's edit button opens the record; the record's file and line are in the
    page's source for editors (an HTML comment), never in the text readers read."""
    project = copy_repo_dossier(tmp_path / "project")
    template = "https://github.com/example/dossier/edit/main/{path}#L{line}"
    result = run_mkdocs_build(project, tmp_path / "site", DOSSIER_EDIT_URL=template)
    assert result.returncode == 0, result.stderr
    actors = (project / "dossier/actors.yml").read_text().splitlines()
    line = actors.index("putin:") + 1
    page = (tmp_path / "site/actors/putin/index.html").read_text()
    url = f"https://github.com/example/dossier/edit/main/dossier/actors.yml#L{line}"
    assert page.count(f'href="{url}"') == 1  # the theme's own edit button
    assert (
        f"<!-- For editors, this page's record: dossier/actors.yml, line {line} ({url}) -->" in page
    )
    source = (tmp_path / "site/sources/maltatoday-putin-warns/index.html").read_text()
    assert "; dossier/annotations/maltatoday-putin-warns.yml, line 1 (https://" in source
    # Without a template the path is still in the page's source, for editors previewing locally.
    plain = (tmp_path / "project").parent / "plain"
    result = run_mkdocs_build(project, plain)
    assert (
        f"<!-- For editors, this page's record: dossier/actors.yml, line {line} -->"
        in (plain / "actors/putin/index.html").read_text()
    )


def test_the_benchmark_dossier_is_valid(tmp_path: Path) -> None:
    """benchmarks/generate.py makes what a real dossier must be, or the numbers mean nothing."""
    generated_project(tmp_path / "bench", 20)
    compiled = compile_at(tmp_path / "bench")
    assert [str(p) for p in compiled.problems] == []
