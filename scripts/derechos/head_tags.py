"""The tags every built page carries in its <head>: one list, used three ways.

- The build writes them: `render()` turns HEAD_TAGS into the tags of one page, from that
  page's values (title, canonical URL, twins…), and overrides/main.html prints them.
- The checker (derechos.check, rules `head-*`) requires each of them on every page.
- The tests' site kit (tests/kit.py) writes its fixture pages with `render()` too.

So a new head tag is one line here (and its test). Each entry: the checker's rule id, the
tag, the attributes that select it (`{lang}` stands for each language of the site: one
line, one tag per language), the attribute that must be non-empty (None: the element's
text, for <title>), and the value written, a `str.format` template over the page's values
(`*name` writes one tag per item of a list; None: the theme writes the tag itself).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HeadTag:
    rule: str
    tag: str
    select: dict[str, str]
    required: str | None
    value: str | None


HEAD_TAGS: tuple[HeadTag, ...] = (
    HeadTag("head-lang", "html", {}, "lang", None),  # Material's base.html
    HeadTag("head-title", "title", {}, None, None),  # Material's base.html (overrides/main.html)
    HeadTag("head-description", "meta", {"name": "description"}, "content", "{description}"),
    HeadTag("head-referrer", "meta", {"name": "referrer"}, "content", "no-referrer"),
    HeadTag("head-canonical", "link", {"rel": "canonical"}, "href", "{canonical}"),
    HeadTag("head-alternate", "link", {"rel": "alternate", "hreflang": "{lang}"}, "href", "{alternate_{lang}}"),
    HeadTag("head-alternate", "link", {"rel": "alternate", "hreflang": "x-default"}, "href", "{x_default}"),
    HeadTag("head-feed", "link", {"rel": "alternate", "type": "application/atom+xml"}, "href", "{feed}"),
    # Link previews (Open Graph, read by most apps; Twitter card tags for X).
    HeadTag("head-og", "meta", {"property": "og:site_name"}, "content", "{site_name}"),
    HeadTag("head-og", "meta", {"property": "og:title"}, "content", "{title}"),
    HeadTag("head-og", "meta", {"property": "og:description"}, "content", "{description}"),
    HeadTag("head-og", "meta", {"property": "og:url"}, "content", "{url}"),
    HeadTag("head-og", "meta", {"property": "og:type"}, "content", "{og_type}"),
    HeadTag("head-og", "meta", {"property": "og:locale"}, "content", "{locale}"),
    HeadTag("head-og", "meta", {"property": "og:locale:alternate"}, "content", "*locale_alternates"),
    HeadTag("head-og", "meta", {"property": "og:image"}, "content", "{image}"),
    HeadTag("head-og", "meta", {"property": "og:image:type"}, "content", "image/png"),
    HeadTag("head-og", "meta", {"property": "og:image:width"}, "content", "{image_width}"),
    HeadTag("head-og", "meta", {"property": "og:image:height"}, "content", "{image_height}"),
    HeadTag("head-og", "meta", {"property": "og:image:alt"}, "content", "{image_alt}"),
    HeadTag("head-twitter", "meta", {"name": "twitter:card"}, "content", "summary_large_image"),
    HeadTag("head-twitter", "meta", {"name": "twitter:title"}, "content", "{title}"),
    HeadTag("head-twitter", "meta", {"name": "twitter:description"}, "content", "{description}"),
    HeadTag("head-twitter", "meta", {"name": "twitter:image"}, "content", "{image}"),
    HeadTag("head-twitter", "meta", {"name": "twitter:image:alt"}, "content", "{image_alt}"),
)

#: Pages that are not content pages: error pages are served at any address, so they have
#: no canonical URL and their alternates point at each language's home page.
ERROR_PAGES: frozenset[str] = frozenset({"404.html"})
#: Rules not applied to ERROR_PAGES.
NOT_FOR_ERROR_PAGES: frozenset[str] = frozenset({"head-canonical"})

#: Rule ids, in order, for the checker's --select.
RULES: tuple[str, ...] = tuple(dict.fromkeys(t.rule for t in HEAD_TAGS))


def expand(tag: HeadTag, codes: tuple[str, ...]) -> list[tuple[dict[str, str], str | None]]:
    """The (selecting attributes, value template) of each tag one entry stands for."""
    if not any("{lang}" in v for v in tag.select.values()):
        return [(dict(tag.select), tag.value)]
    return [({k: v.replace("{lang}", code) for k, v in tag.select.items()},
             tag.value.replace("{lang}", code) if tag.value else None) for code in codes]


def render(values: dict[str, Any], codes: tuple[str, ...]) -> str:
    """The head tags of one page. `values`: description, canonical (None on an error page),
    alternate_<code> for each language, x_default, feed, site_name, title, url, og_type,
    locale, locale_alternates (a list), image, image_width, image_height, image_alt."""
    out: list[str] = []
    for tag in HEAD_TAGS:
        for select, template in expand(tag, codes):
            if template is None:
                continue  # written by the theme
            if template.startswith("*"):
                items = [str(v) for v in values[template[1:]]]
            else:
                try:
                    items = [template.format_map(values)]
                except TypeError:  # a None value: the page has no such tag (canonical of a 404)
                    continue
                if template.startswith("{") and values.get(template.strip("{}")) is None:
                    continue
            attributes = "".join(f' {k}="{html.escape(v)}"' for k, v in select.items())
            out += [f'<{tag.tag}{attributes} {tag.required}="{html.escape(item)}">' for item in items]
    return "\n    ".join(out)
