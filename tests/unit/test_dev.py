"""`python3 scripts/dev.py test` runs ruff and mypy before pytest, and a finding of
either fails the command (the suite does not even start)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_under_test", ROOT / "scripts" / "dev.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_run(failing: set[str], ran: list[list[str]]) -> object:
    """subprocess.run that records each command; those naming a tool in `failing` fail."""

    def run(cmd: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        ran.append(cmd)
        return subprocess.CompletedProcess(cmd, 1 if failing & set(cmd) else 0)

    return run


@pytest.mark.parametrize(("failing", "named"), [({"ruff"}, "ruff check"), ({"mypy"}, "mypy"),
                                                ({"ruff", "mypy"}, "ruff check and mypy")])
def test_a_lint_or_type_finding_fails_the_test_command_before_pytest(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], failing: set[str], named: str) -> None:
    dev, ran = load_dev(), list[list[str]]()
    monkeypatch.setattr(dev, "ensure_env", lambda: Path("/venv/bin/python"))
    monkeypatch.setattr(dev.subprocess, "run", fake_run(failing, ran))
    assert dev.main(["test", "tests/unit"]) == 1
    assert [cmd[1:3] for cmd in ran] == [["-m", "ruff"], ["-m", "mypy"]]  # both ran, pytest did not
    assert f"dev: {named} found problems (above); the test command stops here" in capsys.readouterr().err


def test_the_test_command_runs_ruff_then_mypy_then_pytest(monkeypatch: pytest.MonkeyPatch) -> None:
    dev, ran = load_dev(), list[list[str]]()
    monkeypatch.setattr(dev, "ensure_env", lambda: Path("/venv/bin/python"))
    monkeypatch.setattr(dev.subprocess, "run", fake_run(set(), ran))
    assert dev.main(["test", "tests/unit"]) == 0
    assert [cmd[1:] for cmd in ran] == [["-m", "ruff", "check"], ["-m", "mypy"],
                                        ["-m", "pytest", "-n", "auto", "--dist", "loadfile", "tests/unit"]]


def test_the_other_commands_run_no_lint(monkeypatch: pytest.MonkeyPatch) -> None:
    dev, ran = load_dev(), list[list[str]]()
    monkeypatch.setattr(dev, "ensure_env", lambda: Path("/venv/bin/python"))
    monkeypatch.setattr(dev.subprocess, "run", fake_run(set(), ran))
    assert dev.main(["build"]) == 0
    assert [cmd[1:] for cmd in ran] == [["-m", "derechos.build"]]


BAD = '''import os, sys


def half(n: int) -> int:
    return n / 2
'''


@pytest.mark.parametrize(("tool", "expected"), [
    (["ruff", "check", "--no-cache"], ["E401", "F401"]),  # two imports on a line, both unused
    (["mypy", "--no-incremental", "--cache-dir", "/dev/null"], ['Incompatible return value type (got "float"']),
])
def test_the_configured_tools_find_a_planted_mistake(tmp_path: Path, tool: list[str], expected: list[str]) -> None:
    """The project's own settings (pyproject.toml) catch a mistake in a file: the tools are
    not configured into silence."""
    bad = tmp_path / "bad.py"
    bad.write_text(BAD, encoding="utf-8")
    config = ["--config-file" if tool[0] == "mypy" else "--config", str(ROOT / "pyproject.toml")]
    result = subprocess.run([sys.executable, "-m", *tool, *config, str(bad)],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    for text in expected:
        assert text in result.stdout
