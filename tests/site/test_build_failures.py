"""Bad input fails the build loudly, names the file and line, and publishes nothing.

Each case takes a fresh copy of the project (tests/conftest.py, `project_copy`), breaks
one thing, runs the build command there (in this process, for speed; the offline case
as a real command line, to prove the message comes without a traceback) and checks the
exit code, the message, and that the previously built site was left untouched.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from derechos import build

Edit = Callable[[Path], None]


def replace(path: str, old: str, new: str, count: int = 1) -> Edit:
    def edit(project: Path) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{path} has no {old!r}"
        file.write_text(text.replace(old, new, count), encoding="utf-8")
    return edit


def append(path: str, text: str) -> Edit:
    def edit(project: Path) -> None:
        file = project / path
        file.write_text(file.read_text(encoding="utf-8") + text, encoding="utf-8")
    return edit


def write(path: str, text: str) -> Edit:
    def edit(project: Path) -> None:
        (project / path).write_text(text, encoding="utf-8")
    return edit


def regex(path: str, pattern: str, new: str) -> Edit:
    def edit(project: Path) -> None:
        file = project / path
        text, count = re.subn(pattern, new, file.read_text(encoding="utf-8"), count=1, flags=re.M)
        assert count == 1, f"{path}: {pattern!r} not found"
        file.write_text(text, encoding="utf-8")
    return edit


def symlink(path: str, target: str) -> Edit:
    def edit(project: Path) -> None:
        (project / path).symlink_to(target)
    return edit


def both(*edits: Edit) -> Edit:
    """Several edits at once (twins must change together, or the twin rules fire first)."""
    def edit(project: Path) -> None:
        for one in edits:
            one(project)
    return edit


def line_of(project: Path, path: str, needle: str) -> int:
    lines = (project / path).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def run_build(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
              *args: str) -> tuple[int, str]:
    monkeypatch.chdir(project)
    capsys.readouterr()
    code = build.main(["--out", str(project / "site"), "--site-url", "https://example.org/repo/", *args])
    return code, capsys.readouterr().err


def assert_nothing_published(project: Path, code: int, err: str) -> None:
    assert code == 1, err
    assert "nothing was published" in err
    assert "Traceback" not in err
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


FRONT = ("---\ntitle: Página de prueba\n"
         "description: Una página de prueba que existe para comprobar que la compilación falla.\n"
         "sources: []\n---\n\n# Página de prueba { #test-page }\n\n")

#: (case, edit, expected text in the error). "{line:FILE:NEEDLE}" is the line of NEEDLE in FILE.
CASES: list[tuple[str, Edit, str]] = [
    ("front-matter-yaml", regex("docs/es/index.md", r"^description: .*$", "description: [unclosed"),
     "docs/es/index.md:3: front-matter: invalid YAML"),
    ("short-description", regex("docs/en/index.md", r"^description: .*$", "description: Too short."),
     "docs/en/index.md:3: metadata: description is 10 characters, expected 50 to 160"),
    ("unknown-source", replace("docs/es/index.md", "sources: [", "sources: [no-such-source, "),
     "unknown source id 'no-such-source'"),
    ("reviewed-in-future", regex("docs/en/index.md", r"^reviewed: .*$", "reviewed: 2999-01-01"),
     "docs/en/index.md:{line:docs/en/index.md:reviewed: 2999}: metadata: reviewed 2999-01-01 is in the future"),
    ("reviewed-missing-on-a-status-page", regex("docs/es/surveillance.md", r"^reviewed: .*\n", ""),
     "docs/es/surveillance.md:{line:docs/es/surveillance.md:situation:}: "
     "status: a page with a status box needs its `reviewed` date"),
    ("status-out-of-date", both(*(regex(f"docs/{code}/surveillance.md", r"^  events: \[(.*)\]$",
                                        "  events: [2017-pegasus-revealed]") for code in ("es", "en"))),
     "situation: the latest development on this page"),
    ("status-out-of-date-names-both-languages",
     both(*(regex(f"docs/{code}/surveillance.md", r"^  events: \[(.*)\]$", "  events: [2017-pegasus-revealed]")
            for code in ("es", "en"))),
     "to `situation:` `events:` and say in `situation:` `text:` where things stand after it, in every language: "
     "docs/es/surveillance.md and docs/en/surveillance.md"),
    ("status-date-not-an-event",
     regex("docs/en/surveillance.md", r"^  text: >-$", "  text: >-\n    On 3 March 2019 nothing happened."),
     "docs/en/surveillance.md:{line:docs/en/surveillance.md:  text: >-}: "
     "status: situation: the date 2019-03-03 is not the date of any of its events"),
    ("missing-translation", write("docs/es/extra-page.md", FRONT),
     "docs/es/extra-page.md:1: twin-missing: no twin docs/en/extra-page.md"),
    ("heading-without-anchor", append("docs/en/index.md", "\n## A heading with no anchor\n"),
     "heading: heading '## A heading with no anchor' has no explicit anchor"),
    ("number-at-line-start-in-a-list",
     append("docs/es/about.md", "\n- Fechada en diciembre de\n  2016. La publicó otra.\n"),
     "docs/es/about.md:{line:docs/es/about.md:  2016. La publicó otra}: list: '2016. La publicó otra.'"),
    ("hashtag-at-line-start", append("docs/es/about.md", "\nEl lema fue\n#InternetEsNuestra, dijeron.\n"),
     "docs/es/about.md:{line:docs/es/about.md:#InternetEsNuestra, dijeron}: heading: '#InternetEsNuestra, dijeron.'"),
    ("no-space-heading", append("docs/en/about.md", "\n##NoSpace\n"),
     "docs/en/about.md:{line:docs/en/about.md:##NoSpace}: heading: '##NoSpace'"),
    ("setext-heading", append("docs/es/about.md", "\nUn título subrayado\n-------------------\n"),
     "docs/es/about.md:{line:docs/es/about.md:-------------------}: heading: a line of '=' or '-' under text"),
    ("heading-too-long",
     both(append("docs/es/about.md", "\n## " + "Un título que dice demasiado " * 4 + "{ #too-long }\n"),
          append("docs/en/about.md", "\n## A short heading { #too-long }\n")),
     "docs/es/about.md:{line:docs/es/about.md:## Un título que dice}: heading: "
     "<h2> 'Un título que dice demasiado Un título que dice de'… is 115 characters: a heading has at most 90"),
    ("raw-heading", append("docs/en/about.md", "\n<h2>Raw</h2>\n"),
     "docs/en/about.md:{line:docs/en/about.md:<h2>Raw}: heading: a raw HTML heading"),
    ("second-h1", both(append("docs/es/about.md", "\n# Otro título { #otro-titulo }\n"),
                       append("docs/en/about.md", "\n# Another title { #otro-titulo }\n")),
     "docs/es/about.md:{line:docs/es/about.md:# Otro título}: heading: 2 <h1> on the page"),
    ("markdown-left-visible", append("docs/en/about.md", "\nSome **bold text that never ends.\n"),
     "docs/en/about.md:{line:docs/en/about.md:Some **bold}: markdown: '**' (bold markers) left visible"),
    ("inline-script", append("docs/es/about.md", "\n<script>document.title = 'x'</script>\n"),
     "docs/es/about.md:{line:docs/es/about.md:<script>}: csp: an inline <script>"),
    ("event-handler", append("docs/en/about.md", '\n<img src="x.png" alt="x" onerror="alert(1)">\n'),
     "docs/en/about.md:{line:docs/en/about.md:onerror}: csp: an inline event handler (onerror=)"),
    ("javascript-url", append("docs/en/about.md", "\nA [link](javascript:alert(1)).\n"),
     "docs/en/about.md:{line:docs/en/about.md:javascript:}: csp: a javascript: URL"),
    # What the Content-Security-Policy cannot stop (derechos.safety): each one a contributor could plant
    ("svg-with-script", write("docs/es/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script>\n</svg>\n'),
     "docs/es/logo.svg:2: docs-files: SVG: a <script> element"),
    ("svg-with-outside-reference", write("docs/en/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n'
                                                             '<image href="https://tracker.example/p.png"/>\n</svg>\n'),
     "docs/en/logo.svg:2: docs-files: SVG: a reference to another host in href= on <image>"),
    ("xhtml-file", write("docs/en/page.xhtml", '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'),
     "docs/en/page.xhtml: docs-files: a file of a type the site does not publish"),
    ("symlink-in-docs", symlink("docs/en/environ.md", "/proc/self/environ"),
     "docs/en/environ.md: docs-files: a symbolic link: the build would publish whatever it points to"),
    ("referrerpolicy-in-an-attribute-list",
     append("docs/en/about.md", '\nA [link](https://example.org/){ referrerpolicy="unsafe-url" }.\n'),
     "docs/en/about.md:{line:docs/en/about.md:unsafe-url}: privacy: a referrerpolicy= attribute"),
    ("ping", append("docs/es/about.md", '\n<a href="https://example.org/" ping="https://example.org/t">x</a>\n'),
     "docs/es/about.md:{line:docs/es/about.md:ping=}: privacy: a ping= attribute"),
    ("meta-referrer", append("docs/en/about.md", '\n<meta name="referrer" content="unsafe-url">\n'),
     "docs/en/about.md:{line:docs/en/about.md:<meta name}: privacy: a <meta> in the page content"),
    ("meta-refresh", append("docs/es/about.md", '\n<meta http-equiv="refresh" content="0; url=https://example.org/">\n'),
     "docs/es/about.md:{line:docs/es/about.md:<meta http-equiv}: privacy: a <meta> in the page content"),
    ("javascript-url-with-a-tab", append("docs/en/about.md", '\n<a href="jav&#x09;ascript:alert(1)">x</a>\n'),
     "docs/en/about.md:{line:docs/en/about.md:ascript:}: csp: a javascript: URL"),
    ("data-url", append("docs/es/about.md", "\n![x](data:image/svg+xml;base64,PHN2Zz4=)\n"),
     "docs/es/about.md:{line:docs/es/about.md:data:image}: csp: a data: URL"),
    ("script-in-events-yml", replace("data/events.yml", "    en: A hacker is hired to spy on opponents",
                                     "    en: A hacker is hired <script>alert(1)</script>"),
     "data/events.yml:{line:data/events.yml:<script>}: data-events: HTML in a text field"),
    ("html-in-a-front-matter-title",
     replace("docs/en/about.md", "title: About the site", "title: About <b>the</b> site"),
     "docs/en/about.md:2: front-matter: HTML in a text field"),
    ("quote-in-english-on-spanish-page",
     append("docs/es/about.md", '\nDijo <q data-source="accessnow-2021" lang="en">relatively old news</q>.\n'),
     "docs/es/about.md:{line:docs/es/about.md:relatively old news}: quote: lang='en' on a 'es' page"),
    ("misquotation",
     append("docs/en/about.md", '\nIt said <q data-source="accessnow-2021" lang="en">very old news</q>.\n'),
     "docs/en/about.md:{line:docs/en/about.md:very old news}: "
     "quote: not found verbatim in data/texts/accessnow-2021.en.txt"),
    ("unknown-marker", append("docs/es/about.md", "\n<!-- md:signatorys -->\n"),
     "docs/es/about.md:{line:docs/es/about.md:md:signatorys}: marker: unknown marker md:signatorys"),
    # the engine's own link message, located in the editor's file, with what to do
    ("dead-link", append("docs/es/index.md", "\nVer [otra página](no-such-page.md).\n"),
     "docs/es/index.md:{line:docs/es/index.md:(no-such-page.md)}: Doc file 'index.md' contains a link "
     "'no-such-page.md', but the target is not found among documentation files. "
     "Fix the link on that line: another page is written page.md"),
    ("link-to-another-pages-sources-list",
     append("docs/es/about.md", "\nVea [las fuentes](surveillance.md#sources).\n"),
     "docs/es/about.md:{line:docs/es/about.md:surveillance.md#sources}: sources-link: surveillance.md#sources is the "
     "list the build adds at the end of surveillance.md: the link would land at the bottom of that page; link instead "
     "to surveillance.md#source-notes"),
    ("twin-anchor-removed-in-spanish", replace("docs/es/glossary.md", " { #glossary }", ""),
     "docs/es/glossary.md:{line:docs/es/glossary.md:# }: twin-anchors: #glossary is missing here, but "
     "docs/en/glossary.md:{line:docs/en/glossary.md:# Glossary} has it"),
    ("source-at-example-org",
     replace("data/sources.yml", "    en: https://www.accessnow.org/mexico-is-embracing-digital-authoritarianism/",
             "    en: https://example.org/articulo"),
     "data/sources.yml:{line:data/sources.yml:accessnow-2021:}: test-source: source 'accessnow-2021' is at "
     "example.org, a domain reserved for examples: give the address where the source is published"),
    ("source-says-test", append("data/sources.yml", "\nTEST-nota:\n  kind: followup\n  site: Prueba\n  url: "
                                "https://www.gob.mx/nota\n  read: 2026-12-01\n  confidence: medium\n"
                                "  excerpt: Un pasaje.\n  about:\n    es: Prueba.\n    en: Test.\n"),
     "data/sources.yml:{line:data/sources.yml:TEST-nota:}: test-source: source 'TEST-nota' says TEST in its id"),
    ("event-unknown-source", replace("data/events.yml", "sources: [igf-2016]", "sources: [no-such-source]"),
     "data/events.yml:{line:data/events.yml:no-such-source}: data-events: unknown source id 'no-such-source'"),
    ("event-sources-read-alike",
     replace("data/sources.yml", "  short:\n    es: Access Now (comunicado)\n    en: Access Now (press release)\n", ""),
     "data/events.yml:{line:data/events.yml:sources: [accessnow-2021, accessnow-2021-registry-release]}: "
     "data-events: sources "
     "'accessnow-2021' and 'accessnow-2021-registry-release' would both read 'Access Now' in es"),
    ("event-missing-language", regex("data/events.yml", r"^    en: A hacker is hired.*$", "    fr: Un pirate"),
     "data/events.yml:{line:data/events.yml:    es: Contratan a un hacker}: "
     "data-events: 'title' has no en text (every language needs one)"),
    ("event-in-the-future", replace("data/events.yml", "- id: 2012-elections-hacker\n  date: 2012",
                                    "- id: 2999-elections-hacker\n  date: 2999"),
     "data/events.yml:{line:data/events.yml:date: 2999}: data-events: date 2999 is in the future"),
    ("event-page-missing", replace("data/events.yml", "pages: [igf-2016.md#illegal-interception]",
                                   "pages: [no-such-page.md#x]"),
     "data/events.yml:{line:data/events.yml:no-such-page.md}: "
     "event-ref: event 2012-elections-hacker bears on no-such-page.md"),
    ("event-anchor-missing", replace("data/events.yml", "pages: [igf-2016.md#illegal-interception]",
                                     "pages: [igf-2016.md#no-such-anchor]"),
     "data/events.yml:{line:data/events.yml:no-such-anchor}: event-ref: event 2012-elections-hacker bears on "
     "igf-2016.md#no-such-anchor, but docs/es/igf-2016.md has no anchor 'no-such-anchor'"),
    ("duplicate-key", replace("data/organisations.yml", "  name: ARTICLE 19\n", "  name: ARTICLE 19\n  name: Otra\n"),
     "data/organisations.yml:{line:data/organisations.yml:name: Otra}: data-organisations: key 'name' appears twice"),
    ("source-without-excerpt", regex("data/sources.yml", r"^  excerpt: .*$", "  excerpt:"),
     "data/sources.yml:{line:data/sources.yml:  excerpt:}: data-sources: 'excerpt' must be a non-empty string"),
    ("missing-string", regex("data/strings/en.yml", r"^permalink_title: .*$", ""),
     "data/strings/en.yml:1: missing string 'permalink_title' (it is in es.yml)"),
    ("language-without-docs",
     append("data/languages.yml", "\n- code: fr\n  name: Français\n  locale: fr_FR\n  root: fr/\n"),
     "data/languages.yml:{line:data/languages.yml:code: fr}: language 'fr' has no docs/fr/ folder"),
    ("third-party-polyfill", replace("mkdocs.yml", "\nextra:\n", "\nextra:\n  polyfills: [https://unpkg.com/x.js]\n"),
     "mkdocs.yml:1: extra.polyfills: scripts from other hosts: ['https://unpkg.com/x.js']"),
    ("nav-section-without-label", replace("mkdocs.yml", "  - topics:", "  - themes:"),
     "nav section 'themes' has no label"),
    ("shortlink-anchor-missing", replace("data/shortlinks.yml", "- target: surveillance.md\n",
                                         "- target: surveillance.md#no-such-anchor\n"),
     "data/shortlinks.yml:{line:data/shortlinks.yml:pegasus, vigilancia}: shortlink: /pegasus/ leads to "
     "surveillance.html#no-such-anchor, but that page has no id=\"no-such-anchor\""),
]


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_fails_naming_file_and_line(project_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str], edit: Edit, expected: str) -> None:
    edit(project_copy)
    expected = re.sub(r"\{line:([^:]+):([^}]+)\}", lambda m: str(line_of(project_copy, m[1], m[2])), expected)
    code, err = run_build(project_copy, monkeypatch, capsys)
    assert_nothing_published(project_copy, code, err)
    assert expected in err


def test_a_byte_that_is_not_utf8_names_its_own_file_and_line(project_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    page = project_copy / "docs" / "en" / "glossary.md"
    data = page.read_bytes().split(b"\n")
    data[9] = data[9] + b" \xff"
    page.write_bytes(b"\n".join(data))
    code, err = run_build(project_copy, monkeypatch, capsys)
    assert_nothing_published(project_copy, code, err)
    assert "docs/en/glossary.md:10: front-matter: not UTF-8: byte 0xff" in err
    assert err.count("not UTF-8") == 1, err


def test_a_failing_offline_build_prints_the_same_clean_error(project_copy: Path) -> None:
    """Only the offline copy fails here (its vendored Web Worker shim is missing): the command
    line says so cleanly, without a traceback, publishes nothing, and the online build passes."""
    (project_copy / "overrides" / "assets" / "javascripts" / "iframe-worker.js").unlink()
    command = [sys.executable, "-m", "derechos.build", "--out", str(project_copy / "site")]
    result = subprocess.run([*command, "--offline"], cwd=project_copy, capture_output=True, text=True, timeout=300)
    assert_nothing_published(project_copy, result.returncode, result.stderr)
    assert "the es build (offline copy) failed" in result.stderr
    assert ("overrides/assets/javascripts/iframe-worker.js:1: the offline copy needs this vendored "
            "Web Worker shim, and it is missing") in result.stderr
    online = subprocess.run(command, cwd=project_copy, capture_output=True, text=True, timeout=300)
    assert online.returncode == 0, online.stderr
