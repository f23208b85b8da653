"""MkDocs hook: render lists kept as data into the pages that show them.

Some lists appear on a page in both languages (today: the twelve signatories of the
IGF 2016 statement, data/organisations.yml). Writing them twice would let the copies
drift, so a page holds a marker on its own line,

    <!-- data: signatories -->

and this hook replaces it with Markdown rendered from the data file, in the page's
language. An unknown marker, or a malformed data file, fails the build with the file
and line at fault.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from mkdocs.exceptions import PluginError

from derechos.project import DATA, LANGUAGES, ROOT
from derechos.yamlerror import yaml_error

MARKER = re.compile(r"^<!--\s*data:\s*(?P<name>[^\s>]*)\s*-->\s*$")
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ORGANISATIONS = DATA / "organisations.yml"
ORGANISATION_KEYS = {"id", "name", "website", "notes"}


class DataFileError(ValueError):
    """A data file is malformed; the message starts with `file:line:`."""


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    website: str | None
    notes: dict[str, str] | None


def _where(path: Path, node: yaml.Node | None) -> str:
    try:
        rel = path.resolve().relative_to(ROOT)
    except ValueError:
        rel = path
    return f"{rel}:{node.start_mark.line + 1}" if node is not None else f"{rel}:1"


def load_organisations(path: Path = ORGANISATIONS) -> list[Organisation]:
    """Read and validate the organisation list; raise DataFileError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DataFileError(f"{_where(path, None)}: cannot read the file: {error.strerror}") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        line, problem = yaml_error(error)
        line = line or 1
        rel = _where(path, None).rsplit(":", 1)[0]
        raise DataFileError(f"{rel}:{line}: invalid YAML: {problem}") from None
    if not isinstance(root, yaml.SequenceNode):
        raise DataFileError(f"{_where(path, root)}: expected a list of organisations")
    organisations: list[Organisation] = []
    seen: set[str] = set()
    for item in root.value:
        at = _where(path, item)
        if not isinstance(item, yaml.MappingNode):
            raise DataFileError(f"{at}: each organisation must be a mapping with id, name, website")
        nodes = {str(k.value): v for k, v in item.value}
        key_lines = {str(k.value): k for k, _ in item.value}
        entry: dict[str, Any] = yaml.safe_load(yaml.serialize(item))
        unknown = sorted(set(nodes) - ORGANISATION_KEYS)
        if unknown:
            raise DataFileError(f"{_where(path, key_lines[unknown[0]])}: unknown key {unknown[0]!r} "
                                f"(allowed: {', '.join(sorted(ORGANISATION_KEYS))})")
        for key in ("id", "name", "website"):
            if key not in nodes:
                raise DataFileError(f"{at}: missing required key {key!r}")
        oid, name, website, notes = entry["id"], entry["name"], entry["website"], entry.get("notes")
        if not isinstance(oid, str) or not KEBAB.match(oid):
            raise DataFileError(f"{_where(path, nodes['id'])}: id {oid!r} must be kebab-case (a-z, 0-9, '-')")
        if oid in seen:
            raise DataFileError(f"{_where(path, nodes['id'])}: id {oid!r} is used twice")
        seen.add(oid)
        if not isinstance(name, str) or not name.strip():
            raise DataFileError(f"{_where(path, nodes['name'])}: name must be a non-empty string")
        if website is not None and (not isinstance(website, str) or urlsplit(website).scheme != "https"
                                    or not urlsplit(website).netloc):
            raise DataFileError(f"{_where(path, nodes['website'])}: website must be an https:// address "
                                f"or null, got {website!r}")
        if notes is not None and not (isinstance(notes, dict) and set(notes) == set(LANGUAGES)
                                      and all(isinstance(v, str) and v.strip() for v in notes.values())):
            raise DataFileError(f"{_where(path, nodes['notes'])}: notes must have a non-empty string "
                                f"for each of {', '.join(LANGUAGES)} and nothing else")
        organisations.append(Organisation(id=oid, name=name.strip(), website=website, notes=notes))
    if not organisations:
        raise DataFileError(f"{_where(path, root)}: the list of organisations is empty")
    return organisations


NO_WEBSITE = {
    "es": "Sin sitio web confirmado: se nombra sin enlace.",
    "en": "No website confirmed: named without a link.",
}
WEBSITE = {"es": "Sitio web", "en": "Website"}


def render_signatories(lang: str) -> str:
    """One section per signatory, in the statement's order, anchored by its id."""
    blocks = []
    for org in load_organisations(ORGANISATIONS):
        lines = [f"## {org.name} {{ #{org.id} }}", ""]
        if org.website:
            shown = urlsplit(org.website).netloc.removeprefix("www.")
            lines.append(f"{WEBSITE[lang]}: [{shown}]({org.website})")
        else:
            lines.append(NO_WEBSITE[lang])
        if org.notes:
            lines += ["", " ".join(org.notes[lang].split())]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


#: Marker name -> renderer (takes the page language, returns Markdown).
BLOCKS: dict[str, Callable[[str], str]] = {"signatories": render_signatories}


def body_first_line(text: str) -> int:
    """1-based line of the source file where the Markdown body starts (after front matter)."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() in {"---", "..."}:
                return index + 2
    return 1


def expand_markers(markdown: str, lang: str, file: str, first_line: int = 1) -> str:
    """Replace every `<!-- data: NAME -->` line; an unknown NAME is an error at its line."""
    out = []
    for number, line in enumerate(markdown.splitlines(), start=first_line):
        match = MARKER.match(line.strip())
        if match is None:
            out.append(line)
            continue
        name = match.group("name")
        if name not in BLOCKS:
            raise PluginError(f"{file}:{number}: data: unknown data block {name!r} "
                              f"(known: {', '.join(sorted(BLOCKS))})")
        try:
            out.append(BLOCKS[name](lang))
        except DataFileError as error:
            raise PluginError(f"{error} (used by {file}:{number})") from None
    return "\n".join(out) + ("\n" if markdown.endswith("\n") else "")


def on_page_markdown(markdown, page, config, files):
    lang = config.theme["language"]
    src = Path(page.file.abs_src_path)
    try:
        file = str(src.resolve().relative_to(ROOT))
    except ValueError:
        file = str(src)
    first_line = body_first_line(src.read_text(encoding="utf-8"))
    return expand_markers(markdown, lang, file, first_line)


def on_serve(server, config, builder):
    """`mkdocs serve` rebuilds when the data behind a page changes, not only the page."""
    server.watch(str(ORGANISATIONS))
    return server
