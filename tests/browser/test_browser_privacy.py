"""What the site leaves in the browser, and the offline copy opened from file://.

- Searching sends what is typed nowhere (no request carries it); no cookies, nothing in sessionStorage, and in localStorage only Material's colour
  scheme (`__palette`), after reading, searching and switching the colour scheme.
  The privacy statement (docs/*/privacy.md) says exactly this.
- Every page opened from the file system (file://, as the offline copy is read) runs
  under its Content-Security-Policy with no violation, no console error and no request
  that leaves the file system: in Chromium, 'self' in a policy of a file:// page
  matches file: URLs. The 404 pages are left out: they are only ever served by the
  host, and their links are root-relative.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from derechos.pagecheck import PageReport, Recorder, is_redirect_page, new_context, site_pages
from derechos.project import Project, load_project

PROJECT = load_project()


STORAGE = "() => ({local: {...localStorage}, session: {...sessionStorage}, cookie: document.cookie})"


@pytest.mark.parametrize("lang", PROJECT.codes)
def test_only_the_colour_scheme_is_stored(browser: Browser, served_site: str, lang: str) -> None:
    context = new_context(browser, "mobile")
    page = context.new_page()
    try:
        page.goto(f"{served_site}{PROJECT.language(lang).root}index.html", wait_until="networkidle")
        report = PageReport(page.url)
        recorder = Recorder(page, report)
        page.locator("label.md-header__button[for=__search]").click()
        page.locator("input.md-search__input").press_sequentially("privac")
        expect(page.locator(".md-search-result__item").first).to_be_visible()
        page.keyboard.press("Escape")
        recorder.finish()
        # Search runs in the browser: what is typed is sent nowhere.
        assert [u for u in report.requests if "privac" in u] == [], report.requests
        assert report.problems() == []
        page.locator("label.md-header__button[for=__palette_1]").click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        page.goto(f"{served_site}{PROJECT.language(lang).root}privacy.html", wait_until="networkidle")
        stored = page.evaluate(STORAGE)
        assert context.cookies() == []
        assert stored["cookie"] == ""
        assert stored["session"] == {}
        assert stored["local"], "expected the colour scheme in localStorage"
        assert all(key.endswith(".__palette") for key in stored["local"]), stored["local"]
    finally:
        context.close()


def test_pages_opened_from_files_run_under_their_policy(browser: Browser, site: Path, project: Project) -> None:
    # Theme pages only: 404 pages need a server, and a short link's page has no script
    # of its own (it sends the reader on to its target).
    pages = [rel for rel in site_pages(site)
             if Path(rel).name != "404.html" and not is_redirect_page(site / rel)]
    context = new_context(browser, "desktop")
    problems = []
    try:
        for rel in pages:
            url = (site / rel).as_uri()
            page = context.new_page()
            report = PageReport(url)
            recorder = Recorder(page, report)
            page.goto(url, wait_until="load")
            page.wait_for_function("document.documentElement.classList.contains('js')")
            recorder.finish()
            page.close()
            problems += report.problems()
            problems += [f"{url}: request outside the file system: {u}"
                         for u in report.requests if not u.startswith("file:")]
    finally:
        context.close()
    assert len(pages) >= 2 * len(project.languages)
    assert problems == [], "\n".join(problems)


def test_the_policy_is_enforced_from_files(browser: Browser, site: Path, tmp_path: Path) -> None:
    """The file:// check above means something: the same policy still blocks what it must."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    index = copy / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "</article>", '<script>document.title = "x"</script><img src="https://tracker.invalid/p.png" alt="p"></article>', 1),
        encoding="utf-8")
    context = new_context(browser, "desktop")
    try:
        page = context.new_page()
        report = PageReport(index.as_uri())
        recorder = Recorder(page, report)
        page.goto(index.as_uri(), wait_until="load")
        page.wait_for_function("document.documentElement.classList.contains('js')")
        recorder.finish()
    finally:
        context.close()
    directives = sorted(v.split(" ")[0] for v in report.csp_violations)
    assert directives == ["img-src", "script-src-elem"], report.csp_violations
