"""The strict build of both languages passes and puts each language where it belongs."""

from __future__ import annotations

import re
from pathlib import Path

from derechos.project import DOCS, LANGUAGES, language_root


def test_every_page_is_built_in_every_language(site: Path) -> None:
    for lang in LANGUAGES:
        for md in sorted((DOCS / lang).rglob("*.md")):
            rel = md.relative_to(DOCS / lang)
            html = site / language_root(lang) / rel.with_suffix(".html")
            assert html.is_file(), f"{md} was not built to {html}"


def test_docs_are_flat(site: Path) -> None:
    """Sub-folders would break the offline copy and Material's per-page language links."""
    for lang in LANGUAGES:
        nested = [str(p) for p in (DOCS / lang).rglob("*.md") if p.parent != DOCS / lang]
        assert nested == [], f"pages must sit directly in docs/{lang}/: {nested}"


def test_html_lang_is_the_page_language(site: Path) -> None:
    pages = 0
    for lang in LANGUAGES:
        for html in (site / language_root(lang)).rglob("*.html"):
            if lang == LANGUAGES[0] and any(html.relative_to(site).parts[0] == language_root(o).rstrip("/")
                                            for o in LANGUAGES[1:]):
                continue
            head = html.read_text(encoding="utf-8")[:400]
            match = re.search(r'<html lang="([^"]+)"', head)
            assert match, f"{html}: no <html lang>"
            assert match.group(1) == lang, f"{html}: <html lang={match.group(1)!r}>, expected {lang!r}"
            pages += 1
    assert pages >= 2 * len(LANGUAGES)


def test_each_language_has_its_own_search_index(site: Path) -> None:
    for lang in LANGUAGES:
        index = site / language_root(lang) / "search" / "search_index.json"
        assert index.is_file(), f"no search index for {lang}"
        text = index.read_text(encoding="utf-8")
        assert f'"lang":["{lang}"]' in text.replace(" ", ""), f"{index}: search language is not {lang}"
