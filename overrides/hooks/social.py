"""MkDocs hook: a preview card (1200x630 PNG) for every page, in the page's language.

A link to the site pasted into a social network or a messaging app unfurls into a
preview built from the page's Open Graph / Twitter tags (overrides/main.html). This
hook gives those tags their image: `assets/cards/<page>.png` below the language's
root, drawn offline by scripts/derechos/cards.py and cached in `.cache/cards/`. The
404 page uses the home page's card. The offline copy (OFFLINE=true) leaves the images
out: nothing in it displays them.

Template variable set here: `card` = {url, width, height, alt, type}.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from derechos.cards import HEIGHT, WIDTH, Card, CardError, cached

CARD_DIR = "assets/cards"
HASHTAG = "#InternetEsNuestra"
ALT = {"es": "Tarjeta de vista previa: {title}", "en": "Preview card: {title}"}

#: Cards to write at the end of the build: path below site_dir -> card.
_pending: dict[str, Card] = {}


def card_path(src_uri: str) -> str:
    """`surveillance.md` -> `assets/cards/surveillance.png` (pages are flat)."""
    return f"{CARD_DIR}/{Path(src_uri).with_suffix('.png').as_posix()}"


def _footer(config) -> str:
    root = config.site_url[: len(config.site_url) - len(config.extra.get("language_root", ""))]
    parts = urlsplit(root)
    return f"{parts.netloc}{parts.path}".rstrip("/") + f" · {HASHTAG}"


def _context_card(config, path: str, title: str) -> dict[str, object]:
    lang = config.theme["language"]
    return {
        "url": config.site_url + path,
        "width": WIDTH,
        "height": HEIGHT,
        "type": "image/png",
        "alt": ALT[lang].format(title=title if title == config.site_name else f"{title} ({config.site_name})"),
    }


def on_pre_build(config) -> None:
    _pending.clear()


def on_page_context(context, page, config, nav):
    meta = page.meta or {}
    title = str(meta.get("title") or page.title or config.site_name)
    description = str(meta.get("description") or config.site_description or "")
    path = card_path(page.file.src_uri)
    _pending[path] = Card(title=title, description=description, site_name=config.site_name,
                          footer=_footer(config))
    context["card"] = _context_card(config, path, title)
    return context


def on_template_context(context, template_name, config):
    if template_name == "404.html":
        home = card_path("index.md")
        context["card"] = _context_card(config, home, config.site_name)
    return context


def on_post_build(config) -> None:
    if os.environ.get("OFFLINE", "").lower() == "true":
        return  # the offline copy keeps the tags (they name the public site) but not the images
    site = Path(config.site_dir)
    for path, card in sorted(_pending.items()):
        try:
            data = cached(card)
        except CardError as error:
            raise PluginError(f"preview card for {path}: {error} (title {card.title!r})") from None
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
