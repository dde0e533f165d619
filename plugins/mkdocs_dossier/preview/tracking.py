"""Which parts of the compiled dossier each page reads, and which parts an edit changed.

Flow: `tracked(compiled, reads)` gives the renderers the same dossier with every
table (records, backlinks, anchors, disputes...) wrapped so that each lookup notes
(table, key) in `reads`, and each walk over a table notes (table, EVERY). A page's
reads are its dependencies, found by rendering it, never declared by hand: a renderer
that starts reading something new is tracked with no change here.

`Fingerprints` gives every (table, key) a hash of its value after each compile;
`changed` names what differs from the last one. A page is rendered again only when it
read something that changed. Hashes of records are kept across compiles by object
identity: the memo (`memo.py`) hands back the very same records for unchanged files.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, ItemsView, Iterator, KeysView, ValuesView
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel

from ..anchor import Anchor
from ..disputes import Contest
from ..index import ClaimInfo, EntityInfo, Index, Passage, StanceRef
from ..mentions import NamedSpan
from ..model import Dossier
from ..pipeline import Article, Compiled
from ..problems import Position

K = TypeVar("K")
V = TypeVar("V")
EVERY = "\x00every"  # the key of a read that walked the whole table
Read = tuple[str, Hashable]


class Reads:
    """Where the tables note what is read: the page being rendered, or a link being made
    once for many pages (`SharedLinks`)."""

    __slots__ = ("_outer", "into")

    def __init__(self) -> None:
        self.into: set[Read] = set()
        self._outer: list[set[Read]] = []

    def apart(self) -> None:
        """Note the reads from here on apart, until `rejoin`."""
        self._outer.append(self.into)
        self.into = set()

    def rejoin(self) -> frozenset[Read]:
        """The reads noted apart; from here on reads go where they went before."""
        made = frozenset(self.into)
        self.into = self._outer.pop()
        self.into |= made
        return made


class SharedLinks(dict[tuple[str, ...], Any]):
    """`PageContext.shared` for a tracked rendering: the links made once for all pages,
    each with what making it read, which every page that takes the link then depends on.
    A renderer asks `key in shared`, makes the link when it is not, and stores it."""

    def __init__(self, reads: Reads) -> None:
        super().__init__()
        self._reads = reads
        self._made_from: dict[tuple[str, ...], frozenset[Read]] = {}

    def __contains__(self, key: object) -> bool:
        found = super().__contains__(key)
        if not found:  # the link is made next: what it reads is noted apart
            self._reads.apart()
        return found

    def __setitem__(self, key: tuple[str, ...], value: Any) -> None:
        super().__setitem__(key, value)
        self._made_from[key] = self._reads.rejoin()

    def __getitem__(self, key: tuple[str, ...]) -> Any:
        self._reads.into |= self._made_from.get(key, frozenset())
        return super().__getitem__(key)


class TrackedDict(dict[K, V]):
    """A table that notes each key a renderer looks up, and each walk over it."""

    __slots__ = ("_name", "_reads")

    def __init__(self, name: str, data: dict[K, V], reads: Reads) -> None:
        super().__init__(data)
        self._name = name
        self._reads = reads

    def __getitem__(self, key: K) -> V:
        self._reads.into.add((self._name, key))
        return super().__getitem__(key)

    def get(self, key: K, default: Any = None) -> Any:
        self._reads.into.add((self._name, key))
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._reads.into.add((self._name, key))
        return super().__contains__(key)

    def _walked(self) -> None:
        self._reads.into.add((self._name, EVERY))

    def __iter__(self) -> Iterator[K]:
        self._walked()
        return super().__iter__()

    def __len__(self) -> int:
        self._walked()
        return super().__len__()

    def keys(self) -> KeysView[K]:  # type: ignore[override]
        self._walked()
        return super().keys()

    def values(self) -> ValuesView[V]:  # type: ignore[override]
        self._walked()
        return super().values()

    def items(self) -> ItemsView[K, V]:  # type: ignore[override]
        self._walked()
        return super().items()

    # What else reads a dict: each depends on the key it names, or on the whole table.
    def setdefault(self, key: K, default: Any = None) -> Any:
        self._reads.into.add((self._name, key))
        if not super().__contains__(key):
            _read_only(self._name)
        return super().__getitem__(key)

    def __eq__(self, other: object) -> bool:
        self._walked()
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        self._walked()
        return super().__ne__(other)

    __hash__ = None  # as a dict's

    def __reversed__(self) -> Iterator[K]:
        self._walked()
        return super().__reversed__()

    def __or__(self, other: Any) -> dict[K, V]:  # type: ignore[override]
        self._walked()
        return dict(super().items()) | other

    def copy(self) -> dict[K, V]:
        self._walked()
        return dict(super().items())

    def __repr__(self) -> str:
        self._walked()
        return super().__repr__()

    # A table is the compiled dossier's, shared by every page of a rebuild: a page that
    # changed it would change the pages rendered after it, unseen by their reads.
    def __setitem__(self, key: K, value: V) -> None:
        _read_only(self._name)

    def __delitem__(self, key: K) -> None:
        _read_only(self._name)

    def __ior__(self, other: Any) -> TrackedDict[K, V]:  # type: ignore[override]
        _read_only(self._name)

    def update(self, *args: Any, **kwargs: Any) -> None:
        _read_only(self._name)

    def pop(self, *args: Any) -> Any:
        _read_only(self._name)

    def popitem(self) -> tuple[K, V]:
        _read_only(self._name)

    def clear(self) -> None:
        _read_only(self._name)


class TrackedList(list[V]):
    """A ranked list (the disputes): reading one item by its place depends on that
    place; a walk, a slice or its length depends on all of it."""

    __slots__ = ("_name", "_reads")

    def __init__(self, name: str, data: list[V], reads: Reads) -> None:
        super().__init__(data)
        self._name = name
        self._reads = reads

    def __getitem__(self, index: Any) -> Any:
        place = index if isinstance(index, int) and index >= 0 else EVERY
        self._reads.into.add((self._name, place))
        return super().__getitem__(index)

    def __iter__(self) -> Iterator[V]:
        self._reads.into.add((self._name, EVERY))
        return super().__iter__()

    def __len__(self) -> int:
        self._reads.into.add((self._name, EVERY))
        return super().__len__()

    def _walked(self) -> None:
        self._reads.into.add((self._name, EVERY))

    # What else reads a list: each depends on all of it.
    def __contains__(self, item: object) -> bool:
        self._walked()
        return super().__contains__(item)

    def __reversed__(self) -> Iterator[V]:
        self._walked()
        return super().__reversed__()

    def __eq__(self, other: object) -> bool:
        self._walked()
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        self._walked()
        return super().__ne__(other)

    __hash__ = None  # as a list's

    def __add__(self, other: Any) -> list[V]:  # type: ignore[override]
        self._walked()
        return list(super().__iter__()) + list(other)

    def index(self, *args: Any) -> int:
        self._walked()
        return super().index(*args)

    def count(self, value: Any) -> int:
        self._walked()
        return super().count(value)

    def copy(self) -> list[V]:
        self._walked()
        return list(super().__iter__())

    def __repr__(self) -> str:
        self._walked()
        return super().__repr__()

    # Shared by every page of a rebuild, as a `TrackedDict` is: never changed by one.
    def __setitem__(self, index: Any, value: Any) -> None:
        _read_only(self._name)

    def __delitem__(self, index: Any) -> None:
        _read_only(self._name)

    def __iadd__(self, other: Any) -> TrackedList[V]:  # type: ignore[override]
        _read_only(self._name)

    def append(self, value: V) -> None:
        _read_only(self._name)

    def extend(self, values: Any) -> None:
        _read_only(self._name)

    def insert(self, index: Any, value: V) -> None:
        _read_only(self._name)

    def pop(self, *args: Any) -> V:
        _read_only(self._name)

    def remove(self, value: V) -> None:
        _read_only(self._name)

    def sort(self, *args: Any, **kwargs: Any) -> None:
        _read_only(self._name)

    def reverse(self) -> None:
        _read_only(self._name)

    def clear(self) -> None:
        _read_only(self._name)


def _read_only(name: str) -> NoReturn:
    raise TypeError(f"{name} is read-only while pages are rendered from it")


def tables(compiled: Compiled) -> dict[str, dict[Any, Any] | list[Any]]:
    """Every table a renderer can read, by name."""
    found: dict[str, dict[Any, Any] | list[Any]] = {
        "articles": compiled.articles,
        "anchors": compiled.anchors,
        "named": compiled.named,
        "origins": compiled.origins,
        "anchor_by_id": compiled.anchor_by_id,
    }
    for part in dataclasses.fields(Dossier):
        found[f"dossier.{part.name}"] = getattr(compiled.dossier, part.name)
    if compiled.index is not None:
        for part in dataclasses.fields(Index):
            found[f"index.{part.name}"] = getattr(compiled.index, part.name)
    if compiled.contest is not None:
        contest = compiled.contest
        found["contest.disputes"] = contest.disputes
        found["contest.corroborations"] = contest.corroborations
        found["contest.by_claim"] = contest.by_claim
    return found


def tracked(compiled: Compiled, reads: Reads) -> Compiled:
    """The same compiled dossier; every read of a table is noted in `reads`."""
    wrapped: dict[str, Any] = {
        name: TrackedList(name, table, reads)
        if isinstance(table, list)
        else TrackedDict(name, table, reads)
        for name, table in tables(compiled).items()
    }
    part = {prefix: {} for prefix in ("dossier", "index")}  # type: dict[str, dict[str, Any]]
    for name, table in wrapped.items():
        prefix, _, field = name.partition(".")
        if prefix in part:
            part[prefix][field] = table
    index = Index(**part["index"]) if compiled.index is not None else None
    contest = None
    if compiled.contest is not None:
        contest = Contest(
            wrapped["contest.disputes"],
            wrapped["contest.corroborations"],
            compiled.contest.opposed,
            wrapped["contest.by_claim"],
        )
    return dataclasses.replace(
        compiled,
        dossier=Dossier(**part["dossier"]),
        articles=wrapped["articles"],
        anchors=wrapped["anchors"],
        named=wrapped["named"],
        index=index,
        contest=contest,
        origins=wrapped["origins"],
        anchor_by_id=wrapped["anchor_by_id"],
    )


class Fingerprints:
    """A hash of every table entry after each compile, and what changed since the last."""

    def __init__(self) -> None:
        self.now: dict[str, dict[Hashable, int]] = {}
        self._kept: dict[int, tuple[object, int]] = {}  # id -> (record, hash), across compiles

    def update(self, compiled: Compiled) -> set[Read]:
        """Hash `compiled`; return the reads whose answer differs from the last compile's."""
        before, self.now = self.now, {}
        kept, self._kept = self._kept, {}
        hasher = _Hasher(kept, self._kept)
        changed: set[Read] = set()
        for name, table in tables(compiled).items():
            if isinstance(table, list):  # each place, as TrackedList notes reads
                entries: dict[Hashable, int] = {i: hasher.of(item) for i, item in enumerate(table)}
            else:
                entries = {key: hasher.of(value) for key, value in table.items()}
            entries[EVERY] = hash(tuple(entries.items()))
            self.now[name] = entries
            old = before.get(name, {})
            changed.update((name, key) for key, value in entries.items() if old.get(key) != value)
            changed.update((name, key) for key in old.keys() - entries.keys())
        return changed


_PLAIN = frozenset({str, int, float, bool, type(None)})


class _Hasher:
    """Structural hashes. Within one compile an object shared by many entries (a passage
    in every backlink list) is hashed once; a record or an article, once while it lives."""

    def __init__(self, before: dict[int, tuple[object, int]], after: dict[int, tuple[object, int]]):
        self._before = before
        self._after = after
        self._this_compile: dict[int, tuple[object, int]] = {}
        self._fields: dict[type, tuple[str, ...]] = {}
        # Values that the memo hands back unchanged (anchors, names in the text, backlink
        # entries) keep their hash while they live, like records; none is changed after
        # its compile.
        self._lasting = {Anchor, NamedSpan, Passage, Position, StanceRef, ClaimInfo, EntityInfo}

    def of(self, value: Any) -> int:
        kind = type(value)
        if kind in _PLAIN:
            return hash(value)
        if kind is list or kind is tuple:
            return hash((kind is list, *(v if type(v) in _PLAIN else self.of(v) for v in value)))
        if kind is dict:
            return hash(tuple((key, self.of(item)) for key, item in value.items()))
        key = id(value)
        lasting = kind in self._lasting or isinstance(value, BaseModel | Article)
        cache = self._before if lasting else self._this_compile
        found = cache.get(key)
        if found is None or found[0] is not value:
            found = (value, self._compute(value))
        (self._after if lasting else self._this_compile)[key] = found
        return found[1]

    def _compute(self, value: Any) -> int:
        if isinstance(value, BaseModel):
            return hash(repr(value))
        if isinstance(value, Article):
            return hash((value.path, value.text, repr(value.repairs)))
        if isinstance(value, set | frozenset):
            return hash(frozenset(map(self.of, value)))
        kind = type(value)
        names = self._fields.get(kind)
        if names is None:
            if not dataclasses.is_dataclass(value):
                return hash(repr(value))
            names = self._fields[kind] = tuple(part.name for part in dataclasses.fields(value))
        parts = [getattr(value, name) for name in names]
        return hash((kind.__name__, *(p if type(p) in _PLAIN else self.of(p) for p in parts)))
