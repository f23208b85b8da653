"""The page checks catch what they must: each fault is planted in a copy of a built page.

A green browser suite means nothing unless the same checks turn red on a faulty page.
Each test copies the built site, plants one fault in the Spanish home page, serves
the copy and asserts that `check_page` reports exactly that fault.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Route

from derechos.csp import protect, theme_scripts
from derechos.serve import make_server
from support.pagecheck import COLOUR_RULES, PageReport, check, check_page, is_third_party, new_context

#: Never contacted: the test answers requests to it itself.
FOREIGN = "https://tracker.invalid/pixel.png"


@pytest.fixture()
def planted(site: Path, served_site: str, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A served copy of the built site whose pages the test may change: (folder, base URL).

    The copy runs on its own port, so its absolute URLs (canonical, alternates, sitemaps)
    are rewritten to that port, as if it had been built for it.
    """
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    server = make_server(copy)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    for path in [*copy.rglob("*.html"), *copy.rglob("sitemap.xml")]:
        path.write_text(path.read_text(encoding="utf-8").replace(served_site, base), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield copy, base
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

#: The policy tag the build writes (to remove it).
POLICY = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def plant(folder: Path, html: str, keep_policy: bool = True) -> None:
    """Insert markup at the start of the home page's article and recompute its policy."""
    page = folder / "index.html"
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"(<article[^>]*>)", lambda m: m.group(1) + html, text, count=1)
    # The policy as the build computes it: the theme's inline scripts by hash, nothing else.
    text = protect(text, "index.html", theme_scripts(text, "index.html")) if keep_policy else POLICY.sub("", text)
    page.write_text(text, encoding="utf-8")


def run(browser: Browser, url: str, axe: bool = False) -> PageReport:
    context = new_context(browser, "mobile")

    def answer(route: Route) -> None:
        route.fulfill(status=200, content_type="image/png", body=b"")

    context.route("https://tracker.invalid/**", answer)
    try:
        return check_page(context, url, axe)
    finally:
        context.close()


def test_the_unchanged_page_is_clean(browser: Browser, planted: tuple[Path, str]) -> None:
    _, base = planted
    report = run(browser, base + "index.html", axe=True)
    assert report.problems() == []


def test_a_third_party_image_is_reported(browser: Browser, planted: tuple[Path, str]) -> None:
    folder, base = planted
    plant(folder, f'<img src="{FOREIGN}" alt="pixel">', keep_policy=False)
    report = run(browser, base + "index.html")
    assert report.third_party == [FOREIGN]
    assert f"{base}index.html: third-party request {FOREIGN}" in report.problems()


def test_the_policy_blocks_a_third_party_image_and_reports_it(browser: Browser,
                                                              planted: tuple[Path, str]) -> None:
    folder, base = planted
    plant(folder, f'<img src="{FOREIGN}" alt="pixel">')
    report = run(browser, base + "index.html")
    # The attempt is still reported as a third-party request; the browser refused it.
    assert report.third_party == [FOREIGN]
    assert f"{FOREIGN} (csp)" in report.failed_requests
    assert any(v.startswith(f"img-src blocked {FOREIGN}") for v in report.csp_violations), report.csp_violations


def test_an_inline_script_without_hash_is_a_csp_violation(browser: Browser, planted: tuple[Path, str]) -> None:
    folder, base = planted
    page = folder / "index.html"
    text = page.read_text(encoding="utf-8")  # planted after the policy was computed
    page.write_text(text.replace("</article>", "<script>document.title = 'x'</script></article>", 1),
                    encoding="utf-8")
    report = run(browser, base + "index.html")
    assert any(v.startswith("script-src-elem blocked inline") for v in report.csp_violations), report.csp_violations


def test_a_console_error_is_reported(browser: Browser, planted: tuple[Path, str]) -> None:
    folder, base = planted
    (folder / "assets" / "planted.js").write_text('console.error("planted error")\n', encoding="utf-8")
    plant(folder, '<script src="assets/planted.js"></script>')
    report = run(browser, base + "index.html")
    assert report.console_errors == ["planted error"]
    assert report.csp_violations == []


def test_a_missing_file_is_reported(browser: Browser, planted: tuple[Path, str]) -> None:
    folder, base = planted
    plant(folder, '<img src="assets/images/missing.png" alt="falta">')
    report = run(browser, base + "index.html")
    assert f"HTTP 404 for {base}assets/images/missing.png" in report.bad_responses


def test_an_axe_violation_is_reported(browser: Browser, planted: tuple[Path, str]) -> None:
    folder, base = planted
    plant(folder, '<img src="assets/images/favicon.png">')
    report = run(browser, base + "index.html", axe=True)
    assert [v.split(" ")[0] for v in report.axe_violations] == ["image-alt"]


def test_low_contrast_is_reported(browser: Browser, planted: tuple[Path, str]) -> None:
    folder, base = planted
    with (folder / "assets" / "stylesheets" / "site.css").open("a", encoding="utf-8") as css:
        css.write("\n.md-typeset p { color: #bbb; }\n")
    report = run(browser, base + "index.html", axe=True)
    assert [v.split(" ")[0] for v in report.axe_violations] == ["color-contrast"]


def test_low_contrast_in_the_other_scheme_is_reported(browser: Browser, planted: tuple[Path, str]) -> None:
    """The desktop view loads dark, then switches to light with the toggle: text unreadable
    only in the light scheme is found there, and the next page loads dark again."""
    folder, base = planted
    with (folder / "assets" / "stylesheets" / "site.css").open("a", encoding="utf-8") as css:
        css.write('\n[data-md-color-scheme="default"] .md-typeset p { color: #ddd; }\n')
    context = new_context(browser, "desktop", "dark")
    page = context.new_page()
    try:
        report = check(page, base + "index.html", axe=True, other_scheme=COLOUR_RULES)
        assert [v.split(" ")[:3] for v in report.axe_violations] == [["[other", "scheme]", "color-contrast"]]
        again = check(page, base + "en/index.html", axe=COLOUR_RULES)
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == "slate"
        assert again.axe_violations == [], "the scheme chosen for the check stayed for the next page"
    finally:
        context.close()


@pytest.mark.parametrize(("url", "foreign"), [
    ("http://127.0.0.1:8000/x.js", False),
    ("http://localhost/x.js", False),
    ("data:image/svg+xml,<svg/>", False),
    ("file:///tmp/site/index.html", False),
    ("https://fonts.googleapis.com/css", True),
    ("http://127.0.0.2/x", True),
])
def test_is_third_party(url: str, foreign: bool) -> None:
    assert is_third_party(url) is foreign
