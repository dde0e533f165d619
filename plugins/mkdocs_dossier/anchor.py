"""Anchor quotes: each annotation's quote -> one exact span of the published article text.

Flow: the article in normal form (`text.NormalizedText`) and the folded quotes ->
one Aho-Corasick pass finds every occurrence of every quote, and of every quote
joined to its prefix and suffix -> occurrence chooses one -> the span is mapped back to
original offsets. Prefixes and suffixes are matched in that same pass, never by
rescanning a quote's occurrences per annotation, so the work is linear in the text
plus the places found (at most MAX_MATCHES), however many annotations share a quote. Anchoring is
strict: a quote found nowhere, or in several places with nothing to choose between
them, is an error with the positions and the nearest text; nothing is re-anchored
fuzzily.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
from collections import Counter
from dataclasses import dataclass

import ahocorasick

from .model import Annotation
from .problems import Position, Problems
from .text import NormalizedText, fold
from .yamltree import YMap


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an annotation's quote stands in the published text of its source."""

    anchor_id: str
    start: int
    end: int


def anchor_id(annotation: Annotation, place: int = 1) -> str:
    """A quote's permalink (`#q-…`), the same as long as the quote is: made from its words,
    folded (straight or curly quotes, line breaks and runs of spaces do not count), and,
    for words the article has more than once, which of their places (`place`, 1 the
    first) it is. The prefix, suffix or occurrence that picks the place is not part of
    it, so adding one, or rewording it, keeps every link to the quote. An `id:` fixes it."""
    if annotation.id:
        return annotation.id
    return _hashed(fold(annotation.quote), "", "", place if place > 1 else "")


def _legacy_id(annotation: Annotation) -> str:
    """The permalink a quote had before the place counted instead of its prefix, suffix
    and occurrence: kept, with a warning, for a second annotation of the same words at
    the same place, which until then had a link of its own."""
    a = annotation
    return _hashed(fold(a.quote), fold(a.prefix or ""), fold(a.suffix or ""), a.occurrence or "")


def _hashed(quote: str, prefix: str, suffix: str, place: int | str) -> str:
    key = "\x1f".join((quote, prefix, suffix)) + f"\x1f{place}"
    return "q-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def anchor_quotes(
    article: NormalizedText,
    annotations: list[Annotation],
    nodes: list[YMap],
    article_path: str,
    problems: Problems,
) -> list[Anchor | None]:
    """One anchor per annotation, or None where it could not be placed (reported)."""
    keys = [_key(a) for a in annotations]
    occurrences = _find_all(article.text, keys)
    if occurrences is None:
        problems.error(
            nodes[0].pos if nodes else Position(article_path),
            f"the quotes of this file match more than {MAX_MATCHES:,} places in "
            f"{article_path}, too many to choose from",
            "quote longer passages: a quote of a few letters, or of a repeated character, "
            "matches almost everywhere",
        )
        return [None] * len(annotations)
    anchors: list[Anchor | None] = []
    seen: dict[str, Position] = {}
    searched = 0  # nearest-text searches made for this file: each reads the whole article
    for index, annotation in enumerate(annotations):
        node = nodes[index]
        quote_pos = node.items["quote"].pos if "quote" in node.items else node.pos
        key = keys[index]
        quote = key[0]
        if not quote:
            problems.error(quote_pos, "quote is empty", "copy the exact words from the article")
            anchors.append(None)
            continue
        found = occurrences.get((quote, "", ""), [])
        if not found:
            searched += 1
            problems.error(
                quote_pos,
                f"quote not found in {article_path}",
                _nearest_hint(article, quote) if searched <= MAX_NEAREST else NOT_SEARCHED,
            )
            anchors.append(None)
            continue
        starts = _choose(occurrences.get(key, []), annotation)
        if len(starts) != 1:
            problems.error(
                quote_pos,
                _ambiguity_message(article, quote, found, starts, article_path),
                "add 'prefix:' or 'suffix:' with the words just before or after the one you "
                "mean, or 'occurrence: N' (1 is the first)",
            )
            anchors.append(None)
            continue
        start = starts[0]
        ident = anchor_id(annotation, bisect.bisect_left(found, start) + 1)  # sorted
        if ident in seen and not annotation.id and _legacy_id(annotation) not in seen:
            legacy = _legacy_id(annotation)
            problems.warning(
                node.pos,
                f"these words, at this place, are annotated twice (first at {seen[ident]}); "
                f"this annotation's link stays '#{legacy}' for now",
                "merge the two annotations into one: a quote's link is made from its words "
                "and place, so the second will be an error in a later version",
            )
            ident = legacy
        if ident in seen:
            problems.error(
                node.pos,
                f"annotation anchor '{ident}' is used twice (first at {seen[ident]})",
                "the same quote is annotated twice: merge the two annotations into one",
            )
            anchors.append(None)
            continue
        seen[ident] = node.pos
        anchors.append(
            Anchor(ident, article.to_original(start), article.to_original(start + len(quote)))
        )
    return anchors


# Occurrences of all of one file's quotes together. Overlapping matches of quotes that
# repeat one letter ('aaaa' in a text of a's) grow as text length times quote count;
# a real file's quotes match a few places each. The places where a quote stands with
# its prefix or suffix, and those of long prefixes and suffixes, are counted apart,
# each against the same limit.
MAX_MATCHES = 1_000_000
# Characters of a prefix (its end) or a suffix (its start) joined to the quote as one
# word of the automaton; a longer prefix or suffix is also found as a word of its own.
# The automaton's work at each character grows with the length of its words where the
# text repeats itself ('aaaa'), so a word stays at most a quote plus twice this.
PIECE = 32

# A quote with the prefix and suffix it was given, folded; "" for one not given.
Key = tuple[str, str, str]


def _key(annotation: Annotation) -> Key:
    return fold(annotation.quote), fold(annotation.prefix or ""), fold(annotation.suffix or "")


def _find_all(text: str, keys: list[Key]) -> dict[Key, list[int]] | None:
    """For each key, the start offsets of its quote where the prefix ends just before it
    and the suffix starts just after it (one space between allowed), in text order;
    (quote, "", "") has every occurrence of the quote, overlapping ones included.
    None when there are more than MAX_MATCHES places of one sort.

    One automaton holds every quote; each quote joined to the end of its prefix and the
    start of its suffix (up to four words: with and without a space between); and each
    prefix or suffix longer than PIECE alone. One pass over the text finds them all;
    the work after it is one step per place found."""
    # Folded text has no other whitespace than single spaces, and a folded prefix or
    # suffix neither starts nor ends with one: at most one of the variants matches.
    joined: dict[str, list[tuple[Key, int, int, int]]] = {}  # (key, offset, gaps)
    for quote, prefix, suffix in {k for key in keys for k in (key, (key[0], "", "")) if key[0]}:
        key = (quote, prefix, suffix)
        head, tail = prefix[-PIECE:], suffix[:PIECE]
        for gap_before, before in enumerate((head, head + " ") if prefix else ("",)):
            for gap_after, after in enumerate((tail, " " + tail) if suffix else ("",)):
                word = before + quote + after
                joined.setdefault(word, []).append((key, len(before), gap_before, gap_after))
    alone = {affix for key in keys for affix in key[1:] if len(affix) > PIECE}
    found: dict[Key, list[int]] = {}
    if not joined:
        return found
    automaton = ahocorasick.Automaton()
    for word in joined.keys() | alone:
        automaton.add_word(word, (len(word), joined.get(word, []), word if word in alone else ""))
    automaton.make_automaton()
    ends: dict[str, set[int]] = {}  # a long prefix or suffix -> where it ends, or starts
    starts: dict[str, set[int]] = {}
    candidates: list[tuple[Key, int, int, int]] = []  # (key, quote start, gaps) to check
    counts = [0, 0, 0]  # plain, joined, alone
    for end, (length, wanted, affix) in automaton.iter(text):
        start = end - length + 1
        if affix:
            counts[2] += 1
            ends.setdefault(affix, set()).add(end + 1)
            starts.setdefault(affix, set()).add(start)
        for key, offset, gap_before, gap_after in wanted:
            if key[1] or key[2]:
                counts[1] += 1
                candidates.append((key, start + offset, gap_before, gap_after))
            else:
                counts[0] += 1
                found.setdefault(key, []).append(start + offset)
        if max(counts) > MAX_MATCHES:
            return None
    for key, at, gap_before, gap_after in candidates:
        quote, prefix, suffix = key
        if len(prefix) > PIECE and at - gap_before not in ends.get(prefix, ()):
            continue  # the prefix's end matched; the whole prefix does not end there
        if len(suffix) > PIECE and at + len(quote) + gap_after not in starts.get(suffix, ()):
            continue
        found.setdefault(key, []).append(at)
    for key, offsets in found.items():
        if key[1] or key[2]:
            offsets.sort()  # the variants with and without a space end in different orders
    return found


def _choose(starts: list[int], annotation: Annotation) -> list[int]:
    """The occurrences that occurrence leaves standing (prefix and suffix already have)."""
    n = annotation.occurrence
    if n is None:
        return starts
    return starts[n - 1 : n] if 0 < n <= len(starts) else []


def _ambiguity_message(
    article: NormalizedText,
    quote: str,
    found: list[int],
    chosen: list[int],
    article_path: str,
) -> str:
    def where(starts: list[int]) -> str:
        listed = ", ".join(
            "line {}:{}".format(*article.line_col(s)) for s in starts[:MAX_PLACES_LISTED]
        )
        more = len(starts) - MAX_PLACES_LISTED
        return listed + (f" and {more} more" if more > 0 else "")

    if not chosen:
        return (
            f"quote occurs {len(found)} times in {article_path} ({where(found)}), "
            "but none has the given prefix/suffix/occurrence"
        )
    return f"quote occurs {len(chosen)} times in {article_path} ({where(chosen)})"


SHINGLE = 6  # characters in each piece of a quote looked up to find its nearest text
# Quotes of one file whose nearest text is looked for: each search reads the whole
# article, so a file of many quotes not found would cost quotes times article length.
MAX_NEAREST = 20
NOT_SEARCHED = (
    f"copy the exact words from the article (the nearest text is shown for the first "
    f"{MAX_NEAREST} quotes of a file that are not found)"
)
MAX_PLACES_LISTED = 10  # occurrences named in an "occurs N times" message


def _nearest_hint(article: NormalizedText, quote: str) -> str:
    """Name the closest passage and the first place where it differs from the quote.

    Linear in the article: the quote is cut into non-overlapping pieces of SHINGLE
    characters, one Aho-Corasick pass finds every piece in the text, and each hit votes
    for where the quote would start. The start with most votes is the nearest text.
    At most one piece (all have one length) ends at any offset, so there are at most as
    many votes as characters; the compare that follows is over the quote's length only.
    """
    text = article.text
    offsets: dict[str, int] = {}  # each distinct piece, at its first place in the quote
    for at in range(0, max(1, len(quote) - SHINGLE + 1), SHINGLE):
        offsets.setdefault(quote[at : at + SHINGLE], at)
    automaton = ahocorasick.Automaton()
    for piece, at in offsets.items():
        automaton.add_word(piece, (len(piece), at))
    automaton.make_automaton()
    votes: Counter[int] = Counter()
    for end, (length, at) in automaton.iter(text):
        votes[max(0, end - length + 1 - at)] += 1
    if not votes:
        return "no similar passage in the article; is this the right source?"
    start = min(votes.items(), key=lambda item: (-item[1], item[0]))[0]
    window = text[start : start + len(quote)]
    end = text.find(" ", start + len(quote) + 12)
    shown = text[start : end if end != -1 else len(text)]
    if difflib.SequenceMatcher(None, window, quote, autojunk=False).quick_ratio() < 0.6:
        return "no similar passage in the article; is this the right source?"
    line, col = article.line_col(start)
    differ = next(
        (i for i, (a, b) in enumerate(zip(window, quote, strict=False)) if a != b),
        min(len(window), len(quote)),
    )
    lo = max(0, differ - 15)
    if len(shown) > 300:
        shown = shown[:300] + "…"
    return (
        f'nearest text, at line {line}:{col}: "{shown}"; '
        f'it differs from the quote at "…{quote[lo : differ + 15]}…" '
        f'(article: "…{window[lo : differ + 15]}…")'
    )
