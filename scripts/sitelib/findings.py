"""A finding: one problem, located in a file and line, reported like a compiler error."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int | None
    rule: str
    message: str
    severity: str = "error"

    def text(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.rule}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)
