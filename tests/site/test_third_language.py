"""Adding a language is its declaration, its docs/ tree, its strings and its data texts.

(Its data texts: a `fr:` beside every `es:`/`en:` of data/events.yml, data/sources.yml,
data/organisations.yml, and its short-link slugs in data/shortlinks.yml.)

In a throw-away copy of the project, French is added the way DEVELOPERS.md says: one entry
in data/languages.yml, docs/fr/ (here the English pages, without their quotations: a
French page may only quote French texts, and there are none), data/strings/fr.yml, and a
`fr:` text wherever a data file has one per language. No code and no configuration
changes. The build then serves French at /fr/, and every language's pages link to it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from derechos.build import build_site
from derechos.project import load_project

#: A quotation element, to keep only its text (the French copy has no French source texts).
QUOTE = re.compile(r"<(?P<tag>q|blockquote)\b[^>]*>(?P<body>.*?)</(?P=tag)\s*>", re.S | re.I)


def with_french(value: Any) -> Any:
    """The same data, with a French text (the English one) beside every Spanish/English pair."""
    if isinstance(value, dict):
        out = {k: with_french(v) for k, v in value.items()}
        if {"es", "en"} <= set(value):  # a text, or short-link slugs, per language
            out["fr"] = out["en"]
        return out
    if isinstance(value, list):
        return [with_french(v) for v in value]
    return value


def add_french(copy: Path) -> None:
    with (copy / "data" / "languages.yml").open("a", encoding="utf-8") as declaration:
        declaration.write("\n- code: fr\n  name: Français\n  locale: fr_FR\n  root: fr/\n")
    strings = (copy / "data" / "strings" / "en.yml").read_text(encoding="utf-8")
    (copy / "data" / "strings" / "fr.yml").write_text(
        strings.replace("site_name: Digital rights in Mexico", "site_name: Droits numériques au Mexique"),
        encoding="utf-8")
    for name in ("events.yml", "sources.yml", "organisations.yml", "shortlinks.yml"):
        path = copy / "data" / name
        path.write_text(yaml.safe_dump(with_french(yaml.safe_load(path.read_text(encoding="utf-8"))),
                                       allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copytree(copy / "docs" / "en", copy / "docs" / "fr")
    for page in (copy / "docs" / "fr").glob("*.md"):
        text = QUOTE.sub(lambda m: m.group("body"), page.read_text(encoding="utf-8"))  # no French texts to quote
        page.write_text(re.sub(r'<blockquote[^>]*>|</blockquote>', "", text), encoding="utf-8")


def test_a_third_language_builds_from_its_declaration_docs_and_strings(project_copy: Path) -> None:
    add_french(project_copy)
    project = load_project(project_copy)
    assert project.codes == ("es", "en", "fr")
    site = build_site(project_copy / "site", "https://example.org/repo/", project=project)

    home = (site / "fr" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in home
    assert "<title>Droits numériques au Mexique</title>" in home
    for page in ("index.html", "surveillance.html", "timeline.html"):
        for lang in project.languages:
            html = (site / lang.root / page).read_text(encoding="utf-8")
            switcher = dict(re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)" lang="[a-z]+" class="md-select__link"',
                                       html))
            assert sorted(switcher.values()) == ["en", "es", "fr"], f"{lang.root}{page}: {switcher}"
            path = "" if page == "index.html" else page
            assert f'<link rel="alternate" hreflang="fr" href="https://example.org/repo/fr/{path}">' in html
    assert '<meta property="og:locale" content="fr_FR">' in home
    assert '<meta property="og:locale:alternate" content="fr_FR">' in (site / "index.html").read_text(encoding="utf-8")
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert '<div lang="fr">' in not_found and '<a href="https://example.org/repo/fr/">' in not_found
    assert "Sitemap: https://example.org/repo/fr/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    assert (site / "fr" / "feed.xml").is_file() and (site / "fr" / "search" / "search_index.json").is_file()
    assert (site / "fr" / "timeline.html").read_text(encoding="utf-8").count('class="timeline-entry') > 20
