"""What a language build knows, whatever engine renders its pages: the project's data files,
loaded and checked once (`Data`, `load_data`), and one language's settings and pages (`Build`).

Nothing here imports a site generator: the rules (derechos.rules), the blocks
(derechos.blocks) and the engine adapters all read these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from derechos.events import Event, Events, load_events
from derechos.metadata import FrontMatter, Source, load_sources
from derechos.project import Language, Project
from derechos.shortlinks import ShortLink, load_links
from derechos.yamlfile import Map

if TYPE_CHECKING:
    from jinja2 import Environment

    from derechos.blocks import Organisation
    from derechos.cards import Card
    from derechos.csp import ThemeScripts


def _theme_scripts() -> ThemeScripts:
    from derechos.csp import ThemeScripts

    return ThemeScripts()


@dataclass(frozen=True)
class Data:
    """The project's data files, each read and checked (a DataError names file and line)."""

    project: Project
    sources: dict[str, Source]
    organisations: list[Organisation]
    events: Events
    links: list[ShortLink]


def load_data(project: Project) -> Data:
    from derechos.blocks import load_organisations

    sources = load_sources(project.data / "sources.yml", project.codes, project.root)
    return Data(project, sources, load_organisations(project), load_events(project, sources), load_links(project))


@dataclass
class Build:
    """One language build: its settings and its data, whatever engine renders the pages."""

    project: Project
    lang: Language
    site_url: str   # this language's root URL
    site_root: str  # the site's root URL (every language below it)
    offline: bool
    sources: dict[str, Source]
    organisations: list[Organisation]
    links: list[ShortLink]
    events: Events
    #: The pages of the navigation's "topics" section (the home page's cards).
    topics: list[str] = field(default_factory=list)
    publisher: dict[str, str] | None = None
    env: Environment | None = None
    #: Front matter of every page of this language, by src_uri (read in on_files).
    pages: dict[str, FrontMatter] = field(default_factory=dict)
    #: Anchors of every page of this language (explicit, and those its md:later block gives),
    #: with the words of the heading they mark.
    anchors: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Head values of every page, for the short-link redirects that copy them.
    heads: dict[str, dict[str, Any]] = field(default_factory=dict)
    cards: dict[str, Card] = field(default_factory=dict)
    scripts: ThemeScripts = field(default_factory=_theme_scripts)

    @property
    def strings(self) -> Map:
        return self.project.strings[self.lang.code]

    def shown(self, src_uri: str) -> str:
        return f"docs/{self.lang.code}/{src_uri}"

    def page_meta(self, src_uri: str) -> Map:
        return self.pages[src_uri].meta

    def anchor_title(self, page: str, anchor: str | None, event: Event | None = None) -> str:
        """How a link to a page's section reads: the section's heading, or the page's title."""
        from derechos.blocks import BLOCKS as block_names

        if anchor is None:
            return str(self.page_meta(page)["title"])
        title = self.anchors.get(page, {}).get(anchor, "")
        if title == "later" and event is not None:  # the event's own section on that page
            return event.title[self.lang.code]
        if title in block_names:  # a section a block gives: the page's title says enough
            title = ""
        return title or str(self.page_meta(page)["title"])

    def format_date(self, value: str | dt.date | None) -> str:
        """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) as this language writes it."""
        dates = self.strings["dates"]
        if not value:
            return str(dates["undated"])
        parts = (value.isoformat() if isinstance(value, dt.date) else str(value)).split("-")
        if len(parts) == 1:
            return parts[0]
        month = dates["months"][int(parts[1]) - 1]
        if len(parts) == 2:
            return str(dates["month"]).format(m=month, y=parts[0])
        return str(dates["day"]).format(d=int(parts[2]), m=month, y=parts[0])




def build_for(data: Data, lang: Language, site_root: str = "http://127.0.0.1:8000/", offline: bool = False,
              topics: list[str] | None = None, publisher: dict[str, str] | None = None) -> Build:
    """A language build from the project's checked data."""
    return Build(project=data.project, lang=lang, site_url=site_root + lang.root, site_root=site_root,
                 offline=offline, sources=data.sources, organisations=data.organisations, links=data.links,
                 events=data.events, topics=topics or [], publisher=publisher)
