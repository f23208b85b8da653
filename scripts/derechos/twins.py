"""Twins: every page exists in every language, and the copies stay in step.

The one place these rules live: the rule registry (derechos.rules, rules `twin-*`) runs
them for the build and for the checker, on any docs/ folder. Twins have the same
explicit anchors in the same order, the same figures (numbers written in digits,
thousands separators normalised; compared as sets, see compare_twins), the same source
ids and the same status events.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from derechos.findings import Finding
from derechos.metadata import FrontMatter, Source, read_page

FENCE = re.compile(r"^\s*(```+|~~~+)")
#: `{ #id }` / `{: #id .class }` attribute lists (headings and elsewhere) and raw id="…".
ATTR_LIST_ID = re.compile(r"\{:?[^{}\n]*?(?<![\w&])#(\w[\w.:-]*)[^{}\n]*\}")
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


HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*?)\s*\{\s*#(?P<id>[a-z0-9][a-z0-9-]*)[^}]*\}\s*$")


def headings(body: str) -> dict[str, str]:
    """Explicit heading anchors of a Markdown body, with the heading's words."""
    out = {}
    for line in _strip_fences(body.splitlines()):
        match = HEADING.match(line)
        if match:
            out[match["id"]] = re.sub(r"[*_`]", "", match["text"]).strip()
    return out


class DocPage:
    def __init__(self, shown: str, text: str, fm: FrontMatter | None, path: Path | None = None) -> None:
        self.shown, self.fm = shown, fm
        #: The file (to tell which twin changed last), when read from one.
        self.path = path
        lines = text.splitlines()
        start = fm.body_line if fm else 1
        body = "\n".join(lines[start - 1:])
        self.body = body
        #: The line of the file where the body starts.
        self.first_line = start
        self.anchors = anchors(body, start)
        self.figures = figures(body, start)
        meta = fm.meta if fm else {}
        sources = meta.get("sources")
        self.sources = [s for s in sources if isinstance(s, str)] if isinstance(sources, list) else None
        self.sources_line = fm.line_of("sources") if fm else 1
        status = meta.get("situation")
        events = status.get("events") if isinstance(status, dict) else None
        self.status = [str(e) for e in events] if isinstance(events, list) else None
        self.status_line = fm.line_of("situation") if fm else 1


def read_docs(docs: Path, shown: str, codes: tuple[str, ...],
              sources: dict[str, Source]) -> tuple[dict[str, dict[str, DocPage]], list[Finding]]:
    """Every page of every language: its parsed form, and its front matter findings."""
    findings: list[Finding] = []
    pages: dict[str, dict[str, DocPage]] = {code: {} for code in codes}
    for code in codes:
        folder = docs / code
        if not folder.is_dir():
            findings.append(Finding(f"{shown}/{code}", None, "twin-missing",
                                    f"no {code} folder: every language needs {shown}/{code}/"))
            continue
        for path in sorted(folder.rglob("*.md")):
            if path.is_symlink():  # never read: the docs-files rule reports it (derechos.safety)
                continue
            rel = path.relative_to(folder).as_posix()
            page_shown = f"{shown}/{code}/{rel}"
            text, fm, errors = read_page(path, page_shown, sources)
            findings.extend(errors)
            pages[code][rel] = DocPage(page_shown, text, fm, path)
    return pages, findings


def compare_languages(pages: dict[str, dict[str, DocPage]], shown: str, codes: tuple[str, ...]) -> list[Finding]:
    """Each page of the first language against its twin in every other language."""
    findings: list[Finding] = []
    first = codes[0]
    for code in codes[1:]:
        for rel in sorted(set(pages[first]) | set(pages[code])):
            a, b = pages[first].get(rel), pages[code].get(rel)
            if a is None or b is None:
                have = a or b
                assert have is not None
                missing_code = first if a is None else code
                findings.append(Finding(have.shown, 1, "twin-missing",
                                        f"no twin {shown}/{missing_code}/{rel} (every page exists in "
                                        f"{' and '.join(codes)})"))
                continue
            if a.fm is not None and b.fm is not None:  # an unreadable page is reported as such
                findings.extend(compare_twins(a, b, first, code))
    return findings


def _summary(figures: list[tuple[str, int]]) -> str:
    distinct = sorted({n for n, _ in figures}, key=float)
    if not distinct:
        return "no figures"
    shown = ", ".join(distinct[:8]) + (", …" if len(distinct) > 8 else "")
    return f"{len(distinct)} distinct figure(s): {shown}"


def _newer(a: DocPage, b: DocPage) -> DocPage | None:
    """The twin the editor changed last (derechos.gitdates), None when that cannot be told."""
    if a.path is None or b.path is None:
        return None
    from derechos.gitdates import last_change

    when_a, when_b = last_change(a.path), last_change(b.path)
    return a if when_a > when_b else b if when_b > when_a else None


def _where_missing(page: DocPage, twin: DocPage, ident: str) -> int:
    """In `page`, the line of the heading that should carry `ident`: the first heading after
    the anchor that comes before `ident` in `twin` (the page's first line when none)."""
    ids = [i for i, _ in twin.anchors]
    before = ids[: ids.index(ident)]
    mine = dict(page.anchors)
    previous = next((mine[i] for i in reversed(before) if i in mine), page.first_line - 1)
    for number, text in enumerate(page.body.splitlines(), start=page.first_line):
        if number > previous and re.match(r"^#{1,6}\s", text):
            return number
    return max(previous, page.first_line)


def compare_twins(a: DocPage, b: DocPage, lang_a: str, lang_b: str) -> list[Finding]:
    out: list[Finding] = []
    # anchors: the same ids, in the same order
    ids_a = [i for i, _ in a.anchors]
    ids_b = [i for i, _ in b.anchors]
    counts = f"({lang_a} has {len(ids_a)} anchors, {lang_b} has {len(ids_b)})"
    missing_in_b = Counter(ids_a) - Counter(ids_b)
    missing_in_a = Counter(ids_b) - Counter(ids_a)
    changed_first = _newer(a, b)
    for page, other, missing in ((a, b, missing_in_b), (b, a, missing_in_a)):
        for ident, line in page.anchors:
            if missing[ident] > 0:
                missing[ident] -= 1
                if other is changed_first:  # the anchor went missing in the page the editor touched
                    out.append(Finding(other.shown, _where_missing(other, page, ident), "twin-anchors",
                                       f"#{ident} is missing here, but {page.shown}:{line} has it {counts}: put "
                                       f"{{ #{ident} }} back on the heading it marked, or remove it from "
                                       f"{page.shown} too (links and events point at it)"))
                else:
                    out.append(Finding(page.shown, line, "twin-anchors",
                                       f"#{ident} has no twin in {other.shown} {counts}"))
    if not out and ids_a != ids_b:
        for index, ((ia, la), (ib, _)) in enumerate(zip(a.anchors, b.anchors, strict=True)):
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
    # status box: the same events
    if a.status != b.status and (a.status or b.status):
        out.append(Finding(b.shown, b.status_line, "twin-status",
                           f"status events [{', '.join(b.status or [])}] differ from "
                           f"[{', '.join(a.status or [])}] in {a.shown}"))
    # sources: the same ids
    if a.sources is not None and b.sources is not None and set(a.sources) != set(b.sources):
        only_a = sorted(set(a.sources) - set(b.sources))
        only_b = sorted(set(b.sources) - set(a.sources))
        out.append(Finding(b.shown, b.sources_line, "twin-sources",
                           f"sources [{', '.join(b.sources)}] differ from [{', '.join(a.sources)}] in "
                           f"{a.shown} (only in {lang_a}: {', '.join(only_a) or 'none'}; "
                           f"only in {lang_b}: {', '.join(only_b) or 'none'})"))
    return out
