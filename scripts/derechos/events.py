"""Dated events, written once in data/events.yml, shown wherever they matter.

Every dated event the site states lives in data/events.yml: the sources' own dates, what
happened next, and the context (when the sources were published). From that one file
the build renders

- the timeline page (`<!-- md:timeline -->`): every event, grouped by year;
- each topic page's "what happened next" (`<!-- md:later -->`): the later developments
  that bear on that page, each as a section with its own anchor;
- the status box at the top of a topic page (front matter `situation:`), checked against
  the events: it names the events it rests on, it must name the latest development on
  its page, and every date it writes must be the date of one of those events;
- an Atom feed per language of the later developments (`feed.xml`) and the same events
  as open data (`events.json`, both languages, with their sources).

An event:

    - id: 2022-04-25-scjn-strikes-down-padron   # its anchor on the timeline, and its feed id
      date: 2022-04-25          # YYYY, YYYY-MM or YYYY-MM-DD: the precision is what is known
      kind: later               # source-2016 | source-2021 | later | context
      confidence: high          # high | medium-high | medium (medium: one report)
      sources: [heraldo-2022-scjn-panaut] # ids of data/sources.yml
      pages: [biometric-registry.md#supreme-court-2022]  # where it bears on (its section there)
      title: {es: …, en: …}
      text: {es: …, en: …}      # Markdown, one or two sentences, in our own words

The build fails, naming data/events.yml and the line, on an unknown source id, a missing
language, a date in the future, a page that does not exist or an anchor that the page
does not have (or would not get from its `md:later` block).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from derechos.metadata import PARTIAL_DATE, FrontMatter, Source, today
from derechos.project import Project
from derechos.yamlfile import DataError, Map, at, expect_map, expect_seq, keys, load, localised, text

if TYPE_CHECKING:
    from derechos.context import Build, PageContext

EVENTS = "data/events.yml"
KINDS = ("source-2016", "source-2021", "later", "context")
CONFIDENCE = ("high", "medium-high", "medium")
FEED = "feed.xml"
OPEN_DATA = "events.json"
ID = re.compile(r"^\d{4}(-\d{2}){0,2}-[a-z0-9]+(-[a-z0-9]+)*$")
REF = re.compile(r"^(?P<page>[a-z0-9][a-z0-9-]*\.md)(?:#(?P<anchor>[a-z0-9][a-z0-9-]*))?$")
#: Stable feed ids: a UUID from the event id, whatever the site's address.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/derechos-digitales-mx/events")


@dataclass(frozen=True)
class Ref:
    page: str
    anchor: str | None
    line: int


@dataclass(frozen=True)
class Event:
    id: str
    date: str  # ISO, partial: "2021", "2021-04", "2021-04-13"
    kind: str
    confidence: str
    sources: tuple[str, ...]
    refs: tuple[Ref, ...]
    title: dict[str, str]
    text: dict[str, str]
    line: int
    #: When the entry was added to the site or last changed (`updated:`, optional): the feed's
    #: date for it, so that an event dated in the past still reaches subscribers when added.
    updated: dt.date | None = None

    def feed_date(self) -> dt.date:
        return max(self.start(), self.updated) if self.updated else self.start()

    @property
    def precision(self) -> str:
        return ("year", "month", "day")[self.date.count("-")]

    @property
    def year(self) -> str:
        return self.date[:4]

    def sort_key(self) -> tuple[int, int, int]:
        """A partial date sorts at the end of its period ("2024-01" after "2024-01-31")."""
        parts = [int(p) for p in self.date.split("-")]
        return (parts[0], parts[1] if len(parts) > 1 else 13, parts[2] if len(parts) > 2 else 32)

    def start(self) -> dt.date:
        """The first day the date can mean (for the feed, which needs a full date)."""
        parts = [int(p) for p in self.date.split("-")]
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)

    def on(self, page: str) -> Ref | None:
        return next((r for r in self.refs if r.page == page), None)


class Events(list[Event]):
    def get(self, event_id: str) -> Event | None:
        return next((e for e in self if e.id == event_id), None)

    def later_on(self, page: str) -> list[Event]:
        return [e for e in self if e.kind == "later" and e.on(page)]


def load_events(project: Project, sources: dict[str, Source], path: Path | None = None) -> Events:
    """Read and check data/events.yml (pages are checked by `check_refs`, which needs the docs)."""
    path = path or project.root / EVENTS
    shown = project.shown(path)
    items = expect_seq(load(path, project.root), shown, None, "the events")
    events = Events()
    for index, item in enumerate(items):
        entry = expect_map(item, items, index, "each event")
        keys(entry, ("id", "date", "kind", "confidence", "sources", "pages", "title", "text"), ("updated",),
             what="an event")
        event_id = text(entry, "id")
        if not ID.match(event_id):
            raise entry.error("id", f"id {event_id!r} must start with its date and be kebab-case "
                                    "(2021-04-13-senate-approves-padron)")
        if events.get(event_id):
            raise entry.error("id", f"event id {event_id!r} is used twice")
        date = entry["date"]
        date = date.isoformat() if isinstance(date, dt.date) else str(date)
        if not PARTIAL_DATE.match(date):
            raise entry.error("date", f"date must be YYYY, YYYY-MM or YYYY-MM-DD, got {date!r}")
        if not event_id.startswith(date):
            raise entry.error("id", f"id {event_id!r} must start with the event's date {date}")
        event = Event(
            id=event_id, date=date, kind=_choice(entry, "kind", KINDS),
            confidence=_choice(entry, "confidence", CONFIDENCE),
            sources=_sources(entry, sources, project.codes), refs=_refs(entry),
            title=localised(entry, "title", project.codes), text=localised(entry, "text", project.codes),
            line=items.line_of(index), updated=_updated(entry),
        )
        if event.start() > today():
            raise entry.error("date", f"date {date} is in the future (today is {today().isoformat()})")
        events.append(event)
    events.sort(key=Event.sort_key)
    return events


def _updated(entry: Map) -> dt.date | None:
    """The optional `updated:` date: YYYY-MM-DD, not in the future."""
    value = entry.get("updated")
    if value is None:
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise entry.error("updated", f"updated must be the day the entry was added or changed, YYYY-MM-DD, "
                                     f"got {value!r}")
    if value > today():
        raise entry.error("updated", f"updated {value.isoformat()} is in the future (today is {today().isoformat()})")
    return value


def _choice(entry: Map, key: str, allowed: tuple[str, ...]) -> str:
    value = entry[key]
    if value not in allowed:
        raise entry.error(key, f"{key} must be one of {', '.join(allowed)}, got {value!r}")
    return str(value)


def _sources(entry: Map, sources: dict[str, Source], codes: tuple[str, ...]) -> tuple[str, ...]:
    ids = expect_seq(entry["sources"], entry, "sources", "sources")
    if not ids:
        raise entry.error("sources", "an event needs at least one source")
    for position, sid in enumerate(ids):
        if sid not in sources:
            raise ids.error(position, f"unknown source id {sid!r} (known ids are in data/sources.yml)")
    for code in codes:  # the entry names each source by its label: two alike read as a slip ("X; X")
        seen: dict[str, str] = {}
        for position, sid in enumerate(ids):
            label = sources[sid].label(code)
            if label in seen:
                raise ids.error(position, f"sources {seen[label]!r} and {sid!r} would both read {label!r} in {code}: "
                                          f"give one a `short` name in data/sources.yml")
            seen[label] = sid
    return tuple(ids)


def _refs(entry: Map) -> tuple[Ref, ...]:
    pages = expect_seq(entry["pages"], entry, "pages", "pages")
    if not pages:
        raise entry.error("pages", "an event needs at least one page it bears on: pages: [page.md] or "
                                   "[page.md#anchor] (its feed entry links there)")
    refs = []
    for position, value in enumerate(pages):
        match = REF.match(value) if isinstance(value, str) else None
        if match is None:
            raise pages.error(position, f"a page must be written page.md or page.md#anchor, got {value!r}")
        refs.append(Ref(match["page"], match["anchor"], pages.line_of(position)))
    return tuple(refs)


def check_refs(events: Events, project: Project, code: str, anchors: dict[str, dict[str, str]]) -> list[str]:
    """Every page an event bears on exists in this language, with the anchor named: one of the
    page's explicit anchors, or the section its `md:later` block gives a later event."""
    errors = []
    for event in events:
        for ref in event.refs:
            page_anchors = anchors.get(ref.page)
            if page_anchors is None:
                errors.append(at(EVENTS, ref.line, f"event {event.id} bears on {ref.page}, "
                                                   f"which does not exist (no docs/{code}/{ref.page})"))
            elif ref.anchor and ref.anchor not in page_anchors:
                errors.append(at(EVENTS, ref.line, f"event {event.id} bears on {ref.page}#{ref.anchor}, but "
                                                   f"docs/{code}/{ref.page} has no anchor {ref.anchor!r}"))
    return errors


# --- Blocks -------------------------------------------------------------------------------------------

def _entry(page: PageContext, event: Event) -> dict[str, Any]:
    build = page.build
    code = build.lang.code
    titles = [build.anchor_title(ref.page, ref.anchor) for ref in event.refs]
    # Two sections headed alike ("Pegasus" on the topic page and in the glossary) are told apart by their page.
    links = [(f"{ref.page}#{ref.anchor}" if ref.anchor else ref.page,
              f"{build.anchor_title(ref.page, None)}: {title}" if titles.count(title) > 1 else title)
             for ref, title in zip(event.refs, titles, strict=True)]
    return {
        "id": event.id, "date": build.format_date(event.date), "kind": event.kind,
        "title": event.title[code], "text": event.text[code], "links": links,
        "sources": [build.sources[sid] for sid in event.sources], "confidence": event.confidence,
        "confidence_note": confidence_note(build.strings["events"], event),
    }


def confidence_note(strings: dict[str, Any], event: Event) -> str:
    """What the entry says of an event that rests on one report ('' for the others). With
    several sources, the first is that report (data/events.yml) and the note says so."""
    if event.confidence != "medium":
        return ""
    return str(strings["single_report"] if len(event.sources) == 1 else strings["single_report_first"])


def timeline(page: PageContext, arg: str | None) -> str:
    """Every event, grouped by year (the timeline page)."""
    years: dict[str, list[dict[str, Any]]] = {}
    for event in page.build.events:
        years.setdefault(event.year, []).append(_entry(page, event))
    return page.build.render("timeline", years=years)


def later(page: PageContext, arg: str | None) -> str:
    """The later developments that bear on this page, as its sections."""
    entries = []
    for event in page.build.events.later_on(page.src_uri):
        ref = event.on(page.src_uri)
        assert ref is not None
        entry = _entry(page, event)
        entry["anchor"] = ref.anchor or event.id
        entry["links"] = []  # the section's introduction links the timeline once, for every event
        entries.append(entry)
    if not entries:
        raise DataError(at(page.file, 1, "md:later: no later event in data/events.yml bears on "
                                         f"{page.src_uri}"))
    return page.build.render("later", entries=entries)


# --- The status box ---------------------------------------------------------------------------------

DAY = re.compile(r"\b(\d{1,2})(?: de)? (\w+)(?: de)? (\d{4})\b")
MONTH = re.compile(r"\b(\w+)(?: de)? (\d{4})\b")


def page_top(page: PageContext, fm: FrontMatter) -> str:
    """What goes under a page's title: its reviewed date and, on a topic page, the status box
    («Situación al <fecha>»), checked against the events (`status_events`)."""
    reviewed = fm.meta.get("reviewed")
    checked = status_events(page.build, page.src_uri, fm)
    if checked is None:
        if not isinstance(reviewed, dt.date):
            return ""
        return page.build.render("page-top", reviewed=page.build.format_date(reviewed), status=None, events=[])
    sentence, chosen = checked
    build = page.build
    # Each event the box rests on, by its date, linked to its section on this page ("what
    # happened next") or, for an event that has none here, to the timeline.
    refs = []
    for event in chosen:
        ref = event.on(page.src_uri)
        assert ref is not None
        href = f"#{ref.anchor or event.id}" if event.kind == "later" else f"timeline.md#{event.id}"
        refs.append({"date": build.format_date(event.date), "href": href})
    return page.build.render("page-top", reviewed=build.format_date(reviewed), status=sentence, events=refs)


def status_events(build: Build, src_uri: str, fm: FrontMatter) -> tuple[str, list[Event]] | None:
    """A page's status box (front matter `situation:`), checked against the events: its text and
    the events it rests on (None without a box); a DataError names the line of what is wrong."""
    reviewed = fm.meta.get("reviewed")
    status = fm.meta.get("situation")
    if status is None:
        return None
    status = expect_map(status, fm.meta, "situation", "situation")
    keys(status, ("events", "text"), what="situation")
    if not isinstance(reviewed, dt.date):
        raise fm.meta.error("situation", "a page with a status box needs its `reviewed` date (the status is as of it)")
    ids = expect_seq(status["events"], status, "events", "status events")
    chosen: list[Event] = []
    for position, event_id in enumerate(ids):
        event = build.events.get(str(event_id))
        if event is None:
            raise ids.error(position, f"situation: unknown event {event_id!r} (data/events.yml)")
        if not event.on(src_uri):
            raise ids.error(position, f"situation: event {event_id} does not bear on {src_uri} "
                                      "(add the page to its `pages` in data/events.yml)")
        if event.start() > reviewed:
            raise ids.error(position, f"situation: event {event_id} is dated after the page's reviewed date")
        chosen.append(event)
    later_here = build.events.later_on(src_uri)
    if later_here and later_here[-1] not in chosen:
        raise status.error("events", f"situation: the latest development on this page, {later_here[-1].id} "
                                     f"({later_here[-1].date}), is not among its events: the box would be "
                                     f"out of date. Add {later_here[-1].id} to `situation:` `events:` and say in "
                                     f"`situation:` `text:` where things stand after it, in every language: "
                                     + " and ".join(f"docs/{c}/{src_uri}" for c in build.project.codes))
    sentence = text(status, "text")
    known = {e.date for e in chosen} | {e.date[:7] for e in chosen} | {e.year for e in chosen}
    for written in dates_in(sentence, build.strings["dates"]["months"]):
        if written not in known:
            raise status.error("text", f"situation: the date {written} is not the date of any of its events "
                                       f"({', '.join(e.date for e in chosen)})")
    return sentence, chosen


def dates_in(sentence: str, months: list[str]) -> list[str]:
    """The dates a sentence writes ("25 de abril de 2022" -> 2022-04-25; "enero de 2026" -> 2026-01;
    a lone year -> 2021), as ISO strings, in the language whose month names are given."""
    names = {m.lower(): index + 1 for index, m in enumerate(months)}
    found: list[str] = []
    rest = sentence
    for match in DAY.finditer(sentence):
        month = names.get(match[2].lower())
        if month:
            found.append(f"{match[3]}-{month:02d}-{int(match[1]):02d}")
            rest = rest.replace(match[0], " ")
    for match in MONTH.finditer(rest):
        month = names.get(match[1].lower())
        if month:
            found.append(f"{match[2]}-{month:02d}")
            rest = rest.replace(match[0], " ")
    found += re.findall(r"\b(?:19|20)\d{2}\b", rest)
    return found


# --- Feed and open data ----------------------------------------------------------------------------

def write_outputs(build: Build, site: Path) -> None:
    """The Atom feed of this language's later developments and, once, the open data file."""
    from xml.sax.saxutils import escape

    code, lang = build.lang.code, build.lang
    # Newest first by the date a reader sees in the feed (a month-only date is its first day).
    later = sorted((e for e in build.events if e.kind == "later"), key=lambda e: (e.start(), e.sort_key()),
                   reverse=True)
    strings = build.strings["events"]
    feed_url = build.site_url + FEED

    def link(event: Event) -> str:
        ref = next((r for r in event.refs if r.anchor), event.refs[0])
        page = Path(ref.page).with_suffix(".html").as_posix()
        return build.site_url + page + (f"#{ref.anchor}" if ref.anchor else "")

    entries = []
    for event in later:
        when = event.feed_date().isoformat() + "T00:00:00Z"  # added or changed: subscribers see it
        published = event.start().isoformat() + "T00:00:00Z"
        summary = build.format_date(event.date) + ". " + _plain(event.text[code])
        entries.append(f"""  <entry>
    <id>urn:uuid:{uuid.uuid5(NAMESPACE, event.id)}</id>
    <title>{escape(event.title[code])}</title>
    <link rel="alternate" type="text/html" href="{escape(link(event))}"/>
    <updated>{when}</updated>
    <published>{published}</published>
    <summary>{escape(summary)}</summary>
  </entry>""")
    updated = (max(e.feed_date() for e in later).isoformat() if later else today().isoformat()) + "T00:00:00Z"
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{code}">
  <id>urn:uuid:{uuid.uuid5(NAMESPACE, 'feed/' + code)}</id>
  <title>{escape(strings['feed_title'].format(site=build.strings['site_name']))}</title>
  <subtitle>{escape(strings['feed_subtitle'])}</subtitle>
  <link rel="self" type="application/atom+xml" href="{escape(feed_url)}"/>
  <link rel="alternate" type="text/html" href="{escape(build.site_url + 'timeline.html')}"/>
  <updated>{updated}</updated>
  <author><name>{escape(build.strings['site_name'])}</name></author>
  <rights>{escape(strings['feed_rights'])}</rights>
{chr(10).join(entries)}
</feed>
"""
    (site / FEED).write_text(feed, encoding="utf-8")
    if lang == build.project.default:
        (site / OPEN_DATA).write_text(open_data(build), encoding="utf-8")


def open_data(build: Build) -> str:
    """Every event with its sources, both languages, as JSON (the site's licence)."""
    used = sorted({sid for e in build.events for sid in e.sources})
    data = {
        "title": {lang.code: build.project.strings[lang.code]["site_name"] for lang in build.project.languages},
        "licence": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
        "url": build.site_root + OPEN_DATA,
        "events": [
            {"id": e.id, "date": e.date, "precision": e.precision, "kind": e.kind, "confidence": e.confidence,
             "title": e.title, "text": {c: _plain(t) for c, t in e.text.items()}, "sources": list(e.sources),
             "pages": {lang.code: [build.site_root + lang.root + Path(r.page).with_suffix(".html").as_posix()
                                   + (f"#{r.anchor}" if r.anchor else "") for r in e.refs]
                       for lang in build.project.languages}}
            for e in build.events
        ],
        "sources": {sid: {"url": build.sources[sid].url, "site": build.sources[sid].site,
                          "title": build.sources[sid].title, "date": build.sources[sid].date,
                          "read": build.sources[sid].read, "confidence": build.sources[sid].confidence,
                          "excerpt": build.sources[sid].excerpt, "about": build.sources[sid].about}
                    for sid in used},
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _plain(markdown: str) -> str:
    """Markdown as plain text: links keep their words, emphasis marks go."""
    plain = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)
    return re.sub(r"[*_`]", "", plain)

