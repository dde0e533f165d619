"""`dossier archive`: ask the Wayback Machine to save each cited page that has no
archived copy, and write the snapshots' addresses back into the YAML.

Flow: the dossier's files (`load.dossier_files`), parsed with positions (`yamltree`) ->
each source record and each citation (a mapping with `url` and `publisher`) that has a
`url` and no `archive_url` -> one request a URL to `<endpoint>/save/<url>`, whose answer
names the snapshot (`Content-Location`, or the address it redirects to) -> an
`archive_url:` written beside each `url:`, as a line of its own in a block mapping or as
one more pair in a flow mapping: the rest of the file, comments and layout, stays as it
was. Written through `safewrite`. Run by an editor with network access; the build
never goes online.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .archives import check_snapshot
from .load import dossier_files, yaml_text
from .problems import Problems
from .safewrite import write_all
from .yamltree import YMap, YNode, YScalar, YSeq, parse_yaml

WAYBACK = "https://web.archive.org"
TIMEOUT = 120.0  # a save can take a minute
_SNAPSHOT_PATH = re.compile(r"/web/([0-9]{14})/(https?://\S+)$")


@dataclass(frozen=True, slots=True)
class Spot:
    """A `url:` with no archived copy: its file, line, the key's column, and how the
    mapping is written (a block of lines, or `{...}` on one line)."""

    path: Path
    line: int
    col: int
    url: str
    flow: bool
    value_end: int  # the column just after the url's value, for a flow mapping


@dataclass(slots=True)
class Archived:
    snapshots: dict[str, str]  # url -> the snapshot's address
    failed: dict[str, str]  # url -> why not
    written: list[Path]


Saver = Callable[[str], str]  # url -> the snapshot's address; raises OSError or ValueError


def archive(
    dossier_dir: Path, root: Path, save: Saver, delay: float = 0.0
) -> tuple[Archived, Problems]:
    """Every cited URL without an archived copy saved (once each, `delay` seconds apart:
    the archive limits how fast one may ask) and its `archive_url` written."""
    problems = Problems()
    spots = list(_spots(dossier_dir, root, problems))
    result = Archived({}, {}, [])
    for number, url in enumerate(dict.fromkeys(spot.url for spot in spots)):
        if number and delay:
            time.sleep(delay)
        try:
            result.snapshots[url] = check_snapshot(save(url))
        except (OSError, ValueError) as err:
            result.failed[url] = str(err)
    edits: dict[Path, list[Spot]] = {}
    for spot in spots:
        if spot.url in result.snapshots:
            edits.setdefault(spot.path, []).append(spot)
    files = {path: _edited(path, found, result.snapshots) for path, found in edits.items()}
    result.written = write_all(root, files) if files else []
    return result, problems


def wayback_saver(endpoint: str = WAYBACK, timeout: float = TIMEOUT) -> Saver:
    """Asks `<endpoint>/save/<url>` and reads the snapshot it made from the answer."""

    def save(url: str) -> str:
        request = urllib.request.Request(
            f"{endpoint.rstrip('/')}/save/{url}", headers={"User-Agent": "mkdocs-dossier"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # http(s) only
            said = answer.headers.get("Content-Location") or answer.geturl()
        found = _SNAPSHOT_PATH.search(said or "")
        if found is None:
            raise ValueError(f"the archive named no snapshot (it answered {said!r})")
        return f"{WAYBACK}/web/{found.group(1)}/{found.group(2)}"

    if not endpoint.startswith(("http://", "https://")):
        raise ValueError(f"'{endpoint}' is not an http(s) address")
    return save


def _spots(dossier_dir: Path, root: Path, problems: Problems) -> Iterator[Spot]:
    for kind, path in dossier_files(dossier_dir, root, problems):
        shown, text = yaml_text(path, root, problems)
        if text is None:
            continue
        tree = parse_yaml(text, shown, problems)
        if tree is None:
            continue
        lines = text.splitlines()
        sources = tree.items.values() if kind == "sources" and isinstance(tree, YMap) else ()
        records = {id(node) for node in sources}
        for node in _maps(tree):
            is_citation = "publisher" in node.items
            if not (is_citation or id(node) in records) or "archive_url" in node.items:
                continue
            spot = _spot(path, node, lines)
            if spot is not None:
                yield spot


def _maps(node: YNode) -> Iterator[YMap]:
    """Every mapping in the tree, depth first."""
    if isinstance(node, YMap):
        yield node
        for value in node.items.values():
            yield from _maps(value)
    elif isinstance(node, YSeq):
        for item in node.items:
            yield from _maps(item)


def _spot(path: Path, node: YMap, lines: list[str]) -> Spot | None:
    """Where `archive_url` goes beside the mapping's one-line `url`; None: a url written
    over several lines, left for the editor."""
    value = node.items.get("url")
    key = node.key_pos.get("url")
    if not isinstance(value, YScalar) or key is None or "\n" in value.value:
        return None
    if value.pos.line != key.line:
        return None
    line = lines[key.line - 1]
    before = line[: key.col - 1].rstrip()
    flow = before.endswith(("{", ","))
    start = value.pos.col - 1
    if value.plain:
        end = start + len(value.value) if line[start:].startswith(value.value) else -1
    else:
        closing = line.find(line[start], start + 1) if start < len(line) else -1
        end = closing + 1 if closing > 0 else -1
    if flow and end < 0:
        return None
    return Spot(path, key.line, key.col, value.value, flow, end)


def _edited(path: Path, spots: list[Spot], snapshots: dict[str, str]) -> bytes:
    """The file with each spot's `archive_url` written, from the last spot up, so that
    each position still holds when it is reached."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for spot in sorted(spots, key=lambda s: (s.line, s.col), reverse=True):
        snapshot = snapshots[spot.url].replace("'", "''")  # YAML's single-quoted form
        line = lines[spot.line - 1]
        if spot.flow:
            lines[spot.line - 1] = (
                line[: spot.value_end] + f", archive_url: '{snapshot}'" + line[spot.value_end :]
            )
        else:
            ending = "\r\n" if line.endswith("\r\n") else "\n"
            if not line.endswith("\n"):
                lines[spot.line - 1] = line + ending
            indent = " " * (spot.col - 1)
            lines.insert(spot.line, f"{indent}archive_url: '{snapshot}'{ending}")
    return "".join(lines).encode("utf-8")
