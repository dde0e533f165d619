"""Warn on URLs in dossier/ whose host is not an original publisher: a copy of an
encyclopaedia, a content farm, a blog, a link shortener, an archive copy.

The hosts come from two plain files, one host a line with its category and reason:
the package's `data/weak-hosts.txt` (hosts that are weak for any dossier) and the
project's own `dossier/weak-hosts.txt`, whose entries add to it, or with `allow`
take a host off it. The most specific entry wins, so a project can allow one blog
on a listed blog platform. A citation's `via` and `archive_url` are never checked: they
record the copy the editor read, or kept, beside the original in `url`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from .load import read_text
from .problems import Position, Problems, did_you_mean
from .yamltree import YMap, YNode, YScalar, YSeq

PACKAGE_LIST = Path(__file__).parent / "data" / "weak-hosts.txt"
PROJECT_LIST = "weak-hosts.txt"  # in the dossier directory
MAX_LIST_BYTES = 1_000_000
URL = re.compile(r"https?://[^\s<>\"'()\[\]]+", re.IGNORECASE)
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")
# Article text is copied verbatim; `via` is the copy kept beside the original, and
# `archive_url` the snapshot kept beside it (`archives` checks its form).
UNCHECKED_KEYS = frozenset({"quote", "prefix", "suffix", "find", "replace", "via", "archive_url"})

# What each category is, and what to cite instead.
CATEGORIES: dict[str, tuple[str, str]] = {
    "mirror": (
        "a copy of an encyclopaedia",
        "cite the encyclopaedia article itself; if the copy is what you read, keep it as 'via:'",
    ),
    "farm": (
        "a content farm",
        "cite the original publisher of the fact; if none is known, drop the fact "
        "or mark it 'unverified:' with the reason",
    ),
    "aggregator": (
        "an aggregator",
        "cite the report on its publisher's own page ('agency:' names a wire agency)",
    ),
    "blog": (
        "a blog",
        "cite the news organisation or document the post relies on; keep the post as 'via:'",
    ),
    "fan-wiki": (
        "a fan wiki",
        "cite the original publisher of the fact; if none is known, drop the fact "
        "or mark it 'unverified:' with the reason",
    ),
    "shortener": (
        "a link shortener",
        "cite the full address of the page the short link leads to",
    ),
    "archive": (
        "an archive copy",
        "put the original address in 'url:' and keep the archive copy as 'via:'",
    ),
}
ALLOW = "allow"


@dataclass(frozen=True, slots=True)
class Entry:
    category: str
    reason: str
    listed_at: str  # file:line, for the message


def host_list(dossier_dir: Path, root: Path, problems: Problems) -> dict[str, Entry]:
    """The package's hosts with the project's own list (`dossier/weak-hosts.txt`) over them;
    each bad line of the project's list is an error at its position."""
    hosts = dict(package_hosts())
    project_file = dossier_dir / PROJECT_LIST
    if project_file.is_file():
        hosts.update(read_list(project_file, _shown(project_file, root), problems, allow=True))
    return hosts


def check_nodes(nodes: tuple[YNode, ...], hosts: dict[str, Entry], problems: Problems) -> None:
    """One warning per listed URL in one record, or in one source's annotations, at the
    URL's line and column: a step of its own, so an unchanged file is not checked again
    while the lists are the same."""
    for node in nodes:
        for scalar in _strings(node):
            for match in URL.finditer(scalar.value):
                _check_url(match.group(), scalar, match.start(), hosts, problems)


def _check_url(
    url: str, scalar: YScalar, index: int, hosts: dict[str, Entry], problems: Problems
) -> None:
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return  # not a URL after all; the model reports a malformed url field
    entry = listed(host, hosts)
    if entry is None or entry.category == ALLOW:
        return
    what, hint = CATEGORIES[entry.category]
    problems.warning(
        scalar.at(index),
        f"'{host}' is {what}, not the original publisher: {entry.reason} "
        f"(listed in {entry.listed_at})",
        hint,
    )


def listed(host: str, hosts: dict[str, Entry]) -> Entry | None:
    """The most specific entry for `host`: itself, else its parent domains in turn."""
    labels = host.lower().split(".")
    for i in range(len(labels) - 1):
        entry = hosts.get(".".join(labels[i:]))
        if entry is not None:
            return entry
    return None


def read_list(path: Path, shown: str, problems: Problems, allow: bool) -> dict[str, Entry]:
    """Parse a host list; each bad line is an error at its position, the rest still load."""
    text = read_text(path, shown, problems, MAX_LIST_BYTES)
    if text is None:
        return {}
    categories = [*CATEGORIES, ALLOW] if allow else list(CATEGORIES)
    hosts: dict[str, Entry] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0]
        parts = line.split(None, 2)
        if not parts:
            continue
        col = len(line) - len(line.lstrip()) + 1
        host = parts[0].lower().rstrip(".")
        if not HOST.match(host):
            problems.error(
                Position(shown, number, col),
                f"'{parts[0]}' is not a host name",
                "write the host alone, without https:// or a path, e.g. 'example.com'",
            )
            continue
        category = parts[1] if len(parts) > 1 else ""
        if category not in categories:
            at = Position(shown, number, line.index(category, col) + 1 if category else col)
            hint = did_you_mean(category, categories) or "categories: " + ", ".join(categories)
            problems.error(
                at,
                f"'{category}' is not a category"
                if category
                else "a category and a reason follow the host",
                hint,
            )
            continue
        if len(parts) < 3:
            problems.error(
                Position(shown, number, col),
                f"'{host}' has no reason",
                "say why after the category, so a reviewer can check it",
            )
            continue
        if host in hosts:
            problems.error(
                Position(shown, number, col),
                f"'{host}' is listed twice (first at {hosts[host].listed_at})",
                "keep one line per host",
            )
            continue
        hosts[host] = Entry(category, parts[2].strip(), f"{shown}:{number}")
    return hosts


@cache
def package_hosts() -> tuple[tuple[str, Entry], ...]:
    """The package's list, read once; its hosts are weak for any dossier."""
    problems = Problems()
    hosts = read_list(PACKAGE_LIST, "mkdocs_dossier/data/weak-hosts.txt", problems, allow=False)
    if problems.errors:  # a broken package file is a bug in the package, not in the dossier
        raise RuntimeError("\n".join(str(p) for p in problems.errors))
    return tuple(hosts.items())


def _strings(node: YNode) -> list[YScalar]:
    found: list[YScalar] = []
    stack: list[YNode] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, YScalar):
            found.append(current)
        elif isinstance(current, YSeq):
            stack.extend(current.items)
        elif isinstance(current, YMap):
            stack.extend(v for k, v in current.items.items() if k not in UNCHECKED_KEYS)
    return found


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
