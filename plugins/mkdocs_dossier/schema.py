"""JSON Schema for every kind of dossier file, generated from the model, never written by hand.

Editors point their YAML files at these (a `yaml-language-server` modeline) to get
completion and errors as they type; `check-jsonschema` validates with them in CI. A
test fails when the committed files differ from what the model generates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import ID_PATTERN, KIND_MODELS, Annotation, Record

SCHEMA_DIR = Path(__file__).parent / "schemas"
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


def schema_path(kind: str) -> Path:
    return SCHEMA_DIR / f"{kind}.schema.json"


def write_schemas() -> list[Path]:
    SCHEMA_DIR.mkdir(exist_ok=True)
    for kind in FILE_KINDS:
        schema_path(kind).write_text(rendered(kind), encoding="utf-8")
    return [schema_path(kind) for kind in FILE_KINDS]


def stale_schemas() -> list[Path]:
    """Committed schema files that differ from what the model generates now."""
    return [
        schema_path(kind)
        for kind in FILE_KINDS
        if not schema_path(kind).is_file()
        or schema_path(kind).read_text(encoding="utf-8") != rendered(kind)
    ]
