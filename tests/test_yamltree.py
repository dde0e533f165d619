"""The YAML reader keeps positions and rejects what PyYAML would accept silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_dossier.load import read_text
from mkdocs_dossier.problems import Problems
from mkdocs_dossier.yamltree import YMap, YScalar, YSeq, parse_yaml


def parse(text: str) -> tuple[object, list[str]]:
    problems = Problems()
    node = parse_yaml(text, "f.yml", problems)
    return node, [str(p) for p in problems]


def test_scalars_stay_as_typed() -> None:
    node, errors = parse("a: no\nb: 1:20\nc: 2015-11-24\nd: 1.10\ne: ~\nf: 'null'\n")
    assert not errors
    assert isinstance(node, YMap)
    assert node.to_python() == {
        "a": "no",
        "b": "1:20",
        "c": "2015-11-24",
        "d": "1.10",
        "e": None,
        "f": "null",
    }


def test_positions_of_keys_and_values() -> None:
    node, _ = parse("top:\n  - x: 1\n    y: [a, b]\n")
    assert isinstance(node, YMap)
    seq = node.items["top"]
    assert isinstance(seq, YSeq)
    item = seq.items[0]
    assert isinstance(item, YMap)
    assert str(item.key_pos["y"]) == "f.yml:3:5"
    y = item.items["y"]
    assert isinstance(y, YSeq)
    second = y.items[1]
    assert isinstance(second, YScalar)
    assert str(second.pos) == "f.yml:3:12"


def test_duplicate_keys_are_errors_with_both_lines() -> None:
    _, errors = parse("a: 1\nb: 2\na: 3\n")
    assert errors == [
        "f.yml:3:1: error: duplicate key 'a' (first defined at line 1)\n"
        "    hint: YAML would silently keep only the last one; rename or merge the two entries"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x 1\nb: *x\n", "f.yml:1:4: error: YAML anchor '&x' is not allowed"),
        ("a: !!python/object:os.system 1\n", "f.yml:1:4: error: YAML tag"),
        ("a: 1\n---\nb: 2\n", "f.yml:2:1: error: a second YAML document in one file"),
        ("a: 1\n<<: {b: 2}\n", "f.yml:2:1: error: YAML merge keys ('<<') are not allowed"),
        ("a:\n\t- b\n", "f.yml:2:1: error: YAML syntax error"),
    ],
)
def test_rejected_constructs(text: str, expected: str) -> None:
    _, errors = parse(text)
    assert errors
    assert errors[0].startswith(expected), errors[0]


def test_deep_nesting_is_refused_before_building() -> None:
    _, errors = parse("a: " + "[" * 100 + "]" * 100 + "\n")
    assert errors
    assert "nesting deeper than 32 levels" in errors[0]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("a: é\n".encode("utf-16"), "f.yml:1:1: error: file is UTF-16"),
        (b"a: 1\nb: caf\xe9\n", "f.yml:2:7: error: byte 0xe9 is not valid UTF-8"),
    ],
)
def test_encodings(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "f.yml"
    path.write_bytes(data)
    problems = Problems()
    assert read_text(path, "f.yml", problems, 1000) is None
    assert str(next(iter(problems))).startswith(expected)


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "f.yml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    problems = Problems()
    assert read_text(path, "f.yml", problems, 1000) == "a: 1\n"
    assert not len(problems)
