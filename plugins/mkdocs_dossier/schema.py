"""JSON Schema for every kind of dossier file, generated from the model, never written by hand.

`dossier schema` writes them into the project, beside the files they describe
(`dossier/schemas/`), so a modeline such as `# yaml-language-server:
$schema=schemas/actors.schema.json` resolves in any project, whatever the plugin is
installed from. Editors then complete and flag as you type; `check-jsonschema`
validates with them in CI; `dossier schema --check` fails when they are out of date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import ID_PATTERN, KIND_MODELS, Annotation, Record
from .safewrite import write_all

SCHEMA_SUBDIR = "schemas"  # inside the project's dossier directory
DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILE_KINDS = (*KIND_MODELS, "annotations")


def _record_schema(model: type[Record]) -> tuple[dict[str, Any], dict[str, Any]]:
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})
    return schema, defs


def schema_for(kind: str) -> dict[str, Any]:
    """The schema of one file of `kind`: a mapping of id to record, or a list of annotations."""
    if kind == "annotations":
        item, defs = _record_schema(Annotation)
        defs["Annotation"] = item
        body: dict[str, Any] = {
            "type": ["array", "null"],
            "items": {"$ref": "#/$defs/Annotation"},
        }
        title = "Dossier annotations of one source (dossier/annotations/<source-id>.yml)"
    else:
        model = KIND_MODELS[kind]
        item, defs = _record_schema(model)
        defs[model.__name__] = item
        body = {
            "type": ["object", "null"],
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"$ref": f"#/$defs/{model.__name__}"},
        }
        title = f"Dossier {kind} (dossier/{kind}.yml or dossier/{kind}/*.yml), keyed by id"
    return {"$schema": DIALECT, "title": title, **body, "$defs": defs}


def rendered(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def schema_path(dossier_dir: Path, kind: str) -> Path:
    return dossier_dir / SCHEMA_SUBDIR / f"{kind}.schema.json"


def schema_files(dossier_dir: Path) -> dict[Path, bytes]:
    """Every schema file's path and bytes, to be written."""
    return {schema_path(dossier_dir, kind): rendered(kind).encode("utf-8") for kind in FILE_KINDS}


def write_schemas(root: Path, dossier_dir: Path) -> list[Path]:
    """Write every schema under the project `root`: none through a link (`safewrite`)."""
    return write_all(root, schema_files(dossier_dir))


def stale_schemas(dossier_dir: Path) -> list[Path]:
    """The project's schema files that are missing or differ from what the model generates."""
    paths = [schema_path(dossier_dir, kind) for kind in FILE_KINDS]
    return [
        p
        for p in paths
        if not p.is_file() or p.read_text(encoding="utf-8") != rendered(p.name.split(".")[0])
    ]
