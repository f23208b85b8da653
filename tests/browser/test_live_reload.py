"""Live reload under `serve`: a saved edit reaches the open page by itself, within the policy.

The page is opened from the command's own server (in a copy of the project), a sentence
is added to its Markdown, and the page must show it without anyone touching the browser:
the dev server's same-origin script notices the new build and reloads. The published
policy is unchanged (no violation is reported) and the built files carry no reload code.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from output import lines_of, wait_for
from playwright.sync_api import Browser

#: Seconds between the end of the rebuild and the new text on screen. The script asks every
#: second, so a reload takes one or two; an editor who saves and looks back at the browser
#: notices a wait from about five seconds on, and would reload by hand from about fifteen:
#: that is the bound, with room for a loaded 2-core machine. (The rebuild itself takes what
#: the build takes, 5 to 60 s here, and is bounded by test_serve's WAIT.)
RELOAD = 15


def test_a_saved_edit_reaches_the_open_page_by_itself(project_copy: Path, browser: Browser) -> None:
    copy = project_copy
    process = subprocess.Popen([sys.executable, "-m", "derechos.serve", "--port", "0"], cwd=copy,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    context = browser.new_context()
    try:
        found = lines_of(process)
        match = re.search(r"serve: (http://127\.0\.0\.1:\d+/) ", wait_for(found, r"^serve: http"))
        assert match
        page = context.new_page()
        violations: list[str] = []
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.goto(match.group(1) + "en/about.html")
        page.wait_for_function("() => document.documentElement.classList.contains('js')")
        sentence = "A sentence added while the page was open."
        markdown = copy / "docs" / "en" / "about.md"
        markdown.write_text(markdown.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
        assert wait_for(found, r"^serve: rebuilt|failed").startswith("serve: rebuilt en ")
        rebuilt = time.monotonic()
        page.get_by_text(sentence).wait_for(timeout=RELOAD * 1000)
        assert time.monotonic() - rebuilt <= RELOAD
        assert violations == []
    finally:
        context.close()
        process.terminate()
        process.wait(timeout=30)
        assert process.stdout is not None
        process.stdout.close()
    built = [path for path in (copy / "site").rglob("*") if path.is_file()]
    assert any(path.suffix == ".html" for path in built)
    assert not [path for path in built if b"__reload" in path.read_bytes() or b"__build" in path.read_bytes()]
