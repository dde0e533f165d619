"""A dossier that is not ours: MkDocs conventions, and nothing of the seed story."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINI, REPO, compile_at, messages, run_mkdocs_build
from mkdocs_dossier import cli
from mkdocs_dossier.model import (
    KIND_MODELS,
    Annotation,
    Citation,
    Geometry,
    Note,
    Repair,
    Stance,
)
from mkdocs_dossier.projectconfig import edit_template
from mkdocs_dossier.render.templates import TEMPLATE_NAMES
from sitecheck import scan, search_records

Make = Callable[..., Path]
INDEX_PAGES = ("sources", "actors", "claims", "contradictions", "locations", "map", "timeline")


def test_generated_index_pages_join_a_hand_written_nav(mini: Make, tmp_path: Path) -> None:
    config = MINI["site_config.yml"] + "nav:\n  - Home: index.md\n  - Claims: claims/index.md\n"
    project = mini({"site_config.yml": config})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site/index.html").read_text()
    # The primary sidebar, up to the secondary one: the home page's own table of contents
    # (the front door's headings) is nested in the primary nav too, for small screens.
    start = home.index('class="md-sidebar md-sidebar--primary"')
    nav = home[start : home.index('class="md-sidebar md-sidebar--secondary"', start)]
    for kind in INDEX_PAGES:
        assert f'href="{kind}/"' in nav, f"{kind} is not in the nav"
    assert nav.count('href="claims/"') == 1  # placed by hand, not added twice
    # Entity pages stay out of it.
    assert 'href="actors/putin/"' not in nav


def test_a_hand_written_link_to_a_quote_validates(mini: Make, tmp_path: Path) -> None:
    compiled = compile_at(mini())
    anchor = next(a for a in compiled.anchors["a"] if a is not None).anchor_id
    link = f"\n[The quote](sources/a.md#{anchor}) and [its note](sources/a.md#ann-{anchor}).\n"
    project = mini({"content/index.md": MINI["content/index.md"] + link})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert f"sources/a/#{anchor}" in scan(tmp_path / "site/index.html").links
    # The check is real: a link to an anchor that is not there still fails the build.
    broken = MINI["content/index.md"] + "\n[Nowhere](sources/a.md#q-nowhere)\n"
    result = run_mkdocs_build(mini({"content/index.md": broken}), tmp_path / "broken")
    assert result.returncode == 1
    assert "q-nowhere" in result.stderr


def test_what_contributing_requires_is_warned(mini: Make) -> None:
    sources = MINI["dossier/sources.yml"].replace(
        "  url: https://paper.example/jet-down\n  language: en\n", ""
    )
    locations = MINI["dossier/locations.yml"].split("  cite:")[0].replace("  precision: city\n", "")
    project = mini(
        {
            "dossier/sources.yml": sources,
            "dossier/locations.yml": locations,
            "content/articles/forgotten.txt": "Nobody reads me.\n",
        }
    )
    found = messages(compile_at(project))
    assert found == [
        "content/articles/forgotten.txt:1:1: warning: no source in the dossier uses this article\n"
        "    hint: add a source for it in dossier/sources.yml with file: pointing here, or remove the file",
        "dossier/locations.yml:4:16: warning: coordinates of 'sochi' do not say how precise they are\n"
        "    hint: add precision: exact, city, locality, region-centroid or country-centroid",
        "dossier/locations.yml:4:16: warning: coordinates of 'sochi' have no citation\n"
        "    hint: add cite: with the URL the coordinates come from",
        "dossier/sources.yml:2:3: warning: source 'a' has no url\n"
        "    hint: add url: with the address where the outlet published it, so readers can check",
        "dossier/sources.yml:2:3: warning: source 'a' does not say its language\n"
        "    hint: add language: with its code, e.g. en, fr or pt-BR",
    ]


def test_indentation_mistakes_are_reported_as_indentation(mini: Make) -> None:
    actors = MINI["dossier/actors.yml"] + "mayor:\nname: Ana Lima\nkind: person\n"
    claims = (
        MINI["dossier/claims.yml"]
        + "closed:\n  statement: The bridge closed.\n   about: [turkey]\n"
    )
    found = messages(compile_at(mini({"dossier/actors.yml": actors, "dossier/claims.yml": claims})))
    *records, syntax = found
    assert records == [
        "dossier/actors.yml:17:1: error: actor 'mayor' has no fields\n"
        "    hint: write its fields on the lines below it, each indented by two spaces",
        "dossier/actors.yml:18:1: error: 'name' is a field, not an id\n"
        "    hint: indent it by two spaces under the id of the actor it belongs to",
        "dossier/actors.yml:19:1: error: 'kind' is a field, not an id\n"
        "    hint: indent it by two spaces under the id of the actor it belongs to",
    ]
    assert syntax.startswith(
        "dossier/claims.yml:6:9: error: YAML syntax error: "
    )  # the parser's words
    assert syntax.endswith(
        "\n    hint: line 6 is indented more than the line before it, whose value is already given; keys of one record line up under each other"
    )


def test_a_wrong_choice_echoes_the_value_and_lists_the_allowed_ones(mini: Make) -> None:
    locations = MINI["dossier/locations.yml"].replace("kind: city", "kind: cty")
    [found] = messages(compile_at(mini({"dossier/locations.yml": locations})))
    assert found.startswith(
        "dossier/locations.yml:3:9: error: kind: 'cty' is not one of: city, town,"
    )
    assert found.endswith("\n    hint: did you mean 'city' or 'country'?")


def test_the_field_reference_lists_every_field_of_the_model(seed_site: Path) -> None:
    page = (seed_site / "fields/index.html").read_text()
    printed = cli_output("fields")
    records = [*KIND_MODELS.values(), Annotation, Stance, Citation, Note, Repair, Geometry]
    for model in records:
        assert f'id="{model.__name__.lower()}"' in page, model.__name__
        assert f"## {model.__name__}\n" in printed
        for name, info in model.model_fields.items():
            assert f"<td><code>{name}</code></td>" in page, (model.__name__, name)
            required = "yes" if info.is_required() else ""
            assert f"| {name} | " in printed
            row = next(
                r
                for r in printed.split(f"## {model.__name__}\n")[1].splitlines()
                if r.startswith(f"| {name} | ")
            )
            assert row.split(" | ")[2] == required, row


def cli_output(*args: str) -> str:
    stream = io.StringIO()
    with contextlib.redirect_stdout(stream):
        assert cli.main(list(args)) == 0
    return stream.getvalue()


# --- A second dossier: another story, another country, town scale ----------------------

FOOTBRIDGE = REPO / "tests" / "data" / "footbridge"
SEED_WORDS = re.compile(
    r"su-24|turk|russia|putin|syria|latakia|nato|stoltenberg|methodology|sochi", re.IGNORECASE
)


@pytest.fixture(scope="module")
def footbridge_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("footbridge")
    project = shutil.copytree(FOOTBRIDGE, root / "project")
    result = run_mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


def _reader_text(site: Path) -> dict[str, str]:
    """Every page and data file a reader or a search can reach (not the theme's assets),
    and what the site search holds of every page (its fragments, gzipped: as "pagefind")."""
    files = [*site.rglob("*.html"), site / "search/search_index.json", *site.glob("data/*")]
    texts = {p.relative_to(site).as_posix(): p.read_text() for p in files if p.is_file()}
    records = search_records(site).values()
    assert records, "no search index"
    texts["pagefind"] = "\n".join(f"{r.url} {r.title} {r.kind} {r.content}" for r in records)
    return texts


def test_nothing_of_the_seed_story_reaches_another_dossier(footbridge_site: Path) -> None:
    found = {
        name: match.group(0)
        for name, text in _reader_text(footbridge_site).items()
        if (match := SEED_WORDS.search(text))
    }
    assert found == {}


def test_every_kind_of_page_of_another_dossier_is_right(footbridge_site: Path) -> None:
    def page(path: str) -> str:
        return (footbridge_site / path / "index.html").read_text()

    home = page(".")
    for kind in INDEX_PAGES:  # no nav was written: the index pages are in it by themselves
        assert f'href="{kind}/"' in home, kind
    source = page("sources/radio-inspection")
    assert "We looked at the approaches, not the deck" in source
    assert source.count('class="dossier-quote') >= 2
    claim = page("claims/bridge-inspected-in-march")
    for speaker in ("Rui Costa", "Ana Lima", "Valmonte town council"):
        assert speaker in claim, speaker
    assert "disputed" in claim.lower()
    contradictions = page("contradictions")
    assert "The footbridge was fully inspected in March" in contradictions
    assert "1 dispute<" in contradictions or "1 dispute " in contradictions
    the_map = page("map")
    for name in ("Ribeira footbridge", "Valmonte town hall", "Bairro Alto", "The old mill"):
        assert name in the_map, name
    place = page("locations/old-mill")
    assert "../../sources/weekly-replacement/#" in place
    assert "Mayor of Valmonte" in page("actors/ana-lima")
    assert "Rui Costa" in page("timeline") or "Valmonte footbridge to be replaced" in page(
        "timeline"
    )
    assert not (footbridge_site / "methodology").exists()


def _run(*cmd: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, check=False, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        cwd=cwd,
    )  # fmt: skip


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a newsroom gets: the built wheel, installed in a fresh virtual environment."""
    root = tmp_path_factory.mktemp("wheel")
    wheels, venv = root / "wheels", root / "venv"
    built = _run(
        sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, REPO, cwd=root
    )
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = wheels.glob("mkdocs_dossier-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "mkdocs_dossier/assets/dossier.css" in names
    assert "mkdocs_dossier/scaffold/dossier/annotations/example.yml" in names
    for template in TEMPLATE_NAMES:  # a site's overrides replace them; they must be there
        assert f"mkdocs_dossier/templates/{template}" in names, template
    assert not [n for n in names if n.startswith(("dossier/", "content/", "tests/"))]
    pip = venv / "bin" / "pip"
    for step in (
        (sys.executable, "-m", "venv", venv),
        (pip, "install", "-q", "--no-deps", "--require-hashes", "-r", REPO / "requirements.txt"),
        (pip, "install", "-q", "--no-deps", wheel),
        (pip, "check"),  # the lock is installed without resolving, so it must be complete
    ):
        done = _run(*step, cwd=root)
        assert done.returncode == 0, done.stderr[-3000:]
    return venv


def test_the_wheel_builds_a_dossier_outside_this_repository(
    wheel_venv: Path, tmp_path: Path
) -> None:
    project = shutil.copytree(FOOTBRIDGE, tmp_path / "valmonte")
    config = project / "site_config.yml"
    check = _run(wheel_venv / "bin/dossier", "check", "-f", config, cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    schemas = _run(wheel_venv / "bin/dossier", "schema", "--check", "-f", config, cwd=tmp_path)
    assert schemas.returncode == 0, schemas.stdout + schemas.stderr
    site = _run(wheel_venv / "bin/mkdocs", "build", "--strict", "-f", config, cwd=tmp_path)
    assert site.returncode == 0, site.stderr[-3000:]
    assert (project / "site/claims/bridge-inspected-in-march/index.html").is_file()
    assert (project / "site/assets/dossier/dossier.css").is_file()


def test_dossier_new_makes_a_project_that_builds_every_kind_of_page(
    wheel_venv: Path, tmp_path: Path
) -> None:
    made = _run(wheel_venv / "bin/dossier", "new", "harbour", cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    project = tmp_path / "harbour"
    for name in (".github/workflows/dossier.yml", ".pre-commit-config.yaml", "README.md"):
        assert (project / name).is_file(), name
    for path in sorted((project / "dossier").rglob("*.yml")):  # each names its schema, which exists
        modeline = path.read_text(encoding="utf-8").splitlines()[0]
        schema = modeline.removeprefix("# yaml-language-server: $schema=")
        assert schema != modeline, path
        assert (path.parent / schema).is_file(), path
    site = _run(
        wheel_venv / "bin/mkdocs", "build", "--strict", "-f", "site_config.yml", cwd=project
    )
    assert site.returncode == 0, site.stderr[-3000:]
    for page in (
        "sources/example", "actors/jo-smith", "claims/generator-tested",
        "locations/exampleton-harbour", "map", "contradictions", "methodology",
    ):  # fmt: skip
        assert (project / "site" / page / "index.html").is_file(), page
    contradictions = (project / "site/contradictions/index.html").read_text()
    assert "1 dispute" in contradictions
    # It never overwrites: a second run into the same directory is refused, nothing changed.
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    again = _run(wheel_venv / "bin/dossier", "new", "harbour", cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr.startswith("dossier: ")
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_search_finds_quotes_names_places_and_claims(footbridge_site: Path) -> None:
    """Search reads generated pages without their markup; what readers look for stays."""
    records = search_records(footbridge_site)
    folders = {p.parent.relative_to(footbridge_site) for p in footbridge_site.rglob("index.html")}
    assert set(records) == {"/" if f == Path() else f"/{f.as_posix()}/" for f in folders}
    fragments = list((footbridge_site / "pagefind/fragment").glob("*.pf_fragment"))
    assert len(fragments) == len(records)  # none indexed twice

    def found(words: str) -> set[str]:
        return {url for url, r in records.items() if words in r.title + " " + r.content}

    assert "/sources/radio-inspection/" in found("We looked at the approaches, not the deck")
    assert "/actors/rui-costa/" in found("Rui Costa")
    assert "/locations/old-mill/" in found("The old mill")
    assert "/claims/bridge-inspected-in-march/" in found(
        "The footbridge was fully inspected in March, before it collapsed."
    )
    # Sections keep their headings and anchors.
    anchors = records["/sources/radio-inspection/"].anchors
    assert {("text", "Text"), ("annotations", "Annotations")} <= set(anchors)
    # Nothing of the markup is read as words.
    assert not [url for url, r in records.items() if "class=" in r.content or "href=" in r.content]


@pytest.mark.parametrize(
    ("own", "repo_url", "edit_uri", "expected"),
    [
        (
            "https://x.example/{path}",
            "https://github.com/o/r",
            "edit/main/content/",
            "https://x.example/{path}",
        ),
        (
            "",
            "https://github.com/o/r",
            "edit/main/content/",
            "https://github.com/o/r/edit/main/{path}",
        ),
        (
            "",
            "https://github.com/o/r/",
            "/edit/main/site/content",
            "https://github.com/o/r/edit/main/site/{path}",
        ),
        ("", "https://github.com/o/r", "edit/master/docs/", ""),  # MkDocs' default: not our docs
        ("", None, "edit/main/content/", ""),
        ("", "https://github.com/o/r", "", ""),
    ],
)
def test_edit_links_follow_repo_url_and_edit_uri(
    own: str, repo_url: str | None, edit_uri: str, expected: str
) -> None:
    assert edit_template(own, repo_url, edit_uri, "content") == expected


def test_generated_pages_link_to_their_yaml_from_repo_url(mini: Make, tmp_path: Path) -> None:
    """The theme's edit button (Material's `content.action.edit`) opens the record; the
    page's source names it for editors too (readers never read a path: issue 30)."""
    config = (
        MINI["site_config.yml"]
        .replace(
            "docs_dir: content\n",
            "docs_dir: content\nrepo_url: https://github.com/example/newsroom\n"
            "edit_uri: edit/main/content/\n",
        )
        .replace("features: [", "features: [content.action.edit, ")
    )
    project = mini({"site_config.yml": config})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/actors/putin/index.html").read_text()
    url = "https://github.com/example/newsroom/edit/main/dossier/actors.yml"
    line = MINI["dossier/actors.yml"].splitlines().index("putin:") + 1
    assert page.count(f'href="{url}"') == 1
    assert f"dossier/actors.yml, line {line} ({url}) -->" in page


def test_the_plugins_styles_touch_only_its_own_markup() -> None:
    """Every rule of dossier.css selects the plugin's markup (or only sets its variables)."""
    css = (REPO / "plugins/mkdocs_dossier/assets/dossier.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    selectors = [s.strip() for s in re.findall(r"([^{}]+)\{", css) if not s.strip().startswith("@")]
    for rule in selectors:
        for part in re.split(r",(?![^(]*\))", rule):  # commas outside :not(...)
            selector = part.strip()
            if selector in (":root", '[data-md-color-scheme="slate"]'):
                continue  # only --dossier-* variables are set there:
            assert "dossier" in selector, selector
    for block in re.findall(r'(?::root|\[data-md-color-scheme="slate"\])\s*\{([^}]*)\}', css):
        assert all(d.strip().startswith("--dossier-") for d in block.split(";") if d.strip())


def test_the_theme_fixes_are_the_sites_choice(mini: Make, tmp_path: Path) -> None:
    plain = run_mkdocs_build(mini(), tmp_path / "plain")
    assert plain.returncode == 0, plain.stderr
    assert "theme-fixes.css" not in (tmp_path / "plain/index.html").read_text()
    config = MINI["site_config.yml"].replace(
        "  - dossier\n", "  - dossier:\n      theme_fixes: true\n"
    )
    fixed = run_mkdocs_build(mini({"site_config.yml": config}), tmp_path / "fixed")
    assert fixed.returncode == 0, fixed.stderr
    assert "assets/dossier/theme-fixes.css" in (tmp_path / "fixed/index.html").read_text()
