"""The one marker syntax: a line `<!-- md:NAME -->` (or `<!-- md:NAME argument -->`) in a
page is replaced by what the block NAME renders, in the page's language.

Blocks are registered by name (derechos.blocks.BLOCKS); an unknown name, or a block that
fails, stops the build naming the page's file and line. Markers inside fenced code are
left alone, so a page can show one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from derechos.findings import Finding
from derechos.yamlfile import DataError

MARKER = re.compile(r"^\s*<!--\s*md:(?P<name>[a-z][a-z0-9-]*)(?:\s+(?P<arg>[^\s>][^>]*?))?\s*-->\s*$")
#: Anything that looks like a marker, to catch misspelt ones (`<!-- md: x -->`, `<!--md:X-->`).
LOOKS_LIKE = re.compile(r"<!--\s*md\s*:", re.I)
FENCE = re.compile(r"^\s*(```|~~~)")

#: A block renders Markdown from the page context and its argument (None when absent).
Block = Callable[[Any, str | None], str]


def _markers(markdown: str, first_line: int) -> Iterator[tuple[int, str, bool, re.Match[str] | None]]:
    """Each line with its number, whether it is fenced code, and its marker match (or None)."""
    fence: str | None = None
    for number, line in enumerate(markdown.split("\n"), start=first_line):
        fenced = FENCE.match(line)
        if fenced:
            fence = None if fence == fenced.group(1) else (fence or fenced.group(1))
        code = fence is not None or fenced is not None
        yield number, line, code, None if code else MARKER.match(line)


def findings(markdown: str, names: Iterable[str], file: str, first_line: int) -> list[Finding]:
    """Malformed markers and markers of no known block (rule `marker`)."""
    known = sorted(names)
    out = []
    for number, line, code, match in _markers(markdown, first_line):
        if match is None:
            if not code and LOOKS_LIKE.search(line):
                out.append(Finding(file, number, "marker", f"malformed marker {line.strip()!r}: write it alone on "
                                                           "its line as <!-- md:NAME --> (lowercase name)"))
        elif match.group("name") not in known:
            out.append(Finding(file, number, "marker",
                               f"unknown marker md:{match.group('name')} (known: {', '.join(known)})"))
    return out


def expand(markdown: str, blocks: Mapping[str, Block], context: Any, file: str, first_line: int) -> str:
    """Replace every marker line of `markdown` (whose first line is line `first_line` of `file`);
    the rules have refused unknown and malformed markers before (`findings`)."""
    if "md" not in markdown:
        return markdown
    problems = findings(markdown, blocks, file, first_line)
    if problems:
        raise DataError([p.text() for p in problems])
    out: list[str] = []
    for number, line, _code, match in _markers(markdown, first_line):
        if match is None:
            out.append(line)
            continue
        name, arg = match.group("name"), match.group("arg")
        try:
            out.append(blocks[name](context, arg))
        except DataError as error:
            raise DataError([*error.messages, f"{file}:{number}: (in the block md:{name} used here)"]) from None
    return "\n".join(out)
