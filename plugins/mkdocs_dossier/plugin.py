"""The MkDocs plugin: the only module that imports mkdocs, and it only wires events.

- on_config: resolve where dossier/ is; add the stylesheet.
- on_files: compile the dossier (`pipeline`), report problems through the plugin
  logger (so `--strict` fails), stop with a PluginError naming the files on errors,
  else add one in-memory page per entity and per index (`render`); entity pages
  are `not_in_nav`, so the nav stays the size of the hand-written one.
- on_serve: watch dossier/ so an annotation edit rebuilds the preview.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from .pipeline import Project, compile_dossier
from .render import plan_pages, render_page

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

ASSETS = Path(__file__).parent / "assets"
STYLESHEET = "assets/dossier/dossier.css"


class DossierConfig(base.Config):
    dossier_dir = opt.Type(str, default="dossier")
    """The annotation files, relative to the directory of the MkDocs config file."""


class DossierPlugin(BasePlugin[DossierConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.project = Project(
            root=root,
            dossier_dir=(root / self.config.dossier_dir).resolve(),
            docs_dir=Path(config.docs_dir).resolve(),
        )
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        compiled = compile_dossier(self.project)
        for problem in compiled.problems.sorted():
            (log.error if problem.severity == "error" else log.warning)(str(problem))
        if not compiled.ok:
            paths = sorted({p.position.path for p in compiled.problems.errors})
            raise PluginError(
                f"the dossier has {len(compiled.problems.errors)} error(s), in: " + ", ".join(paths)
            )
        files.append(File.generated(config, STYLESHEET, abs_src_path=str(ASSETS / "dossier.css")))
        specs = plan_pages(compiled)
        generated: dict[str, File] = {}
        for spec in specs:
            if spec.src_uri in files.src_uris:
                raise PluginError(
                    f"{config.docs_dir}/{spec.src_uri} would be replaced by a generated page; "
                    "rename or remove it"
                )
            inclusion = InclusionLevel.UNDEFINED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            generated[spec.src_uri] = File.generated(
                config, spec.src_uri, content="", inclusion=inclusion
            )
        urls = {(spec.kind, spec.ident): generated[spec.src_uri].url for spec in specs}
        for spec in specs:
            page_file = generated[spec.src_uri]
            page_file.content_string = render_page(spec, compiled, urls)
            files.append(page_file)
        return files

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        server.watch(str(self.project.dossier_dir))
        return server
