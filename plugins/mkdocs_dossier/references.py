"""Check that every id one record names exists, with a did-you-mean for those that don't.

Runs after `load.py` on the whole dossier, in one pass over records and annotations.
Actors and locations share one namespace because mentions and `about` name either.
"""

from __future__ import annotations

from .load import Loaded, locate
from .model import Dossier
from .problems import Position, Problems, did_you_mean
from .yamltree import YMap


def check_references(loaded: Loaded, problems: Problems) -> None:
    dossier = loaded.dossier
    _check_shared_namespace(loaded, problems)
    check = _Checker(loaded, problems)
    actors, locations, claims = ("actors",), ("locations",), ("claims",)
    entities = ("actors", "locations")

    for source_id, source in dossier.sources.items():
        node = loaded.nodes[("sources", source_id)]
        check.ref(node, ("outlet",), source.outlet, actors, "actor")
    for actor_id, actor in dossier.actors.items():
        node = loaded.nodes[("actors", actor_id)]
        check.ref(node, ("speaks_for",), actor.speaks_for, actors, "actor", actor_id)
    _check_speaks_for_cycles(loaded, problems)
    for location_id, location in dossier.locations.items():
        node = loaded.nodes[("locations", location_id)]
        check.ref(node, ("part_of",), location.part_of, locations, "location", location_id)
    for claim_id, claim in dossier.claims.items():
        node = loaded.nodes[("claims", claim_id)]
        check.refs(node, "about", claim.about, entities, "actor or location")
        check.refs(node, "contradicts", claim.contradicts, claims, "claim", claim_id)
        check.refs(node, "supports", claim.supports, claims, "claim", claim_id)
        check.ref(node, ("refines",), claim.refines, claims, "claim", claim_id)

    for source_id, source_annotations in dossier.annotations.items():
        if source_id not in dossier.sources:
            hint = did_you_mean(source_id, dossier.sources) or (
                "name the file after a source id from sources.yml"
            )
            problems.error(
                Position(loaded.annotation_files[source_id]),
                f"annotation file for unknown source '{source_id}'",
                hint,
            )
            continue
        for annotation, node in zip(
            source_annotations, loaded.annotation_nodes[source_id], strict=True
        ):
            check.refs(node, "mentions", annotation.mentions, entities, "actor or location")
            for i, stance in enumerate(annotation.stances):
                at = ("stances", i)
                check.ref(node, (*at, "claim"), stance.claim, claims, "claim")
                check.ref(node, (*at, "by"), stance.by, actors, "actor")
                check.ref(node, (*at, "where"), stance.where, locations, "location")


class _Checker:
    def __init__(self, loaded: Loaded, problems: Problems) -> None:
        self.loaded = loaded
        self.problems = problems

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
        sets = [self.loaded.known(kind) for kind in kinds]
        known: set[str] = set()
        for ids in sets:
            if ids is None:
                return  # that kind's file did not parse; its error is already reported
            known |= ids
        pos = locate(node, loc)[0].pos
        if value == self_id:
            self.problems.error(pos, f"'{value}' refers to itself")
        elif value not in known:
            hint = did_you_mean(value, known) or f"define '{value}' first, or check the spelling"
            self.problems.error(pos, f"unknown {what} '{value}'", hint)

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


def _check_speaks_for_cycles(loaded: Loaded, problems: Problems) -> None:
    actors = loaded.dossier.actors
    done: set[str] = set()
    for start in actors:
        path: list[str] = []
        current: str | None = start
        while current in actors and current not in done and current not in path:
            path.append(current)
            current = actors[current].speaks_for
        if current in path and len(path) > 1:
            node = loaded.nodes[("actors", start)]
            cycle = " -> ".join([*path[path.index(current) :], current])
            problems.error(
                locate(node, ("speaks_for",))[0].pos,
                f"speaks_for goes round in a circle: {cycle}",
                "the top of a chain (a state, an alliance) speaks for no one",
            )
        done.update(path)
