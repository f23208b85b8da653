"""When a file last changed, for messages that name the file the editor touched.

A file with uncommitted changes changed when it was saved (its modification time); a
committed one when its last commit was made (`git log -1 --format=%ct`); outside a Git
checkout (a copy, a test), its modification time.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True,
                          timeout=30).stdout.strip()


def last_change(path: Path) -> float:
    try:
        if not _git(path.parent, "status", "--porcelain", "--", path.name):
            committed = _git(path.parent, "log", "-1", "--format=%ct", "--", path.name)
            if committed:
                return float(committed)
    except (OSError, subprocess.SubprocessError):
        pass
    return path.stat().st_mtime
