"""What the site adds to a built language folder, whatever engine built it.

After the engine has written a language's pages into site/<root>, `publish` runs over
the folder, reading and writing files only:

- every page without its indentation (derechos.minify) and with its Content-Security-
  Policy (derechos.csp: the theme's inline scripts, the same on every page, by hash);
- the search index with accent-free words (derechos.searchfold), the online index and
  the offline copy's inlined one;
- a preview card per page (derechos.cards; not in the offline copy);
- the short links' redirect pages, with their target's head tags, and their QR codes
  (derechos.shortlinks);
- the updates feed and the open data (derechos.events);
- the site's own stylesheets minified, Material's palette trimmed to the site's colours.

Before those: each page's head tags (derechos.head_tags, from its front matter) after its
viewport tag, and the sitemap with each page's `reviewed` date.

    python -m derechos.publish SITE_DIR [--site-url URL] [--offline]   # a folder built by any engine
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from derechos import cards, csp, events, head_tags, htmlread, minify, searchfold, shortlinks
from derechos.context import Build
from derechos.yamlfile import DataError

CARD_DIR = "assets/cards"
#: The offline copy's search index, inlined by Material's offline plugin into a script.
OFFLINE_INDEX = "search/search_index.js"


class PublishError(ValueError):
    """A step over the built folder failed; the message names the file (and line)."""


def page_path(src_uri: str) -> str:
    """A page's address below its language root ("" for the home page)."""
    url = Path(src_uri).with_suffix(".html").as_posix()
    return "" if url == "index.html" else url


def card_path(src_uri: str) -> str:
    return f"{CARD_DIR}/{Path(src_uri).with_suffix('.png').as_posix()}"


def head_values(build: Build, path: str, title: str, description: str, card: str,
                error_page: bool = False) -> dict[str, Any]:
    """The values of derechos.head_tags for one page (`path`: below the language root)."""
    project, lang = build.project, build.lang
    values: dict[str, Any] = {
        "description": description, "title": title, "site_name": build.project.strings[lang.code]["site_name"],
        "canonical": None if error_page else build.site_url + path, "url": build.site_url + path,
        "x_default": build.site_root + project.default.root + path, "og_type": "article" if path else "website",
        "locale": lang.locale, "locale_alternates": [o.locale for o in project.languages if o != lang],
        "feed": build.site_url + events.FEED,
        "image": build.site_url + card, "image_width": cards.WIDTH, "image_height": cards.HEIGHT,
        "image_alt": build.strings["card_alt"].format(
            title=title if title == build.strings["site_name"] else f"{title} ({build.strings['site_name']})"),
    }
    for other in project.languages:
        values[f"alternate_{other.code}"] = build.site_root + other.root + path
    return values


def page_head(build: Build, src_uri: str) -> dict[str, Any]:
    """The head values of one page of this language, from its front matter."""
    meta = build.page_meta(src_uri)
    title, description = str(meta["title"]), " ".join(str(meta["description"]).split())
    return head_values(build, page_path(src_uri), title, description, card_path(src_uri))


def not_found_head(build: Build) -> dict[str, Any]:
    """The head values of the 404 page (no canonical URL)."""
    description = " ".join(str(build.strings["site_description"]).split())
    return head_values(build, "", build.strings["not_found"]["title"], description,
                       f"{CARD_DIR}/index.png", error_page=True)


def render_head(build: Build, values: dict[str, Any]) -> str:
    return head_tags.render(values, build.project.codes)


# --- The steps ---------------------------------------------------------------------------------

def write_heads(build: Build, site: Path) -> None:
    """The head tags (derechos.head_tags) into each page the engine wrote, right after its
    viewport tag: a page of docs/ from its front matter, the 404 page without a canonical URL."""
    for path in sorted(site.glob("*.html")):
        uri = Path(path.name).with_suffix(".md").as_posix()
        if uri in build.pages:
            values = page_head(build, uri)
        elif path.name == "404.html":
            values = not_found_head(build)
        else:
            continue
        page = path.read_text(encoding="utf-8")
        viewport = next((t for t in htmlread.read(page).elements("meta") if t.attrs.get("name") == "viewport"), None)
        if viewport is None:
            raise DataError(f"{build.lang.root}{path.name}:1: no <meta name=\"viewport\"> to put the head tags after")
        path.write_text(page[:viewport.end] + "\n  " + render_head(build, values) + page[viewport.end:],
                        encoding="utf-8")


def write_sitemap(build: Build, site: Path) -> None:
    """sitemap.xml (and its gzip copy): each page at the address its canonical link gives, with
    its `reviewed` date (front matter) as <lastmod>."""
    import gzip

    entries = []
    for uri in sorted(build.pages, key=lambda uri: (uri != "index.md", uri)):
        reviewed = build.page_meta(uri).get("reviewed")
        lastmod = f"\n    <lastmod>{reviewed}</lastmod>" if reviewed else ""
        entries.append(f"  <url>\n    <loc>{build.site_url + page_path(uri)}</loc>{lastmod}\n  </url>\n")
    xml = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           + "".join(entries) + "</urlset>")
    (site / "sitemap.xml").write_text(xml, encoding="utf-8")
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))


def protect_pages(build: Build, site: Path) -> None:
    """Each page of this language compacted and given its policy. A page of docs/ may hold
    only the theme's scripts, the same on every page, outside its content; any other file
    the engine wrote (404.html) has no page content: all its scripts are the theme's."""
    shim = build.project.root / csp.SHIM
    theme = csp.ThemeScripts()
    pages = {Path(uri).with_suffix(".html").as_posix() for uri in build.pages}
    others = {other.root.rstrip("/") for other in build.project.languages if other.root and other != build.lang}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.split("/", 1)[0] in others:
            continue
        where = build.lang.root + rel
        output = minify.compact_html(path.read_text(encoding="utf-8"))
        scripts = theme.check(output, where) if rel in pages else csp.theme_scripts(output, where)
        path.write_text(csp.protect(output, where, scripts + csp.shim_scripts(output, shim)), encoding="utf-8")


def fold_search(site: Path) -> None:
    """Accent-free words in the search index, and in the offline copy's inlined copy of it
    (Material's offline plugin writes `var __index = <the index>`)."""
    index = site / "search" / "search_index.json"
    searchfold.fold_index(index)
    inlined = site / OFFLINE_INDEX
    if inlined.is_file() and index.is_file():
        inlined.write_text("var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8")


def write_cards(build: Build, site: Path) -> None:
    """A preview card per page (1200x630 PNG), drawn once and cached in .cache/cards/."""
    footer = cards.footer(build.site_root, build.strings["kit"]["hashtag"])
    for src_uri in sorted(build.pages):
        meta = build.page_meta(src_uri)
        card = cards.Card(title=str(meta["title"]), description=" ".join(str(meta["description"]).split()),
                          site_name=str(build.strings["site_name"]), footer=footer)
        target = site / card_path(src_uri)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(cards.cached(card, build.project.root / ".cache" / "cards"))


def write_shortlinks(build: Build, site_root_dir: Path) -> None:
    """Each short link of this language: a redirect page with its target's head tags, and a QR code."""
    mine = [link for link in build.links if link.lang == build.lang.code]
    problems = shortlinks.findings(mine, site_root_dir, redirects=False)
    if problems:
        raise DataError([f.text() for f in problems])
    template = build.environment().get_template("shortlink.html")
    for link in mine:
        values = page_head(build, link.page)
        page = template.render(
            lang=build.lang.code, strings=build.strings, href="../" + link.target_html, title=values["title"],
            head_tags=render_head(build, values),  # it unfurls like its target
        )
        folder = site_root_dir / link.path
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(csp.protect(page, link.path + "index.html", []), encoding="utf-8")
        url = link.url(build.site_root)
        qr = shortlinks.QR(url, build.strings["kit"]["qr_alt"].format(url=url))
        target = site_root_dir / link.root / shortlinks.qr_path(link)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(qr.svg, encoding="utf-8")


def publish(build: Build, site: Path, config: dict[str, Any], offline: bool = False) -> None:
    """Every step over one language's built folder `site` (site/<root>); `config`: mkdocs.yml
    (derechos.siteconfig.read). A PublishError says which file is wrong."""
    try:
        write_heads(build, site)
        write_sitemap(build, site)
        protect_pages(build, site)
        fold_search(site)
        if not offline:  # the offline copy keeps the preview tags but not the images
            write_cards(build, site)
        write_shortlinks(build, site.parent if build.lang.root else site)
        events.write_outputs(build, site)
        minify.minify_site_css(site, build.project.root / "overrides", list(config.get("extra_css") or []))
        minify.trim_theme_palette(site, (config.get("theme") or {}).get("palette") or [])
    except (DataError, cards.CardError, csp.CSPError) as error:
        raise PublishError(f"after the pages:\n{error}") from None
