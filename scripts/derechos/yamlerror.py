"""Where a YAML error is and what it is, for messages that name the file and line."""

from __future__ import annotations

import yaml


def yaml_error(error: yaml.YAMLError) -> tuple[int | None, str]:
    """The 1-based line of a YAML error in the parsed text (None if unknown) and its problem."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return line, problem
