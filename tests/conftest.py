"""Shared fixtures: the site is built once per test session, strictly, both languages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from build import build_site
from sitelib.project import ROOT
from sitelib.serve import serve_in_thread

#: The address the test build is made for (the browser tests serve it elsewhere; every
#: link in the site is relative, so the served copy works at any address).
TEST_SITE_URL = "http://127.0.0.1:8000/"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site (both languages), made once for the whole session."""
    return build_site(tmp_path_factory.mktemp("build") / "site", TEST_SITE_URL)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# --- Browser tests -------------------------------------------------------------------

#: Launch flags that work on this project's machines (no sandbox as root, no background
#: traffic to Google's hosts, no GPU).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def chromium_path() -> str | None:
    """The system Chromium (Playwright's own browser download is not used)."""
    explicit = os.environ.get("CHROMIUM_PATH") or os.environ.get("CHROME_PATH")
    candidates = (explicit,) if explicit else CHROMIUM_CANDIDATES
    return next((c for c in candidates if c and Path(c).is_file()), None)


@pytest.fixture(scope="session")
def served_site(site: Path) -> Iterator[str]:
    """The built site served with gzip on 127.0.0.1 (a free port); yields its base URL."""
    server, url = serve_in_thread(site)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless system Chromium. Without one, browser tests skip, except in CI where they fail."""
    path = chromium_path()
    if path is None:
        message = ("no Chromium found (looked for " + ", ".join(CHROMIUM_CANDIDATES) +
                   "; install Debian's 'chromium' package or set CHROMIUM_PATH)")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true: browser tests must run, but {message}")
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
