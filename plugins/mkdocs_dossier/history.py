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
from dataclasses import dataclass
from pathlib import Path

PER_FILE_SECONDS = 20.0
TOTAL_SECONDS = 60.0  # then the remaining records say the build's time
_UNCOMMITTED = "0" * 40
_HEADER = re.compile(r"^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$")


@dataclass(frozen=True, slots=True)
class Written:
    """When a record was first written and last changed (UTC, to the second)."""

    created: datetime.datetime
    modified: datetime.datetime


def build_time() -> datetime.datetime:
    """The build's time: `SOURCE_DATE_EPOCH` where set (a reproducible build), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else int(time.time())
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def record_history(
    root: Path, starts: Mapping[str, Sequence[int]], now: datetime.datetime
) -> dict[tuple[str, int], Written]:
    """For each file (relative to `root`) and each record starting at one of `starts`,
    when it was written; a file git cannot tell about is left out."""
    found: dict[tuple[str, int], Written] = {}
    if not starts or not _in_work_tree(root):
        return found
    deadline = time.monotonic() + TOTAL_SECONDS

    def blamed(path: str) -> list[datetime.datetime]:
        left = deadline - time.monotonic()
        return _line_times(root, path, now, min(left, PER_FILE_SECONDS)) if left > 0 else []

    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        every = dict(zip(starts, pool.map(blamed, starts), strict=True))
    for path, lines in starts.items():
        times = every[path]
        ordered = sorted(set(lines))
        for number, first in enumerate(ordered):
            last = ordered[number + 1] - 1 if number + 1 < len(ordered) else len(times)
            span = times[first - 1 : last]
            if span:
                found[(path, first)] = Written(min(span), max(span))
    return found


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


def _line_times(
    root: Path, path: str, now: datetime.datetime, timeout: float
) -> list[datetime.datetime]:
    """Each line's author time, in order (`git blame --porcelain`): empty where git has
    none for the file (untracked, or outside the work tree)."""
    said = _git(root, ["blame", "--porcelain", "--", path], timeout)
    if said is None:
        return []
    authored: dict[str, datetime.datetime] = {}
    times: list[datetime.datetime] = []
    commit = ""
    for line in said.splitlines():
        header = _HEADER.match(line)
        if header:
            commit = header.group(1)
            times.append(now if commit == _UNCOMMITTED else authored.get(commit, now))
        elif line.startswith("author-time ") and commit != _UNCOMMITTED:
            authored[commit] = datetime.datetime.fromtimestamp(
                int(line.split()[1]), tz=datetime.UTC
            )
            times[-1] = authored[commit]
    return times
