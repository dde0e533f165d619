"""The page templates: Jinja with autoescaping, the site's `custom_dir` before the package's.

A site overrides a template by putting a file of the same name in its theme's
`custom_dir` (`overrides/dossier/claim.html`), as it does for Material's own and blog
templates; that file may extend the package's own (`mkdocs_dossier/dossier/claim.html`)
and replace only a block. Values are escaped by type: a record's text is escaped on output, and only
HTML the renderers built (from escaped parts) arrives as `Markup`. Every template is
compiled once per build, when the build starts, so a broken override stops the build
before any page, with its file and line.

A line break between two tags (or template tags) in a template, with the indentation
after it, is layout for the template's reader and is dropped from the page; the
template's line numbers stay as written.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import os
import re
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.bccache import BytecodeCache
from jinja2.ext import Extension
from markupsafe import Markup

from .. import quotemarks
from .i18n import translations

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PACKAGE_PREFIX = "mkdocs_dossier"  # {% extends "mkdocs_dossier/dossier/claim.html" %}

# Every template the renderers use, pages first; README.md's "Templates" lists each
# with its context (a test keeps the two and the files shipped in step).
PAGE_TEMPLATES = (
    "dossier/actor.html",
    "dossier/claim.html",
    "dossier/location.html",
    "dossier/source.html",
    "dossier/index.html",
    "dossier/contradictions.html",
    "dossier/map.html",
    "dossier/timeline.html",
    "dossier/changes.html",
    "dossier/fields.html",
    "dossier/front.html",
    "dossier/page-end.html",
    "dossier/error-banner.html",
    "dossier/error-page.html",
)
PARTIALS = ("dossier/partials/facts.html",)
# The pieces pages are made of, one file of macros each: a site overrides one to change,
# say, how every quote looks (`dossier/pieces/quote.html`).
PIECES = (
    "dossier/pieces/links.html",
    "dossier/pieces/quote.html",
    "dossier/pieces/stance.html",
    "dossier/pieces/voices.html",
    "dossier/pieces/citations.html",
    "dossier/pieces/filters.html",
    "dossier/pieces/facts.html",
    "dossier/pieces/entity.html",
    "dossier/pieces/disputes.html",
    "dossier/pieces/map.html",
    "dossier/pieces/section.html",
    "dossier/pieces/json-ld.html",
    "dossier/pieces/share.html",
    "dossier/pieces/search.html",
    "dossier/pieces/article.html",
    "dossier/pieces/card.html",
    "dossier/pieces/coverage.html",
    "dossier/pieces/front.html",
    "dossier/pieces/corrections.html",
)
TEMPLATE_NAMES = PAGE_TEMPLATES + PARTIALS + PIECES
# The small pieces drawn thousands of times a build with the same values (a name linked
# on every page that quotes it): each draws from its values alone, so what it drew for
# the same values is drawn again as it was.
SAME_OUTPUT = {
    "dossier/pieces/links.html": ("link", "claim_link", "badge", "stance_verb"),
    "dossier/pieces/quote.html": ("quote",),
    "dossier/pieces/stance.html": ("stance",),
}

_LAYOUT = re.compile(r"(?<=[>}])(\n[ \t]*)+(?=[<{])")


class TemplateProblem(Exception):
    """A template that cannot be compiled or rendered: `file:line: what is wrong`."""


class _DropLayout(Extension):
    """Line breaks between tags become template comments: gone from the page, while the
    template keeps its line numbers for error messages."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _LAYOUT.sub(lambda m: "{#" + m.group(0) + "#}", source)


def _escape_text(value: object) -> object:
    """Plain strings are escaped like `html.escape(quote=True)`, the site's one rule;
    `Markup` (a template's own output) passes as it is. It runs for every value a
    template writes (a source page writes thousands), so a plain `str`, the common case,
    is tested by its exact type first, and its escaped text is made `Markup` without
    `Markup()`'s checks. A view value (`views.py`), or a list of them, printed as it is
    would show its Python form: an override written for a version whose value was HTML.
    It stops the build, at the line that prints it."""
    if type(value) is str:
        return _as_markup(Markup, html.escape(value, quote=True))
    if isinstance(value, str):  # Markup, or another subclass of str
        return value if isinstance(value, Markup) else Markup(html.escape(value, quote=True))
    first = value[0] if isinstance(value, list | tuple) and value else value
    if dataclasses.is_dataclass(first):
        raise TypeError(
            f"a {type(first).__name__} value is printed as it is; draw it with the piece "
            "that draws it (README.md, 'Templates', lists them)"
        )
    return value


_as_markup = str.__new__  # str.__new__(Markup, text): the (escaped) text as Markup


class Templates:
    """The dossier's templates for one build, each compiled once. The preview passes
    the `bytecode_cache` it keeps across rebuilds: a template compiles only when its
    source is new."""

    def __init__(
        self,
        custom_dir: str | os.PathLike[str] | None = None,
        bytecode_cache: BytecodeCache | None = None,
        language: str = "en",
    ) -> None:
        self.custom_dir = Path(custom_dir) if custom_dir else None
        package = FileSystemLoader(str(PACKAGE_TEMPLATES))
        loaders: list[BaseLoader] = []
        if self.custom_dir:
            loaders.append(FileSystemLoader(str(self.custom_dir)))
        # An override may extend the package's own under its prefix and replace one block.
        loaders += [package, PrefixLoader({PACKAGE_PREFIX: package})]
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=True,
            undefined=StrictUndefined,  # a misspelt name is an error, not an empty string
            extensions=[_DropLayout, "jinja2.ext.i18n"],
            finalize=_escape_text,
            auto_reload=False,  # compiled once per build; a new build reads them again
            cache_size=-1,
            bytecode_cache=bytecode_cache,
        )
        # JSON in a page (`tojson`: JSON-LD) as the open data writes it: keys sorted, and
        # text as it is, not \u-escaped.
        self.env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
        # A quote in its quotation marks, as text (`{{ q.text|quoted }}`): one pair, never two.
        self.env.filters["quoted"] = quotemarks.enclose
        # The plugin's own words in the site's language (`i18n`): `{{ _("In dispute") }}`.
        self.env.install_gettext_translations(  # type: ignore[attr-defined]  # the i18n extension
            translations(language), newstyle=True
        )
        self._compiled: dict[str, Template] = {}
        for name in TEMPLATE_NAMES:  # every error now, before any page is rendered
            self.get(name)
        for name, macros in SAME_OUTPUT.items():
            _remember_outputs(self.get(name), macros)

    def overrides(self) -> list[Path]:
        """The site's files that may replace or extend a template: what renderings
        depend on besides the dossier."""
        if self.custom_dir is None:
            return []
        found = [self.custom_dir / folder for folder in ("dossier", PACKAGE_PREFIX)]
        return sorted(path for folder in found for path in folder.rglob("*") if path.is_file())

    def get(self, name: str) -> Template:
        template = self._compiled.get(name)
        if template is None:
            try:
                template = self._compiled[name] = self.env.get_template(name)
            except TemplateSyntaxError as err:
                where = f"{_shown(err.filename or name)}:{err.lineno}"
                raise TemplateProblem(
                    f"{where}: error: template {name}: {err.message}\n"
                    "    hint: fix the override, or remove it to use the dossier's own"
                ) from None
            except TemplateNotFound as err:
                raise TemplateProblem(f"template {name}: {err.message} not found") from None
        return template

    def macro(self, name: str, macro: str) -> Callable[..., Markup]:
        """A macro of a pieces template (the site's own where it overrides the piece), to
        be looked up once where a page calls it many times."""
        found: Callable[..., Markup] = getattr(self.get(name).module, macro)
        return found

    def render(self, name: str, context: dict[str, Any]) -> str:
        """The template filled in; a template's mistake is a `TemplateProblem` naming its
        file and line."""
        template = self.get(name)
        try:
            return template.render(context)
        except Exception as err:
            filename, line = _template_frame(err.__traceback__, template.filename or name)
            raise TemplateProblem(
                f"{_shown(filename)}:{line}: error: template {name}: {err}\n"
                f"    hint: the names a template receives are listed in README.md, 'Templates'"
            ) from None


def _remember_outputs(template: Template, names: tuple[str, ...]) -> None:
    """Each named macro of a pieces template keeps what it drew, by its arguments, for
    this build's templates. Pages import a piece from the template's module, the same
    object every time, so they take the remembering macro. A macro takes no context, so
    its output depends on its arguments alone (view values: frozen, hashable)."""
    module = template.module
    for name in names:
        macro = getattr(module, name, None)
        if callable(macro):
            setattr(module, name, _Remembering(macro))


class _Remembering:
    """A macro that draws each set of arguments once; arguments that cannot be hashed
    (a list) are drawn each time."""

    __slots__ = ("_drawn", "_macro")

    def __init__(self, macro: Any) -> None:
        self._macro = macro
        self._drawn: dict[tuple[object, ...], Markup] = {}

    def __call__(self, *args: object) -> Markup:
        try:
            return self._drawn[args]
        except KeyError:
            drawn: Markup = self._macro(*args)
            self._drawn[args] = drawn
            return drawn
        except TypeError:
            made: Markup = self._macro(*args)
            return made


def _template_frame(tb: TracebackType | None, fallback: str) -> tuple[str, int]:
    """The innermost line of a template in a traceback (Jinja maps it to the source)."""
    found = (fallback, 0)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _shown(filename: str) -> str:
    """A template's path as a reader finds it: relative to here where it is below."""
    try:
        relative = os.path.relpath(filename)
    except ValueError:  # another drive
        return filename
    return filename if relative.startswith("..") else relative


@functools.cache
def default_templates() -> Templates:
    """The package's own templates, for callers that do not name a site's."""
    return Templates()
