"""The project: where its files are, and its languages, declared once in data/languages.yml.

Everything that differs between languages comes from that declaration (code, name,
locale, root) and from each language's interface strings, data/strings/<code>.yml: the
build's per-language settings, the language switcher, the templates, the 404 page, the
checker and the tests. Adding a language is one entry there, its docs/<code>/ tree and
its strings file.

A Project is read from a folder (the one holding mkdocs.yml), not from where this
package is installed, so a copy of the project in a temporary folder builds itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from derechos.yamlfile import DataError, Map, expect_map, expect_seq, keys, load, text

#: The checkout this package lives in (the default project).
CHECKOUT = Path(__file__).resolve().parents[2]
CONFIG = "mkdocs.yml"
LANGUAGES_FILE = "data/languages.yml"
STRINGS_DIR = "data/strings"


@dataclass(frozen=True)
class Language:
    code: str    # "es"; also the name of its docs/ folder
    name: str    # "Español", as the switcher shows it
    locale: str  # "es_MX" (og:locale)
    root: str    # its path below the site root: "" for the default language, else "en/"

    @property
    def up(self) -> str:
        """The relative path from this language's root back to the site root ("" or "../")."""
        return "../" * self.root.count("/")


@dataclass(frozen=True)
class Project:
    root: Path
    languages: tuple[Language, ...]
    #: Interface strings per language code (data/strings/<code>.yml).
    strings: dict[str, Map] = field(repr=False, compare=False)

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def default(self) -> Language:
        return self.languages[0]

    def language(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(code)

    def language_of(self, rel: str) -> Language:
        """The language of a built file, from its path below the site root."""
        for lang in self.languages[1:]:
            if rel.startswith(lang.root):
                return lang
        return self.default

    def shown(self, path: Path) -> str:
        """A file as messages name it: relative to the project root."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def find_root(start: Path | None = None) -> Path:
    """The project folder: the nearest one holding mkdocs.yml and the language declaration,
    from `start` (default: the working folder) upwards; otherwise this package's checkout."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file() and (folder / LANGUAGES_FILE).is_file():
            return folder
    return CHECKOUT


def load_project(root: Path | None = None) -> Project:
    """The project in `root` (default: found from the working folder), read once per folder."""
    return _load((root or find_root()).resolve())


@cache
def _load(root: Path) -> Project:
    """Read and check the language declaration and every language's strings."""
    items = expect_seq(load(root / LANGUAGES_FILE, root), LANGUAGES_FILE, None, "the language declaration")
    if not items:
        raise items.error(None, "no language is declared")
    languages: list[Language] = []
    for index, item in enumerate(items):
        entry = expect_map(item, items, index, "each language")
        keys(entry, ("code", "name", "locale", "root"), what="a language")
        code, name, locale = text(entry, "code"), text(entry, "name"), text(entry, "locale")
        root_path = entry["root"] if entry["root"] is not None else ""
        expected = "" if index == 0 else f"{code}/"
        if not code.isascii() or not code.isalpha() or not code.islower():
            raise entry.error("code", f"code {code!r} must be a lowercase language code such as 'es'")
        if root_path != expected:
            raise entry.error("root", f"root of {code!r} must be {expected!r} (the first language is "
                                      "served at the site root, every other one below its code)")
        if code in (lang.code for lang in languages):
            raise entry.error("code", f"language {code!r} is declared twice")
        if not (root / "docs" / code).is_dir():
            raise entry.error("code", f"language {code!r} has no docs/{code}/ folder")
        languages.append(Language(code, name, locale, root_path))
    strings = {lang.code: _strings(root, lang.code) for lang in languages}
    _same_keys(strings, languages[0].code, root)
    return Project(root, tuple(languages), strings)


def forget() -> None:
    """Read the declaration and strings again next time (`serve` after an edit)."""
    _load.cache_clear()


def _strings(root: Path, code: str) -> Map:
    path = root / STRINGS_DIR / f"{code}.yml"
    if not path.is_file():
        raise DataError(f"{STRINGS_DIR}/{code}.yml:1: language {code!r} is declared in "
                        f"{LANGUAGES_FILE} but has no strings file")
    return expect_map(load(path, root), f"{STRINGS_DIR}/{code}.yml", None, "a strings file")


def _paths(value: Any, prefix: str = "") -> dict[str, Any]:
    """Every leaf of a nested mapping, by its dotted path."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_paths(item, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): value}


def _same_keys(strings: dict[str, Map], first: str, root: Path) -> None:
    """Every language has exactly the strings of the default language."""
    reference = _paths(strings[first])
    errors = []
    for code, mapping in strings.items():
        mine = _paths(mapping)
        for key in sorted(set(reference) - set(mine)):
            errors.append(f"{STRINGS_DIR}/{code}.yml:1: missing string {key!r} (it is in {first}.yml)")
        for key in sorted(set(mine) - set(reference)):
            errors.append(f"{STRINGS_DIR}/{code}.yml:1: string {key!r} is not in {first}.yml")
        for key, value in mine.items():
            if key in reference and type(value) is not type(reference[key]):
                errors.append(f"{STRINGS_DIR}/{code}.yml:1: string {key!r} must be a "
                              f"{type(reference[key]).__name__}, like in {first}.yml")
    if errors:
        raise DataError(errors)
