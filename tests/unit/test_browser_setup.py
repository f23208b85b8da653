"""On a machine without Chromium, the browser tests first try Playwright's own install
(`python -m playwright install chromium`), once per run, and only then skip, saying in
one line how to get a browser; under CI=true they fail instead."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from derechos_tools import chromium
from support.browser_setup import chromium_or_skip

#: What the install prints where browser downloads are blocked (as on this project's machines).
BLOCKED = ("Downloading Chrome for Testing 159.0.8154.6 (playwright chromium v1255) from https://cdn.playwright.dev/…\n"
           "Error: getaddrinfo ENOTFOUND cdn.playwright.dev\n"
           "    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:internal/dns/promises:101:17) {\n")


@pytest.fixture
def no_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """A machine without Chromium: no system candidate, no variable, nothing in Playwright's
    cache (test_playwright_s_own_browser_is_looked_for_where_it_installs_it); the install (not
    run: it would download a browser) fails as it does offline. Returns the commands run."""
    monkeypatch.setattr(chromium, "CHROMIUM_CANDIDATES", (str(tmp_path / "usr" / "bin" / "chromium"),))
    for name in ("CHROMIUM_PATH", "CHROME_PATH", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(chromium, "playwright_chromium", lambda: None)
    ran: list[list[str]] = []

    def run(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        ran.append(command)
        return subprocess.CompletedProcess(command, 1, stdout="", stderr=BLOCKED)

    monkeypatch.setattr("derechos_tools.chromium.subprocess.run", run)
    return ran


def test_playwright_s_own_browser_is_looked_for_where_it_installs_it(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing there: None. A file where Playwright installs its Chromium: that path. Asked
    from a running event loop, as in a test process where a browser test's Playwright runs
    (Playwright's sync API refuses to start in such a thread: the answer is asked in another)."""
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))

    def from_a_running_loop() -> Path:
        async def ask() -> Path:
            return chromium.playwright_chromium_path()

        return asyncio.run(ask())

    with ThreadPoolExecutor(max_workers=1) as pool:  # a thread of its own: this one may have a loop already
        installed = pool.submit(from_a_running_loop).result()
    assert installed.is_relative_to(tmp_path) and not installed.exists(), installed
    assert chromium.playwright_chromium() is None
    installed.parent.mkdir(parents=True)
    installed.write_bytes(b"")
    monkeypatch.setattr(chromium, "playwright_chromium_path", lambda: installed)  # one Playwright start is enough
    assert chromium.playwright_chromium() == str(installed)


def test_without_chromium_the_install_is_tried_then_the_tests_skip_with_one_line(
        no_chromium: list[list[str]], tmp_path: Path) -> None:
    assert chromium.chromium_path() is None
    with pytest.raises(pytest.skip.Exception) as skipped:
        chromium_or_skip(tmp_path)
    assert no_chromium == [[sys.executable, "-m", "playwright", "install", "chromium"]]
    message = str(skipped.value)
    assert "\n" not in message
    assert message == (
        f"no Chromium (not at {tmp_path}/usr/bin/chromium, nor Playwright's own; `python -m playwright install "
        "chromium` failed: Error: getaddrinfo ENOTFOUND cdn.playwright.dev): get one with `apt-get install "
        "chromium` (Debian) or `python -m playwright install chromium`, or set CHROMIUM_PATH")


def test_the_install_is_tried_once_per_run(no_chromium: list[list[str]], tmp_path: Path) -> None:
    """The test processes of one run share a folder: the second asks no second download."""
    for _ in range(2):
        with pytest.raises(pytest.skip.Exception, match="getaddrinfo ENOTFOUND"):
            chromium_or_skip(tmp_path)
    assert len(no_chromium) == 1


def test_in_ci_a_missing_browser_fails_after_the_attempt(no_chromium: list[list[str]], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        chromium_or_skip(tmp_path)
    assert len(no_chromium) == 1
    assert str(failed.value).startswith("CI=true: browser tests must run, but no Chromium (not at ")


def test_a_browser_the_install_brings_is_used(no_chromium: list[list[str]], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    installed = tmp_path / "ms-playwright" / "chrome"
    found = iter([None, str(installed)])  # not there before the install, there after
    monkeypatch.setattr(chromium, "playwright_chromium", lambda: next(found))
    monkeypatch.setattr(chromium, "install_playwright_chromium", lambda: None)
    assert chromium_or_skip(tmp_path) == str(installed)


def test_with_a_system_chromium_nothing_is_installed(no_chromium: list[list[str]], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    system = tmp_path / "usr" / "bin" / "chromium"
    system.parent.mkdir(parents=True)
    system.write_bytes(b"")
    assert chromium_or_skip(tmp_path) == str(system)
    assert no_chromium == []


def test_the_path_is_found_while_a_playwright_runs_in_this_process() -> None:
    """The suite's session browser keeps a Playwright running in its process; asking where
    Playwright installs its Chromium must not start a second one there (it cannot)."""
    import asyncio
    import contextlib

    from playwright.sync_api import sync_playwright

    try:  # this test process already runs one (a browser test file ran here before): that is the case
        asyncio.get_running_loop()
        running: contextlib.AbstractContextManager[object] = contextlib.nullcontext()
    except RuntimeError:
        running = sync_playwright()
    with running:
        assert chromium.playwright_chromium_path().name in {"chrome", "chromium", "headless_shell"}
