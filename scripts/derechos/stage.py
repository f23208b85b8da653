"""The pages as any engine renders them: docs/<lang>/ written out with what the build adds.

Before an engine runs, each page of a language is copied into a staging folder (named
after the language: engines and the MkDocs adapter read the language from it) with its
front matter as written and its body completed from the data:

- the reviewed date right after the page's `# Title`, and on a topic page the status box
  after its lead (front matter `reviewed`, `situation:`; derechos.events.page_top);
- every marker `<!-- md:NAME -->` replaced by what its block renders (derechos.blocks);
- the list of the page's sources at its end (front matter `sources:`).

So whatever renders the Markdown (MkDocs, Zensical: anything that runs Python-Markdown
with mkdocs.yml's `markdown_extensions`) gets the same page, and nothing of this needs a
hook. The rules (derechos.rules) have checked every page first. Other files of
docs/<lang>/ are copied as they are.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from derechos import blocks, events, markers
from derechos.context import Build, PageContext


def expand_body(build: Build, src_uri: str, body: str, first_line: int) -> str:
    """A page's Markdown body with its status box, markers and sources list in place
    (`first_line`: the line of the file the body starts on, for messages)."""
    shown = build.shown(src_uri)
    fm = build.pages[src_uri]
    context = PageContext(build, src_uri, shown)
    expanded = markers.expand(body, blocks.renderers(), context, shown, first_line)
    top = events.page_top(context, fm)
    sources = blocks.sources_section(context, list(fm.meta["sources"]))
    lead = "situation" in fm.meta  # a topic page: its lead comes before the status box
    return _after_title(expanded, top, lead) + ("\n\n" + sources if sources else "") + "\n"


def _after_title(markdown: str, box: str, after_lead: bool = False) -> str:
    """Insert a block right after the page's `# Title` line or, with `after_lead`, after the
    paragraph that follows it (a topic page's lead: what happened, and where it stands)."""
    if not box:
        return markdown
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            at = index + 1
            if after_lead:
                while at < len(lines) and not lines[at].strip():
                    at += 1
                while at < len(lines) and lines[at].strip():
                    at += 1
            return "\n".join([*lines[:at], "", box, "", *lines[at:]])
    return box + "\n\n" + markdown


def stage(build: Build, target: Path) -> Path:
    """Write this language's pages, completed, into target/<code>/ (returned: the docs_dir)."""
    source = build.project.docs / build.lang.code
    folder = target / build.lang.code
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source).as_posix()
        out = folder / rel
        if path.is_dir():
            out.mkdir(parents=True, exist_ok=True)
        elif path.suffix == ".md" and rel in build.pages:
            lines = path.read_text(encoding="utf-8").split("\n")
            fm = build.pages[rel]
            head = "\n".join(lines[: fm.body_line - 1])
            body = "\n".join(lines[fm.body_line - 1:]).lstrip("\n")
            first = fm.body_line + next((i for i, line in enumerate(lines[fm.body_line - 1:]) if line.strip()), 0)
            out.write_text(head + "\n\n" + expand_body(build, rel, body, first), encoding="utf-8")
        else:
            shutil.copy2(path, out)
    return folder
