"""Front matter and the source registry: how they are read and what they must contain.

The page schema lives here and only here. A page's front matter is YAML between two
`---` lines at the very top of the file. Required keys:

- `title`: the page title (3 to 80 characters), also its navigation entry;
- `description`: for search engines and link previews (50 to 160 characters);
- `sources`: the ids (data/sources.yml) of every source the page draws on, rendered at
  the end of the page; a page about the site itself says `sources: []`.

Optional keys: `reviewed` (YYYY-MM-DD, not in the future: when the page was last checked
against its sources), `situation` (the topic pages' "where things stand" box, see
derechos.events; not `status`, which Material reads as a navigation badge) and
Material's `hide` and `search`.

The source registry, data/sources.yml, holds everything the site cites, each entry
with the URL, the date it was read, a confidence and a short supporting excerpt.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from derechos.files import TooLarge, read_regular
from derechos.findings import Finding
from derechos.yamlfile import DataError, Map, Seq, expect_map, keys, load, loads, localised, text

DESCRIPTION_MIN, DESCRIPTION_MAX = 50, 160
TITLE_MIN, TITLE_MAX = 3, 80
REQUIRED: dict[str, type] = {"title": str, "description": str, "sources": list}
OPTIONAL: dict[str, type] = {"reviewed": dt.date, "situation": dict, "hide": list, "search": dict}
SOURCE_KINDS = ("primary", "followup")
CONFIDENCE = ("high", "medium-high", "medium")
#: A publication date: a year, a month or a day.
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
EXCERPT_MAX = 400


def today() -> dt.date:
    """The build's "now" (SOURCE_DATE_EPOCH when set, for reproducible builds and tests)."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


# --- Front matter ----------------------------------------------------------------------------

@dataclass
class FrontMatter:
    meta: Map
    #: 1-based line where the Markdown body starts.
    body_line: int

    def line_of(self, key: str) -> int:
        return self.meta.line_of(key) if key in self.meta else 2


def parse_front_matter(text_: str, file: str) -> tuple[FrontMatter | None, list[Finding]]:
    """Split and parse the YAML front matter, reporting errors with their line."""
    lines = text_.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, [Finding(file, 1, "front-matter", "no front matter: the file must start with a '---' line")]
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in {"---", "..."}), None)
    if end is None:
        return None, [Finding(file, 1, "front-matter", "front matter is not closed by a '---' line")]
    try:
        meta = loads("\n".join(lines[1:end]), file, offset=1)
    except DataError as error:
        return None, [_finding(message, "front-matter") for message in error.messages]
    if meta is None:
        meta = Map()
        meta.file, meta.line, meta.lines = file, 2, {}
    if not isinstance(meta, Map):
        return None, [Finding(file, 2, "front-matter", f"front matter must be a mapping, got {_type(meta)}")]
    return FrontMatter(meta=meta, body_line=end + 2), []


def _finding(message: str, rule: str) -> Finding:
    """A DataError line (`file:line: problem`) as a Finding."""
    match = re.match(r"^(.*?):(\d+): (.*)$", message, re.S)
    if match:
        return Finding(match[1], int(match[2]), rule, match[3])
    file, _, rest = message.partition(": ")
    return Finding(file, None, rule, rest)


def _type(value: Any) -> str:
    """A YAML value's type as Python names it (a Seq is a list, a Map a dict)."""
    return next((t.__name__ for t in (list, dict) if isinstance(value, t)), type(value).__name__)


def validate(fm: FrontMatter, file: str, sources: dict[str, Source]) -> list[Finding]:
    """Check front matter against the schema; every finding names the key's line."""
    findings: list[Finding] = []
    meta = fm.meta

    def add(key: str | None, message: str) -> None:
        findings.append(Finding(file, fm.line_of(key) if key else 2, "metadata", message))

    for key, kind in REQUIRED.items():
        if key not in meta:
            add(None, f"missing required key {key!r}")
        elif not isinstance(meta[key], kind):
            add(key, f"{key!r} must be a {kind.__name__}, got {_type(meta[key])}")
    for key, value in meta.items():
        if key in REQUIRED:
            continue
        if key not in OPTIONAL:
            add(key, f"unknown key {key!r} (allowed: {', '.join([*REQUIRED, *OPTIONAL])})")
        elif not isinstance(value, OPTIONAL[key]) or (key == "reviewed" and isinstance(value, dt.datetime)):
            expected = "date written YYYY-MM-DD" if key == "reviewed" else OPTIONAL[key].__name__
            add(key, f"{key!r} must be a {expected}, got {value!r}")
        elif key == "reviewed" and isinstance(value, dt.date) and value > today():
            add(key, f"reviewed {value.isoformat()} is in the future (today is {today().isoformat()})")
    for key, low, high in (("title", TITLE_MIN, TITLE_MAX), ("description", DESCRIPTION_MIN, DESCRIPTION_MAX)):
        value = meta.get(key)
        if isinstance(value, str) and not low <= len(value.strip()) <= high:
            add(key, f"{key} is {len(value.strip())} characters, expected {low} to {high}")
    ids = meta.get("sources")
    if isinstance(ids, list):
        seen: set[str] = set()
        for sid in ids:
            if not isinstance(sid, str):
                add("sources", f"source id {sid!r} must be a string")
            elif sid not in sources:
                add("sources", f"unknown source id {sid!r} (known ids are in data/sources.yml)")
            elif sid in seen:
                add("sources", f"source id {sid!r} is listed twice")
            else:
                seen.add(sid)
    return findings


def read_page(path: Path, shown: str, sources: dict[str, Source]) -> tuple[str, FrontMatter | None, list[Finding]]:
    """A page's text, front matter and every problem with them (not UTF-8, YAML, schema)."""
    try:
        data = read_regular(path)
    except TooLarge as error:
        return "", None, [Finding(shown, None, "read", f"too large to be a page ({error.strerror}): not read")]
    except OSError as error:
        return "", None, [Finding(shown, None, "read", f"cannot read: {error.strerror}")]
    try:
        page = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return "", None, [Finding(shown, line, "front-matter",
                                  f"not UTF-8: byte 0x{data[error.start]:02x} cannot be read")]
    fm, findings = parse_front_matter(page, shown)
    if fm is not None:
        findings += validate(fm, shown, sources)
    return page, fm, findings


# --- The source registry -----------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    site: dict[str, str]
    url: dict[str, str]
    about: dict[str, str]
    read: str
    confidence: str
    excerpt: str
    title: dict[str, str] | None = None
    #: How an inline citation names it ("Access Now (2021)"); the site's name by default.
    short: dict[str, str] | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    also: tuple[str, ...] = ()
    line: int = 1

    def url_for(self, lang: str) -> str:
        return self.url.get(lang) or next(iter(self.url.values()))

    def label(self, lang: str) -> str:
        return (self.short or self.site)[lang]


SOURCE_KEYS = ("kind", "site", "url", "read", "confidence", "excerpt", "about")
SOURCE_OPTIONAL = ("title", "short", "authors", "date", "licence", "licence_url", "also")


def _per_language(entry: Map, key: str, codes: tuple[str, ...]) -> dict[str, str]:
    """A text that is the same in every language (a string) or one per language."""
    value = entry.get(key)
    if isinstance(value, str):
        return {code: text(entry, key) for code in codes}
    return localised(entry, key, codes)


def _https(entry: Map, key: str, url: Any) -> str:
    if not isinstance(url, str) or not url.startswith("https://") or " " in url:
        raise entry.error(key, f"{key!r}: {url!r} must be an https:// address")
    return url


def load_sources(path: Path, codes: tuple[str, ...], root: Path | None = None) -> dict[str, Source]:
    """Read and check the source registry; a DataError names file and line."""
    raw = expect_map(load(path, root), "data/sources.yml", None, "the source registry")
    sources: dict[str, Source] = {}
    for sid, value in raw.items():
        entry = expect_map(value, raw, sid, f"source {sid!r}")
        keys(entry, SOURCE_KEYS, SOURCE_OPTIONAL, what=f"source {sid!r}")
        kind = entry["kind"]
        if kind not in SOURCE_KINDS:
            raise entry.error("kind", f"kind must be one of {', '.join(SOURCE_KINDS)}, got {kind!r}")
        url = _per_language(entry, "url", codes)
        for u in url.values():
            _https(entry, "url", u)
        also = entry.get("also") or Seq()
        for index, u in enumerate(also):
            if not isinstance(u, str) or not u.startswith("https://"):
                raise also.error(index, f"also: {u!r} must be an https:// address")
        date = entry.get("date")
        if isinstance(date, dt.date):
            date = date.isoformat()
        if date is not None and (not isinstance(date, str | int) or not PARTIAL_DATE.match(str(date))):
            raise entry.error("date", f"date must be YYYY, YYYY-MM or YYYY-MM-DD (or null), got {date!r}")
        read = entry["read"]
        if not isinstance(read, dt.date) or isinstance(read, dt.datetime):
            raise entry.error("read", f"read must be the date the page was read, YYYY-MM-DD, got {read!r}")
        if read > today():
            raise entry.error("read", f"read {read.isoformat()} is in the future")
        if entry["confidence"] not in CONFIDENCE:
            raise entry.error("confidence", f"confidence must be one of {', '.join(CONFIDENCE)}, "
                                            f"got {entry['confidence']!r}")
        excerpt = text(entry, "excerpt")
        if len(excerpt) > EXCERPT_MAX:
            raise entry.error("excerpt", f"excerpt is {len(excerpt)} characters: quote the one sentence "
                                         f"that carries the fact (at most {EXCERPT_MAX})")
        licence_url = entry.get("licence_url")
        if licence_url is not None:
            _https(entry, "licence_url", licence_url)
        authors = entry.get("authors") or []
        sources[sid] = Source(
            id=sid, kind=kind, site=_per_language(entry, "site", codes), url=url,
            about=localised(entry, "about", codes), read=read.isoformat(),
            confidence=entry["confidence"], excerpt=excerpt,
            title=_per_language(entry, "title", codes) if entry.get("title") is not None else None,
            short=_per_language(entry, "short", codes) if entry.get("short") is not None else None,
            authors=tuple(str(a) for a in authors), date=None if date is None else str(date),
            licence=entry.get("licence"), licence_url=licence_url, also=tuple(also), line=raw.line_of(sid),
        )
    return sources
