"""Rule third-party: nothing is loaded from another host (outbound links are fine)."""

from __future__ import annotations

from check_helpers import CLEAN_DOCS, run, site_case


def test_outbound_links_data_urls_and_script_text_pass(capsys):
    result = run(capsys, site_case("third-party", "good"), "--docs", CLEAN_DOCS)
    assert result.code == 0, result.out


def test_every_kind_of_third_party_load_is_reported(capsys):
    site = site_case("third-party", "bad")
    result = run(capsys, site, "--docs", CLEAN_DOCS, "--select", "third-party")
    assert result.code == 1
    expected = {
        f"{site}/assets/site.css:2": "CSS loads https://fonts.gstatic.com/roboto.woff2",
        f"{site}/page.html:12": "<link href> loads https://fonts.googleapis.com/css?family=Roboto",
        f"{site}/page.html:13": "<style url> loads https://cdn.example.com/x.css",
        f"{site}/page.html:20": "<script src> loads https://cdn.example.com/lib.js",
        f"{site}/page.html:21": "<img src> loads //images.example.com/a.png",
        f"{site}/page.html:22": "<iframe src> loads https://www.youtube.com/embed/x",
        f"{site}/page.html:23": "<div style> loads https://img.example.com/bg.png",
    }
    assert len(result.lines) == len(expected)
    for where, message in expected.items():
        assert f"{where}: third-party: {message} from another host; serve it from this site" in result.lines
