"""What a language build knows, whatever engine renders its pages: one language's settings,
its pages' front matter and anchors, and the project's data (`Build`); what a block knows of
the page it is written into (`PageContext`); the Jinja partials blocks render with.

Nothing here imports a site generator: the rules (derechos.rules), the blocks
(derechos.blocks), the staging of pages (derechos.stage) and the publish step read these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from derechos.data import Data, Organisation
from derechos.events import Events
from derechos.metadata import FrontMatter, Source
from derechos.project import Language, Project
from derechos.shortlinks import ShortLink
from derechos.yamlfile import Map

if TYPE_CHECKING:
    from jinja2 import Environment

#: The partials blocks render (overrides/partials/blocks/), below the project.
PARTIALS = "overrides"


def partials_env(project: Project) -> Environment:
    """A plain Jinja environment over overrides/: the blocks' partials need no theme."""
    from jinja2 import Environment, FileSystemLoader

    return Environment(loader=FileSystemLoader(project.root / PARTIALS), auto_reload=False)


#: What `Build.anchors` holds for an anchor a block gives (followed by the block's name).
BLOCK_SECTION = "md:"


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
    #: The offline copy's zip is built beside these pages (`build --offline`): link to it.
    offline_zip: bool = False
    #: The pages of the navigation's "topics" section (the home page's cards).
    topics: list[str] = field(default_factory=list)
    publisher: dict[str, str] | None = None
    env: Environment | None = None
    #: Front matter of every page of this language, by src_uri (read in on_files).
    pages: dict[str, FrontMatter] = field(default_factory=dict)
    #: Anchors of every page of this language (explicit, with the words of the heading they
    #: mark, and those its blocks give, as BLOCK_SECTION + the block's name).
    anchors: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def strings(self) -> Map:
        return self.project.strings[self.lang.code]

    def shown(self, src_uri: str) -> str:
        return f"docs/{self.lang.code}/{src_uri}"

    def page_meta(self, src_uri: str) -> Map:
        return self.pages[src_uri].meta

    def anchor_title(self, page: str, anchor: str | None) -> str:
        """How a link to a page's section reads: the section's heading, or the page's title."""
        if anchor is None:
            return str(self.page_meta(page)["title"])
        title = self.anchors.get(page, {}).get(anchor, "")
        if title.startswith(BLOCK_SECTION):  # a section a block gives (an event's, on a topic page): the page's title
            title = ""
        return title or str(self.page_meta(page)["title"])

    def environment(self) -> Environment:
        """The Jinja environment of overrides/ (made once per build)."""
        if self.env is None:
            self.env = partials_env(self.project)
        return self.env

    def render(self, partial: str, **values: Any) -> str:
        """A partial of overrides/partials/blocks/, with this language's strings."""
        template = self.environment().get_template(f"partials/blocks/{partial}.html")
        return template.render(strings=self.strings, lang=self.lang, format_date=self.format_date, **values)

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




@dataclass(frozen=True)
class PageContext:
    """What a block knows of the page it is written into."""

    build: Build
    src_uri: str  # "signatories.md"
    file: str     # "docs/es/signatories.md", for messages


def build_for(data: Data, lang: Language, site_root: str = "http://127.0.0.1:8000/", offline: bool = False,
              topics: list[str] | None = None, publisher: dict[str, str] | None = None) -> Build:
    """A language build from the project's checked data."""
    return Build(project=data.project, lang=lang, site_url=site_root + lang.root, site_root=site_root,
                 offline=offline, sources=data.sources, organisations=data.organisations, links=data.links,
                 events=data.events, topics=topics or [], publisher=publisher)
