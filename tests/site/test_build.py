"""The strict build of every language passes and puts each language where it belongs."""

from __future__ import annotations

import re
from pathlib import Path

from derechos.project import Project


def test_every_page_is_built_in_every_language(site: Path, project: Project) -> None:
    for lang in project.languages:
        for md in sorted((project.docs / lang.code).rglob("*.md")):
            rel = md.relative_to(project.docs / lang.code)
            html = site / lang.root / rel.with_suffix(".html")
            assert html.is_file(), f"{md} was not built to {html}"


def test_docs_are_flat(project: Project) -> None:
    """Sub-folders would break the offline copy and Material's per-page language links."""
    for lang in project.languages:
        folder = project.docs / lang.code
        nested = [str(p) for p in folder.rglob("*.md") if p.parent != folder]
        assert nested == [], f"pages must sit directly in docs/{lang.code}/: {nested}"


def test_html_lang_is_the_page_language(site: Path, project: Project) -> None:
    pages = 0
    for html in site.rglob("*.html"):
        rel = html.relative_to(site).as_posix()
        lang = project.language_of(rel)
        match = re.search(r'<html lang="([^"]+)"', html.read_text(encoding="utf-8")[:400])
        assert match, f"{html}: no <html lang>"
        assert match.group(1) == lang.code, f"{rel}: <html lang={match.group(1)!r}>, expected {lang.code!r}"
        pages += 1
    assert pages >= 2 * len(project.languages)


def test_each_language_has_its_own_search_index(site: Path, project: Project) -> None:
    for lang in project.languages:
        index = site / lang.root / "search" / "search_index.json"
        assert index.is_file(), f"no search index for {lang.code}"
        text = index.read_text(encoding="utf-8")
        assert f'"lang":["{lang.code}"]' in text.replace(" ", ""), f"{index}: search language is not {lang.code}"


def test_the_build_owns_no_other_configuration(root: Path) -> None:
    """One MkDocs configuration for every language: the languages come from data/languages.yml."""
    assert sorted(p.name for p in root.glob("mkdocs*.yml")) == ["mkdocs.yml"]
    lines = [line for line in (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
             if not line.lstrip().startswith("#")]
    assert not [line for line in lines if line.strip().startswith(("alternate:", "language:"))]


def test_the_licence_file_matches_the_project_and_the_site(root: Path, project: Project) -> None:
    import tomllib

    licence = (root / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY 4.0" in licence and "https://creativecommons.org/licenses/by/4.0/" in licence
    assert "MIT licence" in licence and "Permission is hereby granted" in licence
    meta = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["license"] == "CC-BY-4.0 AND MIT"
    for lang in project.languages:
        assert "CC BY 4.0" in project.strings[lang.code]["copyright"]
        sources_page = (project.docs / lang.code / "sources.md").read_text(encoding="utf-8")
        assert "CC BY 4.0" in sources_page and "MIT" in sources_page, f"docs/{lang.code}/sources.md: the licences"
