"""The reference pages say the same thing in every language, and what they render from data is sound.

- every signatory in data/organisations.yml is on the signatories page of every build,
  with its anchor, linked only when it has a website;
- every figure on figures.md has its anchor in every language and the same digits;
- the timeline has every event of data/events.yml, with the same anchors in every
  language, in date order, each entry with the same digits everywhere;
- each topic page's "what happened next" shows the later events that bear on it.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest

from derechos.data import load_organisations
from derechos.events import load_events
from derechos.metadata import load_sources
from derechos.project import Project, load_project

PROJECT = load_project()

#: Anchors other pages and campaigns link to (agreed with the trend pages' author).
REQUIRED_FIGURES = (
    "pegasus-15000", "geolocation-130000", "court-orders-130", "investigation-4-years",
    "sim-registration-12-countries", "platforms-1-million-users", "georgia-13-csos",
    "journalists-99", "interceptions-99-percent", "femicides-7-a-day", "igf-12-signatories",
    "r3d-41107-requests", "r3d-448-judicial-orders", "scjn-9-2-vote", "curp-345-129",
)

HEADING = re.compile(r'<h(?P<level>[1-6])[^>]*\sid="(?P<id>[^"]+)"')
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def article(site: Path, root: str, page: str) -> str:
    """The page's main content (Material's <article>), without navigation or footer."""
    text = (site / root / page).read_text(encoding="utf-8")
    return text[text.index("<article"): text.index("</article>")]


def sections(body: str, levels: str = "23") -> dict[str, tuple[int, str]]:
    """Heading id -> (level, HTML up to the next heading of one of `levels`), in order."""
    marks = [m for m in HEADING.finditer(body) if m.group("level") in levels]
    out: dict[str, tuple[int, str]] = {}
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(body)
        out[mark.group("id")] = (int(mark.group("level")), body[mark.start():end])
    return out


#: Names that carry a number, not figures ("ARTICLE 19 (Artículo 19)" at first mention in Spanish).
NAMES = re.compile(r"\b(ARTICLE|Artículo|Article) 19\b")


def visible_numbers(fragment: str) -> Counter[str]:
    """Numbers in the text a reader sees (tags and attributes such as ids or hrefs removed,
    and the names that contain a number)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return Counter(NUMBER.findall(NAMES.sub(" ", text)))


@pytest.mark.parametrize("root", [lang.root for lang in PROJECT.languages])
def test_every_signatory_is_on_the_page_with_its_anchor_and_only_real_links(site: Path, root: str,
                                                                            project: Project) -> None:
    found = sections(article(site, root, "signatories.html"), levels="2")
    for org in load_organisations(project):
        assert org.id in found, f"{root}signatories.html: no section #{org.id} for {org.name!r}"
        _, fragment = found[org.id]
        heading = html.unescape(re.sub(r"<[^>]+>", "", fragment.split("</h2>")[0]))
        assert org.name in heading, f"{root}: #{org.id} heading is {heading!r}, expected {org.name!r}"
        links = re.findall(r'href="(https?://[^"]+)"', fragment)
        if org.website:
            assert links and links[0] == org.website, f"{root}: #{org.id} should link {org.website}, has {links}"
        else:
            assert links == [], f"{root}: #{org.id} has no confirmed website but links {links}"


def test_every_figure_has_its_anchor_and_the_same_digits_in_every_language(site: Path, project: Project) -> None:
    figures = {lang.root: {k: v for k, v in sections(article(site, lang.root, "figures.html")).items() if v[0] == 3}
               for lang in project.languages}
    first, *others = [lang.root for lang in project.languages]
    for anchor in REQUIRED_FIGURES:
        for root in figures:
            assert anchor in figures[root], f"{root}figures.html: no figure #{anchor}"
    for root in others:
        assert list(figures[root]) == list(figures[first]), \
            f"figures differ: {first!r} has {list(figures[first])}, {root!r} has {list(figures[root])}"
        # The same figures, each written at least once in each language: compared as sets,
        # because each language quotes its own edition, so a figure one edition writes may be
        # quoted and paraphrased in one language and only paraphrased in the other.
        for anchor, (_, fragment) in figures[first].items():
            ours, theirs = set(visible_numbers(fragment)), set(visible_numbers(figures[root][anchor][1]))
            assert ours == theirs, f"#{anchor}: {first!r} numbers {sorted(ours)} != {root!r} numbers {sorted(theirs)}"


def test_the_timeline_shows_every_event_in_date_order_with_the_same_digits(site: Path, project: Project) -> None:
    events = load_events(project, load_sources(project.data / "sources.yml", project.codes, project.root))
    entries = {lang.root: {a: f for a, (level, f) in sections(article(site, lang.root, "timeline.html")).items()
                           if level == 3} for lang in project.languages}
    first, *others = list(entries)
    assert list(entries[first]) == [e.id for e in events]
    assert len(events) >= 20, f"the timeline has only {len(events)} entries"
    for root in others:
        assert list(entries[root]) == list(entries[first]), f"{root} timeline entries differ"
        for anchor in entries[first]:
            ours, theirs = visible_numbers(entries[first][anchor]), visible_numbers(entries[root][anchor])
            assert ours == theirs, f"#{anchor}: numbers {dict(ours)} != {root!r} numbers {dict(theirs)}"


def test_each_later_event_is_a_section_of_the_topic_pages_it_bears_on(site: Path, project: Project) -> None:
    events = load_events(project, load_sources(project.data / "sources.yml", project.codes, project.root))
    for lang in project.languages:
        for event in (e for e in events if e.kind == "later"):
            for ref in event.refs:
                built = (project.docs / lang.code / ref.page).read_text(encoding="utf-8")
                if "<!-- md:later -->" not in built:
                    continue
                found = sections(article(site, lang.root, ref.page.replace(".md", ".html")))
                assert ref.anchor in found, f"{lang.root}{ref.page}: no section #{ref.anchor} for {event.id}"
                assert event.title[lang.code] in html.unescape(found[ref.anchor][1]), event.id
