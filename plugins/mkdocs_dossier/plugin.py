"""The MkDocs plugin: the only module that imports mkdocs, and it only wires events.

- on_startup: note whether this is `mkdocs serve`, and stay alive across its rebuilds.
- on_config: resolve where dossier/ is; add the stylesheet and script (and, in the
  preview only, the select-to-annotate panel's), and the
  generated index pages to a hand-written nav that does not place them.
  It refuses an edit URL template that is not http(s), and links in the docs
  directory (MkDocs' own walk would follow them before any other event).
- on_files: compile the dossier (`pipeline`); remove every file of the docs directory
  that the content allow-list did not keep (`content`); add one in-memory page per
  entity and per index (`render`), and the open data files (`exports`); entity pages are
  `not_in_nav`, so the nav stays the size of the hand-written one. Problems go to
  the plugin logger. On errors `mkdocs build` stops with a PluginError naming the
  files; `mkdocs serve` keeps serving the last version that built, with the errors
  on every page, until they are fixed.
- on_page_markdown: every page's metadata through `page_meta` (generated pages carry
  none in their Markdown); the theme's edit button for generated pages.
- on_page_context: the search plugin reads a generated page's words and headings
  without its link markup (`render.search`); the page itself is rendered whole.
- on_post_page: JSON-LD into the page's <head>.
- on_page_content: each generated page's HTML, which never goes through Markdown (it
  would parse it three times over, slowly), its element ids made known to MkDocs' link
  check; hand-written pages' HTML through the sanitiser's allow-list; and the error
  list, while there are errors.
- on_serve: watch dossier/ so an annotation edit rebuilds the preview.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

try:
    import mkdocs  # noqa: F401
except ModuleNotFoundError:  # ProperDocs, the maintained fork, answers for mkdocs.* imports
    import properdocs.replacement  # noqa: F401

from mkdocs.config import base, load_config
from mkdocs.config import config_options as opt
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel

from .content import followed_links, sanitise_page_html
from .exports import open_data
from .pipeline import Compiled, Project, compile_dossier
from .problems import Problem
from .projectconfig import ConfigError, edit_template
from .render import (
    PageSpec,
    edit_template_problem,
    fill_blocks,
    hand_written_meta,
    ids_in,
    missing_from_nav,
    page_meta,
    plan_pages,
    render_page,
)
from .render.errors import error_banner, error_page
from .render.search import for_search

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

ASSETS = Path(__file__).parent / "assets"
STYLESHEET = "assets/dossier/dossier.css"
SCRIPT = "assets/dossier/dossier.js"
THEME_FIXES = "assets/dossier/theme-fixes.css"  # the theme's contrast, if the site asks
# The preview's select-to-annotate panel: added under `mkdocs serve` only.
PREVIEW_ASSETS = ("assets/dossier/annotate.css", "assets/dossier/annotate.js")


class DossierConfig(base.Config):
    enabled = opt.Type(bool, default=True)
    """Set to false to build the site without the dossier: no pages, checks or data."""
    dossier_dir = opt.Type(str, default="dossier")
    """The annotation files, relative to the directory of the MkDocs config file."""
    theme_fixes = opt.Type(bool, default=False)
    """Also fix Material's own contrast for the whole site (links in text underlined,
    full-contrast tabs and footer), which axe-core flags otherwise. The dossier's own
    styles touch only its own markup either way."""
    map_note = opt.Type(str, default="")
    """A note for readers under the map, in inline Markdown: e.g. a link to how the
    methodology treats disputed borders. Empty: no note."""
    edit_url = opt.Type(str, default="")
    """Link each generated page to the YAML it comes from: a URL template with {path} and
    {line}, e.g. https://github.com/ORG/REPO/edit/main/{path}. Empty: from MkDocs'
    repo_url and edit_uri, as for hand-written pages; without them, the path only."""


class DossierPlugin(BasePlugin[DossierConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.last_good: Compiled | None = None
        self.errors: list[Problem] = []
        self.edit_urls: dict[str, str] = {}  # src_uri -> edit URL of its record
        self.blocks: dict[str, list[str]] = {}  # src_uri -> HTML blocks, filled after Markdown
        self.heads: dict[str, str] = {}  # src_uri -> extra <head> content
        self.full_content: dict[str, str] = {}  # src_uri -> HTML, while search reads less
        self.generated_pages: set[str] = set()  # src_uris of the pages this plugin writes
        self.metas: dict[str, dict[str, object]] = {}  # src_uri -> a generated page's meta

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"

    def project_for(self, config: MkDocsConfig) -> Project:
        root = Path(config.config_file_path or ".").resolve().parent
        # Not resolved: a directory that is a link must be seen as one, and refused.
        return Project(
            root=root,
            dossier_dir=root / self.config.dossier_dir,
            docs_dir=Path(config.docs_dir),
        )

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.project = self.project_for(config)
        docs = self.project.shown(self.project.docs_dir)
        self.edit_template = edit_template(
            self.config.edit_url, config.repo_url, config.edit_uri, docs
        )
        problem = edit_template_problem(self.edit_template)
        if problem:
            raise PluginError(f"dossier: {problem}; set DOSSIER_EDIT_URL or the edit_url option")
        links = followed_links(self.project.docs_dir, self.project.shown)
        if links:
            raise PluginError(
                "\n".join(str(p) for p in links) + f"\n{len(links)} symbolic link(s) in the docs "
                "directory; nothing was built"
            )
        if config.nav is not None:  # a hand-written nav still leads to every generated index
            config.nav.extend(missing_from_nav(config.nav))
        for asset in self._assets():
            listed = config.extra_css if asset.endswith(".css") else config.extra_javascript
            if asset not in [str(item) for item in listed]:
                listed.append(asset)
        return config

    def _assets(self) -> tuple[str, ...]:
        fixes = (THEME_FIXES,) if self.config.theme_fixes else ()
        return (STYLESHEET, *fixes, SCRIPT, *(PREVIEW_ASSETS if self.serving else ()))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        compiled = compile_dossier(self.project)
        for problem in compiled.problems.sorted():
            (log.error if problem.severity == "error" else log.warning)(str(problem))
        self.errors = compiled.problems.sorted() if not compiled.ok else []
        if compiled.ok:
            self.last_good = compiled
        elif not self.serving:
            paths = sorted({p.position.path for p in compiled.problems.errors})
            raise PluginError(
                f"the dossier has {len(compiled.problems.errors)} error(s), in: " + ", ".join(paths)
            )
        docs_dir = Path(config.docs_dir)
        for file in list(files):  # the docs directory's files; not the theme's, not generated
            from_docs = file.generated_by is None and Path(file.src_dir or "") == docs_dir
            if from_docs and file.src_uri not in compiled.content.published:
                files.remove(file)  # reported by the content check; never published
        for asset in self._assets():
            files.append(File.generated(config, asset, abs_src_path=str(ASSETS / Path(asset).name)))
        showing = self.last_good
        specs = plan_pages(showing or compiled)
        if showing is None:  # serving, and never built: the index pages carry the errors
            specs = [spec for spec in specs if spec.kind == "index"]
        generated = self._add_pages(files, config, specs)
        self.generated_pages = set(generated)
        urls = {(spec.kind, spec.ident): generated[spec.src_uri].url for spec in specs}
        if showing is not None:
            for name, content in open_data(showing, urls, config.site_url or "").items():
                files.append(File.generated(config, name, content=content))
        self.edit_urls = {}
        self.blocks = {}
        self.heads = {}
        self.metas = {}
        shared: dict[tuple[str, ...], str] = {}
        for spec in specs:
            page_file = generated[spec.src_uri]
            if showing is None:
                page_file.content_string = error_page()
                self.metas[spec.src_uri] = page_meta(spec.ident.capitalize())
                continue
            rendered = render_page(
                spec,
                showing,
                urls,
                self.edit_template,
                shared,
                config.site_url or "",
                self.config.map_note,
                preview=self.serving,
            )
            page_file.content_string = rendered.markdown
            self.metas[spec.src_uri] = rendered.meta
            self.blocks[spec.src_uri] = rendered.blocks
            if rendered.head:
                self.heads[spec.src_uri] = "".join(rendered.head)
            if rendered.edit_url:
                self.edit_urls[spec.src_uri] = rendered.edit_url
        return files

    def _add_pages(
        self, files: Files, config: MkDocsConfig, specs: list[PageSpec]
    ) -> dict[str, File]:
        generated: dict[str, File] = {}
        for spec in specs:
            if spec.src_uri in files.src_uris:
                shown = self.project.shown(Path(config.docs_dir) / spec.src_uri)
                raise PluginError(
                    f"{shown}:1:1: error: this page's address belongs to a generated page\n"
                    "    hint: rename or remove the file; the dossier writes this page itself"
                )
            inclusion = InclusionLevel.UNDEFINED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            generated[spec.src_uri] = File.generated(
                config, spec.src_uri, content="", inclusion=inclusion
            )
            files.append(generated[spec.src_uri])
        return generated

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self.metas.get(page.file.src_uri)
        page.meta = dict(generated) if generated is not None else hand_written_meta(page.meta)
        edit_url = self.edit_urls.get(page.file.src_uri)
        if edit_url:
            page.edit_url = edit_url
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        blocks = self.blocks.pop(page.file.src_uri, None)
        if blocks is not None:
            html = fill_blocks(html, blocks)
            if page.present_anchor_ids is not None:  # so links to quotes validate
                page.present_anchor_ids |= ids_in(blocks)
        elif page.file.src_uri not in self.metas:
            html = sanitise_page_html(html)
        return error_banner(self.errors) + html if self.errors else html

    @event_priority(100)  # before the search plugin reads page.content
    def _search_reads_words(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if page.file.src_uri in self.generated_pages and page.content:
            self.full_content[page.file.src_uri] = page.content
            page.content = for_search(page.content)
        return context

    @event_priority(-100)  # after every other plugin: the page is rendered whole
    def _page_gets_everything(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        full = self.full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    on_page_context = CombinedEvent(_search_reads_words, _page_gets_everything)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        head = self.heads.pop(page.file.src_uri, None)
        return output.replace("</head>", head + "</head>", 1) if head else output

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        if self.config.enabled:
            server.watch(str(self.project.dossier_dir))
        return server


def load_project(config_file: Path) -> Project:
    """The project as `mkdocs build -f config_file` sees it, for the command line.

    MkDocs' own loader reads the file, so INHERIT, !ENV and !relative mean the same
    to `dossier check` as to the build.
    """
    try:
        config = load_config(str(config_file))
    except (ConfigurationError, Abort, OSError) as err:
        raise ConfigError(f"{config_file}: {err}") from err
    plugin = config.plugins.get("dossier")
    if not isinstance(plugin, DossierPlugin):
        raise ConfigError(f"{config_file}: the 'dossier' plugin is not in its plugins")
    return plugin.project_for(config)
