"""A finding: one problem, located in a file and line, reported like a compiler error."""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (the checker's start-up time)
if TYPE_CHECKING:
    from typing import NamedTuple

    class _Fields(NamedTuple):
        file: str
        line: int | None
        rule: str
        message: str
        severity: str = "error"
else:  # the same named tuple, built without importing typing
    _Fields = namedtuple("_Fields", ("file", "line", "rule", "message", "severity"), defaults=("error",))

#: Every character str.splitlines() breaks on: a finding quoting one of them from a page
#: would otherwise spill onto a second line.
LINE_BREAKS = {ord(c): f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
               for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}
LINE_BREAKS.update({ord("\n"): "\\n", ord("\r"): "\\r"})


class Finding(_Fields):
    """file, line, rule, message, severity: immutable and ordered by them (a named tuple:
    cheap to import, which the checker's start-up time needs)."""

    __slots__ = ()

    def text(self) -> str:
        """One line, `file[:line]: rule: message`, whatever the message quotes."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.rule}: {self.message}".translate(LINE_BREAKS)

    def as_dict(self) -> dict[str, object]:
        return dict(self._asdict())
