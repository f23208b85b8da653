"""Rule redirect: redirect pages (meta refresh and/or a canonical link to another page)
lead to pages that exist; they need no other head tags."""

from __future__ import annotations

from check_helpers import CLEAN_DOCS, run, site_case


def test_redirect_to_an_existing_page_passes(capsys):
    result = run(capsys, site_case("redirect", "good"), "--docs", CLEAN_DOCS)
    assert result.code == 0, result.out


def test_redirect_to_a_missing_page_or_anchor_is_reported(capsys):
    site = site_case("redirect", "bad")
    result = run(capsys, site, "--docs", CLEAN_DOCS)
    assert result.code == 1
    assert result.lines == [
        f'{site}/old.html:2: link-anchor: links to page.html#gone, but {site}/page.html has no element with id="gone"',
        f"{site}/pegasus/index.html:3: redirect: redirects to ../surveillance.html, "
        f"but {site}/surveillance.html does not exist",
        f"{site}/short.html:3: link-target: <link href> links to https://example.org/gone.html, "
        f"but {site}/gone.html does not exist",
    ]
