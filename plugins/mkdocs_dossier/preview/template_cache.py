"""The templates of the preview, compiled once for all of its rebuilds.

MkDocs makes a new Jinja environment for each rebuild of `mkdocs serve`, and so does
the plugin (`render.Templates`); each would compile every template again. A bytecode
cache kept across rebuilds spares that work. Nothing here imports MkDocs.
"""

from __future__ import annotations

from jinja2.bccache import Bucket, BytecodeCache


class CompiledTemplates(BytecodeCache):
    """The theme's templates and the dossier's, compiled once for all of the preview's
    rebuilds: MkDocs makes a new Jinja environment for each, and so does the plugin
    (`render.Templates`), which compiles every template again. A template that changed
    has another checksum, and Jinja compiles it anew."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
