"""The engine's link messages, located: `docs/<code>/page.md:LINE:` and what to do.

MkDocs reports a broken link as "Doc file 'page.md' contains a link 'x.md#y', but …",
without a line, and about the page it rendered (a staged copy). This finds the link in
the editor's own file (docs/<code>/page.md) and puts its line first, with a hint. The rule
`sources-link` refuses a link to the list of sources the build adds at the end of another page.
"""

from __future__ import annotations

import re
from pathlib import Path

from derechos.findings import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from derechos.rules import Inputs

LINK = re.compile(r"^Doc file '(?P<page>[^']+)' contains (?:a|an unrecognized relative|an absolute) link "
                  r"'(?P<link>[^']+)'")
HINT = ("Fix the link on that line: another page is written page.md (a file of the same folder), a "
        "section page.md#anchor with the { #anchor } of its heading.")


def line_of(text: str, link: str) -> int | None:
    """The line of the first `](link` (or `(link)`, `<link>`, `"link"`) in a Markdown text."""
    for pattern in (f"]({link}", f"]({link} ", f"({link})", f"<{link}>", f'"{link}"', link):
        at = text.find(pattern)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return None


def locate(message: str, docs: Path, shown: str) -> str:
    """`message` with the file and line of its link first (`shown` names docs/<code>), or as it was."""
    match = LINK.match(message)
    if match is None:
        return message
    path = docs / match["page"]
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return message
    line = line_of(text, match["link"])
    where = f"{shown}/{match['page']}" + (f":{line}" if line else "")
    return f"{where}: {message} {HINT}"


#: A link to another page's automatic list of sources (`other.md#sources`).
SOURCES_LINK = re.compile(r"(?:\]\(\s*|href=\")(?P<page>[a-z0-9][a-z0-9-]*\.md)#sources(?=[\s)\"])")


def check_sources_links(inputs: Inputs) -> list[Finding]:
    """A link to the list the build adds at the end of another page lands at its bottom, under
    whatever that page cites today: link to a section that says something about the source."""
    out = []
    for code, uri, page in inputs.each_page():
        for match in SOURCES_LINK.finditer(page.body):
            other = match["page"]
            if other == uri:
                continue
            twin = inputs.pages.get(code, {}).get(other)
            about = [a for a, _ in twin.anchors if "source" in a] if twin is not None else []
            better = [f"{other}#{a}" for a in about] or ["sources.md#sources-and-method (every source, with "
                                                         "how the site uses it)"]
            line = page.first_line + page.body.count("\n", 0, match.start())
            out.append(Finding(page.shown, line, "sources-link",
                               f"{other}#sources is the list the build adds at the end of {other}: the link would "
                               f"land at the bottom of that page; link instead to {' or '.join(better)}"))
    return out
