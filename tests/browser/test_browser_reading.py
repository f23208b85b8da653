"""What a reader on a cheap phone sees first, and what a campaigner clicks.

- On a 360 x 640 screen, every topic page (a page with a status box) shows its whole lead
  and the top of the status box (its title) without scrolling, in every language.
- The site's name is whole in the header at 360 px (not cut to «Derechos di…»).
- The campaign kit's copy buttons put exactly the text they show on the clipboard.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ViewportSize, expect

from derechos.project import Project, load_project
from support.pagecheck import new_context

PROJECT = load_project()
SCREEN: ViewportSize = {"width": 360, "height": 640}

#: The lead (the first paragraph after the title), the status box and its title bar.
GEOMETRY = """() => {
  const box = document.querySelector("article .page-status");
  const title = box && box.querySelector(".admonition-title");
  const lead = document.querySelector("article h1 ~ p");
  const rect = e => e && e.getBoundingClientRect();
  return {lead: rect(lead) && rect(lead).bottom, leadBeforeBox: !!(lead && box &&
            lead.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING),
          box: rect(box) && rect(box).top, title: rect(title) && rect(title).bottom,
          height: innerHeight, scrolled: scrollY};
}"""


def topic_pages(site: Path, root: str) -> list[str]:
    return sorted(p.name for p in (site / root).glob("*.html") if 'class="admonition abstract page-status"' in
                  p.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=SCREEN, service_workers="block")
    yield context
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("code", PROJECT.codes)
def test_the_lead_and_the_status_box_are_on_the_first_screen(phone: BrowserContext, site: Path, served_site: str,
                                                             code: str) -> None:
    root = PROJECT.language(code).root
    pages = topic_pages(site, root)
    assert len(pages) >= 5, pages  # the four trends and the IGF 2016 statement
    page = phone.new_page()
    late = {}
    for name in pages:
        page.goto(f"{served_site}{root}{name}", wait_until="load")
        found = page.evaluate(GEOMETRY)
        assert found["scrolled"] == 0 and found["leadBeforeBox"], (name, found)
        if not (found["lead"] <= found["height"] and found["title"] <= found["height"]):
            late[name] = found
    page.close()
    assert late == {}


@pytest.mark.browser
@pytest.mark.parametrize("code", PROJECT.codes)
def test_the_sites_name_is_whole_in_the_header(phone: BrowserContext, served_site: str, code: str) -> None:
    page = phone.new_page()
    page.goto(f"{served_site}{PROJECT.language(code).root}surveillance.html", wait_until="load")
    name = page.locator(".md-header__topic:first-child .md-ellipsis")
    expect(name).to_have_text(str(PROJECT.strings[code]["site_name"]))
    clipped = name.evaluate("e => [e.scrollWidth > e.clientWidth, e.scrollHeight > e.clientHeight]")
    page.close()
    assert clipped == [False, False]


@pytest.mark.browser
@pytest.mark.parametrize("code", PROJECT.codes)
def test_a_copy_button_copies_what_it_shows(browser: Browser, served_site: str, project: Project, code: str) -> None:
    context = new_context(browser, "desktop")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{served_site}{project.language(code).root}campaign-kit.html", wait_until="load")
    buttons = page.locator("button.copy-button")
    assert buttons.count() >= 10
    strings = project.strings[code]["theme"]
    for index in (0, buttons.count() - 1):  # a short link, and the last post
        button = buttons.nth(index)
        expected = button.get_attribute("data-copy")
        expect(button).to_have_text(strings["clipboard.copy"])
        button.click()
        expect(button).to_have_text(strings["clipboard.copied"])
        assert page.evaluate("navigator.clipboard.readText()") == expected
        expect(button).to_have_text(strings["clipboard.copy"], timeout=5000)
    context.close()


#: The home page's key figures: where the first tile starts, and in each tile, the font size
#: of its number against the largest of the rest of its text.
FIGURES = """() => [...document.querySelectorAll("article .key-figures > ul > li")].map(tile => {
  const number = tile.querySelector("p:first-child > strong");
  const others = [...tile.querySelectorAll("p, a")].filter(e => !e.contains(number) && e !== number);
  const size = e => parseFloat(getComputedStyle(e).fontSize);
  return {top: tile.getBoundingClientRect().top + scrollY, number: number && size(number),
          text: Math.max(...others.map(size))};
})"""


@pytest.mark.browser
@pytest.mark.parametrize("code", PROJECT.codes)
def test_the_key_figures_come_early_and_the_number_is_the_largest_thing(phone: BrowserContext, served_site: str,
                                                                          code: str) -> None:
    page = phone.new_page()
    page.goto(f"{served_site}{PROJECT.language(code).root}index.html", wait_until="load")
    tiles = page.evaluate(FIGURES)
    page.close()
    assert len(tiles) >= 6
    assert tiles[0]["top"] < 3 * SCREEN["height"], "the first figure is not within the first three phone screens"
    assert [t for t in tiles if not (t["number"] and t["number"] > 1.5 * t["text"])] == []


@pytest.mark.browser
@pytest.mark.parametrize("code", PROJECT.codes)
def test_no_page_scrolls_sideways_on_a_phone(phone: BrowserContext, site: Path, served_site: str, code: str) -> None:
    """A page wider than the screen makes a reader scroll sideways to read every line (a
    heading's ¶ link hanging past the edge did it)."""
    root = PROJECT.language(code).root
    names = sorted(p.name for p in (site / root).glob("*.html") if p.name != "404.html")
    assert len(names) >= 15
    page = phone.new_page()
    wide = {}
    for name in names:
        page.goto(f"{served_site}{root}{name}", wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > SCREEN["width"]:
            wide[name] = width
    page.close()
    assert wide == {}
