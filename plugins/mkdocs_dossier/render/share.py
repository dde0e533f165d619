"""Sharing: Open Graph and Twitter tags in every page's <head>, so a link shared in a
chat or a feed previews that page's own title and description, not the site's.

It exists because the theme prints a description but no Open Graph tags, and Material's
`social` plugin, which would, needs the network and cairo. The tags are made from plain
values by `pieces/share.html`, which escapes each one: a title with `"` or `<` stays an
attribute's text. `share_image_problem` checks the site's optional `share_image` once,
in the config: an https URL, or an image file inside the docs directory.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from .templates import Templates, default_templates

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


@dataclass(frozen=True, slots=True)
class Share:
    """What a shared link previews: each value plain text (the template escapes it)."""

    title: str
    description: str
    url: str  # the page's full address; empty where the site's address is not known
    site_name: str
    kind: str  # Open Graph type: "article" for a source, "website" for every other page
    image: str = ""  # the full address of the site-wide image; empty: none


def share_of(
    meta: Mapping[str, object],
    title: str,
    src_uri: str,
    url: str,
    site_name: str,
    site_description: str,
    image: str,
) -> Share:
    """A page's sharing values from what the theme prints: its metadata's title and
    description (escaped once by `meta.page_meta`, so unescaped here, to be escaped
    once again by the template), or the page's title and the site's description."""
    shown_title = meta.get("title") if isinstance(meta.get("title"), str) else title
    description = meta.get("description")
    plain_description = (
        html.unescape(description) if isinstance(description, str) else site_description
    )
    return Share(
        html.unescape(str(shown_title or site_name)),
        plain_description,
        url,
        site_name,
        "article" if _is_source(src_uri) else "website",
        image,
    )


def _is_source(src_uri: str) -> bool:
    """A source's own page (`sources/<id>.md`), not the sources' index."""
    folder, name = posixpath.split(src_uri)
    return folder == "sources" and name != "index.md"


def share_tags(share: Share, templates: Templates | None = None) -> str:
    """The tags for the page's <head> (`pieces/share.html`)."""
    macro = (templates or default_templates()).macro("dossier/pieces/share.html", "share")
    return str(macro(share))


def feed_link(title: str, page_url: str, templates: Templates | None = None) -> str:
    """The head's link to the site's Atom feed (`feed/atom.xml`), relative from the page
    at `page_url` (site-relative), so it works wherever the site is served."""
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    depth = folder.strip("/").count("/") + 1 if folder.strip("/") else 0
    macro = (templates or default_templates()).macro("dossier/pieces/share.html", "feed_link")
    return str(macro(title, "../" * depth + "feed/atom.xml"))


def into_head(output: str, tags: str) -> str:
    """The page with the tags just before its </head>."""
    return output.replace("</head>", tags + "</head>", 1) if tags else output


def share_image_problem(value: str, docs_dir: Path, site_url: str) -> str:
    """Why the `share_image` option cannot be used, or an empty string: it must be an
    https URL, or the path of a PNG, JPEG, GIF or WebP file inside the docs directory
    (then the site's address must be known: Open Graph wants a full URL)."""
    if not value:
        return ""
    if "://" in value or value.startswith("//"):
        return _url_problem(value)
    return _file_problem(value, docs_dir, site_url)


def _url_problem(value: str) -> str:
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme != "https" or not parts.hostname:
        return f"share_image '{value}' must be an https URL or a file in the docs directory"
    if any(c.isspace() or c in "\"'<>" for c in value):
        return f"share_image '{value}' holds a space, a quote or an angle bracket"
    return ""


def _file_problem(value: str, docs_dir: Path, site_url: str) -> str:
    problem = ""
    if value.startswith("/") or "\\" in value or ".." in value.split("/"):
        problem = "must be a path inside the docs directory, like images/share.png"
    elif not value.lower().endswith(IMAGE_SUFFIXES):
        problem = "must be a PNG, JPEG, GIF or WebP image"
    elif (docs_dir / value).is_symlink() or not (docs_dir / value).is_file():
        problem = f"is not a file in the docs directory ({docs_dir})"
    elif not site_url:
        problem = "as a file needs site_url: a shared preview needs the image's full URL"
    return f"share_image '{value}' {problem}" if problem else ""


def image_url(value: str, site_url: str) -> str:
    """The image's full address: an https URL as it is, a file of the site under its URL."""
    if not value or "://" in value:
        return value
    path = "/".join(quote(segment) for segment in value.split("/"))
    return site_url.rstrip("/") + "/" + path
