"""Search in Chromium finds a known page in each language, with or without accents.

The Spanish words are typed without their accents: the page only contains the
accented form, found through the `folded` field (scripts/derechos/searchfold.py; its
unit tests are in tests/unit/test_searchfold.py).
The words are on the accessibility and privacy pages, which are part of the site.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from derechos.project import Project
from support.pagecheck import new_context

#: (language, what is typed, the word on the page, the page that must be found)
SEARCHES = [
    ("es", "biometrico", "biométrico", "privacy.html"),
    ("es", "telefono", "teléfono", "privacy.html"),
    ("es", "vigilancia", "vigilancia", "privacy.html"),
    ("es", "periodistas", "periodistas", "figures.html"),
    ("en", "keyboard", "keyboard", "accessibility.html"),
    ("en", "surveillance", "surveillance", "privacy.html"),
]


@pytest.fixture(scope="module")
def search_in(browser: Browser, served_site: str, project: Project) -> Iterator[Callable[[str], Page]]:
    """search_in(lang): that language's home page with search open, one page per language
    for the module (each search types into the same field, as a reader searching again)."""
    context = new_context(browser, "mobile")
    opened: dict[str, Page] = {}

    def get(lang: str) -> Page:
        if lang not in opened:
            page = context.new_page()
            page.goto(f"{served_site}{project.language(lang).root}index.html", wait_until="networkidle")
            page.locator("label.md-header__button[for=__search]").click()
            opened[lang] = page
        return opened[lang]

    yield get
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "typed", "word", "expected"), SEARCHES)
def test_search_finds_the_page(search_in: Callable[[str], Page], site: Path, project: Project,
                               lang: str, typed: str, word: str, expected: str) -> None:
    page_text = (site / project.language(lang).root / expected).read_text(encoding="utf-8")
    assert word in page_text, f"{expected} ({lang}) no longer contains {word!r}: update SEARCHES"
    if typed != word:
        assert typed not in page_text, f"{expected} contains {typed!r} itself: the test would prove nothing"
    page = search_in(lang)
    field = page.locator("input.md-search__input")
    field.fill("")
    expect(page.locator(".md-search-result__item")).to_have_count(0)  # no results of an earlier search left
    field.press_sequentially(typed)
    link = page.locator(f".md-search-result__item a[href*='/{expected}']")
    expect(link.first).to_be_visible()
    # The result shows the page's own text (with its accents), not the folded words.
    expect(page.locator(".md-search-result__list")).to_contain_text(word, ignore_case=True)
    assert page.evaluate("window.__cspViolations") == []


@pytest.mark.browser
def test_the_index_and_the_worker_load_only_when_search_is_opened(browser: Browser, served_site: str) -> None:
    """First views pay neither for the search index nor for the search worker and its
    language files (overrides/partials/javascripts/base.html); search still works."""
    context = new_context(browser, "desktop")
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(f"{served_site}index.html", wait_until="networkidle")
        assert not [u for u in requested if u.endswith("search_index.json")], "index loaded before search"
        early = [u for u in requested if "/workers/" in u or "/lunr/" in u]
        assert early == [], f"search worker loaded before search: {early}"
        assert page.workers == [], f"a worker was started before search: {page.workers}"
        page.keyboard.press("/")  # the keyboard shortcut focuses the search field
        page.locator("input.md-search__input").press_sequentially("privacidad")
        expect(page.locator(".md-search-result__item a[href*='/privacy.html']").first).to_be_visible()
        assert [u for u in requested if u.endswith("search/search_index.json")] == \
            [f"{served_site}search/search_index.json"]
        workers = [u for u in requested if "/workers/search." in u]
        assert len(workers) == 1 and workers[0].startswith(f"{served_site}assets/javascripts/workers/"), requested
        assert [w.url for w in page.workers] == workers
        assert any(u.endswith("/lunr.es.min.js") for u in requested), "the worker did not load Spanish"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["es", "en"])
def test_search_stays_in_the_current_language(browser: Browser, served_site: str, project: Project,
                                              lang: str) -> None:
    """Each language has its own index: a word both languages use finds only this language's pages."""
    context = new_context(browser, "desktop")
    page = context.new_page()
    try:
        page.goto(f"{served_site}{project.language(lang).root}index.html", wait_until="networkidle")
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("Pegasus")
        results = page.locator(".md-search-result__item a")
        expect(results.first).to_be_visible()
        hrefs = results.evaluate_all("links => links.map(a => a.href)")
        english = [h for h in hrefs if h.startswith(f"{served_site}en/")]
        assert len(hrefs) >= 2
        assert english == (hrefs if lang == "en" else []), hrefs
    finally:
        context.close()
