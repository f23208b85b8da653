"""The project's data files, each read and checked once: the source registry, the signatories,
the dated events and the short links (`load_data`). A DataError names file and line.

Nothing here renders anything or knows a site generator: the rules (derechos.rules), the
staging of pages (derechos.stage) and the publish step (derechos.publish) read a `Data`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from derechos.events import Events, load_events
from derechos.metadata import Source, load_sources
from derechos.project import Project
from derechos.shortlinks import ShortLink, load_links
from derechos.yamlfile import expect_map, expect_seq, keys, load, localised, text

ORGANISATIONS = "data/organisations.yml"
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    website: str | None
    notes: dict[str, str] | None

    @property
    def host(self) -> str:
        return urlsplit(self.website).netloc.removeprefix("www.") if self.website else ""


def load_organisations(project: Project, path: Path | None = None) -> list[Organisation]:
    """The signatories, in the statement's order; a DataError names file and line."""
    path = path or project.root / ORGANISATIONS
    shown = project.shown(path)
    items = expect_seq(load(path, project.root), shown, None, "the list of organisations")
    if not items:
        raise items.error(None, "the list of organisations is empty")
    out: list[Organisation] = []
    for index, item in enumerate(items):
        entry = expect_map(item, items, index, "each organisation")
        keys(entry, ("id", "name", "website"), ("notes",), what="an organisation")
        oid = text(entry, "id")
        if not KEBAB.match(oid):
            raise entry.error("id", f"id {oid!r} must be kebab-case (a-z, 0-9, '-')")
        if oid in (o.id for o in out):
            raise entry.error("id", f"id {oid!r} is used twice")
        website = entry["website"]
        if website is not None and (not isinstance(website, str) or urlsplit(website).scheme != "https"
                                    or not urlsplit(website).netloc):
            raise entry.error("website", f"website must be an https:// address or null, got {website!r}")
        notes = localised(entry, "notes", project.codes) if entry.get("notes") is not None else None
        out.append(Organisation(oid, text(entry, "name"), website, notes))
    return out


@dataclass(frozen=True)
class Data:
    """Every data file of the project, checked."""

    project: Project
    sources: dict[str, Source]
    organisations: list[Organisation]
    events: Events
    links: list[ShortLink]


def load_data(project: Project) -> Data:
    sources = load_sources(project.data / "sources.yml", project.codes, project.root)
    return Data(project, sources, load_organisations(project), load_events(project, sources), load_links(project))
