"""Read YAML into a small tree that remembers where every key and value stands.

Flow: bytes -> PyYAML's event stream -> `YMap` / `YSeq` / `YScalar` nodes, each with a
`Position`. We build the tree from events ourselves rather than let PyYAML construct
objects, because that is the only place where we can:

- reject what PyYAML accepts silently: duplicate keys (it keeps the last one), anchors
  and aliases (expansion bombs), explicit tags, several documents in one file;
- cap nesting depth before anything is built;
- keep every scalar as the text the author typed; the model decides what it means, so
  YAML 1.1 surprises (`no` becoming False, `1:20` becoming 80) never change the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Position, Problems

MAX_DEPTH = 32
DEPTH_HINT = "a dossier file needs a few levels (record, field, list of stances); flatten the data"
_SURROGATE = re.compile("[\ud800-\udfff]")
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})

try:  # the C parser is much faster; the pure-Python one behaves the same
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass(slots=True)
class YScalar:
    value: str
    plain: bool
    pos: Position

    def to_python(self) -> str | None:
        """The typed text; an unquoted null word or empty value means "not given"."""
        if self.plain and self.value in NULL_WORDS:
            return None
        return self.value

    def at(self, index: int) -> Position:
        """Where character `index` of the value is: exact for one-line values, else the start."""
        if "\n" in self.value:
            return self.pos
        col = self.pos.col + index + (0 if self.plain else 1)
        return Position(self.pos.path, self.pos.line, col)


@dataclass(slots=True)
class YSeq:
    items: list[YNode]
    pos: Position

    def to_python(self) -> list[Any]:
        return [item.to_python() for item in self.items]


@dataclass(slots=True)
class YMap:
    pos: Position
    items: dict[str, YNode] = field(default_factory=dict)
    key_pos: dict[str, Position] = field(default_factory=dict)

    def to_python(self) -> dict[str, Any]:
        return {key: value.to_python() for key, value in self.items.items()}


YNode = YScalar | YSeq | YMap
_DUPLICATE = "\0duplicate"  # pending-key marker: the value of a rejected duplicate key


class _YamlProblem(Exception):
    def __init__(self, pos: Position, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.pos, self.message, self.hint = pos, message, hint


def _pos(path: str, mark: Any) -> Position:
    return Position(path, mark.line + 1, mark.column + 1)


def parse_yaml(text: str, path: str, problems: Problems) -> YNode | None:
    """Parse one YAML document; on any problem report it and return None."""
    builder = _Builder(path, problems)
    try:
        return builder.build(yaml.parse(text, Loader=_Loader))
    except _YamlProblem as err:
        problems.error(err.pos, err.message, err.hint)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        pos = _pos(path, mark) if mark else Position(path)
        too_deep = _flow_overflow(text, pos, path, builder.block_depth)
        if too_deep is not None:  # the parser gave up on depth before our own limit was seen
            problems.error(too_deep, _too_deep(), DEPTH_HINT)
            return None
        message = " ".join(str(part) for part in (err.context, err.problem) if part)
        hint = _syntax_hint(message, text, pos.line)
        problems.error(pos, f"YAML syntax error: {message}", hint)
    except yaml.reader.ReaderError as err:  # a character YAML does not allow, by its offset
        at = min(max(err.position, 0), len(text))
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        char = err.character if isinstance(err.character, str) else chr(err.character)
        problems.error(
            Position(path, line, col),
            f"character U+{ord(char):04X} is not allowed in YAML ({err.reason})",
            f'delete it, or write it as an escape in a double-quoted string: "\\u{ord(char):04X}"',
        )
    except yaml.YAMLError as err:
        problems.error(Position(path), f"YAML error: {err}", _syntax_hint(str(err), text, 1))
    return None


def _too_deep() -> str:
    return f"nesting deeper than {MAX_DEPTH} levels"


def _flow_overflow(text: str, failed_at: Position, path: str, block_depth: int) -> Position | None:
    """Where flow brackets first nest deeper than MAX_DEPTH, scanning up to a syntax error.

    The event stream catches deep nesting as it is built, but a YAML scanner may look
    ahead over a run of brackets and stop on a limit of its own first. A rough lexer
    (quotes and comments skipped) tells whether that is what happened, so the author
    sees this project's message whatever the library's limit and wording. Block
    collections still open when the parser stopped count as levels too.
    """
    depth, line, col = block_depth, 1, 0
    quote, escaped, comment, previous = "", False, False, "\n"
    for char in text:
        if line > failed_at.line or (line == failed_at.line and col >= failed_at.col):
            break
        col += 1
        if char == "\n":
            line, col, comment, previous = line + 1, 0, False, char
            continue
        if comment:
            continue
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote, previous = "", char
            continue
        if char == "#" and previous in " \t\n":
            comment = True
        elif char in "\"'" and previous in " \t\n[{,:-?":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return Position(path, line, col)
        elif char in "]}":
            depth = max(0, depth - 1)
        previous = char
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _syntax_hint(message: str, text: str, line: int) -> str:
    if "tab" in message:
        return "indent with spaces; YAML does not allow tabs for indentation"
    lines = text.splitlines()[:line]
    before = [row for row in lines[:-1] if row.strip() and not row.lstrip().startswith("#")]
    if lines and before and _indent(lines[-1]) > _indent(before[-1]) and ": " in before[-1]:
        return (
            f"line {line} is indented more than the line before it, whose value is already "
            "given; keys of one record line up under each other"
        )
    if "mapping values are not allowed" in message:
        return "quote a value that contains ': ', e.g. quote: \"She said: it was a mistake\""
    return "check the indentation and quoting on this line and the one before"


class _Builder:
    """Turns the event stream into nodes, one document only."""

    def __init__(self, path: str, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.documents = 0
        self.flow_style: list[bool] = []  # per open collection: written in [] or {} brackets

    @property
    def block_depth(self) -> int:
        """Open block collections: the levels a lexer of brackets cannot see."""
        return self.flow_style.count(False)

    def build(self, events: Any) -> YNode | None:
        stack: list[tuple[YMap | YSeq, str | None]] = []  # container, pending key
        root: YNode | None = None
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise _YamlProblem(
                        _pos(self.path, event.start_mark),
                        "a second YAML document in one file",
                        "remove the '---' line; a dossier file holds one document",
                    )
                continue
            if isinstance(event, yaml.AliasEvent):
                raise _YamlProblem(
                    _pos(self.path, event.start_mark),
                    f"YAML alias '*{event.anchor}' is not allowed",
                    "write the value out in full; anchors and aliases are rejected",
                )
            if not isinstance(event, yaml.NodeEvent | yaml.CollectionEndEvent):
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                node, _ = stack.pop()
                self.flow_style.pop()
                if not stack:
                    root = node
                else:
                    self._attach(stack, node)
                continue
            self._check_node_event(event)
            pos = _pos(self.path, event.start_mark)
            if isinstance(event, yaml.ScalarEvent):
                value = self._valid_text(event.value, pos)
                scalar = YScalar(value, not event.style, pos)  # C parser: "", Python: None
                if not stack:
                    root = scalar
                else:
                    self._attach(stack, scalar)
                continue
            if len(stack) >= MAX_DEPTH:
                raise _YamlProblem(pos, _too_deep(), DEPTH_HINT)
            container: YMap | YSeq = (
                YMap(pos) if isinstance(event, yaml.MappingStartEvent) else YSeq([], pos)
            )
            in_brackets = isinstance(event, yaml.CollectionStartEvent) and event.flow_style
            self.flow_style.append(bool(in_brackets))
            stack.append((container, None))
        return root

    def _valid_text(self, value: str, pos: Position) -> str:
        """Lone surrogates (from escapes like "\\ud800") cannot be written out as UTF-8."""
        bad = _SURROGATE.search(value)
        if bad is None:
            return value
        self.problems.error(
            pos,
            f"invalid character U+{ord(bad.group()):04X} (half of a surrogate pair)",
            "write the character itself, or escape it whole as \\U0001F600",
        )
        return _SURROGATE.sub("\ufffd", value)

    def _check_node_event(self, event: Any) -> None:
        pos = _pos(self.path, event.start_mark)
        if event.anchor is not None:
            raise _YamlProblem(
                pos,
                f"YAML anchor '&{event.anchor}' is not allowed",
                "write the value out in full; anchors and aliases are rejected",
            )
        if event.tag is not None and not (
            isinstance(event, yaml.ScalarEvent) and event.tag == "!" and event.style
        ):
            raise _YamlProblem(
                pos,
                f"YAML tag '{event.tag}' is not allowed",
                "remove the tag; write plain values",
            )

    def _attach(self, stack: list[tuple[YMap | YSeq, str | None]], node: YNode) -> None:
        container, pending_key = stack[-1]
        if isinstance(container, YSeq):
            container.items.append(node)
            return
        if pending_key is None:
            if not isinstance(node, YScalar):
                raise _YamlProblem(
                    node.pos,
                    "a mapping key must be plain text",
                    "write the key as a word such as 'name', not a list or mapping",
                )
            key = node.value
            if key == "<<":
                raise _YamlProblem(
                    node.pos,
                    "YAML merge keys ('<<') are not allowed",
                    "write the merged values out in full",
                )
            if key in container.key_pos:
                first = container.key_pos[key]
                self.problems.error(
                    node.pos,
                    f"duplicate key '{key}' (first defined at line {first.line})",
                    "YAML would silently keep only the last one; rename or merge the two entries",
                )
                stack[-1] = (container, _DUPLICATE)
                return
            container.key_pos[key] = node.pos
            stack[-1] = (container, key)
            return
        if pending_key is not _DUPLICATE:
            container.items[pending_key] = node
        stack[-1] = (container, None)
