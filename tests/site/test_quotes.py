"""Every quotation is attributed and appears verbatim in the source text it names.

The site quotes its two sources with inline `<q data-source="ID" lang="LANG">…</q>`
elements, copied verbatim from the source text file (a project rule). This module checks,
for every page in both languages, the Markdown sources and the built HTML:

- every `<q>` names a known source (`data-source`) and the language of the quoted text
  (`lang`, which must be the language of that source text);
- its text appears word for word in the source text, after normalising only whitespace,
  curly vs straight apostrophes and curly vs straight double quotes.

The source texts live beside the repository, in ../shared/sources
(sitelib.project.SHARED_SOURCES); without that folder the verbatim tests skip and say
why. The checking function itself is tested on small fixtures in tests/data/quotes/.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from derechos.findings import Finding
from derechos.metadata import load_sources
from derechos.project import DOCS, LANGUAGES, ROOT, SHARED_SOURCES, language_root

#: The sources that may be quoted: id (as in data/sources.yml) -> text file in
#: SHARED_SOURCES, and the language that text is written in.
QUOTE_SOURCES: dict[str, str] = {
    "accessnow-2021": "accessnow-2021-four-signs.txt",
    "igf-2016": "igf-2016-statement.txt",
}
SOURCE_LANGUAGE: dict[str, str] = {"accessnow-2021": "en", "igf-2016": "en"}

FIXTURES = Path(__file__).parent / "data" / "quotes"

QUOTE = re.compile(r"<q\b([^>]*)>(.*?)</q\s*>", re.DOTALL | re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
TAG = re.compile(r"<[^>]+>")
#: The only differences tolerated between a quote and its source.
CHARACTER_MAP = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    """Unescape HTML, map curly quotes to straight ones, collapse whitespace."""
    return " ".join(html.unescape(text).translate(CHARACTER_MAP).split())


@dataclass(frozen=True)
class SourceText:
    name: str  # file name, for messages
    text: str  # normalised


@dataclass(frozen=True)
class Quote:
    line: int
    attributes: dict[str, str]
    text: str  # normalised, inner tags removed


def find_quotes(text: str) -> list[Quote]:
    """Every `<q>` element of a Markdown or HTML text, with the line it starts on."""
    quotes = []
    for match in QUOTE.finditer(text):
        attributes = {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
                      for m in ATTRIBUTE.finditer(match.group(1))}
        line = text.count("\n", 0, match.start()) + 1
        quotes.append(Quote(line, attributes, normalise(TAG.sub("", match.group(2)))))
    return quotes


def check_quotes(text: str, file: str, sources: Mapping[str, SourceText] | None) -> list[Finding]:
    """Findings for one page; with `sources=None` only the attribution is checked."""
    findings = []
    known = ", ".join(QUOTE_SOURCES)
    for quote in find_quotes(text):
        def problem(message: str) -> None:
            findings.append(Finding(file, quote.line, "quote", message))

        sid = quote.attributes.get("data-source")
        lang = quote.attributes.get("lang")
        if not quote.text:
            problem("empty quotation")
        if sid is None:
            problem(f"<q> has no data-source attribute (known sources: {known})")
        elif sid not in QUOTE_SOURCES:
            problem(f"unknown data-source {sid!r} (known sources: {known})")
        if lang is None:
            problem("<q> has no lang attribute (the language of the quoted text)")
        elif sid in SOURCE_LANGUAGE and lang != SOURCE_LANGUAGE[sid]:
            problem(f"lang={lang!r}, but the {sid} source text is in {SOURCE_LANGUAGE[sid]!r}")
        if sources is not None and sid in QUOTE_SOURCES and quote.text:
            source = sources[sid]
            if quote.text not in source.text:
                problem(f"not found verbatim in {source.name}: {quote.text!r}")
    return findings


def load_source_texts(folder: Path = SHARED_SOURCES) -> dict[str, SourceText]:
    return {sid: SourceText(name, normalise((folder / name).read_text(encoding="utf-8")))
            for sid, name in QUOTE_SOURCES.items()}


def markdown_pages() -> list[Path]:
    return sorted(p for lang in LANGUAGES for p in (DOCS / lang).glob("*.md"))


def messages(findings: list[Finding]) -> list[str]:
    return [f.text() for f in findings]


@pytest.fixture(scope="module")
def source_texts() -> dict[str, SourceText]:
    missing = [name for name in QUOTE_SOURCES.values() if not (SHARED_SOURCES / name).is_file()]
    if missing:
        pytest.skip(f"source texts not found in {SHARED_SOURCES} ({', '.join(missing)}): "
                    "the verbatim check needs the shared folder beside the repository")
    return load_source_texts()


# --- The site --------------------------------------------------------------------------

def test_quotable_sources_are_registered() -> None:
    registry = load_sources()
    assert [sid for sid in QUOTE_SOURCES if sid not in registry] == []
    assert [sid for sid in QUOTE_SOURCES if registry[sid].kind != "primary"] == []


def test_every_quote_names_a_known_source_and_a_language() -> None:
    pages = markdown_pages()
    errors = [m for page in pages
              for m in messages(check_quotes(page.read_text(encoding="utf-8"),
                                             str(page.relative_to(ROOT)), None))]
    assert errors == []
    assert sum(len(find_quotes(p.read_text(encoding="utf-8"))) for p in pages) > 0, \
        "no <q> found in docs/: the quote pattern no longer matches the pages"


def test_every_quote_is_verbatim_in_its_source(source_texts: dict[str, SourceText]) -> None:
    errors = [m for page in markdown_pages()
              for m in messages(check_quotes(page.read_text(encoding="utf-8"),
                                             str(page.relative_to(ROOT)), source_texts))]
    assert errors == []


def test_built_pages_keep_every_quote_verbatim(site: Path, source_texts: dict[str, SourceText]) -> None:
    """Rendering keeps each quotation, its attributes and its words."""
    for page in markdown_pages():
        lang = page.parent.name
        built = site / language_root(lang) / page.with_suffix(".html").name
        text = built.read_text(encoding="utf-8")
        assert messages(check_quotes(text, str(built.relative_to(site)), source_texts)) == []
        expected = [(q.attributes.get("data-source"), q.attributes.get("lang"), q.text)
                    for q in find_quotes(page.read_text(encoding="utf-8"))]
        rendered = [(q.attributes.get("data-source"), q.attributes.get("lang"), q.text)
                    for q in find_quotes(text)]
        assert rendered == expected, f"{built}: quotes differ from {page.relative_to(ROOT)}"


# --- The checking function, on fixtures --------------------------------------------------

@pytest.fixture(scope="module")
def fixture_sources() -> dict[str, SourceText]:
    text = normalise((FIXTURES / "source.txt").read_text(encoding="utf-8"))
    return {sid: SourceText("source.txt", text) for sid in QUOTE_SOURCES}


def test_verbatim_quotes_pass_despite_apostrophes_quotes_and_line_breaks(
        fixture_sources: dict[str, SourceText]) -> None:
    text = (FIXTURES / "good.md").read_text(encoding="utf-8")
    assert len(find_quotes(text)) == 3
    assert check_quotes(text, "good.md", fixture_sources) == []


def test_bad_quotes_are_reported_with_file_line_and_reason(fixture_sources: dict[str, SourceText]) -> None:
    text = (FIXTURES / "bad.md").read_text(encoding="utf-8")
    known = "accessnow-2021, igf-2016"
    assert messages(check_quotes(text, "bad.md", fixture_sources)) == [
        "bad.md:2: quote: not found verbatim in source.txt: "
        "\"the use of NSO Group's spyware against civil society is old news\"",
        f"bad.md:4: quote: unknown data-source 'accessnow-2020' (known sources: {known})",
        "bad.md:6: quote: <q> has no lang attribute (the language of the quoted text)",
        f"bad.md:8: quote: <q> has no data-source attribute (known sources: {known})",
        "bad.md:10: quote: lang='es', but the accessnow-2021 source text is in 'en'",
    ]


def test_attribution_is_checked_without_the_source_texts() -> None:
    """With no source texts at hand, a paraphrase passes but a bad attribution still fails."""
    text = (FIXTURES / "bad.md").read_text(encoding="utf-8")
    found = messages(check_quotes(text, "bad.md", None))
    assert len(found) == 4
    assert not any("verbatim" in m for m in found)
