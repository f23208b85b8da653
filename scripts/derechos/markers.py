"""The one marker syntax: a line `<!-- md:NAME -->` (or `<!-- md:NAME argument -->`) in a
page is replaced by what the block NAME renders, in the page's language.

Blocks are registered by name (derechos.blocks.BLOCKS); an unknown name, or a block that
fails, stops the build naming the page's file and line. Markers inside fenced code are
left alone, so a page can show one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from derechos.yamlfile import DataError, at

MARKER = re.compile(r"^\s*<!--\s*md:(?P<name>[a-z][a-z0-9-]*)(?:\s+(?P<arg>[^\s>][^>]*?))?\s*-->\s*$")
#: Anything that looks like a marker, to catch misspelt ones (`<!-- md: x -->`, `<!--md:X-->`).
LOOKS_LIKE = re.compile(r"<!--\s*md\s*:", re.I)
FENCE = re.compile(r"^\s*(```|~~~)")

#: A block renders Markdown from the page context and its argument (None when absent).
Block = Callable[[Any, str | None], str]


def expand(markdown: str, blocks: Mapping[str, Block], context: Any, file: str, first_line: int) -> str:
    """Replace every marker line of `markdown` (whose first line is line `first_line` of `file`)."""
    if "md" not in markdown:
        return markdown
    out: list[str] = []
    fence: str | None = None
    for number, line in enumerate(markdown.split("\n"), start=first_line):
        fenced = FENCE.match(line)
        if fenced:
            fence = None if fence == fenced.group(1) else (fence or fenced.group(1))
        if fence is not None or fenced:
            out.append(line)
            continue
        match = MARKER.match(line)
        if match is None:
            if LOOKS_LIKE.search(line):
                raise DataError(at(file, number, f"malformed marker {line.strip()!r}: write it alone on "
                                                 "its line as <!-- md:NAME --> (lowercase name)"))
            out.append(line)
            continue
        name, arg = match.group("name"), match.group("arg")
        block = blocks.get(name)
        if block is None:
            raise DataError(at(file, number, f"unknown marker md:{name} (known: {', '.join(sorted(blocks))})"))
        try:
            out.append(block(context, arg))
        except DataError as error:
            raise DataError([*error.messages, f"{file}:{number}: (in the block md:{name} used here)"]) from None
    return "\n".join(out)
