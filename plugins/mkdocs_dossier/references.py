"""Check that every id one record names exists, with a did-you-mean for those that don't.

Runs after `load.py`: the records' references in one pass (`check_record_references`),
then each annotations file's (`annotation_refs`, a step of one file: the preview checks
it again only when it or the ids changed, `steps.py`).
Actors and locations share one namespace because mentions and `about` name either.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from .load import Loaded
from .model import Account, Annotation, Dossier
from .problems import Position, Problems, Suggester
from .validation import locate
from .yamltree import YMap


def check_record_references(loaded: Loaded, problems: Problems) -> Checker:
    """Every reference a record (not an annotation) makes; the checker then reports the
    annotations' unknown ids (`annotation_files`, `annotation_refs`, `Checker.unknown`)
    with the same did-you-means."""
    dossier = loaded.dossier
    _check_shared_namespace(loaded, problems)
    check = Checker(loaded, problems)
    actors, locations, claims = ("actors",), ("locations",), ("claims",)
    entities = ("actors", "locations")

    for source_id, source in dossier.sources.items():
        node = loaded.nodes[("sources", source_id)]
        check.ref(node, ("outlet",), source.outlet, actors, "actor")
    for actor_id, actor in dossier.actors.items():
        node = loaded.nodes[("actors", actor_id)]
        check.ref(node, ("speaks_for",), actor.speaks_for, actors, "actor", actor_id)
    _check_cycles(
        loaded, "actors", "speaks_for", problems,
        "the top of a chain (a state, an alliance) speaks for no one",
    )  # fmt: skip
    for location_id, location in dossier.locations.items():
        node = loaded.nodes[("locations", location_id)]
        check.ref(node, ("part_of",), location.part_of, locations, "location", location_id)
    _check_cycles(
        loaded, "locations", "part_of", problems,
        "the largest place (a country, a sea) is part of nothing",
    )  # fmt: skip
    for claim_id, claim in dossier.claims.items():
        node = loaded.nodes[("claims", claim_id)]
        check.refs(node, "about", claim.about, entities, "actor or location")
        check.refs(node, "contradicts", claim.contradicts, claims, "claim", claim_id)
        check.refs(node, "supports", claim.supports, claims, "claim", claim_id)
        check.ref(node, ("refines",), claim.refines, claims, "claim", claim_id)
        _check_accounts(check, node, claim.occurred)
        for i, placement in enumerate(claim.where):
            check.ref(node, ("where", i, "place"), placement.place, locations, "location")
            check.ref(node, ("where", i, "according_to"), placement.according_to, actors, "actor")
            check.ref(node, ("where", i, "source"), placement.source, ("sources",), "source")
    _check_cycles(
        loaded, "claims", "refines", problems,
        "the most general claim refines none; a claim refines a more general one",
    )  # fmt: skip
    _check_relations(loaded, problems)
    return check


# The kinds an annotation's references name: mentions, a stance's claim, by and where.
ANNOTATION_KINDS: tuple[tuple[str, ...], ...] = (
    ("actors", "locations"),
    ("claims",),
    ("actors",),
    ("locations",),
)
Known = dict[tuple[str, ...], set[str] | None]


@dataclass(frozen=True, slots=True)
class Unknown:
    """A reference to an id that is not defined."""

    pos: Position
    value: str
    kinds: tuple[str, ...]
    what: str


def annotation_refs(
    known: Known,
    annotations: list[Annotation],
    nodes: list[YMap],
    problems: Problems,
) -> list[Unknown]:
    """One source's annotations: the references to unknown ids (reported by
    `Checker.unknown`, with the run's did-you-means), and the voice errors. A step of its
    own: pure in the annotations and the known ids."""
    found: list[Unknown] = []
    for annotation, node in zip(annotations, nodes, strict=True):
        refs: list[tuple[tuple[str | int, ...], str | None, tuple[str, ...], str]] = [
            (("mentions", i), entity, ("actors", "locations"), "actor or location")
            for i, entity in enumerate(annotation.mentions)
        ]
        held: dict[tuple[str, str | None], str] = {}
        for i, stance in enumerate(annotation.stances):
            refs += [
                (("stances", i, "claim"), stance.claim, ("claims",), "claim"),
                (("stances", i, "by"), stance.by, ("actors",), "actor"),
                (("stances", i, "where"), stance.where, ("locations",), "location"),
            ]
            _check_one_voice(node, i, stance.claim, stance.by, stance.stance, held, problems)
        for loc, value, kinds, what in refs:
            ids = known[kinds]
            if value is not None and ids is not None and value not in ids:
                found.append(Unknown(locate(node, loc)[0].pos, value, kinds, what))
    return found


def _check_one_voice(
    node: YMap,
    i: int,
    claim: str,
    by: str | None,
    stance: str,
    held: dict[tuple[str, str | None], str],
    problems: Problems,
) -> None:
    """One quote cannot have the same voice both deny a claim and assert (or suggest) it."""
    key = (claim, by)
    first = held.setdefault(key, stance)
    if (first == "denies") != (stance == "denies"):
        who = f"'{by}'" if by else "the outlet"
        problems.error(
            locate(node, ("stances", i, "stance"))[0].pos,
            f"{who} both {first.removesuffix('s')}s and {stance.removesuffix('s')}s "
            f"claim '{claim}' in the same quote",
            "one quote takes one position on a claim; keep the stance the words support, or "
            "split the quote into the two passages",
        )


def _check_accounts(check: Checker, node: YMap, occurred: object) -> None:
    """Who gives each account of when a claim's event happened, and the source it is in."""
    if isinstance(occurred, Account):
        accounts: list[tuple[tuple[str | int, ...], Account]] = [(("occurred",), occurred)]
    elif isinstance(occurred, list):
        accounts = [(("occurred", i), account) for i, account in enumerate(occurred)]
    else:
        return
    for loc, account in accounts:
        check.ref(node, (*loc, "according_to"), account.according_to, ("actors",), "actor")
        check.ref(node, (*loc, "source"), account.source, ("sources",), "source")


def _check_relations(loaded: Loaded, problems: Problems) -> None:
    """A claim cannot both contradict and support the same claim (either side declaring)."""
    claims = loaded.dossier.claims
    contradicting = {
        frozenset((a, b)) for a, claim in claims.items() for b in claim.contradicts if a != b
    }
    for claim_id, claim in claims.items():
        for i, other in enumerate(claim.supports):
            if other != claim_id and frozenset((claim_id, other)) in contradicting:
                problems.error(
                    locate(loaded.nodes[("claims", claim_id)], ("supports", i))[0].pos,
                    f"claim '{claim_id}' both supports and contradicts '{other}'",
                    "if both cannot be true, keep 'contradicts'; if one makes the other "
                    "likelier, keep 'supports'",
                )


# Unknown ids that get a did-you-mean: each costs a pass over every id, so a pull request
# with thousands of unknown ids stays fast; the rest get the plain hint.
MAX_SUGGESTIONS = 200


class Checker:
    def __init__(self, loaded: Loaded, problems: Problems) -> None:
        self.loaded = loaded
        self.problems = problems
        self._known: dict[tuple[str, ...], set[str] | None] = {}
        self._suggesters: dict[int, Suggester] = {}
        self._suggested = 0

    def known(self, kinds: tuple[str, ...]) -> set[str] | None:
        """The ids of these kinds, built once per kinds (not once per reference)."""
        if kinds not in self._known:
            known: set[str] | None = set()
            for kind in kinds:
                ids = self.loaded.known(kind)
                known = None if ids is None or known is None else known | ids
            self._known[kinds] = known
        return self._known[kinds]

    def known_ids(self) -> Known:
        """The ids each kind of annotation reference may name (`ANNOTATION_KINDS`)."""
        return {kinds: self.known(kinds) for kinds in ANNOTATION_KINDS}

    def annotation_files(self) -> Iterator[tuple[list[Annotation], list[YMap]]]:
        """Each annotations file's annotations and nodes, in file order; a file for a
        source that is not written is an error at the file, and not given."""
        loaded, dossier = self.loaded, self.loaded.dossier
        for source_id, source_annotations in dossier.annotations.items():
            if source_id in dossier.sources:
                yield source_annotations, loaded.annotation_nodes[source_id]
                continue
            sources = loaded.known("sources")
            if sources is None or source_id in sources:
                continue  # the source is written but invalid: its own error says why
            hint = self.suggest(source_id, dossier.sources) or (
                "name the file after a source id from sources.yml"
            )
            self.problems.error(
                Position(loaded.annotation_files[source_id]),
                f"annotation file for unknown source '{source_id}'",
                hint,
            )

    def suggest(self, word: str, candidates: Collection[str]) -> str:
        """A did-you-mean, for the first MAX_SUGGESTIONS unknown ids of a run."""
        if self._suggested >= MAX_SUGGESTIONS:
            return ""
        self._suggested += 1
        if id(candidates) not in self._suggesters:  # one index per set of ids, kept alive
            self._suggesters[id(candidates)] = Suggester(candidates)
        return self._suggesters[id(candidates)](word)

    def ref(
        self,
        node: YMap,
        loc: tuple[str | int, ...],
        value: str | None,
        kinds: tuple[str, ...],
        what: str,
        self_id: str | None = None,
    ) -> None:
        if value is None:
            return
        known = self.known(kinds)
        if known is None:
            return  # that kind's file did not parse; its error is already reported
        pos = locate(node, loc)[0].pos
        if value == self_id:
            self.problems.error(
                pos,
                f"'{value}' refers to itself",
                f"name another {what} here, or remove the line",
            )
        elif value not in known:
            self.unknown(Unknown(pos, value, kinds, what))

    def unknown(self, found: Unknown) -> None:
        known = self.known(found.kinds) or set()
        hint = self.suggest(found.value, known) or (
            f"define '{found.value}' first, or check the spelling"
        )
        self.problems.error(found.pos, f"unknown {found.what} '{found.value}'", hint)

    def refs(
        self,
        node: YMap,
        key: str,
        values: list[str],
        kinds: tuple[str, ...],
        what: str,
        self_id: str | None = None,
    ) -> None:
        for i, value in enumerate(values):
            self.ref(node, (key, i), value, kinds, what, self_id)


def _check_shared_namespace(loaded: Loaded, problems: Problems) -> None:
    dossier: Dossier = loaded.dossier
    for shared in sorted(dossier.actors.keys() & dossier.locations.keys()):
        actor_pos = loaded.id_pos[("actors", shared)]
        problems.error(
            loaded.id_pos[("locations", shared)],
            f"id '{shared}' is both an actor (at {actor_pos}) and a location",
            "mentions and 'about' name either kind by id, so ids must differ, "
            f"e.g. '{shared}-territory' for the place",
        )


def _check_cycles(loaded: Loaded, kind: str, key: str, problems: Problems, hint: str) -> None:
    """Report each chain of `key` links (speaks_for, part_of, refines) that closes on itself.

    Every record is visited once: a walk stops at a record an earlier walk finished, and
    the records of the current walk are kept in a dict, so a 40,000-long chain is linear.
    """
    records = loaded.dossier.of_kind(kind)
    done: set[str] = set()
    for start in records:
        path: dict[str, int] = {}
        current: str | None = start
        while current in records and current not in done and current not in path:
            path[current] = len(path)
            current = getattr(records[current], key)
        if current is not None and current in path and len(path) > 1:
            members = list(path)[path[current] :]
            first = min(members)  # reported once, at the same record whatever the file order
            node = loaded.nodes[(kind, first)]
            at = members.index(first)
            cycle = " -> ".join([*members[at:], *members[:at], first])
            problems.error(
                locate(node, (key,))[0].pos, f"{key} goes round in a circle: {cycle}", hint
            )
        done.update(path)
