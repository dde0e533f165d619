"""The `dossier` command.

- `dossier check`: validate dossier/ and content/ exactly as the build does, without
  building. Exit codes: 0 clean, 1 problems found, 2 could not run.
- `dossier repairs FILE`: propose `repairs` entries for mojibake in an article.
- `dossier basemap TOPOJSON --bbox W,S,E,N`: cut the 1:10m detail basemap from
  world-atlas's countries-10m.json (`npm pack world-atlas@2.0.2`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .geo import DATA, cut_detail
from .mojibake import propose_repairs
from .pipeline import Project, compile_dossier


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dossier", description="The annotated news dossier.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the dossier without building the site")
    check.add_argument("--root", type=Path, default=Path("."), help="project root (default: .)")
    check.add_argument("--dossier-dir", default="dossier", help="relative to the root")
    check.add_argument("--docs-dir", default="content", help="relative to the root")
    repairs = commands.add_parser("repairs", help="propose repairs for mojibake in an article")
    repairs.add_argument("article", type=Path, help="the article file, e.g. content/articles/x.txt")
    basemap = commands.add_parser("basemap", help="cut the 1:10m detail basemap")
    basemap.add_argument("topojson", type=Path, help="world-atlas countries-10m.json")
    basemap.add_argument("--bbox", required=True, help="west,south,east,north in degrees")
    args = parser.parse_args(argv)
    if args.command == "repairs":
        return _repairs(args.article)
    if args.command == "basemap":
        return _basemap(args.topojson, args.bbox)
    return _check(args)


def _basemap(topojson: Path, bbox: str) -> int:
    try:
        west, south, east, north = (float(v) for v in bbox.split(","))
        topology = json.loads(topojson.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        print(f"dossier: {err}", file=sys.stderr)
        return 2
    data = cut_detail(topology, (west, south, east, north), "world-atlas@2.0.2 countries-10m.json")
    target = DATA / "countries-10m-detail.json"
    target.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {target} ({target.stat().st_size} bytes, {len(data['countries'])} countries)")
    return 0


def _repairs(article: Path) -> int:
    try:
        text = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        print(f"dossier: cannot read {article}: {err}", file=sys.stderr)
        return 2
    proposals = propose_repairs(text)
    for proposal in proposals:
        print(
            f"{article}:{proposal.line}:{proposal.col}: '{proposal.find}' reads as "
            f"'{proposal.replace}' ({proposal.code_page}, {proposal.count}x)"
        )
    if proposals:
        print("\nTo apply them, add to the source in dossier/sources.yml, after review:")
        print("  repairs:")
        for proposal in proposals:
            print("    " + proposal.as_yaml().replace("\n", "\n    "))
    else:
        print(f"{article}: no mojibake found")
    return 0


def _check(args: argparse.Namespace) -> int:
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
