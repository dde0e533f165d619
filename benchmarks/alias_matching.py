"""Benchmark: alias matching stays linear in the text, whatever the number of aliases.

Run, with the package installed:
    python benchmarks/alias_matching.py [--words 200000] [--aliases 200] [--repeat 5]

It builds one synthetic text (deterministic, seeded) in which a fixed number of names
occur, then times `AliasMatcher.find` on it with N aliases and with 10 N aliases (the
extra aliases are plausible names that never occur, as in a dossier that grows). With
one automaton pass the time depends on the text, not on the alias count: the ratio
should stay well under 2. A regex per alias would make it about 10.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

from mkdocs_dossier.mentions import AliasMatcher, Nameable
from mkdocs_dossier.problems import Position, Problems
from mkdocs_dossier.text import NormalizedText

SYLLABLES = ["ka", "ro", "mi", "tan", "vel", "sor", "ud", "lin", "ber", "gov", "esh", "pra"]


def make_name(rng: random.Random) -> str:
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(rng.randint(1, 3))
    )


def make_entities(rng: random.Random, count: int, prefix: str) -> list[Nameable]:
    return [
        Nameable(f"{prefix}-{i}", make_name(rng), [(make_name(rng), Position("bench.yml", i))])
        for i in range(count)
    ]


def make_text(rng: random.Random, words: int, names: list[str]) -> str:
    filler = ["the", "minister", "said", "that", "forces", "near", "border", "on", "and", "of"]
    out = []
    for i in range(words):
        out.append(rng.choice(names) if i % 25 == 0 else rng.choice(filler))
        if i % 120 == 119:
            out.append("\n\n")
    return " ".join(out)


def time_find(matcher: AliasMatcher, article: NormalizedText, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        matcher.find(article, [], [])
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--aliases", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    rng = random.Random(20151124)
    base = make_entities(rng, args.aliases, "e")
    extra = make_entities(rng, args.aliases * 9, "x")
    occurring = [e.aliases[0][0] for e in base] + [e.name for e in base]
    article = NormalizedText(make_text(rng, args.words, occurring))

    rows = []
    for label, entities in (("N", base), ("10 N", base + extra)):
        problems = Problems()
        started = time.perf_counter()
        matcher = AliasMatcher(entities, problems)
        build = time.perf_counter() - started
        found = len(matcher.find(article, [], []))
        rows.append(
            (label, len(entities) * 2, build, time_find(matcher, article, args.repeat), found)
        )

    print(f"text: {args.words} words, {len(article.text)} characters")
    print(f"{'aliases':>10} {'patterns':>9} {'build s':>9} {'find s':>9} {'matches':>8}")
    for label, patterns, build, find, found in rows:
        print(f"{label:>10} {patterns:>9} {build:>9.4f} {find:>9.4f} {found:>8}")
    ratio = rows[1][3] / rows[0][3]
    print(f"find time, 10 N aliases / N aliases: {ratio:.2f}x (linear in text: well under 2x)")
    return 0 if ratio < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
