"""Rule link-anchor: every #fragment (same page, other page, other language) has an element."""

from __future__ import annotations

from check_helpers import CLEAN_DOCS, run, site_case


def test_good_site_passes(capsys):
    result = run(capsys, site_case("link-anchor", "good"), "--docs", CLEAN_DOCS)
    assert result.code == 0, result.out


def test_missing_anchors_are_reported(capsys):
    site = site_case("link-anchor", "bad")
    result = run(capsys, site, "--docs", CLEAN_DOCS, "--select", "link-anchor")
    assert result.code == 1
    assert result.lines == [
        f'{site}/page.html:19: link-anchor: #nowhere does not exist on this page (no element has id="nowhere")',
        f"{site}/page.html:20: link-anchor: links to en/index.html#no-such-id, but {site}/en/index.html "
        'has no element with id="no-such-id"',
    ]


def test_each_distinct_anchor_is_reported_once_per_page(capsys, tmp_path):
    page = (site_case("link-anchor", "bad") / "page.html").read_text(encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(page.replace("</body>", '<a href="#nowhere">again</a></body>'), encoding="utf-8")
    result = run(capsys, site, "--select", "link-anchor")
    assert result.code == 1
    assert sum("#nowhere" in line for line in result.lines) == 1
