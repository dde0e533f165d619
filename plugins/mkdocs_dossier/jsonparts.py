"""JSON written in parts: an export of a large dossier is megabytes, made of parts (a
record, a source's annotations) that the preview keeps between rebuilds; these put the
parts' JSON together, indented, without parsing it again.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import to_json


def json_at(data: Any, depth: int) -> str:
    """Indented JSON for a value `depth` levels deep in a file, written by pydantic-core:
    an export of a large dossier is megabytes, which the standard library writes in
    pure Python when it indents. JSON strings hold no raw line break, so every line
    break is one of the layout's."""
    return to_json(data, indent=1).decode("utf-8").replace("\n", "\n" + " " * depth)


def json_object(fields: list[tuple[str, str]], depth: int, end: str = "") -> str:
    """A JSON object `depth` levels deep from its keys and its values' JSON, then `end`.
    Joined once: the values are megabytes at 1,000 articles, and each `+` copies them."""
    if not fields:
        return "{}" + end
    inner = " " * (depth + 1)
    pieces = ["{\n"]
    for number, (key, value) in enumerate(fields):
        pieces += (",\n" if number else "", inner, to_json(key).decode("utf-8"), ": ", value)
    pieces += ("\n", " " * depth, "}", end)
    return "".join(pieces)


def json_list(parts: list[str], depth: int) -> str:
    """A JSON array `depth` levels deep from parts that each hold some of its items
    (`_items`), or none."""
    body = ",\n".join(part for part in parts if part)
    return "".join(("[\n", body, "\n", " " * depth, "]")) if body else "[]"


def json_items(values: list[Any], depth: int) -> str:
    """Items of an array whose items are `depth` levels deep, for `_array`."""
    inner = " " * depth
    return ",\n".join(inner + json_at(value, depth) for value in values)
