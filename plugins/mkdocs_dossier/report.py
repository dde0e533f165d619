"""Problems for people and for tools: plain text, GitHub Actions workflow commands, JSON.

Every format shows the problem's text through `safetext.visible`, so a value quoted in a
message (an escape sequence, an OSC-8 link, a C1 control) is printed as `\\x1b`, never
sent to the terminal or CI log that shows it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .problems import Problem
from .safetext import visible


def as_text(problems: Iterable[Problem]) -> list[str]:
    """`path:line:col: error: message`, the hint indented on the next line."""
    return [str(problem) for problem in problems]


def as_github(problems: Iterable[Problem]) -> list[str]:
    """Workflow commands, so each problem shows on the pull request's diff at its line."""
    lines = []
    for p in problems:
        message = visible(p.message) + (f"\nhint: {visible(p.hint)}" if p.hint else "")
        properties = ",".join(
            f"{key}={_property(str(value))}"
            for key, value in (
                ("file", visible(p.position.path)),
                ("line", p.position.line),
                ("col", p.position.col),
                ("title", "dossier check"),
            )
        )
        lines.append(f"::{p.severity} {properties}::{_data(message)}")
    return lines


def as_json(problems: Iterable[Problem], summary: dict[str, int]) -> str:
    return json.dumps(
        {
            "problems": [
                {
                    "path": visible(p.position.path),
                    "line": p.position.line,
                    "col": p.position.col,
                    "severity": p.severity,
                    "message": visible(p.message),
                    "hint": visible(p.hint),
                }
                for p in problems
            ],
            "summary": summary,
        },
        indent=2,
        ensure_ascii=False,
    )


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
