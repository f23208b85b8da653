"""What a contributor could slip past the Content-Security-Policy (derechos.safety): each
case planted in a kit project, found by the rule registry (as the build runs it, before
any engine) and by the checker, naming the file and line. The same cases through the
whole build: tests/site/test_build_failures.py."""

from __future__ import annotations

import pytest
from kit import Kit, nested_folders, run

from derechos import rendered, rules, safety
from derechos.project import load_project
from derechos.yamlfile import DataError

CLEAN_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">\n'
             '<!-- drawn for https://example.org/ --><title>A logo, see https://example.org/</title>\n'
             '<defs><linearGradient id="g"/></defs>\n<rect width="10" height="10" fill="url(#g)"/>\n'
             '<use xlink:href="#g"/>\n</svg>\n')


def found(kit: Kit, select: str) -> list[str]:
    return [f.text() for f in rules.check_project(load_project(kit.root), (select,))]


@pytest.mark.parametrize(("svg", "expected"), [
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script>\n</svg>\n',
     "docs/en/logo.svg:2: docs-files: SVG: a <script> element"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<svg:script>alert(1)</svg:script>\n</svg>\n',
     "docs/en/logo.svg:2: docs-files: SVG: a <svg:script> element"),
    ('<svg xmlns="http://www.w3.org/2000/svg"\n onload="alert(1)"></svg>\n',
     "docs/en/logo.svg:1: docs-files: SVG: an event handler (onload=) on <svg>"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<foreignObject><p>x</p></foreignObject></svg>\n',
     "docs/en/logo.svg:2: docs-files: SVG: a <foreignobject> element"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<image xlink:href="https://tracker.example/p.png"/></svg>\n',
     "docs/en/logo.svg:2: docs-files: SVG: a reference to another host in xlink:href= on <image>"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<image href="//tracker.example/p.png"/></svg>\n',
     "docs/en/logo.svg:2: docs-files: SVG: a reference to another host in href= on <image>"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<a href="jav&#x09;ascript:alert(1)"><rect/></a></svg>\n',
     "docs/en/logo.svg:2: docs-files: SVG: a javascript: URL in href= on <a>"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<image href="data:image/svg+xml,&lt;svg/&gt;"/></svg>\n',
     "docs/en/logo.svg:2: docs-files: SVG: a data: URL in href= on <image>"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<style>rect { fill: url("https://t.example/a.svg#x") }</style></svg>\n',
     "docs/en/logo.svg:2: docs-files: SVG: a reference to another host in url(https://t.example/a.svg#x)"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<rect style="fill:url(//t.example/x)"/></svg>\n',
     "docs/en/logo.svg:2: docs-files: SVG: a reference to another host in url(//t.example/x)"),
    ('<!DOCTYPE svg [\n<!ENTITY x "javascript:alert(1)">]>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n',
     "docs/en/logo.svg:2: docs-files: SVG: <!ENTITY"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<a><set attributeName="href" to="javascript:alert(1)"/></a></svg>\n',
     "docs/en/logo.svg:2: docs-files: SVG: <set> animates a link"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<image href="https:&#47;&#47;t.example/p.png"/></svg>\n',
     "docs/en/logo.svg:2: docs-files: SVG: '//' in an attribute or a style sheet"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<style>rect { fill: u\\72l(x.svg#a) }</style></svg>\n',
     "docs/en/logo.svg:1: docs-files: SVG: a backslash in CSS"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<metadata><dc:type rdf:resource="http://purl.org/dc/x"/></metadata>'
     '</svg>\n', "docs/en/logo.svg:2: docs-files: SVG: '//' in an attribute or a style sheet"),
], ids=["script", "prefixed-script", "handler", "foreign-object", "xlink-other-host", "scheme-relative",
        "tab-in-scheme", "data-url", "css-url", "style-attribute-url", "entity", "animated-href", "encoded-slashes",
        "css-escape", "editor-metadata"])
def test_an_svg_that_could_run_or_fetch_is_refused(kit: Kit, svg: str, expected: str) -> None:
    kit.write("docs/en/logo.svg", svg)
    assert any(line.startswith(expected) for line in found(kit, "docs-files")), found(kit, "docs-files")


def test_a_plain_svg_and_the_images_the_site_uses_are_allowed(kit: Kit) -> None:
    kit.write("docs/en/logo.svg", CLEAN_SVG)
    for name in ("photo.png", "photo.jpg", "photo.jpeg", "photo.webp"):
        kit.write(f"docs/es/{name}", b"\x89PNG")
    assert found(kit, "docs-files") == []


@pytest.mark.parametrize("name", ["page.xhtml", "page.html", "tool.js", "site.css", "notes.txt", ".hidden.md",
                                  "movie.swf"])
def test_any_other_file_in_docs_is_refused(kit: Kit, name: str) -> None:
    kit.write(f"docs/en/{name}", "<script>alert(1)</script>\n")
    assert [line.split(": a file")[0] for line in found(kit, "docs-files")] == [f"docs/en/{name}: docs-files"]


def test_a_symbolic_link_in_docs_is_refused_and_never_followed(kit: Kit) -> None:
    (kit.docs / "en" / "environment.md").symlink_to("/proc/self/environ")
    (kit.docs / "es" / "images").symlink_to(kit.root, target_is_directory=True)
    assert found(kit, "docs-files") == [
        "docs/en/environment.md: docs-files: a symbolic link: the build would publish whatever it points to; "
        "put the file itself in docs/",
        "docs/es/images: docs-files: a symbolic link: the build would publish whatever it points to; "
        "put the file itself in docs/",
    ]


def test_the_checker_runs_the_same_rule(capsys, kit: Kit) -> None:
    kit.write("docs/en/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>\n')
    result = run(capsys, *kit.args("--select", "docs-files"))
    assert (result.code, result.lines) == (1, [f"{kit.docs}/en/logo.svg:1: docs-files: SVG: an event handler "
                                               "(onload=) on <svg>"])


def test_a_deep_docs_folder_is_walked_without_recursion(kit: Kit) -> None:
    with nested_folders(kit.docs / "en", 1200) as folder:
        (folder / "x.js").write_text("alert(1)\n", encoding="utf-8")
        assert len(found(kit, "docs-files")) == 1


# --- Page content -------------------------------------------------------------------------------

@pytest.mark.parametrize(("markdown", "rule", "message"), [
    ('[A link](https://example.org/){ referrerpolicy="unsafe-url" }', "privacy", "a referrerpolicy= attribute"),
    ("[A link](https://example.org/){: referrerpolicy='unsafe-url' }", "privacy", "a referrerpolicy= attribute"),
    ('<a href="https://example.org/" referrerpolicy="unsafe-url">x</a>', "privacy", "a referrerpolicy= attribute"),
    ('<a href="https://example.org/" ping="https://t.example/">x</a>', "privacy", "a ping= attribute"),
    ('<meta name="referrer" content="unsafe-url">', "privacy", "a <meta> in the page content"),
    ('<meta http-equiv="refresh" content="0; url=https://t.example/">', "privacy", "a <meta> in the page content"),
    ("[x](jav&#x09;ascript:alert(1))", "csp", "a javascript: URL"),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>', "csp", "a javascript: URL"),
    ('<a href="java&#10;script:alert(1)">x</a>', "csp", "a javascript: URL"),
    ('<a href=" &#1;JaVaScRiPt:alert(1)">x</a>', "csp", "a javascript: URL"),
    ("<a href='vbscript:msgbox(1)'>x</a>", "csp", "a vbscript: URL"),
    ("[x](data:text/html,hello)", "csp", "a data: URL"),
    ("![x](data:image/svg+xml;base64,PHN2Zz4=)", "csp", "a data: URL"),
    ("[x]: javascript:alert(1)", "csp", "a javascript: URL"),
], ids=["attr-list", "attr-list-colon", "html-referrerpolicy", "ping", "meta-referrer", "meta-refresh",
        "markdown-tab", "html-tab", "html-newline", "control-and-case", "vbscript", "data", "data-image",
        "reference-definition"])
def test_what_the_policy_cannot_stop_in_a_page_is_refused(kit: Kit, markdown: str, rule: str, message: str) -> None:
    kit.edit("docs/en/index.md", "# Inicio { #home }", "# Inicio { #home }\n\n" + markdown)
    assert [f.split(": ", 2)[:2] + [f.split(": ", 2)[2][:len(message)]] for f in found(kit, rule)] == \
        [["docs/en/index.md:9", rule, message]]


def test_ordinary_links_and_words_are_not_refused(kit: Kit) -> None:
    kit.edit("docs/en/index.md", "# Inicio { #home }",
             "# Inicio { #home }\n\nA [link](https://example.org/a?b=c) { .class } and the word ping, "
             "a [data page](data.md) and <a href=\"#home\">up</a>.")
    assert found(kit, "privacy") == [] and found(kit, "csp") == []


def test_the_rendered_content_is_read_as_browsers_read_it() -> None:
    """What a block or an extension writes is checked again on the HTML (attributes decoded),
    named on the line of the Markdown where it is found."""
    source = "# T { #t }\n\n[A link](https://example.org/){ referrerpolicy=\"unsafe-url\" }\n"
    content = '<h1 id="t">T</h1><p><a href="https://example.org/" referrerpolicy="unsafe-url">A link</a>' \
              '<a href="jav&#x09;ascript:x">b</a><meta http-equiv="refresh" content="0"></p>'
    problems = [f.text() for f in rendered.html_findings(content, source, source, "docs/en/x.md", "en",
                                                          load_project())]
    assert "docs/en/x.md:3: privacy: a referrerpolicy= attribute on <a>: it sends the reader's address or " \
           "clicks to another site, against the site's privacy policy" in problems
    assert any(p.startswith("docs/en/x.md:") and "csp: a javascript: URL in href= on <a>" in p for p in problems)
    assert any("privacy: a <meta> in the page content" in p for p in problems)


@pytest.mark.parametrize(("value", "scheme"), [
    ("javascript:x", "javascript"), ("jav&#x09;ascript:x", "javascript"), ("\x00 javascript:x", "javascript"),
    ("JAVASCRIPT:x", "javascript"), ("java\nscript:x", "javascript"), ("data:,x", "data"),
    ("https://example.org/", ""), ("page.md#javascript:", ""), ("/x?data:y", ""),
])
def test_url_schemes_as_browsers_read_them(value: str, scheme: str) -> None:
    assert safety.bad_scheme(value) == scheme


# --- YAML text fields ----------------------------------------------------------------------------

def test_html_in_a_data_file_names_the_data_file_and_line(kit: Kit) -> None:
    kit.edit("data/organisations.yml", "  name: Kit\n", "  name: Kit <script>alert(1)</script>\n")
    assert found(kit, "data-organisations") == [
        "data/organisations.yml:2: data-organisations: HTML in a text field ('<script>alert(1)</script>'): text "
        "fields are not HTML (Markdown links and emphasis are allowed); write it as text"]


def test_html_in_a_block_text_names_its_own_line(kit: Kit) -> None:
    kit.edit("data/sources.yml", "  excerpt: A short verbatim passage.\n",
             "  excerpt: >-\n    A short\n    verbatim <img src=x onerror=alert(1)> passage.\n")
    assert found(kit, "data-sources")[0].startswith("data/sources.yml:9: data-sources: HTML in a text field")


def test_a_javascript_link_in_a_data_file_is_refused(kit: Kit) -> None:
    kit.edit("data/organisations.yml", "  name: Kit\n", "  name: Kit, see [this](jav&#x09;ascript:alert(1))\n")
    assert found(kit, "data-organisations") == [
        "data/organisations.yml:2: data-organisations: a javascript: URL ('jav&#x09;ascript:alert(1'): it runs "
        "code, which the Content-Security-Policy does not allow"]


def test_html_in_a_front_matter_title_names_the_page_and_line(kit: Kit) -> None:
    kit.edit("docs/en/index.md", "title: Inicio", "title: Inicio <b onmouseover=alert(1)>x</b>")
    assert found(kit, "front-matter") == [
        "docs/en/index.md:2: front-matter: HTML in a text field ('<b onmouseover=alert(1)>x</b>'): text fields "
        "are not HTML (Markdown links and emphasis are allowed); write it as text"]


def test_html_in_the_interface_strings_stops_loading_the_project(kit: Kit) -> None:
    (kit.data / "strings" / "en.yml").write_text("site_name: <i>Kit</i>\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"data/strings/en\.yml:1: HTML in a text field"):
        load_project(kit.root)


def test_the_checker_reads_every_svg_of_the_built_site(capsys, kit: Kit) -> None:
    """The site's own SVGs (the short links' QR codes) are checked as docs/ images are."""
    kit.write("assets/clean.svg", CLEAN_SVG)
    kit.write("en/assets/qr.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n<script>fetch("/x")</script>\n</svg>\n')
    result = run(capsys, *kit.args("--select", "svg"))
    assert (result.code, result.lines) == (1, [f"{kit.site}/en/assets/qr.svg:2: svg: a <script> element: an image "
                                               "of the site runs nothing and holds no HTML"])
