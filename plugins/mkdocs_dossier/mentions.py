"""Find where actors and locations are named in article text, by their names and aliases.

Flow: every alias (and name) of every actor and location -> one Aho-Corasick automaton, built
once -> one pass over each article's normal form -> whole-word matches, leftmost
longest first -> where an annotation covers the words and explicitly mentions an
entity with that name, the annotation wins. Cost is linear in the text, whatever
the number of aliases.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import ahocorasick

from .anchor import Anchor
from .load import Loaded
from .model import Actor, Annotation, Location
from .problems import Position, Problems
from .text import NormalizedText, fold
from .validation import locate


@dataclass(frozen=True, slots=True)
class NamedSpan:
    """Words in a published text that name an entity, with a permalink id."""

    entity_id: str
    start: int
    end: int
    anchor_id: str


@dataclass(frozen=True, slots=True)
class Nameable:
    """An actor or location as the matcher sees it: its id, name, and placed aliases."""

    entity_id: str
    name: str
    aliases: list[tuple[str, Position]]
    name_pos: Position | None = None


def nameables(loaded: Loaded) -> list[Nameable]:
    records: list[tuple[str, str, Actor | Location]] = [
        *(("actors", key, actor) for key, actor in loaded.dossier.actors.items()),
        *(("locations", key, place) for key, place in loaded.dossier.locations.items()),
    ]
    return [
        Nameable(
            entity_id,
            record.name,
            [
                (alias, locate(loaded.nodes[(kind, entity_id)], ("aliases", i))[0].pos)
                for i, alias in enumerate(record.aliases)
            ],
            locate(loaded.nodes[(kind, entity_id)], ("name",))[0].pos,
        )
        for kind, entity_id, record in records
    ]


class AliasMatcher:
    """All aliases in one automaton; `find` runs it over one article."""

    def __init__(self, entities: list[Nameable], problems: Problems) -> None:
        self.names: dict[str, set[str]] = {}  # entity id -> folded name and aliases
        owners: dict[str, tuple[str, Position]] = {}
        self.automaton = ahocorasick.Automaton()
        for entity in entities:
            self.names[entity.entity_id] = {
                fold(entity.name),
                *(fold(a) for a, _ in entity.aliases),
            }
            for alias, pos in entity.aliases:
                key = fold(alias)
                if key in owners and owners[key][0] != entity.entity_id:
                    first_id, first_pos = owners[key]
                    problems.error(
                        pos,
                        f"alias '{alias}' also names '{first_id}' (at {first_pos})",
                        "a quote with these words would be ambiguous: an alias names one "
                        "entity; remove it from one of them (an annotation's mentions can "
                        "still name the other)",
                    )
                    continue
                if key and key not in owners:
                    owners[key] = (entity.entity_id, pos)
                    self.automaton.add_word(key, (len(key), entity.entity_id))
        claimed = set(owners)
        named: dict[str, tuple[str, Position]] = {}  # folded name -> its first record
        for entity in entities:  # names too, where no alias claims the same words
            key = fold(entity.name)
            where = entity.name_pos or Position(entity.entity_id)
            if key in named and key not in owners and named[key][0] != entity.entity_id:
                first_id, first_pos = named[key]
                problems.warning(
                    where,
                    f"name '{entity.name}' is also the name of '{first_id}' (at {first_pos}); "
                    f"the text's '{entity.name}' links to '{first_id}'",
                    "a quote with these words is ambiguous: give the one the articles mean an "
                    "alias with these words, or make the names differ, e.g. 'Turkey (territory)'",
                )
            named.setdefault(key, (entity.entity_id, where))
            if key and key not in claimed:
                claimed.add(key)
                self.automaton.add_word(key, (len(key), entity.entity_id))
        if len(self.automaton):
            self.automaton.make_automaton()

    def find(
        self,
        article: NormalizedText,
        annotations: list[Annotation],
        anchors: list[Anchor | None],
    ) -> list[NamedSpan]:
        """Whole-word alias matches in text order, as original offsets."""
        if not len(self.automaton):
            return []
        text = article.text
        matches = []
        for end_index, (length, entity_id) in self.automaton.iter(text):
            start, end = end_index - length + 1, end_index + 1
            if _whole_word(text, start, end):
                matches.append((start, end, entity_id))
        matches.sort(key=lambda m: (m[0], -(m[1] - m[0])))

        spans = [
            (a.start, a.end, annotation)
            for annotation, a in zip(annotations, anchors, strict=True)
            if a is not None
        ]
        spans.sort(key=lambda s: s[0])
        found: list[NamedSpan] = []
        counts: dict[str, int] = defaultdict(int)
        last_end = -1
        next_span = 0
        active: list[tuple[int, int, Annotation]] = []
        for norm_start, norm_end, entity_id in matches:
            if norm_start < last_end:
                continue  # overlaps a longer or earlier match
            start, end = article.to_original(norm_start), article.to_original(norm_end)
            while next_span < len(spans) and spans[next_span][0] < end:
                active.append(spans[next_span])
                next_span += 1
            active = [s for s in active if s[1] > start]
            if any(s[0] < start < s[1] < end or start < s[0] < end for s in active):
                continue  # straddles a quote's edge: the highlight keeps its exact words
            chosen = self._explicit(text[norm_start:norm_end], active, start, end) or entity_id
            counts[chosen] += 1
            found.append(NamedSpan(chosen, start, end, f"m-{chosen}-{counts[chosen]}"))
            last_end = norm_end
        return found

    def _explicit(
        self, words: str, active: list[tuple[int, int, Annotation]], start: int, end: int
    ) -> str | None:
        """An entity that a covering annotation mentions by exactly these words."""
        for span_start, span_end, annotation in active:
            if span_start <= start and end <= span_end:
                for entity_id in annotation.mentions:
                    if words in self.names.get(entity_id, ()):
                        return entity_id
        return None


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())
