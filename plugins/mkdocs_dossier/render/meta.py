"""A page's metadata (title, description) and the link to edit its record: the text
the theme prints as it is, so it is made here as one escaped line.

Material prints `page.meta.title` and `description`, and `page.edit_url`, into the page
unescaped (in <title>, an attribute, a link). So every value that becomes one goes
through `_escaped` here, the only place the package escapes by hand: everything else
is written by autoescaping templates.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from ..problems import Position
from ..safetext import plain_line


def _escaped(text: str) -> str:
    """One printable line, escaped for HTML text and attribute values."""
    return html.escape(plain_line(text), quote=True)


def page_meta(title: str, description: str = "", hide: Iterable[str] = ()) -> dict[str, object]:
    """The one place where text becomes a page's metadata, generated or hand-written.

    One printable line each (controls, noncharacters, bidi controls dropped), then
    HTML-escaped: the theme prints `page.meta.title` and `description` unescaped, in
    <title> and in an attribute.
    """
    meta: dict[str, object] = {"title": _escaped(title)}
    if description:
        meta["description"] = _escaped(description)
    if hide:
        meta["hide"] = [_escaped(part) for part in hide]
    return meta


def heading_title(title_html: str) -> str:
    """A page's title as MkDocs found it (the first heading as escaped HTML with its tags
    stripped, or a nav entry's title already through `nav_title`, or the file name), as
    the page's metadata title: its plain text, one line, escaped once.

    The plugin sets it on every hand-written page, because without a title in its
    metadata the theme prints `page.title | striptags` into <title>, and `striptags`
    decodes entities: a heading `Notes &lt;/title&gt;&lt;img ...&gt;` became live markup.
    With the metadata title the theme prints this text as it is, and the reader sees
    the heading's characters."""
    return _escaped(html.unescape(title_html))


def nav_title(title: str) -> str:
    """A title from the config's `nav` (a page's, a section's or a link's) as the theme
    prints it, unescaped: the plain text it says, escaped."""
    return _escaped(title)


def hand_written_meta(meta: Mapping[str, object]) -> dict[str, object]:
    """A hand-written page's metadata, as MkDocs read it, through `page_meta`: only the
    keys the content check allows, and only text (the check reports anything else)."""
    title, description, hide = meta.get("title"), meta.get("description"), meta.get("hide")
    parts = [str(part) for part in hide] if isinstance(hide, list) else []
    cleaned = page_meta(title if isinstance(title, str) else "", "", parts)
    if not isinstance(title, str):
        del cleaned["title"]  # the page's first heading, as MkDocs finds it
    if isinstance(description, str):
        cleaned["description"] = _escaped(description)
    return cleaned


def edit_link(template: str, position: Position) -> str:
    """The template's {path} and {line} filled in, from escaped parts: each path segment
    percent-encoded, and the whole URL too where the template itself holds a character
    that could end an attribute (the theme prints `page.edit_url` unescaped)."""
    path = "/".join(quote(segment, safe="") for segment in position.path.split("/"))
    url = template.replace("{path}", path).replace("{line}", str(position.line))
    return quote(url, safe=URL_SAFE)


URL_SAFE = "/:?#[]@!$&()*+,;=%~-._"  # RFC 3986 reserved and unreserved, less ' (attributes)


def edit_template_problem(template: str) -> str:
    """Why an edit-URL template cannot be used, or an empty string."""
    if not template:
        return ""
    if not template.lower().startswith(("https://", "http://")):
        return "edit_url must be an http(s) URL"
    if "{path}" not in template:
        return "edit_url must hold {path}, where the file's path goes"
    return ""
