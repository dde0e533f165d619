"""A record validated, and pydantic's errors told as ours: at the YAML line, with a hint.

pydantic's messages are written for programmers ("Input should be a valid string",
a location as a tuple). Each is turned into `file:line:col: message` at the node the
error is about (`locate`), with a hint saying how to fix it; a missing key next to an
unknown key that is its misspelling is one error, not two.
"""

from __future__ import annotations

import difflib
import types
import typing
import unicodedata
from typing import Any

from pydantic import BaseModel, ValidationError

from . import dates
from .model import DATE_PATTERN, ID_PATTERN, MOMENT_PATTERN, Record
from .problems import Problems, did_you_mean
from .yamltree import YMap, YNode, YScalar, YSeq


def validate(model: type[Record], node: YMap, problems: Problems) -> Record | None:
    """Validate one mapping node; report each pydantic error at its YAML position."""
    try:
        return model.model_validate(node.to_python())
    except ValidationError as err:
        errors = [_untagged(error) for error in err.errors()]
        misspelt = _misspelt_required_keys(model, errors)
        for error in errors:
            if error["type"] == "missing" and tuple(error["loc"]) in misspelt:
                continue  # "unknown key 'nme', did you mean 'name'?" says it already
            _report(model, node, error, problems)
        return None


def _untagged(error: Any) -> Any:
    """The error with the tags of a union's forms (`~date`, `~accounts`: no key starts
    with "~") left out of its path, so it is told at the value the editor wrote."""
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("~")))
    return {**error, "loc": loc}


def _misspelt_required_keys(model: type[BaseModel], errors: list[Any]) -> set[tuple[Any, ...]]:
    """Locations of missing keys that an unknown key beside them is a misspelling of."""
    found = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            parent = tuple(error["loc"][:-1])
            for close in difflib.get_close_matches(
                str(error["loc"][-1]), _fields_at(model, parent), n=1, cutoff=0.6
            ):
                found.add((*parent, close))
    return found


def _report(model: type[BaseModel], node: YMap, error: Any, problems: Problems) -> None:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        parent, _ = locate(node, loc[:-1])
        key = str(loc[-1])
        pos = parent.key_pos[key] if isinstance(parent, YMap) else parent.pos
        known = _fields_at(model, loc[:-1])
        hint = did_you_mean(key, known) or "known keys: " + ", ".join(known)
        problems.error(pos, f"unknown key '{key}'", hint)
        return
    if kind == "missing":
        parent, _ = locate(node, loc[:-1])
        problems.error(
            parent.pos,
            f"missing required key '{loc[-1]}'",
            "add it; 'dossier fields' lists every field and what it holds",
        )
        return
    target, _ = locate(node, loc)
    name = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)
    name = name.lstrip(".") or "value"
    message = error["msg"]
    hint = ""
    pos = target.pos
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    elif kind == "string_pattern_mismatch":
        message, hint = _pattern_message(error)
        digit = dates.other_digit(str(error.get("input", "")))
        if digit is not None and isinstance(target, YScalar) and target.value == error.get("input"):
            char = target.value[digit]
            pos = target.at(digit)
            hint = (
                f"'{char}' ({unicodedata.name(char, 'a digit')}) is not an ASCII digit: "
                "retype the digits as 0-9"
            )
    elif kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",")]
        message = f"'{error['input']}' is not one of: {', '.join(choices)}"
        hint = did_you_mean(str(error["input"]), choices) or "use one of the values listed"
    problems.error(pos, f"{name}: {message}", hint or _hint_for(kind, error))


# What to do about each kind of validation error that has no more specific hint.
_HINTS = {
    "value_error": "change the value as the message says; 'dossier fields' lists every field",
    "too_long": "shorten it; the limits are in README.md (Security)",
    "too_short": "it may not be empty: write the value or remove the key",
    "string_type": "write text here (quote it if it starts with a special character)",
    "list_type": "write a list here: [a, b] or one '- item' per line",
    "dict_type": "write a mapping here: 'key: value' lines, indented",
    "model_type": "write a mapping here: 'key: value' lines, indented",
    "model_attributes_type": "write a mapping here: 'key: value' lines, indented",
    "float_parsing": "write a number, such as 36.6 (a dot for decimals)",
    "float_type": "write a number, such as 36.6 (a dot for decimals)",
    "int_parsing": "write a whole number, such as 2",
    "int_type": "write a whole number, such as 2",
    "greater_than_equal": "write a larger number",
    "tuple_type": "write a list of two numbers: [latitude, longitude]",
    "literal_error": "use one of the values the message lists",
}


def _hint_for(kind: str, error: Any) -> str:
    if kind in _HINTS:
        return _HINTS[kind]
    return "fix the value as the message says; 'dossier fields' lists every field"


def id_hint(value: str) -> str:
    hidden = [c for c in value if not c.isprintable() or c in "\u200b\u200c\u200d\u2060\ufeff"]
    if hidden:
        return f"it contains the invisible character U+{ord(hidden[0]):04X}; retype the id"
    return "ids are lowercase letters, digits and single hyphens, e.g. 'jens-stoltenberg'"


def _pattern_message(error: Any) -> tuple[str, str]:
    pattern = error.get("ctx", {}).get("pattern", "")
    value = error.get("input")
    if pattern == ID_PATTERN:
        return f"{str(value)!a} is not a valid id", id_hint(str(value))
    if pattern == MOMENT_PATTERN:
        return f"'{value}' is not a date or a time with its zone", dates.moment_hint(str(value))
    if pattern == DATE_PATTERN:
        return (
            f"'{value}' is not a date",
            "write YYYY, YYYY-MM or YYYY-MM-DD; ~ before it for about; A/B for a range",
        )
    if pattern.startswith("^https?"):
        return f"'{value}' is not an http(s) URL", "URLs start with https:// or http://"
    if pattern.startswith("^Q"):
        return f"'{value}' is not a Wikidata id", "Wikidata ids look like Q7747"
    return f"'{value}' does not match {pattern}", "see the field's description in the schema"


def locate(node: YNode, loc: tuple[str | int, ...]) -> tuple[YNode, bool]:
    """The deepest node along `loc`, and whether the whole path was found."""
    current = node
    for part in loc:
        if isinstance(current, YMap) and isinstance(part, str) and part in current.items:
            current = current.items[part]
            continue
        if isinstance(current, YSeq) and isinstance(part, int) and 0 <= part < len(current.items):
            current = current.items[part]
            continue
        return current, False
    return current, True


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """Field names of the (nested) model found by following `loc` through the type hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        hint = current.model_fields[part].annotation
        current = _inner_model(hint)
        if current is None:
            return []
    return list(current.model_fields)


def _inner_model(hint: Any) -> type[BaseModel] | None:
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return hint
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is not None:
        for arg in typing.get_args(hint):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
