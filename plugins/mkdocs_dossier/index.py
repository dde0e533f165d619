"""The cross-reference graph: who said what where, computed once from anchored annotations.

Flow: the dossier and every source's anchors and names -> one pass over the annotations
fills per-id lists (backlinks), then claim relations are made symmetric. Claim status
is left to `disputes.py`. Renderers only read from here; no page scans the dossier.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from .anchor import Anchor
from .mentions import NamedSpan
from .model import Annotation, Citation, Dossier

ClaimStatus = Literal["disputed", "corroborated", "single-source", "uncontested", "unattested"]


@dataclass(frozen=True, slots=True)
class Passage:
    """An annotated quote: exact words at an anchor on a source page."""

    source_id: str
    anchor: Anchor
    quote: str
    annotation: Annotation


@dataclass(frozen=True, slots=True)
class StanceRef:
    claim_id: str
    stance: str
    speaker: str | None  # actor id; the outlet's when the stance names no one
    side: str | None  # the top of the speaker's speaks_for chain
    outlet_voice: bool
    where: str | None
    when: str | None
    passage: Passage
    cite: tuple[Citation, ...] = ()  # where its time or place comes from, if not the article


@dataclass(frozen=True, slots=True)
class ClaimInfo:
    """Backlinks of a claim. Frozen, as every record the pages read: the preview knows a
    value it hashed before by identity (`tracking`), so none may change after its compile."""

    stances: tuple[StanceRef, ...] = ()
    contradicts: tuple[str, ...] = ()  # both directions
    supports: tuple[str, ...] = ()
    supported_by: tuple[str, ...] = ()
    refined_by: tuple[str, ...] = ()  # more specific forms of it
    status: ClaimStatus = "unattested"  # set by disputes.find_disputes


@dataclass(frozen=True, slots=True)
class EntityInfo:
    """Backlinks of an actor or a location (frozen, as `ClaimInfo`)."""

    mentions: tuple[Passage, ...] = ()  # annotations that mention it
    named: tuple[tuple[str, NamedSpan], ...] = ()  # (source id, words)
    stances: tuple[StanceRef, ...] = ()  # said by it, or said there
    claims_about: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # actors speaking for it / places in it


@dataclass(slots=True)
class _Lists:
    """A claim's or an entity's backlinks while the index is built, then frozen."""

    stances: list[StanceRef] = field(default_factory=list)
    contradicts: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    supported_by: list[str] = field(default_factory=list)
    refined_by: list[str] = field(default_factory=list)
    mentions: list[Passage] = field(default_factory=list)
    named: list[tuple[str, NamedSpan]] = field(default_factory=list)
    claims_about: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)

    def claim(self) -> ClaimInfo:
        return ClaimInfo(
            tuple(self.stances),
            tuple(self.contradicts),
            tuple(self.supports),
            tuple(self.supported_by),
            tuple(self.refined_by),
        )

    def entity(self) -> EntityInfo:
        return EntityInfo(
            tuple(self.mentions),
            tuple(self.named),
            tuple(self.stances),
            tuple(self.claims_about),
            tuple(self.members),
        )


@dataclass(frozen=True, slots=True)
class Counts:
    """What the index pages and the map show of a record: how many quotes and names it
    has, apart from the quotes, so that a page showing a count does not depend on every
    quote behind it (an edit to one note leaves the counts as they were)."""

    quotes: int = 0  # a source's passages, a claim's stances, the quotes that mention an entity
    named: int = 0  # an entity's names found in the articles' text
    said_by: int = 0  # an actor's own stances
    said_here: int = 0  # the stances made at a location


@dataclass(slots=True)
class Index:
    passages: dict[str, list[Passage]]  # source id -> passages in text order
    claims: dict[str, ClaimInfo]
    entities: dict[str, EntityInfo]  # actor and location ids
    sources_of_outlet: dict[str, list[str]]
    sides: dict[str | None, str | None] = field(default_factory=dict)  # actor -> its side
    # claim -> its status (`disputes.py`): apart from `claims`, so that a page that only
    # marks a disputed claim does not depend on every quote of it
    statuses: dict[str, ClaimStatus] = field(default_factory=dict)
    # ("sources" | "claims" | "entities", id) -> its counts, apart for the same reason
    counts: dict[tuple[str, str], Counts] = field(default_factory=dict)


def sides_of(dossier: Dossier) -> dict[str, str | None]:
    """Every actor's side: the actor at the top of its speaks_for chain (a minister's state).

    Each chain is walked once and every actor on it gets the answer, so 40,000 actors in
    one long chain cost 40,000 steps, not 40,000 walks.
    """
    sides: dict[str, str | None] = {}
    for start in dossier.actors:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = start
        while current is not None and current not in sides:
            if current not in dossier.actors or current in on_path:
                break  # unknown or circular: already reported; the last one reached stands
            path.append(current)
            on_path.add(current)
            parent = dossier.actors[current].speaks_for
            if parent is None:
                sides[current] = current
                path.pop()
                break
            current = parent
        top = sides.get(current, current) if current is not None else None
        for actor_id in path:
            sides[actor_id] = top
    return sides


def passages_of(
    source_id: str, annotations: list[Annotation], anchors: list[Anchor | None], text: str
) -> list[Passage]:
    """One source's anchored annotations as passages, in the order of its file."""
    return [
        Passage(source_id, anchor, text[anchor.start : anchor.end], annotation)
        for annotation, anchor in zip(annotations, anchors, strict=True)
        if anchor is not None
    ]


def stance_refs_of(
    passages: list[Passage], outlet: str | None, sides: dict[str | None, str | None]
) -> list[list[StanceRef]]:
    """Each passage's stances, with who speaks (the outlet, when the stance names no one)
    and for which side. The outlet's own narration is its own side, never the side its
    outlet speaks for: a state broadcaster's sentence is not the state's statement."""
    made = []
    for passage in passages:
        refs = []
        for stance in passage.annotation.stances:
            speaker = stance.by or outlet
            refs.append(
                StanceRef(
                    stance.claim,
                    stance.stance,
                    speaker,
                    speaker if stance.by is None else sides.get(speaker, speaker),
                    stance.by is None,
                    stance.where,
                    stance.when,
                    passage,
                    tuple(stance.cite),
                )
            )
        made.append(refs)
    return made


def build_index(
    dossier: Dossier,
    texts: dict[str, str],
    anchors: dict[str, list[Anchor | None]],
    named: dict[str, list[NamedSpan]],
    made: dict[str, list[Passage]] | None = None,
    refs_made: dict[str, list[list[StanceRef]]] | None = None,
) -> Index:
    """`texts` are the published article texts; `anchors` align with dossier.annotations.
    `made`: sources' passages (`passages_of`) made already, e.g. kept from the last build;
    `refs_made`: their stances (`stance_refs_of`), likewise."""
    entities = {key: _Lists() for key in (*dossier.actors, *dossier.locations)}
    claims = {key: _Lists() for key in dossier.claims}
    passages: dict[str, list[Passage]] = {}
    sides: dict[str | None, str | None] = {None: None}
    sides.update(sides_of(dossier))

    for source_id, source_annotations in dossier.annotations.items():
        source = dossier.sources.get(source_id)
        if source is None:
            continue
        in_order = (made or {}).get(source_id)
        if in_order is None:
            in_order = passages_of(
                source_id, source_annotations, anchors[source_id], texts[source_id]
            )
        refs = (refs_made or {}).get(source_id)
        if refs is None:
            refs = stance_refs_of(in_order, source.outlet, sides)
        for passage, passage_refs in zip(in_order, refs, strict=True):
            for entity_id in passage.annotation.mentions:
                entities[entity_id].mentions.append(passage)
            for ref in passage_refs:
                claims[ref.claim_id].stances.append(ref)
                if ref.speaker is not None:
                    entities[ref.speaker].stances.append(ref)
                if ref.where is not None:
                    entities[ref.where].stances.append(ref)
        passages[source_id] = sorted(in_order, key=lambda p: (p.anchor.start, -p.anchor.end))

    for source_id, spans in named.items():
        for span in spans:
            entities[span.entity_id].named.append((source_id, span))

    for claim_id, claim in dossier.claims.items():
        for other in claim.contradicts:
            _add_once(claims[claim_id].contradicts, other)
            _add_once(claims[other].contradicts, claim_id)
        for other in claim.supports:
            _add_once(claims[claim_id].supports, other)
            _add_once(claims[other].supported_by, claim_id)
        if claim.refines is not None:
            claims[claim.refines].refined_by.append(claim_id)
        for entity_id in claim.about:
            entities[entity_id].claims_about.append(claim_id)
    for actor_id, actor in dossier.actors.items():
        if actor.speaks_for is not None:
            entities[actor.speaks_for].members.append(actor_id)
    for location_id, location in dossier.locations.items():
        if location.part_of is not None:
            entities[location.part_of].members.append(location_id)
    outlets: dict[str, list[str]] = defaultdict(list)
    for source_id, source in dossier.sources.items():
        if source.outlet:
            outlets[source.outlet].append(source_id)
    index = Index(
        passages,
        {claim_id: lists.claim() for claim_id, lists in claims.items()},
        {entity_id: lists.entity() for entity_id, lists in entities.items()},
        dict(outlets),
        sides,
    )
    index.counts = _counts(dossier, index)
    return index


def _counts(dossier: Dossier, index: Index) -> dict[tuple[str, str], Counts]:
    counts = {
        ("sources", source_id): Counts(quotes=len(index.passages.get(source_id, [])))
        for source_id in dossier.sources
    }
    for claim_id, info in index.claims.items():
        counts[("claims", claim_id)] = Counts(quotes=len(info.stances))
    for entity_id, entity in index.entities.items():
        counts[("entities", entity_id)] = Counts(
            quotes=len(entity.mentions),
            named=len(entity.named),
            said_by=sum(1 for ref in entity.stances if ref.speaker == entity_id),
            said_here=sum(1 for ref in entity.stances if ref.where == entity_id),
        )
    return counts


def _add_once(items: list[str], item: str) -> None:
    if item not in items:  # relation lists are a handful of ids long
        items.append(item)
