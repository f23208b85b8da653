"""The MkDocs adapter: the project's plugin (mkdocs.yml `plugins: - derechos`).

Everything the site adds is done by the package's engine-independent modules; this
plugin only hands MkDocs what they computed, at the events MkDocs offers:

- `on_config`: this build's language (the name of its docs folder) and its settings
  (derechos.langconfig: site URL, theme language, names, nav labels, switcher, strings),
  and each page's front matter and anchors (derechos.rules.Inputs; when MkDocs is run by
  hand on docs/<lang>, the rules first, as derechos.build runs them);
- `on_page_markdown`: nothing for pages staged by derechos.build; a page read from
  docs/<lang> by plain `mkdocs build`/`serve` is completed as derechos.stage does;
- `on_page_content`: the rules on the rendered page (derechos.rendered);
- `on_post_build`: only when MkDocs is run by hand, the publish step (derechos.publish),
  which derechos.build otherwise runs on the built folder;
- `on_serve`: plain `mkdocs serve` also watches data/.

Bad input stops the build with a `PluginError` whose lines read `file:line: problem`.
One instance per build: its state is this build's, never a module's.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from derechos import langconfig, publish, quotes, rendered, rules, siteconfig, stage
from derechos.context import Build
from derechos.project import forget, load_project
from derechos.yamlfile import DataError

#: Set by derechos.build: the rules ran, the pages are staged, publish runs after the engine.
RUN_BY_BUILD = "DERECHOS_BUILD"


class Options(Config):  # type: ignore[no-untyped-call]  # MkDocs types __init_subclass__ loosely
    """The plugin takes no options."""


class DerechosPlugin(BasePlugin[Options]):  # type: ignore[no-untyped-call]
    build: Build | None = None

    def current(self) -> Build:
        assert self.build is not None, "on_config has not run"
        return self.build

    @event_priority(100)  # first: the search and offline plugins read the language and polyfills
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        forget()  # every build reads the declaration, the strings and the source texts afresh (serve)
        quotes.load_texts.cache_clear()
        try:
            project = load_project(Path(config.config_file_path).parent)
            code = Path(config.docs_dir).name
            if code not in project.codes:
                raise DataError(f"mkdocs.yml:1: docs_dir {config.docs_dir} is not the folder of a declared "
                                f"language ({', '.join(project.codes)}; data/languages.yml)")
            lang = project.language(code)
            site_root = (config.site_url or "http://127.0.0.1:8000/").rstrip("/") + "/"
            plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
            offline = bool(plugin and plugin.config.enabled)
            raw: dict[str, Any] = {"theme": {"palette": config.theme["palette"]}, "nav": config.nav,
                                   "extra": dict(config.extra), "repo_url": config.repo_url}
            mine = langconfig.settings(project, lang, raw, site_root, offline)
            config.site_url, config.site_name = mine.site_url, mine.site_name
            config.site_description, config.copyright = mine.site_description, mine.copyright
            config.theme["language"], config.theme["palette"] = mine.theme_language, mine.palette
            config.mdx_configs.setdefault("toc", {})["permalink_title"] = mine.permalink_title
            config.nav = mine.nav
            config.extra.update(mine.extra)
            config.repo_url, config.repo_name, config.edit_uri = mine.repo_url, mine.repo_name, mine.edit_uri
            inputs = rules.Inputs(project, project.docs)
            if not os.environ.get(RUN_BY_BUILD):  # run by hand: the rules first, as derechos.build does
                findings = rules.run(inputs)
                if findings:
                    raise DataError([f.text() for f in findings])
            nav = raw.get("nav")
            topics = siteconfig.nav_section(nav if isinstance(nav, list) else [], "topics")
            self.build = inputs.builds(site_root, topics, mine.extra["publisher"])[code]
            self.build.offline = offline
            self.build.offline_zip = config.extra.get("offline_zip") is True  # read when MkDocs runs by hand
        except DataError as error:
            raise PluginError(f"invalid configuration or data:\n{error}") from None
        return config

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        build = self.current()
        source = build.project.docs / build.lang.code / page.file.src_uri
        if Path(page.file.abs_src_path or "").resolve() != source.resolve():  # staged by derechos.build
            return markdown
        fm = build.pages[page.file.src_uri]
        lines = source.read_text(encoding="utf-8").split("\n")
        first = fm.body_line + next((i for i, line in enumerate(lines[fm.body_line - 1:]) if line.strip()), 0)
        try:
            return stage.expand_body(build, page.file.src_uri, markdown, first)
        except DataError as error:
            raise PluginError(f"invalid page:\n{error}") from None

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        build = self.current()
        source = (build.project.docs / build.lang.code / page.file.src_uri).read_text(encoding="utf-8")
        problems = rendered.html_findings(html, page.markdown or "", source, build.shown(page.file.src_uri),
                                          build.lang.code, build.project)
        if problems:
            raise PluginError("invalid page:\n" + "\n".join(p.text() for p in problems))
        return html

    @event_priority(-50)  # after the search plugin wrote its index, before the offline plugin inlines it
    def on_post_build(self, config: MkDocsConfig) -> None:
        if os.environ.get(RUN_BY_BUILD):
            return
        build = self.current()
        raw = {"extra_css": list(config.extra_css), "theme": {"palette": config.theme["palette"] or []}}
        try:
            publish.publish(build, Path(config.site_dir), raw, offline=build.offline)
        except publish.PublishError as error:
            raise PluginError(str(error)) from None

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """`mkdocs serve` rebuilds when data behind the pages changes, not only the pages."""
        server.watch(str(self.current().project.data))
        return server
