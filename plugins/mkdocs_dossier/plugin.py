"""The MkDocs plugin: the only module that imports mkdocs, and it only wires events.

- on_startup: note whether this is `mkdocs serve`, and stay alive across its rebuilds.
- on_config: resolve where dossier/ is; compile the page templates (the theme's
  `custom_dir` first); add the stylesheet and script (and, in the preview only, the
  select-to-annotate panel's), and the generated index pages to a hand-written nav
  that does not place them; the Markdown extension that keeps content ids off the
  theme's and the plugin's own (`content_ids`).
  It refuses an edit URL template that is not http(s), and links in the docs
  directory (MkDocs' own walk would follow them before any other event).
- on_files: compile the dossier (`pipeline`); remove every file of the docs directory
  that the content allow-list did not keep (`content`); add one in-memory page per
  entity and per index (`render`), and the open data files (`exports`); entity pages are
  `not_in_nav`, so the nav stays the size of the hand-written one. Problems go to
  the plugin logger. On errors `mkdocs build` stops with a PluginError naming the
  files; `mkdocs serve` keeps serving the last version that built, with the errors
  on every page, until they are fixed. The garbage collector pauses meanwhile
  (`collector`).
- on_nav: the config's nav titles as plain text, escaped (`nav_title`).
- on_page_markdown: every page's metadata through `page_meta` (generated pages have no
  Markdown: an empty page goes through MkDocs); the theme's edit button for generated pages.
- on_page_context: the theme's search plugin indexes no page (the plugin's own search
  is `sitesearch`; the theme's would make every page fetch the whole site's text).
- on_post_page: JSON-LD into the page's <head>; every page's Open Graph and Twitter
  tags (`render.share`).
- on_page_content: each generated page's HTML, which never goes through Markdown (it
  would parse it three times over, slowly), with its table of contents (from its
  template's headings, `render.headings`) and its element ids made known to MkDocs'
  link check; hand-written pages' HTML through the sanitiser's allow-list, and their
  title (from the first heading) set as plain text (`heading_title`); on the home page,
  the front door after the editor's introduction (`render.front`); every page inside
  the element the site search reads, with its kind (`render.searchable`); and the error
  list, while there are errors.
- on_serve: watch dossier/ so an annotation edit rebuilds the preview; learn which pages
  are open in a browser (`preview.liveserver`).

Under `mkdocs serve` a rebuild after an edit redoes only what changed: the `preview`
package's `PreviewSession` keeps what lasts from one rebuild to the next (`session`:
`memo`, `incremental`, `stash`, `liveserver`, `template_cache`), and these events hand
it plain values and apply its answers to MkDocs' objects:
on_files compiles with the last compile's `memo`, renders only the pages whose reads
changed, lists the pages whose HTML is unchanged as excluded, and puts the pages open in
a browser first; on_pre_build moves the site aside, on_env puts the kept pages back
before MkDocs writes; on_page_context, at the first page after the open ones, tells the
browsers to reload (and renders a page left for later); on_post_page keeps each finished
page; on_post_build puts every page's sitemap entry back, indexes the site for search
(`sitesearch`), and ends the wait of requests for pages not yet remade. The
`incremental` option (false) turns all of this off: every rebuild is then a build,
errors kept on every page.
"""

from __future__ import annotations

import gzip
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

try:
    import mkdocs  # noqa: F401
except ModuleNotFoundError:  # ProperDocs, the maintained fork, answers for mkdocs.* imports
    import properdocs.replacement  # noqa: F401

from mkdocs.config import base, load_config
from mkdocs.config import config_options as opt
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from . import budget
from .budget import Budget
from .content import followed_links, image_hosts_problem, sanitise_page_html
from .content_ids import SafeIds
from .exports import local_address_note, open_data
from .pipeline import Compiled, Part, Project, compile_dossier
from .preview.collector import Collector
from .preview.session import PreviewSession
from .preview.stash import BANNER_CLOSE, BANNER_OPEN, file_state, frame_of
from .problems import Problem
from .projectconfig import ConfigError, edit_template
from .render import (
    Heading,
    PageSpec,
    RenderedPage,
    Slugs,
    TemplateProblem,
    Templates,
    edit_template_problem,
    hand_written_meta,
    heading_title,
    ids_in,
    missing_from_nav,
    nav_title,
    page_meta,
    plan_pages,
    render_page,
    slugs_from,
    titled_in_nav,
    toc_tokens,
)
from .render.errors import error_banner, error_page
from .render.front import FrontDoor
from .render.i18n import words_script
from .render.searchable import SearchEntry, search_entry, searchable
from .render.share import feed_link, image_url, into_head, share_image_problem, share_of, share_tags
from .safewrite import WriteRefused, write_all
from .sitesearch import Indexer, SearchIndexFailed
from .tiles import template_problem as tiles_problem
from .webannotation import Publication, publication_of

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
QUOTED = re.compile(r"'([^']+)'")  # the paths in MkDocs' notes

ASSETS = Path(__file__).parent / "assets"
STYLESHEET = "assets/dossier/dossier.css"
SCRIPT = "assets/dossier/dossier.js"
WORDS = "assets/dossier/words.js"  # the scripts' words in the site's language, made a build
THEME_FIXES = "assets/dossier/theme-fixes.css"  # the theme's contrast, if the site asks
# The preview's select-to-annotate panel: added under `mkdocs serve` only.
PREVIEW_ASSETS = ("assets/dossier/annotate.css", "assets/dossier/annotate.js")
# The site search in the theme's header box (`sitesearch`).
SEARCH_ASSETS = ("assets/dossier/search.css", "assets/dossier/search.js")
# Overrides of the theme's partials: the header's search box (`theme/partials/search.html`).
THEME_OVERRIDES = Path(__file__).parent / "theme"


class _Limit(opt.Type[int]):
    """A limit of the budget: a whole number of at least 1 (`true` is not 1)."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise opt.ValidationError(f"expected a whole number of at least 1, not {value!r}")
        return value


class PublisherConfig(base.Config):
    name = opt.Type(str, default="")
    """The organisation that publishes the dossier. Empty: the site's name."""
    url = opt.Type(str, default="")
    """Its homepage. Empty: the site's URL."""


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
    map_tiles = opt.Type(str, default="")
    """Town-scale maps (no bundled coastline helps there) draw map tiles from this URL
    template, e.g. https://tile.example.org/{z}/{x}/{y}.png. Readers' browsers then
    contact that host. Empty: no tiles; the site makes no request to another host."""
    map_tiles_attribution = opt.Type(str, default="")
    """The credit the tile provider requires, in inline Markdown (needed with map_tiles)."""
    max_records = _Limit(budget.MAX_RECORDS)
    """The budget (`budget`): at most this many records (sources, actors, claims,
    locations and annotations). A dossier over it is refused right after loading."""
    max_pages = _Limit(budget.MAX_PAGES)
    """At most this many generated pages (one per source, actor, claim and location, and
    the 8 index pages)."""
    max_article_bytes = _Limit(budget.MAX_ARTICLE_BYTES)
    """At most this many bytes of article text, all articles together."""
    image_hosts = opt.ListOfItems(opt.Type(str), default=[])
    """Hosts a hand-written page may show images from, e.g. [images.example.org] (a
    port, if any, as in the URL). Every reader's browser then calls them. Empty: an
    image from another host is an error, and the site loads images from itself only."""
    incremental = opt.Type(bool, default=True)
    """Under `mkdocs serve`, a rebuild after an edit redoes only what the edit changed.
    Set to false to make every rebuild a full build (like Hugo's --disableFastRender):
    slower, and the way out should the preview ever show a page that is not as a
    fresh build would make it. `mkdocs build` always builds everything."""
    share_image = opt.Type(str, default="")
    """The image every shared link to the site previews (Open Graph, Twitter): an https
    URL, or an image file in the docs directory (with site_url set). Empty: none."""
    archive_reminders = opt.Type(bool, default=True)
    """`dossier check` warns, once a source, of a source with no archived copy
    (`archive_url`). False: no reminder. The build never warns of it."""
    publisher = opt.SubConfig(PublisherConfig)
    """Who publishes the dossier: the `creator` of every Web Annotation in
    data/annotations.jsonld (`name`, `url`)."""
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
        # src_uri -> a generated page's HTML and table of contents (it skips Markdown)
        self.contents: dict[str, tuple[str, tuple[Heading, ...]]] = {}
        self.slugs = Slugs()  # how heading ids are made: the site's `toc` settings
        self.heads: dict[str, str] = {}  # src_uri -> extra <head> content
        self.generated_pages: set[str] = set()  # src_uris of the pages this plugin writes
        self.search_entries: dict[str, SearchEntry] = {}  # src_uri -> its kind, for search
        self.metas: dict[str, dict[str, object]] = {}  # src_uri -> a generated page's meta
        self.front: FrontDoor | None = None  # the home page's front door (`render.front`)
        self.publication: Publication | None = None  # who publishes; the records' history
        # Kept across the preview's rebuilds (`on_startup` keeps the plugin alive): the
        # last compile's work, every page's rendering, the finished pages. None for
        # `mkdocs build` and with `incremental: false`.
        self.preview: PreviewSession | None = None
        self.collector = Collector()
        self.indexer = Indexer()  # the site search's index, after each build (`sitesearch`)
        self.nav_titled: set[str] = set()  # index pages the nav gives a title of its own
        self.notes_filtered = False
        self.site_files: dict[str, File] = {}  # dest -> every other file of this rebuild
        self.later: dict[str, PageSpec] = {}  # generated pages rendered as MkDocs reaches them

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"

    @property
    def incremental(self) -> bool:
        """Whether this rebuild redoes only what an edit changed: under `mkdocs serve`,
        unless the `incremental` option turns it off (then every rebuild is a build)."""
        return self.serving and self.config.incremental

    def project_for(self, config: MkDocsConfig) -> Project:
        root = Path(config.config_file_path or ".").resolve().parent
        # Not resolved: a directory that is a link must be seen as one, and refused.
        return Project(
            root=root,
            dossier_dir=root / self.config.dossier_dir,
            docs_dir=Path(config.docs_dir),
            directory_urls=config.use_directory_urls,
            budget=Budget(
                max_records=self.config.max_records,
                max_pages=self.config.max_pages,
                max_article_bytes=self.config.max_article_bytes,
            ),
            image_hosts=frozenset(host.lower() for host in self.config.image_hosts),
            archive_reminders=self.config.archive_reminders,
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
        problem = tiles_problem(self.config.map_tiles, self.config.map_tiles_attribution)
        if problem:
            raise PluginError(f"dossier: {problem}")
        problem = image_hosts_problem(self.config.image_hosts)
        if problem:
            raise PluginError(f"dossier: {problem}")
        problem = share_image_problem(
            self.config.share_image, Path(config.docs_dir), config.site_url or ""
        )
        if problem:
            raise PluginError(f"dossier: {problem}")
        self.share_image = image_url(self.config.share_image, config.site_url or "")
        links = followed_links(self.project.docs_dir, self.project.shown)
        if links:
            raise PluginError(
                "\n".join(str(p) for p in links) + f"\n{len(links)} symbolic link(s) or special "
                "file(s) in the docs directory; nothing was built"
            )
        if not self.incremental:
            self.preview = None
        elif self.preview is None:
            self.preview = PreviewSession()
        try:  # compiled once a build: a broken override stops it here, with file and line
            compiled = self.preview.compiled_templates if self.preview else None
            language = str(config.theme.get("language") or "en")
            self.templates = Templates(config.theme.custom_dir, compiled, language)
        except TemplateProblem as err:
            raise PluginError(str(err)) from None
        if not any(isinstance(ext, SafeIds) for ext in config.markdown_extensions):
            # Markdown takes an extension as an instance too; appended: after `toc`.
            config.markdown_extensions.append(SafeIds())  # type: ignore[arg-type]
        self.slugs = slugs_from(config.mdx_configs.get("toc") or {})  # as `toc` writes headings
        if config.nav is not None:  # a hand-written nav still leads to every generated index
            config.nav.extend(missing_from_nav(config.nav))
        # An index page may skip MkDocs in the preview only where its nav entry has a title.
        self.nav_titled = titled_in_nav(config.nav) if config.nav is not None else set()
        for asset in self._assets():
            listed = config.extra_css if asset.endswith(".css") else config.extra_javascript
            if asset not in [str(item) for item in listed]:
                listed.append(asset)
        # The theme's partials that the plugin overrides come after the site's own
        # (`custom_dir`), before the theme's: MkDocs' documented way to override one.
        dirs = config.theme.dirs
        if str(THEME_OVERRIDES) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_OVERRIDES))
        return config

    def _assets(self) -> tuple[str, ...]:
        fixes = (THEME_FIXES,) if self.config.theme_fixes else ()
        preview = PREVIEW_ASSETS if self.serving else ()
        return (STYLESHEET, *fixes, WORDS, SCRIPT, *SEARCH_ASSETS, *preview)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        with self.collector.paused(serving=self.serving):
            return self._dossier_files(files, config)

    def _dossier_files(self, files: Files, config: MkDocsConfig) -> Files:
        compiled = (
            self.preview.compile(self.project) if self.preview else compile_dossier(self.project)
        )
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
            if asset == WORDS:
                language = str(config.theme.get("language") or "en")
                files.append(File.generated(config, asset, content=words_script(language)))
            else:
                source = str(ASSETS / Path(asset).name)
                files.append(File.generated(config, asset, abs_src_path=source))
        showing = self.last_good
        specs = plan_pages(showing or compiled)
        if showing is None:  # serving, and never built: the index pages carry the errors
            specs = [spec for spec in specs if spec.kind == "index"]
        generated = self._add_pages(files, config, specs)
        self.generated_pages = set(generated)
        self.search_entries = {spec.src_uri: search_entry(spec.kind, spec.ident) for spec in specs}
        urls = {(spec.kind, spec.ident): generated[spec.src_uri].url for spec in specs}
        language = str(config.theme.get("language") or "en")
        self.front = (
            FrontDoor(showing, urls, self.templates, self.slugs, language) if showing else None
        )
        open_now = self.preview.open_dests() if self.preview else set()
        first = {uri for uri, file in generated.items() if file.dest_uri in open_now}
        site_url = config.site_url or ""
        self.publication = None
        if showing is not None:
            note = local_address_note(site_url)
            if note and not self.serving:
                log.info(note)
            self.publication = publication_of(  # who publishes; when each record was written
                showing,
                self.project.root,
                (config.site_name, site_url, config.site_description or ""),
                (self.config.publisher.name, self.config.publisher.url),
                language,
                dated=not self.serving,
            )
        try:
            rendered, unchanged, later = self._render(specs, showing, urls, config, first)
        except TemplateProblem as err:
            raise PluginError(str(err)) from None
        reused: set[str] = set()
        if self.preview and showing is not None:
            frame = frame_of(self._frame_paths(config, files), self._assets())
            reused = self.preview.keep(frame, unchanged)
        for uri in reused:  # kept from an earlier rebuild; links to them still resolve
            generated[uri].inclusion = InclusionLevel.EXCLUDED
        if self.serving and showing is not None:
            hits = self.preview.memo.hits if self.preview else 0
            log.info(
                f"dossier: {len(specs) - len(reused)} of {len(specs)} generated pages "
                f"made again, {len(reused)} kept ({hits} steps reused)"
            )
        if showing is not None:
            part = self.preview.renderings.part if self.preview else None  # kept while unchanged
            assert self.publication is not None
            made = open_data(showing, urls, site_url, self.publication, part)
            for name, content in made.items():
                files.append(File.generated(config, name, content=content))
        self.edit_urls = {}
        self.later = {}
        self.contents = {}
        self.heads = {}
        self.metas = {}
        for spec in specs:
            if showing is None:
                self.contents[spec.src_uri] = (error_page(self.templates), ())
                self.metas[spec.src_uri] = page_meta(spec.ident.capitalize())
                continue
            if spec.src_uri in reused:
                continue
            if spec.src_uri in later:  # rendered as MkDocs reaches it (`_rendered_late`)
                self.later[spec.src_uri] = spec
                continue
            rendered_page = rendered.get(spec.src_uri) or self._again(spec)
            self.metas[spec.src_uri] = rendered_page.meta
            self.contents[spec.src_uri] = (rendered_page.html, rendered_page.toc)
            if rendered_page.head:
                self.heads[spec.src_uri] = "".join(rendered_page.head)
            if rendered_page.edit_url:
                self.edit_urls[spec.src_uri] = rendered_page.edit_url
        if self.preview is None:
            return files
        self.preview.doc_order = [file.src_uri for file in files if file.is_documentation_page()]
        self._keep_files(files, self.preview)
        return self._open_pages_first(files, config, self.preview)

    def _again(self, spec: PageSpec) -> RenderedPage:
        """A page the preview did not render (its rendering unchanged) that MkDocs makes."""
        assert self.preview is not None, "without the preview every page is rendered"
        return self.preview.renderings.again(spec)

    def _open_pages_first(
        self, files: Files, config: MkDocsConfig, preview: PreviewSession
    ) -> Files:
        """The generated pages open in a browser first in the build order: MkDocs builds
        pages in the order of the files (`preview.liveserver`). Only where the order makes
        no difference to the nav: pages out of it, or a nav the config writes."""
        pages = [f for f in files.documentation_pages() if not f.inclusion.is_excluded()]
        movable = {
            f.src_uri for f in pages if config.nav is not None or f.inclusion.is_not_in_nav()
        }
        first = preview.order({f.src_uri: f.dest_uri for f in pages}, movable)
        if not first:
            return files
        return Files(
            [
                *(f for f in pages if f.src_uri in first),
                *(f for f in files if f.src_uri not in first),
            ]
        )

    def _keep_files(self, files: Files, preview: PreviewSession) -> None:
        """The files other than pages whose copy in the site is as it would be copied
        again skip MkDocs (`stash.Outputs.reusable_files`)."""
        self.site_files = {}
        candidates: dict[str, object] = {}
        for file in files:
            if file.is_documentation_page() or file.inclusion.is_excluded():
                continue
            self.site_files[file.dest_uri] = file
            if file.abs_src_path is not None:
                candidates[file.dest_uri] = file_state(Path(file.abs_src_path))
            else:
                candidates[file.dest_uri] = ("", hash(file.content_bytes))
        for dest in preview.keep_files(candidates):
            self.site_files[dest].inclusion = InclusionLevel.EXCLUDED

    def _render(
        self,
        specs: list[PageSpec],
        showing: Compiled | None,
        urls: dict[tuple[str, str], str],
        config: MkDocsConfig,
        first: set[str],
    ) -> tuple[dict[str, RenderedPage], set[str], set[str]]:
        """The pages rendered, the pages that may be kept whose rendering is as in the
        last rebuild, and the pages to render as MkDocs reaches them. Under `mkdocs serve`
        only the pages an edit changed are rendered, those open in a browser (`first`) first."""
        if showing is None:
            return {}, set(), set()
        site_url = config.site_url or ""

        def render_one(
            spec: PageSpec,
            compiled: Compiled,
            shared: dict[tuple[str, ...], Any] | None = None,
            parts: Part | None = None,
        ) -> RenderedPage:
            return render_page(
                spec,
                compiled,
                urls,
                self.edit_template,
                shared,
                site_url,
                self.config.map_note,
                preview=self.serving,
                map_tiles=(self.config.map_tiles, self.config.map_tiles_attribution),
                templates=self.templates,
                parts=parts,
                slugs=self.slugs,
                language=str(config.theme.get("language") or "en"),
                history=self.publication.history if self.publication else None,
            )

        if self.preview is None:
            shared: dict[tuple[str, ...], Any] = {}  # links, made once for all pages
            return {spec.src_uri: render_one(spec, showing, shared) for spec in specs}, set(), set()
        # A change to the config (page addresses, options) or to a template override
        # renders every page again.
        config_file = _config_file(config)
        tiles = (self.config.map_tiles, self.config.map_tiles_attribution)
        frame = frame_of([config_file, *self.templates.overrides()])
        settings = (self.edit_template, site_url, self.config.map_note, tiles, frame, self.slugs)
        rendered, same, later = self.preview.render(specs, showing, settings, render_one, first)
        keepable = {spec.src_uri for spec in specs if not spec.in_nav} | self.nav_titled
        return rendered, keepable & same, later

    def _frame_paths(self, config: MkDocsConfig, files: Files) -> list[Path]:
        """The files besides the dossier that a generated page's HTML depends on: the
        config, the hand-written pages (their titles are in the nav), the theme overrides."""
        paths = [_config_file(config)]
        paths += [
            Path(file.abs_src_path)
            for file in files
            if file.is_documentation_page() and file.abs_src_path and file.generated_by is None
        ]
        custom_dir = config.theme.custom_dir
        if custom_dir:
            paths += sorted(path for path in Path(custom_dir).rglob("*") if path.is_file())
        return paths

    def _banner(self) -> str:
        """The dossier's errors, for the top of every page; empty while there are none."""
        return error_banner(self.errors, self.templates) if self.errors else ""

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

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """The nav's titles from the config, as the plain text they say: the theme prints
        them unescaped."""
        items = list(nav.items)
        while items:
            item = items.pop()
            if isinstance(vars(item).get("title"), str):  # a page's only if the nav names it
                item.title = nav_title(item.title)
            items.extend(getattr(item, "children", None) or [])
        return nav

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri in self.later:  # its meta comes with it (`_rendered_late`)
            return markdown
        generated = self.metas.get(page.file.src_uri)
        page.meta = dict(generated) if generated is not None else hand_written_meta(page.meta)
        edit_url = self.edit_urls.get(page.file.src_uri)
        if edit_url:
            page.edit_url = edit_url
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if not self.config.enabled:  # the site without the dossier: MkDocs' page as it is
            return html
        content = self.contents.pop(page.file.src_uri, None)
        if content is not None:  # its Markdown was empty: the page is its template's HTML
            html = self._generated_html(page, *content)
        elif page.file.src_uri not in self.metas and page.file.src_uri not in self.later:
            html = sanitise_page_html(html, self.project.image_hosts)
            if "title" not in page.meta:  # MkDocs' title, from the heading rendered just now
                title = heading_title(page.title or "")
                if page.is_homepage:  # the theme's <title> there is the site's name
                    page.title = title
                else:
                    page.meta["title"] = title
            if page.is_homepage and self.front is not None:  # after the editor's introduction
                try:
                    html, tokens = self.front.placed(html, page.toc)
                except TemplateProblem as err:
                    raise PluginError(str(err)) from None
                page.toc = get_toc(tokens)
                page.present_anchor_ids = (page.present_anchor_ids or set()) | ids_in(html)
        html = self._searchable(page, html)
        if self.preview:  # the banner goes in after the page is kept (`on_post_page`)
            return BANNER_OPEN + BANNER_CLOSE + html
        return self._banner() + html

    def _searchable(self, page: Page, html: str) -> str:
        """The page's HTML inside the element the site search indexes (`sitesearch`)."""
        entry = self.search_entries.get(page.file.src_uri) or search_entry(None)
        try:
            return searchable(html, entry, self.templates)
        except TemplateProblem as err:
            raise PluginError(str(err)) from None

    def _generated_html(self, page: Page, html: str, headings: tuple[Heading, ...]) -> str:
        page.toc = get_toc(toc_tokens(headings))
        page.present_anchor_ids = ids_in(html)  # so links to quotes validate
        return html

    def _rendered_late(self, page: Page) -> None:
        """A generated page left to render until MkDocs reaches it: after the pages open
        in a browser (`preview.incremental`)."""
        spec = self.later.pop(page.file.src_uri, None)
        if spec is None:
            return
        try:
            rendered = self._again(spec)
        except TemplateProblem as err:
            raise PluginError(str(err)) from None
        page.meta = dict(rendered.meta)
        if rendered.edit_url:
            page.edit_url = rendered.edit_url
        if rendered.head:
            self.heads[spec.src_uri] = "".join(rendered.head)
        html = self._generated_html(page, rendered.html, rendered.toc)
        page.content = BANNER_OPEN + BANNER_CLOSE + self._searchable(page, html)

    def _show_open_pages(self, page: Page) -> None:
        """At the first page after the open ones: they are written, the browsers reload."""
        shown = self.preview.past_open_pages(page.file.src_uri) if self.preview else 0
        if shown:
            log.info(f"dossier: {shown} open page(s) remade first, shown now")

    @event_priority(100)  # before the theme's search plugin reads the page
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        self._show_open_pages(page)
        self._rendered_late(page)
        # The site search is the plugin's own (`sitesearch`): the theme's search plugin,
        # which puts the search box in the header, indexes no page (its documented
        # `search.exclude`), so it writes no whole-site index for browsers to fetch.
        if self.config.enabled:
            page.meta["search"] = {"exclude": True}
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        uri = page.file.src_uri
        head = self.heads.pop(uri, None)
        if head:
            output = output.replace("</head>", head + "</head>", 1)
        if self.config.enabled:  # every page's own preview where it is shared (`share`)
            output = into_head(
                output,
                share_tags(
                    share_of(
                        page.meta,
                        page.title or "",
                        uri,
                        page.canonical_url or "",
                        config.site_name,
                        config.site_description or "",
                        self.share_image,
                    ),
                    self.templates,
                ),
            )
            if not self.serving:  # the feed is a build's: a preview has none (`feed`)
                output = into_head(output, feed_link(config.site_name, page.url, self.templates))
        if self.preview is None:
            return output
        loc = page.canonical_url or page.abs_url or ""
        keepable = uri in self.generated_pages and (
            page.file.inclusion.is_not_in_nav() or uri in self.nav_titled
        )
        self.preview.finished(uri, page.file.dest_path, loc, keepable)
        banner = self._banner()
        return output.replace(BANNER_OPEN + BANNER_CLOSE, BANNER_OPEN + banner + BANNER_CLOSE, 1)

    @event_priority(100)  # before any plugin renders a template
    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        if self.preview and self.config.enabled:
            env.bytecode_cache = self.preview.compiled_templates
            self._put_back(Path(config.site_dir), self.preview)  # emptied; nothing written yet
        return env

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.indexer.wait()  # the last rebuild's index is in the site before it moves
        if self.preview and self.config.enabled:
            self.preview.before_build(Path(config.site_dir))
            if not self.notes_filtered:  # once: the loggers outlive the rebuild
                for name in ("mkdocs.structure.nav", "mkdocs.structure.pages"):
                    logging.getLogger(name).addFilter(self._excluded_note)
                self.notes_filtered = True

    def _excluded_note(self, record: logging.LogRecord) -> bool:
        """MkDocs notes each link and nav entry to a page it did not make: for a page kept
        from an earlier rebuild that is no news to the editor, so it is not shown."""
        if record.levelno > logging.INFO:
            return True
        if self.preview is None:
            return True
        # MkDocs says which page in the message's text only: no field of the record has it.
        return not any(map(self.preview.skipped, QUOTED.findall(record.getMessage())))

    @event_priority(50)  # before any other plugin writes at the end
    def _indexes_whole(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        if not self.serving:
            self.collector.after_build()
            return
        if self.preview:
            self._merge_indexes(Path(config.site_dir), self.preview)
        self.collector.after_first_build()

    @event_priority(-100)  # after every plugin wrote what it writes
    def _rebuild_ended(self, *, config: MkDocsConfig) -> None:
        try:
            self._index_for_search(Path(config.site_dir))
        finally:
            if self.preview:
                self.preview.ended()

    def _index_for_search(self, site_dir: Path) -> None:
        """The whole site, as written, indexed for search (`sitesearch`): in the preview
        in the background, so the pages are shown meanwhile."""
        if not self.config.enabled:
            return
        preview = self.preview
        if preview is None:
            try:
                self.indexer.index_now(site_dir)
            except SearchIndexFailed as err:
                raise PluginError(f"dossier: {err}") from None
            return

        def done(failed: str | None) -> None:
            if failed:
                log.error(f"dossier: {failed}")
            preview.indexing(False)

        preview.indexing(True)
        self.indexer.index_later(site_dir, done)

    def on_shutdown(self) -> None:
        self.indexer.wait()

    on_post_build = CombinedEvent(_indexes_whole, _rebuild_ended)

    def on_build_error(self, *, error: Exception) -> None:
        if self.preview:
            self.preview.ended()

    def _put_back(self, site_dir: Path, preview: PreviewSession) -> None:
        """The pages and files kept from earlier rebuilds, back in the site before MkDocs
        writes the others (`stash.Outputs`): a page open in a browser can be shown as soon
        as it is remade (`preview.liveserver`)."""
        banner = self._banner()
        for dest in preview.put_back(site_dir, banner):
            self.site_files[dest].copy_file()  # not in the stash after all: copied as usual

    def _merge_indexes(self, site_dir: Path, preview: PreviewSession) -> None:
        """The search index and the sitemap made whole again, with the kept pages' entries.
        MkDocs writes the sitemap from the pages it built: no interface takes the kept
        pages' entries, so the file is written again."""
        text = preview.after_build(site_dir)
        if text is not None:
            files = {
                site_dir / "sitemap.xml": text.encode("utf-8"),
                site_dir / "sitemap.xml.gz": gzip.compress(text.encode("utf-8")),
            }
            try:
                write_all(site_dir, files)  # never through a link (`safewrite`)
            except WriteRefused as err:
                raise PluginError(f"dossier: {err}") from None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        if self.config.enabled:
            server.watch(str(self.project.dossier_dir))
            if self.preview:
                self.preview.serve(server)
        return server


def _config_file(config: MkDocsConfig) -> Path:
    """The config file, absolute: MkDocs gives the first build a relative path."""
    return Path(os.path.abspath(config.config_file_path or ""))


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
