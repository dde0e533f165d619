"""Which MkDocs config the command line reads, and the error when it cannot.

The file itself is read by MkDocs' own loader (`plugin.load_project`), so the command
line validates exactly what `mkdocs build` would.
"""

from __future__ import annotations

from pathlib import Path

CONFIG_NAMES = ("site_config.yml", "mkdocs.yml", "mkdocs.yaml")


class ConfigError(Exception):
    """The config file is missing or unreadable: the command cannot run."""


def find_config(root: Path) -> Path | None:
    return next((root / name for name in CONFIG_NAMES if (root / name).is_file()), None)
