"""When each annotation was written and last changed, from the project's git history.

Flow: the annotation files and the first line of each record in them (`Compiled.origins`)
-> one `git blame` a file -> for each record, the earliest and the latest commit among its
lines, as W3C `created` and `modified` (`exports.web_annotations`). A line edited and not
yet committed counts as changed at `now`. Where the project is not a git work tree, or git
is missing, slow or refuses, there is no history and the export says the build's time.

It exists because an annotation's dates are facts about its record, and the repository
already keeps them: nothing needs writing by hand. Bounded: one process a file (a few at
once), each with a time limit, and none once the whole budget of time is spent.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

PER_FILE_SECONDS = 20.0
TOTAL_SECONDS = 60.0  # then the remaining records say the build's time
_UNCOMMITTED = "0" * 40
_HEADER = re.compile(r"^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$")


@dataclass(frozen=True, slots=True)
class Written:
    """When a record was first written and last changed (UTC, to the second), and the
    commits its lines were last changed in, newest first."""

    created: datetime.datetime
    modified: datetime.datetime
    commits: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    when: datetime.datetime  # its author's time
    subject: str  # the first line of its message


@dataclass(frozen=True, slots=True)
class History:
    """What git says of the dossier's records: by (file, the record's first line)."""

    records: Mapping[tuple[str, int], Written] = field(default_factory=dict)
    commits: Mapping[str, Commit] = field(default_factory=dict)


def build_time() -> datetime.datetime:
    """The build's time: `SOURCE_DATE_EPOCH` where set (a reproducible build), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else int(time.time())
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def record_history(
    root: Path, starts: Mapping[str, Sequence[int]], now: datetime.datetime
) -> History:
    """For each file (relative to `root`) and each record starting at one of `starts`,
    when it was written; a file git cannot tell about is left out."""
    if not starts or not _in_work_tree(root):
        return History()
    deadline = time.monotonic() + TOTAL_SECONDS

    def blamed(path: str) -> _Blame:
        left = deadline - time.monotonic()
        return _blame(root, path, now, min(left, PER_FILE_SECONDS)) if left > 0 else _Blame()

    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        every = dict(zip(starts, pool.map(blamed, starts), strict=True))
    records: dict[tuple[str, int], Written] = {}
    commits: dict[str, Commit] = {}
    for path, lines in starts.items():
        blame = every[path]
        commits.update(blame.commits)
        ordered = sorted(set(lines))
        for number, first in enumerate(ordered):
            last = ordered[number + 1] - 1 if number + 1 < len(ordered) else len(blame.lines)
            span = blame.lines[first - 1 : last]
            if span:
                shas = sorted({sha for sha, _ in span if sha in blame.commits},
                              key=lambda sha: blame.commits[sha].when, reverse=True)  # fmt: skip
                times = [when for _, when in span]
                records[(path, first)] = Written(min(times), max(times), tuple(shas))
    return History(records, commits)


@dataclass(slots=True)
class _Blame:
    lines: list[tuple[str, datetime.datetime]] = field(default_factory=list)  # (sha, time)
    commits: dict[str, Commit] = field(default_factory=dict)


def _git(root: Path, args: list[str], timeout: float) -> str | None:
    """Git's output, or None where it fails. Hooks and fsmonitor stay off: a build runs no
    program the repository's config names."""
    command = ["git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", *args]
    try:
        done = subprocess.run(
            command, cwd=root, capture_output=True, timeout=timeout, check=False, text=True
        )
    except (OSError, subprocess.TimeoutExpired, UnicodeDecodeError):
        return None
    return done.stdout if done.returncode == 0 else None


def _in_work_tree(root: Path) -> bool:
    said = _git(root, ["rev-parse", "--is-inside-work-tree"], PER_FILE_SECONDS)
    return (said or "").strip() == "true"


def _blame(root: Path, path: str, now: datetime.datetime, timeout: float) -> _Blame:
    """Each line's commit and author time, in order (`git blame --porcelain`), and each
    commit's subject; empty where git has none for the file (untracked, outside the tree).
    A line not committed yet is `now`'s, in no commit."""
    said = _git(root, ["blame", "--porcelain", "--", path], timeout)
    found = _Blame()
    if said is None:
        return found
    pending: dict[str, dict[str, str]] = {}
    sha = ""
    for line in said.splitlines():
        header = _HEADER.match(line)
        if header:
            sha = header.group(1)
            found.lines.append((sha, now))
        elif line.startswith("\t") or not sha:
            continue
        elif sha != _UNCOMMITTED and line.startswith(("author-time ", "summary ")):
            key, _, value = line.partition(" ")
            pending.setdefault(sha, {})[key] = value
    for sha, fields in pending.items():
        if "author-time" in fields:
            when = datetime.datetime.fromtimestamp(int(fields["author-time"]), tz=datetime.UTC)
            found.commits[sha] = Commit(sha, when, fields.get("summary", ""))
    found.lines = [
        (sha, found.commits[sha].when if sha in found.commits else now) for sha, _ in found.lines
    ]
    return found
