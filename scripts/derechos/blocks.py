"""What the markers render (`<!-- md:NAME -->`, derechos.markers): lists kept as data,
written into the pages that show them, in the page's language, through Jinja partials
(overrides/partials/blocks/). A list that appears in both languages lives once in data/.

| marker | what it renders | data |
|---|---|---|
| `md:signatories` | one section per signatory of the IGF 2016 statement | data/organisations.yml |
| `md:shortlinks` | the campaign kit: each short link with its QR code, text and share links | data/shortlinks.yml |
| `md:offline-copy` | the download link of the offline copy | (the build) |
| `md:topics` | a card for each topic page, with its status line | the topic pages' front matter |
| `md:publisher` | who publishes the site, where to propose corrections | REPO_URL (the deploy workflow) |
| `md:timeline` | every dated event, grouped by year | data/events.yml |
| `md:later` | the later developments that bear on this page | data/events.yml |

The sources section at the end of every page and the status box at its top are rendered
by the same partials, from the page's front matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from derechos import events
from derechos.metadata import Source
from derechos.project import Project
from derechos.yamlfile import expect_map, expect_seq, keys, load, localised, text

if TYPE_CHECKING:
    from derechos.context import Build

ORGANISATIONS = "data/organisations.yml"
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
OFFLINE_ZIP = "downloads/derechos-digitales-mx-offline.zip"


@dataclass(frozen=True)
class PageContext:
    """What a block knows of the page it is written into."""

    build: Build
    src_uri: str  # "signatories.md"
    file: str     # "docs/es/signatories.md", for messages


# --- Data -------------------------------------------------------------------------------------

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


# --- Rendering ----------------------------------------------------------------------------------

def render(page: PageContext, partial: str, **values: Any) -> str:
    """A partial of overrides/partials/blocks/, with the page's strings and language."""
    build = page.build
    template = build.env.get_template(f"partials/blocks/{partial}.html")
    return template.render(strings=build.strings, lang=build.lang, format_date=build.format_date, **values)


def signatories(page: PageContext, arg: str | None) -> str:
    return render(page, "signatories", organisations=page.build.organisations)


def shortlinks(page: PageContext, arg: str | None) -> str:
    from derechos.shortlinks import QR, qr_path, share_links

    build = page.build
    by_target: dict[tuple[str, str | None], list[Any]] = {}
    for link in build.links:
        if link.lang == build.lang.code:
            by_target.setdefault((link.page, link.anchor), []).append(link)
    entries = []
    for (target, anchor), group in by_target.items():
        meta = build.page_meta(target)
        title, primary = str(meta["title"]), group[0]
        url = primary.url(build.site_root)
        suggested = primary.post
        label = build.strings["kit"]["share_label"]
        entries.append({
            "id": f"kit-{Path(target).stem}" + (f"-{anchor}" if anchor else ""),
            "title": title, "url": url, "also": [link.url(build.site_root) for link in group[1:]],
            "target_href": primary.target_html, "target_url": primary.target_url(build.site_root),
            "qr": qr_path(primary), "qr_size": QR(url, "").size, "slug": primary.slug, "text": suggested,
            "share": [(network, href, label.format(network=network, title=title))
                      for network, href in share_links(title, suggested, url, build.strings["kit"]["email"])],
        })
    return render(page, "shortlinks", entries=entries)


def offline_copy(page: PageContext, arg: str | None) -> str:
    return render(page, "offline-copy", href=page.build.lang.up + OFFLINE_ZIP)


def topics(page: PageContext, arg: str | None) -> str:
    """A card for each topic page (the pages of the navigation's "topics" section that have a
    status box): its title, description and status line, taken from its front matter."""
    build = page.build
    cards = []
    for target in build.topics:
        meta = build.page_meta(target)
        status = meta.get("situation")
        if status is None:  # a page of the section without a status box is not one of the topics
            continue
        cards.append({"href": target, "title": meta["title"], "description": " ".join(str(meta["description"]).split()),
                      "status": " ".join(str(status["text"]).split()) if status else None,
                      "reviewed": build.format_date(meta.get("reviewed")) if meta.get("reviewed") else None})
    return render(page, "topics", cards=cards)


def publisher(page: PageContext, arg: str | None) -> str:
    """Who publishes the site and where to propose a correction (or, with no repository
    configured, where those links will come from)."""
    return render(page, "publisher", publisher=page.build.publisher, src_uri=page.src_uri)


def sources_section(page: PageContext, ids: list[str]) -> str:
    """The list of sources at the end of a page (from its front matter)."""
    chosen: list[Source] = [page.build.sources[sid] for sid in ids]
    return render(page, "sources", sources=chosen) if chosen else ""


def _kit_anchors(page: PageContext) -> list[str]:
    return [f"kit-{Path(link.page).stem}" + (f"-{link.anchor}" if link.anchor else "")
            for link in page.build.links if link.lang == page.build.lang.code]


def _timeline_anchors(page: PageContext) -> list[str]:
    return [e.id for e in page.build.events] + [f"year-{e.year}" for e in page.build.events]


def _later_anchors(page: PageContext) -> list[str]:
    return [ref.anchor or e.id for e in page.build.events.later_on(page.src_uri) if (ref := e.on(page.src_uri))]


BLOCKS: dict[str, Callable[[PageContext, str | None], str]] = {
    "signatories": signatories,
    "shortlinks": shortlinks,
    "offline-copy": offline_copy,
    "topics": topics,
    "publisher": publisher,
    "timeline": events.timeline,
    "later": events.later,
}

#: The anchors each block gives the page it is written into (known before it renders).
ANCHORS: dict[str, Callable[[PageContext], list[str]]] = {
    "signatories": lambda page: [org.id for org in page.build.organisations],
    "shortlinks": _kit_anchors,
    "offline-copy": lambda page: [],
    "topics": lambda page: [],
    "publisher": lambda page: [],
    "timeline": _timeline_anchors,
    "later": _later_anchors,
}


def block_anchors(page: PageContext, markdown: str) -> dict[str, str]:
    """The anchors the page's markers will give it (anchor -> the name of its block)."""
    from derechos.markers import MARKER

    out: dict[str, str] = {}
    for line in markdown.split("\n"):
        match = MARKER.match(line)
        if match and match["name"] in ANCHORS:
            out.update(dict.fromkeys(ANCHORS[match["name"]](page), match["name"]))
    return out

