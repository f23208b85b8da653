"""`python3 scripts/dev.py serve`: serves the site and rebuilds what an edit touches, on save."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

WAIT = 120  # seconds a rebuild may take on a loaded machine


def lines_of(process: subprocess.Popen[str]) -> queue.Queue[str]:
    found: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            found.put(line.rstrip("\n"))

    threading.Thread(target=read, daemon=True).start()
    return found


def wait_for(found: queue.Queue[str], pattern: str) -> str:
    deadline = time.monotonic() + WAIT
    seen = []
    while time.monotonic() < deadline:
        try:
            line = found.get(timeout=1)
        except queue.Empty:
            continue
        seen.append(line)
        if re.search(pattern, line):
            return line
    raise AssertionError(f"no line matching {pattern!r} within {WAIT} s; got {seen}")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a local test server
        body: bytes = response.read()
        return body.decode("utf-8")


def test_serve_rebuilds_the_edited_language_and_data_edits_rebuild_all(project_copy: Path) -> None:
    process = subprocess.Popen([sys.executable, "-m", "derechos.serve", "--port", "0"],
                               cwd=project_copy, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        found = lines_of(process)
        address = re.search(r"serve: (http://127\.0\.0\.1:\d+/) ", wait_for(found, r"^serve: http"))
        assert address, "the serve line names no address"
        base = address.group(1)
        assert "<h1" in fetch(base + "en/about.html")

        page = project_copy / "docs" / "en" / "about.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added while serving.\n", encoding="utf-8")
        assert wait_for(found, r"^serve: rebuilt|failed").startswith("serve: rebuilt en ")
        assert "A sentence added while serving." in fetch(base + "en/about.html")

        strings = project_copy / "data" / "strings" / "es.yml"
        strings.write_text(strings.read_text(encoding="utf-8").replace(
            "site_name: Derechos digitales en México", "site_name: Derechos digitales en México (prueba)"),
            encoding="utf-8")
        assert wait_for(found, r"^serve: rebuilt|failed").startswith("serve: rebuilt every language ")
        assert "Derechos digitales en México (prueba)" in fetch(base)
        assert "A sentence added while serving." in fetch(base + "en/about.html")

        page.write_text(page.read_text(encoding="utf-8") + "\n## No anchor here\n", encoding="utf-8")
        failure = wait_for(found, r"^serve: rebuilt|failed")
        assert failure.startswith("serve: the rebuild failed, still serving the last good site")
        assert "A sentence added while serving." in fetch(base + "en/about.html")
    finally:
        process.terminate()
        process.wait(timeout=30)
        assert process.stdout is not None
        process.stdout.close()
