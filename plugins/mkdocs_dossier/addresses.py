"""Where the generated pages are published, so that no hand-written page takes an address.

The dossier writes a page for every record and an index for every kind, in memory. A
hand-written page at one of those addresses (`content/claims/foo.md`, or
`content/claims/foo/index.md`, `content/map.md`, `content/sources/README.md`, which
MkDocs publishes at the same place) either stops the build late, or silently replaces
the page the dossier makes, or is replaced by it. So the addresses are known here,
before anything is rendered, and `dossier check` reports a clash as the build does: at
the page, with a hint.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator

from .model import Dossier
from .problems import Position, Problems

# The index pages of no kind: (name, whether the nav shows it).
INDEX_PAGES = (
    ("contradictions", True),
    ("map", True),
    ("timeline", True),
    ("changes", True),
    ("fields", False),
)
ENTITY_KINDS = ("sources", "actors", "claims", "locations")
CLASH_HINT = "rename or move the page: the dossier writes the page at this address itself"


def generated_uris(dossier: Dossier) -> Iterator[str]:
    """The docs-relative path of every page the dossier generates."""
    for name, _ in INDEX_PAGES:
        yield f"{name}/index.md"
    for kind in ENTITY_KINDS:
        yield f"{kind}/index.md"
        for ident in dossier.of_kind(kind):
            yield f"{kind}/{ident}.md"


def published_at(src_uri: str, directory_urls: bool) -> str:
    """Where MkDocs writes the page `src_uri` in the site (its `File.dest_uri`):
    `a/b.md` at `a/b/index.html` (or `a/b.html`), `a/index.md` and `a/README.md` at
    `a/index.html`."""
    parent, name = posixpath.split(src_uri)
    stem = posixpath.splitext(name)[0]
    stem = "index" if stem == "README" else stem
    if not directory_urls or stem == "index":
        return posixpath.join(parent, stem + ".html")
    return posixpath.join(parent, stem, "index.html")


def check_addresses(
    published: set[str],
    dossier: Dossier,
    directory_urls: bool,
    problems: Problems,
    shown: Callable[[str], str],
) -> None:
    """A hand-written page published where a generated page is is an error (and is not
    published); one that differs only in case, which is the same file on macOS and
    Windows, is a warning."""
    taken = {published_at(uri, directory_urls): uri for uri in generated_uris(dossier)}
    folded = {address.casefold(): uri for address, uri in taken.items()}
    for relative in sorted(published):
        if posixpath.splitext(relative)[1].lower() != ".md":
            continue  # text and images keep their own names: no generated page has one
        address = published_at(relative, directory_urls)
        page = "/" + address.removesuffix("index.html")
        if address in taken:
            problems.error(
                Position(shown(relative)),
                f"this page would be published at {page}, the address of a page the "
                f"dossier generates ({taken[address]})",
                CLASH_HINT,
            )
            published.discard(relative)
        elif address.casefold() in folded:
            problems.warning(
                Position(shown(relative)),
                f"this page would be published at {page}, which differs only in case from "
                f"the address of a page the dossier generates ({folded[address.casefold()]}): "
                "the same file on macOS and Windows",
                CLASH_HINT,
            )
