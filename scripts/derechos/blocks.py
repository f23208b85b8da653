"""What the markers render (`<!-- md:NAME -->`, derechos.markers): lists kept as data,
written into the pages that show them, in the page's language, through Jinja partials
(overrides/partials/blocks/). A list that appears in both languages lives once in data/.

| marker | what it renders | data |
|---|---|---|
| `md:signatories` | one section per signatory of the IGF 2016 statement | data/organisations.yml |
| `md:shortlinks` | the campaign kit: each short link with its QR code, text and share links | data/shortlinks.yml |
| `md:offline-copy` | the download link of the offline copy (a plain build: how to make it) | (the build) |
| `md:topics` | a card for each topic page, with its status line | the topic pages' front matter |
| `md:publisher` | who publishes the site, where to propose corrections | REPO_URL (the deploy workflow) |
| `md:timeline` | every dated event, grouped by year | data/events.yml |
| `md:later` | the later developments that bear on this page | data/events.yml |

The sources section at the end of every page and the status box at its top are rendered
by the same partials, from the page's front matter (derechos.stage puts them in place).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from derechos import events, markers
from derechos.context import BLOCK_SECTION, PageContext
from derechos.metadata import Source
from derechos.sourcetalk import SENTENCE_END

OFFLINE_ZIP = "downloads/derechos-digitales-mx-offline.zip"


# --- Rendering ----------------------------------------------------------------------------------

def signatories(page: PageContext, arg: str | None) -> str:
    return page.build.render("signatories", organisations=page.build.organisations)


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
    return page.build.render("shortlinks", entries=entries)


def offline_copy(page: PageContext, arg: str | None) -> str:
    # Only a build that made the zip links to it; a plain build says how to make it.
    return page.build.render("offline-copy", href=page.build.lang.up + OFFLINE_ZIP if page.build.offline_zip else None)


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
        cards.append({"href": target, "title": meta["title"],
                      "status": first_sentence(" ".join(str(status["text"]).split())),
                      "reviewed": build.format_date(meta.get("reviewed")) if meta.get("reviewed") else None})
    return page.build.render("topics", cards=cards)


def first_sentence(text: str) -> str:
    """The first sentence of a status box: what a home card shows (the box's first
    sentence is written to stand alone)."""
    return SENTENCE_END.split(text, maxsplit=1)[0]


def publisher(page: PageContext, arg: str | None) -> str:
    """Who publishes the site and where to propose a correction (or, with no repository
    configured, where those links will come from)."""
    return page.build.render("publisher", publisher=page.build.publisher, src_uri=page.src_uri)


def sources_section(page: PageContext, ids: list[str]) -> str:
    """The list of sources at the end of a page (from its front matter)."""
    chosen: list[Source] = [page.build.sources[sid] for sid in ids]
    return page.build.render("sources", sources=chosen) if chosen else ""


def _kit_anchors(page: PageContext) -> list[str]:
    return [f"kit-{Path(link.page).stem}" + (f"-{link.anchor}" if link.anchor else "")
            for link in page.build.links if link.lang == page.build.lang.code]


def _timeline_anchors(page: PageContext) -> list[str]:
    return [e.id for e in page.build.events] + [f"year-{e.year}" for e in page.build.events]


def _later_anchors(page: PageContext) -> list[str]:
    return [ref.anchor or e.id for e in page.build.events.later_on(page.src_uri) if (ref := e.on(page.src_uri))]


@dataclass(frozen=True)
class Block:
    """What a marker renders (Markdown, in the page's language) and the anchors that gives the
    page, known before it renders (for links to them, checked by the rules)."""

    render: Callable[[PageContext, str | None], str]
    anchors: Callable[[PageContext], list[str]] = lambda page: []


#: Every block, by the name its marker uses (`<!-- md:NAME -->`). To add one: a renderer
#: here (or in the module of its data), its partial in overrides/partials/blocks/, its line.
BLOCKS: dict[str, Block] = {
    "signatories": Block(signatories, lambda page: [org.id for org in page.build.organisations]),
    "shortlinks": Block(shortlinks, _kit_anchors),
    "offline-copy": Block(offline_copy),
    "topics": Block(topics),
    "publisher": Block(publisher),
    "timeline": Block(events.timeline, _timeline_anchors),
    "later": Block(events.later, _later_anchors),
}


def renderers() -> dict[str, Callable[[PageContext, str | None], str]]:
    """Each block's renderer by name (what derechos.markers.expand takes)."""
    return {name: block.render for name, block in BLOCKS.items()}


def block_anchors(page: PageContext, markdown: str) -> dict[str, str]:
    """The anchors the page's markers will give it (anchor -> BLOCK_SECTION + the block's name)."""
    out: dict[str, str] = {}
    for line in markdown.split("\n"):
        match = markers.MARKER.match(line)
        if match and match["name"] in BLOCKS:
            out.update(dict.fromkeys(BLOCKS[match["name"]].anchors(page), BLOCK_SECTION + match["name"]))
    return out
