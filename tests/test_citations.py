"""Citations a fact-checker would accept: `dossier check` and the build warn on hosts that
are not an original publisher (the package's list and the project's own), and every
citation shows its publisher and date on the page."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import MINI, compile_at, messages, run_mkdocs_build
from mkdocs_dossier.problems import Problems
from mkdocs_dossier.weakhosts import PACKAGE_LIST, listed, read_list

Make = Callable[..., Path]

# The first citation is line 7 of the mini locations file; its URL starts at column 14 (after `    - {url: "`).
COPY = "https://worddisk.com/wiki/Sochi/"
ORIGINAL = "https://en.wikipedia.org/wiki/Sochi"


def locations(*cites: str) -> str:
    """The mini dossier's place with these citations in place of its own."""
    place = MINI["dossier/locations.yml"]
    return (
        place[: place.index("  cite:\n")]
        + "  cite:\n"
        + "".join(f"    - {{url: {cite}}}\n" for cite in cites)
    )


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_dossier", "check"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_warns_at_the_url_of_a_mirror_with_a_hint(mini: Make) -> None:
    project = mini({"dossier/locations.yml": locations(f'"{COPY}", publisher: WordDisk')})
    result = check(project)
    assert result.returncode == 0, result.stdout  # a warning, not an error
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "dossier/locations.yml:7:14: warning: 'worddisk.com' is a copy of an encyclopaedia, "
        "not the original publisher"
    )
    assert "(listed in mkdocs_dossier/data/weak-hosts.txt:" in lines[0]
    assert lines[1] == (
        "    hint: cite the encyclopaedia article itself; "
        "if the copy is what you read, keep it as 'via:'"
    )
    # With it, `dossier check`'s reminder that the source has no archived copy.
    assert lines[-1].startswith("0 error(s), 2 warning(s)")


def test_a_url_inside_prose_is_found_at_its_column(mini: Make) -> None:
    actors = MINI["dossier/actors.yml"].replace(
        "  kind: media\n",
        "  kind: media\n  description: See [this](http://bit.ly/abc) page.\n",
        1,
    )
    compiled = compile_at(mini({"dossier/actors.yml": actors}))
    (warning,) = compiled.problems.warnings
    assert str(warning.position) == "dossier/actors.yml:4:27"
    assert "'bit.ly' is a link shortener" in warning.message
    assert warning.hint == "cite the full address of the page the short link leads to"


def test_the_original_with_the_copy_as_via_is_accepted(mini: Make) -> None:
    archive = "https://web.archive.org/web/2015/" + ORIGINAL
    cite = f'"{ORIGINAL}", publisher: Wikipedia, via: "{archive}"'
    assert messages(compile_at(mini({"dossier/locations.yml": locations(cite)}))) == []
    # The same archive copy as the citation itself is what the list is for.
    moved = f'"{archive}", publisher: Internet Archive'
    (warning,) = compile_at(mini({"dossier/locations.yml": locations(moved)})).problems
    assert "'web.archive.org' is an archive copy" in warning.message
    assert warning.hint == "put the original address in 'url:' and keep the archive copy as 'via:'"


def test_a_project_list_adds_hosts_and_allows_one(mini: Make) -> None:
    cites = (
        '"https://news.example.net/story", publisher: Example',
        '"https://official.blogspot.com/statement", publisher: The Official',
        '"https://someone.blogspot.com/post", publisher: Someone',
    )
    project = mini(
        {
            "dossier/locations.yml": locations(*cites),
            "dossier/weak-hosts.txt": (
                "# hosts this dossier does not cite\n"
                "example.net   farm   rewrites agency copy without credit\n"
                "official.blogspot.com  allow  the minister's own blog: a primary source\n"
            ),
        }
    )
    result = check(project)
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "dossier/locations.yml:7:14: warning: 'news.example.net' is a content farm, not the "
        "original publisher: rewrites agency copy without credit "
        "(listed in dossier/weak-hosts.txt:2)"
    )
    assert lines[2].startswith(
        "dossier/locations.yml:9:14: warning: 'someone.blogspot.com' is a blog"
    )
    assert lines[-1].startswith("0 error(s), 3 warning(s)")  # and the archive reminder


def test_a_bad_line_in_the_project_list_is_an_error_at_its_position(mini: Make) -> None:
    project = mini(
        {
            "dossier/weak-hosts.txt": (
                "https://example.net/x farm a URL, not a host\n"
                "example.org  fram  typo\n"
                "example.com  farm\n"
            )
        }
    )
    assert messages(compile_at(project)) == [
        "dossier/weak-hosts.txt:1:1: error: 'https://example.net/x' is not a host name\n"
        "    hint: write the host alone, without https:// or a path, e.g. 'example.com'",
        "dossier/weak-hosts.txt:2:14: error: 'fram' is not a category\n"
        "    hint: did you mean 'farm'?",
        "dossier/weak-hosts.txt:3:1: error: 'example.com' has no reason\n"
        "    hint: say why after the category, so a reviewer can check it",
    ]


def test_the_packaged_list_is_well_formed() -> None:
    problems = Problems()
    hosts = read_list(PACKAGE_LIST, "weak-hosts.txt", problems, allow=False)
    assert list(problems) == []
    assert len(hosts) > 40
    assert listed("kids.kiddle.co", hosts) is not None  # subdomains are covered
    assert listed("en.wikipedia.org", hosts) is None
    assert listed("dawn.com", hosts) is None  # 'wn.com' matches whole labels only


def test_a_citation_needs_a_publisher_and_a_note_needs_a_source(mini: Make) -> None:
    claims = MINI["dossier/claims.yml"] + (
        "  context:\n"
        "    - text: Later reporting.\n"
        "    - text: Later reporting, cited.\n"
        f"      cite: [{{url: '{ORIGINAL}'}}]\n"
    )
    assert messages(compile_at(mini({"dossier/claims.yml": claims}))) == [
        "dossier/claims.yml:5:7: error: context[0]: a context note needs 'cite' "
        "(its sources) or 'unverified' (why none)\n"
        "    hint: change the value as the message says; 'dossier fields' lists every field",
        "dossier/claims.yml:7:14: error: missing required key 'publisher'\n"
        "    hint: add it; 'dossier fields' lists every field and what it holds",
    ]


def test_the_page_shows_publisher_agency_date_and_unverified(mini: Make, tmp_path: Path) -> None:
    via = "https://web.archive.org/web/2015/https://metro.co.uk/story"
    claims = MINI["dossier/claims.yml"] + (
        "  context:\n"
        "    - text: 'Later reporting: rebels fired at the crew.'\n"
        "      cite:\n"
        "        - {url: 'https://metro.co.uk/story', publisher: Metro,"
        " agency: Associated Press, published: 2015-11-24, note: The spokesman to AP.,"
        f" via: '{via}'}}\n"
        f"        - {{url: '{ORIGINAL}', publisher: Wikipedia}}\n"
        "        - {url: 'https://example.org/living', publisher: Example Gazetteer,"
        " accessed: 2024-05}\n"
        "    - text: The navigator said there were no warnings.\n"
        "      unverified: seen only behind a short link.\n"
    )
    project = mini({"dossier/claims.yml": claims})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    page = (tmp_path / "site" / "claims" / "entered-airspace" / "index.html").read_text()
    assert (
        '<span class="dossier-cite-by">Associated Press via <cite>Metro</cite>, '
        '<time datetime="2015-11-24">November 24, 2015</time>:</span> '
        '<a href="https://metro.co.uk/story" rel="nofollow noopener noreferrer">'
        "The spokesman to AP.</a>"
    ) in page
    assert "(read in a copy at web.archive.org)" in page
    assert f'href="{via}"' not in page  # a copy is recorded, never linked
    assert '<cite>Wikipedia</cite>, <span class="dossier-muted">undated</span>:' in page
    assert "<cite>Example Gazetteer</cite>, retrieved May 2024:" in page
    assert (
        '<div class="dossier-context dossier-context--unverified"><p>'
        '<span class="dossier-badge dossier-badge--unverified">unverified</span> '
        "The navigator said there were no warnings.</p>"
        '<p class="dossier-muted">Not verified: seen only behind a short link.</p>'
    ) in page


def test_strict_build_fails_on_a_weak_host(mini: Make, tmp_path: Path) -> None:
    project = mini({"dossier/locations.yml": locations(f'"{COPY}", publisher: WordDisk')})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "dossier/locations.yml:7:14: warning: 'worddisk.com' is a copy" in result.stderr
