"""`dossier diff BASE`: what a branch changes in the dossier, as Markdown for a pull request.

Flow: `git archive BASE` of the dossier and docs directories into a temporary
directory -> both trees compiled by the same pipeline as the build -> claims,
stances, disputes and entities compared by their ids and quotes -> Markdown.

The Markdown goes into the pull request's step summary, which GitHub renders: every
value from the dossier goes through `safetext.markdown_text`, so a name or a quote
shows as written and never becomes an image, a link, a heading or raw HTML.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from . import quotemarks
from .pipeline import Compiled, Project, compile_dossier
from .safetext import markdown_text as md
from .safetext import visible


class ReviewError(Exception):
    """Git could not give us the base tree."""


@dataclass(frozen=True, slots=True)
class StanceKey:
    claim: str
    stance: str
    speaker: str
    source: str
    quote: str


def base_project(project: Project, base: str) -> tuple[Project, tempfile.TemporaryDirectory[str]]:
    """The project as it is at git revision `base`, unpacked into a temporary directory."""
    top = Path(_git(project.root, "rev-parse", "--show-toplevel").decode().strip())
    parts = []
    for directory in (project.dossier_dir, project.docs_dir):
        try:
            parts.append(directory.resolve().relative_to(top.resolve()).as_posix())
        except ValueError as err:
            raise ReviewError(f"{directory} is not inside the git repository {top}") from err
    archive = _git(top, "archive", "--format=tar", base, "--", *parts)
    temp = tempfile.TemporaryDirectory(prefix="dossier-diff-")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(temp.name, filter="data")
    root = Path(temp.name)
    # The same options as the tree's own (budget, image hosts, addresses), other places.
    return replace(project, root=root, dossier_dir=root / parts[0], docs_dir=root / parts[1]), temp


def _git(cwd: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as err:
        raise ReviewError(f"cannot run git: {err}") from err
    if result.returncode != 0:
        raise ReviewError(result.stderr.decode(errors="replace").strip() or "git failed")
    return result.stdout


def stance_keys(compiled: Compiled) -> dict[StanceKey, str]:
    """Every stance, keyed by what it says; the value is its claim's statement."""
    keys = {}
    assert compiled.index is not None
    for claim_id, info in compiled.index.claims.items():
        for ref in info.stances:
            speaker = compiled.dossier.actors[ref.speaker].name if ref.speaker else "the outlet"
            key = StanceKey(claim_id, ref.stance, speaker, ref.passage.source_id, ref.passage.quote)
            keys[key] = md(compiled.dossier.claims[claim_id].statement)
    return keys


def dispute_keys(compiled: Compiled) -> dict[tuple[str, ...], str]:
    assert compiled.contest is not None
    names = {k: a.name for k, a in compiled.dossier.actors.items()}

    def sides(camp_sides: list[str | None]) -> str:
        return ", ".join(md(names.get(s or "", "the outlet")) for s in camp_sides)

    return {
        d.claim_ids: f"{sides(d.camps[0].sides)} vs {sides(d.camps[1].sides)}"
        for d in compiled.contest.disputes
    }


def diff_markdown(base: Compiled, head: Compiled, base_name: str) -> str:
    """A review summary; both dossiers must have compiled cleanly."""
    base_shown = visible(base_name).replace("`", "'")  # in a code span, only ` is special
    out = [f"## Dossier changes against `{base_shown}`", ""]
    counts = []
    for kind in ("sources", "actors", "locations", "claims"):
        before, after = base.dossier.of_kind(kind), head.dossier.of_kind(kind)
        added = sorted(after.keys() - before.keys())
        removed = sorted(before.keys() - after.keys())
        changed = sorted(k for k in after.keys() & before.keys() if after[k] != before[k])
        if added or removed or changed:
            counts.append(f"**{kind}**: +{len(added)} −{len(removed)} ~{len(changed)}")
            for label, ids in (("added", added), ("removed", removed), ("changed", changed)):
                if ids:
                    out.append(f"- {kind} {label}: " + ", ".join(f"`{i}`" for i in ids))
    if counts:
        out.insert(2, " · ".join(counts))
        out.insert(3, "")

    disputes_before, disputes_after = dispute_keys(base), dispute_keys(head)
    lines = []
    for key in disputes_after.keys() - disputes_before.keys():
        lines.append(f"- **new dispute** on {_claims(head, key)}: {disputes_after[key]}")
    for key in disputes_before.keys() - disputes_after.keys():
        lines.append(f"- **no longer disputed**: {_claims(base, key)}: {disputes_before[key]}")
    for key in disputes_after.keys() & disputes_before.keys():
        if disputes_after[key] != disputes_before[key]:
            lines.append(
                f"- **sides changed** on {_claims(head, key)}: {disputes_before[key]} → "
                f"{disputes_after[key]}"
            )
    if lines:
        out += ["", "### Disputes", "", *sorted(lines)]

    stances_before, stances_after = stance_keys(base), stance_keys(head)
    lines = [
        f"- ➕ {md(k.speaker)} {k.stance} *{stances_after[k]}* — {quoted(k.quote)} (`{k.source}`)"
        for k in stances_after.keys() - stances_before.keys()
    ] + [
        f"- ➖ {md(k.speaker)} {k.stance} *{stances_before[k]}* — {quoted(k.quote)} (`{k.source}`)"
        for k in stances_before.keys() - stances_after.keys()
    ]
    if lines:
        out += ["", "### Stances", "", *sorted(lines)]
    if len(out) == 2:
        out.append("No change to the dossier's records, stances or disputes.")
    return "\n".join(out) + "\n"


def quoted(quote: str) -> str:
    """A quote in one pair of marks (its own, if it has them), safe in Markdown."""
    return md(quotemarks.enclose(quote))


def _claims(compiled: Compiled, claim_ids: tuple[str, ...]) -> str:
    return " vs ".join(f"*{md(compiled.dossier.claims[c].statement)}*" for c in claim_ids)


def compile_base(project: Project, base: str) -> Compiled:
    base_proj, temp = base_project(project, base)
    with temp:
        return compile_dossier(base_proj)
