"""The plugin's own words in the site's language: gettext catalogs, read with Babel.

Flow: `theme.language` ("fr", "pt-BR") -> the catalog of that language, else of its
base language, else none (English, the words as written) -> the templates' `_()`
(Jinja's i18n extension); `N_` marks a word in Python that a template translates.
Catalogs are `locales/<lang>/LC_MESSAGES/dossier.po`, read as they are (no compiled
.mo to keep in step); `CONTRIBUTING.md` says how to add a word or a language. A word
with no translation in a catalog stays English.
"""

from __future__ import annotations

import io
import json
import re
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "dossier"


def catalog_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def shipped() -> list[str]:
    """The languages the plugin has a catalog for, besides English."""
    return sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


@lru_cache(maxsize=8)
def translations(language: str) -> NullTranslations:
    """The catalog for `language` (or its base language); English words where none."""
    code = (language or "en").replace("_", "-")
    for candidate in (code, code.split("-")[0]):
        path = catalog_path(candidate)
        if path.is_file():
            with path.open("rb") as po:
                catalog = read_po(po, locale=candidate.replace("-", "_"), domain=DOMAIN)
            compiled = io.BytesIO()
            write_mo(compiled, catalog)
            compiled.seek(0)
            return Translations(compiled, domain=DOMAIN)
    return NullTranslations()


SCRIPT_WORD = re.compile(r'dossierT\(\s*"((?:[^"\\]|\\.)*)"')
SCRIPTS = Path(__file__).resolve().parent.parent / "assets"


def words_script(language: str) -> str:
    """assets/dossier/words.js: the scripts' words (`dossierT("...")` in assets/*.js) in
    the site's language, as `window.dossierWords`; empty where the catalog has none."""
    catalog = translations(language)
    words = {}
    for script in sorted(SCRIPTS.glob("*.js")):
        for found in SCRIPT_WORD.finditer(script.read_text(encoding="utf-8")):
            word = json.loads(f'"{found.group(1)}"')
            said = catalog.gettext(word)
            if said != word:
                words[word] = said
    data = json.dumps(words, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return f"window.dossierWords = {data};\n"


def N_(message: str) -> str:
    """Marks a word that a template translates later (a fact's term): for extraction."""
    return message
