"""Ids that Markdown gives a page's elements never take the theme's or the plugin's own.

Material finds its own elements by id, and every one of them starts with `__`
(`__config`, `__search`, `__drawer`, `__toc`, `__palette_0`, `__nav_3`, `__consent`,
...); the plugin's script makes `dossier-annotate`, `dossier-card-title` and
`dossier-card-hint`. A hand-written heading `## __config` got the id `__config` from
the table of contents' slugify: the page then held two, the theme's script read the
heading instead of its configuration, and search, the palette and instant navigation
stopped working on that page.

So this Markdown extension runs right after the table of contents has named the
headings (and after `attr_list`, if a site enables it), before MkDocs collects the
page's anchors: an id that starts with `_`, or is one of the plugin's, loses its
leading underscores and, while it still clashes with a reserved id or another id of
the page, gets `_1`, `_2`, ... The links to it within the page (the heading's own
permalink, a `[TOC]`, `[x](#__config)`) and the table of contents follow, so the
heading keeps a working anchor. Generated pages' ids come from record ids, which are
lowercase slugs and never start with `_`; an annotation's own `id` may not be one of
the plugin's (`model.SCRIPT_IDS`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .model import SCRIPT_IDS


def reserved(ident: str) -> bool:
    """Whether the theme or the plugin may use this id on any page."""
    return ident.startswith("_") or ident in SCRIPT_IDS


def _free(ident: str, taken: set[str]) -> str:
    """The id without its leading underscores, made unique on the page."""
    base = ident.lstrip("_") or "section"
    candidate, number = base, 0
    while reserved(candidate) or candidate in taken:
        number += 1
        candidate = f"{base}_{number}"
    return candidate


def rename_reserved(elements: Iterable[etree.Element]) -> dict[str, str]:
    """Rename the reserved ids among these elements, and the same-page links to them;
    the renaming, old id to new."""
    elements = list(elements)
    taken = {ident for el in elements if (ident := el.get("id"))}
    renamed: dict[str, str] = {}
    for el in elements:
        ident = el.get("id")
        if ident and reserved(ident):
            new = renamed.get(ident) or _free(ident, taken)
            taken.add(new)
            renamed[ident] = new
            el.set("id", new)
    if renamed:
        for el in elements:
            href = el.get("href")
            if href and href.startswith("#") and href[1:] in renamed:
                el.set("href", "#" + renamed[href[1:]])
    return renamed


def _rename_tokens(tokens: list[dict[str, Any]], renamed: dict[str, str]) -> None:
    for token in tokens:
        token["id"] = renamed.get(token["id"], token["id"])
        _rename_tokens(token.get("children", []), renamed)


class _SafeIds(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        renamed = rename_reserved(root.iter())
        if renamed:  # the table of contents MkDocs and the theme build from
            _rename_tokens(getattr(self.md, "toc_tokens", []), renamed)


class SafeIds(Extension):
    """Registered after `toc` at its priority: runs after it, and before MkDocs' own
    anchor collection (registered later, at the same priority)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_SafeIds(md), "dossier_safe_ids", 5)
