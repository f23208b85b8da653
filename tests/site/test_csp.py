"""The Content-Security-Policy is computed from each page's own inline code (scripts/derechos/csp.py)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from derechos.csp import META_START, CSPError, inline_code, policy, protect

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>var a = 1</script>
<script id="__config" type="application/json">{"x": 1}</script>
<script src="assets/x.js"></script>
</head><body><td style="text-align: left">x</td></body></html>"""


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_inline_scripts_are_hashed_and_data_blocks_are_not() -> None:
    found = inline_code(PAGE)
    assert found.scripts == [sha("var a = 1")]
    assert found.style_attributes == [sha("text-align: left")]


def test_the_policy_allows_only_the_site_and_the_hashes() -> None:
    text = policy(inline_code(PAGE))
    assert "default-src 'none'" in text
    assert f"script-src 'self' {sha('var a = 1')};" in text
    assert f"style-src 'self' 'unsafe-hashes' {sha('text-align: left')};" in text
    assert "unsafe-inline" not in text and "unsafe-eval" not in text
    assert "frame-ancestors" not in text, "ignored in a meta policy, and Chromium logs an error for it"


def test_the_meta_tag_follows_the_charset_and_is_replaced_not_repeated() -> None:
    once = protect(PAGE)
    assert re.search(r'<meta charset="utf-8">\s*' + re.escape(META_START), once)
    assert protect(once) == once
    assert once.count(META_START) == 1


def test_inline_event_handlers_fail_with_the_line() -> None:
    with pytest.raises(CSPError, match=r"page\.html: line 2: <button onclick=…> is an inline event handler"):
        protect('<html><head><meta charset="utf-8"></head>\n<button onclick="go()">x</button>', "page.html")


def test_javascript_urls_fail() -> None:
    with pytest.raises(CSPError, match='javascript:'):
        protect('<html><head><meta charset="utf-8"></head><a href="javascript:void(0)">x</a>', "p.html")


def test_every_built_page_carries_its_policy(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    missing = [str(p.relative_to(site)) for p in pages if META_START not in p.read_text(encoding="utf-8")]
    assert missing == []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for digest in inline_code(text).scripts:
            assert digest in text, f"{page}: the hash of one of its inline scripts is not in its policy"


def test_offline_pages_allow_the_search_shims_bootstrap_script() -> None:
    """Pages that load the vendored iframe-worker shim (offline copy) allow its bootstrap by hash."""
    from derechos.csp import SHIM, iframe_worker_bootstrap

    worker = "assets/javascripts/workers/search.0123abcd.min.js"
    bootstrap = iframe_worker_bootstrap(SHIM.read_text(encoding="utf-8"), worker)
    assert bootstrap.startswith("postMessage=function c(")
    assert ";importScripts=function d(" in bootstrap
    assert f'filename:"{worker}"' in bootstrap and "${" not in bootstrap
    offline = PAGE.replace('<script src="assets/x.js"></script>',
                           '<script src="assets/javascripts/iframe-worker.js"></script>'
                           f'<script id="__config" type="application/json">{{"search": "{worker}"}}</script>')
    assert sha(bootstrap) in protect(offline)
    assert sha(bootstrap) not in protect(PAGE)
