"""Rule insecure-link: external links use https://; the site's own origin is not external."""

from __future__ import annotations

from check_helpers import CLEAN_DOCS, run, site_case


def test_https_and_own_local_origin_pass(capsys):
    # canonical URLs on http://127.0.0.1:8000/ make that origin the site's own
    result = run(capsys, site_case("insecure-link", "good"), "--docs", CLEAN_DOCS)
    assert result.code == 0, result.out


def test_plain_http_link_is_reported(capsys):
    site = site_case("insecure-link", "bad")
    result = run(capsys, site, "--docs", CLEAN_DOCS)
    assert result.code == 1
    assert result.lines == [
        f"{site}/page.html:19: insecure-link: http://www.example.com/report uses http://; link to https:// instead"]


def test_site_url_option_makes_an_origin_internal(capsys):
    site = site_case("insecure-link", "bad")
    result = run(capsys, site, "--docs", CLEAN_DOCS, "--site-url", "http://www.example.com/", "--select", "insecure,link-")
    assert result.code == 1  # now internal: /report is not a file of the site
    assert result.lines == [f"{site}/page.html:19: link-target: <a href> links to "
                            f"http://www.example.com/report, but {site}/report does not exist"]
