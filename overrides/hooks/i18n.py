"""MkDocs hook: per-language settings that plain INHERIT cannot express.

- `site_url`: the English build lives below `en/` of the same site, so its site_url is
  the shared SITE_URL plus `extra.language_root` (canonical URLs, sitemap, instant
  navigation all need the real address).
- The permalink title of headings in the page's language.
- Every page must have its twin, at the same relative path, in every other language:
  a missing translation fails the build and names both files.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from derechos.project import DOCS, LANGUAGES

PERMALINK_TITLE = {"es": "Enlace a esta sección", "en": "Link to this section"}


def on_config(config):
    lang = config.theme["language"]
    if lang not in LANGUAGES:
        raise PluginError(f"theme.language {lang!r} is not one of {LANGUAGES}")
    base = config.site_url or ""
    if not base.endswith("/"):
        base += "/"
    root = config.extra.get("language_root", "")
    config.site_url = base + root
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = PERMALINK_TITLE[lang]
    return config


def on_files(files, config):
    lang = config.theme["language"]
    missing = []
    for file in files.documentation_pages():
        for other in LANGUAGES:
            if other == lang:
                continue
            twin = DOCS / other / file.src_uri
            if not twin.is_file():
                missing.append(f"docs/{lang}/{file.src_uri}:1: translation: no twin docs/{other}/{file.src_uri}")
    if missing:
        raise PluginError("every page must exist in every language:\n" + "\n".join(missing))
    return files
