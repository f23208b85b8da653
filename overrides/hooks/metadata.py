"""MkDocs hook: validate each page's front matter and render its sources.

The schema and the source registry live in scripts/derechos/metadata.py and
data/sources.yml. A page with invalid metadata, or a heading without an explicit
language-independent anchor (`## Título { #anchor }`), fails the build with file and
line. The list of sources at the end of every page is generated here from the page's
`sources:` ids, never written by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from derechos.metadata import Source, SourceRegistryError, check_file, load_sources
from derechos.project import ROOT

HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*$")
EXPLICIT_ANCHOR = re.compile(r"\{\s*#[a-z0-9][a-z0-9-]*(\s[^}]*)?\}\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")

LABELS = {
    "es": {
        "heading": "Fuentes de esta página",
        "primary": "Fuente principal",
        "followup": "Desarrollo posterior",
        "licence": "Licencia",
        "no_licence": "licencia no indicada",
        "undated": "sin fecha",
        "also": "También en",
        "months": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
                   "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
        "day": "{d} de {m} de {y}",
        "month": "{m} de {y}",
    },
    "en": {
        "heading": "Sources for this page",
        "primary": "Primary source",
        "followup": "Later development",
        "licence": "Licence",
        "no_licence": "licence not stated",
        "undated": "undated",
        "also": "Also at",
        "months": ["January", "February", "March", "April", "May", "June", "July",
                   "August", "September", "October", "November", "December"],
        "day": "{d} {m} {y}",
        "month": "{m} {y}",
    },
}


def format_date(value: str | None, lang: str) -> str:
    """Render an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) in the page's language."""
    labels = LABELS[lang]
    if not value:
        return labels["undated"]
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = labels["months"][int(parts[1]) - 1]
    if len(parts) == 2:
        return labels["month"].format(m=month, y=parts[0])
    return labels["day"].format(d=int(parts[2]), m=month, y=parts[0])


def render_source(source: Source, lang: str) -> str:
    labels = LABELS[lang]
    title = source.title[lang] if source.title else source.site[lang]
    parts = [f"[{title}]({source.url_for(lang)})"]
    if source.title:
        parts.append(source.site[lang])
    if source.authors:
        parts.append(", ".join(source.authors))
    parts.append(format_date(source.date, lang))
    line = f"- **{labels[source.kind]}.** " + ", ".join(parts) + "."
    if source.kind == "primary":
        if source.licence and source.licence_url:
            line += f" {labels['licence']}: [{source.licence}]({source.licence_url})."
        elif source.licence:
            line += f" {labels['licence']}: {source.licence}."
        else:
            line += f" {labels['no_licence'].capitalize()}."
    line += f" {source.about[lang]}"
    if source.also:
        line += f" {labels['also']}: " + ", ".join(f"<{u}>" for u in source.also) + "."
    return line


def render_sources(ids: list[str], lang: str) -> str:
    if not ids:  # a page about the site itself
        return "\n"
    registry = load_sources()
    items = "\n".join(render_source(registry[sid], lang) for sid in ids)
    return f"\n\n## {LABELS[lang]['heading']} {{ #sources }}\n\n{items}\n"


def heading_findings(markdown: str, file: str, first_line: int) -> list[str]:
    """Every heading below the page title needs an explicit anchor, for stable links."""
    errors = []
    in_fence = False
    for offset, line in enumerate(markdown.splitlines()):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else HEADING.match(line)
        if match and not EXPLICIT_ANCHOR.search(match.group(2)):
            errors.append(f"{file}:{first_line + offset}: anchor: heading {line.strip()!r} has no "
                          "explicit anchor; write it as '## Heading { #stable-id }'")
    return errors


def on_page_markdown(markdown, page, config, files):
    lang = config.theme["language"]
    path = Path(page.file.abs_src_path)
    try:
        fm, findings = check_file(path, ROOT)
    except SourceRegistryError as error:
        raise PluginError(str(error)) from None
    errors = [f.text() for f in findings]
    if fm is not None:
        errors += heading_findings(markdown, str(path.relative_to(ROOT)), fm.body_line)
    if errors:
        raise PluginError("invalid page:\n" + "\n".join(errors))
    return markdown.rstrip() + render_sources(fm.meta["sources"], lang)
