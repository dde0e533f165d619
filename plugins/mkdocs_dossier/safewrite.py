"""Every file a `dossier` command writes, written here: never through a link, never
outside the project, never half.

A pull request can commit a symbolic link where a command will later write: a dangling
`dossier/sources/x.yml` pointing at a `.pth` file of the maintainer's virtual
environment turns `dossier import` into code run at the next Python start; a linked
`dossier/schemas/` makes `dossier schema` overwrite whatever it points at. So a write
names its targets relative to a root (the project), and:

1. every target is checked before anything is written (`check`): it must stay under the
   root, and each path component below the root is looked at with `lstat`, never
   followed; a link anywhere (dangling or not, to a file or a folder) is refused, and
   so is a file where a folder must be or anything but a regular file at the target;
2. only then is each file written (`write_all`): the folders are walked (and made)
   one at a time through descriptors opened with O_NOFOLLOW, the bytes go to a new
   temporary file in the target's folder (O_CREAT|O_EXCL|O_NOFOLLOW), and that file is
   renamed onto the target, which replaces a link rather than writing through it.

A refusal is a `WriteRefused`: the path, what is wrong, and a hint, for the caller to
print in its usual form; when one target is refused, none is written.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

LINK_HINT = (
    "a command never writes through a symbolic link; remove the link (it may have come "
    "with a pull request: check what it points at) and run the command again"
)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class WriteRefused(Exception):
    """A file that will not be written: where, what is wrong, and how to fix it."""

    def __init__(self, path: str, problem: str, hint: str) -> None:
        super().__init__(f"{path}: {problem}; nothing was written")
        self.path = path
        self.problem = problem
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.args[0]}\n    hint: {self.hint}"


def _parts(root: Path, target: Path) -> tuple[str, ...]:
    """The target's components below the root, lexically (nothing resolved, so a link
    cannot move the target); refused when it leaves the root."""
    base = os.path.abspath(root)
    path = os.path.abspath(target)
    relative = os.path.relpath(path, base)
    if relative in (os.curdir, os.pardir) or relative.startswith(os.pardir + os.sep):
        raise WriteRefused(
            Path(path).as_posix(),
            f"is outside the project ({Path(base).as_posix()})",
            "write only inside the project: check the dossier_dir and docs_dir settings",
        )
    return tuple(relative.split(os.sep))


def check(root: Path, target: Path) -> None:
    """Raise `WriteRefused` if writing `target` could leave the root or pass a link."""
    parts = _parts(root, target)
    current = Path(os.path.abspath(root))
    for i, name in enumerate(parts):
        current = current / name
        shown = "/".join(parts[: i + 1])
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return  # the rest is made afresh
        except OSError as err:
            raise WriteRefused(shown, f"cannot be looked at ({err.strerror})", "check it") from err
        last = i == len(parts) - 1
        if stat.S_ISLNK(mode):
            raise WriteRefused(shown, "is a symbolic link", LINK_HINT)
        if not last and not stat.S_ISDIR(mode):
            raise WriteRefused(shown, "is not a folder", "move it away; a folder goes there")
        if last and not stat.S_ISREG(mode):
            raise WriteRefused(shown, "is not a regular file", "move it away; a file goes there")


def check_all(root: Path, targets: Iterable[Path]) -> None:
    """Every target checked, before any is written: one refused, none written."""
    for target in targets:
        check(root, target)


def write_all(root: Path, files: Mapping[Path, bytes]) -> list[Path]:
    """Write each file (bytes by target path) under `root`, after checking them all;
    returns the paths written, in order."""
    check_all(root, files)
    for target, data in files.items():
        _write(root, _parts(root, target), data)
    return list(files)


# Descriptors for folders (openat, mkdirat, renameat): POSIX has them, Windows does not.
# os.replace is renameat as os.rename is, but only os.rename is listed.
_BY_DESCRIPTOR = {os.open, os.mkdir, os.rename, os.unlink} <= os.supports_dir_fd


def _write(root: Path, parts: tuple[str, ...], data: bytes) -> None:
    if not _BY_DESCRIPTOR:  # the check before is the guarantee; write by path
        target = Path(os.path.abspath(root), *parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(temporary, flags, 0o666), "wb") as out:
            out.write(data)
        os.replace(temporary, target)
        return
    folder = os.open(os.path.abspath(root), _DIR_FLAGS)
    try:
        for i, name in enumerate(parts[:-1]):
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, dir_fd=folder)
            try:
                inner = os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=folder)
            except OSError as err:  # made a link or a file since the check
                raise WriteRefused(
                    "/".join(parts[: i + 1]), "is not a folder (a link?)", LINK_HINT
                ) from err
            os.close(folder)
            folder = inner
        _replace(folder, parts[-1], data)
    finally:
        os.close(folder)


def _replace(folder: int, name: str, data: bytes) -> None:
    """A new temporary file beside the target, filled, then renamed onto it."""
    temporary = f".{name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(temporary, flags, 0o666, dir_fd=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise
