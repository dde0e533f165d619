"""`dossier check`: validate dossier/ and content/ exactly as the build does, without building.

Exit codes: 0 clean, 1 problems found, 2 could not run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .pipeline import Project, compile_dossier


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dossier", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the dossier without building the site")
    check.add_argument("--root", type=Path, default=Path("."), help="project root (default: .)")
    check.add_argument("--dossier-dir", default="dossier", help="relative to the root")
    check.add_argument("--docs-dir", default="content", help="relative to the root")
    args = parser.parse_args(argv)

    root = args.root.resolve()
    if not root.is_dir():
        print(f"dossier: {args.root} is not a directory", file=sys.stderr)
        return 2
    compiled = compile_dossier(Project(root, root / args.dossier_dir, root / args.docs_dir))
    for problem in compiled.problems.sorted():
        print(problem)
    errors, warnings = len(compiled.problems.errors), len(compiled.problems.warnings)
    dossier = compiled.dossier
    print(
        f"{errors} error(s), {warnings} warning(s); "
        f"{len(dossier.sources)} sources, {len(dossier.actors)} actors, "
        f"{len(dossier.locations)} locations, {len(dossier.claims)} claims, "
        f"{sum(len(a) for a in dossier.annotations.values())} annotations"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
