"""The tags every built page must carry in its <head>: one list, in one place.

scripts/check_site.py reads this list (rule `head-tags`); templates and hooks that add
head tags should add their line here too, so the checker enforces them on every page.

Each entry is one tuple: (rule id, tag, attributes that select it, attribute that must
be non-empty). `{lang}` in a selecting attribute stands for each language of the site
(sitelib.project.LANGUAGES), so one line asks for one tag per language. The attribute
`None` means the tag's text must be non-empty (`<title>`). An `hreflang` alternate must
also point at the page's twin in that language (checked as rule `head-alternate`).
"""

from __future__ import annotations

HeadTag = tuple[str, str, dict[str, str], str | None]

HEAD_TAGS: tuple[HeadTag, ...] = (
    ("head-lang", "html", {}, "lang"),
    ("head-title", "title", {}, None),
    ("head-description", "meta", {"name": "description"}, "content"),
    ("head-canonical", "link", {"rel": "canonical"}, "href"),
    ("head-alternate", "link", {"rel": "alternate", "hreflang": "{lang}"}, "href"),
    ("head-alternate", "link", {"rel": "alternate", "hreflang": "x-default"}, "href"),
    # Link previews (overrides/main.html; cards drawn by overrides/hooks/social.py).
    ("head-og", "meta", {"property": "og:title"}, "content"),
    ("head-og", "meta", {"property": "og:description"}, "content"),
    ("head-og", "meta", {"property": "og:url"}, "content"),
    ("head-og", "meta", {"property": "og:type"}, "content"),
    ("head-og", "meta", {"property": "og:locale"}, "content"),
    ("head-og", "meta", {"property": "og:locale:alternate"}, "content"),
    ("head-og", "meta", {"property": "og:image"}, "content"),
    ("head-og", "meta", {"property": "og:image:width"}, "content"),
    ("head-og", "meta", {"property": "og:image:height"}, "content"),
    ("head-og", "meta", {"property": "og:image:alt"}, "content"),
    ("head-twitter", "meta", {"name": "twitter:card"}, "content"),
    ("head-twitter", "meta", {"name": "twitter:title"}, "content"),
    ("head-twitter", "meta", {"name": "twitter:description"}, "content"),
    ("head-twitter", "meta", {"name": "twitter:image"}, "content"),
    ("head-twitter", "meta", {"name": "twitter:image:alt"}, "content"),
)

#: Pages that are not content pages: error pages are served at any address, so they
#: have no canonical URL and their alternates point at each language's home page.
#: They still need every other tag.
ERROR_PAGES: frozenset[str] = frozenset({"404.html"})
#: Rules not applied to ERROR_PAGES.
NOT_FOR_ERROR_PAGES: frozenset[str] = frozenset({"head-canonical"})
