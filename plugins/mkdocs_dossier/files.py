"""Reading the project's own files: never through a link, never a device, never unbounded.

A pull request can commit a symbolic link (to /etc/passwd, /proc/self/environ, the
checkout's .git/config with its token, /dev/zero) or, locally, leave a pipe or a device
in the tree. So every file the dossier reads or publishes is reached here, one path
component at a time with `lstat`, and opened with O_NOFOLLOW; only regular files are
read, and never more than a stated number of bytes. A refusal is a `Refused` with a
message and a hint, for the caller to report at the file's position.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# A name that is safe in a URL, a shell, an HTML attribute and on every file system.
SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\Z")
NAME_HINT = "rename it with letters, digits, '-', '_' and '.' only (no spaces or quotes)"
LINK_HINT = "links are never followed: commit the file itself, inside the project"
SPECIAL_HINT = "only regular files are read; remove it"


class Refused(Exception):
    """A file the dossier will not read or publish, with the reason and a hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Entry:
    path: Path
    kind: str  # "file", "dir", "link" or "special"


NAME_MAX = 255  # bytes in one file name, on the file systems a site is built on


def kind_of(path: Path) -> str:
    """What is at `path` itself (a link is a link, wherever it points); "missing" if nothing."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "missing"
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "special"


def refusal(entry: Entry) -> Refused | None:
    """Why an entry may not be read, or None for a regular file or a directory with a
    safe name."""
    if entry.kind == "link":
        try:
            target = os.readlink(entry.path)
        except OSError:
            target = "?"
        return Refused(f"this is a symbolic link (to '{target}')", LINK_HINT)
    if entry.kind == "special":
        return Refused("this is not a regular file (a device, pipe or socket)", SPECIAL_HINT)
    if not SAFE_NAME.match(entry.path.name):
        return Refused(f"the file name '{entry.path.name}' is not allowed", NAME_HINT)
    return None


def list_dir(directory: Path) -> list[Entry]:
    """The entries of one directory, by name, without following any of them."""
    try:
        with os.scandir(directory) as scan:
            names = sorted(entry.name for entry in scan)
    except OSError:
        return []
    return [Entry(directory / name, kind_of(directory / name)) for name in names]


def walk(top: Path, limit: int, dirs: bool = False) -> Iterator[Entry]:
    """Every entry under `top` except directories (with `dirs`, those too), links not
    followed: a directory's files by name, then its subdirectories. Stops after `limit`
    entries (directories count too), so the caller can report a tree that large."""
    count = 0
    stack = [top]
    while stack:
        subdirs = []
        for entry in list_dir(stack.pop()):
            count += 1
            if count > limit:
                return
            if entry.kind == "dir":
                subdirs.append(entry.path)
            if entry.kind != "dir" or dirs:
                yield entry
        stack.extend(reversed(subdirs))


def unsafe_entries(top: Path, limit: int) -> tuple[list[tuple[Entry, Refused]], bool]:
    """Every symbolic link, device, pipe and socket under `top` (and `top` itself if it
    is one), whatever its name or suffix, with why it is refused: the one walk that both
    `dossier check` and the build use, so neither can see less than the other. Nothing
    is followed. Also whether the walk stopped at `limit` entries (`walk`)."""
    kind = kind_of(top)
    if kind in ("link", "special"):
        return [(Entry(top, kind), _refused(Entry(top, kind)))], False  # listing would follow
    unsafe = []
    seen = 0
    for entry in walk(top, limit, dirs=True):
        seen += 1
        if entry.kind in ("link", "special"):
            unsafe.append((entry, _refused(entry)))
    return unsafe, seen >= limit


def _refused(entry: Entry) -> Refused:
    refused = refusal(entry)
    assert refused is not None  # a link or a special file is always refused
    return refused


def inside(base: Path, relative: str) -> Path:
    """`base / relative`, checked component by component: no '..', no absolute path, no
    link anywhere on the way, and a regular file at the end."""
    parts = relative.replace("\\", "/").split("/")
    if relative.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise Refused(
            f"'{relative}' is not a plain path inside the docs directory",
            "write it relative to the docs directory, e.g. articles/<name>.txt",
        )
    current = base
    for i, part in enumerate(parts):
        if len(os.fsencode(part)) > NAME_MAX:  # lstat would say "missing"; say why
            raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), part)
        current = current / part
        kind = kind_of(current)
        last = i == len(parts) - 1
        if kind == "missing":
            raise FileNotFoundError(relative)
        if kind == "link":
            shown = "/".join(parts[: i + 1])
            raise Refused(f"'{shown}' is a symbolic link", LINK_HINT)
        if kind == "special" or (last and kind != "file") or (not last and kind != "dir"):
            raise Refused(f"'{relative}' is not a regular file", SPECIAL_HINT)
    return current


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; never through a link, never
    blocking on a pipe, never reading more than `max_bytes + 1` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        if kind_of(path) == "link":
            raise Refused("this file is a symbolic link", LINK_HINT) from err
        raise Refused(f"cannot read file: {err.strerror}") from err
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused("this is not a regular file (a device, pipe or socket)", SPECIAL_HINT)
        if info.st_size > max_bytes:
            raise Refused(
                f"file is {info.st_size:,} bytes, more than the {max_bytes:,} allowed",
                "split it into several files",
            )
        chunks = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew while we read it, or lied about its size
        raise Refused(f"file is more than the {max_bytes:,} bytes allowed", "split it")
    return data
