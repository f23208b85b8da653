"""The tokenizer (derechos.check.htmlscan) piece by piece, as the HTML standard reads each
piece; and in linear time on hostile input."""

from __future__ import annotations

import time

import pytest
from kit import Kit, run

from derechos.check.hosts import is_local_host
from derechos.check.htmlscan import css_urls, refresh_url, scan, srcset_urls, unescape_attribute


@pytest.mark.parametrize(("value", "urls"), [
    ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
    ("a.png 1x,b.png 2x", ["a.png", "b.png"]),
    ("a.png,b.png", ["a.png,b.png"]),  # no space: one URL with a comma in it
    ("data:image/png;base64,iVBO,RK 1x, b.png 2x", ["data:image/png;base64,iVBO,RK", "b.png"]),
    ("  ,, a.png,,, b.png ,", ["a.png", "b.png"]),  # leading and trailing commas are separators
    ("a.png 640w, b.png 1280w 720h", ["a.png", "b.png"]),
    ("a.png 1x 2x, b.png 640w 2x, c.png 50h, d.png 0w, e.png -1x, f.png 1.5x", ["f.png"]),  # invalid: dropped
    ("a.png (1, 2) 1x, b.png", ["b.png"]),  # parentheses hold commas; an unknown descriptor drops a.png
    ("", []),
])
def test_srcset_is_parsed_as_the_standard_does(value: str, urls: list[str]) -> None:
    assert srcset_urls(value) == urls


@pytest.mark.parametrize(("content", "url"), [
    ("0; url=a.html", "a.html"), ("0;URL='page.html#gone'", "page.html#gone"), ("5,page.html", "page.html"),
    ('  3.5 ; URL = "x y.html" ', "x y.html"), ("0 a.html", "a.html"), (".5; url=b.html", "b.html"),
    ("0", None), ("0;", None), ("x; url=a.html", None), ("0url=a.html", None),
])
def test_meta_refresh_content_as_the_standard_reads_it(content: str, url: str | None) -> None:
    assert refresh_url(content) == url


@pytest.mark.parametrize(("css", "urls"), [
    ("/* url(a.png) */ b { background: url(b.png) }", ["b.png"]),
    ('a::after { content: "url(x.png)" } c { background: url( "c d.png" ) }', ["c d.png"]),
    ("@import 'i.css'; @import url(j.css);", ["i.css", "j.css"]),
    ("myurl(x.png) url(d\\29 e.png) url(a\\ b.png)", ["d)e.png", "a b.png"]),  # escapes, not a function
    ("url(a b.png) url(c.png)", ["c.png"]),  # a bad url is not a URL
    ("/* never closed url(z.png)", []),
])
def test_css_urls_skip_comments_and_strings(css: str, urls: list[str]) -> None:
    assert [url for url, _ in css_urls(css)] == urls


@pytest.mark.parametrize(("value", "decoded"), [
    ("?x=1&copy=2&amp;y=&lt;", "?x=1&copy=2&y=<"),  # a legacy name before '=' stays
    ("&copy &copy; &copyx &copy2", "© © &copyx &copy2"), ("&notin; &notit;", "∉ &notit;"),
    ("&#116;&#x23;&#X41;&#0;&#99999999999;", "t#A\ufffd\ufffd"), ("&amp &ampx &unknown;", "& &ampx &unknown;"),
])
def test_character_references_in_attributes(value: str, decoded: str) -> None:
    assert unescape_attribute(value) == decoded


@pytest.mark.parametrize(("html", "hrefs"), [
    ('<a x"y href="a">', ["a"]),  # a quote in a name does not open a value
    ('<a href="a"id="b">', ["a"]),  # no space needed after a quoted value
    ("<a href=a/>", ["a/"]),  # the slash belongs to an unquoted value
    ('<a href = "a" href="b">', ["a"]),  # the first of two wins
    ("<a\nhref\n=\na>", ["a"]),
    ('<!--> <a href="a"> -->', ["a"]), ('<!---> <a href="a">', ["a"]),  # abrupt comments
    ('<!-- x --!> <a href="a">', ["a"]), ('<!-- <a href="no"> -->', []),
    ('<?php <a href="no"> ?><a href="a">', ["a"]),  # a bogus comment ends at the first '>'
    ('</p class=">"><a href="a">', ["a"]), ('</ 1><a href="a">', ["a"]),
    ('<textarea><a href="no"></textarea><a href="a">', ["a"]), ("<title><a href=no></title>", []),
    ('<script><a href="no"></script ><a href="a">', ["a"]), ('<script>"</script>"<a href="a">', ["a"]),
    ('<style>a{}</stylex><a href="no"></style><a href="a">', ["a"]),
    ('<plaintext><a href="no"></plaintext><a href="no">', []),
    # in svg, title is not raw text and CDATA runs to ]]>; in HTML, CDATA is a bogus comment to the first '>'
    ('<svg><title><a href="a"></a></title><![CDATA[ <a href="no"> ]]></svg><![CDATA[ x > <a href="b">', ["a", "b"]),
    ('<a href="a"><a href="never closed', ["a"]),  # an unclosed tag at the end is dropped
    ('<a href=" a\n\tb.html ">', ["ab.html"]),  # tabs and newlines removed, spaces trimmed
])
def test_tags_and_attributes_as_the_standard_tokenizes_them(html: str, hrefs: list[str]) -> None:
    assert [ref.url for ref in scan(html).refs if ref.attr == "href"] == hrefs


def test_page_facts_title_base_ids_and_names() -> None:
    page = scan('<html lang="es"><head><title> A &amp;\n B </title><base target="x"><base href="/docs/">'
                '</head><body><svg><title>icon</title></svg><p id="x"></p><a name="n" id="y"></a>'
                '<div name="not-a-target"></div><base href="/later/">')
    assert page.title == "A & B"
    assert page.base == "/docs/"
    assert [ident for ident, _ in page.ids] == ["x", "y"]
    assert page.names == {"n"}


@pytest.mark.parametrize(("host", "local"), [
    ("127.0.0.1", True), ("127.1", True), ("0x7f.1", True), ("2130706433", True), ("::1", True),
    ("::ffff:127.0.0.1", True), ("10.0.0.1", True), ("172.16.0.1", True), ("172.31.255.255", True),
    ("192.168.0.1", True), ("169.254.169.254", True), ("fe80::1", True), ("fd00::1", True), ("0.0.0.0", True),
    ("localhost", True), ("a.localhost", True), ("printer.local", True), ("nas.home.arpa", True),
    ("172.32.0.1", False), ("8.8.8.8", False), ("2001:4860::1", False), ("example.com", False),
    ("localhost.example.com", False), ("1.2.3.4.5", False),
])
def test_local_hosts(host: str, local: bool) -> None:
    assert is_local_host(host) is local


#: 10 MB inputs that made a backtracking tokenizer quadratic (150 KB of the first took 65 s).
HOSTILE = {
    "unclosed-quotes": '<a href="' * 1_100_000,
    "unclosed-single-quotes": "<a x='" * 1_700_000,
    "lone-brackets": "<" * 10_000_000,
    "open-tags": "<a " * 3_400_000,
    "open-comments": "<!--" * 2_500_000,
    "end-tags": "</a" * 3_400_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_10_mb_page_is_checked_in_linear_time(capsys, kit: Kit, name: str) -> None:
    """The tokenizer never scans a byte twice (see its docstring), so a quadratic case
    would take hours here; the bound is generous, the measured times are in DEVELOPERS.md."""
    kit.write("hostile.html", HOSTILE[name])
    started = time.perf_counter()
    result = run(capsys, kit.site, "--select", "link-,third-party,insecure-link,duplicate-id", "--jobs", "1")
    elapsed = time.perf_counter() - started
    assert (result.code, result.out) == (0, "")
    assert elapsed < 10, f"{elapsed:.1f} s for 10 MB"


def test_hostile_css_and_references_are_read_in_linear_time() -> None:
    started = time.perf_counter()
    hostile = ('url("' * 400_000, "url(" * 500_000, "/*" * 1_000_000, '"' + "a" * 2_000_000, "url(" + "\\" * 2_000_000)
    for css in hostile:
        css_urls(css)
    unescape_attribute("&amp" * 500_000 + "&" + "a" * 1_000_000 + "&#" + "1" * 1_000_000)  # 2 MB of references
    assert time.perf_counter() - started < 10
