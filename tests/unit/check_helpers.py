"""Helpers for the site checker's tests (tests/test_check_*.py): run it, read its output."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from derechos.check.cli import main

DATA = Path(__file__).resolve().parent / "data"
#: A complete, clean two-language site and docs tree used where a test needs "the rest".
CLEAN_SITE = DATA / "head-tags" / "good" / "site"
CLEAN_DOCS = DATA / "twin-anchors" / "good" / "docs"


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.out.splitlines() if line.strip()]


def run(capsys: pytest.CaptureFixture[str], *args: str | Path, github_actions: bool = False) -> Outcome:
    """Run check_site.main in this process and capture what it prints.

    GITHUB_ACTIONS is set only when asked, so the tests read the same under GitHub Actions.
    """
    saved = os.environ.pop("GITHUB_ACTIONS", None)
    if github_actions:
        os.environ["GITHUB_ACTIONS"] = "true"
    try:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
    finally:
        os.environ.pop("GITHUB_ACTIONS", None)
        if saved is not None:
            os.environ["GITHUB_ACTIONS"] = saved
    return Outcome(code, captured.out, captured.err)


def site_case(rule: str, case: str) -> Path:
    return DATA / rule / case / "site"


def docs_case(rule: str, case: str) -> Path:
    return DATA / rule / case / "docs"


def relative(path: Path) -> str:
    """How the checker prints a path given on the command line (as given)."""
    return str(path)
