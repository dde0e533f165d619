"""Generated pages reach MkDocs as finished HTML: no Markdown runs on them, their
headings get the ids Markdown's `toc` would give and make the table of contents, and
the last HTML in Python (the error banner, the field reference, JSON-LD) is templates
a site can override."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINI, run_mkdocs_build
from mkdocs_dossier.pipeline import Compiled
from mkdocs_dossier.problems import Position, Problem
from mkdocs_dossier.render import plan_pages, render_page
from mkdocs_dossier.render.errors import error_banner, error_page
from mkdocs_dossier.render.headings import Outline
from mkdocs_dossier.render.templates import Templates
from sitecheck import search_records
from test_templates import with_custom_dir

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}

# Records the Markdown MkDocs hands the site's Markdown extensions for each page.
HOOKS = """\
import json
from pathlib import Path

SEEN = {}


def on_page_markdown(markdown, page, **kwargs):
    SEEN[page.file.src_uri] = markdown
    return markdown


def on_post_build(config, **kwargs):
    Path(config.config_file_path).with_name("markdown.json").write_text(json.dumps(SEEN))
"""

# Two headings of the same text, with characters Markdown would read as syntax.
NOTES = (
    '{% extends "mkdocs_dossier/dossier/claim.html" %}\n'
    "{% block related %}{{ super() }}<h2>Notes &amp; [more](javascript:x) *now*</h2>"
    "<p>first</p><h2>Notes &amp; [more](javascript:x) *now*</h2><p>second</p>{% endblock %}\n"
)
NOTES_TEXT = "Notes &amp; [more](javascript:x) *now*"


def test_a_generated_page_skips_markdown_and_its_headings_make_the_toc(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    index = (
        MINI["content/index.md"]
        + "\nThe [second note](claims/entered-airspace.md#notes-morejavascriptx-now_1).\n"
    )
    project = mini({"content/index.md": index})
    config = project / "site_config.yml"
    toc = "markdown_extensions:\n  - toc:\n      permalink: true\n"  # as Material's docs advise
    config.write_text(config.read_text(encoding="utf-8") + toc + "hooks: [hooks.py]\n", "utf-8")
    (project / "hooks.py").write_text(HOOKS, encoding="utf-8")
    with_custom_dir(project, {"dossier/claim.html": NOTES})
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site, **EPOCH)
    # --strict with anchors: warn: the link to the second heading's id validated.
    assert result.returncode == 0, result.stderr[-3000:]

    seen = json.loads((project / "markdown.json").read_text(encoding="utf-8"))
    generated = [uri for uri in seen if uri.split("/")[0] in {"claims", "actors", "sources"}]
    assert "claims/entered-airspace.md" in generated
    for uri in generated:  # no dossier text, no heading, reaches a Markdown extension
        assert seen[uri] == "", uri
    assert seen["index.md"].startswith("# Mini")

    page = (site / "claims/entered-airspace/index.html").read_text(encoding="utf-8")
    # Each heading as the template wrote it, text and not a link; ids and permalinks as
    # `toc` makes them.
    for made in ("notes-morejavascriptx-now", "notes-morejavascriptx-now_1"):
        link = f'<a class="headerlink" href="#{made}" title="Permanent link">&para;</a>'
        assert page.count(f'<h2 id="{made}">{NOTES_TEXT}{link}</h2>') == 1
    assert 'href="javascript:' not in page
    # Both in the page's table of contents (the theme's secondary navigation), in order.
    toc = page[page.index('class="md-nav md-nav--secondary"') :]
    toc = toc[: toc.index("</nav>")]
    anchors = re.findall(r'href="#([^"]+)"', toc)
    assert anchors == [
        "in-dispute",
        "stances-by-side",
        "notes-morejavascriptx-now",
        "notes-morejavascriptx-now_1",
    ]
    # Search finds each heading as a section of its own, by its id, named by its text
    # alone: no pilcrow (the permalink is not indexed), the entity read as the character.
    record = search_records(site)["/claims/entered-airspace/"]
    notes = [anchor for anchor in record.anchors if anchor[0].startswith("notes-")]
    assert notes == [
        ("notes-morejavascriptx-now", html.unescape(NOTES_TEXT)),
        ("notes-morejavascriptx-now_1", html.unescape(NOTES_TEXT)),
    ]
    assert "¶" not in record.content
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="claims/entered-airspace/#notes-morejavascriptx-now_1"' in home


@pytest.mark.parametrize(
    "text",
    [
        "Notes [x](javascript:alert(1))",
        "Notes {: onclick=alert(1) }",
        "*Notes* `code` #1 <b>bold</b> & \\ escaped!",
        "Stances, by side",
    ],
)
def test_a_heading_a_template_writes_reaches_the_page_as_its_text(text: str) -> None:
    """Whatever an <h2> holds is the heading's text, and the table of contents' entry."""
    outline = Outline()
    shown = outline.cut(f"<p>lede</p><h2>{html.escape(text)}</h2><p>body</p>", Templates())
    heading = re.fullmatch(
        r'<div class="dossier-block"><p>lede</p></div>\n<h2 id="([^"]*)">(.*)</h2>\n'
        r'<div class="dossier-block"><p>body</p></div>',
        shown,
    )
    assert heading is not None, shown
    assert heading[2] == html.escape(text)
    assert [(h.id, h.name) for h in outline.headings] == [(heading[1], html.escape(text))]


def test_each_rendered_page_is_finished_html_with_its_table_of_contents(
    seed_compiled: Compiled,
) -> None:
    specs = plan_pages(seed_compiled)
    urls = {(s.kind, s.ident): s.src_uri.removesuffix(".md") + "/" for s in specs}
    shared: dict[tuple[str, ...], object] = {}
    for spec in specs:
        page = render_page(spec, seed_compiled, urls, shared=shared)
        assert "§§" not in page.html, spec  # no placeholder left
        assert page.html.startswith("<"), spec  # no Markdown's blank first line
        ids = [h.id for h in page.toc]
        assert len(set(ids)) == len(ids), spec
        found = re.findall(r'<h2 id="([^"]+)">', page.html)
        assert found == ids, spec
    claim = next(s for s in specs if s.kind == "claims")
    page = render_page(claim, seed_compiled, urls, shared=shared)
    assert ("stances-by-side", "Stances, by side") in [(h.id, h.name) for h in page.toc]


PROBLEMS = [
    Problem(Position("dossier/claims.yml", 3, 5), "a <b>bold</b> claim", "write 'x' & \"y\""),
    Problem(Position("dossier/actors.yml", 1, 1), "no hint", severity="error"),
]


def test_the_error_banner_escapes_every_value_and_a_site_can_reword_it(tmp_path: Path) -> None:
    banner = error_banner(PROBLEMS, Templates())
    assert banner.startswith('<div class="dossier-build-errors" role="alert">')
    assert (
        "<li><code>dossier/claims.yml:3:5</code> error: a &lt;b&gt;bold&lt;/b&gt; claim"
        "<br><small>hint: write &#x27;x&#x27; &amp; &quot;y&quot;</small></li>"
    ) in banner
    assert "<li><code>dossier/actors.yml:1:1</code> error: no hint</li>" in banner
    assert error_page(Templates()) == (
        "<p>This page is generated from the dossier, which has errors.</p>"
    )
    override = tmp_path / "overrides" / "dossier" / "error-banner.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        '<ul class="desk">{% for p in problems %}<li>{{ p.message }}</li>{% endfor %}</ul>',
        encoding="utf-8",
    )
    reworded = error_banner(PROBLEMS, Templates(tmp_path / "overrides"))
    assert (
        reworded == '<ul class="desk"><li>a &lt;b&gt;bold&lt;/b&gt; claim</li><li>no hint</li></ul>'
    )


def test_the_field_reference_and_json_ld_are_templates_a_site_overrides(
    mini: Callable[..., Path], tmp_path: Path
) -> None:
    claims = MINI["dossier/claims.yml"].replace(
        "The jet entered Turkish airspace.", "The jet entered </script><b>airspace</b>."
    )
    project = mini({"dossier/claims.yml": claims})
    fields = (
        "{% for section in sections %}<h2>{{ section.title }}</h2><ul>"
        '{% for f in section.fields %}<li class="desk">{{ f.name }}{% if f.required %}*'
        "{% endif %}</li>{% endfor %}</ul>{% endfor %}"
    )
    json_ld = (
        '{% macro json_ld(data) %}<script type="application/ld+json" data-desk>'
        "{{ data|tojson }}</script>{% endmacro %}"
    )
    with_custom_dir(
        project, {"dossier/fields.html": fields, "dossier/pieces/json-ld.html": json_ld}
    )
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site, **EPOCH)
    assert result.returncode == 0, result.stderr[-3000:]
    reference = (site / "fields/index.html").read_text(encoding="utf-8")
    assert '<li class="desk">statement*</li>' in reference
    assert '<h2 id="claim">Claim</h2>' in reference
    claim = (site / "claims/entered-airspace/index.html").read_text(encoding="utf-8")
    scripts = re.findall(
        r'<script type="application/ld\+json" data-desk>(.*?)</script>', claim, re.S
    )
    assert len(scripts) == 1
    # No value closes the element early: it parses whole, with the statement as written.
    assert json.loads(scripts[0])["text"] == "The jet entered </script><b>airspace</b>."
