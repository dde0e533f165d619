"""What may be published from content/ (the docs directory): an allow-list, checked.

MkDocs publishes every file it finds in the docs directory, following links; a pull
request could replace the theme's JavaScript bundle, add an .html, .svg or .js file
that runs on the site's origin, or put <script> in a hand-written page. So:

- `scan_content` walks the docs directory without following links and keeps only
  Markdown pages (.md), text (.txt: the articles) and raster images whose bytes are
  what their suffix says (PNG, JPEG, GIF, WebP), each with a safe file name, of a
  bounded size, outside the paths the theme, the dossier and the site search write
  themselves (`assets/`, `search/`, `data/`, `pagefind/`). Anything else is an error
  at `path:1:1` with a hint; links, devices and pipes are errors too. The plugin
  removes from the build every file the scan did not keep, so nothing unchecked is
  published even while `mkdocs serve` keeps running with errors.
- A hand-written page's source is checked for raw HTML, for links whose scheme is
  not http, https or mailto (`javascript:`, `data:`), and for images from another
  host (inline or by reference: every reader's browser would call that host, a
  tracking pixel; a site may list hosts it accepts, `image_hosts`), each reported at
  its line and column; its front matter may set only `title`, `description` and `hide`.
- `sanitise_page_html` is the second layer: whatever Markdown makes of a page, only an
  allow-list of elements, attributes and URL schemes reaches the published HTML, and
  an image's `src` only if it is on the site itself or a listed host.

Reporting and sanitising both: the report tells the contributor what to fix and where,
and the sanitiser holds the guarantee even where a Markdown trick escapes the scan.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nh3

from .files import (
    NAME_HINT,
    SAFE_NAME,
    Entry,
    Refused,
    kind_of,
    read_bounded,
    refusal,
    unsafe_entries,
    walk,
)
from .load import read_text
from .problems import Position, Problem, Problems
from .yamltree import YMap, YScalar, YSeq, parse_yaml

MAX_CONTENT_FILES = 20_000  # entries in the docs directory, directories included
MAX_PAGE_BYTES = 1_000_000
MAX_TEXT_BYTES = 5_000_000  # the articles' limit
MAX_IMAGE_BYTES = 10_000_000
IMAGE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),  # and "WEBP" at byte 8
}
# Written by the theme (its bundle, styles, icons), its search plugin, the dossier, and
# the site search (Pagefind's index, replaced whole after each build).
RESERVED_DIRS = frozenset({"assets", "search", "data", "pagefind"})
ALLOWED_HINT = (
    "content/ publishes Markdown pages (.md), article text (.txt) and PNG, JPEG, GIF or "
    "WebP images; nothing that runs (HTML, SVG, JavaScript, CSS)"
)
FRONT_MATTER_KEYS = ("title", "description", "hide")
HIDE_VALUES = frozenset({"navigation", "toc", "footer", "feedback", "path", "tags"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(slots=True)
class Content:
    """The docs-relative paths (posix) that may be published, and the links found."""

    published: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


def scan_content(
    docs_dir: Path,
    shown: Callable[[Path], str],
    problems: Problems,
    image_hosts: frozenset[str] = frozenset(),
) -> Content:
    """Check every file under the docs directory against the allow-list; a page may
    show images from `image_hosts` besides the site."""
    content = Content()
    kind = kind_of(docs_dir)
    if kind != "dir":
        problems.error(
            Position(shown(docs_dir)),
            "the docs directory is missing, a symbolic link, or not a directory",
            "links are never followed: commit the directory itself",
        )
        if kind == "link":
            content.links.append(shown(docs_dir))
        return content
    count = 0
    for entry in walk(docs_dir, MAX_CONTENT_FILES):
        count += 1
        relative = entry.path.relative_to(docs_dir).as_posix()
        where = Position(shown(entry.path))
        if entry.kind == "link":
            content.links.append(where.path)
        try:
            if _check_entry(entry, relative, where, problems, image_hosts):
                content.published.add(relative)
        except Refused as err:
            problems.error(where, err.message, err.hint)
    if count >= MAX_CONTENT_FILES:
        problems.error(
            Position(shown(docs_dir)),
            f"the docs directory holds more than {MAX_CONTENT_FILES:,} files and folders",
            "keep generated or unrelated files out of it",
        )
    return content


def followed_links(docs_dir: Path, shown: Callable[[Path], str]) -> list[Problem]:
    """The symbolic links, devices and pipes under the docs directory: MkDocs' own walk
    would follow a link (to / or to a loop, without end) before any other check could
    run. The same walk (`files.unsafe_entries`) as the compile's."""
    problems = Problems()
    for entry, refused in unsafe_entries(docs_dir, MAX_CONTENT_FILES)[0]:
        problems.error(Position(shown(entry.path)), refused.message, refused.hint)
    return problems.errors


def _check_entry(
    entry: Entry, relative: str, where: Position, problems: Problems, image_hosts: frozenset[str]
) -> bool:
    """Whether the file may be published; raises Refused for what may not."""
    parts = relative.split("/")
    if any(part.startswith(".") for part in parts) and entry.kind == "file":
        return False  # hidden files: MkDocs leaves them out; never published
    refused = refusal(entry)
    if refused is not None:
        raise refused
    for part in parts[:-1]:
        if not SAFE_NAME.match(part):
            raise Refused(f"the folder name '{part}' is not allowed", NAME_HINT)
    if parts[0] in RESERVED_DIRS and len(parts) > 1:
        raise Refused(
            f"'{parts[0]}/' is where the theme and the dossier write their own files",
            "move it to another folder, e.g. images/",
        )
    suffix = entry.path.suffix.lower()
    if suffix == ".md":
        text = read_text(entry.path, where.path, problems, MAX_PAGE_BYTES)
        return text is not None and check_page(text, where.path, problems, image_hosts)
    if suffix == ".txt":
        _size_at_most(entry.path, MAX_TEXT_BYTES)  # read, and checked, only if a source names it
        return True
    if suffix in IMAGE_SIGNATURES:
        head = read_bounded(entry.path, MAX_IMAGE_BYTES)[:12]
        if not head.startswith(IMAGE_SIGNATURES[suffix]) or (
            suffix == ".webp" and head[8:12] != b"WEBP"
        ):
            raise Refused(
                f"this file is not a {suffix[1:].upper()} image",
                "save it in the format its name says, or give it the right suffix",
            )
        return True
    raise Refused(f"files of type '{suffix or entry.path.name}' are not published", ALLOWED_HINT)


def _size_at_most(path: Path, limit: int) -> None:
    size = path.lstat().st_size
    if size > limit:
        raise Refused(f"file is {size:,} bytes, more than the {limit:,} allowed", "split it")


# --- Hand-written pages ---------------------------------------------------------------

# MkDocs' own front matter pattern (mkdocs.utils.meta), and its MultiMarkdown-style lines.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_META_LINE = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):\s*")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TICKS = re.compile(r"`+")
_TAG = re.compile(r"<[A-Za-z/!?]")
_AUTOLINK = re.compile(r"<(?:(?:https?|ftp)://[^\s<>]*|mailto:[^\s<>]+|[^\s<>@]+@[^\s<>@]+)>", re.I)
_INLINE_LINK = re.compile(r"\]\(\s*<?")
_REFERENCE = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
HTML_HINT = (
    "hand-written pages are Markdown only: write a literal < as &lt; or inside `code`, "
    "and use Markdown for links and images"
)


IMAGE_HINT = (
    "every reader's browser would load it from that host, which learns who reads the "
    "page: save the image in content/ (PNG, JPEG, GIF or WebP) and give its relative "
    "path, or link to it instead: [text](URL)"
)


def check_page(
    text: str, shown: str, problems: Problems, image_hosts: frozenset[str] = frozenset()
) -> bool:
    """Check one hand-written page; whether it may be published (no error found). Its
    images may come from the site and from `image_hosts`."""
    before = len(problems.errors)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    body_start = _check_meta(text, shown, problems)
    lines = text.split("\n")
    definitions: dict[str, str] = {}  # reference label -> destination
    by_reference: list[tuple[str, Position]] = []  # images that name a reference
    for number, line in _prose_lines(lines, body_start):
        _check_line(line, shown, number, problems)
        reference = _REFERENCE.match(line)
        if reference:
            destination = line[reference.end() : reference.end() + 300]
            definitions.setdefault(_label(reference.group(1)), destination)
        for column, label, destination in _images(line):
            where = Position(shown, number, column)
            if label is not None:
                by_reference.append((label, where))
            else:
                _check_image(destination, where, problems, image_hosts)
    for label, where in by_reference:
        if label in definitions:
            _check_image(definitions[label], where, problems, image_hosts)
    return len(problems.errors) == before


def _label(text: str) -> str:
    """A reference label as Markdown matches it: case and runs of spaces do not count."""
    return " ".join(text.split()).casefold()


def _images(line: str) -> Iterator[tuple[int, str | None, str]]:
    """(1-based column, reference label or None, inline destination) of each image that
    opens on this line, in one pass: brackets are matched with a stack."""
    opened: list[tuple[int, bool]] = []  # index of each open '[', and whether '!' is before it
    bang = -2  # the index of the last '!' that is not escaped
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\":
            index += 2
            continue
        if char == "!":
            bang = index
        elif char == "[":
            opened.append((index, bang == index - 1))
        elif char == "]" and opened:
            start, image = opened.pop()
            after = line[index + 1 : index + 2]
            if image and after == "(":
                yield start, None, line[index + 2 : index + 302]
            elif image and index - start <= 1000:  # a longer text is no reference label
                if after == "[":
                    close = line.find("]", index + 2, index + 1002)  # labels: 999 at most
                    named = line[index + 2 : close] if close > 0 else ""
                    yield start, _label(named or line[start + 1 : index]), ""
                else:  # a shortcut reference: the alt text is the label
                    yield start, _label(line[start + 1 : index]), ""
        index += 1


def _check_image(
    destination: str, where: Position, problems: Problems, image_hosts: frozenset[str]
) -> None:
    host = other_host(destination)
    if host is not None and host.lower() not in image_hosts:
        problems.error(where, f"an image from another host ({host}) is not published", IMAGE_HINT)


_SPLIT_DESTINATION = re.compile(r"[\s>)\"']")
# Schemes whose URLs name a host to load from (a browser reads `https:host/x` as
# `https://host/x`); the others (data:, mailto:) load from no host and are refused, or
# dropped, by the scheme checks.
_HOST_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss", "file"})


def other_host(url: str) -> str | None:
    """The host a URL would load from if it is not the site itself; None for a path on
    the site. As a browser reads it: entities decoded, tabs and line breaks dropped,
    backslashes as slashes."""
    text = html.unescape(url).lstrip("\x00\t\n\f\r <")
    text = text.replace("\t", "").replace("\n", "").replace("\\", "/")
    text = _SPLIT_DESTINATION.split(text, maxsplit=1)[0] if text else ""
    scheme = _SCHEME.match(text)
    if scheme:
        if scheme.group(1).lower() not in _HOST_SCHEMES:
            return None
        text = text[scheme.end() :]
    elif not text.startswith("//"):
        return None
    host = re.split(r"[/?#]", text.lstrip("/"), maxsplit=1)[0].rsplit("@", 1)[-1]
    return host or "another host"


_HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?(?::[0-9]{1,5})?")


def image_hosts_problem(hosts: list[str]) -> str:
    """What is wrong with the site's `image_hosts`, if anything: each must be a host
    name (and port), as it appears in an image's URL, not a URL or a pattern."""
    for host in hosts:
        if not _HOST_NAME.fullmatch(host):
            return (
                f"image_hosts: '{host}' is not a host name; list hosts as they appear in "
                "the images' URLs, e.g. images.example.org (no scheme, path or wildcard)"
            )
    return ""


def _check_meta(text: str, shown: str, problems: Problems) -> int:
    """Check the page's metadata, as MkDocs would read it; the index of the first body line."""
    match = _FRONT_MATTER.match(text)
    if match:
        # A blank first line keeps the YAML parser's line numbers those of the page.
        node = parse_yaml("\n" + match.group(1), shown, problems)
        if isinstance(node, YMap):
            for key, value in node.items.items():
                _check_meta_value(key, value, node.key_pos[key], problems)
        elif node is not None and not (isinstance(node, YScalar) and node.to_python() is None):
            problems.error(node.pos, "front matter must be a mapping of keys to values")
        return match.group(0).count("\n")
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            return index
        found = _META_LINE.match(line)
        if not found and not (index and line.startswith(("    ", "\t"))):
            return index
        if found:
            key = found.group(1).lower()
            if key not in ("title", "description"):
                problems.error(
                    Position(shown, index + 1, 1),
                    f"MkDocs reads '{found.group(1)}:' on the first lines as page metadata",
                    "start the page with a heading, or leave a blank line first",
                )
    return len(lines)


def _check_meta_value(key: str, value: object, pos: Position, problems: Problems) -> None:
    if key not in FRONT_MATTER_KEYS:
        problems.error(
            pos,
            f"unknown front matter key '{key}'",
            "a hand-written page's front matter may set " + ", ".join(FRONT_MATTER_KEYS),
        )
    elif key == "hide":
        items = value.items if isinstance(value, YSeq) else [value]
        for item in items:
            if not (isinstance(item, YScalar) and item.value in HIDE_VALUES):
                where = item.pos if isinstance(item, YScalar | YSeq | YMap) else pos
                hint = "one of " + ", ".join(sorted(HIDE_VALUES))
                problems.error(where, "hide: not a part of the page", hint)
    elif not isinstance(value, YScalar):
        problems.error(pos, f"{key}: must be text")


def _prose_lines(lines: list[str], start: int) -> Iterator[tuple[int, str]]:
    """(1-based line number, text) of every line that is not code: fenced and indented
    blocks are left out, code spans blanked (so columns stay those of the page)."""
    fence = ""
    previous_blank = True
    in_indented = False
    for index in range(start, len(lines)):
        line = lines[index]
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        indented = line.startswith(("    ", "\t")) and bool(line.strip())
        if indented and (previous_blank or in_indented):
            in_indented = True
            continue
        in_indented = in_indented and not line.strip()
        previous_blank = not line.strip()
        yield index + 1, _blank_code_spans(line)


def _blank_code_spans(line: str) -> str:
    """The line with each code span blanked: the spans that `(`+)(?:.*?[^`])?\\1(?!`)`
    finds, left to right, but found in one pass over the runs of backticks.

    That pattern, tried from every backtick of a line of many runs that close nothing,
    was quadratic (and worse) in the line. What it finds from a run of backticks: for
    k from the run's length down, the next later run of exactly k backticks (the
    span's content lies between), else, for half the run, the run alone (an empty
    span); from inside the run only if its start found nothing.
    """
    runs = [(m.start(), m.end() - m.start()) for m in _TICKS.finditer(line)]
    if not runs:
        return line
    ahead: dict[int, deque[int]] = defaultdict(deque)  # length -> runs not yet passed
    for index, (_, length) in enumerate(runs):
        ahead[length].append(index)
    blanks: list[tuple[int, int]] = []
    passed = 0  # runs[:passed] are behind the scan
    while passed < len(runs):
        start, length = runs[passed]
        ahead[length].popleft()
        passed += 1
        # Tried from each backtick of the run; at most two tries (an odd run that closes
        # nothing pairs its remaining even part), each over the run's length.
        for skip in range(length):
            rest = length - skip
            k = next((k for k in range(rest, 0, -1) if ahead.get(k)), 0)
            if rest % 2 == 0 and 2 * k < rest:
                blanks.append((start + skip, start + length))
            elif k:
                closing = ahead[k][0]
                blanks.append((start + skip, runs[closing][0] + k))
                while passed <= closing:
                    ahead[runs[passed][1]].popleft()
                    passed += 1
            else:
                continue
            break
    chars = list(line)
    for begin, end in blanks:
        chars[begin:end] = " " * (end - begin)
    return "".join(chars)


def _check_line(line: str, shown: str, number: int, problems: Problems) -> None:
    for found in _TAG.finditer(line):
        if _AUTOLINK.match(line, found.start()):
            continue
        tag = re.match(r"</?[A-Za-z0-9!?-]*", line[found.start() :])
        problems.error(
            Position(shown, number, found.start() + 1),
            f"raw HTML is not published: '{tag.group(0) if tag else '<'}'",
            HTML_HINT,
        )
    starts = [m.end() for m in _INLINE_LINK.finditer(line)]
    reference = _REFERENCE.match(line)
    if reference:
        starts.append(reference.end())
    for start in starts:
        destination = html.unescape(line[start : start + 64]).strip()
        scheme = _SCHEME.match(destination)
        if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
            problems.error(
                Position(shown, number, start + 1),
                f"a link with the scheme '{scheme.group(1).lower()}:' is not published",
                "links go to pages of the site or to http, https or mailto addresses",
            )


# --- The published HTML of hand-written pages -----------------------------------------

PAGE_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    ]
)
PAGE_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
}


def sanitise_page_html(page_html: str, image_hosts: frozenset[str] = frozenset()) -> str:
    """A hand-written page's HTML with only the allow-listed elements, attributes and
    URL schemes: what Python-Markdown and the table of contents produce, no script, and
    nothing loaded from a host but the site and `image_hosts`."""

    def on_these_hosts(tag: str, attribute: str, value: str) -> str | None:
        """An image's src (the only attribute of the allow-list that makes the browser
        fetch anything) only from the site or a listed host."""
        if tag == "img" and attribute == "src":
            host = other_host(value)
            if host is not None and host.lower() not in image_hosts:
                return None
        return value

    return nh3.clean(
        page_html,
        tags=set(PAGE_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in PAGE_ATTRIBUTES.items()},
        attribute_filter=on_these_hosts,
        url_schemes=set(LINK_SCHEMES),
        link_rel=None,
    )
