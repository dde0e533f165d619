"""What the plugin knows of a language from its code: whether the code is one, which
way its script runs, and its quotation marks.

Codes are BCP 47 tags as sources write them (`fr`, `pt-BR`, `ar`). Babel's CLDR data
gives directions and the names a wrong value is matched against; CLDR's delimiters,
which Babel does not carry, give the marks (`data/quotation-marks.json`). Every reuse
of a quote on a page is marked with its language and direction from here, so a screen
reader reads it with the right rules and right-to-left text keeps its own order.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
MARKS_FILE = Path(__file__).parent / "data" / "quotation-marks.json"
DEFAULT_MARKS = ("“", "”")


def check_code(value: str) -> str:
    """A language code as written, or a ValueError that gives the code to use: a name
    ("French", "français") or a code written another way ("FR", "pt_BR")."""
    if CODE.fullmatch(value):
        return value
    raise ValueError(_hint(value))


def _hint(value: str) -> str:
    written = value.strip()
    tag = written.replace("_", "-")
    parts = tag.split("-")
    fixed = "-".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])
    if CODE.fullmatch(fixed) and _known(fixed):
        return f"'{written}' is written {fixed}: a language code is lower case, with '-'"
    code = _by_name().get(written.casefold())
    if code:
        return f"'{written}' is a language's name; use its code: {code} ({_english(code)})"
    example = "en (English), fr (French) or pt-BR"
    return f"'{written}' is not a language code; use a code such as {example}"


@cache
def _by_name() -> dict[str, str]:
    """Every language's name, in English and in itself, folded -> its code."""
    english = Locale("en")
    names: dict[str, str] = {}
    for code, name in english.languages.items():
        if "_" not in code:
            names.setdefault(name.casefold(), code)
    for code in list(names.values()):
        try:
            own = Locale.parse(code).get_display_name(code)
        except (UnknownLocaleError, ValueError):
            continue
        if own:
            names.setdefault(own.casefold(), code)
    return names


def _english(code: str) -> str:
    return Locale("en").languages.get(code, code)


@lru_cache(maxsize=256)
def _known(code: str) -> bool:
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


@lru_cache(maxsize=256)
def direction(code: str) -> str:
    """ "rtl" for a language written right to left (ar, he, fa, ur), else "ltr"."""
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return "ltr"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


@cache
def _marks() -> dict[str, tuple[str, str]]:
    data = json.loads(MARKS_FILE.read_text(encoding="utf-8"))
    return {code: (pair[0], pair[1]) for code, pair in data.items()}


@lru_cache(maxsize=256)
def quotation_marks(code: str) -> tuple[str, str]:
    """The marks a quotation opens and closes with in this language: « » in French,
    „ “ in German; “ ” where CLDR does not say."""
    marks = _marks()
    parts = code.split("-")
    for n in range(len(parts), 0, -1):
        found = marks.get("-".join(parts[:n]))
        if found:
            return found
    return DEFAULT_MARKS
