"""The Content-Security-Policy at run time: code that is not the theme's never runs.

A script written into a page's Markdown cannot reach the site: the build refuses it,
naming the file and line (tests/site/test_build_failures.py), and every built page runs
in Chromium with no policy violation (tests/browser/test_browser_pages.py). This module
proves the policy itself holds in the browser: each kind of page is served at its own
address with code planted in its content (an inline <script>, an event handler and a
javascript: link, each of which would request /__planted/…), and

- none of that code runs: no /__planted/ request is ever made, and the title the
  script would set is unchanged;
- the browser reports each refusal as a policy violation (script-src-elem for the
  script and the javascript: link, script-src-attr for the handler);
- the theme's own scripts still run under the same policy (Material's bundle marks
  <html> with the class "js").

The page is planted through Playwright's routing, so it keeps its address and the
theme's files load as in real use. (page.set_content would put it at about:blank,
where 'self' matches nothing and the theme could not run either; and Playwright's
add_script_tag would test Playwright, not the policy.)
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Request, Route

from derechos.project import Project
from support.pagecheck import new_context

PLANTED = """<script>document.title = "planted"; fetch("/__planted/script")</script>
<img src="data:," alt="" onerror="fetch('/__planted/handler')">
<a id="planted-link" href="javascript:fetch('/__planted/link')">planted</a>"""
#: Where the planted code goes: the start of the page content (Material's article, or
#: the <main> of a short link's page).
CONTENT = re.compile(r"<article\b[^>]*>|<main\b[^>]*>")
#: Reports every violation to the test as it happens (init scripts are not subject to
#: the page's policy), so a page that moves on (a short link) loses none.
REPORTER = """document.addEventListener("securitypolicyviolation", e =>
  window.__reportViolation(`${e.effectiveDirective} ${e.blockedURI || "inline"} ${e.disposition}`));"""


@pytest.mark.parametrize(("path", "status"), [
    ("index.html", 200), ("en/surveillance.html", 200), ("no-such-page.html", 404), ("pegasus/", 200),
])
def test_code_planted_in_a_page_does_not_run(browser: Browser, served_site: str, project: Project,
                                             path: str, status: int) -> None:
    url = served_site + path
    short_link = path.endswith("/")
    violations: list[str] = []
    ran: list[str] = []

    def plant(route: Route) -> None:
        response = route.fetch()
        html = response.text()
        assert CONTENT.search(html), f"{path}: no content element to plant into"
        route.fulfill(response=response, body=CONTENT.sub(lambda m: m.group(0) + PLANTED, html, count=1))

    context = new_context(browser, "desktop")
    context.expose_function("__reportViolation", lambda text: violations.append(text))
    context.add_init_script(REPORTER)
    context.route(url, plant)
    def record(request: Request) -> None:
        if "/__planted/" in request.url:
            ran.append(request.url)

    context.on("request", record)
    page = context.new_page()
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == status
        if short_link:
            page.wait_for_url(lambda address: address != url, wait_until="load")
        else:
            page.wait_for_function("document.documentElement.classList.contains('js')")  # the theme ran
            assert page.title() != "planted"
            page.locator("#planted-link").click()
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert ran == [], f"{path}: planted code ran: {ran}"
    directives = sorted(v.split(" ")[0] for v in violations)
    expected = ["script-src-attr", "script-src-elem"] + ([] if short_link else ["script-src-elem"])
    assert directives == sorted(expected), f"{path}: violations reported: {violations}"
    assert all(v.endswith(" enforce") for v in violations), violations
