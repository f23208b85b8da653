"""Front matter: how it is parsed, what it must contain, and the source registry.

The schema lives here and only here. A page's front matter is YAML between two `---`
lines at the very top of the file. Required keys:

- `title`: the page title (str, 3 to 80 characters);
- `description`: used for search engines and link previews (str, 50 to 160 characters);
- `sources`: the ids (from data/sources.yml) of every source the page draws on; they
  are rendered at the end of the page by overrides/hooks/metadata.py. A page about the
  site itself (privacy, accessibility…) that draws on no source says so with `[]`.

Optional keys are the Material ones the site uses (`hide`, `search`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from sitelib.findings import Finding
from sitelib.project import DATA, LANGUAGES
from sitelib.yamlerror import yaml_error

DESCRIPTION_MIN, DESCRIPTION_MAX = 50, 160
TITLE_MIN, TITLE_MAX = 3, 80
REQUIRED: dict[str, type] = {"title": str, "description": str, "sources": list}
OPTIONAL: dict[str, type] = {"hide": list, "search": dict}
SOURCE_KINDS = ("primary", "followup")


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    site: dict[str, str]
    url: dict[str, str]
    about: dict[str, str]
    title: dict[str, str] | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    also: tuple[str, ...] = ()

    def url_for(self, lang: str) -> str:
        return self.url.get(lang) or next(iter(self.url.values()))


class SourceRegistryError(ValueError):
    """data/sources.yml is malformed; the message names the entry."""


def _localised(entry: dict[str, Any], key: str, sid: str, required: bool = True) -> dict[str, str] | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    if isinstance(value, str):
        return {lang: value for lang in LANGUAGES}
    if isinstance(value, dict) and all(isinstance(value.get(lang), str) for lang in LANGUAGES):
        return {lang: value[lang] for lang in LANGUAGES}
    raise SourceRegistryError(
        f"data/sources.yml: source {sid!r}: {key!r} must be a string or have "
        f"{', '.join(LANGUAGES)} strings, got {value!r}"
    )


@lru_cache(maxsize=4)
def load_sources(path: Path = DATA / "sources.yml") -> dict[str, Source]:
    """Read and validate the source registry."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        line, problem = yaml_error(error)
        where = f"{path}:{line}" if line is not None else str(path)
        raise SourceRegistryError(f"{where}: invalid YAML: {problem}") from None
    if not isinstance(raw, dict):
        raise SourceRegistryError(f"{path}: expected a mapping of source ids")
    sources: dict[str, Source] = {}
    for sid, entry in raw.items():
        if not isinstance(entry, dict):
            raise SourceRegistryError(f"{path}: source {sid!r} must be a mapping")
        kind = entry.get("kind")
        if kind not in SOURCE_KINDS:
            raise SourceRegistryError(f"{path}: source {sid!r}: kind must be one of {SOURCE_KINDS}")
        url = _localised(entry, "url", sid)
        assert url is not None
        for u in [*url.values(), *(entry.get("also") or [])]:
            if not str(u).startswith("https://"):
                raise SourceRegistryError(f"{path}: source {sid!r}: URL {u!r} must use https://")
        date = entry.get("date")
        if isinstance(date, (dt.date, dt.datetime)):
            date = date.isoformat()
        sources[str(sid)] = Source(
            id=str(sid),
            kind=kind,
            site=_localised(entry, "site", sid) or {},
            url=url,
            about=_localised(entry, "about", sid) or {},
            title=_localised(entry, "title", sid, required=False),
            authors=tuple(entry.get("authors") or ()),
            date=None if date is None else str(date),
            licence=entry.get("licence"),
            licence_url=entry.get("licence_url"),
            also=tuple(entry.get("also") or ()),
        )
    return sources


@dataclass
class FrontMatter:
    meta: dict[str, Any]
    #: 1-based line of each top-level key, for error messages.
    key_lines: dict[str, int]
    #: 1-based line where the Markdown body starts.
    body_line: int


def parse_front_matter(text: str, file: str) -> tuple[FrontMatter | None, list[Finding]]:
    """Split and parse the YAML front matter, reporting YAML errors with their line."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, [Finding(file, 1, "front-matter", "no front matter: the file must start with a '---' line")]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in {"---", "..."})
    except StopIteration:
        return None, [Finding(file, 1, "front-matter", "front matter is not closed by a '---' line")]
    block = "\n".join(lines[1:end])
    try:
        node = yaml.compose(block, Loader=yaml.SafeLoader)
        meta = yaml.safe_load(block)
    except yaml.YAMLError as error:
        line, problem = yaml_error(error)
        line = 1 if line is None else line + 1  # the block starts on the file's line 2
        return None, [Finding(file, line, "front-matter", f"invalid YAML in front matter: {problem}")]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return None, [Finding(file, 2, "front-matter", f"front matter must be a mapping, got {type(meta).__name__}")]
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = 2 + key_node.start_mark.line
    return FrontMatter(meta=meta, key_lines=key_lines, body_line=end + 2), []


def validate(fm: FrontMatter, file: str, sources: dict[str, Source] | None = None) -> list[Finding]:
    """Check front matter against the schema; every finding names the key's line."""
    sources = load_sources() if sources is None else sources
    findings: list[Finding] = []
    meta = fm.meta

    def at(key: str) -> int:
        return fm.key_lines.get(key, 2)

    for key, kind in REQUIRED.items():
        if key not in meta:
            findings.append(Finding(file, 2, "metadata", f"missing required key {key!r}"))
        elif not isinstance(meta[key], kind):
            findings.append(Finding(file, at(key), "metadata",
                                    f"{key!r} must be a {kind.__name__}, got {type(meta[key]).__name__}"))
    for key, value in meta.items():
        if key in REQUIRED:
            continue
        if key not in OPTIONAL:
            allowed = ", ".join([*REQUIRED, *OPTIONAL])
            findings.append(Finding(file, at(str(key)), "metadata", f"unknown key {key!r} (allowed: {allowed})"))
        elif not isinstance(value, OPTIONAL[key]):
            findings.append(Finding(file, at(key), "metadata",
                                    f"{key!r} must be a {OPTIONAL[key].__name__}, got {type(value).__name__}"))
    title = meta.get("title")
    if isinstance(title, str) and not TITLE_MIN <= len(title.strip()) <= TITLE_MAX:
        findings.append(Finding(file, at("title"), "metadata",
                                f"title is {len(title.strip())} characters, expected {TITLE_MIN} to {TITLE_MAX}"))
    description = meta.get("description")
    if isinstance(description, str) and not DESCRIPTION_MIN <= len(description.strip()) <= DESCRIPTION_MAX:
        findings.append(Finding(file, at("description"), "metadata",
                                f"description is {len(description.strip())} characters, "
                                f"expected {DESCRIPTION_MIN} to {DESCRIPTION_MAX}"))
    ids = meta.get("sources")
    if isinstance(ids, list):
        seen: set[str] = set()
        for sid in ids:
            if not isinstance(sid, str):
                findings.append(Finding(file, at("sources"), "metadata", f"source id {sid!r} must be a string"))
            elif sid not in sources:
                findings.append(Finding(file, at("sources"), "metadata",
                                        f"unknown source id {sid!r} (known ids are in data/sources.yml)"))
            elif sid in seen:
                findings.append(Finding(file, at("sources"), "metadata", f"source id {sid!r} is listed twice"))
            else:
                seen.add(sid)
    return findings


def check_file(path: Path, root: Path) -> tuple[FrontMatter | None, list[Finding]]:
    """Parse and validate one Markdown page; `root` makes the reported path relative."""
    try:
        rel = str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        rel = str(path)
    text = path.read_text(encoding="utf-8")
    fm, findings = parse_front_matter(text, rel)
    if fm is not None:
        findings.extend(validate(fm, rel))
    return fm, findings
