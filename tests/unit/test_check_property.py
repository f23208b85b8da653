"""Property tests: random HTML and front matter never crash the checker: it either
passes cleanly (exit 0, no output) or reports findings (exit 1, one per line)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kit import Kit, run

from derechos.check.htmlscan import scan

FINDING = re.compile(r"^.+?(:\d+)?: [a-z-]+: .+$")

TAG_NAMES = st.sampled_from(["a", "img", "link", "script", "style", "div", "meta", "title", "head", "body",
                             "html", "iframe", "source", "!--", "p"])
ATTR_NAMES = st.sampled_from(["href", "src", "srcset", "id", "name", "rel", "style", "lang", "hreflang",
                              "content", "http-equiv", "class"])
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["#", "#x", "page.html#section", "../index.html", "/", "//cdn.example.com/a.js",
                     "http://example.org/", "https://example.org/a", "mailto:a@b", "data:,x", "canonical",
                     "stylesheet", "refresh", "0; url=missing.html", "url(https://x.org/a.png)", "%zz", "[::1"]),
)


@st.composite
def html_documents(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(draw(st.text(max_size=20)))
        else:
            tag = draw(TAG_NAMES)
            attrs = " ".join(f'{draw(ATTR_NAMES)}={draw(st.sampled_from(["", chr(34), chr(39)]))}{draw(VALUES)}'
                             f'{draw(st.sampled_from(["", chr(34), chr(39)]))}'
                             for _ in range(draw(st.integers(0, 3))))
            closing = draw(st.sampled_from(["", ">", "/>", f"></{tag}>"]))
            parts.append(f"<{'/' if kind == 3 else ''}{tag} {attrs}{closing}")
    return "".join(parts)


def assert_finding_or_clean(code: int, out: str) -> None:
    assert code in (0, 1)
    if code == 0:
        assert out == ""
    else:
        lines = out.splitlines()
        assert lines and all(FINDING.match(line) for line in lines), out


@given(html_documents())
@settings(max_examples=150, deadline=None)
def test_scanner_never_raises(document):
    page = scan(document)
    assert all(isinstance(ref.url, str) for ref in page.refs)


@given(html_documents())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_html_gives_findings_or_a_clean_pass(capsys, kit: Kit, document):
    kit.write("page.html", document)
    result = run(capsys, *kit.args())
    assert_finding_or_clean(result.code, result.out)


YAML_BITS = st.sampled_from(["title: Vigilancia", "title: [a, b]", "title:", "description: " + "x" * 60,
                             "description: short", "sources: [accessnow-2021]", "sources: nope",
                             "sources: [1, 2]", "hide: [toc]", "search: 3", "other: 1", "  bad indent: 1",
                             "- a list", "key: 'unclosed", "{", "---", "...", ":", "\t tab: 1"])


@given(st.lists(st.one_of(YAML_BITS, st.text(max_size=25)), max_size=8),
       st.text(max_size=80), st.booleans())
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_front_matter_gives_findings_or_a_clean_pass(capsys, kit: Kit, lines, body, fenced):
    front = "\n".join(lines)
    kit.write_doc("en/page.md", f"---\n{front}\n---\n\n{body}\n" if fenced else f"{front}\n{body}\n")
    result = run(capsys, *kit.args())
    assert_finding_or_clean(result.code, result.out)
