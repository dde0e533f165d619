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
from collections.abc import Iterator
from dataclasses import dataclass, field
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


ANNOTATIONS = "annotations"  # the kind `dossier_files` gives a source's annotations file


def load_dossier(dossier_dir: Path, root: Path, problems: Problems) -> Loaded:
    """Load and validate every file under `dossier_dir`; paths in messages are relative to root.

    The compile runs these same steps through the preview's memo (`steps.py`): a change
    here is made there too."""
    loaded = Loaded(Dossier())
    for kind, path in dossier_files(dossier_dir, root, problems):
        shown, text = yaml_text(path, root, problems)
        if kind == ANNOTATIONS:
            found = ([], []) if text is None else annotations_in(text, shown, problems)
            add_annotations(loaded, path.stem, shown, found)
            continue
        node = None if text is None else parse_yaml(text, shown, problems)
        model = KIND_MODELS[kind]
        for record_id, value in record_nodes(loaded, kind, path, node, problems):
            add_record(loaded, kind, record_id, value, validate(model, value, problems))
    return loaded


def dossier_files(dossier_dir: Path, root: Path, problems: Problems) -> Iterator[tuple[str, Path]]:
    """Each YAML file to load with its kind (`ANNOTATIONS` for a source's annotations),
    the records' kinds first; what may not be read is an error at its path. A generator,
    so each kind's files are listed when its turn comes."""
    kind = kind_of(dossier_dir)
    if kind == "missing":
        problems.error(
            Position(_shown(dossier_dir, root)),
            "dossier directory not found",
            "create it, or set the plugin's dossier_dir to where the YAML files are",
        )
        return
    if kind != "dir":
        problems.error(
            Position(_shown(dossier_dir, root)),
            "the dossier directory is a symbolic link or not a directory",
            "links are never followed: commit the directory itself",
        )
        return
    _report_unsafe(dossier_dir, root, problems)
    for kind_name in KIND_MODELS:
        for path in _kind_files(dossier_dir, kind_name, root, problems):
            yield kind_name, path
    for path in _yaml_files(dossier_dir / ANNOTATIONS, root, problems):
        yield ANNOTATIONS, path


def yaml_text(path: Path, root: Path, problems: Problems) -> tuple[str, str | None]:
    """The file as shown in messages, and its text (None when it cannot be read)."""
    shown = _shown(path, root)
    return shown, read_text(path, shown, problems, MAX_YAML_BYTES)


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


def record_nodes(
    loaded: Loaded, kind: str, path: Path, node: YNode | None, problems: Problems
) -> Iterator[tuple[str, YMap]]:
    """The records of one parsed file of `kind`, each id and node to validate once its id
    passed the checks (valid, not a field, not reserved, not a duplicate); every id is
    noted in `loaded` as written, and where. A generator: the caller validates each
    record (`add_record`) before the next id is checked, as the file reads."""
    model = KIND_MODELS[kind]
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
        yield record_id, value


def add_record(
    loaded: Loaded, kind: str, record_id: str, node: YMap, record: Record | None
) -> None:
    """A record `record_nodes` gave, with its node; None: it did not validate."""
    loaded.nodes[(kind, record_id)] = node
    if record is not None:
        loaded.dossier.of_kind(kind)[record_id] = record


def add_annotations(
    loaded: Loaded, source_id: str, shown: str, found: tuple[list[Annotation], list[YMap]]
) -> None:
    """A source's annotations file, read (`annotations_in`) or not ([], [])."""
    loaded.annotation_files[source_id] = shown
    loaded.dossier.annotations.setdefault(source_id, []).extend(found[0])
    loaded.annotation_nodes.setdefault(source_id, []).extend(found[1])


def annotations_in(
    text: str, shown: str, problems: Problems
) -> tuple[list[Annotation], list[YMap]]:
    """The valid annotations of one file, each with its node: one step a file, as a
    dossier has one annotations file per article."""
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
