"""The site's stylesheets as served (derechos.minify): comments and spare spacing go,
nothing that means something does."""

from __future__ import annotations

from derechos.minify import minify


def test_comments_and_spacing_go() -> None:
    assert minify("/* why */\n.a {\n  color: red;\n}\n\n/* more */ .b { x: y; }\n") == ".a{color: red}.b{x: y}\n"


def test_quoted_text_is_kept_as_it_is() -> None:
    css = '.a::after { content: " (" attr(href) ") /* not a comment */ { ; }" ; }'
    assert minify(css) == '.a::after{content: " (" attr(href) ") /* not a comment */ { ; }"}\n'


def test_descendant_combinators_and_media_queries_survive() -> None:
    css = ".md-header :focus-visible { outline: 0 }\n@media screen and (min-width: 60em) {\n  .a > .b { c: d }\n}"
    assert minify(css) == ".md-header :focus-visible{outline: 0}@media screen and (min-width: 60em){.a > .b{c: d}}\n"


def test_the_palette_keeps_only_the_colours_the_site_uses() -> None:
    from derechos.minify import trim_palette

    css = ("@media screen{[data-md-color-scheme=slate]{color-scheme:dark}"
           "[data-md-color-scheme=slate][data-md-color-primary=pink]{--a:1}"
           "[data-md-color-scheme=slate][data-md-color-primary=green]{--a:2}}"
           "[data-md-color-accent=red],[data-md-color-accent=teal]{--b:3}"
           "[data-md-color-accent=red]{--b:4}[data-md-color-primary=green] .x{--c:5}.y{--d:6}")
    assert trim_palette(css, {"green"}, {"teal"}) == (
        "@media screen{[data-md-color-scheme=slate]{color-scheme:dark}"
        "[data-md-color-scheme=slate][data-md-color-primary=green]{--a:2}}"
        "[data-md-color-accent=teal]{--b:3}[data-md-color-primary=green] .x{--c:5}.y{--d:6}")



def test_pages_lose_their_indentation_but_not_their_text() -> None:
    from derechos.minify import compact_html

    page = ('<div>\n    <p>One  two</p>\n\n    <pre>  kept\n    as is</pre>\n  <script>\n  var a = 1\n</script>\n'
            '  <a href="x">a</a>\n  <a href="y">b</a></div>')
    assert compact_html(page) == ('<div>\n<p>One  two</p>\n<pre>  kept\n    as is</pre>\n<script>\n  var a = 1\n'
                                  '</script>\n<a href="x">a</a>\n<a href="y">b</a></div>')
