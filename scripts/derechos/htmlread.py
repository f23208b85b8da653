"""The build's one HTML reader: elements, their attributes and where they are, through the
standard library's parser (html.parser), not regular expressions.

The Content-Security-Policy (derechos.csp), the rules on rendered pages (derechos.rendered),
quotations (derechos.quotes) and the short links' check (derechos.shortlinks) read HTML
through `read`: every start tag with its decoded attributes and offsets, and for the
elements asked for, the offsets of their content. The checker reads built sites with its
own standards-based tokenizer (derechos.check.htmlscan), made to be linear on hostile
input; this reader is for the pages the build itself writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Tag:
    name: str
    attrs: dict[str, str]
    start: int  # offset of "<"
    end: int    # offset after the start tag's ">"
    #: For the elements asked for: the offsets of the content and after the end tag (-1: unclosed).
    inner_end: int = -1
    close_end: int = -1
    line: int = 1

    def inner(self, markup: str) -> str:
        return markup[self.end:self.inner_end] if self.inner_end >= 0 else ""


@dataclass
class Page:
    tags: list[Tag] = field(default_factory=list)
    #: The visible text (outside script and style), in order.
    text: list[str] = field(default_factory=list)

    def elements(self, *names: str) -> list[Tag]:
        return [t for t in self.tags if t.name in names]


class _Reader(HTMLParser):
    def __init__(self, markup: str, closed: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.markup, self.closed, self.page = markup, closed, Page()
        self.lines = [0] + [i + 1 for i, c in enumerate(markup) if c == "\n"]
        self.open: dict[str, list[Tag]] = {}
        self.raw = 0  # inside script or style

    def _at(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._at()
        raw = self.get_starttag_text() or ""
        found = Tag(tag, {k: v or "" for k, v in reversed(attrs)}, start, start + len(raw),
                    line=self.getpos()[0])
        self.page.tags.append(found)
        if tag in self.closed:
            self.open.setdefault(tag, []).append(found)
        if tag in ("script", "style"):
            self.raw += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in self.closed:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        start = self._at()
        if tag in ("script", "style"):
            self.raw = max(0, self.raw - 1)
        stack = self.open.get(tag)
        if stack:
            element = stack.pop()
            element.inner_end = max(start, element.end)
            end = self.markup.find(">", start)
            element.close_end = len(self.markup) if end < 0 else end + 1

    def handle_data(self, data: str) -> None:
        if not self.raw:
            self.page.text.append(data)


def read(markup: str, closed: tuple[str, ...] = ()) -> Page:
    """Every start tag of `markup` (names in lower case, attributes decoded, the first of a
    repeated one kept), and where each element named in `closed` ends."""
    reader = _Reader(markup, frozenset(closed))
    reader.feed(markup)
    reader.close()
    return reader.page


def text(markup: str) -> str:
    """The text a reader sees in an HTML fragment, whitespace collapsed (a tag counts as a space)."""
    return " ".join(" ".join(read(markup).text).split())
