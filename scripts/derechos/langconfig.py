"""One language's settings, on top of mkdocs.yml: what differs between the language builds.

mkdocs.yml is written once, for every language. For each language build the site URL
and language root, the theme's language, the site's name, description and copyright, the
palette toggles' names, the ¶ links' title, the navigation's section labels, the language
switcher and the strings the templates use all follow from data/languages.yml and
data/strings/<code>.yml. `settings` computes them as plain values; each engine adapter
puts them where its engine reads them (derechos.mkdocs_plugin into MkDocs' config; a
generated configuration file for an engine without plugins).
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from typing import Any

from derechos import csp, events, siteconfig
from derechos.metadata import today
from derechos.project import Language, Project
from derechos.yamlfile import DataError, Map

#: The offline copy's Web Worker shim, as the pages load it (vendored in overrides/, csp.SHIM).
SHIM = "assets/javascripts/iframe-worker.js"


@dataclass(frozen=True)
class Settings:
    site_url: str
    site_name: str
    site_description: str
    copyright: str
    theme_language: str
    #: mkdocs.yml's theme.palette with each toggle's name in this language.
    palette: list[Any]
    permalink_title: str
    nav: list[Any]
    #: The keys of `extra` this build sets (the others stay as mkdocs.yml has them).
    extra: dict[str, Any]
    repo_url: str | None
    repo_name: str | None
    edit_uri: str | None


def settings(project: Project, lang: Language, config: dict[str, Any], site_root: str, offline: bool) -> Settings:
    """This language's settings from mkdocs.yml (`config`, as read) and the project's data;
    a DataError names what is wrong (an unlabelled nav section, a script from another host)."""
    strings = project.strings[lang.code]
    palette = copy.deepcopy((config.get("theme") or {}).get("palette") or [])
    for entry in palette:
        if "toggle" in entry:
            entry["toggle"]["name"] = strings["palette"]["to_dark" if entry["scheme"] == "default" else "to_light"]
    publisher = siteconfig.repository(config.get("repo_url"))
    extra: dict[str, Any] = {
        "site_root": site_root,
        "strings": strings,
        "languages": [{"code": other.code, "name": other.name, "locale": other.locale, "root": other.root,
                       "home": site_root + other.root, "strings": project.strings[other.code]}
                      for other in project.languages],
        # Material shows its language switcher when extra.alternate is set; the partial
        # (overrides/partials/alternate.html) links each page to its twin.
        "alternate": [{"name": other.name, "link": (lang.up + other.root) or "./", "lang": other.code}
                      for other in project.languages],
        "feed": events.FEED,
        "publisher": publisher,
        # The date the site was built, as this language writes it (printed pages say it).
        "built": build_date(strings),
    }
    polyfills = list((config.get("extra") or {}).get("polyfills") or [])
    foreign = [str(p) for p in polyfills if "://" in str(p) or str(p).startswith("//")]
    if foreign:
        variant = " (offline copy)" if offline else ""
        raise DataError(f"mkdocs.yml:1: extra.polyfills{variant}: scripts from other hosts: {foreign} "
                        "(the site loads nothing from another host: vendor the file)")
    if offline:  # the vendored Web Worker shim instead of the CDN's
        if not (project.root / csp.SHIM).is_file():
            raise DataError(f"{csp.SHIM}:1: the offline copy needs this vendored Web Worker shim, and it is "
                            "missing (without it, Material's offline plugin would load it from a CDN)")
        extra["polyfills"] = [*(p for p in polyfills if "iframe-worker" not in str(p)), SHIM]
    repo = publisher["repo"] if publisher else None
    return Settings(
        site_url=site_root + lang.root, site_name=str(strings["site_name"]),
        site_description=" ".join(str(strings["site_description"]).split()),
        copyright=" ".join(str(strings["copyright"]).split()), theme_language=lang.code, palette=palette,
        permalink_title=str(strings["permalink_title"]),
        nav=translate_nav(config.get("nav") or [], strings["nav"]), extra=extra, repo_url=repo,
        repo_name=repo.removeprefix("https://github.com/") if repo else None,
        # Each page's "edit this page" link (GitHub's editor, which proposes the change as a pull
        # request) and its "view source" (the raw Markdown): this language's folder, published branch.
        edit_uri=f"edit/{os.environ.get('REPO_BRANCH') or 'main'}/docs/{lang.code}/" if repo else None,
    )


def build_date(strings: Map) -> str:
    day = today()
    return str(strings["dates"]["day"]).format(d=day.day, m=strings["dates"]["months"][day.month - 1], y=day.year)


def translate_nav(nav: list[Any], labels: Map) -> list[Any]:
    """Section titles in mkdocs.yml's nav are keys of the strings' `nav` mapping."""
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            (key, value), = item.items()
            if isinstance(value, list):
                if key not in labels:
                    raise DataError(f"mkdocs.yml:1: nav section {key!r} has no label "
                                    f"(add nav.{key} to every data/strings/<code>.yml)")
                out.append({labels[key]: translate_nav(value, labels)})
                continue
        out.append(item)
    return out
