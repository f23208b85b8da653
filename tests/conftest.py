"""Shared fixtures. The tests are grouped by what they need, one folder each:

- tests/unit/: nothing built (data loaders, rules, the checker on kit-written sites);
- tests/site/: the real site, built once per session, strictly, every language, with
  the offline copy, exactly as the deploy workflow builds it (`site`);
- tests/browser/: that site served on 127.0.0.1 and driven in headless Chromium.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Generator, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from derechos.build import build_site
from derechos.project import Project, load_project
from derechos.serve import make_server
from support import browser_setup
from support.browser_setup import NO_CHROMIUM, chromium_or_skip
from support.pagecheck import PagePool

ROOT = Path(__file__).resolve().parents[1]
#: What a copy of the project needs to build (tests that break one thing build a copy).
PROJECT_FILES = ("mkdocs.yml", "docs", "overrides", "data")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/browser/ is a browser test (marker `browser`)."""
    for item in items:
        if "browser" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                              call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """One missing browser, one line: every browser test it skips is reported at the one
    place that decided it (pytest would list each test function on a line of its own)."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple):
        _, _, reason = report.longrepr
        if reason.startswith(f"Skipped: {NO_CHROMIUM} "):
            decided = browser_setup.chromium_or_skip.__code__
            report.longrepr = (decided.co_filename, decided.co_firstlineno, reason)
    return report


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def project() -> Project:
    return load_project(ROOT)


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


#: The repository the test site is built for, as the deploy workflow sets it (REPO_URL):
#: fixed, so that the tests read the same on a laptop and under GitHub Actions.
REPO_URL = "https://github.com/example-owner/derechos-digitales-mx"


@pytest.fixture(scope="session")
def repo_url() -> str:
    return REPO_URL


@pytest.fixture(scope="session")
def site(site_server: ThreadingHTTPServer, site_url: str, project: Project) -> Iterator[Path]:
    """The built site (every language, with the offline copy), made once for the session."""
    saved = {key: os.environ.pop(key, None) for key in ("REPO_URL", "REPO_BRANCH")}
    os.environ["REPO_URL"] = REPO_URL
    try:
        yield build_site(site_server.site_folder, site_url, offline_copy=True, project=project)  # type: ignore[attr-defined]
    finally:
        os.environ.pop("REPO_URL", None)
        os.environ.update({k: v for k, v in saved.items() if v is not None})


def copy_project(target: Path) -> Path:
    """A copy of the project's buildable files in `target` (for tests that break one thing),
    sharing the checkout's cache of drawn preview cards (their names are their contents' hashes)."""
    cache = ROOT / ".cache"
    cache.mkdir(exist_ok=True)
    (target / ".cache").symlink_to(cache, target_is_directory=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "site"))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A fresh copy of the project, and a previous build in its site/ that must survive."""
    copy_project(tmp_path)
    previous = tmp_path / "site"
    previous.mkdir()
    (previous / "index.html").write_text("previous build", encoding="utf-8")
    return tmp_path


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
def launch(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Playwright], Browser]:
    """Starts the headless Chromium in a Playwright (one per thread, for tests that check
    pages in parallel). Without a Chromium, Playwright's own install is tried once per run,
    then browser tests skip saying how to get one, except in CI where they fail
    (support.browser_setup)."""
    base = tmp_path_factory.getbasetemp()
    # The test processes of one run (pytest-xdist) share the parent of their folders.
    path = chromium_or_skip(base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base)
    return lambda playwright: playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def browser(launch: Callable[[Playwright], Browser]) -> Iterator[Browser]:
    """Headless system Chromium, shared by the session's browser tests."""
    with sync_playwright() as playwright:
        launched = launch(playwright)
        try:
            yield launched
        finally:
            launched.close()


#: Pages checked at once by `page_pool` (each in its own browser): this machine has 2
#: cores, and a page's load leaves one idle part of the time.
PAGE_WORKERS = 3


@pytest.fixture(scope="session")
def page_pool(launch: Callable[[Playwright], Browser]) -> Iterator[PagePool]:
    """Threads that check many pages in parallel (support.pagecheck), for the whole session."""
    with PagePool(launch, PAGE_WORKERS) as pool:
        yield pool
