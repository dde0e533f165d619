"""The core in order: content -> load -> references, unicode, cited hosts -> articles,
anchors, names -> index -> disputes.

Both the MkDocs plugin and the command line call `compile_dossier`; neither knows
how the steps work. Every step adds to one `Problems`; the result is usable only
when it holds no errors.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .anchor import Anchor, anchor_quotes
from .completeness import check_completeness, check_unused_articles
from .content import Content, scan_content
from .disputes import Contest, find_disputes
from .files import Refused, inside
from .index import Index, build_index
from .load import Loaded, load_dossier, locate, read_text
from .mentions import AliasMatcher, NamedSpan, nameables
from .model import Dossier
from .problems import Position, Problems
from .references import check_references
from .text import AppliedRepair, NormalizedText, apply_repairs
from .unicode_checks import check_article, check_unicode
from .weakhosts import check_hosts

MAX_ARTICLE_BYTES = 5_000_000
MAX_ARTICLE_CHARS = 5_000_000  # the published text, after repairs


@dataclass(frozen=True, slots=True)
class Project:
    """Where things are. Paths in messages are shown relative to `root`."""

    root: Path
    dossier_dir: Path
    docs_dir: Path

    def shown(self, path: Path) -> str:
        """The path as written under the root: a link is shown as itself, not its target."""
        for base in (Path(os.path.abspath(self.root)), self.root.resolve()):
            try:
                return Path(os.path.abspath(path)).relative_to(base).as_posix()
            except ValueError:
                continue
        return path.as_posix()


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


def compile_dossier(project: Project) -> Compiled:
    problems = Problems()
    content = scan_content(project.docs_dir, project.shown, problems)
    loaded = load_dossier(project.dossier_dir, project.root, problems)
    check_references(loaded, problems)
    check_unicode(loaded, problems)
    check_completeness(loaded, problems)
    check_hosts(loaded, project.dossier_dir, project.root, problems)
    articles = _read_articles(project, loaded, problems)
    anchors = _anchor_all(loaded, articles, problems)
    named = _find_mentions(loaded, articles, anchors, problems)
    index = contest = None
    if not problems.errors:
        texts = {source_id: article.text for source_id, article in articles.items()}
        index = build_index(loaded.dossier, texts, anchors, named)
        contest = find_disputes(index)
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


def _read_articles(project: Project, loaded: Loaded, problems: Problems) -> dict[str, Article]:
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
        check_article(raw, project.shown(path), "".join(r.find for r in source.repairs), problems)
        text, applied = apply_repairs(raw, repairs, MAX_ARTICLE_CHARS)
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
        articles[source_id] = Article(project.shown(path), text, applied)
        used.add(path.resolve())  # no link on the way: `inside` checked every part
    if loaded.known("sources") == set(loaded.dossier.sources):  # else: a source is broken
        check_unused_articles(project.docs_dir, used, project.shown, problems)
    return articles


def _anchor_all(
    loaded: Loaded, articles: dict[str, Article], problems: Problems
) -> dict[str, list[Anchor | None]]:
    anchors: dict[str, list[Anchor | None]] = {}
    for source_id, source_annotations in loaded.dossier.annotations.items():
        article = articles.get(source_id)
        if article is None:
            anchors[source_id] = [None] * len(source_annotations)
            continue
        anchors[source_id] = anchor_quotes(
            article.normal,
            source_annotations,
            loaded.annotation_nodes[source_id],
            article.path,
            problems,
        )
    return anchors


def _find_mentions(
    loaded: Loaded,
    articles: dict[str, Article],
    anchors: dict[str, list[Anchor | None]],
    problems: Problems,
) -> dict[str, list[NamedSpan]]:
    matcher = AliasMatcher(nameables(loaded), problems)
    return {
        source_id: matcher.find(
            article.normal,
            loaded.dossier.annotations.get(source_id, []),
            anchors.get(source_id, []),
        )
        for source_id, article in articles.items()
    }


__all__ = ["Article", "Compiled", "Position", "Project", "compile_dossier"]
