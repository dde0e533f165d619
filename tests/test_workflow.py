"""The editors' loop: `dossier check` in every output format, the JSON Schemas, `dossier diff`,
and a live `mkdocs serve` that survives a broken edit."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import MINI, REPO, copy_repo_dossier, mkdocs_serve, run_mkdocs_build
from mkdocs_dossier.schema import FILE_KINDS, schema_path, stale_schemas

Make = Callable[..., Path]


def dossier(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_dossier", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def broken(mini: Make) -> Path:
    return mini(
        {
            "dossier/actors.yml": MINI["dossier/actors.yml"].replace(
                "aliases: [Ankara]", "alias: [Ankara]"
            ),
            "dossier/annotations/a.yml": MINI["dossier/annotations/a.yml"].replace(
                "by: russia", "by: rusia"
            ),
        }
    )


def test_check_passes_on_the_seed_dossier() -> None:
    result = dossier("check", cwd=REPO)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("0 error(s), 0 warning(s) in 2 sources")


def test_check_reports_each_problem_with_its_position(mini: Make) -> None:
    result = dossier("check", cwd=broken(mini))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "dossier/actors.yml:7:3: error: unknown key 'alias'"
    assert lines[1] == "    hint: did you mean 'aliases'?"
    assert lines[2] == "dossier/annotations/a.yml:6:53: error: unknown actor 'rusia'"
    # The one warning: the source has no archived copy (`dossier check`'s reminder).
    assert lines[-1].startswith("2 error(s), 1 warning(s)")


def test_github_format_is_workflow_commands(mini: Make) -> None:
    result = dossier("check", "--format", "github", cwd=broken(mini))
    assert result.returncode == 1
    command = re.compile(
        r"^::(error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
        r"title=dossier check::(?P<message>.*)$"
    )
    parsed = [command.match(line) for line in result.stdout.splitlines()[:-1]]
    assert all(parsed), result.stdout
    first = parsed[0]
    assert first is not None
    assert (first["file"], first["line"], first["col"]) == ("dossier/actors.yml", "7", "3")
    assert first["message"] == "unknown key 'alias'%0Ahint: did you mean 'aliases'?"


def test_json_format(mini: Make) -> None:
    result = dossier("check", "--format", "json", cwd=broken(mini))
    data = json.loads(result.stdout)
    assert data["summary"]["errors"] == 2
    assert data["problems"][1] == {
        "path": "dossier/annotations/a.yml",
        "line": 6,
        "col": 53,
        "severity": "error",
        "message": "unknown actor 'rusia'",
        "hint": "did you mean 'russia'?",
    }


def test_check_cannot_run_without_a_config(tmp_path: Path) -> None:
    result = dossier("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "no site_config.yml or mkdocs.yml here" in result.stderr


def test_committed_schemas_are_up_to_date() -> None:
    assert stale_schemas(REPO / "dossier") == [], "run 'dossier schema' and commit the result"


def test_schema_writes_into_the_project_and_checks_it(mini: Make) -> None:
    project = mini()
    result = dossier("schema", "--check", cwd=project)
    assert result.returncode == 1
    assert "dossier/schemas/actors.schema.json: out of date" in result.stdout
    assert dossier("schema", cwd=project).returncode == 0
    assert stale_schemas(project / "dossier") == []
    assert dossier("schema", "--check", cwd=project).returncode == 0


def test_every_dossier_file_names_its_schema_and_passes_check_jsonschema() -> None:
    for path in sorted((REPO / "dossier").rglob("*.yml")):
        kind = path.parent.name if path.parent.name != "dossier" else path.stem
        assert kind in FILE_KINDS
        first = path.read_text(encoding="utf-8").splitlines()[0]
        relative = os.path.relpath(schema_path(REPO / "dossier", kind), path.parent)
        assert first == f"# yaml-language-server: $schema={relative}", path
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "check_jsonschema",
                "--schemafile",
                str(schema_path(REPO / "dossier", kind)),
                str(path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_rejects_what_the_model_rejects(tmp_path: Path) -> None:
    bad = tmp_path / "actors.yml"
    bad.write_text("putin:\n  name: Vladimir Putin\n  kind: person\n  aliasses: [Putin]\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(schema_path(REPO / "dossier", "actors")),
            str(bad),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "aliasses" in result.stdout


def test_diff_summarises_a_branch_for_review(tmp_path: Path) -> None:
    project = copy_repo_dossier(tmp_path / "project")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=project, check=True)
    annotations = project / "dossier/annotations/maltatoday-putin-warns.yml"
    text = annotations.read_text()
    # Stoltenberg no longer asserts the airspace claim; a new stance denies it instead.
    before = (
        "- claim: su24-entered-turkish-airspace\n      stance: asserts\n      by: stoltenberg\n"
    )
    assert before in text  # the seed's stance (in block form: it carries its date's citation)
    text = text.replace(before, before.replace("asserts", "denies"))
    annotations.write_text(text)
    result = dossier("diff", "HEAD", cwd=project)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("## Dossier changes against `HEAD`")
    assert "- ➕ Jens Stoltenberg denies *The Su-24 entered Turkish airspace" in out
    assert "- ➖ Jens Stoltenberg asserts *The Su-24 entered Turkish airspace" in out
    assert "**sides changed**" in out


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[bytes]]]:
    project = copy_repo_dossier(tmp_path / "project")
    with mkdocs_serve(project) as (base, process):
        wait_for(base + "sources/maltatoday-putin-warns/", lambda page: "Annotations" in page)
        yield project, base, process


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, condition: Callable[[str], bool], seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        try:
            page = fetch(url)
            if condition(page):
                return page
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed what was expected; last page:\n{page[-2000:]}")


def test_serve_rebuilds_on_an_annotation_edit_and_survives_a_broken_one(
    served: tuple[Path, str, subprocess.Popen[bytes]],
) -> None:
    project, base, process = served
    url = base + "sources/maltatoday-putin-warns/"
    annotations = project / "dossier/annotations/maltatoday-putin-warns.yml"
    original = annotations.read_text()

    assert '  note: "' in original
    annotations.write_text(original.replace('  note: "', '  note: "Edited in a live preview. ', 1))
    wait_for(url, lambda page: "Edited in a live preview" in page)

    annotations.write_text(original + "- quote: The marine\n  bogus: 1\n")
    page = wait_for(url, lambda page: "dossier-build-errors" in page)
    assert "dossier/annotations/maltatoday-putin-warns.yml:" in page
    assert "unknown key &#x27;bogus&#x27;" in page
    assert "Annotations" in page  # the last version that built is still there
    assert process.poll() is None

    annotations.write_text(original)
    page = wait_for(url, lambda page: "dossier-build-errors" not in page)
    assert "Edited in a live preview" not in page
    assert process.poll() is None


def test_check_reads_the_config_as_mkdocs_does(mini: Make) -> None:
    """INHERIT, !ENV and !relative in the config mean to `dossier check` what they mean
    to `mkdocs build`: here the dossier lives in another directory, named by the base."""
    project = broken(mini)
    (project / "dossier").rename(project / "annotations-of-record")
    base = MINI["site_config.yml"].replace(
        "  - dossier\n", "  - dossier:\n      dossier_dir: !ENV [DOSSIER_DIR, nowhere]\n"
    )
    (project / "base.yml").write_text(base, encoding="utf-8")
    (project / "site_config.yml").write_text("INHERIT: base.yml\nsite_name: Child\n")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_dossier", "check"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "DOSSIER_DIR": "annotations-of-record"},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith("annotations-of-record/actors.yml:"), result.stdout


def test_a_config_without_the_plugin_cannot_be_checked(mini: Make) -> None:
    project = mini({"site_config.yml": MINI["site_config.yml"].replace("  - dossier\n", "")})
    result = dossier("check", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith("dossier: ")
    assert "site_config.yml" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_plugin_can_be_switched_off(mini: Make, tmp_path: Path) -> None:
    config = MINI["site_config.yml"].replace(
        "  - dossier\n", "  - dossier:\n      enabled: false\n"
    )
    project = broken(mini)  # its errors do not matter: the dossier is not built
    (project / "site_config.yml").write_text(config, encoding="utf-8")
    (project / "content/index.md").write_text("# Mini\n", encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/index.html").is_file()
    assert not (tmp_path / "site/actors").exists()
