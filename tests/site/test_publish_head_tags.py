"""Every page, in every language, carries the tags that make a pasted link unfurl well."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from derechos.head_tags import HEAD_TAGS, render
from derechos.metadata import parse_front_matter
from derechos.project import Project, load_project

PROJECT = load_project()


class Head(HTMLParser):
    """The <head>'s link and meta tags, and <html lang>."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.links: list[dict[str, str]] = []
        self.meta: dict[str, list[str]] = {}
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

    def link(self, rel: str, hreflang: str | None = None, kind: str | None = None) -> list[str]:
        return [link["href"] for link in self.links
                if link.get("rel") == rel and (hreflang is None or link.get("hreflang") == hreflang)
                and (kind is None or link.get("type") == kind)]


def parse(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def page_url(site_url: str, root: str, stem: str) -> str:
    return site_url + root + ("" if stem == "index" else f"{stem}.html")


PAGES = [(lang.code, md.stem) for lang in PROJECT.languages for md in sorted((PROJECT.docs / lang.code).glob("*.md"))]


@pytest.mark.parametrize(("code", "stem"), PAGES)
def test_page_has_canonical_alternates_and_preview_tags(site: Path, code: str, stem: str, site_url: str) -> None:
    lang = PROJECT.language(code)
    head = parse(site / lang.root / f"{stem}.html")
    fm, _ = parse_front_matter((PROJECT.docs / code / f"{stem}.md").read_text(encoding="utf-8"), stem)
    assert fm is not None
    url = page_url(site_url, lang.root, stem)
    assert head.lang == code
    assert head.link("canonical") == [url]
    for other in PROJECT.languages:
        assert head.link("alternate", other.code) == [page_url(site_url, other.root, stem)], f"hreflang={other.code}"
    assert head.link("alternate", "x-default") == [page_url(site_url, PROJECT.default.root, stem)]
    assert head.link("alternate", kind="application/atom+xml") == [f"{site_url}{lang.root}feed.xml"]
    assert head.one("referrer") == "no-referrer"
    assert head.one("og:title") == fm.meta["title"]
    assert head.one("og:description") == " ".join(fm.meta["description"].split())
    assert head.one("og:url") == url
    assert head.one("og:type") == ("website" if stem == "index" else "article")
    assert head.one("og:locale") == lang.locale
    assert head.meta["og:locale:alternate"] == [o.locale for o in PROJECT.languages if o != lang]
    image = head.one("og:image")
    assert image == f"{site_url}{lang.root}assets/cards/{stem}.png"
    assert (site / image.removeprefix(site_url)).is_file()
    assert head.one("og:image:width") == "1200"
    assert head.one("og:image:height") == "630"
    assert fm.meta["title"] in head.one("og:image:alt")
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:title") == fm.meta["title"]
    assert head.one("twitter:description") == " ".join(fm.meta["description"].split())
    assert head.one("twitter:image") == image
    assert head.one("twitter:image:alt") == head.one("og:image:alt")


@pytest.mark.parametrize("root", [lang.root for lang in PROJECT.languages])
def test_required_tags_are_on_the_404_page(site: Path, root: str) -> None:
    head = parse(site / root / "404.html")
    for key in ("og:title", "og:description", "og:url", "og:image", "og:locale", "twitter:card", "referrer"):
        assert head.meta.get(key), f"{root}404.html: no {key}"
    assert head.one("og:image").endswith(f"/{root}assets/cards/index.png")
    assert head.link("canonical") == [], "an error page has no canonical address"


def test_print_stylesheet_and_origin_line(site: Path, site_url: str) -> None:
    html = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert 'href="assets/stylesheets/site.css"' in html
    assert f"Printed from {site_url}en/ · site version built on" in html
    css = (site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert "@media print" in css
    assert 'a[href^="http"]::after' in css and "attr(href)" in css
    for chrome in (".md-header", ".md-sidebar", ".md-footer", ".md-search"):
        assert chrome in css


def test_locales_are_declared_once(root: Path, project: Project) -> None:
    assert {lang.code: lang.locale for lang in project.languages} == {"es": "es_MX", "en": "en_GB"}
    for path in [root / "mkdocs.yml", *(root / "overrides").rglob("*.html")]:
        text = path.read_text(encoding="utf-8")
        assert "es_MX" not in text and "en_GB" not in text, f"{path}: a locale written outside data/languages.yml"


def test_one_head_tag_definition_writes_every_tag(site: Path, project: Project) -> None:
    """The build writes exactly the tags of HEAD_TAGS (one line there adds a tag everywhere)."""
    values = {"description": "d", "title": "t", "site_name": "s", "canonical": "c", "url": "u", "x_default": "x",
              "og_type": "article", "locale": "l", "locale_alternates": ["m"], "feed": "f", "image": "i",
              "image_width": 1, "image_height": 2, "image_alt": "a", **{f"alternate_{c}": c for c in project.codes}}
    written = render(values, project.codes)
    emitted = [tag for tag in HEAD_TAGS if tag.value is not None]
    assert written.count("<") == sum(len(project.codes) if "{lang}" in str(t.select) else 1 for t in emitted)
    html = (site / "surveillance.html").read_text(encoding="utf-8")
    for tag in emitted:
        for key, value in tag.select.items():
            wanted = f'{key}="{value}"' if "{lang}" not in value else f'{key}="{project.codes[0]}"'
            assert wanted in html, f"surveillance.html: no {tag.tag} with {wanted}"
