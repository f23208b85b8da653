"""Rule link-target: every internal href/src (and CSS url()) resolves to a file in the site."""

from __future__ import annotations

from check_helpers import CLEAN_DOCS, run, site_case


def test_good_site_passes(capsys):
    result = run(capsys, site_case("link-target", "good"), "--docs", CLEAN_DOCS)
    assert result.code == 0, result.out
    assert result.out == ""


def test_missing_targets_are_reported_with_file_and_line(capsys):
    site = site_case("link-target", "bad")
    result = run(capsys, site, "--docs", CLEAN_DOCS, "--select", "link-target")
    assert result.code == 1
    assert f"{site}/page.html:19: link-target: <a href> links to missing.html, but {site}/missing.html does not exist" in result.lines
    assert f"{site}/page.html:20: link-target: <img src> links to assets/nope.png, but {site}/assets/nope.png does not exist" in result.lines
    assert f"{site}/en/index.html:18: link-target: ../../outside.html points outside the site folder" in result.lines
    assert f"{site}/assets/extra.css:2: link-target: CSS url(missing-bg.png) does not resolve to a file in the site" in result.lines
    assert len(result.lines) == 4
