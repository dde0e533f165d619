"""Write a synthetic dossier of N articles: deterministic, realistic in size and density.

Run, with the package installed:
    python benchmarks/generate.py N OUT_DIR [--seed 1124]

Each article has 500-800 words in paragraphs; about ten sentences per article are
annotated (a stance by an actor on a claim, mentions of places); a fifth of the
claims come in contradicting pairs and a tenth of the stances deny, so disputes
exist; actors and places are named by their aliases in the text. The output is a
complete project (site_config.yml, content/, dossier/) that `dossier check` accepts.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path

SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "tan",
    "vel",
    "sor",
    "ud",
    "lin",
    "ber",
    "gov",
    "esh",
    "pra",
    "dun",
    "mo",
    "ri",
    "sa",
    "tek",
    "vo",
    "zan",
    "el",
    "ko",
    "nar",
    "bi",
    "lu",
]
WORDS = [
    "the",
    "minister",
    "officials",
    "forces",
    "border",
    "talks",
    "agreement",
    "report",
    "statement",
    "government",
    "security",
    "region",
    "said",
    "that",
    "were",
    "was",
    "would",
    "could",
    "after",
    "before",
    "during",
    "against",
    "between",
    "military",
    "aircraft",
    "airspace",
    "pilots",
    "warning",
    "incident",
    "crisis",
    "relations",
    "support",
    "pressure",
    "economic",
    "energy",
    "deal",
    "meeting",
    "week",
    "month",
    "city",
    "province",
    "country",
    "allies",
    "rebels",
    "troops",
    "announced",
    "confirmed",
    "denied",
    "rejected",
    "claimed",
    "according",
    "sources",
    "local",
    "international",
    "of",
    "and",
    "in",
    "on",
    "to",
    "for",
    "with",
    "by",
    "from",
    "at",
    "as",
    "it",
    "its",
    "their",
    "his",
    "her",
    "this",
    "those",
    "these",
]
VERBS = ["said", "says", "insisted", "warned", "told reporters", "claimed", "denied"]


@dataclass(frozen=True)
class Plan:
    articles: int
    actors: int
    states: int
    outlets: int
    locations: int
    claims: int


def plan_for(articles: int) -> Plan:
    return Plan(
        articles=articles,
        actors=max(30, articles // 5),
        states=max(6, articles // 50),
        outlets=max(4, articles // 100),
        locations=max(12, articles // 10),
        claims=max(20, articles),
    )


def _names(rng: random.Random, count: int, words: int, seen: set[str]) -> list[str]:
    """Distinct names, none sharing a word with another (aliases must name one entity)."""
    names = []
    while len(names) < count:
        name = " ".join(
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
            for _ in range(words)
        )
        if not any(word in seen for word in name.split()):
            seen.update(name.split())
            names.append(name)
    return names


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def budget_for(articles: int) -> dict[str, int]:
    """The dossier plugin's budget (README, "Limits") with room for `articles`: at about
    2.34 pages, 12 records and 4,500 bytes of text an article, the defaults stop near
    2,500 articles, so a benchmark of 3,000 raises them in its own config."""
    return {
        "max_pages": 3 * articles + 100,
        "max_records": 15 * articles + 100,
        "max_article_bytes": 6_000 * articles + 100_000,
    }


def generate(
    articles: int, out: Path, seed: int = 1124, budget: dict[str, int] | None = None
) -> Plan:
    """The dossier of `articles` articles in `out`; its config sets `budget` (the plugin's
    max_pages, max_records, max_article_bytes), if given, else the plugin's defaults."""
    rng = random.Random(seed)
    plan = plan_for(articles)
    seen: set[str] = set()
    people = _names(rng, plan.actors, 2, seen)
    states = _names(rng, plan.states, 1, seen)
    outlets = [f"{n} News" for n in _names(rng, plan.outlets, 1, seen)]
    places = _names(rng, plan.locations, 1, seen)

    actor_ids = [f"person-{i}" for i in range(plan.actors)]
    state_ids = [f"state-{i}" for i in range(plan.states)]
    outlet_ids = [f"outlet-{i}" for i in range(plan.outlets)]
    place_ids = [f"place-{i}" for i in range(plan.locations)]

    actors = []
    for i, name in enumerate(states):
        actors.append(
            f"{state_ids[i]}:\n  name: {_q(name)}\n  kind: state\n  aliases: [{_q(name)}]\n"
        )
    for i, name in enumerate(outlets):
        actors.append(f"{outlet_ids[i]}:\n  name: {_q(name)}\n  kind: media\n")
    for i, name in enumerate(people):
        actors.append(
            f"{actor_ids[i]}:\n  name: {_q(name)}\n  kind: person\n  role: Minister\n"
            f"  speaks_for: {state_ids[i % plan.states]}\n"
            f"  aliases: [{_q(name)}, {_q(name.split()[-1])}]\n"
            f"  description: A minister of {_q(states[i % plan.states])[1:-1]}.\n"
        )
    locations = [
        f"{place_ids[i]}:\n  name: {_q(name)}\n  kind: city\n"
        f"  coordinates: [{rng.uniform(30, 50):.4f}, {rng.uniform(20, 45):.4f}]\n"
        f"  precision: city\n  aliases: [{_q(name)}]\n"
        f"  cite:\n    - {{url: 'https://gazetteer.example/{place_ids[i]}',"
        " publisher: Gazetteer}\n"
        for i, name in enumerate(places)
    ]
    claims = []
    for i in range(plan.claims):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 10)))
        text = f"Claim {i}: {body}."
        extra = f"  contradicts: [claim-{i - 1}]\n" if i % 10 == 9 else ""
        claims.append(
            f"claim-{i}:\n  statement: {_q(text)}\n  about: [{state_ids[i % plan.states]}]\n{extra}"
        )

    sources = []
    (out / "content" / "articles").mkdir(parents=True, exist_ok=True)
    (out / "dossier" / "annotations").mkdir(parents=True, exist_ok=True)
    for a in range(plan.articles):
        sentences, annotations = _article(rng, a, plan, people, places, actor_ids, place_ids)
        text = f"Article {a}\n\n" + "\n\n".join(
            " ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)
        )
        (out / "content" / "articles" / f"article-{a}.txt").write_text(text, encoding="utf-8")
        (out / "dossier" / "annotations" / f"article-{a}.yml").write_text(
            "".join(annotations), encoding="utf-8"
        )
        sources.append(
            f"article-{a}:\n  title: {_q(f'Article {a}')}\n  file: articles/article-{a}.txt\n"
            f"  outlet: {outlet_ids[a % plan.outlets]}\n  published: 2015-11-{1 + a % 28:02d}\n"
            f"  url: https://news.example/article-{a}\n  language: en\n"
        )
    (out / "dossier" / "actors.yml").write_text("".join(actors), encoding="utf-8")
    (out / "dossier" / "locations.yml").write_text("".join(locations), encoding="utf-8")
    (out / "dossier" / "claims.yml").write_text("".join(claims), encoding="utf-8")
    (out / "dossier" / "sources.yml").write_text("".join(sources), encoding="utf-8")
    (out / "content" / "index.md").write_text("# Synthetic dossier\n", encoding="utf-8")
    options = "".join(f"      {name}: {value}\n" for name, value in (budget or {}).items())
    plugin = "  - dossier:\n" + options if options else "  - dossier\n"
    config = SITE_CONFIG.replace("  - dossier\n", plugin)
    (out / "site_config.yml").write_text(config, encoding="utf-8")
    return plan


def _article(
    rng: random.Random,
    a: int,
    plan: Plan,
    people: list[str],
    places: list[str],
    actor_ids: list[str],
    place_ids: list[str],
) -> tuple[list[str], list[str]]:
    """Sentences of one article (500-800 words) and its annotations (about ten)."""
    target = rng.randint(500, 800)
    sentences: list[str] = []
    annotations: list[str] = []
    words = 0
    n = 0
    annotate_every = max(1, round(target / 90))  # about ten annotated sentences an article
    while words < target:
        filler = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12)))
        if n % annotate_every == 0:
            p = rng.randrange(plan.actors)
            place = rng.randrange(plan.locations)
            surname = people[p].split()[-1]
            verb = rng.choice(VERBS)
            quote = f"{surname} {verb} in {places[place]} that {filler} ({a}.{n})"
            sentences.append(quote + ".")
            claim = (a + rng.randrange(3)) % plan.claims
            stance = "denies" if rng.random() < 0.1 else "asserts"
            annotations.append(
                f"- quote: {_q(quote)}\n  mentions: [{place_ids[place]}]\n  stances:\n"
                f"    - {{claim: claim-{claim}, stance: {stance}, by: {actor_ids[p]}, "
                f"where: {place_ids[place]}}}\n"
            )
        else:
            sentences.append(filler.capitalize() + ".")
        words += len(sentences[-1].split())
        n += 1
    return sentences, annotations


SITE_CONFIG = """\
site_name: Synthetic dossier
site_url: http://127.0.0.1:8000/
docs_dir: content
theme:
  name: material
  font: false
  # No navigation.instant: it fetches sitemap.xml as the first page opens, 280 KB per
  # 1,000 articles (README, 'Search').
  features: [navigation.tabs]
plugins:
  - search
  - dossier
nav:
  - Home: index.md
  - Sources: sources/index.md
  - Actors: actors/index.md
  - Claims: claims/index.md
  - Contradictions: contradictions/index.md
  - Locations: locations/index.md
  - Map: map/index.md
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1124)
    parser.add_argument(
        "--default-budget",
        action="store_true",
        help="leave the plugin's budget at its defaults (else: raised to fit N articles)",
    )
    args = parser.parse_args()
    budget = None if args.default_budget else budget_for(args.articles)
    plan = generate(args.articles, args.out, args.seed, budget)
    print(f"wrote {args.out}: {plan}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
