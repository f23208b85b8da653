"""Quotations: every one names its source, is in the page's language and is verbatim.

The site quotes its sources briefly, as `<q data-source="ID" lang="LANG">…</q>` (inline)
or `<blockquote data-source="ID" lang="LANG" markdown>…</blockquote>` (a passage). The
text must appear word for word in that source's text in that language, kept in the
repository as data/texts/<ID>.<LANG>.txt (a YAML header, then the text as captured;
a line `[…]` marks a passage that was not captured, so no quotation can span it). A
Spanish page quotes a Spanish text, an English page an English one.

Only whitespace, curly and straight quotes and apostrophes, and the ellipsis written
as "…" or "..." are normalised: anything else that differs is a misquotation.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from derechos import htmlread
from derechos.findings import Finding
from derechos.yamlfile import DataError, at, expect_map, keys, loads, read_text, text

TEXTS = "data/texts"
GAP = "[…]"
CHARACTER_MAP = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def normalise(value: str) -> str:
    """Unescape HTML, straighten quotes, collapse whitespace."""
    return " ".join(html.unescape(value).translate(CHARACTER_MAP).replace("...", "…").split())


@dataclass(frozen=True)
class SourceText:
    source: str
    lang: str
    file: str
    url: str
    #: The captured passages, each normalised (a quotation must fit inside one).
    passages: tuple[str, ...]

    def contains(self, quotation: str) -> bool:
        return any(quotation in passage for passage in self.passages)


@cache
def load_texts(root: Path) -> dict[tuple[str, str], SourceText]:
    """Every source text of data/texts/, by (source id, language)."""
    out: dict[tuple[str, str], SourceText] = {}
    for path in sorted((root / TEXTS).glob("*.txt")):
        shown = f"{TEXTS}/{path.name}"
        raw = read_text(path, shown)
        lines = raw.split("\n")
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if not lines or lines[0].strip() != "---" or end is None:
            raise DataError(at(shown, 1, "a source text starts with a YAML header between two '---' lines"))
        header = expect_map(loads("\n".join(lines[1:end]), shown, 1), shown, None, "the header")
        keys(header, ("source", "lang", "edition", "url", "captured"), ("also", "notes"), what="the header")
        source, lang = text(header, "source"), text(header, "lang")
        if path.name != f"{source}.{lang}.txt":
            raise header.error("source", f"the file of source {source!r} in {lang!r} must be named "
                                         f"{source}.{lang}.txt")
        body = "\n".join(lines[end + 1:])
        passages = tuple(normalise(p) for p in body.split(GAP) if p.strip())
        out[(source, lang)] = SourceText(source, lang, shown, text(header, "url"), passages)
    return out


@dataclass(frozen=True)
class Quotation:
    tag: str
    line: int
    attributes: dict[str, str]
    text: str  # normalised, inner tags removed


def find(markup: str, first_line: int = 1) -> list[Quotation]:
    """Every quotation element of a Markdown or HTML text, with the line it starts on."""
    out = []
    for tag in htmlread.read(markup, ("q", "blockquote")).elements("q", "blockquote"):
        if tag.inner_end < 0:  # not closed: not a quotation
            continue
        body = re.sub(r"(?m)^\s*>\s?", "", tag.inner(markup))  # a Markdown quote inside
        out.append(Quotation(tag.name, first_line + tag.line - 1, dict(tag.attrs), normalise(htmlread.text(body))))
    return out


def check(markup: str, file: str, first_line: int, lang: str,
          texts: dict[tuple[str, str], SourceText]) -> list[Finding]:
    """Findings for the quotations of one page in language `lang`."""
    findings = []
    known = ", ".join(sorted({s for s, _ in texts}))
    for quote in find(markup, first_line):
        def problem(message: str, quote: Quotation = quote) -> None:
            findings.append(Finding(file, quote.line, "quote", message))

        sid, qlang = quote.attributes.get("data-source"), quote.attributes.get("lang")
        if not quote.text:
            problem(f"empty <{quote.tag}>")
            continue
        if sid is None:
            problem(f"<{quote.tag}> has no data-source attribute (the source it quotes: {known})")
            continue
        if qlang is None:
            problem(f"<{quote.tag}> has no lang attribute (the language of the quoted text)")
            continue
        if qlang != lang:
            problem(f"lang={qlang!r} on a {lang!r} page: quote the {lang} text of {sid} "
                    f"(or paraphrase in {lang} and say what the original says)")
            continue
        source = texts.get((sid, lang))
        if source is None:
            have = sorted(code for s, code in texts if s == sid)
            problem(f"no {lang} text of source {sid!r} in {TEXTS}/ to quote from" +
                    (f" (texts of it: {', '.join(have)})" if have else f" (quotable sources: {known})"))
            continue
        if not source.contains(quote.text):
            problem(f"not found verbatim in {source.file}: {quote.text!r}")
    return findings
