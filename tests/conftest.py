"""Shared fixtures: the site is built once per test session, strictly, both languages."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from derechos.browser import CHROMIUM_CANDIDATES, chromium_path
from derechos.build import build_site
from derechos.project import CHECKOUT as ROOT
from derechos.serve import make_server


@pytest.fixture(scope="session")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreadingHTTPServer]:
    """A server bound to a free port on 127.0.0.1 before the build, not yet serving.

    The site is built for this exact address, so the absolute URLs in it (canonical,
    hreflang alternates, sitemap; Material's language script fetches sitemap.xml next to
    each alternate) point at the served copy and never at some other local port.
    """
    folder = tmp_path_factory.mktemp("build") / "site"
    server = make_server(folder)
    server.site_folder = folder  # type: ignore[attr-defined]  # where `site` builds
    try:
        yield server
    finally:
        server.server_close()


@pytest.fixture(scope="session")
def site_url(site_server: ThreadingHTTPServer) -> str:
    """The address the test site is built for and served at."""
    return f"http://127.0.0.1:{site_server.server_address[1]}/"


@pytest.fixture(scope="session")
def site(site_server: ThreadingHTTPServer, site_url: str) -> Path:
    """The built site (both languages), made once for the whole session."""
    # with the offline copy, as the deploy workflow builds it (its pages link to the zip)
    return build_site(site_server.site_folder, site_url, offline_copy=True)  # type: ignore[attr-defined]


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


@pytest.fixture(scope="session")
def served_site(site: Path, site_server: ThreadingHTTPServer, site_url: str) -> Iterator[str]:
    """The built site served with gzip on 127.0.0.1 (the port it was built for); yields its base URL."""
    thread = threading.Thread(target=site_server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site_url
    finally:
        site_server.shutdown()
        thread.join()


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
