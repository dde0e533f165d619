"""The field reference: every key of every dossier file, generated from the model.

Flow: `schema.schema_for(kind)` (itself generated from `model.py`) -> one row per
field (name, type, required, what it means) -> Markdown for `dossier fields`, and the
sections the site's fields/ page template lists (`dossier/fields.html`). Nothing is
written by hand, so it cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .schema import FILE_KINDS, schema_for

FILE_OF = {
    "annotations": "dossier/annotations/<source-id>.yml: a list of annotations",
    **{
        kind: f"dossier/{kind}.yml or dossier/{kind}/*.yml: records keyed by id"
        for kind in FILE_KINDS
    },
}


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: str
    required: bool
    meaning: str


@dataclass(frozen=True, slots=True)
class Section:
    """One record type: the top-level record of a file, or a record nested in one."""

    title: str
    file: str
    fields: list[Field]


def sections() -> list[Section]:
    """Each file kind's record, then the records nested in it, each listed once."""
    out: list[Section] = []
    seen: set[str] = set()
    for kind in FILE_KINDS:
        schema = schema_for(kind)
        defs: dict[str, Any] = schema["$defs"]
        top = (
            "Annotation"
            if kind == "annotations"
            else next(
                name for name in defs if f"#/$defs/{name}" == schema["additionalProperties"]["$ref"]
            )
        )
        for name in [top, *sorted(n for n in defs if n != top)]:
            if name in seen:
                continue
            seen.add(name)
            file = FILE_OF[kind] if name == top else f"inside {top.lower()} records"
            out.append(Section(name, file, _fields(defs[name])))
    return out


def _fields(record: dict[str, Any]) -> list[Field]:
    required = set(record.get("required", []))
    rows = []
    for name, prop in record["properties"].items():
        kind, notes = _describe(prop)
        meaning = " ".join(part for part in (prop.get("description", ""), *notes) if part)
        default = prop.get("default")
        if default not in (None, [], ""):
            meaning = f"{meaning} Default: {default}.".strip()
        rows.append(Field(name, kind, name in required, meaning))
    return rows


def _describe(prop: dict[str, Any]) -> tuple[str, list[str]]:
    """A reader's name for a schema type, and notes (allowed values, descriptions)."""
    variants = [v for v in prop.get("anyOf", [prop]) if v.get("type") != "null"]
    if len(variants) != 1:
        return "any", []
    value = variants[0]
    if "oneOf" in value:  # a field written in one of several forms (a claim's `occurred`)
        forms = [_describe(v) for v in value["oneOf"]]
        return " or ".join(name for name, _ in forms), [n for _, notes in forms for n in notes]
    notes = [value["description"]] if value is not prop and "description" in value else []
    name = str(value.get("type", "any"))
    if "$ref" in value:
        name = value["$ref"].rsplit("/", 1)[-1]
    elif "enum" in value:
        name = "one of: " + ", ".join(value["enum"])
    elif "prefixItems" in value:
        name = "[" + ", ".join(_describe(v)[0] for v in value["prefixItems"]) + "]"
    elif name == "array":
        item, item_notes = _describe(value.get("items", {}))
        name, notes = f"list of {item}", notes + item_notes
    elif value.get("pattern", "").startswith("^[a-z0-9]"):
        name, notes = "id", []  # what an id may hold is said once, at the top of the page
    elif name == "string":
        name = "text"
    return name, notes


def as_markdown() -> str:
    parts = ["# Dossier fields\n"]
    for section in sections():
        parts.append(f"\n## {section.title}\n\n{section.file}\n\n")
        parts.append("| field | type | required | meaning |\n|---|---|---|---|\n")
        for f in section.fields:
            cells = (f.name, f.type, "yes" if f.required else "", f.meaning)
            parts.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |\n")
    return "".join(parts)
