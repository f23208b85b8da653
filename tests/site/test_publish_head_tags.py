"""Every page, in both languages, carries the tags that make a pasted link unfurl well."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from derechos.metadata import parse_front_matter
from derechos.project import DOCS, LANGUAGES, language_root

LOCALES = {"es": "es_MX", "en": "en_GB"}


class Head(HTMLParser):
    """The <head>'s link and meta tags, and <html lang>."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.links: list[dict[str, str]] = []
        self.meta: dict[str, list[str]] = {}
        self.scripts_inline = 0
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "head":
            self._in_head = True
        elif tag == "link" and self._in_head:
            self.links.append(a)
        elif tag == "meta" and self._in_head:
            key = a.get("property") or a.get("name")
            if key:
                self.meta.setdefault(key, []).append(a.get("content", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"expected one <meta {key}>, found {len(values)}"
        return values[0]

    def link(self, rel: str, hreflang: str | None = None) -> list[str]:
        return [l["href"] for l in self.links
                if l.get("rel") == rel and (hreflang is None or l.get("hreflang") == hreflang)]


def parse(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def page_url(site_url: str, lang: str, stem: str) -> str:
    return site_url + language_root(lang) + ("" if stem == "index" else f"{stem}.html")


PAGES = [(lang, md.stem) for lang in LANGUAGES for md in sorted((DOCS / lang).glob("*.md"))]


@pytest.mark.parametrize(("lang", "stem"), PAGES)
def test_page_has_canonical_alternates_and_preview_tags(site: Path, lang: str, stem: str, site_url: str) -> None:
    head = parse(site / language_root(lang) / f"{stem}.html")
    fm, _ = parse_front_matter((DOCS / lang / f"{stem}.md").read_text(encoding="utf-8"), stem)
    assert fm is not None
    url = page_url(site_url, lang, stem)
    assert head.lang == lang
    assert head.link("canonical") == [url]
    for other in LANGUAGES:
        assert head.link("alternate", other) == [page_url(site_url, other, stem)], f"hreflang={other}"
    assert head.link("alternate", "x-default") == [page_url(site_url, LANGUAGES[0], stem)]
    assert head.one("og:title") == fm.meta["title"]
    assert head.one("og:description") == fm.meta["description"].strip()
    assert head.one("og:url") == url
    assert head.one("og:type") == ("website" if stem == "index" else "article")
    assert head.one("og:locale") == LOCALES[lang]
    assert head.meta["og:locale:alternate"] == [LOCALES[o] for o in LANGUAGES if o != lang]
    image = head.one("og:image")
    assert image == f"{site_url}{language_root(lang)}assets/cards/{stem}.png"
    assert (site / image.removeprefix(site_url)).is_file()
    assert head.one("og:image:width") == "1200"
    assert head.one("og:image:height") == "630"
    assert fm.meta["title"] in head.one("og:image:alt")
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:title") == fm.meta["title"]
    assert head.one("twitter:description") == fm.meta["description"].strip()
    assert head.one("twitter:image") == image
    assert head.one("twitter:image:alt") == head.one("og:image:alt")


def test_required_tags_are_on_the_404_page(site: Path) -> None:
    head = parse(site / "404.html")
    for key in ("og:title", "og:description", "og:url", "og:image", "og:locale", "twitter:card"):
        assert head.meta.get(key), f"404.html: no {key}"
    assert head.one("og:image").endswith("/assets/cards/index.png")


def test_print_stylesheet_and_origin_line(site: Path, site_url: str) -> None:
    html = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert 'href="assets/stylesheets/print.css"' in html
    assert f"Printed from {site_url}en/ · site version built on" in html
    css = (site / "assets" / "stylesheets" / "print.css").read_text(encoding="utf-8")
    assert "@media print" in css
    assert 'a[href^="http"]::after' in css and 'attr(href)' in css
    for chrome in (".md-header", ".md-sidebar", ".md-footer", ".md-search"):
        assert chrome in css


def test_locales_are_configured_once_per_language(root: Path) -> None:
    for config, lang in (("mkdocs.yml", "es"), ("mkdocs.en.yml", "en")):
        text = (root / config).read_text(encoding="utf-8")
        alternates = yaml.safe_load(text.split("\nextra:\n", 1)[1].split("\n\n", 1)[0].join(["extra:\n", ""]))
        locales = {a["lang"]: a["locale"] for a in alternates["extra"]["alternate"]}
        assert locales == LOCALES, f"{config}: {locales}"
