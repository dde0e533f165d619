"""The timeline tells the story in time order (issue 30, Must 2): events claims say
happened (`occurred`), dated stances and publications interleaved, each as precise as it
is known, times the sources disagree on marked in words, every entry linked, filters by
actor and side; and every bad date or time is an error at its position, with a hint.

Real builds of the seed and of a small dossier written here; the pages are read as HTML.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from conftest import MINI, compile_at, messages, run_mkdocs_build
from sitecheck import scan

TIMELINE = "timeline/index.html"


def read(site: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / TIMELINE).read_text(encoding="utf-8"))


def days(page: lxml.html.HtmlElement) -> list[tuple[str, list[lxml.html.HtmlElement]]]:
    """Each day's heading and its entries, in page order."""
    found = []
    for heading in page.xpath("//h2"):
        entries = heading.xpath(
            "following-sibling::*[1]//ol[contains(@class, 'dossier-timeline')]"
            "/li[contains(@class, 'dossier-tl-entry')]"
        )
        if entries:
            found.append((heading.text_content().strip(), entries))
    return found


def kind(entry: lxml.html.HtmlElement) -> str:
    classes = entry.get("class", "").split()
    return next(
        c.removeprefix("dossier-tl-entry--")
        for c in classes
        if c.count("--") and "differs" not in c
    )


def when(entry: lxml.html.HtmlElement) -> str:
    """The entry's time column: its time of day, or empty for a day."""
    column = ".//p[contains(@class, 'dossier-tl-when')]/*[not(contains(@class, 'dossier-tl-mark'))]"
    return entry.xpath(f"string({column})").strip()


def words(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def resolves(site: Path, href: str) -> bool:
    """Whether a link from the timeline page reaches a page of the site (and its anchor)."""
    parts = urlsplit(href)
    if parts.scheme:
        return True  # an outside citation
    path = posixpath.normpath(posixpath.join("timeline", parts.path))
    target = site / path / "index.html" if not path.endswith(".html") else site / path
    if not target.is_file():
        return False
    return not parts.fragment or parts.fragment in scan(target).ids


# --- The seed -----------------------------------------------------------------------


def test_seed_timeline_tells_the_day_in_order(seed_site: Path) -> None:
    page = read(seed_site)
    found = days(page)
    assert [label for label, _ in found] == ["November 24, 2015", "November 25, 2015"]
    _, entries = found[0]
    kinds = [kind(e) for e in entries]
    assert {"event", "stance", "source"} <= set(kinds)  # interleaved, not one list per kind
    # A day (no time) comes before the times of that day, and is shown as a day.
    timed = [bool(e.xpath(".//p[contains(@class, 'dossier-tl-when')]/time")) for e in entries]
    assert timed == sorted(timed)
    assert True in timed
    assert False in timed
    moments = [
        datetime.fromisoformat(
            e.xpath(".//p[contains(@class, 'dossier-tl-when')]/time/@datetime")[0]
        )
        for e, t in zip(entries, timed, strict=True)
        if t
    ]
    assert moments == sorted(moments)
    assert when(entries[timed.index(True)]) == "about 09:20 (UTC+2)"
    # The EWN article is published the next day, and only that is on it.
    assert [kind(e) for e in found[1][1]] == ["source"]


def test_seed_marks_the_two_times_turkey_gave(seed_site: Path) -> None:
    page = read(seed_site)
    entries = [e for _, day in days(page) for e in day]
    airspace = next(
        e for e in entries if "entered Turkish airspace before" in words(e) and kind(e) == "event"
    )
    assert "dossier-tl-entry--differs" in airspace.get("class", "")
    text = words(airspace)
    assert "The accounts give different times" in text
    accounts = [words(a) for a in airspace.xpath(".//li[contains(@class, 'dossier-tl-account')]")]
    assert accounts[0].startswith(
        "November 24, 2015, about 09:20 (UTC+2) according to Turkish Armed Forces"
    )
    assert accounts[1].startswith("November 24, 2015, 09:24:05 (UTC+2) according to Turkey")
    cited = airspace.xpath(".//ul[contains(@class, 'dossier-citations')]//a/@href")
    assert "http://in.reuters.com/article/mideast-crisis-syria-un-idINL1N13J1FZ20151124" in cited
    assert any(url.startswith("http://www.hurriyetdailynews.com/") for url in cited)
    # The 09:24 intervention time is shown as unverified, and makes no disagreement.
    shootdown = next(
        e for e in entries if "Turkish forces shot down" in words(e) and kind(e) == "event"
    )
    assert "dossier-tl-entry--differs" not in shootdown.get("class", "")
    unverified = shootdown.xpath(".//li[.//span[contains(@class, 'dossier-badge--unverified')]]")
    assert [words(u).split(" according")[0] for u in unverified] == [
        "November 24, 2015, 09:24 (UTC+2)"
    ]


def test_seed_dates_on_the_timeline_are_cited_and_linked(seed_site: Path) -> None:
    page = read(seed_site)
    entries = [e for _, day in days(page) for e in day]
    accounts = page.xpath("//li[contains(@class, 'dossier-tl-account')]")
    assert len(accounts) >= 8  # the seed's events, by whose account
    assert {kind(e) for e in entries} == {"event", "stance", "source"}
    for account in accounts:
        sourced = account.xpath(
            ".//ul[contains(@class, 'dossier-citations')] | .//a[contains(@href, 'sources/')]"
            " | .//span[contains(@class, 'dossier-badge--unverified')]"
        )
        assert sourced, words(account)
    for entry in entries:
        if kind(entry) == "stance":  # said on a day the articles do not print: cited
            assert entry.xpath(".//ul[contains(@class, 'dossier-citations')]//a/@href"), words(
                entry
            )
        hrefs = entry.xpath(".//a/@href")
        assert hrefs, words(entry)
        assert all(resolves(seed_site, h) for h in hrefs), [
            h for h in hrefs if not resolves(seed_site, h)
        ]
        target = {"event": "../claims/", "stance": "../sources/", "source": "../sources/"}[
            kind(entry)
        ]
        assert any(h.startswith(target) for h in hrefs), words(entry)


# --- A small dossier written here ---------------------------------------------------

TIMES_CLAIMS = """\
entered-airspace:
  statement: The jet entered Turkish airspace.
  about: [turkey, russia]
  occurred:
    - at: "2015-11-24T09:20+02:00"
      according_to: turkey
      cite:
        - {url: "https://wire.example/turkey", publisher: Example Wire, note: Turkey's time.}
    - at: "2015-11-24T09:24+02:00"
      according_to: putin
      source: a
fired:
  statement: The jets fired.
  about: [turkey]
  occurred:
    - at: "2015-11-24T09:20+02:00"
      according_to: turkey
      source: a
    - at: "2015-11-24T07:20:30Z"
      according_to: russia
      source: a
    - at: "2015-11-24"
      according_to: putin
      source: a
talks-planned:
  statement: Talks were planned.
  about: [russia]
  occurred: "2015-11"
jet-lost:
  statement: The jet was lost.
  about: [russia]
  occurred: "2015-11-24"
crew-found:
  statement: The crew was found.
  about: [russia]
  occurred: {at: "2015-11-24T07:30Z", according_to: russia, source: a}
"""

TIMES_ANNOTATIONS = """\
- quote: Ankara says its jets fired after warnings
  stances:
    - {claim: entered-airspace, stance: asserts, by: turkey}
- quote: Moscow insists that the jet never strayed from Syrian airspace
  stances:
    - claim: entered-airspace
      stance: denies
      by: russia
      when: "2015-11-24T10:00+03:00"
      cite:
        - {url: "https://wire.example/moscow", publisher: Example Wire, note: When Moscow said it.}
- quote: Putin called it a stab in the back
  stances:
    - {claim: jet-lost, stance: asserts, by: putin}
"""


@pytest.fixture
def times_site(mini: Callable[..., Path], tmp_path: Path) -> Path:
    project = mini(
        {"dossier/claims.yml": TIMES_CLAIMS, "dossier/annotations/a.yml": TIMES_ANNOTATIONS}
    )
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def test_times_in_order_whatever_their_zone_and_precision(times_site: Path) -> None:
    found = days(read(times_site))
    assert [label for label, _ in found] == ["November 2015", "November 24, 2015"]
    assert [kind(e) for e in found[0][1]] == ["event"]  # the month, shown as a month
    assert "Talks were planned" in words(found[0][1][0])
    lines = [(kind(e), when(e), words(e)) for e in found[1][1]]
    # The day's own entries first (the claim, then the source published that day); then
    # the times by the instant they name: 10:00 in Moscow (07:00 UTC) is before 09:20 in
    # Ankara (07:20 UTC), and 07:30 UTC is after both.
    assert [(k, t) for k, t, _ in lines] == [
        ("event", ""),
        ("source", ""),
        ("stance", "10:00 (UTC+3)"),
        ("event", "09:20 (UTC+2)"),
        ("event", "09:20 (UTC+2)"),
        ("event", "07:30 (UTC)"),
    ]
    assert "The jet was lost" in lines[0][2]
    assert "Jet down" in lines[1][2]
    assert "Russia denies" in lines[2][2]
    assert "When Moscow said it" in lines[2][2]
    stance_time = found[1][1][2].xpath(".//p[contains(@class, 'dossier-tl-when')]/time/@datetime")
    assert stance_time == ["2015-11-24T10:00+03:00"]
    assert "The crew was found" in lines[5][2]


def test_only_times_that_differ_are_marked(times_site: Path) -> None:
    entries = [e for _, day in days(read(times_site)) for e in day]
    entered = next(
        e for e in entries if "entered Turkish airspace" in words(e) and kind(e) == "event"
    )
    fired = next(e for e in entries if "The jets fired" in words(e))
    # 09:20 and 09:24 in one zone differ; 09:20+02:00, 07:20:30Z and the bare day agree.
    assert "dossier-tl-entry--differs" in entered.get("class", "")
    assert "The accounts give different times" in words(entered)
    column = entered.xpath("string(.//p[contains(@class, 'dossier-tl-when')])")
    assert " ".join(column.split()) == "09:20 (UTC+2) (the earliest given; sources differ)"
    marked = entered.xpath(".//li[contains(@class, 'dossier-tl-account--differs')]")
    assert len(marked) == 2
    assert "dossier-tl-entry--differs" not in fired.get("class", "")
    assert "different times" not in words(fired)
    assert "sources differ" not in words(fired)
    accounts = [words(a) for a in fired.xpath(".//li[contains(@class, 'dossier-tl-account')]")]
    assert [a.split(" according to ")[0] for a in accounts] == [
        "November 24, 2015",
        "November 24, 2015, 09:20 (UTC+2)",
        "November 24, 2015, 07:20:30 (UTC)",
    ]
    assert len(accounts) == 3  # nothing lost: every account is listed


def test_every_entry_links_and_filters_by_actor_and_side(times_site: Path) -> None:
    page = read(times_site)
    form = page.xpath("//form[contains(@class, 'dossier-filters')]")[0]
    voices = dict(
        zip(
            form.xpath(".//select[@name='voice']/option/@value"),
            form.xpath(".//select[@name='voice']/option/text()"),
            strict=True,
        )
    )
    sides = dict(
        zip(
            form.xpath(".//select[@name='side']/option/@value"),
            form.xpath(".//select[@name='side']/option/text()"),
            strict=True,
        )
    )
    assert {"turkey", "putin", "russia", "paper"} <= set(voices)
    assert {"turkey", "russia"} <= set(sides)
    assert "putin" not in sides  # Putin's side is Russia
    assert not form.xpath(".//select[@name='claim']")
    entries = [e for _, day in days(page) for e in day]
    entered = next(
        e for e in entries if "entered Turkish airspace" in words(e) and kind(e) == "event"
    )
    assert entered.get("data-voice").split() == ["turkey", "putin"]
    assert entered.get("data-side").split() == ["turkey", "russia"]
    stance = next(e for e in entries if kind(e) == "stance")
    assert (stance.get("data-voice"), stance.get("data-side")) == ("russia", "russia")
    for entry in entries:
        hrefs = entry.xpath(".//a/@href")
        assert hrefs, words(entry)
        assert all(resolves(times_site, h) for h in hrefs), words(entry)


# --- Bad dates and times: each an error at its position, with a hint -----------------

BAD_CLAIMS = """\
no-zone:
  statement: A.
  occurred: "2015-11-24T09:24"
space:
  statement: B.
  occurred: "2015-11-24 09:24+02:00"
late:
  statement: C.
  occurred:
    - at: "2015-11-24T24:10+02:00"
      according_to: turkey
      source: a
no-day:
  statement: D.
  occurred:
    - at: "2015-02-30T09:00Z"
      source: a
unsourced:
  statement: E.
  occurred:
    - at: "2015-11-24"
      according_to: turkey
misspelt:
  statement: F.
  occurred: {at: "2015-11-24T09:00Z", according_to: turky, source: a}
wide-digit:
  statement: G.
  occurred: "2015-11-2\uff14T09:00Z"
"""

BAD_STANCE = """\
- quote: Ankara says its jets fired after warnings
  stances:
    - {claim: entered-airspace, stance: asserts, by: turkey, when: "2015-11-24T9:24+02:00"}
"""


def position(text: str, needle: str, path: str, quoted: bool = True) -> str:
    """Where `needle` starts in a file, as `path:line:col`: the quoted value's quote."""
    offset = text.index(needle) - (1 if quoted else 0)
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{path}:{line}:{col}"


def test_bad_dates_and_times_are_errors_at_their_place_with_a_hint(
    mini: Callable[..., Path],
) -> None:
    claims = MINI["dossier/claims.yml"] + BAD_CLAIMS
    project = mini({"dossier/claims.yml": claims, "dossier/annotations/a.yml": BAD_STANCE})
    compiled = compile_at(project)
    found = messages(compiled)
    text = "\n".join(found)
    assert "Traceback" not in text
    c, a = "dossier/claims.yml", "dossier/annotations/a.yml"

    def error(where: str, message: str, hint: str) -> None:
        match = [m for m in found if m.startswith(where + ": error: ") and message in m]
        assert match, f"no error at {where} saying {message!r}:\n{text}"
        assert hint in match[0].split("\n", 1)[1], match[0]

    error(
        position(claims, '2015-11-24T09:24"', c),
        "occurred: '2015-11-24T09:24' is not a date or a time with its zone",
        "add the time zone",
    )
    error(
        position(claims, "2015-11-24 09:24", c),
        "occurred: '2015-11-24 09:24+02:00'",
        "join the day and the time with a capital T: 2015-11-24T09:24+02:00",
    )
    error(
        position(claims, "2015-11-24T24:10", c),
        "occurred[0].at: '2015-11-24T24:10+02:00'",
        "hours run 00 to 23",
    )
    error(
        position(claims, "2015-02-30", c),
        "occurred[0].at: '2015-02-30': February 2015 has no day 30",
        "",
    )
    unsourced = 'at: "2015-11-24"\n      according_to: turkey\n'
    error(position(claims, unsourced, c, quoted=False), "needs 'source'", "")
    error(
        position(claims, "turky", c, quoted=False), "unknown actor 'turky'", "did you mean 'turkey'"
    )
    error(
        position(BAD_STANCE, "2015-11-24T9:24", a),
        "stances[0].when: '2015-11-24T9:24+02:00'",
        "2015-11-24T09:24+02:00",
    )
    # A fullwidth digit reads as a date to a reviewer: the error is at the digit itself.
    wide = position(claims, "2015-11-2\uff14T", c)
    wide = wide.rsplit(":", 1)[0] + f":{int(wide.rsplit(':', 1)[1]) + 10}"
    error(wide, "'2015-11-2\uff14T09:00Z' is not a date", "is not an ASCII digit")
    assert len([m for m in found if "error:" in m]) == 8  # all at once, each once


def test_a_stance_date_reads_in_words_with_its_machine_form(seed_site: Path) -> None:
    page = (seed_site / "claims/su24-entered-turkish-airspace/index.html").read_text()
    assert 'on <time datetime="2015-11-24">November 24, 2015</time>' in page
