"""Where Chromium is, for the browser tests and the audit.

The system's first (Debian's `chromium`, or $CHROMIUM_PATH), then Playwright's own, which
`python -m playwright install chromium` downloads into Playwright's cache: the Python
ecosystem's way to get a browser for Playwright, tried by the test suite on a machine
that has none (tests/support/browser_setup.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: Debian's package first; the others cover common systems and GitHub's runners.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
#: Playwright's own install of its Chromium (a download of about 150 MB).
PLAYWRIGHT_INSTALL = ("-m", "playwright", "install", "chromium")
#: How to get a browser, said in one line where there is none.
HOW_TO_GET = ("get one with `apt-get install chromium` (Debian) or `python -m playwright install chromium`, "
              "or set CHROMIUM_PATH")
#: Seconds the install may take (a slow connection).
INSTALL_TIMEOUT = 900


def looked_at() -> tuple[str, ...]:
    """Where chromium_path() looks: $CHROMIUM_PATH or $CHROME_PATH when set, else the candidates."""
    explicit = os.environ.get("CHROMIUM_PATH") or os.environ.get("CHROME_PATH")
    return (explicit,) if explicit else CHROMIUM_CANDIDATES


def chromium_path() -> str | None:
    """The system's Chromium: the first of looked_at() that is there."""
    return next((c for c in looked_at() if Path(c).is_file()), None)


#: Asks Playwright where its own Chromium goes, in a process of its own: a Playwright may
#: already be running in this one (a test session's browser), and a second sync one
#: cannot start beside it ("Sync API inside the asyncio loop").
WHERE_PLAYWRIGHT_INSTALLS = ("from playwright.sync_api import sync_playwright\n"
                             "with sync_playwright() as p:\n    print(p.chromium.executable_path)")


def playwright_chromium_path() -> Path:
    """Where PLAYWRIGHT_INSTALL puts Playwright's own Chromium (installed or not)."""
    result = subprocess.run([sys.executable, "-c", WHERE_PLAYWRIGHT_INSTALLS], capture_output=True, text=True,
                            timeout=120, check=True)
    return Path(result.stdout.strip())


def playwright_chromium() -> str | None:
    """Playwright's own Chromium, if it has been installed (PLAYWRIGHT_INSTALL)."""
    path = playwright_chromium_path()
    return str(path) if path.is_file() else None


def install_playwright_chromium() -> str | None:
    """Run PLAYWRIGHT_INSTALL: None when it worked, otherwise why not (its first error line)."""
    command = [sys.executable, *PLAYWRIGHT_INSTALL]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"no answer within {INSTALL_TIMEOUT} s"
    if result.returncode == 0:
        return None
    lines = [line.strip() for line in (result.stderr + "\n" + result.stdout).splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:")]
    return errors[0] if errors else lines[-1] if lines else f"exit {result.returncode}"
