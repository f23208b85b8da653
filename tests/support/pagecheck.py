"""Check pages of the built site in a real browser: what they request, log and fail.

Used by the browser tests (tests/browser/). For a page loaded in a Playwright page this
records every request (and which ones leave the local machine, carry a Referer or a
body), responses with an error status, console errors and uncaught exceptions,
Content-Security-Policy violations (the browser's own `securitypolicyviolation`
events), layout shifts, axe-core violations and the bytes transferred.
`PageReport.problems()` turns that into readable findings.

A page counts as loaded when its `load` event has fired and no request has been in
flight for QUIET_MS (Playwright's "networkidle" waits 500 ms, twice per page here);
a short link's page is followed to its target first. A `PagePool` checks many pages
in parallel: a few threads, each with its own browser, one context per view, and each
first view with the browser cache cleared.

The checking functions are separate from the tests so that the tests can also prove
they catch what they should (a page with a third-party image, a console error...).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
    ViewportSize,
)
from playwright.sync_api import Error as PlaywrightError

#: Hosts that are "the site itself" in the tests.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
#: URL schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about", "file"}

#: Collects CSP violations as the browser reports them. Installed before any page
#: script runs (Playwright init scripts are not subject to the page's policy).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => {
  window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile || ""}:${e.lineNumber})`);
});
"""

#: How long no request may be in flight, after the load event, for a page to count as loaded.
QUIET_MS = 150
#: How long a page may take to load and settle.
LOAD_TIMEOUT_MS = 20_000

#: The viewports every page is checked at.
VIEWPORTS: dict[str, ViewportSize] = {
    "mobile": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}


def site_pages(site: Path) -> list[str]:
    """Every HTML file of the built site (both languages), as paths relative to its root."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def is_redirect_page(path: Path) -> bool:
    """A short-link page: no theme, no switcher, only a meta refresh to its target."""
    return path.is_file() and 'http-equiv="refresh"' in path.read_text(encoding="utf-8")[:4000]


def is_third_party(url: str) -> bool:
    """True when the URL leaves the machine (anything but the local test server)."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return (parts.hostname or "") not in {h.strip("[]") for h in LOCAL_HOSTS}


@dataclass
class PageReport:
    """What happened while one page was loaded (and optionally used)."""

    url: str
    requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    axe_violations: list[str] = field(default_factory=list)
    #: Requests sent with a Referer header ("url (Referer: value)").
    referers: list[str] = field(default_factory=list)
    #: Requests that carried a body ("url: body").
    posted: list[str] = field(default_factory=list)
    transferred: int = 0
    layout_shift: float = 0.0
    #: What moved, when the layout shifted.
    shift_sources: list[str] = field(default_factory=list)
    #: Facts read from the settled page (FACTS): final URL, lang, switcher links, images.
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def third_party(self) -> list[str]:
        return [u for u in self.requests if is_third_party(u)]

    def problems(self) -> list[str]:
        """Every finding, one line each, naming the page."""
        out = [f"{self.url}: third-party request {u}" for u in self.third_party]
        out += [f"{self.url}: {r}" for r in self.bad_responses]
        out += [f"{self.url}: request failed {r}" for r in self.failed_requests]
        out += [f"{self.url}: console error: {m}" for m in self.console_errors]
        out += [f"{self.url}: CSP violation: {v}" for v in self.csp_violations]
        out += [f"{self.url}: axe: {v}" for v in self.axe_violations]
        return out


class Recorder:
    """Attach to a page and record its network and console activity into a report."""

    def __init__(self, page: Page, report: PageReport, expected_status: dict[str, int] | None = None):
        self.page, self.report = page, report
        self.expected_status = expected_status or {}
        self._requests: list[Request] = []
        #: Requests sent and not yet answered (or failed).
        self.pending: set[Request] = set()
        self._handlers: list[tuple[str, Callable[..., None]]] = [
            ("request", self._on_request), ("requestfinished", self._on_done),
            ("response", self._on_response), ("requestfailed", self._on_failed),
            ("console", self._on_console), ("pageerror", self._on_pageerror),
        ]
        for name, handler in self._handlers:
            page.on(name, handler)  # type: ignore[call-overload]  # Playwright types each event name apart

    def _on_request(self, request: Request) -> None:
        self._requests.append(request)
        self.pending.add(request)
        self.report.requests.append(request.url)
        referer = request.headers.get("referer")
        if referer:
            self.report.referers.append(f"{request.url} (Referer: {referer})")
        if request.post_data:
            self.report.posted.append(f"{request.url}: {request.post_data}")

    def _on_done(self, request: Request) -> None:
        self.pending.discard(request)

    def _on_response(self, response: Response) -> None:
        expected = self.expected_status.get(response.url, 200)
        if response.status >= 400 and response.status != expected:
            self.report.bad_responses.append(f"HTTP {response.status} for {response.url}")

    def _on_failed(self, request: Request) -> None:
        self.pending.discard(request)
        failure = request.failure or "failed"
        # A new page load cancels the previous one's pending requests: not a site error.
        if "ERR_ABORTED" not in failure:
            self.report.failed_requests.append(f"{request.url} ({failure})")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        # The browser logs the expected 404 of a missing address as an error: not a fault.
        source = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and self.expected_status.get(source, 200) != 200:
            return
        self.report.console_errors.append(message.text)

    def _on_pageerror(self, error: Exception) -> None:
        self.report.console_errors.append(f"uncaught {error}")

    def wait_until_quiet(self, quiet_ms: int = QUIET_MS, timeout_ms: int = LOAD_TIMEOUT_MS) -> None:
        """Return once no request has been in flight for `quiet_ms`; fail after `timeout_ms`."""
        deadline = time.monotonic() + timeout_ms / 1000
        quiet_since: float | None = None
        while True:
            now = time.monotonic()
            if self.pending:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = now
            elif now - quiet_since >= quiet_ms / 1000:
                return
            if now > deadline:
                raise TimeoutError(f"{self.report.url}: requests still in flight after {timeout_ms} ms: "
                                   + ", ".join(sorted(r.url for r in self.pending)))
            self.page.wait_for_timeout(25)  # lets Playwright deliver the page's events

    def finish(self) -> PageReport:
        """Collect CSP violations and the transferred bytes, and detach."""
        try:
            self.report.csp_violations += self.page.evaluate("window.__cspViolations || []")
        except Exception as error:  # the page navigated away or closed
            self.report.console_errors.append(f"could not read CSP violations: {error}")
        self.report.transferred += sum(transferred(r) for r in self._requests)
        for name, handler in self._handlers:
            self.page.remove_listener(name, handler)
        return self.report


def transferred(request: Request) -> int:
    """Bytes a request moved over the network (headers and body, as sent: gzip), 0 if none.

    Chromium reports no body size for a Web Worker's own script (only its headers), so a
    response that came over the network with an empty body counts its Content-Length. (A
    response from the browser's cache reports a body of minus its headers: 0 in all.)
    """
    if request.url.startswith(("data:", "blob:")):
        return 0
    try:
        sizes = request.sizes()
    except Exception:  # no response (failed or cancelled): nothing transferred
        return 0
    body, headers = sizes["responseBodySize"], sizes["responseHeadersSize"]
    if body == 0 and headers > 0:
        response = request.response()
        length = response.headers.get("content-length", "") if response and response.status == 200 else ""
        body = int(length) if length.isdigit() else body
    return body + headers


#: The page's layout shifts so far, read from the browser's performance timeline (which
#: buffers them from the first paint: no observer needs to be installed before the load).
LAYOUT_SHIFTS = """() => {
  const observer = new PerformanceObserver(() => {});
  observer.observe({type: "layout-shift", buffered: true});
  const entries = observer.takeRecords().filter(e => !e.hadRecentInput);
  observer.disconnect();
  return {
    cls: entries.reduce((sum, e) => sum + e.value, 0),
    sources: entries.flatMap(e => (e.sources || []).map(s =>
      `${s.node ? (s.node.className || s.node.nodeName) : "?"} moved at ${Math.round(e.startTime)} ms`)),
  };
}"""


#: What the tests need to know about a settled page.
FACTS = """() => ({
  url: location.href,
  lang: document.documentElement.lang,
  switcher: Object.fromEntries([...document.querySelectorAll("a.md-select__link[hreflang]")]
    .map(a => [a.hreflang, a.href])),
  images: [...document.querySelectorAll("img")].map(i => ({src: i.currentSrc || i.src, alt: i.getAttribute("alt")})),
  csp: !!document.querySelector('meta[http-equiv="Content-Security-Policy"]'),
  referrer: document.querySelector('meta[name="referrer"]')?.content ?? null,
  // How <q> quotes: the page's quotation marks (CSS quotes), each distinct value once.
  quotes: [...new Set([...document.querySelectorAll(".md-content q")].map(q => getComputedStyle(q).quotes))],
  // Headings whose permalink (the ¶ after the text) was pushed onto a line of its own.
  lonely_permalinks: [...document.querySelectorAll(".md-typeset .headerlink")].filter(a => {
    const text = document.createRange();
    text.selectNodeContents(a.parentElement);
    text.setEndBefore(a);
    const lines = [...text.getClientRects()];
    return lines.length > 0 && a.getBoundingClientRect().top > lines[lines.length - 1].top + 2;
  }).map(a => a.parentElement.id),
})"""


ColorScheme = Literal["light", "dark"]


def new_context(browser: Browser, viewport: str, color_scheme: ColorScheme = "light",
                axe: bool = False) -> BrowserContext:
    """A fresh context (no storage) at one of VIEWPORTS, recording CSP violations.

    With `axe`, axe-core is in every page from the start (instead of being sent for each
    check: half a megabyte)."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=color_scheme,
                                  service_workers="block")
    context.add_init_script(CSP_LISTENER)
    if axe:
        context.add_init_script(axe_source())
    return context


#: axe-core's rules that read colours: the only ones whose answer can change when nothing
#: but the colour scheme changes (the same page at the same width, light or dark).
COLOUR_RULES = ("color-contrast", "link-in-text-block")

#: Runs axe-core (all its default rules, or only `rules`) and returns its violations, small.
AXE_RUN = """rules => axe.run(document, rules
    ? {runOnly: {type: "rule", values: rules}, resultTypes: ["violations"]}
    : {resultTypes: ["violations"]})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                                     targets: v.nodes.slice(0, 5).map(n => n.target.join(" "))})))"""

#: What `axe` may be where pages are checked: False (no axe), True (every default rule) or
#: a tuple of rule ids.
AxeRules = bool | tuple[str, ...]


@cache
def axe_source() -> str:
    """axe-core itself, as the axe-playwright-python package ships it."""
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_findings(page: Page, rules: AxeRules = True) -> list[str]:
    """axe-core violations on the page as it is now, one line per rule."""
    if not page.evaluate("() => typeof axe === 'object'"):
        page.evaluate(axe_source())  # not injected by the context (new_context(axe=True))
    violations = page.evaluate(AXE_RUN, list(rules) if isinstance(rules, tuple) else None)
    return [f"{v['id']} ({v['impact']}): {v['help']} [{v['count']} nodes: {', '.join(v['targets'])}]"
            for v in violations]


def load(page: Page, url: str, recorder: Recorder, report: PageReport, expected_status: int = 200) -> None:
    """Open `url` in `page` and wait until it has settled (a short link: until its target has)."""
    response = page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
    if response is None or response.status != expected_status:
        report.bad_responses.append(f"page answered {response.status if response else 'nothing'}, "
                                    f"expected {expected_status}")
    if response is not None and _refreshes(page, response.url):
        # A short link's page: the browser moves on to its target at once.
        page.wait_for_url(lambda address: address != response.url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
    recorder.wait_until_quiet()


def _refreshes(page: Page, loaded: str) -> bool:
    """True when the page loaded from `loaded` is a redirect (it has moved on, or is about to)."""
    if page.url != loaded:
        return True
    try:
        return bool(page.evaluate("() => !!document.querySelector('meta[http-equiv=\"refresh\"]')"))
    except PlaywrightError:  # its context is gone: the browser is already on its way
        return True


def check(page: Page, url: str, axe: AxeRules = False, expected_status: int = 200,
          other_scheme: AxeRules = False) -> PageReport:
    """Load a page in `page` (a tab already open), let it settle, run axe-core; report everything.
    With `other_scheme`, the page is then switched to its other colour scheme with its own
    toggle, as a reader does, and those axe rules run again ("[other scheme]" findings)."""
    report = PageReport(url)
    recorder = Recorder(page, report, {url: expected_status})
    try:
        load(page, url, recorder, report, expected_status)
        shifts = page.evaluate(LAYOUT_SHIFTS)
        report.layout_shift, report.shift_sources = float(shifts["cls"]), shifts["sources"]
        report.facts = page.evaluate(FACTS)
        if axe:
            report.axe_violations = axe_findings(page, axe)
        if other_scheme:
            report.axe_violations += [f"[other scheme] {v}" for v in _in_other_scheme(page, other_scheme)]
    finally:
        recorder.finish()
    return report


def _in_other_scheme(page: Page, rules: AxeRules) -> list[str]:
    """Switch the page's colour scheme with the header's toggle, run axe, and forget the choice
    (Material keeps it in localStorage: the next page must load in its context's own scheme)."""
    before = page.evaluate("() => document.body.dataset.mdColorScheme")
    toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
    if toggle.count() == 0:  # a page without the theme's header (a short link's page)
        return []
    toggle.first.click()
    page.wait_for_function("before => document.body.dataset.mdColorScheme !== before", arg=before)
    try:
        return axe_findings(page, rules)
    finally:
        page.evaluate("() => localStorage.clear()")


def check_page(context: BrowserContext, url: str, axe: AxeRules = False, expected_status: int = 200) -> PageReport:
    """Load a page in a new tab of `context`, let it settle, run axe-core; report everything.

    For a first view, give each page a fresh context (or use a FirstViews): the test
    server lets browsers cache files, as GitHub Pages does, so a context that loaded
    other pages has them.
    """
    page = context.new_page()
    try:
        return check(page, url, axe, expected_status)
    finally:
        page.close()


class FirstViews:
    """One tab in one context of a view, reused for page after page, each a true first view:
    the browser cache is emptied before every load (cheaper than a context per page)."""

    def __init__(self, browser: Browser, viewport: str, color_scheme: ColorScheme = "light",
                 axe: bool = False) -> None:
        self.context = new_context(browser, viewport, color_scheme, axe)
        self.page = self.context.new_page()
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Network.enable")

    def check(self, url: str, axe: AxeRules = False, expected_status: int = 200,
              other_scheme: AxeRules = False) -> PageReport:
        self.cdp.send("Network.clearBrowserCache")
        return check(self.page, url, axe, expected_status, other_scheme)

    def close(self) -> None:
        self.context.close()


@dataclass(frozen=True)
class Job:
    """One page to check in one view."""

    view: str      # "mobile-light": what the reports are keyed by
    viewport: str  # a key of VIEWPORTS
    scheme: ColorScheme
    url: str
    status: int = 200
    axe: AxeRules = False
    other_scheme: AxeRules = False  # axe rules to run again in the other colour scheme


class PagePool:
    """Worker threads that check pages, `workers` at a time, for as long as the pool is open:
    each thread has its own Playwright and browser (Playwright objects belong to the thread
    that made them) and one FirstViews per view, kept from batch to batch."""

    def __init__(self, launch: Callable[[Playwright], Browser], workers: int = 3) -> None:
        self.launch = launch
        self.jobs: queue.Queue[tuple[Job, Future[PageReport], bool] | None] = queue.Queue()
        self.threads = [threading.Thread(target=self._work, name=f"pagecheck-{i}", daemon=True)
                        for i in range(max(1, workers))]
        for thread in self.threads:
            thread.start()

    def _work(self) -> None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser: Browser | None = None
            views: dict[tuple[str, bool], FirstViews] = {}
            try:
                while (item := self.jobs.get()) is not None:
                    job, future, with_axe = item
                    if not future.set_running_or_notify_cancel():
                        continue
                    try:
                        browser = browser or self.launch(playwright)
                        key = (job.view, with_axe)
                        if key not in views:
                            views[key] = FirstViews(browser, job.viewport, job.scheme, with_axe)
                        future.set_result(views[key].check(job.url, job.axe, job.status, job.other_scheme))
                    except BaseException as error:  # noqa: B036 - raised by run(), in the caller's thread
                        future.set_exception(error)
            finally:
                if browser is not None:
                    browser.close()

    def run(self, jobs: Iterable[Job]) -> dict[Job, PageReport]:
        """Check every job; the first error of any is raised here."""
        jobs = list(jobs)
        with_axe = {job.view for job in jobs if job.axe or job.other_scheme}
        futures: dict[Job, Future[PageReport]] = {}
        for job in jobs:
            futures[job] = Future()
            self.jobs.put((job, futures[job], job.view in with_axe))
        try:
            return {job: future.result() for job, future in futures.items()}
        finally:
            for future in futures.values():
                future.cancel()  # after an error: the jobs not yet started are dropped

    def close(self) -> None:
        for _ in self.threads:
            self.jobs.put(None)
        for thread in self.threads:
            thread.join()

    def __enter__(self) -> PagePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
