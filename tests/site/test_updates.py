"""Where things stand: the updates feed, the open data, the status boxes and reviewed dates.

The feeds are read with a real feed parser (feedparser), as a reader's app would.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import feedparser
import pytest

from derechos.events import load_events
from derechos.metadata import load_sources, parse_front_matter
from derechos.project import Project, load_project

PROJECT = load_project()
TOPICS = ("surveillance", "biometric-registry", "platform-regulation", "civil-society", "igf-2016")


def events(project: Project):
    return load_events(project, load_sources(project.data / "sources.yml", project.codes, project.root))


@pytest.mark.parametrize("code", PROJECT.codes)
def test_each_language_has_an_atom_feed_of_the_later_developments(site: Path, site_url: str, code: str,
                                                                   project: Project) -> None:
    lang = project.language(code)
    feed = feedparser.parse((site / lang.root / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.get("language") == code
    assert feed.feed.title.startswith(project.strings[code]["site_name"])
    later = [e for e in events(project) if e.kind == "later"]
    assert len(feed.entries) == len(later) > 5
    dates = [entry.updated_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True), "newest first"
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    by_title = {e.title[code]: e for e in later}
    for entry in feed.entries:
        event = by_title[entry.title]
        assert entry.updated_parsed[:3] == event.feed_date().timetuple()[:3]
        page, _, anchor = entry.link.removeprefix(site_url + lang.root).partition("#")
        assert (site / lang.root / page).is_file(), entry.link
        if anchor:
            assert f'id="{anchor}"' in (site / lang.root / page).read_text(encoding="utf-8"), entry.link


def test_feed_ids_are_stable_whatever_the_sites_address(site: Path, project: Project, tmp_path: Path) -> None:
    from derechos.build import build_site

    other = build_site(tmp_path / "other", "https://example.org/elsewhere/", project=project)
    ours = [e.id for e in feedparser.parse((site / "feed.xml").read_bytes()).entries]
    theirs = [e.id for e in feedparser.parse((other / "feed.xml").read_bytes()).entries]
    assert ours == theirs


def test_every_page_links_its_languages_feed_and_the_timeline_links_it_visibly(site: Path, project: Project) -> None:
    for lang in project.languages:
        for page in (site / lang.root).glob("*.html"):
            text = page.read_text(encoding="utf-8")
            assert re.search(r'<link rel="alternate" type="application/atom\+xml" href="[^"]+feed\.xml">', text), page
        timeline = (site / lang.root / "timeline.html").read_text(encoding="utf-8")
        article = timeline[timeline.index("<article"): timeline.index("</article>")]
        assert 'href="feed.xml"' in article, f"{lang.root}timeline.html: no visible link to the feed"
        assert f'href="{lang.up}events.json"' in article, f"{lang.root}timeline.html: no link to the open data"


def test_the_events_are_published_as_open_data(site: Path, site_url: str, project: Project) -> None:
    data = json.loads((site / "events.json").read_text(encoding="utf-8"))
    assert data["licence"].startswith("CC BY 4.0")
    assert data["url"] == site_url + "events.json"
    assert [e["id"] for e in data["events"]] == [e.id for e in events(project)]
    for entry in data["events"]:
        assert set(entry["title"]) == set(project.codes) == set(entry["text"])
        assert entry["sources"] and all(sid in data["sources"] for sid in entry["sources"])
        assert not re.search(r"\]\(|\*\*", " ".join(entry["text"].values())), "Markdown left in the open data"
    for source in data["sources"].values():
        assert source["read"] and source["excerpt"] and all(u.startswith("https://") for u in source["url"].values())


@pytest.mark.parametrize("code", PROJECT.codes)
@pytest.mark.parametrize("stem", TOPICS)
def test_each_topic_page_opens_with_where_things_stand(site: Path, project: Project, code: str, stem: str) -> None:
    lang = project.language(code)
    fm, _ = parse_front_matter((project.docs / code / f"{stem}.md").read_text(encoding="utf-8"), stem)
    assert fm is not None and "situation" in fm.meta and "reviewed" in fm.meta, f"docs/{code}/{stem}.md: no status"
    page = (site / lang.root / f"{stem}.html").read_text(encoding="utf-8")
    article = page[page.index("<article"): page.index("</article>")]
    box = re.search(r'<div class="admonition abstract[^"]*">\s*<p class="admonition-title">(.*?)</p>(.*?)</div>',
                    article, re.S)
    assert box, f"{lang.root}{stem}.html: no status box"
    reviewed = fm.meta["reviewed"]
    months = project.strings[code]["dates"]["months"]
    assert str(reviewed.year) in box.group(1) and months[reviewed.month - 1] in box.group(1)
    assert article.index(box.group(0)) < article.index("<h2"), "the box comes before the first section"
    lead = re.search(r"</h1>\s*<p>(.*?)</p>", article, re.S)
    assert lead and article.index(lead.group(0)) < article.index(box.group(0)), "the lead comes before the box"
    events = load_events(project, load_sources(project.data / "sources.yml", project.codes, project.root))
    for event_id in fm.meta["situation"]["events"]:
        event = events.get(event_id)
        assert event is not None
        ref = event.on(f"{stem}.md")
        assert ref is not None
        # a later development links its own section on this page; anything else, the timeline
        anchor = ref.anchor or event.id
        href = f'href="#{anchor}"' if event.kind == "later" else f'href="timeline.html#{event_id}"'
        assert href in box.group(2), f"{stem}: the box does not link {event_id} ({href})"
        if event.kind == "later":
            assert f'id="{anchor}"' in article, f"{stem}: no section #{anchor} for {event_id}"
    assert "md-status" not in page, "Material's navigation status badge (front matter `status`) is not used"


def test_every_content_page_says_when_it_was_reviewed(site: Path, project: Project) -> None:
    today = dt.date.today()
    for lang in project.languages:
        for md in sorted((project.docs / lang.code).glob("*.md")):
            fm, _ = parse_front_matter(md.read_text(encoding="utf-8"), md.name)
            assert fm is not None and isinstance(fm.meta.get("reviewed"), dt.date), f"{md}: no reviewed date"
            assert fm.meta["reviewed"] <= today
            page = (site / lang.root / md.with_suffix(".html").name).read_text(encoding="utf-8")
            if "situation" in fm.meta:  # a topic page: its status box is dated (the test above)
                assert 'class="page-reviewed"' not in page, f"{lang.root}{md.name}: the date twice"
                continue
            line = re.search(r'<p class="page-reviewed">([^<]+)</p>', page)
            assert line and str(fm.meta["reviewed"].year) in html.unescape(line.group(1)), f"{lang.root}{md.name}"
            h1 = page.index("<h1")
            assert h1 < page.index('class="page-reviewed"') < page.index("</h1>") + 400, "shown under the title"
