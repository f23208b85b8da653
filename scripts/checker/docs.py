"""Checks on the Markdown sources: front matter (parsed and validated by
sitelib.metadata, the one schema) and translation drift between each page and its twin.

Twins must have the same explicit anchors in the same order, the same figures (numbers
written in digits, thousands separators normalised; compared as sets, see compare_twins)
and the same source ids.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from sitelib.findings import Finding
from sitelib.metadata import FrontMatter, Source, parse_front_matter, validate
from sitelib.project import LANGUAGES

FENCE = re.compile(r"^\s*(```+|~~~+)")
#: `{ #id }` / `{: #id .class }` attribute lists (headings and elsewhere) and raw id="…".
ATTR_LIST_ID = re.compile(r"\{:?[^{}\n]*?(?<![\w&])#([A-Za-z_][\w.:-]*)[^{}\n]*\}")
RAW_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
#: What is not prose for the figure comparison: URLs, link targets, tags, attribute
#: lists, footnote labels, inline code.
NOT_PROSE = re.compile(
    r"`[^`\n]*`"
    r"|https?://[^\s)>\]\"']+"
    r"|\]\([^)\n]*\)"
    r"|^\s*\[[^\]\n]+\]:.*$"
    r"|\[\^[^\]\n]*\]"
    r"|<[^>\n]+>"
    r"|\{:?[^{}\n]*\}",
    re.M,
)
ORDERED_MARKER = re.compile(r"^(\s*)\d+[.)](?=\s)", re.M)
NUMBER = re.compile(
    r"(?<![\w.,])(?:(?P<grouped>\d{1,3}(?P<sep>[,.\u00a0\u202f\u2009 ])\d{3}(?!\d)(?:(?P=sep)\d{3}(?!\d))*)"
    r"|(?P<plain>\d+))(?P<decimal>[.,]\d+)?(?![\w])"
)


def _strip_fences(lines: list[str]) -> list[str]:
    out, fence = [], None
    for line in lines:
        m = FENCE.match(line)
        if m:
            marker = m.group(1)
            if fence is None:
                fence = marker[0]
            elif marker[0] == fence:
                fence = None
            out.append("")
            continue
        out.append("" if fence else line)
    return out


def normalise_number(match: re.Match[str]) -> str:
    """`15,000` / `15.000` / `15 000` -> `15000`; `1,5` / `1.5` -> `1.5`; `1,234.5` -> `1234.5`."""
    whole = match.group("grouped") or match.group("plain")
    digits = "".join(ch for ch in whole if ch.isdigit()).lstrip("0") or "0"
    decimal = match.group("decimal")
    return f"{digits}.{decimal[1:]}" if decimal else digits


def figures(body: str, first_line: int) -> list[tuple[str, int]]:
    """Numbers written in digits in the Markdown body, normalised, with their lines."""
    lines = _strip_fences(body.splitlines())
    out: list[tuple[str, int]] = []
    for offset, line in enumerate(lines):
        prose = NOT_PROSE.sub(" ", ORDERED_MARKER.sub(r"\1", line))
        for m in NUMBER.finditer(prose):
            out.append((normalise_number(m), first_line + offset))
    return out


def anchors(body: str, first_line: int) -> list[tuple[str, int]]:
    """Explicit anchors in order: attr_list `#id` and raw `id="…"`."""
    out: list[tuple[str, int]] = []
    for offset, line in enumerate(_strip_fences(body.splitlines())):
        found = [(m.start(), m.group(1)) for m in ATTR_LIST_ID.finditer(line)]
        found += [(m.start(), m.group(1)) for m in RAW_ID.finditer(line)]
        out.extend((ident, first_line + offset) for _, ident in sorted(found))
    return out


class DocPage:
    def __init__(self, path: Path, shown: str, text: str, fm: FrontMatter | None) -> None:
        self.path, self.shown, self.fm = path, shown, fm
        lines = text.splitlines()
        start = fm.body_line if fm else 1
        body = "\n".join(lines[start - 1:])
        self.anchors = anchors(body, start)
        self.figures = figures(body, start)
        sources = fm.meta.get("sources") if fm else None
        self.sources = [s for s in sources if isinstance(s, str)] if isinstance(sources, list) else None
        self.sources_line = fm.key_lines.get("sources", 2) if fm else 1


def check_docs(docs: Path, shown: str, sources: dict[str, Source]) -> list[Finding]:
    findings: list[Finding] = []
    pages: dict[str, dict[str, DocPage]] = {lang: {} for lang in LANGUAGES}
    for lang in LANGUAGES:
        folder = docs / lang
        if not folder.is_dir():
            findings.append(Finding(f"{shown}/{lang}", None, "twin-missing",
                                    f"no {lang} folder: every language needs {shown}/{lang}/"))
            continue
        for path in sorted(folder.rglob("*.md")):
            rel = path.relative_to(folder).as_posix()
            page_shown = f"{shown}/{lang}/{rel}"
            try:
                text = path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError) as error:
                findings.append(Finding(page_shown, None, "front-matter", f"cannot read as UTF-8: {error}"))
                continue
            fm, errors = parse_front_matter(text, page_shown)
            findings.extend(errors)
            if fm is not None:
                findings.extend(validate(fm, page_shown, sources))
            pages[lang][rel] = DocPage(path, page_shown, text, fm)
    first = LANGUAGES[0]
    for lang in LANGUAGES[1:]:
        for rel in sorted(set(pages[first]) | set(pages[lang])):
            a, b = pages[first].get(rel), pages[lang].get(rel)
            if a is None or b is None:
                have = a or b
                assert have is not None
                missing_lang = first if a is None else lang
                findings.append(Finding(have.shown, 1, "twin-missing",
                                        f"no twin {shown}/{missing_lang}/{rel} (every page exists in "
                                        f"{' and '.join(LANGUAGES)})"))
                continue
            findings.extend(compare_twins(a, b, first, lang))
    return findings


def _summary(figures: list[tuple[str, int]]) -> str:
    distinct = sorted({n for n, _ in figures}, key=float)
    if not distinct:
        return "no figures"
    shown = ", ".join(distinct[:8]) + (", …" if len(distinct) > 8 else "")
    return f"{len(distinct)} distinct figure(s): {shown}"


def compare_twins(a: DocPage, b: DocPage, lang_a: str, lang_b: str) -> list[Finding]:
    out: list[Finding] = []
    # anchors: the same ids, in the same order
    ids_a = [i for i, _ in a.anchors]
    ids_b = [i for i, _ in b.anchors]
    counts = f"({lang_a} has {len(ids_a)} anchors, {lang_b} has {len(ids_b)})"
    missing_in_b = Counter(ids_a) - Counter(ids_b)
    missing_in_a = Counter(ids_b) - Counter(ids_a)
    for page, other, missing in ((a, b, missing_in_b), (b, a, missing_in_a)):
        for ident, line in page.anchors:
            if missing[ident] > 0:
                missing[ident] -= 1
                out.append(Finding(page.shown, line, "twin-anchors",
                                   f"#{ident} has no twin in {other.shown} {counts}"))
    if not out and ids_a != ids_b:
        for index, ((ia, la), (ib, _)) in enumerate(zip(a.anchors, b.anchors)):
            if ia != ib:
                out.append(Finding(b.shown, b.anchors[index][1], "twin-anchors",
                                   f"anchor {index + 1} is #{ib} here but #{ia} in {a.shown}:{la} "
                                   "(twins keep anchors in the same order)"))
                break
    # figures: every number written on one side is written on the other. Compared as
    # sets, not counts: a Spanish page quotes the English original and adds its own
    # rendering, so a quoted figure legitimately appears twice there and once in English.
    fig_a, fig_b = {n for n, _ in a.figures}, {n for n, _ in b.figures}
    for page, other, extra in ((a, b, fig_a - fig_b), (b, a, fig_b - fig_a)):
        for number, line in page.figures:
            if number in extra:
                extra.discard(number)
                out.append(Finding(page.shown, line, "twin-figures",
                                   f"the figure {number} is not in {other.shown} "
                                   f"({other.shown.split('/')[-2]} has {_summary(other.figures)})"))
    # sources: the same ids
    if a.sources is not None and b.sources is not None and set(a.sources) != set(b.sources):
        only_a = sorted(set(a.sources) - set(b.sources))
        only_b = sorted(set(b.sources) - set(a.sources))
        out.append(Finding(b.shown, b.sources_line, "twin-sources",
                           f"sources [{', '.join(b.sources)}] differ from [{', '.join(a.sources)}] in "
                           f"{a.shown} (only in {lang_a}: {', '.join(only_a) or 'none'}; "
                           f"only in {lang_b}: {', '.join(only_b) or 'none'})"))
    return out
