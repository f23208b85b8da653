"""Every rule of the checker, one table: a clean kit project (tests/kit.py) with one defect
planted, the finding lines expected and the exit code.

`{site}` and `{docs}` in the expected lines stand for the kit's folders. The kit's pages
put their head tags on line 6 and planted HTML from line 14 on (kit.PLANTED).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from kit import Kit, run

from derechos.head_tags import HEAD_TAGS, HeadTag
from derechos.twins import figures


@dataclass(frozen=True)
class Case:
    id: str
    plant: Callable[[Kit], object]
    expected: tuple[str, ...]
    select: str | None = None
    args: tuple[str, ...] = ()

    @property
    def code(self) -> int:
        return 1 if self.expected else 0


def steps(*actions: Callable[[Kit], object]) -> Callable[[Kit], None]:
    """Several edits as one planted defect."""
    def apply(kit: Kit) -> None:
        for action in actions:
            action(kit)
    return apply


def nothing(kit: Kit) -> None:
    return None


def small_page(body: str, head: str = "") -> str:
    """A page without the kit's head tags (for --select link-): `head` on line 2, `body` from line 4."""
    return (f'<!doctype html>\n<html lang="es"><head><meta charset="utf-8"><title>x</title>{head}</head>\n'
            f"<body>\n{body}\n</body></html>\n")


PREVIEW_TAGS = sorted(
    f"{{site}}/page.html:3: {entry.rule}: missing <meta {key}=\"{value}\"> in <head>"
    for entry in HEAD_TAGS if entry.rule in {"head-og", "head-twitter"} for key, value in entry.select.items())

CASES = [
    Case("clean kit", nothing, ()),
    # --- duplicate-id ----------------------------------------------------------------------
    Case("duplicate-id: both lines; a copy in a comment does not count",
         lambda k: k.plant("page.html", '<p id="intro">a</p>\n<p id="intro">b</p>\n'
                                        '<!-- <p id="intro">in a comment, not counted</p> -->'),
         ('{site}/page.html:15: duplicate-id: id="intro" is used again (first on line 14)',)),
    # --- link-target -----------------------------------------------------------------------
    Case("link-target: twin, folder, asset and mailto: links resolve",
         lambda k: k.plant("page.html", '<p><a href="en/page.html">twin</a> <a href="./">home dir</a> '
                                        '<img src="assets/site.css" alt=""> '
                                        '<a href="mailto:x@example.org">mail</a></p>'),
         ()),
    Case("link-target: missing page, missing image, outside the site, CSS url()",
         steps(lambda k: k.plant("page.html", '<a href="missing.html">gone</a>\n<img src="assets/nope.png" alt="">'),
               lambda k: k.plant("en/index.html", '<p><a href="../../outside.html">out</a></p>'),
               lambda k: k.write("assets/extra.css", "body {\n  background: url(missing-bg.png);\n}\n")),
         ("{site}/assets/extra.css:2: link-target: CSS url(missing-bg.png) does not resolve to a file in the site",
          "{site}/en/index.html:14: link-target: ../../outside.html points outside the site folder",
          "{site}/page.html:14: link-target: <a href> links to missing.html, but {site}/missing.html does not exist",
          "{site}/page.html:15: link-target: <img src> links to assets/nope.png, but {site}/assets/nope.png "
          "does not exist"),
         select="link-target"),
    # --- link-anchor -----------------------------------------------------------------------
    Case("link-anchor: same page, other language, '#' and <a name> resolve",
         lambda k: k.plant("page.html", '<p><a href="#section">here</a> <a href="en/page.html#section">other '
                                        'language</a> <a href="#">top</a> <a name="old-name"></a>'
                                        '<a href="#old-name">named</a></p>'),
         ()),
    Case("link-anchor: missing on this page and on the other language's page",
         lambda k: k.plant("page.html", '<a href="#nowhere">here</a>\n<a href="en/index.html#no-such-id">other</a>'),
         ('{site}/page.html:14: link-anchor: #nowhere does not exist on this page (no element has id="nowhere")',
          "{site}/page.html:15: link-anchor: links to en/index.html#no-such-id, but {site}/en/index.html "
          'has no element with id="no-such-id"'),
         select="link-anchor"),
    Case("link-anchor: each distinct anchor once per page",
         lambda k: k.plant("page.html", '<a href="#nowhere">here</a>\n<a href="#nowhere">again</a>'),
         ('{site}/page.html:14: link-anchor: #nowhere does not exist on this page (no element has id="nowhere")',),
         select="link-anchor"),
    # --- redirect --------------------------------------------------------------------------
    Case("redirect: to a missing page, to a missing anchor, canonical to a missing page",
         steps(lambda k: k.write("old.html", '<!doctype html>\n<html lang="es"><head><meta http-equiv="refresh" '
                                             "content=\"0;URL='page.html#gone'\"></head></html>\n"),
               lambda k: k.write("pegasus/index.html", '<!doctype html>\n<html lang="es"><head><meta charset="utf-8">'
                                                       '<title>Redirigiendo</title>\n<meta http-equiv="refresh" '
                                                       'content="0; url=../surveillance.html">\n'
                                                       '<link rel="canonical" href="https://example.org/'
                                                       'surveillance.html"></head><body></body></html>\n'),
               lambda k: k.write("short.html", '<!doctype html>\n<html lang="es"><head><title>Redirigiendo</title>\n'
                                               '<link rel="canonical" href="https://example.org/gone.html">\n'
                                               "</head><body></body></html>\n")),
         ('{site}/old.html:2: link-anchor: links to page.html#gone, but {site}/page.html has no element '
          'with id="gone"',
          "{site}/pegasus/index.html:3: redirect: redirects to ../surveillance.html, but {site}/surveillance.html "
          "does not exist",
          "{site}/short.html:3: link-target: <link href> links to https://example.org/gone.html, "
          "but {site}/gone.html does not exist")),
    # --- third-party -----------------------------------------------------------------------
    Case("third-party: outbound links, data: images and text in a script are fine",
         lambda k: k.plant("page.html", '<p><a href="https://www.accessnow.org/">outbound links are fine</a> '
                                        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt=""></p>'
                                        "<script>var u = \"<script src='https://cdn.example.com/x.js'>\";</script>"),
         ()),
    Case("third-party: every kind of load from another host",
         steps(lambda k: k.write("assets/site.css", "@font-face {\n  src: url(https://fonts.gstatic.com/roboto.woff2);\n}\n"),
               lambda k: k.plant("page.html", '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">\n'
                                              '<style>@import "https://cdn.example.com/x.css";</style>\n'
                                              '<script src="https://cdn.example.com/lib.js"></script>\n'
                                              '<img src="//images.example.com/a.png" alt="">\n'
                                              '<iframe src="https://www.youtube.com/embed/x"></iframe>\n'
                                              "<div style=\"background: url('https://img.example.com/bg.png')\"></div>")),
         tuple(f"{where}: third-party: {what} from another host; serve it from this site" for where, what in (
             ("{site}/assets/site.css:2", "CSS loads https://fonts.gstatic.com/roboto.woff2"),
             ("{site}/page.html:14", "<link href> loads https://fonts.googleapis.com/css?family=Roboto"),
             ("{site}/page.html:15", "<style url> loads https://cdn.example.com/x.css"),
             ("{site}/page.html:16", "<script src> loads https://cdn.example.com/lib.js"),
             ("{site}/page.html:17", "<img src> loads //images.example.com/a.png"),
             ("{site}/page.html:18", "<iframe src> loads https://www.youtube.com/embed/x"),
             ("{site}/page.html:19", "<div style> loads https://img.example.com/bg.png"))),
         select="third-party"),
    # --- insecure-link ---------------------------------------------------------------------
    Case("insecure-link: https, and http:// on the site's own origin (--site-url)",
         lambda k: k.plant("page.html", '<p><a href="https://example.com/">secure</a> '
                                        '<a href="http://127.0.0.1:8000/index.html">own origin</a></p>'),
         (), select="insecure,link-", args=("--site-url", "http://127.0.0.1:8000/")),
    Case("insecure-link: a plain http:// link",
         lambda k: k.plant("page.html", '<a href="http://www.example.com/report">plain http</a>'),
         ("{site}/page.html:14: insecure-link: http://www.example.com/report uses http://; link to https:// instead",)),
    Case("insecure-link: --site-url makes an origin internal",
         lambda k: k.plant("page.html", '<a href="http://www.example.com/report">plain http</a>'),
         ("{site}/page.html:14: link-target: <a href> links to http://www.example.com/report, "
          "but {site}/report does not exist",),
         select="insecure,link-", args=("--site-url", "http://www.example.com/")),
    # --- head-* ----------------------------------------------------------------------------
    Case("head-*: the 404 pages need no canonical URL", nothing, (), select="head-"),
    Case("head-*: every missing or wrong tag",
         steps(lambda k: k.edit("en/index.html", '<html lang="en">', '<html lang="es">'),
               lambda k: k.edit("en/index.html", 'hreflang="es" href="https://example.org/"',
                                'hreflang="es" href="https://example.org/page.html"'),
               lambda k: k.drop_head("en/page.html", ["head-canonical"]),
               lambda k: k.edit("en/page.html", 'hreflang="es"', 'hreflang="fr"'),
               lambda k: k.edit("index.html", '<html lang="es">', "<html>"),
               lambda k: k.edit("index.html", "<title>Inicio</title>", "<title> </title>"),
               lambda k: k.drop_head("page.html", ["head-description", "head-og", "head-twitter"]),
               lambda k: k.edit("page.html", "<title>Página</title>", "")),
         ('{site}/en/index.html:2: head-lang: <html lang="es"> but the page is in the en tree (expected lang="en")',
          '{site}/en/index.html:6: head-alternate: hreflang="es" points at page.html, expected the twin page '
          "index.html",
          '{site}/en/page.html:3: head-alternate: missing <link rel="alternate" hreflang="es"> in <head>',
          '{site}/en/page.html:3: head-canonical: missing <link rel="canonical"> in <head>',
          '{site}/index.html:2: head-lang: <html> has no lang=""',
          "{site}/index.html:5: head-title: <title> is empty",
          *sorted(['{site}/page.html:3: head-description: missing <meta name="description"> in <head>',
                   "{site}/page.html:3: head-title: missing <title> in <head>", *PREVIEW_TAGS])),
         select="head-"),
    # --- front-matter, metadata ------------------------------------------------------------
    Case("front-matter: YAML errors name file and line",
         steps(lambda k: k.write_doc("en/broken.md", "---\ntitle: Broken\ndescription: fine\n  bad: indentation\n"
                                                     "---\n\n# Broken\n"),
               lambda k: k.write_doc("en/none.md", "---\ntitle: Never closed\n"),
               lambda k: k.write_doc("es/broken.md", "---\ntitle: Roto\ndescription: [unclosed\n---\n\n# Roto\n"),
               lambda k: k.write_doc("es/none.md", "# Sin front matter\n")),
         ("{docs}/en/broken.md:4: front-matter: invalid YAML: mapping values are not allowed in this context",
          "{docs}/en/none.md:1: front-matter: front matter is not closed by a '---' line",
          "{docs}/es/broken.md:3: front-matter: invalid YAML: did not find expected ',' or ']' "
          "(while parsing a flow sequence)",
          "{docs}/es/none.md:1: front-matter: no front matter: the file must start with a '---' line"),
         select="front-matter"),
    Case("metadata: schema violations",
         steps(lambda k: k.edit("docs/en/page.md", "title: Surveillance", "title: [not, a, string]"),
               lambda k: k.edit("docs/en/page.md", "description: A small page of the site kit, long enough for the "
                                                   "description rule of the schema.", "description: Too short."),
               lambda k: k.edit("docs/es/page.md", "title: Vigilancia\n", ""),
               lambda k: k.edit("docs/es/page.md", "accessnow-2021, igf-2016", "accessnow-2021, no-such-source")),
         ("{docs}/en/page.md:2: metadata: 'title' must be a str, got list",
          "{docs}/en/page.md:3: metadata: description is 10 characters, expected 50 to 160",
          "{docs}/es/page.md:2: metadata: missing required key 'title'",
          "{docs}/es/page.md:3: metadata: unknown source id 'no-such-source' (known ids are in data/sources.yml)"),
         select="metadata"),
    # --- twin-* ----------------------------------------------------------------------------
    Case("twin-anchors: an anchor without twin shows both sides",
         steps(lambda k: k.edit("docs/en/page.md", "{ #pegasus }", "{ #pegasus-spyware }"),
               lambda k: k.edit("docs/en/page.md", 'id="box"', 'id="box-en"')),
         # every finding on the page the editor changed (the English), naming the other's line
         (*(f"{{docs}}/en/page.md:11: twin-anchors: #{ident} is missing here, but {{docs}}/es/page.md:{line} has "
            f"it (es has 3 anchors, en has 3): put {{{{ #{ident} }}}} back on the heading it marked, or remove it "
            f"from {{docs}}/es/page.md too (links and events point at it)"
            for ident, line in (("box", 18), ("pegasus", 11))),
          *(f"{{docs}}/en/page.md:{line}: twin-anchors: #{ident} has no twin in {{docs}}/es/page.md "
            "(es has 3 anchors, en has 3)" for line, ident in ((11, "pegasus-spyware"), (18, "box-en")))),
         select="twin-anchors"),
    Case("twin-anchors: the same anchors in another order",
         steps(lambda k: k.edit("docs/en/page.md", "{ #surveillance }", "{ #swap }"),
               lambda k: k.edit("docs/en/page.md", "{ #pegasus }", "{ #surveillance }"),
               lambda k: k.edit("docs/en/page.md", "{ #swap }", "{ #pegasus }")),
         ("{docs}/en/page.md:7: twin-anchors: anchor 1 is #pegasus here but #surveillance in {docs}/es/page.md:7 "
          "(twins keep anchors in the same order)",),
         select="twin-anchors"),
    Case("twin-figures: a changed figure on both sides",
         steps(lambda k: k.edit("docs/en/page.md", "15.000", "16 000"),
               lambda k: k.edit("docs/en/page.md", "3 people", "4 people")),
         tuple(f"{{docs}}/{page}: twin-figures: the figure {n} is not in {{docs}}/{other}/page.md ({has})"
               for page, n, other, has in (
                   ("en/page.md:9", "16000", "es", "es has 6 distinct figure(s): 1.5, 3, 20, 40, 2017, 15000"),
                   ("en/page.md:13", "4", "es", "es has 6 distinct figure(s): 1.5, 3, 20, 40, 2017, 15000"),
                   ("es/page.md:9", "15000", "en", "en has 6 distinct figure(s): 1.5, 4, 20, 40, 2017, 16000"),
                   ("es/page.md:13", "3", "en", "en has 6 distinct figure(s): 1.5, 4, 20, 40, 2017, 16000"))),
         select="twin-figures"),
    Case("twin-missing: a page without twin, both directions",
         steps(lambda k: k.write_doc("en/timeline.md", k.read("docs/en/page.md")),
               lambda k: k.write_doc("es/glossary.md", k.read("docs/es/page.md"))),
         ("{docs}/en/timeline.md:1: twin-missing: no twin {docs}/es/timeline.md (every page exists in es and en)",
          "{docs}/es/glossary.md:1: twin-missing: no twin {docs}/en/glossary.md (every page exists in es and en)"),
         select="twin-missing"),
    Case("twin-sources: different sources show both lists",
         lambda k: k.edit("docs/en/page.md", "sources: [igf-2016, accessnow-2021]", "sources: [accessnow-2021]"),
         ("{docs}/en/page.md:4: twin-sources: sources [accessnow-2021] differ from [accessnow-2021, igf-2016] in "
          "{docs}/es/page.md (only in es: igf-2016; only in en: none)",),
         select="twin-sources"),
    Case("twin-status: different status events",
         lambda k: k.edit("docs/es/page.md", "sources: [", "situation:\n  events: [reform-2024]\nsources: ["),
         ("{docs}/en/page.md:2: twin-status: status events [] differ from [reform-2024] in {docs}/es/page.md",),
         select="twin-status"),
    # --- shortlink -------------------------------------------------------------------------
    Case("shortlink: the target anchor is gone",
         lambda k: k.edit("page.html", 'id="section"', 'id="moved"'),
         ('data/shortlinks.yml:2: shortlink: /corto-es/ leads to page.html#section, but that page has no '
          'id="section"',),
         select="shortlink"),
    Case("shortlink: the redirect page was not built",
         lambda k: k.remove("en/corto-en/index.html"),
         ("data/shortlinks.yml:3: shortlink: /en/corto-en/ was not built (no en/corto-en/index.html)",),
         select="shortlink"),
    # --- foreign sites: read as browsers read them (issue 10) --------------------------------
    Case("base href: links resolve against it (a link that exists only there is fine)",
         lambda k: k.write("based.html", small_page('<a href="corto-en/">short</a> <a href="#section">s</a> '
                                                    '<a href="../page.html#title">up</a>', head='<base href="en/">')),
         (), select="link-"),
    Case("base href: a link broken under it, and #fragment meaning the base's page",
         lambda k: k.write("based.html", small_page('<a href="corto-es/">short</a>\n'
                                                    '<p id="only-here"><a href="#only-here">here?</a></p>',
                                                    head='<base href="en/">')),
         ("{site}/based.html:4: link-target: <a href> links to corto-es/, but {site}/en/corto-es/index.html "
          "does not exist",
          "{site}/based.html:5: link-anchor: links to en/index.html#only-here, but {site}/en/index.html has no "
          'element with id="only-here"'),
         select="link-"),
    Case("base href: the first one with an href counts, wherever it is; on another host, loads come from there",
         lambda k: k.write("based.html", small_page('<base target="_top"><base href="https://cdn.example.com/">\n'
                                                    '<img src="logo.png" alt=""><base href="en/">',
                                                    head='<link rel="stylesheet" href="site.css">')),
         ("{site}/based.html:2: third-party: <link href> loads site.css from another host; serve it from this site",
          "{site}/based.html:5: third-party: <img src> loads logo.png from another host; serve it from this site"),
         select="third-party,link-"),
    Case("css: url() in comments and strings is not a URL",
         steps(lambda k: k.write("assets/site.css", "/* url(missing.png) */\nbody { color: #222; }\n"
                                                    'a::after { content: "url(nope.png)"; }\n'),
               lambda k: k.plant("page.html", "<style>/* @import 'https://cdn.example.com/x.css'; "
                                              "url(https://cdn.example.com/x.png) */</style>\n"
                                              '<p style="/* url(gone.png) */ color: red">x</p>')),
         ()),
    Case("css: a real url() after a comment is still read",
         lambda k: k.write("assets/site.css", "/* a comment */ body { background: url(gone.png) }\n"),
         ("{site}/assets/site.css:1: link-target: CSS url(gone.png) does not resolve to a file in the site",)),
    Case("srcset: a data: URL with commas is one candidate",
         lambda k: k.plant("page.html", '<img srcset="data:image/png;base64,iVBORw0KGgo=,AAAA 1x, '
                                        'assets/logo.png 2x" alt="">'),
         ()),
    Case("srcset: candidates split as the standard does",
         lambda k: k.plant("page.html", '<img srcset="assets/logo.png 1x,assets/missing.png 2x" alt="">\n'
                                        '<img srcset="assets/logo.png,assets/logo.png" alt="">\n'
                                        '<img srcset="  ,assets/logo.png 640w,  assets/gone.png (x) 2x , " alt="">'),
         ("{site}/page.html:14: link-target: <img srcset> links to assets/missing.png, but "
          "{site}/assets/missing.png does not exist",
          "{site}/page.html:15: link-target: <img srcset> links to assets/logo.png,assets/logo.png, but "
          "{site}/assets/logo.png,assets/logo.png does not exist"),
         select="link-"),
    Case("fragments: #top in any case, empty, percent-encoded, and ids matched before decoding",
         lambda k: k.plant("page.html", '<a href="#top">a</a> <a href="#TOP">b</a> <a href="#Top">c</a> '
                                        '<a href="#">d</a> <a href="page.html#">e</a> <a href="#%74op">f</a> '
                                        '<a href="en/index.html#TOP">g</a> <p id="a%20b"></p><a href="#a%20b">h</a> '
                                        '<p id="c d"></p><a href="#c%20d">i</a>'),
         ()),
    Case("fragments: 'top' is an ordinary name when an element has it; other names are not free",
         lambda k: k.plant("page.html", '<p id="top">x</p><a href="#top">a</a>\n<a href="#bottom">b</a>\n'
                                        '<div name="named"></div><a href="#named">c</a>'),
         ('{site}/page.html:15: link-anchor: #bottom does not exist on this page (no element has id="bottom")',
          '{site}/page.html:16: link-anchor: #named does not exist on this page (no element has id="named")')),
    Case("raw text: no links inside textarea, title, script, style, xmp, iframe, noembed, noframes",
         lambda k: k.plant("page.html", '<textarea><a href="missing-1.html">x</a></textarea>\n'
                                        '<title>In the body <a href="missing-2.html"></a></title>\n'
                                        '<script>document.write(\'<img src="missing-3.png">\')</script>\n'
                                        '<style>p::before { content: "<a href=missing-4.html>" }</style>\n'
                                        '<xmp><a href="missing-5.html"></a></xmp>'
                                        '<iframe><a href="missing-6.html"></a></iframe>'
                                        '<noembed><a href="missing-7.html"></a></noembed>'
                                        '<noframes><a href="missing-8.html"></a></noframes>\n'
                                        '<TEXTAREA><p id="title">not an element</p></TEXTAREA >'),
         ()),
    Case("raw text: the element ends at its own end tag only; what follows is read; svg's title is not raw",
         lambda k: k.plant("page.html", '<textarea></textareax><a href="missing-1.html"></a></textarea>'
                                        '<a href="missing-2.html">x</a>\n'
                                        '<svg><title>Icon <a href="missing-3.html"></a></title></svg>'),
         ("{site}/page.html:14: link-target: <a href> links to missing-2.html, but {site}/missing-2.html "
          "does not exist",
          "{site}/page.html:15: link-target: <a href> links to missing-3.html, but {site}/missing-3.html "
          "does not exist"),
         select="link-"),
    Case("tags: a quote starts a value only after '='; an unclosed tag at the end is dropped",
         lambda k: k.plant("page.html", "<a x\"y href=\"missing-1.html\">a</a>\n"
                                        '<a href="missing-2.html"id="glued">b</a>\n'
                                        '<a href=missing-3.html/>c</a>'),
         ("{site}/page.html:14: link-target: <a href> links to missing-1.html, but {site}/missing-1.html "
          "does not exist",
          "{site}/page.html:15: link-target: <a href> links to missing-2.html, but {site}/missing-2.html "
          "does not exist",
          "{site}/page.html:16: link-target: <a href> links to missing-3.html/, but {site}/missing-3.html/index.html "
          "does not exist"),
         select="link-"),
    Case("attributes: character references as in an attribute (legacy names before '=' kept)",
         lambda k: k.plant("page.html", '<a href="page.html#sec&#116;ion">a</a> <a href="&#x23;title">b</a>\n'
                                        '<a href="http://www.example.com/?x=1&copy=2&amp;y=&lt;">c</a>'),
         ("{site}/page.html:15: insecure-link: http://www.example.com/?x=1&copy=2&y=< uses http://; "
          "link to https:// instead",)),
    Case("insecure-link: http:// to loopback, private and link-local hosts is fine",
         lambda k: k.plant("page.html", " ".join(f'<a href="http://{host}/">x</a>' for host in (
             "127.0.0.1:9000", "localhost:3000", "api.localhost", "10.1.2.3", "172.16.0.1", "172.31.255.255",
             "192.168.1.1", "[::1]:8000", "169.254.169.254", "[fe80::1]", "[fd00::1]", "printer.local",
             "0x7f.1", "2130706433", "[::ffff:127.0.0.1]"))),
         ()),
    Case("insecure-link: http:// to public addresses is reported",
         lambda k: k.plant("page.html", '<a href="http://172.32.0.1/">a</a>\n<a href="http://8.8.8.8/">b</a>\n'
                                        '<a href="http://localhost.example.com/">c</a>'),
         tuple(f"{{site}}/page.html:{line}: insecure-link: http://{host}/ uses http://; link to https:// instead"
               for line, host in ((14, "172.32.0.1"), (15, "8.8.8.8"), (16, "localhost.example.com")))),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule(capsys: pytest.CaptureFixture[str], kit: Kit, case: Case) -> None:
    case.plant(kit)
    select = ("--select", case.select) if case.select else ()
    result = run(capsys, *kit.args(*select, *case.args))
    expected = [line.format(site=kit.site, docs=kit.docs) for line in case.expected]
    assert result.lines == expected
    assert result.code == case.code, result.err


def test_head_tags_are_one_list_of_tags() -> None:
    rules = {entry.rule for entry in HEAD_TAGS}
    assert {"head-lang", "head-title", "head-description", "head-canonical", "head-alternate"} <= rules
    assert all(isinstance(entry, HeadTag) for entry in HEAD_TAGS)


def test_a_new_head_tag_is_enforced_and_written_by_the_kit(capsys, kit, monkeypatch, tmp_path) -> None:
    import derechos.head_tags

    extra = (*HEAD_TAGS, HeadTag("head-theme-color", "meta", {"name": "theme-color"}, "content", "#7b1fa2"))
    monkeypatch.setattr(derechos.head_tags, "HEAD_TAGS", extra)
    # the kit's pages were written before the tag was added: the checker asks for it
    result = run(capsys, *kit.args("--select", "head-"))
    assert result.code == 1
    assert f'{kit.site}/page.html:3: head-theme-color: missing <meta name="theme-color"> in <head>' in result.lines
    # the kit writes its pages from the same list: with the tag in it, they pass
    again = Kit(tmp_path / "again")
    monkeypatch.chdir(again.root)
    result = run(capsys, *again.args("--select", "head-"))
    assert (result.code, result.lines) == (0, [])


@pytest.mark.parametrize(("text", "expected"), [
    ("15,000", ["15000"]), ("15.000", ["15000"]), ("15 000", ["15000"]), ("15\u202f000", ["15000"]),
    ("1,234,567", ["1234567"]), ("1.5", ["1.5"]), ("1,5", ["1.5"]), ("2016 y 2021", ["2016", "2021"]),
    ("1. item", []), ("see https://x.org/a/2021", []), ('<q data-source="igf-2016">', []), ("## A { #a-2 }", []),
])
def test_figures_normalise_separators_and_skip_non_prose(text: str, expected: list[str]) -> None:
    assert [n for n, _ in figures(text, 1)] == expected
