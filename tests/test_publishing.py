"""What a hostile pull request can get onto the public site, into CI, or out of the machine.

Each test reproduces one hole a red-team found (issue 16, part A) with a real build or a
real run of the command line, and asserts the guarantee that closes the whole class:
page metadata is sanitised in one place, every URL the theme prints is built from escaped
parts, only an allow-list of files is published from content/, no link is followed and
no read is unbounded, and text from the dossier reaches terminals and CI escaped.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import material
import pytest

from conftest import MINI, MINI_CONFIG, compile_at, messages, run_mkdocs_build, write_tree
from mkdocs_dossier.content import sanitise_page_html
from mkdocs_dossier.problems import Position
from mkdocs_dossier.render.meta import edit_link
from sitecheck import executable_content, theme_scripts

Make = Callable[..., Path]

# The publishing workflow's features and edit URL: the theme prints page.edit_url itself.
EDIT_CONFIG = MINI_CONFIG.replace(
    "features: [navigation.instant, navigation.tabs]",
    "features: [navigation.instant, navigation.tabs, content.action.edit]",
).replace("  - dossier\n", '  - dossier:\n      edit_url: !ENV [DOSSIER_EDIT_URL, ""]\n')
EDIT_URL = "https://github.com/o/r/edit/main/{path}"
PAYLOAD = "[click me](javascript:alert(document.domain)) ![i](https://evil.example/x.png)"
ESC = "\x1b"
OSC8 = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"


def dossier_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_dossier", *args],
        cwd=cwd, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


def build(project: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run_mkdocs_build(project, site, **env)


@pytest.fixture(scope="module")
def clean_scripts(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The theme's own inline scripts, from a clean build of the same configuration."""
    root = tmp_path_factory.mktemp("clean")
    project = write_tree(root / "project", {**MINI, "site_config.yml": EDIT_CONFIG})
    result = build(project, root / "site", DOSSIER_EDIT_URL=EDIT_URL)
    assert result.returncode == 0, result.stderr
    return theme_scripts(root / "site")


def hrefs(page: Path) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8"))


# --- 1. Page metadata -----------------------------------------------------------------


@pytest.mark.parametrize(
    "tail", ["\\x7f", "\\x85", "\\ufffe", "\\uffff", "\\u2028", "\\x9b", "\\t\\n"]
)
def test_a_name_cannot_turn_the_page_into_markdown(
    mini: Make, tmp_path: Path, tail: str, clean_scripts: set[str]
) -> None:
    """C1 controls, DEL, noncharacters once broke the front matter, and the page was
    rendered as Markdown: a live javascript: link and an outside image. (The control
    characters are also warnings, so this builds without --strict to see the pages.)"""
    name = f"Russia {PAYLOAD}{tail}"
    actors = MINI["dossier/actors.yml"].replace("name: Russia", f'name: "{name}"')
    claims = MINI["dossier/claims.yml"].replace(
        "statement: The jet entered Turkish airspace.", f'statement: "Entered. {PAYLOAD}{tail}"'
    )
    project = mini({"dossier/actors.yml": actors, "dossier/claims.yml": claims})
    result = run_mkdocs_build(project, tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr
    control = tail in ("\\x7f", "\\x85", "\\u2028", "\\x9b")
    assert ("warning: name: invisible control character" in result.stderr) == control
    site = tmp_path / "site"
    for page in ("actors/russia/index.html", "claims/entered-airspace/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        live = [h for h in hrefs(site / page) if h.lower().startswith("javascript:") or "evil" in h]
        assert live == [], page
        assert "<img" not in html.split('<article class="md-content__inner')[1], page
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title is not None
        assert "[click me](javascript:alert(document.domain))" in title.group(1), page
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\u2028]", title.group(1))
        # The page is the one the dossier wrote: its heading and sections, not Markdown.
        assert "dossier-kicker" in html
    assert executable_content(site, clean_scripts) == []


def test_hand_written_front_matter_is_escaped_and_checked(mini: Make, tmp_path: Path) -> None:
    page = (
        "---\n"
        'title: "</title><script>alert(1)</script>\\x85"\n'
        "description: '\"><script>alert(2)</script>'\n"
        "---\n\n# Method\n\nText.\n"
    )
    project = mini({"content/methodology.md": page})
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/methodology/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - Mini dossier</title>" in html
    assert 'content="&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in html.replace(
        "&quot;", "&#34;"
    )
    unknown = "---\ntemplate: 404.html\nhide: [navigation]\n---\n\n# Method\n"
    found = messages(compile_at(mini({"content/methodology.md": unknown})))
    assert found[0].startswith(
        "content/methodology.md:2:1: error: unknown front matter key 'template'"
    )
    assert "\n    hint: " in found[0]


# --- 2. URLs the theme prints -----------------------------------------------------------


def test_a_file_name_cannot_break_out_of_the_edit_link(mini: Make, tmp_path: Path) -> None:
    name = 'dossier/actors/x" autofocus onfocus="alert(document.domain)" a=".yml'
    project = mini({name: "zed:\n  name: Zed\n  kind: person\n"})
    (project / "site_config.yml").write_text(EDIT_CONFIG)
    result = dossier_cli("check", cwd=project)
    assert result.returncode == 1
    line = next(row for row in result.stdout.splitlines() if row.startswith("dossier/actors/x"))
    assert line.startswith(f"{name}:1:1: error: ")
    hint = result.stdout.splitlines()[result.stdout.splitlines().index(line) + 1]
    assert hint.startswith("    hint: rename")
    built = build(project, tmp_path / "site", DOSSIER_EDIT_URL=EDIT_URL)
    assert built.returncode == 1
    assert not (tmp_path / "site/actors/zed").exists()


def test_edit_urls_are_built_from_escaped_parts() -> None:
    url = edit_link(EDIT_URL, Position('dossier/actors/x" onfocus="alert(1)" a=<b>.yml', 3))
    assert url == (
        "https://github.com/o/r/edit/main/dossier/actors/"
        "x%22%20onfocus%3D%22alert%281%29%22%20a%3D%3Cb%3E.yml"
    )
    assert edit_link("https://x.example/{path}#L{line}", Position("a/b c.yml", 7)) == (
        "https://x.example/a/b%20c.yml#L7"
    )


@pytest.mark.parametrize(
    ("template", "ok"),
    [
        ('https://github.com/o/r/edit/main/{path}" onmouseover="alert(1)', True),
        ("javascript:alert(document.domain)//{path}", False),
        ("https://github.com/o/r/edit/main/", False),
    ],
)
def test_the_edit_button_is_a_harmless_link_whatever_the_template(
    mini: Make, tmp_path: Path, template: str, ok: bool
) -> None:
    project = mini({"site_config.yml": EDIT_CONFIG})
    result = build(project, tmp_path / "site", DOSSIER_EDIT_URL=template)
    if not ok:
        assert result.returncode == 1
        assert "edit_url" in result.stderr
        assert "Traceback" not in result.stderr
        return
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/actors/russia/index.html").read_text(encoding="utf-8")
    button = re.search(r'<a href="([^"]*)" title="Edit this page"[^>]*rel="edit">', html)
    assert button is not None, "the theme's edit button is missing or broken"
    assert button.group(1).startswith("https://github.com/o/r/edit/main/dossier/actors.yml")
    assert "onmouseover" not in html.replace(button.group(1), "")


# --- 3. What content/ may publish --------------------------------------------------------


def bundle_name() -> str:
    scripts = Path(material.__file__).parent / "templates/assets/javascripts"
    return next(p.name for p in scripts.glob("bundle.*.min.js"))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (f"assets/javascripts/{'BUNDLE'}", b"alert(document.domain)"),
        ("page.html", b"<script>alert(1)</script>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("articles/evil.js", b"alert(1)"),
        ("images/fake.png", b"<html><script>alert(1)</script>"),
        ("search/search_index.json", b"{}"),
        ("pagefind/pagefind.js", b"alert(1)"),
        ("pagefind/index.md", b"# Search\n\nA page of its own, where the index is written.\n"),
        ("style.css", b"body{background:url(https://evil.example/)}"),
        ('a"b.png', b"\x89PNG\r\n\x1a\n"),
    ],
)
def test_only_the_allow_list_is_published_from_content(
    mini: Make, tmp_path: Path, name: str, data: bytes
) -> None:
    name = name.replace("BUNDLE", bundle_name())
    project = mini()
    target = project / "content" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    found = messages(compile_at(project))
    assert found, "nothing reported"
    assert found[0].startswith(f"content/{name}:1:1: error: "), found
    assert "\n    hint: " in found[0]
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert not (tmp_path / "site").exists() or not (tmp_path / "site" / name).exists()


def test_safe_files_are_published(mini: Make, tmp_path: Path) -> None:
    project = mini({"content/index.md": "# Mini\n\n![A photo](images/photo.png)\n"})
    png = b"\x89PNG\r\n\x1a\n" + bytes(32)
    (project / "content/images").mkdir()
    (project / "content/images/photo.png").write_bytes(png)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/images/photo.png").read_bytes() == png
    assert (tmp_path / "site/articles/a.txt").exists()
    # The theme's own files and the plugin's are not content: they are all there.
    assert (tmp_path / f"site/assets/javascripts/{bundle_name()}").exists()
    assert list((tmp_path / "site/assets/stylesheets").glob("main.*.min.css"))
    assert (tmp_path / "site/assets/dossier/dossier.css").exists()


@pytest.mark.parametrize(
    ("text", "position", "what"),
    [
        ("# Page\n\nHello <script>alert(1)</script>\n", "3:7", "raw HTML"),
        ("# Page\n\n<img src=x onerror=alert(1)>\n", "3:1", "raw HTML"),
        ("# Page\n\nSee [this](javascript:alert(1)).\n", "3:12", "javascript:"),
        ("# Page\n\n[ref]: JavaScript:alert(1)\n\n[x][ref]\n", "3:8", "javascript:"),
        ("# Page\n\n![x](data:image/svg+xml,<svg onload=alert(1)>)\n", "3:6", "data:"),
    ],
)
def test_script_in_a_hand_written_page_is_an_error_with_its_position(
    mini: Make, text: str, position: str, what: str
) -> None:
    found = messages(compile_at(mini({"content/notes.md": text})))
    assert found, "nothing reported"
    assert found[0].startswith(f"content/notes.md:{position}: error: "), found
    assert what in found[0]
    assert "\n    hint: " in found[0]


def test_code_and_autolinks_in_pages_are_not_raw_html(mini: Make) -> None:
    text = (
        "# Page\n\nWrite `<b>` for bold; see <https://example.org> and <a@example.org>.\n\n"
        "```html\n<script>shown, not run</script>\n```\n\n    <p>indented code</p>\n"
    )
    compiled = compile_at(mini({"content/notes.md": text}))
    assert compiled.ok, messages(compiled)


def test_hand_written_pages_are_sanitised_by_an_allow_list() -> None:
    """The scan reports what it finds; whatever Markdown makes of a page, only the
    allow-list of elements, attributes and URL schemes reaches it."""
    html = (
        '<h2 id="x">T<a class="headerlink" href="#x" title="Permanent link">¶</a></h2>'
        '<p><a href="javascript:alert(1)">a</a> <img src="x.png" alt="p" onerror="alert(1)">'
        '<script>alert(2)</script><iframe src="https://evil.example"></iframe>'
        '<a href="../sources/">ok</a><a href="https://example.org/">ok</a></p>'
    )
    clean = sanitise_page_html(html)
    assert "script" not in clean
    assert "javascript" not in clean
    assert "onerror" not in clean
    assert "iframe" not in clean
    assert '<a class="headerlink" href="#x" title="Permanent link">¶</a>' in clean
    assert '<a href="../sources/">ok</a>' in clean
    assert '<a href="https://example.org/">ok</a>' in clean
    assert '<img src="x.png" alt="p">' in clean


def test_what_the_line_scan_misses_the_sanitiser_cuts(
    mini: Make, tmp_path: Path, clean_scripts: set[str]
) -> None:
    """A link destination on the next line passes the line scan; Python-Markdown still
    makes it a javascript: link, and the sanitiser removes it from the built page."""
    text = "# Notes\n\n[first](\njavascript:alert(document.domain))\n\n[second][r]\n\n[r]:\n  javascript:alert(2)\n"
    project = mini({"content/notes.md": text})
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = tmp_path / "site/notes/index.html"
    assert [h for h in hrefs(page) if "javascript:" in h.lower()] == []
    html = page.read_text(encoding="utf-8")
    assert ">first</a>" in html
    assert ">second</a>" in html  # the text stays; only the script is gone
    assert executable_content(tmp_path / "site", clean_scripts) == []


def test_the_seed_pages_pass_the_content_checks_unchanged(seed_site: Path) -> None:
    html = (seed_site / "methodology/index.html").read_text(encoding="utf-8")
    assert "<h1" in html
    assert (seed_site / "articles").is_dir()


# --- 4. Nothing from outside the project -----------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["/etc/passwd", "/proc/self/environ", "../../.git/config", "/dev/zero", "a.txt"],
)
def test_a_symlink_in_content_is_an_error_and_never_followed(
    mini: Make, tmp_path: Path, target: str
) -> None:
    project = mini()
    (project / ".git").mkdir()
    (project / ".git/config").write_text("[http]\n\textraheader = AUTHORIZATION: basic SECRET\n")
    link = project / "content/articles/leak.txt"
    link.symlink_to(target)
    sources = MINI["dossier/sources.yml"] + "leak:\n  title: Leak\n  file: articles/leak.txt\n"
    (project / "dossier/sources.yml").write_text(sources)
    started = time.monotonic()
    found = messages(compile_at(project))
    assert time.monotonic() - started < 10
    assert any(
        m.startswith("content/articles/leak.txt:1:1: error: ") and "symbolic link" in m
        for m in found
    ), found
    assert any(m.startswith("dossier/sources.yml:") and "symbolic link" in m for m in found), found
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "SECRET" not in result.stdout + result.stderr
    site = tmp_path / "site"
    if site.exists():
        assert all("SECRET" not in p.read_text(errors="replace") for p in site.rglob("*.*"))
        assert not (site / "articles/leak.txt").exists()


def test_a_symlinked_directory_stops_the_build_before_mkdocs_walks_it(
    mini: Make, tmp_path: Path
) -> None:
    project = mini()
    (project / "content/everything").symlink_to("/")
    (project / "content/loop").symlink_to(".")
    started = time.monotonic()
    result = build(project, tmp_path / "site")
    assert time.monotonic() - started < 60
    assert result.returncode == 1
    assert "content/everything:1:1: error: " in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site/everything").exists()


def test_links_and_special_files_in_dossier_are_errors(mini: Make, tmp_path: Path) -> None:
    project = mini()
    outside = tmp_path / "outside.yml"
    outside.write_text("ghost:\n  name: Ghost\n  kind: person\n")
    (project / "dossier/actors").mkdir()
    (project / "dossier/actors/linked.yml").symlink_to(outside)
    os.mkfifo(project / "dossier/actors/pipe.yml")
    os.mkfifo(project / "content/articles/pipe.txt")
    started = time.monotonic()
    compiled = compile_at(project)
    assert time.monotonic() - started < 10
    found = messages(compiled)
    assert "ghost" not in compiled.dossier.actors
    assert any(m.startswith("dossier/actors/linked.yml:1:1: error: ") for m in found), found
    assert any(m.startswith("dossier/actors/pipe.yml:1:1: error: ") for m in found), found
    assert any(m.startswith("content/articles/pipe.txt:1:1: error: ") for m in found), found
    assert all("\n    hint: " in m for m in found if "pipe" in m or "linked" in m)


def test_a_symlinked_dossier_or_content_directory_is_refused(mini: Make, tmp_path: Path) -> None:
    project = mini()
    real = tmp_path / "elsewhere"
    (project / "dossier").rename(real)
    (project / "dossier").symlink_to(real)
    found = messages(compile_at(project))
    refused = [m for m in found if m.startswith("dossier:1:1: error: ")]
    assert len(refused) == 1, found
    assert "symbolic link" in refused[0]
    assert "\n    hint: " in refused[0]


# --- 9. Terminals and CI ----------------------------------------------------------------


@pytest.mark.parametrize("output", ["text", "github", "json"])
def test_check_never_echoes_control_sequences(mini: Make, output: str) -> None:
    bad = "rus" + OSC8 + "\x9b31m\x07\x7f\u202e"
    annotations = MINI["dossier/annotations/a.yml"].replace(
        "by: russia", 'by: "' + bad.encode("unicode_escape").decode().replace('"', '\\"') + '"'
    )
    sources = MINI["dossier/sources.yml"].replace(
        "published: 2015-11-24", 'published: "\\e[2J\\e]0;pwned\\a"'
    )
    project = mini({"dossier/annotations/a.yml": annotations, "dossier/sources.yml": sources})
    result = dossier_cli("check", "--format", output, cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out), repr(out[:2000])
    assert "\\x1b" in out
    assert "\\x9b" in out or "\\\\x9b" in out


def test_the_build_log_never_echoes_control_sequences(mini: Make, tmp_path: Path) -> None:
    annotations = MINI["dossier/annotations/a.yml"].replace("by: russia", 'by: "rus\\e[31msia"')
    project = mini({"dossier/annotations/a.yml": annotations})
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert ESC not in result.stderr + result.stdout
    assert "rus\\x1b[31msia" in result.stderr


def test_diff_writes_no_html_or_links_into_the_step_summary(mini: Make) -> None:
    project = mini()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=project, check=True)
    hostile = (
        "<img src=https://evil.example/p.png> <h1>Merge me</h1> "
        "[link](https://evil.example) ![i](https://evil.example/i.png) *x* `y` \\x1b[31m"
    )
    claims = MINI["dossier/claims.yml"] + (
        f'other:\n  statement: "{hostile}"\n  contradicts: [entered-airspace]\n'
    )
    actors = MINI["dossier/actors.yml"].replace("name: Russia", f'name: "Russia {hostile}"')
    annotations = MINI["dossier/annotations/a.yml"] + (
        "- quote: Putin called it a stab in the back\n"
        "  stances:\n    - {claim: other, stance: asserts, by: putin}\n"
    )
    write_tree(
        project,
        {
            "dossier/claims.yml": claims,
            "dossier/actors.yml": actors,
            "dossier/annotations/a.yml": annotations,
        },
    )
    result = dossier_cli("diff", "HEAD", cwd=project)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Merge me" in out  # the text is there, as text
    assert "<img" not in out
    assert "<h1>" not in out
    assert not re.search(r"(?<!\\)\]\(", out)  # no link or image: every ] is escaped
    assert ESC not in out
    assert "&lt;img src=https://evil.example/p.png&gt;" in out
