"""Reading the site in Chromium: instant navigation stays light and clean; the keyboard works.

- From each language's home page, every page in the navigation is opened by clicking
  its link (Material's instant navigation: no full reload). Each such step may
  transfer at most 15 KB, and must log no console error and no CSP violation (the
  new page's inline scripts run under the policy of the page first loaded).
- Keyboard only: the first Tab focuses a visible "skip to content" link that moves the
  focus to the article; every focused element is drawn with a visible outline.
- Without JavaScript, each home page shows its content: the title, the text, every card
  (Material's grid cards, as the build wrote them), the navigation; every link in the
  content leads to a page or anchor that exists, and a card's link opens its page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from derechos.project import load_project
from support.pagecheck import PageReport, Recorder, new_context

PROJECT = load_project()


#: Budget for each further page opened through instant navigation (transferred, gzip).
NEXT_PAGE_BUDGET = 15_000
#: The timeline holds every dated event of the site on one page, each with its sources (78 events
#: in December 2026, about 28 KB; its table of contents lists only the years): its own budget.
TIMELINE_BUDGET = 32_000


def next_page_budget(url: str) -> int:
    return TIMELINE_BUDGET if url.endswith("/timeline.html") else NEXT_PAGE_BUDGET

NAV_LINKS = """() => [...new Set([...document.querySelectorAll("nav.md-nav--primary a.md-nav__link[href]")]
  .map(a => a.href).filter(h => h.endsWith(".html") && h !== location.href))]"""


@pytest.mark.parametrize("lang", PROJECT.codes)
def test_instant_navigation_is_light_and_clean(browser: Browser, served_site: str, lang: str) -> None:
    context = new_context(browser, "desktop")
    page = context.new_page()
    try:
        home = f"{served_site}{PROJECT.language(lang).root}index.html"
        page.goto(home, wait_until="networkidle")
        targets = page.evaluate(NAV_LINKS)
        assert targets, f"{home}: no navigation links to other pages"
        page.evaluate("window.__sameDocument = true")
        problems, weights = [], []
        for target in targets:
            report = PageReport(f"{page.url} → {target}")
            recorder = Recorder(page, report)
            page.evaluate("href => [...document.querySelectorAll('a.md-nav__link')]"
                          ".find(a => a.href === href).click()", target)
            page.wait_for_url(target)
            page.wait_for_load_state("networkidle")
            recorder.finish()
            assert page.evaluate("window.__sameDocument === true"), f"{target}: full reload, not instant navigation"
            expect(page.locator("html")).to_have_attribute("lang", lang)
            problems += report.problems()
            problems += [f"{report.url}: {v}" for v in page.evaluate("window.__cspViolations")]
            weights.append((target, report.transferred))
            if report.transferred > next_page_budget(target):
                problems.append(f"{report.url}: {report.transferred} bytes transferred "
                                f"(budget {next_page_budget(target)})")
        assert problems == [], "\n".join(problems)
        assert all(w > 0 for _, w in weights), f"no bytes measured: {weights}"
    finally:
        context.close()


@pytest.mark.parametrize("lang", PROJECT.codes)
def test_keyboard_skip_link_and_visible_focus(browser: Browser, served_site: str, lang: str) -> None:
    context = new_context(browser, "mobile")
    page = context.new_page()
    try:
        page.goto(f"{served_site}{PROJECT.language(lang).root}accessibility.html", wait_until="networkidle")
        page.keyboard.press("Tab")
        skip = page.locator("a.md-skip")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        box = skip.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0, "the skip link is not shown"
        page.keyboard.press("Enter")
        assert page.url.endswith("#accessibility"), page.url
        # Further Tabs reach links and buttons, each drawn with a visible outline.
        outlines = []
        for _ in range(6):
            page.keyboard.press("Tab")
            outlines.append(page.evaluate("""() => {
                const el = document.activeElement, style = getComputedStyle(el);
                return [el.tagName + (el.className ? "." + el.className : ""),
                        style.outlineStyle, parseFloat(style.outlineWidth)];
            }"""))
        # BODY: nothing focused for a moment (e.g. the back-to-top button hid itself).
        focused = [o for o in outlines if o[0] not in ("BODY", "HTML")]
        assert len(focused) >= 4, f"the keyboard reached too few elements: {outlines}"
        hidden = [o for o in focused if o[1] == "none" or o[2] <= 0]
        assert hidden == [], f"focused elements without a visible outline: {hidden}"
    finally:
        context.close()


#: Everything the test needs to see of a page without its scripts.
STATIC = """() => {
  const article = document.querySelector("article");
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
    getComputedStyle(el).visibility !== "hidden"; };
  return {
    js: document.documentElement.classList.contains("js"),
    title: document.querySelector("h1")?.textContent.trim() ?? "",
    words: (article?.innerText ?? "").split(/\\s+/).length,
    cards: [...document.querySelectorAll(".grid.cards > ul > li, .grid.cards > ol > li")].map(shown),
    nav: [...document.querySelectorAll("nav.md-nav--primary a.md-nav__link[href]")].length,
    links: [...article.querySelectorAll("a[href]")].map(a => a.href),
    cardLinks: [...document.querySelectorAll(".grid.cards a[href]")].map(a => a.href),
  };
}"""


@pytest.mark.parametrize("lang", PROJECT.codes)
def test_the_home_page_works_without_javascript(browser: Browser, served_site: str, site: Path, lang: str) -> None:
    root = PROJECT.language(lang).root
    built = (site / root / "index.html").read_text(encoding="utf-8")
    cards = len(re.findall(r'<div class="grid cards"', built))
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"{served_site}{root}index.html", wait_until="load")
        seen = page.evaluate(STATIC)
        assert not seen["js"], "the theme's script ran: JavaScript was not off"
        assert seen["title"], "no title"
        assert seen["words"] > 100, f"only {seen['words']} words of content"
        assert seen["nav"] >= 10, "the navigation is missing"
        if cards:
            assert seen["cards"] and all(seen["cards"]), f"cards not shown without JavaScript: {seen['cards']}"
        bad = []
        for href in sorted(set(seen["links"])):
            parts = urlsplit(href)
            if not href.startswith(served_site):
                continue  # outbound: not ours to check here
            path = parts.path.lstrip("/")
            target = site / (path + "index.html" if path.endswith("/") or not path else path)
            if not target.is_file():
                bad.append(f"{href}: no such page")
            elif parts.fragment and f'id="{parts.fragment}"' not in target.read_text(encoding="utf-8"):
                bad.append(f"{href}: no such anchor")
        assert bad == [], "\n".join(bad)
        assert len(seen["links"]) >= 5, "too few links in the content"
        if seen["cardLinks"]:
            first = next(h for h in seen["cardLinks"] if h.startswith(served_site) and ".html" in h)
            page.goto(first, wait_until="load")
            expect(page.locator("h1")).to_be_visible()
    finally:
        context.close()

