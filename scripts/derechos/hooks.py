"""MkDocs hooks: the project's steps inside every language build (mkdocs.yml `hooks:`).

Each function is an MkDocs event, in the order MkDocs runs them; the work is done by
the package's modules. Bad input stops the build with a `PluginError` whose lines read
`file:line: problem`, so nothing wrong is published.

- `on_config`: the language of this build (the name of its docs/ folder) and everything
  that follows from it, once: site URL and language root, theme language, site name,
  palette and navigation labels, the language switcher, the strings the templates use;
  the data files (sources, organisations, short links, events), checked.
- `on_pre_build`: the Jinja environment the blocks render their partials with.
- `on_files`: every page readable as UTF-8, its front matter valid, its twin in every
  other language and, in the default language's build, twins in step (derechos.twins).
- `on_page_markdown`: Markdown rules (derechos.rendered: headings and their anchors,
  quotations), the status box, the markers (derechos.markers), the sources section.
- `on_page_content`: rules on the rendered page (derechos.rendered: one <h1>, explicit
  ids, no Markdown left visible, no script in the content, quotations).
- `on_page_context`, `on_template_context`: head tags (derechos.head_tags) and preview card.
- `on_post_page`, `on_post_template`: pages without their indentation (derechos.minify),
  then the Content-Security-Policy (derechos.csp).
- `on_post_build`: preview cards, short-link redirects and QR codes, accent-folded
  search, the updates feed and open data (derechos.events), the site's own stylesheets
  minified and Material's palette stylesheet trimmed to the site's colours
  (derechos.minify).
- `on_serve`: `mkdocs serve` also watches data/.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from derechos import (
    blocks,
    cards,
    csp,
    events,
    head_tags,
    minify,
    quotes,
    rendered,
    rules,
    searchfold,
    shortlinks,
    siteconfig,
    stage,
    twins,
)
from derechos.context import Build, PageContext, build_for
from derechos.data import load_data
from derechos.metadata import read_page
from derechos.project import Language, Project, forget, load_project
from derechos.yamlfile import DataError, Map

#: The offline copy's Web Worker shim, as the pages load it (vendored in overrides/, csp.SHIM).
SHIM = "assets/javascripts/iframe-worker.js"
CARD_DIR = "assets/cards"


_build: Build | None = None


def current() -> Build:
    assert _build is not None, "on_config has not run"
    return _build


def _fail(error: DataError | csp.CSPError, what: str) -> PluginError:
    return PluginError(f"{what}:\n{error}")


# --- Configuration -----------------------------------------------------------------------------

@event_priority(100)  # first: the search and offline plugins read the language and polyfills
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    forget()  # every build reads the declaration, the strings and the source texts afresh (serve)
    quotes.load_texts.cache_clear()
    try:
        project = load_project(Path(config.config_file_path).parent)
        code = Path(config.docs_dir).name
        if code not in project.codes:
            raise DataError(f"mkdocs.yml:1: docs_dir {config.docs_dir} is not the folder of a declared "
                            f"language ({', '.join(project.codes)}; data/languages.yml)")
        lang = project.language(code)
        strings = project.strings[code]
        site_root = (config.site_url or "http://127.0.0.1:8000/").rstrip("/") + "/"
        offline = _offline_enabled(config)
        topics = siteconfig.nav_section(config.nav or [], "topics")
        _configure(config, project, lang, strings, site_root, offline)
        _build = build_for(load_data(project), lang, site_root, offline, topics, config.extra["publisher"])
    except DataError as error:
        raise _fail(error, "invalid configuration or data") from None
    return config


def _offline_enabled(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def _configure(config: MkDocsConfig, project: Project, lang: Language, strings: Map,
               site_root: str, offline: bool) -> None:
    """Every language-dependent setting, from the declaration and the language's strings."""

    config.site_url = site_root + lang.root
    config.theme["language"] = lang.code
    config.site_name = str(strings["site_name"])
    config.site_description = " ".join(str(strings["site_description"]).split())
    config.copyright = " ".join(str(strings["copyright"]).split())
    for entry in config.theme["palette"] or []:
        if "toggle" in entry:
            entry["toggle"]["name"] = strings["palette"]["to_dark" if entry["scheme"] == "default" else "to_light"]
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = strings["permalink_title"]
    config.nav = _translate_nav(config.nav or [], strings["nav"])
    config.extra["site_root"] = site_root
    config.extra["strings"] = strings
    config.extra["languages"] = [
        {"code": other.code, "name": other.name, "locale": other.locale, "root": other.root,
         "home": site_root + other.root, "strings": project.strings[other.code]}
        for other in project.languages
    ]
    # Material shows its language switcher when extra.alternate is set; the partial
    # (overrides/partials/alternate.html) links each page to its twin.
    config.extra["alternate"] = [{"name": other.name, "link": (lang.up + other.root) or "./", "lang": other.code}
                                 for other in project.languages]
    config.extra["feed"] = events.FEED
    config.extra["publisher"] = _repository(config, lang)
    foreign = [str(p) for p in config.extra.get("polyfills", []) if "://" in str(p) or str(p).startswith("//")]
    if foreign:
        copy = " (offline copy)" if offline else ""
        raise DataError(f"mkdocs.yml:1: extra.polyfills{copy}: scripts from other hosts: {foreign} "
                        "(the site loads nothing from another host: vendor the file)")
    if offline:  # the vendored Web Worker shim instead of the CDN's
        if not (project.root / csp.SHIM).is_file():
            raise DataError(f"{csp.SHIM}:1: the offline copy needs this vendored Web Worker shim, and it is "
                            "missing (without it, Material's offline plugin would load it from a CDN)")
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
        config.extra["polyfills"] = [*polyfills, SHIM]


def _repository(config: MkDocsConfig, lang: Language) -> dict[str, str] | None:
    """The publisher (derechos.siteconfig.repository), and the repository links MkDocs shows."""
    publisher = siteconfig.repository(config.repo_url)
    if publisher is None:
        config.repo_url = None
        return None
    url = publisher["repo"]
    config.repo_url, config.repo_name = url, url.removeprefix("https://github.com/")
    # Each page's "view source" link: its Markdown in this language's folder, on the published branch.
    config.edit_uri = f"blob/{os.environ.get('REPO_BRANCH') or 'main'}/docs/{lang.code}/"
    return publisher


def _translate_nav(nav: list[Any], labels: Map) -> list[Any]:
    """Section titles in mkdocs.yml's nav are keys of the strings' `nav` mapping."""
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            (key, value), = item.items()
            if isinstance(value, list):
                if key not in labels:
                    raise DataError(f"mkdocs.yml:1: nav section {key!r} has no label "
                                    f"(add nav.{key} to every data/strings/<code>.yml)")
                out.append({labels[key]: _translate_nav(value, labels)})
                continue
        out.append(item)
    return out


def on_pre_build(config: MkDocsConfig) -> None:
    current().env = config.theme.get_env()


# --- Pages -------------------------------------------------------------------------------------------

def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Each page's front matter and anchors, for the blocks (derechos.rules has checked them:
    derechos.build runs the rules first; plain `mkdocs build`/`serve` runs them here)."""
    build = current()
    if not os.environ.get("DERECHOS_RULES_RUN"):
        findings = rules.check_project(build.project)
        if findings:
            raise PluginError("invalid docs or data:\n" + "\n".join(f.text() for f in findings))
    for file in files.documentation_pages():
        shown = build.shown(file.src_uri)
        text, fm, _ = read_page(build.project.docs / build.lang.code / file.src_uri, shown, build.sources)
        if fm is not None:
            build.pages[file.src_uri] = fm
            body = "\n".join(text.splitlines()[fm.body_line - 1:])
            titles = twins.headings(body)
            explicit = {anchor: titles.get(anchor, "") for anchor, _ in twins.anchors(body, 1)}
            context = PageContext(build, file.src_uri, shown)
            build.anchors[file.src_uri] = {**blocks.block_anchors(context, body), **explicit}
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Pages staged by derechos.build come complete; plain `mkdocs build`/`serve` reads docs/
    itself, so the page is completed here the same way (derechos.stage)."""
    build = current()
    src_uri = page.file.src_uri
    source = build.project.docs / build.lang.code / src_uri
    if Path(page.file.abs_src_path).resolve() != source.resolve():
        return markdown
    fm = build.pages[src_uri]
    lines = source.read_text(encoding="utf-8").split("\n")
    first = fm.body_line + next((i for i, line in enumerate(lines[fm.body_line - 1:]) if line.strip()), 0)
    try:
        return stage.expand_body(build, src_uri, markdown, first)
    except DataError as error:
        raise _fail(error, "invalid page") from None


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = current()
    shown = build.shown(page.file.src_uri)
    source = (build.project.docs / build.lang.code / page.file.src_uri).read_text(encoding="utf-8")
    problems = rendered.html_findings(html, page.markdown or "", source, shown, build.lang.code, build.project)
    if problems:
        raise PluginError("invalid page:\n" + "\n".join(p.text() for p in problems))
    return html


def _head_values(build: Build, path: str, title: str, description: str, card: str, error_page: bool = False) -> dict:
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


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    build = current()
    meta = build.page_meta(page.file.src_uri)
    title, description = str(meta["title"]), " ".join(str(meta["description"]).split())
    card = f"{CARD_DIR}/{Path(page.file.src_uri).with_suffix('.png').as_posix()}"
    build.cards[card] = cards.Card(title=title, description=description, site_name=config.site_name,
                                   footer=cards.footer(build.site_root, build.strings["kit"]["hashtag"]))
    path = "" if page.url == "index.html" else page.url
    values = _head_values(build, path, title, description, card)
    build.heads[page.file.src_uri] = values
    context["head_tags"] = head_tags.render(values, build.project.codes)
    context["reviewed"] = meta.get("reviewed")
    return context


def on_template_context(context: TemplateContext, template_name: str, config: MkDocsConfig) -> TemplateContext:
    if template_name == "404.html":
        build = current()
        values = _head_values(build, "", build.strings["not_found"]["title"], config.site_description or "",
                              f"{CARD_DIR}/index.png", error_page=True)
        context["head_tags"] = head_tags.render(values, build.project.codes)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    build = current()
    shown = f"{build.lang.root}{page.url}"
    try:
        output = minify.compact_html(output)
        scripts = build.scripts.check(output, shown) + csp.shim_scripts(output, build.project.root / csp.SHIM)
        return csp.protect(output, shown, scripts)
    except csp.CSPError as error:
        raise _fail(error, f"Content-Security-Policy ({build.shown(page.file.src_uri)})") from None


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output
    build = current()
    where = build.lang.root + template_name
    try:  # a static template (404.html) has no page content: all its scripts are the theme's
        output = minify.compact_html(output)
        scripts = csp.theme_scripts(output, where) + csp.shim_scripts(output, build.project.root / csp.SHIM)
        return csp.protect(output, where, scripts)
    except csp.CSPError as error:
        raise _fail(error, "Content-Security-Policy") from None


# --- After the pages ---------------------------------------------------------------------------

@event_priority(-50)  # after the search plugin wrote its index, before the offline plugin inlines it
def on_post_build(config: MkDocsConfig) -> None:
    build = current()
    site = Path(config.site_dir)
    try:
        searchfold.fold_index(site / "search" / "search_index.json")
        if not build.offline:  # the offline copy keeps the preview tags but not the images
            for path, card in sorted(build.cards.items()):
                target = site / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(cards.cached(card, build.project.root / ".cache" / "cards"))
        _write_shortlinks(build, site.parent if build.lang.root else site)
        events.write_outputs(build, site)
        minify.minify_site_css(site, build.project.root / "overrides", list(config.extra_css))
        minify.trim_theme_palette(site, config.theme["palette"] or [])
    except (DataError, cards.CardError, csp.CSPError) as error:
        raise _fail(error, "after the pages") from None


def _write_shortlinks(build: Build, site_root_dir: Path) -> None:
    """Each short link of this language: a redirect page with its target's head tags, and a QR code."""
    mine = [link for link in build.links if link.lang == build.lang.code]
    problems = shortlinks.findings(mine, site_root_dir, redirects=False)
    if problems:
        raise DataError([f.text() for f in problems])
    assert build.env is not None
    template = build.env.get_template("shortlink.html")
    for link in mine:
        values = build.heads[link.page]
        page = template.render(
            lang=build.lang.code, strings=build.strings, href="../" + link.target_html, title=values["title"],
            head_tags=head_tags.render(values, build.project.codes),  # it unfurls like its target
        )
        folder = site_root_dir / link.path
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(csp.protect(page, link.path + "index.html", []), encoding="utf-8")
        url = link.url(build.site_root)
        qr = shortlinks.QR(url, build.strings["kit"]["qr_alt"].format(url=url))
        target = site_root_dir / link.root / shortlinks.qr_path(link)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(qr.svg, encoding="utf-8")


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """`mkdocs serve` rebuilds when data behind the pages changes, not only the pages."""
    server.watch(str(current().project.data))
    return server

