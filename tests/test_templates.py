"""Templates a newsroom can change: a file in the theme's `custom_dir` replaces one of
the dossier's page templates, values stay escaped through it, and a broken one is
reported with its file and line."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINI, REPO, copy_repo_dossier, mkdocs_serve, run_mkdocs_build
from mkdocs_dossier.render.templates import PACKAGE_TEMPLATES, TEMPLATE_NAMES
from sitecheck import search_records
from test_preview import Preview

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
DESK_NOTE = '<p class="desk-note">Checked by the desk: {{ claim.statement }}</p>\n'


def with_custom_dir(project: Path, templates: dict[str, str]) -> None:
    """Set the theme's custom_dir to `overrides/` and write the given templates there."""
    config = project / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^theme:\n", "theme:\n  custom_dir: overrides\n", text, count=1, flags=re.M)
    config.write_text(text, encoding="utf-8")
    for name, body in templates.items():
        path = project / "overrides" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")


def package_template(name: str) -> str:
    return (PACKAGE_TEMPLATES / name).read_text(encoding="utf-8")


def site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def outside_search(files: dict[str, bytes]) -> dict[str, bytes]:
    """A site's files less the search index's: Pagefind's files under pagefind/ are named
    by what they hold, so they differ, in name too, whenever the text of a page does."""
    return {name: data for name, data in files.items() if not name.startswith("pagefind/")}


@pytest.fixture(scope="module")
def seed_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_repo_dossier(tmp_path_factory.mktemp("seed-copy"))


def test_an_override_in_custom_dir_changes_every_page_of_its_kind_and_nothing_else(
    seed_copy: Path,
) -> None:
    before = seed_copy / "site-before"
    assert run_mkdocs_build(seed_copy, before, **EPOCH).returncode == 0
    # The claim template as shipped, with the desk's note after the statement.
    claim = package_template("dossier/claim.html").replace("</h1>\n", "</h1>\n" + DESK_NOTE)
    assert DESK_NOTE in claim
    with_custom_dir(seed_copy, {"dossier/claim.html": claim})
    after = seed_copy / "site-after"
    result = run_mkdocs_build(seed_copy, after, **EPOCH)
    assert result.returncode == 0, result.stderr[-3000:]

    old, new = outside_search(site_files(before)), outside_search(site_files(after))
    assert old.keys() == new.keys()  # the override itself is not published
    claim_pages = [name for name in new if re.fullmatch(r"claims/[a-z0-9-]+/index\.html", name)]
    assert len(claim_pages) >= 10
    note = re.compile(rb'<p class="desk-note">Checked by the desk: [^<]*</p>')
    for name in claim_pages:
        found = note.findall(new[name])
        assert len(found) == 1, name
        # The statement as the page's own heading shows it, escaped the same way.
        heading = re.search(rb"<h1[^>]*>([^<]*)</h1>", new[name])
        assert heading is not None
        assert found[0] == b'<p class="desk-note">Checked by the desk: ' + heading[1] + b"</p>"
        assert note.sub(b"", new[name]) == old[name], name
    changed = {name for name in new if new[name] != old[name]}
    assert changed == {*claim_pages}
    # The search index reads the pages as the override made them.
    records = search_records(after)
    for name in claim_pages:
        assert "Checked by the desk: " in records["/" + name.removesuffix("index.html")].content


def test_a_site_changes_how_every_quote_looks_by_overriding_one_piece(tmp_path: Path) -> None:
    """A newsroom copies `dossier/pieces/quote.html` into its custom_dir and changes it:
    every quote on every claim page follows."""
    project = copy_repo_dossier(tmp_path / "project")
    site = tmp_path / "site"
    quote = package_template("dossier/pieces/quote.html").replace(
        '<blockquote class="dossier-passage">', '<blockquote class="dossier-passage desk-quote">'
    )
    assert "desk-quote" in quote
    with_custom_dir(project, {"dossier/pieces/quote.html": quote})
    result = run_mkdocs_build(project, site, **EPOCH)
    assert result.returncode == 0, result.stderr[-3000:]
    pages = sorted(site.glob("claims/*/index.html"))
    assert len(pages) >= 10
    quoted = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        plain = html.count('<blockquote class="dossier-passage">')
        assert plain == 0, page  # no quote left in the package's own form
        quoted += html.count('<blockquote class="dossier-passage desk-quote">')
    assert quoted >= 20  # the seed's claims quote dozens of passages


def test_an_override_that_prints_a_value_as_html_stops_with_its_line(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    """An override written when `positions` was HTML prints `{{ positions }}`: it now
    holds values, so the build stops at that line instead of showing their Python form."""
    project = mini()
    old_style = package_template("dossier/claim.html").replace(
        "{{ sides(stances) }}", "{{ stances }}"
    )
    assert "{{ stances }}" in old_style
    line = next(n for n, text in enumerate(old_style.splitlines(), 1) if "{{ stances }}" in text)
    with_custom_dir(project, {"dossier/claim.html": old_style})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"overrides/dossier/claim.html:{line}: error: template dossier/claim.html" in (
        result.stderr
    )
    assert "SideVoices" in result.stderr


HOSTILE_ACTORS = MINI["dossier/actors.yml"].replace(
    "name: Vladimir Putin", "name: '<script>alert(1)</script> [x](javascript:alert(2))'"
)
HOSTILE_ARTICLE = MINI["content/articles/a.txt"] + (
    'The caption read <img src=x onerror="alert(3)"> in print.\n'
)
HOSTILE_ANNOTATIONS = MINI["dossier/annotations/a.yml"] + (
    "- quote: 'The caption read <img src=x onerror=\"alert(3)\"> in print.'\n  mentions: [putin]\n"
)
# The newsroom's own markup around the values: escaped by type there too, headings included.
ACTOR_OVERRIDE = package_template("dossier/actor.html").replace(
    "</h1>\n", '</h1>\n<p class="desk">{{ actor.name }}</p>\n<h2>About {{ actor.name }}</h2>\n'
)


def test_hostile_values_come_out_escaped_through_the_templates(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    project = mini(
        {
            "dossier/actors.yml": HOSTILE_ACTORS,
            "content/articles/a.txt": HOSTILE_ARTICLE,
            "dossier/annotations/a.yml": HOSTILE_ANNOTATIONS,
        }
    )
    with_custom_dir(project, {"dossier/actor.html": ACTOR_OVERRIDE})
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert "Traceback" not in result.stderr
    actor = (site / "actors/putin/index.html").read_text(encoding="utf-8")
    name = "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(2))"
    assert f'<h1 dir="auto">{name}</h1>' in actor
    assert f'<p class="desk">{name}</p>' in actor
    # The heading the override adds joins the table of contents as text, not as a link.
    heading = re.search(r"<h2 id=\"[^\"]*\">About (.*?)</h2>", actor)
    assert heading is not None
    assert heading[1] == name
    quote = "The caption read &lt;img src=x onerror=&quot;alert(3)&quot;&gt; in print."
    assert quote in actor
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html, page
        assert 'href="javascript:' not in html, page
    source = (site / "sources/a/index.html").read_text(encoding="utf-8")
    assert "onerror=&quot;alert(3)&quot;" in source
    assert result.returncode == 0, result.stderr[-3000:]


def test_an_override_may_extend_the_package_template_and_replace_one_block(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    project = mini()
    before = run_mkdocs_build(project, tmp_path / "before", **EPOCH)
    assert before.returncode == 0, before.stderr[-3000:]
    extends = (
        '{% extends "mkdocs_dossier/dossier/claim.html" %}\n'
        '{% block related %}{{ super() }}<p class="desk-note">{{ claim.statement }}</p>'
        "{% endblock %}\n"
    )
    with_custom_dir(project, {"dossier/claim.html": extends})
    after = run_mkdocs_build(project, tmp_path / "after", **EPOCH)
    assert after.returncode == 0, after.stderr[-3000:]
    page = "claims/entered-airspace/index.html"
    old = (tmp_path / "before" / page).read_text(encoding="utf-8")
    new = (tmp_path / "after" / page).read_text(encoding="utf-8")
    note = '<p class="desk-note">The jet entered Turkish airspace.</p>'
    assert new.count(note) == 1
    assert new.replace(note, "") == old  # everything else as the package's own renders it


def test_a_broken_override_is_reported_with_its_file_and_line(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    project = mini()
    heading = '<h1 lang="{{ source.language }}" dir="auto">{{ source.title }}</h1>'
    unclosed = '<h1 lang="{{ source.language }}">{% if source %}{{ source.title }</h1>'
    broken = package_template("dossier/source.html").replace(heading, unclosed)
    line = broken.splitlines().index(unclosed) + 1
    with_custom_dir(project, {"dossier/source.html": broken})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"overrides/dossier/source.html:{line}: error: template dossier/source.html" in (
        result.stderr
    )
    assert "hint: " in result.stderr
    assert not (tmp_path / "site/sources/a/index.html").exists()


def test_a_name_a_template_does_not_receive_is_reported_with_its_file_and_line(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    project = mini()
    misspelt = package_template("dossier/claim.html").replace(
        "{{ claim.statement }}", "{{ claim.statment }}"
    )
    line = misspelt.splitlines().index('<h1 dir="auto">{{ claim.statment }}</h1>') + 1
    with_custom_dir(project, {"dossier/claim.html": misspelt})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"overrides/dossier/claim.html:{line}: error: template dossier/claim.html:" in (
        result.stderr
    )
    assert "statment" in result.stderr


def test_the_documented_templates_are_the_ones_shipped_and_used() -> None:
    shipped = {
        str(p.relative_to(PACKAGE_TEMPLATES)) for p in PACKAGE_TEMPLATES.rglob("*") if p.is_file()
    }
    assert shipped == set(TEMPLATE_NAMES)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Templates", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(dossier/[a-z/-]+\.html)` \|.*\|([^|]*)\|$", section, re.M)
    assert {name for name, _ in rows} == set(TEMPLATE_NAMES)
    for name, blocks in rows:  # the blocks an override may replace, as documented
        source = (PACKAGE_TEMPLATES / name).read_text(encoding="utf-8")
        shipped = re.findall(r"\{% block (\w+) %\}", source)
        assert shipped == re.findall(r"`(\w+)`", blocks), name
    renderers = (PACKAGE_TEMPLATES.parent / "render").glob("*.py")
    used = "".join(p.read_text() for p in renderers if p.name != "templates.py")
    used += "".join(p.read_text() for p in PACKAGE_TEMPLATES.rglob("*.html"))
    for name in TEMPLATE_NAMES:
        assert f'"{name}"' in used, name


def test_the_preview_renders_again_after_an_override_changes(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    """`mkdocs serve` keeps the pages an edit did not change; a template override is
    something every page depends on, so a changed one is used on the next rebuild."""
    project = mini()
    note = '{% block related %}<p class="desk-note">NOTE</p>{% endblock %}\n'
    extends = '{% extends "mkdocs_dossier/dossier/claim.html" %}\n'
    with_custom_dir(project, {"dossier/claim.html": extends + note.replace("NOTE", "first")})
    with mkdocs_serve(project, tmp_path / "serve.log") as (base, _):
        preview = Preview(base, tmp_path / "serve.log")
        preview.wait_for_build()
        assert '<p class="desk-note">first</p>' in preview.page("claims/entered-airspace/")
        time.sleep(1.1)  # a new modification time, whatever the file system's resolution
        override = project / "overrides/dossier/claim.html"
        override.write_text(extends + note.replace("NOTE", "second"), encoding="utf-8")
        claims = project / "dossier/claims.yml"  # the preview watches dossier/, not the theme
        claims.write_text(claims.read_text(encoding="utf-8"), encoding="utf-8")
        preview.wait_for_build()
        page = preview.page("claims/entered-airspace/")
    assert '<p class="desk-note">second</p>' in page
    assert "first" not in page
