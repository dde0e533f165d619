"""The core in order: content -> load -> references, unicode, cited hosts -> articles,
anchors, names -> index -> disputes.

Both the MkDocs plugin and the command line call `compile_dossier`; neither knows
how the steps work. Every step adds to one `Problems`; the result is usable only
when it holds no errors.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any, TypeVar

from .addresses import check_addresses
from .anchor import Anchor, anchor_quotes
from .budget import Budget, article_bytes_over, check_records
from .completeness import check_completeness, check_unused_articles
from .content import Content, scan_content
from .disputes import Contest, find_disputes
from .files import Refused, inside
from .index import Index, Passage, StanceRef, build_index, passages_of, sides_of, stance_refs_of
from .load import Loaded, load_dossier, read_text
from .mentions import AliasMatcher, NamedSpan, nameables
from .model import Annotation, Dossier
from .preview.memo import Memo
from .problems import Position, Problems
from .references import check_references
from .text import AppliedRepair, NormalizedText, apply_repairs
from .unicode_checks import check_article, check_unicode
from .validation import locate
from .weakhosts import check_hosts

T = TypeVar("T")
MAX_ARTICLE_BYTES = 5_000_000
MAX_ARTICLE_CHARS = 5_000_000  # the published text, after repairs


@dataclass(frozen=True, slots=True)
class Project:
    """Where things are. Paths in messages are shown relative to `root`."""

    root: Path
    dossier_dir: Path
    docs_dir: Path
    directory_urls: bool = True  # MkDocs' use_directory_urls: where a page is published
    budget: Budget = field(default_factory=Budget)  # the plugin's max_records, max_pages, ...
    # Hosts a hand-written page may show images from (the site's `image_hosts`): each
    # reader's browser calls them. Empty: images come from the site only.
    image_hosts: frozenset[str] = frozenset()

    def shown(self, path: Path) -> str:
        """The path as written under the root: a link is shown as itself, not its target.
        String work, not pathlib's: a compile asks this for every file."""
        absolute = os.path.abspath(path)
        for base in _bases(self.root):
            if absolute == base:
                return "."
            prefix = os.path.join(base, "")  # with one separator at the end
            if absolute.startswith(prefix):
                return absolute[len(prefix) :].replace(os.sep, "/")
        return path.as_posix()


@cache
def _bases(root: Path) -> tuple[str, str]:
    """The root as written and as resolved: asked for thousands of times a compile."""
    return os.path.abspath(root), str(root.resolve())


@dataclass(slots=True)
class Article:
    """A source's text as published on its page (repairs applied) and its repairs."""

    path: str
    text: str
    repairs: list[AppliedRepair] = field(default_factory=list)
    normal: NormalizedText = field(init=False)  # built once: quotes and names match in it

    def __post_init__(self) -> None:
        self.normal = NormalizedText(self.text)


@dataclass(slots=True)
class Compiled:
    dossier: Dossier
    articles: dict[str, Article]
    anchors: dict[str, list[Anchor | None]]
    named: dict[str, list[NamedSpan]]  # source id -> alias matches in text order
    index: Index | None
    contest: Contest | None
    problems: Problems
    origins: dict[tuple[str, str], Position] = field(default_factory=dict)  # where ids are written
    anchor_by_id: dict[str, dict[str, Anchor]] = field(default_factory=dict)  # source, anchor id
    content: Content = field(default_factory=Content)  # what content/ may publish

    @property
    def ok(self) -> bool:
        return not self.problems.errors


# Makes one part of an output from the compiled dossier, or hands back a copy kept from
# the last rebuild (`incremental.Renderings.part`): (key, make) -> make(compiled).
Part = Callable[[Hashable, Callable[[Compiled], str]], str]


def compile_dossier(project: Project, memo: Memo | None = None) -> Compiled:
    """The whole dossier, checked. With the `memo` of the last compile (the preview keeps
    one), the work on files that did not change is reused rather than done again."""
    memo = memo or Memo()
    memo.begin()
    problems = Problems()
    content = scan_content(project.docs_dir, project.shown, problems, project.image_hosts)
    loaded = load_dossier(project.dossier_dir, project.root, problems, memo)
    if not check_records(loaded, project.budget, problems):  # a flood: nothing more is done
        return _stopped(loaded, problems, content)
    check_addresses(content.published, loaded.dossier, project.directory_urls, problems,
                    lambda relative: project.shown(project.docs_dir / relative))  # fmt: skip
    if article_bytes_over(_article_sizes(project, loaded), project.budget, problems):
        return _stopped(loaded, problems, content)
    check_references(loaded, problems, memo)
    check_unicode(loaded, problems, memo)
    check_completeness(loaded, problems)
    check_hosts(loaded, project.dossier_dir, project.root, problems, memo)
    articles = _read_articles(project, loaded, problems, memo)
    anchors = _anchor_all(loaded, articles, problems, memo)
    named = _find_mentions(loaded, articles, anchors, problems, memo)
    index = contest = None
    if not problems.errors:
        texts = {source_id: article.text for source_id, article in articles.items()}
        made = _passages(loaded, articles, anchors, problems, memo)
        refs = _stance_refs(loaded, made, problems, memo)
        index = build_index(loaded.dossier, texts, anchors, named, made, refs)
        contest = find_disputes(index)
        _lasting(index, memo)
    origins = dict(loaded.id_pos)
    for source_id, path in loaded.annotation_files.items():
        origins[("annotations", source_id)] = Position(path)
    by_id = {
        source_id: {a.anchor_id: a for a in source_anchors if a is not None}
        for source_id, source_anchors in anchors.items()
    }
    return Compiled(
        loaded.dossier, articles, anchors, named, index, contest, problems, origins, by_id, content
    )


def _stopped(loaded: Loaded, problems: Problems, content: Content) -> Compiled:
    """The dossier as loaded, not checked further: it is over its budget."""
    return Compiled(loaded.dossier, {}, {}, {}, None, None, problems, dict(loaded.id_pos),
                    content=content)  # fmt: skip


def _article_sizes(project: Project, loaded: Loaded) -> list[tuple[Position, int]]:
    """Each source's `file:` position and its article's size, from `lstat`: nothing is
    read yet. A file that cannot be reached counts nothing (`_read_articles` says why)."""
    sizes = []
    for source_id, source in loaded.dossier.sources.items():
        try:
            size = inside(project.docs_dir, source.file).lstat().st_size
        except (Refused, OSError, ValueError):
            continue
        node = loaded.nodes[("sources", source_id)]
        sizes.append((locate(node, ("file",))[0].pos, size))
    return sizes


def _read_articles(
    project: Project, loaded: Loaded, problems: Problems, memo: Memo
) -> dict[str, Article]:
    articles: dict[str, Article] = {}
    used: set[Path] = set()
    for source_id, source in loaded.dossier.sources.items():
        node = loaded.nodes[("sources", source_id)]
        file_pos = locate(node, ("file",))[0].pos
        try:
            path = inside(project.docs_dir, source.file)
        except FileNotFoundError:
            problems.error(
                file_pos,
                f"article file '{source.file}' not found in {project.shown(project.docs_dir)}/",
                "the path is relative to the docs directory, e.g. articles/<name>.txt",
            )
            continue
        except Refused as err:
            problems.error(file_pos, err.message, err.hint)
            continue
        except (OSError, ValueError) as err:  # a name too long for the file system, ...
            problems.error(
                file_pos,
                f"file {source.file!a} cannot be opened: {getattr(err, 'strerror', None) or err}",
                "name the article file with letters, digits and hyphens, e.g. articles/<name>.txt",
            )
            continue
        raw = read_text(path, project.shown(path), problems, MAX_ARTICLE_BYTES)
        if raw is None:
            continue
        repairs = [(r.find, r.replace, r.reason) for r in source.repairs]
        shown, removed = project.shown(path), "".join(r.find for r in source.repairs)
        memo.run(
            "article-check",
            (shown, raw, removed),
            problems,
            partial(check_article, raw, shown, removed),
        )
        article = memo.run(
            "article",
            (shown, raw, tuple(repairs)),
            problems,
            partial(_article, shown, raw, repairs),
        )
        applied = article.repairs
        for i, repair in enumerate(applied):
            if repair.too_long:
                problems.error(
                    locate(node, ("repairs", i, "replace"))[0].pos,
                    f"this repair would make the text {repair.too_long:,} characters long, "
                    f"more than the {MAX_ARTICLE_CHARS:,} allowed (it and the repairs after "
                    "it are not applied)",
                    "a repair fixes a defect in a few characters; make 'find' match only them",
                )
            elif repair.count == 0:
                problems.error(
                    locate(node, ("repairs", i, "find"))[0].pos,
                    f"repair finds no '{repair.find}' in {project.shown(path)}",
                    "the article changed or the repair was already applied; remove or fix it",
                )
        articles[source_id] = article
        used.add(path.resolve())  # no link on the way: `inside` checked every part
    if loaded.known("sources") == set(loaded.dossier.sources):  # else: a source is broken
        check_unused_articles(project.docs_dir, used, project.shown, problems)
    return articles


def _article(shown: str, raw: str, repairs: list[tuple[str, str, str]], _: Problems) -> Article:
    text, applied = apply_repairs(raw, repairs, MAX_ARTICLE_CHARS)
    return Article(shown, text, applied)


def _anchor_all(
    loaded: Loaded, articles: dict[str, Article], problems: Problems, memo: Memo
) -> dict[str, list[Anchor | None]]:
    anchors: dict[str, list[Anchor | None]] = {}
    for source_id, source_annotations in loaded.dossier.annotations.items():
        article = articles.get(source_id)
        if article is None:
            anchors[source_id] = [None] * len(source_annotations)
            continue
        nodes = loaded.annotation_nodes[source_id]
        anchor = partial(anchor_quotes, article.normal, source_annotations, nodes, article.path)
        # The annotations are validated from the nodes: the nodes stand for them.
        anchors[source_id] = memo.run("anchor", "", problems, anchor, (article, *nodes))
    return anchors


def _find_mentions(
    loaded: Loaded,
    articles: dict[str, Article],
    anchors: dict[str, list[Anchor | None]],
    problems: Problems,
    memo: Memo,
) -> dict[str, list[NamedSpan]]:
    entities = nameables(loaded)
    names = tuple((e.entity_id, e.name, *(alias for alias, _ in e.aliases)) for e in entities)
    names = memo.same("names", names)  # the same object while every name is unchanged
    matcher = AliasMatcher(entities, problems)
    named = {}
    for source_id, article in articles.items():
        annotations = loaded.dossier.annotations.get(source_id, [])
        nodes = loaded.annotation_nodes.get(source_id, [])
        find = partial(_find, matcher, article, annotations, anchors.get(source_id, []))
        named[source_id] = memo.run("mentions", "", problems, find, (names, article, *nodes))
    return named


def _passages(
    loaded: Loaded,
    articles: dict[str, Article],
    anchors: dict[str, list[Anchor | None]],
    problems: Problems,
    memo: Memo,
) -> dict[str, list[Passage]]:
    """Each source's passages: the very same objects while its files are unchanged, so
    the preview's fingerprints (`tracking`) of every backlink list hash them once."""
    made: dict[str, list[Passage]] = {}
    for source_id, article in articles.items():
        annotations = loaded.dossier.annotations.get(source_id, [])
        nodes = loaded.annotation_nodes.get(source_id, [])
        make = partial(_make_passages, source_id, annotations, anchors.get(source_id, []), article)
        passages = memo.run("passages", "", problems, make, (article, *nodes))
        keys = [("passage", source_id, passage.anchor.anchor_id) for passage in passages]
        made[source_id] = memo.same(("passages", source_id), _lasting_each(keys, passages, memo))
    return made


def _stance_refs(
    loaded: Loaded, made: dict[str, list[Passage]], problems: Problems, memo: Memo
) -> dict[str, list[list[StanceRef]]]:
    """Each source's stances, the very same objects while its passages, its outlet and
    every actor's side are unchanged."""
    sides: dict[str | None, str | None] = {None: None}
    sides.update(sides_of(loaded.dossier))
    every_side = memo.same("sides", tuple(sides.items()))  # the same while no side changes
    refs: dict[str, list[list[StanceRef]]] = {}
    for source_id, passages in made.items():
        outlet = loaded.dossier.sources[source_id].outlet
        make = partial(_make_stance_refs, passages, outlet, sides)
        source_refs = memo.run("stances", outlet, problems, make, (every_side, passages))
        refs[source_id] = []
        for passage, stances in zip(passages, source_refs, strict=True):
            at = ("stance", source_id, passage.anchor.anchor_id)
            keys = [(*at, number) for number in range(len(stances))]
            refs[source_id].append(_lasting_each(keys, stances, memo))
    return refs


def _lasting_each(keys: Sequence[Hashable], items: list[T], memo: Memo) -> list[T]:
    """The items, each equal to the one the last compile had under its key replaced by
    that one: when one annotation of a file changes, the others' passages and stances
    stay the objects they were, and only the pages that show the changed one are made
    again (`tracking` tells them by identity)."""
    return [memo.same(key, item) for key, item in zip(keys, items, strict=True)]


def _make_stance_refs(
    passages: list[Passage],
    outlet: str | None,
    sides: dict[str | None, str | None],
    _: Problems,
) -> list[list[StanceRef]]:
    return stance_refs_of(passages, outlet, sides)


def _lasting(index: Index, memo: Memo) -> None:
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
            table[key] = memo.same(("index", name, key), value)


def _make_passages(
    source_id: str,
    annotations: list[Annotation],
    anchors: list[Anchor | None],
    article: Article,
    _: Problems,
) -> list[Passage]:
    return passages_of(source_id, annotations, anchors, article.text)


def _find(
    matcher: AliasMatcher,
    article: Article,
    annotations: list[Annotation],
    anchors: list[Anchor | None],
    _: Problems,
) -> list[NamedSpan]:
    return matcher.find(article.normal, annotations, anchors)


__all__ = ["Article", "Compiled", "Position", "Project", "compile_dossier"]
