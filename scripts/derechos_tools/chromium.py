"""Where the system Chromium is, for the browser tests and the audit (no browser download)."""

from __future__ import annotations

import os
from pathlib import Path

#: Debian's package first; the others cover common systems and GitHub's runners.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def chromium_path() -> str | None:
    """$CHROMIUM_PATH or $CHROME_PATH when set, otherwise the first candidate installed."""
    explicit = os.environ.get("CHROMIUM_PATH") or os.environ.get("CHROME_PATH")
    candidates = (explicit,) if explicit else CHROMIUM_CANDIDATES
    return next((c for c in candidates if c and Path(c).is_file()), None)
