"""The Content-Security-Policy trusts only the theme's inline scripts (scripts/derechos/csp.py)."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from derechos.csp import (
    META_START,
    SHIM,
    CSPError,
    ThemeScripts,
    iframe_worker_bootstrap,
    policy,
    protect,
    shim_scripts,
    theme_scripts,
)
from derechos.project import CHECKOUT

CONTENT = '<article class="md-content__inner md-typeset">{}</article>'
PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>var a = 1</script>
<script id="__config" type="application/json">{{"x": 1}}</script>
<script src="assets/x.js"></script>
</head><body>""" + CONTENT + """<td style="text-align: left">x</td></body></html>"""


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_theme_scripts_are_hashed_and_data_blocks_are_not() -> None:
    assert theme_scripts(PAGE.format("<p>text</p>"), "p.html") == [sha("var a = 1")]


def test_a_script_in_the_page_content_is_refused_with_its_line() -> None:
    page = PAGE.format("<p>text</p>\n<script>document.title = 'x'</script>")
    with pytest.raises(CSPError, match=r"^p\.html:6: an inline <script> in the page content"):
        theme_scripts(page, "p.html")


def test_a_script_not_on_every_page_is_not_the_themes() -> None:
    scripts = ThemeScripts()
    assert scripts.check(PAGE.format(""), "a.html") == [sha("var a = 1")]
    assert scripts.check(PAGE.format("<p>b</p>"), "b.html") == [sha("var a = 1")]
    planted = PAGE.format("").replace("<title>t</title>", "<title>t</title><script>steal()</script>")
    with pytest.raises(CSPError, match=r"^c\.html: its inline scripts differ from those of a\.html"):
        scripts.check(planted, "c.html")


def test_the_policy_allows_only_the_site_and_the_hashes() -> None:
    text = policy([sha("var a = 1")], [], [sha("text-align: left")])
    assert "default-src 'none'" in text
    assert f"script-src 'self' {sha('var a = 1')};" in text
    assert f"style-src 'self' 'unsafe-hashes' {sha('text-align: left')};" in text
    assert "unsafe-inline" not in text and "unsafe-eval" not in text
    assert "frame-ancestors" not in text, "ignored in a meta policy, and Chromium logs an error for it"


def test_the_meta_tag_follows_the_charset_and_is_replaced_not_repeated() -> None:
    page = PAGE.format("")
    once = protect(page, "p.html", [sha("var a = 1")])
    assert re.search(r'<meta charset="utf-8">\s*' + re.escape(META_START), once)
    assert protect(once, "p.html", [sha("var a = 1")]) == once
    assert once.count(META_START) == 1
    assert f"'unsafe-hashes' {sha('text-align: left')}" in once, "style attributes are allowed by hash"


def test_inline_event_handlers_fail_with_the_line() -> None:
    with pytest.raises(CSPError, match=r"^page\.html:2: <button onclick=.* has an inline event handler \(onclick=\)"):
        protect('<html><head><meta charset="utf-8"></head>\n<button onclick="go()">x</button>', "page.html", [])


def test_javascript_urls_fail() -> None:
    with pytest.raises(CSPError, match="javascript:"):
        protect('<html><head><meta charset="utf-8"></head><a href="javascript:void(0)">x</a>', "p.html", [])


def test_offline_pages_allow_the_search_shims_bootstrap_script() -> None:
    """Pages that load the vendored iframe-worker shim (offline copy) allow its bootstrap by hash."""
    worker = "assets/javascripts/workers/search.0123abcd.min.js"
    shim = CHECKOUT / SHIM
    bootstrap = iframe_worker_bootstrap(shim.read_text(encoding="utf-8"), worker)
    assert bootstrap.startswith("postMessage=function c(")
    assert ";importScripts=function d(" in bootstrap
    assert f'filename:"{worker}"' in bootstrap and "${" not in bootstrap
    offline = PAGE.format("").replace(
        '<script src="assets/x.js"></script>',
        '<script src="assets/javascripts/iframe-worker.js"></script>'
        f'<script id="__config" type="application/json">{{"search": "{worker}"}}</script>')
    assert shim_scripts(offline, shim) == [sha(bootstrap)]
    assert shim_scripts(PAGE.format(""), shim) == []


def test_the_policy_declares_only_what_the_pages_use() -> None:
    """base-uri and form-action 'none' (no page has a <base> or submits a form); no font-src,
    manifest-src or media-src: the site loads no font, manifest or media, so they stay 'none'
    through default-src. tests/browser/ prove every page still works under it."""
    text = policy([], [], [])
    directives = dict(d.split(" ", 1) for d in text.split("; "))
    assert directives == {"default-src": "'none'", "script-src": "'self'", "style-src": "'self'",
                          "img-src": "'self' data:", "connect-src": "'self'", "worker-src": "'self'",
                          "base-uri": "'none'", "form-action": "'none'"}


@pytest.mark.parametrize("href", ["jav&#x09;ascript:alert(1)", "java&#10;script:alert(1)", " JaVaScRiPt:alert(1)",
                                  "&#1;javascript:alert(1)", "vbscript:msgbox(1)", "javascript&colon;alert(1)"])
def test_a_javascript_url_is_read_as_browsers_read_it(href: str) -> None:
    page = PAGE.format(f'<p><a href="{href}">x</a></p>')
    with pytest.raises(CSPError, match=r"p\.html:\d+: href=\"(javascript|vbscript):…\""):
        protect(page, "p.html", [sha("var a = 1")])


@pytest.mark.parametrize(("html", "expected"), [
    ('<p><a href="https://example.org/" referrerpolicy="unsafe-url">x</a></p>', "a referrerpolicy= attribute on <a>"),
    ('<p><a href="https://example.org/" ping="https://t.example/">x</a></p>', "a ping= attribute on <a>"),
    ('<p><img src="x.png" alt="" referrerpolicy="origin"></p>', "a referrerpolicy= attribute on <img>"),
    ('<meta name="referrer" content="unsafe-url">', '<meta name="referrer" content="unsafe-url">'),
])
def test_nothing_on_a_built_page_undoes_the_no_referrer_policy(html: str, expected: str) -> None:
    with pytest.raises(CSPError, match=re.escape(expected)):
        protect(PAGE.format(html), "p.html", [sha("var a = 1")])
