"""The site's stylesheets as served (derechos.stylesheets): comments and spare spacing go,
nothing that means something does."""

from __future__ import annotations

from derechos.stylesheets import minify


def test_comments_and_spacing_go() -> None:
    assert minify("/* why */\n.a {\n  color: red;\n}\n\n/* more */ .b { x: y; }\n") == ".a{color: red}.b{x: y}\n"


def test_quoted_text_is_kept_as_it_is() -> None:
    css = '.a::after { content: " (" attr(href) ") /* not a comment */ { ; }" ; }'
    assert minify(css) == '.a::after{content: " (" attr(href) ") /* not a comment */ { ; }"}\n'


def test_descendant_combinators_and_media_queries_survive() -> None:
    css = ".md-header :focus-visible { outline: 0 }\n@media screen and (min-width: 60em) {\n  .a > .b { c: d }\n}"
    assert minify(css) == ".md-header :focus-visible{outline: 0}@media screen and (min-width: 60em){.a > .b{c: d}}\n"
