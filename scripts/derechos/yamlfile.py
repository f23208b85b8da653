"""The one YAML loader: every data file and every front matter is read here.

Values come back as plain Python values, except that mappings are `Map` and lists are
`Seq`: a dict and a list that remember the file and the line of each key and item, so
any check on them can fail with `file:line: message` (`Map.error`, `Seq.error`).
Duplicate keys are an error (plain PyYAML keeps the last one silently).

    data = load(path)                       # a data file
    meta = loads(block, "docs/es/x.md", 1)  # a front matter block starting on line 2
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from derechos.files import read_regular
from derechos.safety import text_field_problem

try:  # libyaml when the wheel has it (it does on the usual platforms): several times faster
    _Base: type[yaml.SafeLoader | yaml.CSafeLoader] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python fallback
    _Base = yaml.SafeLoader


class DataError(ValueError):
    """Bad input, located: every message line reads `file:line: problem`."""

    def __init__(self, messages: str | Iterable[str]) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))


def at(file: str, line: int | None, message: str) -> str:
    """`file:line: message` (the line left out when unknown)."""
    return f"{file}:{line}: {message}" if line else f"{file}: {message}"


class Map(dict[str, Any]):
    """A YAML mapping that knows where it and each of its keys are."""

    file: str = "?"
    line: int = 1
    lines: dict[str, int]

    def line_of(self, key: str | None = None) -> int:
        return self.lines.get(key, self.line) if key is not None else self.line

    def error(self, key: str | None, message: str) -> DataError:
        return DataError(at(self.file, self.line_of(key), message))


class Seq(list[Any]):
    """A YAML sequence that knows where it and each of its items are."""

    file: str = "?"
    line: int = 1
    lines: list[int]

    def line_of(self, index: int | None = None) -> int:
        return self.lines[index] if index is not None and index < len(self.lines) else self.line

    def error(self, index: int | None, message: str) -> DataError:
        return DataError(at(self.file, self.line_of(index), message))


def _loader(file: str, offset: int, text: str = "") -> type[yaml.SafeLoader]:
    """A loader class that builds Map and Seq for `file`, its lines shifted by `offset`, and
    refuses text fields that hold HTML or a javascript: URL (derechos.safety)."""

    class Loader(_Base):  # type: ignore[misc,valid-type]
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Map:
        result = Map()
        result.file, result.line, result.lines = file, node.start_mark.line + 1 + offset, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1 + offset
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise DataError(at(file, line, f"a key must be a plain value, not {type(key).__name__}"))
            key = str(key)
            if key in result:
                raise DataError(at(file, line, f"key {key!r} appears twice (first on line {result.lines[key]})"))
            result[key] = loader.construct_object(value_node, deep=True)
            result.lines[key] = line
        return result

    def sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> Seq:
        result = Seq(loader.construct_object(item, deep=True) for item in node.value)
        result.file, result.line = file, node.start_mark.line + 1 + offset
        result.lines = [item.start_mark.line + 1 + offset for item in node.value]
        return result

    def string(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
        value = loader.construct_scalar(node)
        assert isinstance(value, str)
        problem = text_field_problem(value)
        if problem is not None:  # the line of the problem, in a block scalar too
            start = node.start_mark.index
            written = text[start:node.end_mark.index]
            needle = value[problem[0]:problem[0] + 8].split("\n")[0]
            at_offset = start + max(0, written.find(needle)) if needle else start
            raise DataError(at(file, text.count("\n", 0, at_offset) + 1 + offset, problem[1]))
        return value

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    Loader.add_constructor("tag:yaml.org,2002:str", string)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    return Loader


def loads(text: str, file: str, offset: int = 0) -> Any:
    """Parse YAML text that starts on line `offset + 1` of `file`."""
    try:
        return yaml.load(text, Loader=_loader(file, offset, text))  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        # Where the construct that failed began ("while parsing a flow sequence" at its
        # bracket) says more than where the parser noticed (often the next line).
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        context = getattr(error, "context", None)
        if context:
            problem += f" ({context})"
        line = mark.line + 1 + offset if mark is not None else None
        raise DataError(at(file, line, f"invalid YAML: {problem}")) from None


def display(path: Path, root: Path | None = None) -> str:
    """How a file is named in messages: relative to `root` (or the working folder) when inside it."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def read_text(path: Path, shown: str) -> str:
    """A UTF-8 text file, or a DataError naming the file and the line of a bad byte."""
    try:
        data = read_regular(path)
    except OSError as error:
        raise DataError(at(shown, None, f"cannot read the file: {error.strerror}")) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - data.rfind(b"\n", 0, error.start)
        raise DataError(at(shown, line, f"not UTF-8: byte 0x{data[error.start]:02x} at column {column}")) from None


def load(path: Path, root: Path | None = None) -> Any:
    """Read and parse one YAML file; errors name it relative to `root`."""
    shown = display(path, root)
    return loads(read_text(path, shown), shown)


# --- Checking loaded data -------------------------------------------------------------------

def _fail(parent: Map | Seq | str, where: str | int | None, message: str) -> DataError:
    if isinstance(parent, str):  # the whole file
        return DataError(at(parent, 1, message))
    return parent.error(where, message)  # type: ignore[arg-type]


def expect_map(value: Any, parent: Map | Seq | str, where: str | int | None, what: str) -> Map:
    """`value` is a mapping; `parent` (or the file name, for a whole file) locates the error."""
    if not isinstance(value, Map):
        raise _fail(parent, where, f"{what} must be a mapping, got {_kind(value)}")
    return value


def expect_seq(value: Any, parent: Map | Seq | str, where: str | int | None, what: str) -> Seq:
    """`value` is a list; `parent` (or the file name, for a whole file) locates the error."""
    if not isinstance(value, Seq):
        raise _fail(parent, where, f"{what} must be a list, got {_kind(value)}")
    return value


def keys(mapping: Map, required: Iterable[str], optional: Iterable[str] = (), what: str = "entry") -> None:
    """Every required key is there, and no key is unknown."""
    required, optional = list(required), list(optional)
    for key in mapping:
        if key not in required and key not in optional:
            raise mapping.error(key, f"unknown key {key!r} in {what} (allowed: {', '.join(required + optional)})")
    for key in required:
        if key not in mapping:
            raise mapping.error(None, f"{what} has no {key!r}")


def text(mapping: Map, key: str, what: str | None = None) -> str:
    """A non-empty string value (whitespace folded)."""
    value = mapping.get(key)
    if not isinstance(value, str) or not value.strip():
        raise mapping.error(key, f"{what or key!r} must be a non-empty string, got {_kind(value)}")
    return " ".join(value.split())


def localised(mapping: Map, key: str, codes: Iterable[str]) -> dict[str, str]:
    """A string per language: `{es: …, en: …}` with exactly the declared languages."""
    codes = list(codes)
    value = mapping.get(key)
    if not isinstance(value, Map):
        raise mapping.error(key, f"{key!r} must have a text for each language ({', '.join(codes)}), "
                                 f"got {_kind(value)}")
    missing = [c for c in codes if c not in value]
    if missing:
        raise value.error(None, f"{key!r} has no {', '.join(missing)} text (every language needs one)")
    extra = [c for c in value if c not in codes]
    if extra:
        raise value.error(extra[0], f"{key!r}: {extra[0]!r} is not a declared language ({', '.join(codes)})")
    return {code: text(value, code, f"{key}.{code}") for code in codes}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) < 60 else "a text"
    kinds: dict[type, str] = {Map: "a mapping", Seq: "a list"}
    return kinds.get(type(value), type(value).__name__)
