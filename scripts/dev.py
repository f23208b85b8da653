"""One entry point for a fresh machine: set up the environment, then serve or test.

Only the Python standard library is used here, because this script runs before
anything is installed. It creates `.venv/` next to the repository, installs the
locked dependencies (`requirements.lock`, with hashes) and this project's own package
(`derechos`, in scripts/, installed in editable mode) when the lock or pyproject.toml
changed, and then runs the real command inside that environment:

    python3 scripts/dev.py serve   # build both languages strictly, serve on 127.0.0.1:8000
    python3 scripts/dev.py test    # ruff and mypy, then the whole test suite (it builds the site itself)
    python3 scripts/dev.py build   # build into site/ (--offline: with the offline zip)
    python3 scripts/dev.py check   # the link and metadata checker on site/ and docs/
    python3 scripts/dev.py translations   # which texts one language changed and another not
    python3 scripts/dev.py new-page NAME  # a page in every language, in the navigation
    python3 scripts/dev.py new-event      # an event (both languages) and its source, to fill in
    python3 scripts/dev.py lock    # regenerate requirements.lock from pyproject.toml
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import venv
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
PROJECT = ROOT / "pyproject.toml"
STAMP = VENV / ".lock-sha256"
MIN_PYTHON = (3, 11)

#: Each command, as arguments to the environment's Python.
COMMANDS: dict[str, list[str]] = {
    "serve": ["-m", "derechos.serve"],
    # One test process per core, each test file in one process (a file's fixtures, such as
    # the page checks' reports, are shared by its tests): about a fifth faster on 2 cores.
    "test": ["-m", "pytest", "-n", "auto", "--dist", "loadfile"],
    "build": ["-m", "derechos.build"],
    "check": ["-m", "derechos.check"],
    "translations": ["-m", "derechos.translations"],
    "new-page": ["-m", "derechos.scaffold", "page"],
    "new-event": ["-m", "derechos.scaffold", "event"],
    "lock": ["-m", "uv", "pip", "compile", "--quiet", "--group", "dev", "--universal",
             "--python-version", "3.11", "--generate-hashes", "-o", LOCK.name, PROJECT.name],  # run in ROOT
}

#: What must be clean before a command runs (each configured in pyproject.toml): the lint
#: and the type check come before the tests, and a finding fails the test command.
CHECKS_FIRST: dict[str, list[list[str]]] = {
    "test": [["-m", "ruff", "check"], ["-m", "mypy"]],
}


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_env() -> Path:
    """Create the virtual environment; install the lock and the project if either changed."""
    python = venv_python()
    if not python.exists():
        print(f"dev: creating {VENV.relative_to(ROOT)}/", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    digest = hashlib.sha256(LOCK.read_bytes() + PROJECT.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text(encoding="utf-8").strip() == digest:
        return python
    print(f"dev: installing {LOCK.name} and the project into {VENV.relative_to(ROOT)}/", flush=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps"]
    subprocess.run([*pip, "--require-hashes", "-r", str(LOCK)], check=True)
    # The project itself, editable, built by the setuptools the lock just installed.
    subprocess.run([*pip, "--no-build-isolation", "--no-index", "--editable", str(ROOT)], check=True)
    STAMP.write_text(digest + "\n", encoding="utf-8")
    return python


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if sys.version_info < MIN_PYTHON:
        print(f"dev: Python {'.'.join(map(str, MIN_PYTHON))}+ is required, "
              f"this is {sys.version.split()[0]}", file=sys.stderr)
        return 2
    if not args or args[0] not in COMMANDS:
        print(f"usage: python3 scripts/dev.py {{{'|'.join(COMMANDS)}}} [ARGS...]", file=sys.stderr)
        return 2
    command, rest = args[0], args[1:]
    try:
        python = ensure_env()
    except subprocess.CalledProcessError as error:
        print(f"dev: installing the dependencies failed (exit {error.returncode})", file=sys.stderr)
        return 2
    failed = [" ".join(check[1:]) for check in CHECKS_FIRST.get(command, [])
              if subprocess.run([str(python), *check], cwd=ROOT).returncode != 0]
    if failed:
        print(f"dev: {' and '.join(failed)} found problems (above); the {command} command stops here",
              file=sys.stderr)
        return 1
    cmd = [str(python), *COMMANDS[command], *rest]
    if command == "serve":
        return serve(cmd)
    try:
        return subprocess.run(cmd, cwd=ROOT).returncode
    except KeyboardInterrupt:  # Ctrl+C: the command was told too; no traceback from here
        return 130


def serve(cmd: list[str]) -> int:
    """Run the server; on Ctrl+C let it stop by itself (a terminal's Ctrl+C reaches it too),
    pass it on if it did not, and end without a traceback."""
    child = subprocess.Popen(cmd, cwd=ROOT)
    try:
        return child.wait()
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)

        def interrupt() -> None:
            child.send_signal(signal.SIGINT)

        def wait_only() -> None:
            pass

        stops: list[Callable[[], None]] = [wait_only, interrupt, child.terminate, child.kill]
        for stop in stops:
            stop()
            try:
                return child.wait(timeout=5) or 130
            except subprocess.TimeoutExpired:
                continue
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
