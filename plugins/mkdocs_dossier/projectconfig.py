"""Find a project's dossier and docs directories the way MkDocs would, from its config file.

The command line reads the same `site_config.yml` (or `mkdocs.yml`) as the build, so
`dossier check` validates exactly what `mkdocs build` would: the docs_dir, and the
dossier plugin's `dossier_dir` option. MkDocs' `!ENV` tag is honoured; other tags are
ignored, since only two paths are read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from .pipeline import Project

CONFIG_NAMES = ("site_config.yml", "mkdocs.yml", "mkdocs.yaml")


class ConfigError(Exception):
    """The config file is missing or unreadable: the command cannot run."""


class _Loader(yaml.SafeLoader):
    pass


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' `!ENV VAR` and `!ENV [VAR, ..., default]`."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    names = loader.construct_sequence(node)  # type: ignore[arg-type]
    for name in names[:-1]:
        if name in os.environ:
            return os.environ[name]
    return names[-1] if len(names) > 1 else os.environ.get(names[0])


def _other_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("!", _other_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _other_tag)


def find_config(root: Path) -> Path | None:
    return next((root / name for name in CONFIG_NAMES if (root / name).is_file()), None)


def project_from_config(config_file: Path) -> Project:
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"cannot read {config_file}: {err}") from err
    if not isinstance(config, dict):
        raise ConfigError(f"{config_file} is not a mapping of settings")
    root = config_file.resolve().parent
    options = _plugin_options(config.get("plugins"))
    return Project(
        root=root,
        dossier_dir=root / str(options.get("dossier_dir") or "dossier"),
        docs_dir=root / str(config.get("docs_dir") or "docs"),
    )


def _plugin_options(plugins: Any) -> dict[str, Any]:
    if isinstance(plugins, dict):
        return plugins.get("dossier") or {}
    for item in plugins or []:
        if isinstance(item, dict) and "dossier" in item:
            return item["dossier"] or {}
    return {}
