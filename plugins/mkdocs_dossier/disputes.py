"""Disputes and corroboration, derived from stances and claim relations, never written.

Flow: the index's stances per claim -> two camps per dispute: a claim that one side
asserts (or suggests) and another denies, or two contradicting claims that are both
asserted (whoever denies one is counted with the other) -> disputes ranked most
contested first -> which sides oppose each other -> each claim's status, and the
claims that several sides assert, marked when sides that oppose elsewhere agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .index import ClaimInfo, ClaimStatus, Index, StanceRef

POSITIVE = frozenset({"asserts", "suggests"})
# The contradictions page lists the most contested disputes in full, up to this many,
# and up to MAX_QUOTES_PER_CAMP quotes in each camp; every claim page still lists all
# of its stances. 600 claims that all contradict each other make 179,700 disputes:
# without these limits one page would be hundreds of megabytes.
MAX_DISPUTES_LISTED = 500
MAX_QUOTES_PER_CAMP = 30


@dataclass(slots=True)
class Camp:
    """One position in a dispute: the stances that hold it, and the sides they speak for."""

    claim_id: str  # the claim this camp holds to be true
    refs: list[StanceRef] = field(default_factory=list)

    @property
    def sides(self) -> list[str | None]:
        return list(dict.fromkeys(ref.side for ref in self.refs))


@dataclass(slots=True)
class Dispute:
    """A claim against its denial (one claim id), or two claims that contradict (two ids)."""

    claim_ids: tuple[str, ...]
    camps: tuple[Camp, Camp]

    @property
    def weight(self) -> tuple[int, int, int]:
        """Most contested first: more sides, then more voices, then more sources."""
        refs = [*self.camps[0].refs, *self.camps[1].refs]
        sides = {*self.camps[0].sides, *self.camps[1].sides}
        return (len(sides), len(refs), len({r.passage.source_id for r in refs}))


@dataclass(slots=True)
class Corroboration:
    claim_id: str
    sides: list[str | None]
    across_the_divide: bool  # asserted by sides that oppose each other in some dispute


@dataclass(slots=True)
class Contest:
    disputes: list[Dispute]  # most contested first
    corroborations: list[Corroboration]
    opposed: set[frozenset[str | None]]
    by_claim: dict[str, list[int]] = field(default_factory=dict)  # claim -> dispute ranks


def find_disputes(index: Index) -> Contest:
    """Fill each claim's status in `index` and return the disputes and corroborations."""
    claims = index.claims
    # Each claim's stances split once, not once per pair it is in.
    holds = {claim_id: _refs(info, POSITIVE) for claim_id, info in claims.items()}
    denies = {claim_id: _refs(info, {"denies"}) for claim_id, info in claims.items()}
    disputes: list[Dispute] = []
    in_pair: set[str] = set()
    for claim_id, info in claims.items():
        for other in info.contradicts:
            if claim_id < other and holds[claim_id] and holds[other]:
                dispute = Dispute(
                    (claim_id, other),
                    (
                        Camp(claim_id, holds[claim_id] + denies[other]),
                        Camp(other, holds[other] + denies[claim_id]),
                    ),
                )
                if _sides_differ(dispute):
                    disputes.append(dispute)
                    in_pair.update(dispute.claim_ids)
    for claim_id in claims:
        if claim_id in in_pair:
            continue
        dispute = Dispute(
            (claim_id,), (Camp(claim_id, holds[claim_id]), Camp(claim_id, denies[claim_id]))
        )
        if dispute.camps[0].refs and dispute.camps[1].refs and _sides_differ(dispute):
            disputes.append(dispute)
    disputes.sort(key=lambda d: d.weight, reverse=True)

    opposed = {
        frozenset((a, b))
        for d in disputes
        for a in d.camps[0].sides
        for b in d.camps[1].sides
        if a != b
    }
    disputed = {claim_id for d in disputes for claim_id in d.claim_ids}
    corroborations = []
    for claim_id, info in list(claims.items()):
        sides = list(dict.fromkeys(r.side for r in info.stances if r.stance in POSITIVE))
        status = index.statuses[claim_id] = _status(info, claim_id in disputed, len(sides))
        claims[claim_id] = replace(info, status=status)  # frozen: the index holds the new one
        if status == "corroborated":
            across = any(
                frozenset((a, b)) in opposed for i, a in enumerate(sides) for b in sides[i + 1 :]
            )
            corroborations.append(Corroboration(claim_id, sides, across))
    corroborations.sort(key=lambda c: (c.across_the_divide, len(c.sides)), reverse=True)
    by_claim: dict[str, list[int]] = {}
    for rank, dispute in enumerate(disputes):
        for claim_id in dict.fromkeys(dispute.claim_ids):
            by_claim.setdefault(claim_id, []).append(rank)
    return Contest(disputes, corroborations, opposed, by_claim)


def _refs(info: ClaimInfo, kinds: set[str] | frozenset[str]) -> list[StanceRef]:
    return [ref for ref in info.stances if ref.stance in kinds]


def _sides_differ(dispute: Dispute) -> bool:
    first, second = (set(camp.sides) for camp in dispute.camps)
    return any(a != b for a in first for b in second)


def _status(info: ClaimInfo, disputed: bool, asserting_sides: int) -> ClaimStatus:
    if not info.stances:
        return "unattested"
    if disputed:
        return "disputed"
    denied = any(ref.stance == "denies" for ref in info.stances)
    if asserting_sides > 1 and not denied:
        return "corroborated"
    if len({ref.passage.source_id for ref in info.stances}) == 1:
        return "single-source"
    return "uncontested"
