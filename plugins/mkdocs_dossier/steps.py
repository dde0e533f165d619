"""The compile's steps of one file, one record or one article, each run through the memo.

Why a module: this is the one place where the preview's reuse (`preview.memo`) meets the
core. The steps themselves (`load`, `validation`, `references`, `unicode_checks`,
`weakhosts`, `articles`, `anchor`, `mentions`, `index`) are pure functions that know
nothing of memos; here each runs through `Memo.run` with the key that says when its
result may be reused (the file's text, or the very objects an earlier step returned:
`holds`), and `Memo.same` hands back the last compile's object when the new one is equal,
so that later steps, and the preview's `tracking`, know it by identity. `mkdocs build`
and `dossier check` run the same steps with a fresh memo, which reuses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from .anchor import Anchor, anchor_quotes
from .articles import Article, check_repairs, make_article, read_article
from .index import Index, Passage, StanceRef, passages_of, sides_of, stance_refs_of
from .load import (
    ANNOTATIONS,
    KIND_MODELS,
    Loaded,
    add_annotations,
    add_record,
    annotations_in,
    dossier_files,
    record_nodes,
    yaml_text,
)
from .mentions import AliasMatcher, NamedSpan, nameables
from .model import Annotation, Dossier
from .preview.memo import Memo
from .problems import Problems
from .references import annotation_refs, check_record_references
from .unicode_checks import check_article
from .unicode_checks import check_nodes as check_strings
from .validation import locate, validate
from .weakhosts import Entry
from .weakhosts import check_nodes as check_urls
from .yamltree import YMap, YNode, parse_yaml

T = TypeVar("T")


class Steps:
    """One compile's steps, run through `memo` (the last compile's, or a fresh one)."""

    def __init__(self, memo: Memo) -> None:
        self._memo = memo
        memo.begin()

    def load(self, dossier_dir: Path, root: Path, problems: Problems) -> Loaded:
        """`load.load_dossier`, step for step: a file is parsed again only when its text
        changed, a record validated again only when its node did."""
        loaded = Loaded(Dossier())
        for kind, path in dossier_files(dossier_dir, root, problems):
            shown, text = yaml_text(path, root, problems)
            if kind == ANNOTATIONS:
                found: tuple[list[Annotation], list[YMap]] = ([], [])
                if text is not None:  # a whole file a step: one annotations file an article
                    annotate = partial(annotations_in, text, shown)
                    found = self._memo.run("annotations", (shown, text), problems, annotate)
                add_annotations(loaded, path.stem, shown, found)
                continue
            node: YNode | None = None
            if text is not None:
                parse = partial(parse_yaml, text, shown)
                node = self._memo.run("parse", (shown, text), problems, parse)
            model = KIND_MODELS[kind]
            for record_id, written in record_nodes(loaded, kind, path, node, problems):
                # Equal text at the same place, from a file parsed again because another
                # record in it changed: the node the last compile validated.
                value = self._memo.same((kind, record_id), written)
                check = partial(validate, model, value)
                record = self._memo.run("validate", model.__name__, problems, check, (value,))
                add_record(loaded, kind, record_id, value, record)
        return loaded

    def check_references(self, loaded: Loaded, problems: Problems) -> None:
        """Each annotations file's references, reused while it and the known ids are
        unchanged; the unknown ones are reported in file order, with the run's did-you-means."""
        check = check_record_references(loaded, problems)
        known = check.known_ids()
        key: Hashable = tuple(None if ids is None else frozenset(ids) for ids in known.values())
        key = self._memo.same("known ids", key)  # then each lookup below matches by identity
        for written, nodes in check.annotation_files():
            scan = partial(annotation_refs, known, written, nodes)
            for unknown in self._memo.run("references", key, problems, scan, tuple(nodes)):
                check.unknown(unknown)

    def check_unicode(self, loaded: Loaded, problems: Problems) -> None:
        """Every string of every record; an unchanged record or annotations file is not
        checked again."""
        for group in _groups(loaded):
            self._memo.run("unicode", "", problems, partial(check_strings, group), group)

    def check_hosts(self, loaded: Loaded, hosts: dict[str, Entry], problems: Problems) -> None:
        """Every URL against the host lists; an unchanged record or annotations file is
        not checked again while the lists are the same."""
        lists = hash(tuple(hosts.items()))  # once, not once a node
        for group in _groups(loaded):
            self._memo.run("hosts", lists, problems, partial(check_urls, group, hosts), group)

    def articles(
        self, docs_dir: Path, shown: Callable[[Path], str], loaded: Loaded, problems: Problems
    ) -> tuple[dict[str, Article], set[Path]]:
        """Each source's article, made again only when its file or its repairs changed;
        and the files read (resolved), for the check of articles no source names."""
        articles: dict[str, Article] = {}
        used: set[Path] = set()
        for source_id, source in loaded.dossier.sources.items():
            node = loaded.nodes[("sources", source_id)]
            file_pos = locate(node, ("file",))[0].pos
            found = read_article(docs_dir, shown, source.file, file_pos, problems)
            if found is None:
                continue
            path, raw = found
            at = shown(path)
            removed = "".join(r.find for r in source.repairs)
            look = partial(check_article, raw, at, removed)
            self._memo.run("article-check", (at, raw, removed), problems, look)
            repairs = tuple((r.find, r.replace, r.reason) for r in source.repairs)
            make = partial(make_article, at, raw, repairs)
            article = self._memo.run("article", (at, raw, repairs), problems, make)
            check_repairs(node, article, problems)
            articles[source_id] = article
            used.add(path.resolve())  # no link on the way: `inside` checked every part
        return articles, used

    def anchors(
        self, loaded: Loaded, articles: dict[str, Article], problems: Problems
    ) -> dict[str, list[Anchor | None]]:
        """Each source's quotes anchored, again only when its article or annotations changed."""
        anchors: dict[str, list[Anchor | None]] = {}
        for source_id, source_annotations in loaded.dossier.annotations.items():
            article = articles.get(source_id)
            if article is None:
                anchors[source_id] = [None] * len(source_annotations)
                continue
            nodes = loaded.annotation_nodes[source_id]
            anchor = partial(anchor_quotes, article.normal, source_annotations, nodes, article.path)
            # The annotations are validated from the nodes: the nodes stand for them.
            anchors[source_id] = self._memo.run("anchor", "", problems, anchor, (article, *nodes))
        return anchors

    def mentions(
        self,
        loaded: Loaded,
        articles: dict[str, Article],
        anchors: dict[str, list[Anchor | None]],
        problems: Problems,
    ) -> dict[str, list[NamedSpan]]:
        """The names in each article, found again only when it, its annotations or any
        name changed."""
        entities = nameables(loaded)
        names = tuple((e.entity_id, e.name, *(alias for alias, _ in e.aliases)) for e in entities)
        names = self._memo.same("names", names)  # the same object while every name is unchanged
        matcher = AliasMatcher(entities, problems)
        named = {}
        for source_id, article in articles.items():
            annotations = loaded.dossier.annotations.get(source_id, [])
            nodes = loaded.annotation_nodes.get(source_id, [])
            found = partial(_find, matcher, article, annotations, anchors.get(source_id, []))
            holds = (names, article, *nodes)
            named[source_id] = self._memo.run("mentions", "", problems, found, holds)
        return named

    def passages(
        self,
        loaded: Loaded,
        articles: dict[str, Article],
        anchors: dict[str, list[Anchor | None]],
        problems: Problems,
    ) -> dict[str, list[Passage]]:
        """Each source's passages: the very same objects while its files are unchanged, so
        the preview's fingerprints (`tracking`) of every backlink list hash them once."""
        made: dict[str, list[Passage]] = {}
        for source_id, article in articles.items():
            annotations = loaded.dossier.annotations.get(source_id, [])
            nodes = loaded.annotation_nodes.get(source_id, [])
            make = partial(_passages, source_id, annotations, anchors.get(source_id, []), article)
            passages = self._memo.run("passages", "", problems, make, (article, *nodes))
            keys = [("passage", source_id, passage.anchor.anchor_id) for passage in passages]
            lasting = self._lasting(keys, passages)
            made[source_id] = self._memo.same(("passages", source_id), lasting)
        return made

    def stance_refs(
        self, loaded: Loaded, made: dict[str, list[Passage]], problems: Problems
    ) -> dict[str, list[list[StanceRef]]]:
        """Each source's stances, the very same objects while its passages, its outlet and
        every actor's side are unchanged."""
        sides: dict[str | None, str | None] = {None: None}
        sides.update(sides_of(loaded.dossier))
        # The same object while no side changes.
        every_side = self._memo.same("sides", tuple(sides.items()))
        refs: dict[str, list[list[StanceRef]]] = {}
        for source_id, passages in made.items():
            outlet = loaded.dossier.sources[source_id].outlet
            make = partial(_stance_refs, passages, outlet, sides)
            source_refs = self._memo.run("stances", outlet, problems, make, (every_side, passages))
            refs[source_id] = []
            for passage, stances in zip(passages, source_refs, strict=True):
                at = ("stance", source_id, passage.anchor.anchor_id)
                keys = [(*at, number) for number in range(len(stances))]
                refs[source_id].append(self._lasting(keys, stances))
        return refs

    def keep_identities(self, index: Index) -> None:
        """Each backlink entry equal to the last compile's is replaced by that one: the
        preview's fingerprints (`tracking`) know an object they hashed before by identity.
        Called when nothing changes the index any more (`find_disputes` sets statuses)."""
        tables: dict[str, dict[str, Any]] = {
            "passages": index.passages,
            "claims": index.claims,
            "entities": index.entities,
        }
        for name, table in tables.items():
            for key, value in table.items():
                table[key] = self._memo.same(("index", name, key), value)

    def _lasting(self, keys: Sequence[Hashable], items: list[T]) -> list[T]:
        """The items, each equal to the one the last compile had under its key replaced by
        that one: when one annotation of a file changes, the others' passages and stances
        stay the objects they were, and only the pages that show the changed one are made
        again (`tracking` tells them by identity)."""
        return [self._memo.same(key, item) for key, item in zip(keys, items, strict=True)]


def _groups(loaded: Loaded) -> list[tuple[YMap, ...]]:
    """What the string checks take a step at a time: one record, or one source's annotations."""
    groups: list[tuple[YMap, ...]] = [(node,) for node in loaded.nodes.values()]
    groups += [tuple(nodes) for nodes in loaded.annotation_nodes.values()]
    return groups


# The pure steps below, in the form `Memo.run` calls: their problems come last.


def _find(
    matcher: AliasMatcher,
    article: Article,
    annotations: list[Annotation],
    anchors: list[Anchor | None],
    _: Problems,
) -> list[NamedSpan]:
    return matcher.find(article.normal, annotations, anchors)


def _passages(
    source_id: str,
    annotations: list[Annotation],
    anchors: list[Anchor | None],
    article: Article,
    _: Problems,
) -> list[Passage]:
    return passages_of(source_id, annotations, anchors, article.text)


def _stance_refs(
    passages: list[Passage],
    outlet: str | None,
    sides: dict[str | None, str | None],
    _: Problems,
) -> list[list[StanceRef]]:
    return stance_refs_of(passages, outlet, sides)
