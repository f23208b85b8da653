"""A fast, tolerant tokenizer for built HTML: tags, attributes, ids, CSS urls.

The checker needs attributes (href, src, id, ...) and the <head>, not a DOM, so one
regular expression walks the tags of each file once. Comments, <script> and <style>
bodies are skipped as units (a `<a href>` inside a script or a comment is not a link);
<style> bodies and style="" attributes are scanned for CSS url() and @import. End tags
are skipped by the expression itself except </head> and </title>, the only ones the
checks need, which halves the work on navigation-heavy pages.
Malformed HTML never raises: an unclosed tag or comment ends the scan.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import NamedTuple

TOKEN = re.compile(
    r"""<(?:
        !--.*?(?:-->|\Z)                                  # comment
      | !\[CDATA\[.*?(?:\]\]>|\Z)                          # CDATA (inline SVG)
      | (?P<raw>script|style)\b(?P<rawattrs>[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*)>
            (?P<body>.*?)(?:</(?P=raw)\s*>|\Z)             # raw text element
      | /(?P<close>head|title)\s*>                        # the only end tags that matter
      | (?P<tag>[a-zA-Z][a-zA-Z0-9:-]*)
            (?P<attrs>[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*)>   # any other start tag
    )""",
    re.S | re.X | re.I,
)
ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
REFRESH_URL = re.compile(r"""^\s*\d*\.?\d*\s*[;,]\s*url\s*=\s*(['"]?)(.*?)\1\s*$""", re.I | re.S)

#: Attributes holding a URL, per tag ("*" = any tag).
URL_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",), "area": ("href",), "link": ("href",), "script": ("src",),
    "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "frame": ("src",), "embed": ("src",), "object": ("data",), "track": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "input": ("src",),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"), "form": ("action",),
}
#: Tags whose URL is fetched by the browser when the page loads (not followed by a click).
LOADING_TAGS = frozenset({"script", "img", "source", "iframe", "frame", "embed", "object",
                          "track", "video", "audio", "input", "image", "use"})
#: <link rel> values that make the browser contact the URL.
LOADING_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon",
                          "preload", "modulepreload", "prefetch", "preconnect",
                          "dns-prefetch", "prerender", "manifest"})

# Kinds of reference.
LINK, RESOURCE, REFRESH = "link", "resource", "refresh"


class Ref(NamedTuple):
    kind: str       # LINK (followed on click, or metadata), RESOURCE (loaded), REFRESH
    tag: str
    attr: str
    url: str
    offset: int     # in the text; Page.line() turns it into a line number


@dataclass
class Page:
    text: str
    #: (id, offset) in document order; <a name> counts as an id.
    ids: list[tuple[str, int]] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    #: Tags seen in <head> (and <html>), with their attributes and offsets, in order.
    head: list[tuple[str, dict[str, str], int]] = field(default_factory=list)
    title: str | None = None
    redirect: bool = False
    _cursor: tuple[int, int] = (0, 1)

    def line(self, offset: int) -> int:
        """1-based line of an offset; counts newlines from the previous query (C speed)."""
        last_offset, last_line = self._cursor
        if offset < last_offset:
            last_offset, last_line = 0, 1
        line = last_line + self.text.count("\n", last_offset, offset)
        self._cursor = (offset, line)
        return line


#: Parsed attribute strings: a generated site repeats the same tags on every page (the
#: navigation, the header), so most tags are parsed once per process. Do not mutate.
_ATTR_CACHE: dict[str, dict[str, str]] = {}
_ATTR_CACHE_MAX = 200_000


def _attrs(text: str) -> dict[str, str]:
    cached = _ATTR_CACHE.get(text)
    if cached is not None:
        return cached
    out: dict[str, str] = {}
    for m in ATTR.finditer(text):
        name = m.group(1).lower()
        if name in out:
            continue
        value = m.group(2)
        if value is None:
            value = m.group(3)
            if value is None:
                value = m.group(4) or ""
        out[name] = html.unescape(value) if "&" in value else value
    if len(_ATTR_CACHE) >= _ATTR_CACHE_MAX:
        _ATTR_CACHE.clear()
    _ATTR_CACHE[text] = out
    return out


def _srcset(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.split()]


def css_urls(text: str) -> list[tuple[str, int]]:
    """URLs in CSS text (url() and @import), with their 0-based offsets."""
    out = []
    for m in CSS_URL.finditer(text):
        url = next((g for g in m.groups() if g is not None), "")
        out.append((url.strip(), m.start()))
    return out


def scan(text: str) -> Page:
    """Scan one HTML document."""
    page = Page(text)
    in_head = True
    title_start: int | None = None
    refs, ids, head = page.refs, page.ids, page.head
    url_attrs = URL_ATTRS

    for m in TOKEN.finditer(text):
        raw, raw_attrs, body, close, tag_name, attr_text = m.group("raw", "rawattrs", "body", "close", "tag", "attrs")
        start = m.start()
        if raw is not None:
            attrs = _attrs(raw_attrs) if raw_attrs else {}
            tag = raw.lower()
            if "id" in attrs:
                ids.append((attrs["id"], start))
            if tag == "script" and attrs.get("src"):
                refs.append(Ref(RESOURCE, tag, "src", attrs["src"].strip(), start))
            elif tag == "style" and body:
                body_start = m.start("body")
                for url, offset in css_urls(body):
                    refs.append(Ref(RESOURCE, "style", "url", url, body_start + offset))
            if in_head:
                head.append((tag, attrs, start))
            continue
        if close is not None:
            close = close.lower()
            if close == "head":
                in_head = False
            elif title_start is not None and page.title is None:
                page.title = html.unescape(re.sub(r"\s+", " ", text[title_start:start])).strip()
            continue
        if tag_name is None:
            continue  # comment or CDATA
        tag = tag_name.lower()
        if tag == "body":
            in_head = False
        names = url_attrs.get(tag)
        if not attr_text or attr_text.isspace():
            attrs = {}
        elif (names is not None or in_head or tag == "html" or tag == "meta"
              or "id" in attr_text or "style" in attr_text or "name" in attr_text):
            attrs = _attrs(attr_text)
        else:
            continue
        if in_head or tag == "html":
            head.append((tag, attrs, start))
            if tag == "title":
                title_start = m.end()
        if not attrs:
            continue
        ident = attrs.get("id")
        if ident is not None:
            ids.append((ident, start))
        if tag == "a" and "name" in attrs and attrs["name"] != ident:
            ids.append((attrs["name"], start))
        style = attrs.get("style")
        if style and "url" in style.lower():
            for url, _ in css_urls(style):
                refs.append(Ref(RESOURCE, tag, "style", url, start))
        if names is None:
            if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
                target = REFRESH_URL.match(attrs.get("content", ""))
                if target and target.group(2).strip():
                    refs.append(Ref(REFRESH, tag, "content", target.group(2).strip(), start))
                    page.redirect = True
            continue
        if tag == "link":
            rels = set(attrs.get("rel", "").lower().split())
            kind = RESOURCE if rels & LOADING_RELS else LINK
        else:
            kind = RESOURCE if tag in LOADING_TAGS else LINK
        for name in names:
            value = attrs.get(name)
            if value is None:
                continue
            if name == "srcset":
                refs.extend(Ref(kind, tag, name, url, start) for url in _srcset(value))
            else:
                refs.append(Ref(kind, tag, name, value.strip(), start))
    return page
