"""`python3 scripts/dev.py serve`: serves the site and rebuilds what an edit touches, on save."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request
from pathlib import Path

from output import lines_of, wait_for


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
