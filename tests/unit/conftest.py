"""Fixtures of the tests that need no build: the site kit (tests/kit.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import Kit


@pytest.fixture
def kit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Kit:
    """A clean project, and the working folder inside it (the checker finds its project there)."""
    made = Kit(tmp_path / "project")
    monkeypatch.chdir(made.root)
    return made
