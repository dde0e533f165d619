"""The core in order: content -> load -> references, unicode, cited hosts -> articles,
anchors, names -> index -> disputes.

Both the MkDocs plugin and the command line call `compile_dossier`; neither knows
how the steps work. Every step adds to one `Problems`; the result is usable only
when it holds no errors. The steps of one file, record or article run through the
preview's memo in `steps.py`, the one place that knows it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .addresses import check_addresses
from .anchor import Anchor
from .articles import Article
from .budget import Budget, article_bytes_over, check_records
from .completeness import check_completeness, check_unused_articles
from .content import Content, scan_content
from .disputes import Contest, find_disputes
from .files import Refused, inside
from .gazetteer import locate_places
from .index import Index, build_index
from .load import Loaded
from .mentions import NamedSpan
from .model import Dossier
from .preview.memo import Memo
from .problems import Position, Problems
from .steps import Steps
from .validation import locate
from .weakhosts import host_list


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
    archive_reminders: bool = True  # `dossier check` warns of a source with no archived copy

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


def record_key(source_id: str, anchor_id: str) -> tuple[str, str]:
    """Where an annotation record is written, in `Compiled.origins`: its first line."""
    return ("annotation", f"{source_id}#{anchor_id}")


# Makes one part of an output from the compiled dossier, or hands back a copy kept from
# the last rebuild (`incremental.Renderings.part`): (key, make) -> make(compiled).
Part = Callable[[Hashable, Callable[[Compiled], str]], str]


def compile_dossier(project: Project, memo: Memo | None = None) -> Compiled:
    """The whole dossier, checked. With the `memo` of the last compile (the preview keeps
    one), the work on files that did not change is reused rather than done again: each
    step of one file, record or article runs through it in `steps.py`, the one place."""
    steps = Steps(memo or Memo())
    problems = Problems()
    content = scan_content(project.docs_dir, project.shown, problems, project.image_hosts)
    loaded = steps.load(project.dossier_dir, project.root, problems)
    if not check_records(loaded, project.budget, problems):  # a flood: nothing more is done
        return _stopped(loaded, problems, content)
    locate_places(loaded, problems)
    check_addresses(content.published, loaded.dossier, project.directory_urls, problems,
                    lambda relative: project.shown(project.docs_dir / relative))  # fmt: skip
    if article_bytes_over(_article_sizes(project, loaded), project.budget, problems):
        return _stopped(loaded, problems, content)
    steps.check_references(loaded, problems)
    steps.check_unicode(loaded, problems)
    check_completeness(loaded, problems)
    hosts = host_list(project.dossier_dir, project.root, problems)
    steps.check_hosts(loaded, hosts, problems)
    articles, used = steps.articles(project.docs_dir, project.shown, loaded, problems)
    if loaded.known("sources") == set(loaded.dossier.sources):  # else: a source is broken
        check_unused_articles(project.docs_dir, used, project.shown, problems)
    anchors = steps.anchors(loaded, articles, problems)
    named = steps.mentions(loaded, articles, anchors, problems)
    index = contest = None
    if not problems.errors:
        texts = {source_id: article.text for source_id, article in articles.items()}
        made = steps.passages(loaded, articles, anchors, problems)
        refs = steps.stance_refs(loaded, made, problems)
        index = build_index(loaded.dossier, texts, anchors, named, made, refs)
        contest = find_disputes(index)
        steps.keep_identities(index)
    origins = dict(loaded.id_pos)
    for source_id, path in loaded.annotation_files.items():
        origins[("annotations", source_id)] = Position(path)
    for source_id, nodes in loaded.annotation_nodes.items():  # each record's first line
        for node, anchor in zip(nodes, anchors.get(source_id, ()), strict=False):
            if anchor is not None:
                origins[record_key(source_id, anchor.anchor_id)] = node.pos
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
    read yet. A file that cannot be reached counts nothing (`articles.read_article` says why)."""
    sizes = []
    for source_id, source in loaded.dossier.sources.items():
        try:
            size = inside(project.docs_dir, source.file).lstat().st_size
        except (Refused, OSError, ValueError):
            continue
        node = loaded.nodes[("sources", source_id)]
        sizes.append((locate(node, ("file",))[0].pos, size))
    return sizes


__all__ = ["Article", "Compiled", "Position", "Project", "compile_dossier"]
