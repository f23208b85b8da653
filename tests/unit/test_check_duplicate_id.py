"""Rule duplicate-id: no element id is used twice on a page."""

from __future__ import annotations

from check_helpers import CLEAN_DOCS, run, site_case


def test_unique_ids_pass(capsys):
    result = run(capsys, site_case("duplicate-id", "good"), "--docs", CLEAN_DOCS)
    assert result.code == 0, result.out


def test_duplicate_id_is_reported_with_both_lines(capsys):
    site = site_case("duplicate-id", "bad")
    result = run(capsys, site, "--docs", CLEAN_DOCS)
    assert result.code == 1
    # the copy inside an HTML comment does not count
    assert result.lines == [f'{site}/page.html:19: duplicate-id: id="intro" is used again (first on line 18)']
