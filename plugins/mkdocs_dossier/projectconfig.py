"""Which MkDocs config the command line reads, and the error when it cannot.

The file itself is read by MkDocs' own loader (`plugin.load_project`), so the command
line validates exactly what `mkdocs build` would.
"""

from __future__ import annotations

from pathlib import Path

CONFIG_NAMES = ("site_config.yml", "mkdocs.yml", "mkdocs.yaml")


class ConfigError(Exception):
    """The config file is missing or unreadable: the command cannot run."""


def edit_template(own: str, repo_url: str | None, edit_uri: str | None, docs: str) -> str:
    """Where to edit a dossier file: a template with {path} (from the project root).

    The plugin's own `edit_url` wins. Otherwise MkDocs' `repo_url` and `edit_uri` are
    followed, as for hand-written pages: edit_uri points at the docs directory in the
    repository (e.g. edit/main/content/), so the repository root is edit_uri without
    that directory. When it does not end with the docs directory, the root is unknown
    and no link is made rather than a wrong one.
    """
    if own or not repo_url or not edit_uri or "://" in edit_uri or "?" in edit_uri:
        return own
    base = edit_uri.strip("/")
    docs = docs.strip("/")
    if docs and not (base == docs or base.endswith("/" + docs)):
        return ""
    base = base[: len(base) - len(docs)].strip("/")
    return "/".join(part for part in (repo_url.rstrip("/"), base) if part) + "/{path}"


def find_config(root: Path) -> Path | None:
    return next((root / name for name in CONFIG_NAMES if (root / name).is_file()), None)
