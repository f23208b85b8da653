"""In Chromium: the offline zip works from file:// with no request leaving the machine,
and the redirect pages pass the axe accessibility check."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from derechos.offline import FOLDER, zip_path
from derechos.project import Project
from derechos.shortlinks import load_links


@pytest.mark.parametrize(("start", "term"), [
    ("index.html", "sociedad"),
    ("en/index.html", "authoritarianism"),
])
def test_offline_copy_searches_from_file_url(browser: Browser, site: Path, tmp_path: Path,
                                             start: str, term: str) -> None:
    with zipfile.ZipFile(zip_path(site)) as archive:
        archive.extractall(tmp_path)
    page_file = tmp_path / FOLDER / start
    requests: list[str] = []
    page = browser.new_page()
    try:
        page.on("request", lambda request: requests.append(request.url))
        page.goto(page_file.as_uri())
        expect(page.locator("h1").first).to_be_visible()
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially(term, delay=50)  # typed key by key, as a reader would
        expect(page.locator(".md-search-result__item")).not_to_have_count(0, timeout=15_000)
        expect(page.locator(".md-search-result__meta")).not_to_contain_text(("No ", "Sin "))
        assert requests, "no request was recorded"
        outside = [url for url in requests if not url.startswith("file://")]
        assert outside == [], f"requests left the machine: {outside}"
    finally:
        page.close()


def test_redirect_pages_pass_axe(browser: Browser, site: Path, project: Project) -> None:
    axe = Axe()
    page = browser.new_page()
    try:
        for link in load_links(project):
            html = (site / link.path / "index.html").read_text(encoding="utf-8")
            # Without the refresh the page stays put long enough to be checked.
            html = html.replace('<meta http-equiv="refresh"', '<meta data-refresh')
            page.set_content(html)
            results = axe.run(page)
            assert results.violations_count == 0, f"/{link.path}: {results.generate_report()}"
    finally:
        page.close()


def test_short_link_redirects_in_a_browser(browser: Browser, served_site: str, project: Project) -> None:
    page = browser.new_page(java_script_enabled=False)
    try:
        for link in load_links(project):
            page.goto(served_site + link.path)
            page.wait_for_url(served_site + link.root + link.target_html)
            expect(page.locator("html")).to_have_attribute("lang", link.lang)
    finally:
        page.close()
