"""Load dossier/ into validated records, keeping where each one was written.

Flow: files under dossier/ -> `yamltree` nodes -> pydantic records (`model.py`).
Each kind lives in `<kind>.yml`, in `<kind>/*.yml`, or both (a large dossier splits
a kind over files); annotations live in `annotations/<source-id>.yml`. Errors of
every file are collected, none raised, and each is mapped back to its line and column.
Files are listed and read through `files`: a link, a device or an unsafe file name is
an error at the file, never followed or loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .files import Entry, Refused, kind_of, list_dir, read_bounded, refusal, unsafe_entries
from .model import (
    ID_MAX,
    ID_PATTERN,
    KIND_MODELS,
    WINDOWS_RESERVED,
    Annotation,
    Dossier,
    Record,
)
from .preview.memo import Memo
from .problems import Position, Problems
from .validation import id_hint, validate
from .yamltree import YMap, YNode, YScalar, YSeq, parse_yaml

YAML_SUFFIXES = (".yml", ".yaml")
MAX_YAML_BYTES = 2_000_000
MAX_DOSSIER_ENTRIES = 20_000  # files and folders under dossier/, as under content/
# Ids that would clash with the pages and anchors the site generates itself.
RESERVED_IDS = frozenset({"index"})
_ID_RE = re.compile(ID_PATTERN)


@dataclass(slots=True)
class Loaded:
    """The dossier plus the YAML node of every record, for positions in later steps."""

    dossier: Dossier
    nodes: dict[tuple[str, str], YMap] = field(default_factory=dict)
    id_pos: dict[tuple[str, str], Position] = field(default_factory=dict)
    annotation_nodes: dict[str, list[YMap]] = field(default_factory=dict)
    annotation_files: dict[str, str] = field(default_factory=dict)  # source id -> shown path
    # Ids written in the files, valid records or not, and the kinds whose files did not
    # parse: references into those are not reported, so one typo gives one error.
    written_ids: dict[str, set[str]] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)

    def known(self, kind: str) -> set[str] | None:
        """Ids a reference may name, or None when the kind could not be read at all."""
        return None if kind in self.unreadable else self.written_ids.get(kind, set())


# Byte order marks, the longer first: a UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 LE"),
    (b"\x00\x00\xfe\xff", "UTF-32 BE"),
    (b"\xff\xfe", "UTF-16 LE"),
    (b"\xfe\xff", "UTF-16 BE"),
)


def wide_encoding(data: bytes) -> str | None:
    """The name of the UTF-16 or UTF-32 encoding a file is in, by its byte order mark or,
    without one, by where the zero bytes of its first (ASCII) character fall; else None.
    Such a file is not text to UTF-8: it would decode into NULs or fail at byte 1."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:4]
    if len(head) == 4 and head[0] and not any(head[1:]):
        return "UTF-32 LE (no byte order mark)"
    if len(head) == 4 and head[3] and not any(head[:3]):
        return "UTF-32 BE (no byte order mark)"
    if len(head) >= 2 and head[0] and not head[1]:
        return "UTF-16 LE (no byte order mark)"
    if len(head) >= 2 and head[1] and not head[0]:
        return "UTF-16 BE (no byte order mark)"
    return None


def read_text(path: Path, shown: str, problems: Problems, max_bytes: int) -> str | None:
    """Read a UTF-8 file; a BOM is dropped, anything else undecodable is an error."""
    try:
        data = read_bounded(path, max_bytes)
    except Refused as err:
        problems.error(Position(shown), err.message, err.hint)
        return None
    wide = wide_encoding(data)
    if wide is not None:
        problems.error(
            Position(shown, 1, 1),
            f"file is {wide}, not UTF-8",
            "save it as UTF-8 (in most editors: Save As, encoding UTF-8)",
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        col = err.start - (before.rfind(b"\n") + 1) + 1
        problems.error(
            Position(shown, line, col),
            f"byte 0x{data[err.start]:02x} is not valid UTF-8",
            "save the file as UTF-8",
        )
        return None


def load_dossier(
    dossier_dir: Path, root: Path, problems: Problems, memo: Memo | None = None
) -> Loaded:
    """Load and validate every file under `dossier_dir`; paths in messages are relative to root.

    With the `memo` of the last load, an unchanged file is neither parsed nor validated again.
    """
    memo = memo or Memo()
    loaded = Loaded(Dossier())
    kind = kind_of(dossier_dir)
    if kind == "missing":
        problems.error(
            Position(_shown(dossier_dir, root)),
            "dossier directory not found",
            "create it, or set the plugin's dossier_dir to where the YAML files are",
        )
        return loaded
    if kind != "dir":
        problems.error(
            Position(_shown(dossier_dir, root)),
            "the dossier directory is a symbolic link or not a directory",
            "links are never followed: commit the directory itself",
        )
        return loaded
    _report_unsafe(dossier_dir, root, problems)
    for kind_name, model in KIND_MODELS.items():
        for path in _kind_files(dossier_dir, kind_name, root, problems):
            _load_records(path, root, kind_name, model, loaded, problems, memo)
    for path in _yaml_files(dossier_dir / "annotations", root, problems):
        _load_annotations(path, root, loaded, problems, memo)
    return loaded


def _report_unsafe(dossier_dir: Path, root: Path, problems: Problems) -> None:
    """Every link, device, pipe and socket anywhere under dossier/ is an error at its
    path, whatever its name: not only those the load would read (a link named
    `annotations/more` or `README.txt` is refused as surely as `actors.yml`)."""
    unsafe, too_many = unsafe_entries(dossier_dir, MAX_DOSSIER_ENTRIES)
    for entry, refused in unsafe:
        problems.error(Position(_shown(entry.path, root)), refused.message, refused.hint)
    if too_many:
        problems.error(
            Position(_shown(dossier_dir, root)),
            f"the dossier directory holds more than {MAX_DOSSIER_ENTRIES:,} files and folders",
            "keep generated or unrelated files out of it",
        )


def _kind_files(dossier_dir: Path, kind: str, root: Path, problems: Problems) -> list[Path]:
    names = {f"{kind}{suffix}" for suffix in YAML_SUFFIXES}
    single = [entry for entry in list_dir(dossier_dir) if entry.path.name in names]
    return _readable(single, root, problems) + _yaml_files(dossier_dir / kind, root, problems)


def _yaml_files(directory: Path, root: Path, problems: Problems) -> list[Path]:
    if kind_of(directory) != "dir":  # a link or a special file: `_report_unsafe` said so
        return []
    entries = [e for e in list_dir(directory) if e.path.suffix in YAML_SUFFIXES]
    return _readable(entries, root, problems)


def _readable(entries: list[Entry], root: Path, problems: Problems) -> list[Path]:
    """The regular files among `entries`; unsafe names are errors (links and devices
    were reported by `_report_unsafe`, and are skipped)."""
    paths = []
    for entry in entries:
        if entry.kind in ("dir", "link", "special"):
            continue
        refused = refusal(entry)
        if refused is not None:
            problems.error(Position(_shown(entry.path, root)), refused.message, refused.hint)
            continue
        paths.append(entry.path)
    return paths


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _parse_file(path: Path, root: Path, problems: Problems, memo: Memo) -> YNode | None:
    shown = _shown(path, root)
    text = read_text(path, shown, problems, MAX_YAML_BYTES)
    if text is None:
        return None
    return memo.run("parse", (shown, text), problems, lambda found: parse_yaml(text, shown, found))


def _load_records(
    path: Path,
    root: Path,
    kind: str,
    model: type[Record],
    loaded: Loaded,
    problems: Problems,
    memo: Memo,
) -> None:
    node = _parse_file(path, root, problems, memo)
    written = loaded.written_ids.setdefault(kind, set())
    if node is None and path.stat().st_size > 0:
        loaded.unreadable.add(kind)
    if node is None or (isinstance(node, YScalar) and node.to_python() is None):
        return  # an empty file is allowed: a kind with nothing in it yet
    if not isinstance(node, YMap):
        problems.error(
            node.pos,
            f"{kind} file must be a mapping of id to {kind[:-1]}",
            f"start each entry with its id, e.g. 'some-id:', then its {kind[:-1]} fields indented",
        )
        return
    records = loaded.dossier.of_kind(kind)
    for record_id, value in node.items.items():
        key_pos = node.key_pos[record_id]
        written.add(record_id)
        if not _ID_RE.fullmatch(record_id):
            problems.error(key_pos, f"{record_id!a} is not a valid id", id_hint(record_id))
            continue
        if record_id in model.model_fields and not isinstance(value, YMap):
            written.discard(record_id)
            problems.error(
                key_pos,
                f"'{record_id}' is a field, not an id",
                f"indent it by two spaces under the id of the {kind[:-1]} it belongs to",
            )
            continue
        if len(record_id) > ID_MAX:
            problems.error(
                key_pos,
                f"id is {len(record_id)} characters long, more than the {ID_MAX} allowed",
                "ids name files and addresses: shorten it to the words that tell it apart",
            )
            continue
        if record_id in RESERVED_IDS:
            problems.error(
                key_pos,
                f"'{record_id}' is reserved: it is the address of the {kind} index page",
                "choose another id",
            )
            continue
        if record_id in WINDOWS_RESERVED:
            problems.error(
                key_pos,
                f"'{record_id}' is a device name on Windows, where no file may be called so",
                f"choose a longer id, e.g. '{record_id}-{kind[:-1]}'",
            )
            continue
        if (kind, record_id) in loaded.id_pos:
            first = loaded.id_pos[(kind, record_id)]
            problems.error(
                key_pos,
                f"duplicate {kind[:-1]} id '{record_id}' (first defined at {first})",
                "ids must be unique; rename one of them",
            )
            continue
        loaded.id_pos[(kind, record_id)] = key_pos
        if isinstance(value, YScalar) and value.to_python() is None:
            problems.error(
                key_pos,
                f"{kind[:-1]} '{record_id}' has no fields",
                "write its fields on the lines below it, each indented by two spaces",
            )
            continue
        if not isinstance(value, YMap):
            problems.error(
                value.pos,
                f"{kind[:-1]} '{record_id}' must be a mapping of fields",
                "write its fields on the lines below the id, each indented by two spaces",
            )
            continue
        node_now = memo.same((kind, record_id), value)  # equal text at the same place
        loaded.nodes[(kind, record_id)] = node_now
        record = validate(model, node_now, problems, memo)
        if record is not None:
            records[record_id] = record


def _load_annotations(
    path: Path, root: Path, loaded: Loaded, problems: Problems, memo: Memo
) -> None:
    shown = _shown(path, root)
    source_id = path.stem
    loaded.annotation_files[source_id] = shown
    annotations = loaded.dossier.annotations.setdefault(source_id, [])
    nodes = loaded.annotation_nodes.setdefault(source_id, [])
    text = read_text(path, shown, problems, MAX_YAML_BYTES)
    if text is None:
        return
    # A whole file at once: a dossier has one annotations file per article.
    found, found_nodes = memo.run(
        "annotations", (shown, text), problems, partial(_annotations_in, text, shown)
    )
    annotations.extend(found)
    nodes.extend(found_nodes)


def _annotations_in(
    text: str, shown: str, problems: Problems
) -> tuple[list[Annotation], list[YMap]]:
    """The valid annotations of one file, each with its node."""
    annotations: list[Annotation] = []
    nodes: list[YMap] = []
    node = parse_yaml(text, shown, problems)
    if node is None or (isinstance(node, YScalar) and node.to_python() is None):
        return annotations, nodes
    if not isinstance(node, YSeq):
        problems.error(
            node.pos,
            "an annotations file must be a list of annotations",
            "start each annotation with '- quote: ...'",
        )
        return annotations, nodes
    for item in node.items:
        if not isinstance(item, YMap):
            problems.error(
                item.pos,
                "an annotation must be a mapping with at least 'quote'",
                "start it with '- quote: <the exact words>'",
            )
            continue
        annotation = validate(Annotation, item, problems)
        if annotation is not None:
            annotations.append(annotation)  # type: ignore[arg-type]
            nodes.append(item)
    return annotations, nodes
