"""Every quotation of every page, in every language, is verbatim in its source's text in that
language, in the Markdown and in the built page (the check needs nothing outside the repository)."""

from __future__ import annotations

from pathlib import Path

from derechos.project import Project
from derechos.quotes import check, find, load_texts


def test_every_quote_is_verbatim_in_its_own_language(project: Project) -> None:
    texts = load_texts(project.root)
    counts = {}
    for lang in project.languages:
        pages = sorted((project.docs / lang.code).glob("*.md"))
        errors = [f.text() for page in pages
                  for f in check(page.read_text(encoding="utf-8"), project.shown(page), 1, lang.code, texts)]
        assert errors == []
        counts[lang.code] = sum(len(find(p.read_text(encoding="utf-8"))) for p in pages)
    assert all(counts.values()), f"no quotation found in some language: {counts} (the pattern no longer matches?)"


def test_built_pages_keep_every_quote_verbatim(site: Path, project: Project) -> None:
    """Rendering keeps each quotation, its attributes and its words."""
    texts = load_texts(project.root)
    for lang in project.languages:
        for page in sorted((project.docs / lang.code).glob("*.md")):
            built = site / lang.root / page.with_suffix(".html").name
            text = built.read_text(encoding="utf-8")
            assert [f.text() for f in check(text, str(built.relative_to(site)), 1, lang.code, texts)] == []
            expected = [(q.attributes.get("data-source"), q.attributes.get("lang"), q.text)
                        for q in find(page.read_text(encoding="utf-8")) if q.tag == "q"]
            rendered = [(q.attributes.get("data-source"), q.attributes.get("lang"), q.text)
                        for q in find(text) if q.tag == "q"]
            assert rendered == expected, f"{built}: quotes differ from {project.shown(page)}"
