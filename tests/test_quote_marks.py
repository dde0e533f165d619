"""No doubled quotation marks: every quote the site shows stands in exactly one pair of
marks, on the page and in the search index, whether or not its words bring their own.

`<q>` and a CSS `::before` used to add a pair to quotes that already had one
(`““They were conducting an operation to fight ISIS.””`), and the search index, which
reads text, showed the same quotes with no marks at all.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import MINI, run_mkdocs_build, write_tree
from mkdocs_dossier.pipeline import Compiled
from mkdocs_dossier.quotemarks import enclose
from sitecheck import search_records

# Where a quote is shown: the annotations list, a quoted passage (actor, claim, place and
# contradictions pages), a card's excerpt.
QUOTE_CLASSES = {"dossier-quote", "dossier-card-quote"}
MARKS = '"“”„‟«»‹›‘’‚‛「」『』'
DOUBLED = re.compile(rf"^\s*[{MARKS}]\s*[{MARKS}]|[{MARKS}]\s*[{MARKS}]\s*$")

# Quotes that open a quotation, close one, are one, and bring none.
ARTICLE = (
    "Jet down\n\n"
    "“They were conducting an operation to fight ISIS.”\n\n"
    "“Today’s loss is a stab in the back,” Putin told a press conference.\n\n"
    "He accused Turkey of giving militants its “protection”\n\n"
    "Moscow insists that the jet never strayed from Syrian airspace.\n"
)
QUOTES = [
    "“They were conducting an operation to fight ISIS.”",
    "“Today’s loss is a stab in the back,” Putin told a press conference",
    "He accused Turkey of giving militants its “protection”",
    "Moscow insists that the jet never strayed from Syrian airspace",
]
ANNOTATIONS = "".join(
    f"- quote: '{q}'\n  stances:\n    - {{claim: entered-airspace, stance: denies, by: russia}}\n"
    for q in QUOTES
)


# Each element that shows a quote, as the templates write it; and every `<q>`, whose marks
# the browser adds (so they double a quote's own, and the search index has none).
SHOWN = re.compile(
    r'<span class="dossier-quote"[^>]*>(.*?)</span>|<p class="dossier-card-quote"[^>]*>(.*?)</p>'
    r'|<blockquote class="dossier-passage">\s*<p[^>]*>(.*?)</p>|<q\b[^>]*>(.*?)</q>',
    re.S,
)


class Shown:
    def __init__(self, page: str) -> None:
        self.found: list[str] = []
        self.q_elements = 0
        for m in SHOWN.finditer(page):
            text = html.unescape(
                re.sub(r"<[^>]+>", "", next(g for g in m.groups() if g is not None))
            )
            self.found.append(text)
            self.q_elements += m.group(4) is not None


def quotes_on(path: Path) -> Shown:
    return Shown(path.read_text(encoding="utf-8"))


def doubled_on_pages(site: Path) -> tuple[list[str], int]:
    doubled, shown = [], 0
    for page in sorted(site.rglob("*.html")):
        found = quotes_on(page)
        shown += len(found.found)
        if found.q_elements:
            doubled.append(
                f"{page.relative_to(site)}: {found.q_elements} <q> (the browser adds marks)"
            )
        doubled += [
            f"{page.relative_to(site)}: {t.strip()[:60]}" for t in found.found if DOUBLED.search(t)
        ]
    return doubled, shown


def test_no_quote_on_the_seed_site_has_doubled_marks(
    seed_site: Path, seed_compiled: Compiled
) -> None:
    doubled, shown = doubled_on_pages(seed_site)
    assert shown > 100  # the check saw the quotes
    assert doubled == []
    # The seed has quotes that open a quotation of their own; each shows its own mark once.
    index = seed_compiled.index
    assert index is not None
    own = [p.quote for ps in index.passages.values() for p in ps if p.quote.startswith("“")]
    assert own
    page = (seed_site / "sources/maltatoday-putin-warns/index.html").read_text(encoding="utf-8")
    for quote in own:
        if any(p.quote == quote for p in index.passages["maltatoday-putin-warns"]):
            assert ">" + quote.replace("'", "&#x27;") + "<" in page.replace("&#39;", "&#x27;")


@pytest.fixture(scope="module")
def marked_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = dict(MINI)
    files["content/articles/a.txt"] = ARTICLE
    files["dossier/annotations/a.yml"] = ANNOTATIONS
    project = write_tree(tmp_path_factory.mktemp("marks") / "project", files)
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def test_each_quote_shows_exactly_one_pair_on_the_page(marked_site: Path) -> None:
    doubled, _ = doubled_on_pages(marked_site)
    assert doubled == []
    listed = quotes_on(marked_site / "sources/a/index.html").found
    shown = [" ".join(t.split()) for t in listed]
    for quote in QUOTES:  # in the annotations list and in its card, as one pair
        expected = enclose(quote)
        assert shown.count(expected) == 2, (quote, shown)
    # The quote with no marks of its own gets the site's pair; the others keep theirs.
    assert enclose(QUOTES[3]) == f"“{QUOTES[3]}”"
    assert all(enclose(q) == q for q in QUOTES[:3])
    on_claim = [
        " ".join(t.split())
        for t in quotes_on(marked_site / "claims/entered-airspace/index.html").found
    ]
    assert sorted(on_claim) == sorted(enclose(q) for q in QUOTES)


def test_each_quote_shows_exactly_one_pair_in_the_search_index(marked_site: Path) -> None:
    records = search_records(marked_site).values()
    text = " ".join(" ".join(record.content.split()) for record in records)
    for quote in QUOTES:
        assert enclose(quote) in text, quote
    # Nowhere two opening marks in a row, or two closing ones (the article's text has a
    # closing mark, then the next paragraph's opening one: that is no doubling).
    assert re.findall(r"[“„«‘‚\"]\s*[“„«‘‚]|[”»’]\s*[”»’\"]", text) == []
