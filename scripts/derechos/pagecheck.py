"""Check one page of the built site in a real browser: what it requests, logs and fails.

Used by the browser tests (tests/test_browser_*.py). For a page loaded in a Playwright
page this records every request (and which ones leave the local machine), responses
with an error status, console errors and uncaught exceptions, Content-Security-Policy
violations (the browser's own `securitypolicyviolation` events), axe-core violations
and the bytes transferred. `PageReport.problems()` turns that into readable findings.

The checking functions are separate from the tests so that the tests can also prove
they catch what they should (a page with a third-party image, a console error...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response

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

#: The viewports every page is checked at.
VIEWPORTS = {
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
    transferred: int = 0
    layout_shift: float = 0.0
    #: What moved, when the layout shifted.
    shift_sources: list[str] = field(default_factory=list)
    #: Facts read from the settled page (FACTS): final URL, lang, switcher links, images.
    facts: dict = field(default_factory=dict)

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
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_failed)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_pageerror)

    def _on_request(self, request: Request) -> None:
        self._requests.append(request)
        self.report.requests.append(request.url)

    def _on_response(self, response: Response) -> None:
        expected = self.expected_status.get(response.url, 200)
        if response.status >= 400 and response.status != expected:
            self.report.bad_responses.append(f"HTTP {response.status} for {response.url}")

    def _on_failed(self, request: Request) -> None:
        failure = request.failure or "failed"
        # A new page load cancels the previous one's pending requests: not a site error.
        if "ERR_ABORTED" not in failure:
            self.report.failed_requests.append(f"{request.url} ({failure})")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        # The browser logs the expected 404 of a missing address as an error: not a fault.
        source = (message.location or {}).get("url", "")
        if message.text.startswith("Failed to load resource") and self.expected_status.get(source, 200) != 200:
            return
        self.report.console_errors.append(message.text)

    def _on_pageerror(self, error: Exception) -> None:
        self.report.console_errors.append(f"uncaught {error}")

    def finish(self) -> PageReport:
        """Collect CSP violations and the transferred bytes, and detach."""
        try:
            self.report.csp_violations += self.page.evaluate("window.__cspViolations || []")
        except Exception as error:  # the page navigated away or closed
            self.report.console_errors.append(f"could not read CSP violations: {error}")
        total = 0
        for request in self._requests:
            if request.url.startswith(("data:", "blob:")):
                continue
            try:
                sizes = request.sizes()
            except Exception:  # no response (failed or cancelled): nothing transferred
                continue
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        self.report.transferred += total
        for name, handler in (("request", self._on_request), ("response", self._on_response),
                              ("requestfailed", self._on_failed), ("console", self._on_console),
                              ("pageerror", self._on_pageerror)):
            self.page.remove_listener(name, handler)
        return self.report


LAYOUT_SHIFT_OBSERVER = """
window.__cls = 0;
window.__clsSources = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries())
    if (!entry.hadRecentInput) {
      window.__cls += entry.value;
      for (const s of entry.sources || [])
        window.__clsSources.push(`${s.node ? (s.node.className || s.node.nodeName) : "?"} moved at ${Math.round(entry.startTime)} ms`);
    }
}).observe({type: "layout-shift", buffered: true});
"""


#: What the tests need to know about a settled page.
FACTS = """() => ({
  url: location.href,
  lang: document.documentElement.lang,
  switcher: Object.fromEntries([...document.querySelectorAll("a.md-select__link[hreflang]")]
    .map(a => [a.hreflang, a.href])),
  images: [...document.querySelectorAll("img")].map(i => ({src: i.currentSrc || i.src, alt: i.getAttribute("alt")})),
  csp: !!document.querySelector('meta[http-equiv="Content-Security-Policy"]'),
})"""


def new_context(browser, viewport: str, color_scheme: str = "light") -> BrowserContext:
    """A fresh context (no storage) at one of VIEWPORTS, recording CSP violations."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=color_scheme,
                                  service_workers="block")
    context.add_init_script(CSP_LISTENER)
    context.add_init_script(LAYOUT_SHIFT_OBSERVER)
    return context


def axe_findings(page: Page, axe) -> list[str]:
    """axe-core violations on the page as it is now, one line per rule."""
    results = axe.run(page)
    out = []
    for violation in results.response.get("violations", []):
        targets = ", ".join(" ".join(map(str, n.get("target", []))) for n in violation["nodes"][:5])
        out.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                   f"[{len(violation['nodes'])} nodes: {targets}]")
    return out


def check_page(context: BrowserContext, url: str, axe=None, expected_status: int = 200) -> PageReport:
    """Load a page in a new tab, let it settle, run axe-core; report everything.

    For a first view, give each page a fresh context: the test server lets browsers
    cache files, as GitHub Pages does, so a context that loaded other pages has them.
    """
    page = context.new_page()
    report = PageReport(url)
    recorder = Recorder(page, report, {url: expected_status})
    try:
        response = page.goto(url, wait_until="networkidle")
        if response is None or response.status != expected_status:
            report.bad_responses.append(f"page answered {response.status if response else 'nothing'}, "
                                        f"expected {expected_status}")
        page.wait_for_load_state("networkidle")  # a redirect page has moved on by now
        report.layout_shift = float(page.evaluate("window.__cls || 0"))
        report.shift_sources = page.evaluate("window.__clsSources || []")
        report.facts = page.evaluate(FACTS)
        if axe is not None:
            report.axe_violations = axe_findings(page, axe)
    finally:
        recorder.finish()
        page.close()
    return report
