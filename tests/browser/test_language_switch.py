"""In a real browser, the language switcher lands on the same page in the other language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect


@pytest.mark.parametrize(("start", "target_lang", "expected_path"), [
    ("index.html", "en", "/en/index.html"),
    ("en/index.html", "es", "/index.html"),
])
def test_switcher_keeps_the_page(browser: Browser, served_site: str, start: str,
                                 target_lang: str, expected_path: str) -> None:
    page = browser.new_page()
    try:
        page.goto(served_site + start)
        link = page.locator(f"a.md-select__link[hreflang={target_lang}]")
        expect(link).to_have_count(1)
        page.goto(link.evaluate("a => a.href"))
        assert page.url == served_site.rstrip("/") + expected_path
        expect(page.locator("html")).to_have_attribute("lang", target_lang)
    finally:
        page.close()
