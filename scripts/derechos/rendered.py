"""What the reader sees: rules on each page's Markdown and on its rendered HTML.

A check that passes proves only what it checks; these look at the page as it renders.
On the Markdown (the page's file and line are known):

- every heading is an ATX heading with an explicit, language-independent anchor,
  `## Título { #anchor }`; a line starting with `#word` (`#InternetEsNuestra…`), which
  Python-Markdown turns into a heading, a setext heading (a line of `===` or `---` under
  text) and a raw `<h2>` are errors; so is a line inside a paragraph or list item that
  starts with a number and a period (`2016. La publicó…`), which becomes a list item;
- quotations name their source and are verbatim in that source's text in the page's
  language (derechos.quotes);
- no inline `<script>`, event handler (`onclick=`) or `javascript:` URL: the
  Content-Security-Policy trusts only the theme (derechos.csp).

On the rendered page content: exactly one `<h1>`; every heading's id is one of the
explicit anchors; no Markdown syntax left visible in the text outside code (`**`, `](`,
`{ #`); the same script rules again, for what blocks and extensions produce. A finding
on the HTML names the Markdown line where its text is found.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from derechos import htmlread, quotes, safety
from derechos.findings import Finding
from derechos.project import Project
from derechos.twins import ATTR_LIST_ID, _strip_fences

ATX = re.compile(r"^(#{1,6})(\s+|$)(.*?)\s*$")
WORD_AFTER_HASH = re.compile(r"^#{1,6}[^\s#]")
EXPLICIT_ANCHOR = re.compile(r"\{\s*#[a-z0-9][a-z0-9-]*(\s[^}]*)?\}\s*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
RAW_HEADING = re.compile(r"<h[1-6]\b", re.I)
CODE_SPAN = re.compile(r"(`+).+?\1")
SCRIPT = re.compile(r"<script\b", re.I)
HANDLER = re.compile(r"""<[a-zA-Z][^>]*?\s(on[a-z]+)\s*=""", re.I)
#: Raw HTML blocks whose lines are not Markdown text (a line there is not a setext underline).
HTML_LINE = re.compile(r"^\s*</?[a-zA-Z]")
#: A line that starts like a numbered list item ("2016. La publicó…").
NUMBERED = re.compile(r"^\s*\d+[.)]\s")


def markdown_findings(markdown: str, file: str, first_line: int, lang: str, project: Project) -> list[Finding]:
    """Rules on a page's Markdown body (its first line is line `first_line` of `file`)."""
    out: list[Finding] = []
    lines = _strip_fences(markdown.split("\n"))
    previous, numbered_block = "", False
    for offset, raw in enumerate(lines):
        line = first_line + offset
        code_free = CODE_SPAN.sub(" ", raw)
        if WORD_AFTER_HASH.match(raw):
            out.append(Finding(file, line, "heading",
                               f"{raw.strip()[:40]!r}: a line starting with '#' and a word becomes a page-size "
                               "heading; escape it (\\#) or move it off the start of the line"))
        else:
            atx = ATX.match(raw)
            if atx and not EXPLICIT_ANCHOR.search(atx.group(3)):
                out.append(Finding(file, line, "heading", f"heading {raw.strip()!r} has no explicit anchor; "
                                                          "write it as '## Heading { #stable-id }'"))
        if SETEXT.match(raw) and previous.strip() and not HTML_LINE.match(previous) and not previous.startswith(
                ("|", "-", "*", "+", ">")):
            out.append(Finding(file, line, "heading", "a line of '=' or '-' under text makes a setext heading, "
                                                      "which has no anchor; write '## Heading { #stable-id }' "
                                                      "(or leave a blank line before a rule)"))
        if not raw.strip():
            numbered_block = False
        elif NUMBERED.match(raw):
            if previous.strip() and not numbered_block:
                out.append(Finding(file, line, "list", f"{raw.strip()[:40]!r}: a line inside a paragraph or list item "
                                                       "that starts with a number and a period becomes a list item "
                                                       "(the text before it loses its end); reflow the paragraph"))
            numbered_block = True
        if RAW_HEADING.search(code_free):
            out.append(Finding(file, line, "heading", "a raw HTML heading; write it in Markdown, "
                                                      "'## Heading { #stable-id }'"))
        out += _script_findings(code_free, file, line)
        previous = raw
    prose = "\n".join(CODE_SPAN.sub(lambda m: " " * len(m.group(0)), x) for x in lines)
    out += quotes.check(prose, file, first_line, lang, quotes.load_texts(project.root))
    return out


def _script_findings(text: str, file: str, line: int | None, markdown: bool = True) -> list[Finding]:
    out = []
    if SCRIPT.search(text):
        out.append(Finding(file, line, "csp", "an inline <script>: the Content-Security-Policy trusts only "
                                              "the theme's scripts, so a page cannot carry its own"))
    handler = HANDLER.search(text)
    if handler:
        out.append(Finding(file, line, "csp", f"an inline event handler ({handler.group(1)}=): the "
                                              "Content-Security-Policy does not allow it"))
    for rule, message in safety.content_problems(text) if markdown else ():
        out.append(Finding(file, line, rule, message))
    return out


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: The class of the ¶ link Python-Markdown's toc extension appends to each heading.
PERMALINK = "headerlink"
#: The longest heading, in characters as the reader sees it (a timeline entry's title
#: and date included).
HEADING_MAX = 90
LEFTOVER = (("**", "'**' (bold markers)"), ("](", "'](' (a Markdown link)"), ("{ #", "'{ #' (an anchor)"),
            ("{: ", "'{: ' (an attribute list)"))


def html_findings(content: str, markdown: str, source: str, file: str, lang: str, project: Project) -> list[Finding]:
    """Rules on a page's rendered content (`markdown`: after the markers; `source`: the file)."""
    out: list[Finding] = []
    read = htmlread.read(content, HEADINGS)
    headings = [(t.name[1], t.attrs.get("id"), t.inner(content)) for t in read.elements(*HEADINGS)]
    h1 = [h for h in headings if h[0] == "1"]
    if len(h1) != 1:
        shown = ", ".join(repr(_text(h[2])[:40]) for h in h1) or "none"
        out.append(Finding(file, _locate(source, _text(h1[1][2]) if len(h1) > 1 else ""), "heading",
                           f"{len(h1)} <h1> on the page ({shown}): a page has exactly one, its title"))
    explicit = {m.group(1) for m in ATTR_LIST_ID.finditer(markdown)}
    for level, ident, inner in headings:
        words = _text(_without(inner, ("a",), lambda tag: PERMALINK in tag.attrs.get("class", "").split()))
        if len(words) > HEADING_MAX:
            out.append(Finding(file, _locate(source, words), "heading",
                               f"<h{level}> {words[:50]!r}… is {len(words)} characters: a heading has at most "
                               f"{HEADING_MAX} (on a phone a longer one fills the screen); shorten it and keep "
                               "its anchor"))
        if ident not in explicit:
            out.append(Finding(file, _locate(source, _text(inner)), "heading",
                               f"<h{level}> {_text(inner)[:50]!r} has the id {ident!r}, "
                               "which no explicit { #anchor } gave it"))
    prose = _without(content, ("pre", "code"))
    visible = _text(prose)
    for mark, what in LEFTOVER:
        at = visible.find(mark)
        if at >= 0:
            context = visible[max(0, at - 30): at + 30].strip()
            after = visible[at + len(mark): at + len(mark) + 40]
            out.append(Finding(file, _locate(source, after.strip() or context), "markdown",
                               f"{what} left visible in the text: …{context}…"))
    for problem in _script_findings(prose, file, None, markdown=False):
        out.append(Finding(problem.file, _locate(source, "<script") or None, problem.rule, problem.message))
    tags = [(t.name, t.attrs) for t in htmlread.read(prose).tags]
    for needle, rule, message in safety.html_problems(tags):
        out.append(Finding(file, _line_with(source, needle), rule, message))
    blockquotes = [q for q in quotes.find(content) if q.tag == "blockquote"]
    for quote in blockquotes:
        if "data-source" not in quote.attributes:
            out.append(Finding(file, _locate(source, quote.text[:30]), "quote",
                               "a blockquote without data-source: a passage quoted from a source is written "
                               "<blockquote data-source=\"ID\" lang=\"LANG\" markdown>; anything else is not a "
                               "quotation (use an admonition)"))
    return out


def _line_with(source: str, needle: str) -> int:
    """The first line of the Markdown file that holds `needle` (any case), else where its text is."""
    for part in dict.fromkeys((needle, needle[:3])):
        for number, line in enumerate(source.split("\n"), start=1):
            if part and part.lower() in line.lower():
                return number
    return _locate(source, needle)


def _text(markup: str) -> str:
    return htmlread.text(markup)


def _without(content: str, names: tuple[str, ...], which: Callable[[htmlread.Tag], bool] = lambda tag: True) -> str:
    """The content with each element of these names (tags included) replaced by a space."""
    out, at = [], 0
    for tag in sorted(htmlread.read(content, names).elements(*names), key=lambda t: t.start):
        if tag.start >= at and tag.close_end >= 0 and which(tag):
            out += [content[at:tag.start], " "]
            at = tag.close_end
    return "".join(out) + content[at:]


def _locate(source: str, snippet: str) -> int:
    """The line of the Markdown file where a piece of rendered text is written: where its words
    are, else the first marker (blocks write what the file does not), else 1."""
    words = " ".join(snippet.split()[:4])
    if words:
        flat = re.sub(r"[*_`\[\]]", "", source)
        for number, line in enumerate(flat.split("\n"), start=1):
            if words in " ".join(line.split()):
                return number
        first = snippet.split()[0] if snippet.split() else ""
        for number, line in enumerate(source.split("\n"), start=1):
            if first and first in line:
                return number
    for number, line in enumerate(source.split("\n"), start=1):
        if "<!-- md:" in line:
            return number
    return 1
