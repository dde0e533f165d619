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
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from trafilatura.utils import decode_file, load_html

from .load import RESERVED_IDS, load_dossier
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


@dataclass(slots=True)
class Imported:
    source_id: str
    written: list[Path]
    missing: list[str]
    repairs: list[RepairProposal]
    outlet: str | None


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
    annotations_yaml = _annotations_yaml(ident, annotations_file, dossier_dir)
    files = {
        **({original: data} if keep_original else {}),
        article: text_bytes,
        source_file: yaml.encode("utf-8"),
        annotations_file: annotations_yaml.encode("utf-8"),
    }
    write_all(root, files)
    return Imported(ident, targets, missing, repairs, outlet)


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
    doc = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=False,  # old pages lay out with tables; a news text rarely has one
        # Dates from the page's markup only: a full-text search reads "© 2015" as 1 January.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = getattr(doc, "text", None) or ""
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
        language=_language(tree),
        how=f"extracted by trafilatura {trafilatura.__version__}; the first line is the headline",
    )


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
        code = str(value).strip().replace("_", "-")
        if "-" in code:
            head, rest = code.split("-", 1)
            code = f"{head.lower()}-{rest}"
        else:
            code = code.lower()
        if _LANGUAGE_RE.match(code) and len(code) <= 35:
            return code
    return None


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


def _annotations_yaml(ident: str, path: Path, dossier_dir: Path) -> str:
    return (
        _modeline(path, dossier_dir, "annotations")
        + f"\n# Annotations of the source '{ident}': add '- quote: ...' entries "
        "(CONTRIBUTING.md, section 1); `dossier coverage` lists what is left.\n"
    )


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
