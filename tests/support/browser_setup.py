"""The Chromium the browser tests drive, and what they do on a machine without one.

The system's Chromium, or Playwright's own; without either, the ecosystem's way is tried
once per run (`python -m playwright install chromium`: the test processes of one run
share the attempt); if that fails too, the browser tests skip, saying in one line how to
get a browser, except under CI=true, where a browser test that cannot run is a failure.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from derechos_tools import chromium

#: How every skip for a missing browser begins (they are reported as one line: tests/conftest.py).
NO_CHROMIUM = "no Chromium"


def attempt_install_once(shared: Path) -> str | None:
    """chromium.install_playwright_chromium(), once for every test process that shares the
    folder `shared`: the first runs it, the others wait for its answer. None: it worked."""
    answer, claim = shared / "playwright-install.json", shared / "playwright-install.claimed"
    try:
        os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:  # another process is trying: wait for what it found
        deadline = time.monotonic() + chromium.INSTALL_TIMEOUT + 60
        while not answer.exists():
            if time.monotonic() > deadline:
                return "another test process's attempt did not finish"
            time.sleep(0.5)
        failure: str | None = json.loads(answer.read_text(encoding="utf-8"))["failure"]
        return failure
    failure = chromium.install_playwright_chromium()
    partial = answer.with_suffix(".partial")
    partial.write_text(json.dumps({"failure": failure}), encoding="utf-8")
    partial.replace(answer)
    return failure


def chromium_or_skip(shared: Path) -> str:
    """The path of a Chromium to drive; or skip (fail under CI=true), saying how to get one."""
    path = chromium.chromium_path() or chromium.playwright_chromium()
    if path is not None:
        return path
    failure = attempt_install_once(shared)
    path = chromium.playwright_chromium()
    if path is not None:
        return path
    tried = "`python -m playwright install chromium` " + (f"failed: {failure}" if failure else "installed nothing")
    message = (f"{NO_CHROMIUM} (not at {', '.join(chromium.looked_at())}, nor Playwright's own; "
               f"{tried}): {chromium.HOW_TO_GET}")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true: browser tests must run, but {message}")
    pytest.skip(message)
