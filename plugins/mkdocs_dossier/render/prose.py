"""Inline Markdown in prose fields (descriptions, notes, reasons), by a safe path.

Python-Markdown with no extensions and its raw-HTML handling removed, so any HTML an
editor types is shown as text; then nh3 (the maintained Rust sanitiser; bleach is
unmaintained) keeps only an allow-list of inline tags and http(s)/mailto links. Two
layers, so a Markdown trick that slips past the first is still cut by the second.
"""

from __future__ import annotations

from html import escape as html_escape

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "br"}
MAX_BRACKETS = 64  # Markdown's link parsing slows down on thousands of nested brackets
URL_SCHEMES = {"http", "https", "mailto"}

_md = markdown.Markdown(extensions=[], output_format="html")
_md.preprocessors.deregister("html_block")
_md.inlinePatterns.deregister("html")


def prose(text: str) -> Markup:
    """Safe inline HTML for a prose field; a single paragraph loses its <p>.

    Markup, so templates print it as it is: one of the few values that are, because nh3
    has cut everything but the allow-list above (or the text was escaped whole)."""
    if text.count("[") > MAX_BRACKETS:
        return Markup(html_escape(text))
    html = _md.reset().convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    if clean.startswith("<p>") and clean.endswith("</p>") and clean.count("<p>") == 1:
        clean = clean[3:-4]
    return Markup(clean)
