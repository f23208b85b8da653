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
from concurrent.futures import ThreadPoolExecutor
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


def playwright_chromium_path() -> Path:
    """Where PLAYWRIGHT_INSTALL puts Playwright's own Chromium (installed or not).

    Asked in a thread of its own: Playwright's sync API refuses to start in a thread where
    another of its instances runs (a browser test's, in the same test process)."""

    def ask() -> Path:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            return Path(playwright.chromium.executable_path)

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(ask).result()


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
