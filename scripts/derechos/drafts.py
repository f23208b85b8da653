"""What must never be published: a scaffold's placeholders, and sources that are only tests.

`dev.py new-page` and `dev.py new-event` (derechos.scaffold) write PLACEHOLDER where the
editor has to write: the build refuses every file that still holds one, naming the file
and line, so a stub can never be published. A source whose address is at a domain reserved
for examples (example.org, example.com, example.net) or whose id says TEST is refused the
same way. `dev.py serve` shows the pages anyway, with these findings printed as what is
left to do (DRAFT_RULES), so a page can be previewed while it is being written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from derechos.findings import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from derechos.rules import Inputs

#: The word a scaffold writes where the editor has to write (and, in ids, its kebab form).
PLACEHOLDER = "COMPLETAR"
PLACEHOLDER_ID = "por-completar"
FOUND = re.compile(rf"{PLACEHOLDER}|{PLACEHOLDER_ID}")
EXAMPLE_HOSTS = ("example.org", "example.com", "example.net")
TEST_ID = re.compile(r"(^|[-_.])test([-_.]|$)", re.IGNORECASE)
#: The rules whose findings `serve` prints instead of stopping on (the build stops on them).
DRAFT_RULES = ("placeholder", "test-source")


def _lines(path_text: str) -> Iterator[tuple[int, str]]:
    yield from enumerate(path_text.splitlines(), start=1)


def check_placeholders(inputs: Inputs) -> list[Finding]:
    """Every line of a page, data/events.yml or data/sources.yml that still holds a placeholder."""
    files = [(f"{inputs.shown}/{path.relative_to(inputs.docs).as_posix()}", path)
             for code in inputs.codes for path in sorted((inputs.docs / code).glob("*.md"))]
    files += [(f"data/{name}", inputs.project.data / name) for name in ("events.yml", "sources.yml")]
    out = []
    for shown, path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the rules that read the file
        for number, line in _lines(text):
            match = FOUND.search(line)
            if match:
                out.append(Finding(shown, number, "placeholder",
                                   f"«{match[0]}» is still here: write the text in its place "
                                   "(a stub of new-page or new-event is never published)"))
    return out


def check_test_sources(inputs: Inputs) -> list[Finding]:
    """Sources at a domain reserved for examples, or whose id says TEST."""
    out = []
    for sid, source in inputs.sources.items():
        hosts = sorted({(urlsplit(url).hostname or "") for url in (*source.url.values(), *source.also)})
        example = [h for h in hosts if h in EXAMPLE_HOSTS or h.endswith(tuple("." + e for e in EXAMPLE_HOSTS))]
        if example:
            out.append(Finding("data/sources.yml", source.line, "test-source",
                               f"source {sid!r} is at {example[0]}, a domain reserved for examples: give the "
                               "address where the source is published, or remove the entry"))
        if TEST_ID.search(sid):
            out.append(Finding("data/sources.yml", source.line, "test-source",
                               f"source {sid!r} says TEST in its id: a test entry is never published; "
                               "remove it (or give the real source an id of its own)"))
    return out
