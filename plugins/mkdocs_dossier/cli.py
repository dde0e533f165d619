"""The `dossier` command, on the same core as the build.

- `dossier check [--format text|github|json]`: validate dossier/ and content/ as the
  build does, without building. Exit 0 clean, 1 problems found, 2 could not run.
- `dossier diff BASE`: what this tree changes against git revision BASE, as Markdown.
- `dossier schema [--check]`: write (or check) the JSON Schemas of the dossier files
  into the project's dossier/schemas/.
- `dossier new DIR`: a new dossier project that builds at once, to fill in.
- `dossier fields`: the field reference (every key of every file), as Markdown.
- `dossier repairs FILE`: propose `repairs` entries for mojibake in an article.
- `dossier import FILE [--id ID]`: a page saved from the web, or a text file, becomes a
  source: its text, its metadata, the file as received (`importer`).
- `dossier coverage [--format text|json]`: per source, the quotations, attributed
  statements and names that no annotation covers yet, and the share covered (`coverage`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .archives import remind_unarchived
from .coverage import as_json as coverage_json
from .coverage import as_text as coverage_text
from .coverage import measure_all
from .fieldref import as_markdown as fields_markdown
from .mojibake import propose_repairs
from .pipeline import Project, compile_dossier
from .plugin import load_project
from .projectconfig import ConfigError, find_config
from .report import as_github, as_json, as_text
from .review import ReviewError, compile_base, diff_markdown
from .safetext import visible
from .safewrite import WriteRefused
from .scaffold import ScaffoldError, create_project
from .schema import stale_schemas, write_schemas
from .terminal import say, say_json

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="dossier", description="The annotated news dossier.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the dossier without building the site")
    _config_option(check)
    check.add_argument("--format", choices=("text", "github", "json"), default="text")
    diff = commands.add_parser("diff", help="summarise changes against a git revision")
    _config_option(diff)
    diff.add_argument("base", help="a git revision, e.g. origin/main")
    schema = commands.add_parser("schema", help="write the JSON Schemas of the dossier files")
    _config_option(schema)
    schema.add_argument("--check", action="store_true", help="fail if they are out of date")
    new = commands.add_parser("new", help="start a new dossier project in an empty directory")
    new.add_argument("directory", type=Path, help="where to create it (absent or empty)")
    new.add_argument("--title", help="the site's title (default: from the directory's name)")
    commands.add_parser("fields", help="print every field of every dossier file, as Markdown")
    repairs = commands.add_parser("repairs", help="propose repairs for mojibake in an article")
    repairs.add_argument("article", type=Path, help="the article file, e.g. content/articles/x.txt")
    importing = commands.add_parser("import", help="bring in an article saved from the web")
    _config_option(importing)
    importing.add_argument("file", type=Path, help="the saved page (.html) or a text file")
    importing.add_argument("--id", dest="source_id", help="the source id (default: from the title)")
    archiving = commands.add_parser(
        "archive", help="save each cited page with no archived copy in the Wayback Machine"
    )
    _config_option(archiving)
    archiving.add_argument("--endpoint", default="https://web.archive.org",
                           help="the archive's address (default: the Wayback Machine)")  # fmt: skip
    archiving.add_argument("--delay", type=float, default=5.0,
                           help="seconds between requests (the archive limits them)")  # fmt: skip
    coverage = commands.add_parser("coverage", help="list what no annotation covers yet")
    _config_option(coverage)
    coverage.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    commands_by_name: dict[str, Callable[[], int]] = {
        "check": lambda: _check(_project(args.config), args.format),
        "diff": lambda: _diff(_project(args.config), args.base),
        "schema": lambda: _schema(_project(args.config), args.check),
        "fields": _fields,
        "new": lambda: _new(args.directory, args.title),
        "repairs": lambda: _repairs(args.article),
        "import": lambda: _import(_project(args.config), args.file, args.source_id),
        "coverage": lambda: _coverage(_project(args.config), args.format),
        "archive": lambda: _archive(_project(args.config), args.endpoint, args.delay),
    }
    try:
        return commands_by_name[args.command]()
    except (ConfigError, ReviewError, WriteRefused) as err:
        say(f"dossier: {err}", err=True)
        return 2


class _Parser(argparse.ArgumentParser):
    """argparse, printing its usage and errors (which echo what was typed) through `say`."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            say(message, err=file is not sys.stdout, end="")


def _new(directory: Path, title: str | None) -> int:
    title = title or directory.resolve().name.replace("-", " ").replace("_", " ").capitalize()
    try:
        written = create_project(directory, title)
    except (ScaffoldError, OSError) as err:
        say(f"dossier: {err}", err=True)
        return 2
    say(f"created {directory} ({len(written)} files). Next:")
    say(f"  cd {directory} && mkdocs serve -f site_config.yml")
    say("  then replace the example article and records; README.md says how")
    return 0


def _fields() -> int:
    say(fields_markdown(), end="")
    return 0


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f",
        "--config-file",
        dest="config",
        type=Path,
        help="the MkDocs config (default: site_config.yml or mkdocs.yml here)",
    )


def _project(config: Path | None) -> Project:
    config = config or find_config(Path.cwd())
    if config is None:
        raise ConfigError("no site_config.yml or mkdocs.yml here; pass -f CONFIG")
    return load_project(config)


def _check(project: Project, output: str) -> int:
    compiled = compile_dossier(project)
    if project.archive_reminders:
        remind_unarchived(compiled)
    problems = compiled.problems.sorted()
    errors, warnings = len(compiled.problems.errors), len(compiled.problems.warnings)
    dossier = compiled.dossier
    summary = {
        "errors": errors,
        "warnings": warnings,
        "sources": len(dossier.sources),
        "actors": len(dossier.actors),
        "locations": len(dossier.locations),
        "claims": len(dossier.claims),
        "annotations": sum(len(a) for a in dossier.annotations.values()),
    }
    if output == "json":
        say_json(as_json(problems, summary))
    else:
        lines = as_github(problems) if output == "github" else as_text(problems)
        for line in lines:
            say(line)
        say(
            f"{errors} error(s), {warnings} warning(s) in {summary['sources']} sources, "
            f"{summary['actors']} actors, {summary['locations']} locations, "
            f"{summary['claims']} claims, {summary['annotations']} annotations"
        )
    return 1 if errors else 0


def _diff(project: Project, base: str) -> int:
    head = compile_dossier(project)
    if not head.ok:
        for line in as_text(head.problems.sorted()):
            say(line, err=True)
        say("dossier: this tree has errors; run 'dossier check'", err=True)
        return 1
    before = compile_base(project, base)
    if not before.ok:
        say(f"dossier: the dossier at {base} does not compile; cannot compare", err=True)
        return 2
    say(diff_markdown(before, head, base), end="")
    return 0


def _schema(project: Project, check: bool) -> int:
    if check:
        stale = stale_schemas(project.dossier_dir)
        for path in stale:
            say(f"{project.shown(path)}: out of date; run 'dossier schema'")
        return 1 if stale else 0
    for path in write_schemas(project.root, project.dossier_dir):
        say(f"wrote {project.shown(path)}")
    return 0


def _archive(project: Project, endpoint: str, delay: float) -> int:
    from .archiving import archive, wayback_saver  # noqa: PLC0415

    try:
        saver = wayback_saver(endpoint)
    except ValueError as err:
        say(f"dossier: {err}", err=True)
        return 2
    done, problems = archive(project.dossier_dir, project.root, saver, max(0.0, delay))
    for line in as_text(problems.sorted()):
        say(line)
    for url, snapshot in done.snapshots.items():
        say(f"archived {visible(url)} -> {visible(snapshot)}")
    for url, why in done.failed.items():
        say(f"not archived: {visible(url)}: {visible(why)}")
    for path in done.written:
        say(f"wrote {project.shown(path)}")
    if not done.snapshots and not done.failed:
        say("every cited page has an archived copy")
    return 1 if done.failed or problems.errors else 0


def _import(project: Project, file: Path, source_id: str | None) -> int:
    # Imported here, so that trafilatura (slow to import) loads for this command only.
    from .importer import ImportRefused, import_article  # noqa: PLC0415

    try:
        imported = import_article(
            file, project.root, project.dossier_dir, project.docs_dir, source_id
        )
    except ImportRefused as err:
        say(f"dossier: {err}", err=True)
        return 2
    for path in imported.written:
        say(f"wrote {project.shown(path)}")
    for item in imported.missing:
        say(f"not found: {visible(item)}")
    for warning in imported.warnings:
        say(f"warning: {visible(warning)}")
    for proposal in imported.repairs:
        say(
            f"mojibake at line {proposal.line}:{proposal.col}: '{visible(proposal.find)}' reads "
            f"as '{visible(proposal.replace)}' ({proposal.code_page}); a repair is proposed in "
            "the source file"
        )
    compiled = compile_dossier(project)
    shown = {project.shown(path) for path in imported.written}
    mine = [p for p in compiled.problems.sorted() if p.position.path in shown]
    for line in as_text(mine):
        say(line)
    others = len(compiled.problems.errors) - sum(p.severity == "error" for p in mine)
    if others:
        say(f"({others} error(s) elsewhere in the dossier: run 'dossier check')")
    say(
        f"next: annotate it in {project.shown(project.dossier_dir)}/annotations/"
        f"{imported.source_id}.yml; 'dossier coverage' lists what is left"
    )
    return 1 if any(p.severity == "error" for p in mine) else 0


def _coverage(project: Project, output: str) -> int:
    compiled = compile_dossier(project)
    if not compiled.ok:
        for line in as_text(compiled.problems.sorted()):
            say(line, err=True)
        say("dossier: the dossier has errors; fix them first ('dossier check')", err=True)
        return 1
    reports = measure_all(compiled)
    if output == "json":
        say_json(coverage_json(reports))
    else:
        for line in coverage_text(reports):
            say(line)
    return 0


def _repairs(article: Path) -> int:
    try:
        text = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        say(f"dossier: cannot read {article}: {err}", err=True)
        return 2
    proposals = propose_repairs(text)
    for proposal in proposals:
        say(
            visible(
                f"{article}:{proposal.line}:{proposal.col}: '{proposal.find}' reads as "
                f"'{proposal.replace}' ({proposal.code_page}, {proposal.count}x)"
            )
        )
    if proposals:
        say("\nTo apply them, add to the source in dossier/sources.yml, after review:")
        say("  repairs:")
        for proposal in proposals:
            say("    " + "\n    ".join(visible(row) for row in proposal.as_yaml().split("\n")))
    else:
        say(f"{article}: no mojibake found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
