"""`dossier import`: a page saved from the web (or a plain-text file) -> a source to annotate.

Flow: the file's bytes -> kept as received -> text and metadata (trafilatura, made for
news pages) -> `content/articles/<id>.txt` (what the site publishes and quotes anchor
in) and `dossier/sources/<id>.yml` (every field found, a comment naming what was not,
proposed mojibake repairs left commented out for review) -> an empty annotations file.

The HTML as received is kept in `dossier/originals/`, outside the docs directory:
MkDocs copies every file of the docs directory into the site, and a saved page
carries the outlet's scripts, which must never be published under the dossier's
address. A UTF-8 text file is itself the article, copied byte for byte; other text
encodings are kept as received too, and the article is their UTF-8 decoding.
Nothing found is invented: a value the page does not state is left out and named.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura
from lxml import etree  # type: ignore[import-untyped]  # trafilatura's parser
from trafilatura.utils import decode_file, load_html

from .load import RESERVED_IDS, Loaded, load_dossier
from .model import DATE_PATTERN, ID_PATTERN, Dossier
from .mojibake import RepairProposal, propose_repairs
from .problems import Problems
from .safewrite import check_all, write_all
from .schema import schema_path
from .text import fold

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
MAX_INPUT_BYTES = 10_000_000  # a saved page with inline styles; its text is far smaller
MAX_TEXT_BYTES = 5_000_000  # what the build reads of an article
ORIGINALS = "originals"  # inside the dossier directory
_ID_RE = re.compile(ID_PATTERN)
_DATE_RE = re.compile(DATE_PATTERN)
_URL_RE = re.compile(r'^https?://[^\s<>"]+$')
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
# Inline elements whose words the text keeps: trafilatura would drop some of them whole.
UNWRAPPED = ("span", "time", "output", "data", "bdi", "bdo", "font", "ins")
MAX_HINTS = 50


class ImportRefused(Exception):
    """The file cannot be imported; the message says why and what to do."""


@dataclass(slots=True)
class Extracted:
    """What a page states about itself, and its text; None where it states nothing."""

    text: str
    title: str | None = None
    publisher: str | None = None
    byline: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    how: str = ""  # how the text was obtained, for the comment in the source file
    # Words the page marks as another language than its own (`<span lang="ar">`), with
    # that language and direction: hints for the quotes an editor will take of them.
    other_languages: list[tuple[str, str, str]] = field(default_factory=list)
    # Lines whose inline element is empty on the page ("Published on <time></time>"):
    # the byline or date it stands for is not in the text.
    emptied: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Imported:
    source_id: str
    written: list[Path]
    missing: list[str]
    repairs: list[RepairProposal]
    outlet: str | None
    warnings: list[str] = field(default_factory=list)  # imported, but worth a look


def import_article(
    path: Path, root: Path, dossier_dir: Path, docs_dir: Path, source_id: str | None
) -> Imported:
    """Write the article, the original, the source and its annotations file; raise on refusal."""
    data = _read_input(path)
    loaded = load_dossier(dossier_dir, root, Problems())
    is_html = _is_html(path, data)
    extracted = _extract_html(data) if is_html else _extract_text(data, path)
    ident = source_id or _slug(extracted.title or "") or _slug(path.stem)
    _check_id(ident, loaded.dossier, source_id is None)

    article = docs_dir / "articles" / f"{ident}.txt"
    source_file = dossier_dir / "sources" / f"{ident}.yml"
    annotations_file = dossier_dir / "annotations" / f"{ident}.yml"
    keep_original = is_html or _utf8(data) is None
    original = dossier_dir / ORIGINALS / f"{ident}{path.suffix.lower() or '.txt'}"
    if keep_original and original.resolve().is_relative_to(docs_dir.resolve()):
        raise ImportRefused(
            f"{_shown(original.parent, root)} is inside the docs directory, which is "
            "published: the page as received (with its scripts) must not be; move the "
            "dossier directory out of it"
        )
    targets = [article, source_file, annotations_file, *([original] if keep_original else [])]
    check_all(root, targets)  # before anything else: a link or a path outside is refused
    taken = [t for t in targets if t.exists()]
    if taken:
        raise ImportRefused(
            f"{_shown(taken[0], root)} already exists; pass --id with another id for this article"
        )
    text_bytes = data if not keep_original else extracted.text.encode("utf-8")
    if len(text_bytes) > MAX_TEXT_BYTES:
        raise ImportRefused(f"the article's text is over {MAX_TEXT_BYTES:,} bytes")
    repairs = propose_repairs(extracted.text)
    outlet = _outlet(extracted.publisher, loaded.dossier)
    missing = _missing(extracted, outlet)
    rel_article = article.relative_to(docs_dir).as_posix()
    yaml = _source_yaml(
        ident,
        rel_article,
        extracted,
        outlet,
        missing,
        repairs,
        source_file,
        dossier_dir,
        original_note=_original_note(path, data, original if keep_original else None, root),
        fallback_title=path.stem,
    )
    annotations_yaml = _annotations_yaml(ident, annotations_file, dossier_dir, extracted)
    warnings = [*extracted.emptied, *_already_imported(extracted, text_bytes, loaded, docs_dir)]
    files = {
        **({original: data} if keep_original else {}),
        article: text_bytes,
        source_file: yaml.encode("utf-8"),
        annotations_file: annotations_yaml.encode("utf-8"),
    }
    write_all(root, files)
    return Imported(ident, targets, missing, repairs, outlet, warnings)


def _already_imported(
    extracted: Extracted, text: bytes, loaded: Loaded, docs_dir: Path
) -> list[str]:
    """The sources that already hold this page: the same address, or the same text."""
    digest = hashlib.sha256(text).digest()
    found = []
    for source_id, source in loaded.dossier.sources.items():
        if extracted.url and source.url == extracted.url:
            found.append(f"the page's address {extracted.url} is already source '{source_id}'")
            continue
        path = (docs_dir / source.file).resolve()
        if not path.is_relative_to(docs_dir.resolve()) or not path.is_file():
            continue
        same_size = path.stat().st_size == len(text)
        if same_size and hashlib.sha256(path.read_bytes()).digest() == digest:
            found.append(f"the same text is already source '{source_id}' ({source.file})")
    return found


def _read_input(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise ImportRefused(f"{path} is over {MAX_INPUT_BYTES:,} bytes; is it an article?")
        data = path.read_bytes()
    except OSError as err:
        raise ImportRefused(f"cannot read {path}: {err.strerror}") from err
    if data.lstrip()[:40].lower().startswith(b"mime-version:"):
        raise ImportRefused(
            f"{path} is an MHTML archive; save the page as 'Web page, HTML only' and import that"
        )
    return data


def _is_html(path: Path, data: bytes) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _extract_html(data: bytes) -> Extracted:
    tree = load_html(data)
    if tree is None:
        raise ImportRefused("the file does not parse as HTML")
    language = _language(tree)
    hints = _other_languages(tree, language)
    # The text from a copy whose inline elements are unwrapped: trafilatura drops some
    # with their words (a <time> in "Published on <time>13 August</time>", an author's
    # <span> in a byline), and nothing the article prints may be lost. The metadata
    # (author, date) from the page as it is, whose markup says what they are.
    plain = deepcopy(tree)
    emptied = _emptied_lines(plain)
    etree.strip_tags(plain, *UNWRAPPED)
    doc = _extraction(tree)
    body = getattr(_extraction(plain), "text", None) or ""
    if not body.strip():
        raise ImportRefused("no article text found in the page; save the article's own page")
    title = _one_line(getattr(doc, "title", None))
    paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
    if title and paragraphs and fold(paragraphs[0]) == fold(title):
        paragraphs = paragraphs[1:]
    text = "\n\n".join([*([title] if title else []), *paragraphs]) + "\n"
    return Extracted(
        text=text,
        title=title,
        publisher=_one_line(getattr(doc, "sitename", None)),
        byline=_one_line(getattr(doc, "author", None)),
        published=_date(getattr(doc, "date", None)),
        url=_url(getattr(doc, "url", None)),
        language=language,
        how=f"extracted by trafilatura {trafilatura.__version__}; the first line is the headline",
        other_languages=hints,
        emptied=emptied,
    )


def _emptied_lines(tree: object) -> list[str]:
    """Short lines (a byline, a date line) holding an empty inline element: what it
    stood for is not in the page's text, and the editor should know."""
    xpath = getattr(tree, "xpath", None)
    if xpath is None:
        return []
    found = []
    inline = " or ".join(f"self::{tag}" for tag in UNWRAPPED)
    for line in xpath(f"//body//*[{inline}][not(normalize-space())]/parent::*"):
        words = " ".join(str(line.text_content()).split())
        if words and len(words) <= 60:
            found.append(
                f"the page's line '{words}' has an empty <{line[0].tag}>: the byline or date "
                "it stands for is not in the text; check the article against the page"
            )
        if len(found) >= MAX_HINTS:
            break
    return found


def _extraction(tree: object) -> object:
    return trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=False,  # old pages lay out with tables; a news text rarely has one
        # Dates from the page's markup only: a full-text search reads "© 2015" as 1 January.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _other_languages(tree: object, page: str | None) -> list[tuple[str, str, str]]:
    """Words the page marks with another language than its own, in page order (at most
    MAX_HINTS): the text, its language code and its direction ("rtl" or "")."""
    xpath = getattr(tree, "xpath", None)
    if xpath is None:
        return []
    found: list[tuple[str, str, str]] = []
    for element in xpath("//body//*[@lang]"):
        code = _code(str(element.get("lang", "")))
        words = " ".join(str(element.text_content()).split())
        if code and words and code != page and len(words) <= 2000:
            way = "rtl" if str(element.get("dir", "")).lower() == "rtl" else ""
            found.append((words, code, way))
        if len(found) >= MAX_HINTS:
            break
    return found


def _extract_text(data: bytes, path: Path) -> Extracted:
    text = _utf8(data)
    how = "the file as received"
    if text is None:
        text = decode_file(data)
        how = "the file as received, decoded from its detected encoding into UTF-8"
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    title = _one_line(first)
    return Extracted(text=text, title=title, how=how + "; the title is its first line")


def _language(tree: object) -> str | None:
    """The page's declared language: <html lang>, Content-Language, og:locale, JSON-LD."""
    xpath = getattr(tree, "xpath", None)
    if xpath is None:
        return None
    candidates = [
        *xpath("/html/@lang"),
        *xpath("/html/@xml:lang", namespaces={"xml": "http://www.w3.org/XML/1998/namespace"}),
        *xpath(
            '//meta[translate(@http-equiv,"CONTENT-LANGUAGE","content-language")='
            '"content-language"]/@content'
        ),
        *xpath('//meta[@property="og:locale"]/@content'),
    ]
    for script in xpath('//script[@type="application/ld+json"]/text()'):
        match = re.search(r'"inLanguage"\s*:\s*"([^"]{1,35})"', str(script))
        if match:
            candidates.append(match.group(1))
    for value in candidates:
        code = _code(str(value))
        if code:
            return code
    return None


def _code(value: str) -> str | None:
    """A language code as the dossier writes it (`pt-BR`), or None if it is not one."""
    code = value.strip().replace("_", "-")
    if "-" in code:
        head, rest = code.split("-", 1)
        code = f"{head.lower()}-{rest}"
    else:
        code = code.lower()
    return code if _LANGUAGE_RE.match(code) and len(code) <= 35 else None


def _one_line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    line = " ".join(value.split())
    return line[:200] if line else None


def _date(value: object) -> str | None:
    return value if isinstance(value, str) and _DATE_RE.match(value) else None


def _url(value: object) -> str | None:
    return value if isinstance(value, str) and _URL_RE.match(value) and len(value) <= 2000 else None


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words[:8]:
        if len(slug) + len(word) + 1 > 60:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def _check_id(ident: str, dossier: Dossier, derived: bool) -> None:
    if not ident or not _ID_RE.match(ident) or len(ident) > 80 or ident in RESERVED_IDS:
        raise ImportRefused(
            f"'{ident}' cannot be a source id; pass --id with lowercase letters, digits "
            "and single hyphens, e.g. --id outlet-short-title"
        )
    if ident in dossier.sources:
        how = "the id made from the title" if derived else "that id"
        raise ImportRefused(f"a source '{ident}' exists already ({how}); pass --id with another")


def _outlet(publisher: str | None, dossier: Dossier) -> str | None:
    """The actor whose name or alias is the publisher's name, media first."""
    if not publisher:
        return None
    wanted = fold(publisher).casefold()
    found = [
        actor_id
        for actor_id, actor in dossier.actors.items()
        if wanted in {fold(n).casefold() for n in (actor.name, *actor.aliases)}
    ]
    found.sort(key=lambda a: dossier.actors[a].kind != "media")
    return found[0] if found else None


def _missing(extracted: Extracted, outlet: str | None) -> list[str]:
    missing = [
        label
        for label, value in (
            ("title (the file name stands in for it)", extracted.title),
            ("publisher", extracted.publisher),
            ("byline (author)", extracted.byline),
            ("date of publication", extracted.published),
            ("canonical URL", extracted.url),
            ("language", extracted.language),
        )
        if not value
    ]
    if extracted.publisher and outlet is None:
        missing.append(f"outlet: no actor is named '{extracted.publisher}'")
    return missing


def _original_note(path: Path, data: bytes, original: Path | None, root: Path) -> str:
    digest = hashlib.sha256(data).hexdigest()
    kept = (
        f"kept as received in {_shown(original, root)} (never published)"
        if original is not None
        else "copied byte for byte as the article file"
    )
    return f"from {_quoted(path.name)}\n# (sha256 {digest}),\n# {kept}"


def _source_yaml(
    ident: str,
    article: str,
    extracted: Extracted,
    outlet: str | None,
    missing: list[str],
    repairs: list[RepairProposal],
    source_file: Path,
    dossier_dir: Path,
    original_note: str,
    fallback_title: str,
) -> str:
    lines = [
        _modeline(source_file, dossier_dir, "sources"),
        f"# Imported by `dossier import` {original_note}.",
        f"# The article text: {extracted.how}.",
        "# Check every value against the page before you annotate.",
    ]
    if missing:
        lines.append("# Not found in the file (add what the page shows, or leave it out):")
        lines.extend(f"#   - {item}" for item in missing)
    lines += ["", f"{ident}:", f"  title: {_quoted(extracted.title or fallback_title)}"]
    lines.append(f"  file: {_quoted(article)}")
    if outlet:
        lines.append(f"  outlet: {outlet}")
    elif extracted.publisher:
        lines += [
            f"  # outlet: the publisher is {_quoted(extracted.publisher)}, which no actor names:",
            "  # add an actor (kind: media) with that name or alias to the actors, then",
            "  # outlet: <its id>",
        ]
    for key, value in (
        ("published", extracted.published),
        ("url", extracted.url),
        ("byline", extracted.byline),
        ("language", extracted.language),
    ):
        if value:
            lines.append(f"  {key}: {_quoted(value)}")
    if repairs:
        lines += [
            "  # Mojibake found (as `dossier repairs` reports it); review each, then uncomment:",
            "  # repairs:",
        ]
        for proposal in repairs:
            lines.append(f"  #   # at line {proposal.line}:{proposal.col} of the article")
            lines.extend("  #   " + part for part in proposal.as_yaml().splitlines())
    return "\n".join(lines) + "\n"


def _annotations_yaml(ident: str, path: Path, dossier_dir: Path, extracted: Extracted) -> str:
    text = (
        _modeline(path, dossier_dir, "annotations")
        + f"\n# Annotations of the source '{ident}': add '- quote: ...' entries "
        "(CONTRIBUTING.md, section 1); `dossier coverage` lists what is left.\n"
    )
    if extracted.other_languages:
        text += (
            "#\n# The page marks these words as another language than its own; a quote of\n"
            "# them says so (uncomment and add its stances):\n"
        )
        for words, code, way in extracted.other_languages:
            text += f"# - quote: {_quoted(words)}\n#   language: {code}"
            text += "  # right to left\n" if way == "rtl" else "\n"
    return text


def _modeline(path: Path, dossier_dir: Path, kind: str) -> str:
    relative = os.path.relpath(schema_path(dossier_dir, kind), path.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's): nothing breaks out."""
    return json.dumps(value, ensure_ascii=False)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
