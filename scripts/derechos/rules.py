"""The site's rules, in one registry: what `docs/` and `data/` must hold, and what the built site must.

Every rule has an id (what `--select` takes and what each finding names), what it reads,
and a function that returns Findings (`file:line: rule: message`). What a rule reads:

- `page`: one page's Markdown (front matter, headings, quotations, scripts, markers);
- `twins`: every language's copy of a page at once (anchors, figures, sources, status);
- `data`: the data files, and the pages they point at (events, status boxes);
- `site`: the built site; these are run by the checker's one pass over the HTML
  (derechos.check.site), so they have no function here.

The build runs every rule but the `site` ones before any engine renders a page, so a bad
page fails in the same way whatever renders it; the checker (`python -m derechos.check`,
`dev.py check`) runs them all, with one list of ids and one `--select`. Run alone:

    python -m derechos.rules                  # docs/ and data/ of the project, exit 1 on findings
    python -m derechos.rules --select twin-,heading

To add a rule: write a function `(inputs: Inputs) -> Iterable[Finding]` (per page: loop
over `inputs.each_page()`), add its `Rule` to RULES below, and a case to the tests
(tests/unit/test_rules.py for docs and data, tests/unit/test_check_rules.py for the site).
Nothing here imports a site generator.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from derechos.findings import Finding

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (the checker's start-up time)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from types import ModuleType

    from derechos.context import Build
    from derechos.data import Data
    from derechos.metadata import Source
    from derechos.project import Project
    from derechos.twins import DocPage
    from derechos.yamlfile import DataError

# What is needed to run the rules (YAML, the page parsers) is imported when they run, not
# when the checker reads the registry's ids.

PAGE, TWINS, DATA, SITE = "page", "twins", "data", "site"
#: A file that cannot be read (or is not a file): not a rule one selects, always reported.
READ = "read"


@dataclass(frozen=True)
class Rule:
    id: str
    reads: str  # PAGE, TWINS, DATA or SITE
    summary: str
    #: The findings of this rule (None for SITE rules: the checker's pass over the HTML finds them).
    check: Callable[[Inputs], Iterable[Finding]] | None = None


@dataclass
class Inputs:
    """What the rules read: the project, its docs/ folder (shown as `shown` in messages) and its
    data files, each read once; a data file that does not load is a finding, not an exception."""

    project: Project
    docs: Path
    shown: str = "docs"
    #: The source registry to check `sources:` ids against (default: data/sources.yml).
    sources_file: Path | None = None
    codes: tuple[str, ...] = ()
    data_findings: list[Finding] = field(default_factory=list)
    read_findings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.codes = self.codes or self.project.codes

    @cached_property
    def sources(self) -> dict[str, Source]:
        from derechos.metadata import load_sources
        from derechos.yamlfile import DataError

        path = self.sources_file or self.project.data / "sources.yml"
        try:
            return load_sources(path, self.codes, self.project.root)
        except DataError as error:
            self.data_findings += _findings(error, "data-sources")
            return {}

    @cached_property
    def data(self) -> Data | None:
        """Every data file, checked; None when one does not load (its findings say why)."""
        from derechos import events
        from derechos.data import Data, load_organisations
        from derechos.shortlinks import load_links
        from derechos.yamlfile import DataError

        if not self.sources and self.data_findings:
            return None
        loaded: dict[str, object] = {}
        for rule, load in (("data-organisations", lambda: load_organisations(self.project)),
                           ("data-events", lambda: events.load_events(self.project, self.sources)),
                           ("data-shortlinks", lambda: load_links(self.project))):
            try:
                loaded[rule] = load()
            except DataError as error:
                self.data_findings += _findings(error, rule)
        if len(loaded) < 3:
            return None
        return Data(self.project, self.sources, loaded["data-organisations"], loaded["data-events"],  # type: ignore[arg-type]
                    loaded["data-shortlinks"])  # type: ignore[arg-type]

    @cached_property
    def pages(self) -> dict[str, dict[str, DocPage]]:
        """Every page of every language (its front matter read), by language and file name."""
        from derechos import twins

        pages, self.read_findings = twins.read_docs(self.docs, self.shown, self.codes, self.sources)
        return pages

    def each_page(self) -> Iterator[tuple[str, str, DocPage]]:
        """(language, file name, page) for every page whose front matter could be read."""
        for code, pages in self.pages.items():
            for uri, page in pages.items():
                if page.fm is not None:
                    yield code, uri, page

    @cached_property
    def markdown_findings(self) -> list[Finding]:
        """The Markdown rules of every page, in one pass (headings, lists, scripts, quotations)."""
        from derechos import rendered

        out = []
        for code, _uri, page in self.each_page():
            out += rendered.markdown_findings(page.body, page.shown, page.first_line, code, self.project)
        return out

    def builds(self, site_root: str = "http://127.0.0.1:8000/", topics: list[str] | None = None,
               publisher: dict[str, str] | None = None) -> dict[str, Build]:
        """Each language's build context, its pages' front matter and anchors filled in (needs data)."""
        from derechos import twins
        from derechos.blocks import block_anchors
        from derechos.context import PageContext, build_for

        data = self.data
        assert data is not None
        out = {}
        for lang in self.project.languages:
            build = build_for(data, lang, site_root, topics=topics, publisher=publisher)
            for uri, page in self.pages.get(lang.code, {}).items():
                if page.fm is None:
                    continue
                build.pages[uri] = page.fm
                titles = twins.headings(page.body)
                explicit = {anchor: titles.get(anchor, "") for anchor, _ in page.anchors}
                context = PageContext(build, uri, page.shown)
                build.anchors[uri] = {**block_anchors(context, page.body), **explicit}
            out[lang.code] = build
        return out


def _findings(error: DataError, rule: str) -> list[Finding]:
    from derechos.metadata import _finding

    return [_finding(message, rule) for message in error.messages]


# --- The rules --------------------------------------------------------------------------------

def _read(rule: str) -> Callable[[Inputs], list[Finding]]:
    def check(inputs: Inputs) -> list[Finding]:
        inputs.pages  # noqa: B018 - reading the pages is what finds these
        unchecked = not inputs.sources  # a registry that does not load is reported once, as data-sources
        return [f for f in inputs.read_findings
                if f.rule == rule and not (unchecked and f.message.startswith("unknown source id"))]
    return check


def check_languages(inputs: Inputs) -> list[Finding]:
    """The language declaration and strings: `inputs` holds a project, so they loaded (when they
    do not, `load_project` raises and the callers report it under this rule's id)."""
    return []


def _markdown(rule: str) -> Callable[[Inputs], list[Finding]]:
    def check(inputs: Inputs) -> list[Finding]:
        return [f for f in inputs.markdown_findings if f.rule == rule]
    return check


def _twins(rule: str) -> Callable[[Inputs], list[Finding]]:
    def check(inputs: Inputs) -> list[Finding]:
        from derechos import twins

        found = twins.compare_languages(inputs.pages, inputs.shown, inputs.codes)
        return [f for f in found if f.rule == rule]
    return check


def _data(rule: str) -> Callable[[Inputs], list[Finding]]:
    def check(inputs: Inputs) -> list[Finding]:
        inputs.data  # noqa: B018 - loading the data files is what finds these
        return [f for f in inputs.data_findings if f.rule == rule]
    return check


def check_docs_files(inputs: Inputs) -> list[Finding]:
    """What docs/ may hold (derechos.safety.ALLOWED); no symbolic link, no SVG that runs or fetches."""
    from derechos import safety

    return safety.docs_findings(inputs.docs, inputs.shown)


def check_markers(inputs: Inputs) -> list[Finding]:
    from derechos import markers
    from derechos.blocks import BLOCKS

    return [f for _, _, page in inputs.each_page()
            for f in markers.findings(page.body, BLOCKS, page.shown, page.first_line)]


def check_event_refs(inputs: Inputs) -> list[Finding]:
    """Every page an event bears on exists in every language, with the anchor named."""
    from derechos import events
    from derechos.metadata import _finding

    if inputs.data is None:
        return []
    out = []
    for code, build in inputs.builds().items():
        for message in events.check_refs(build.events, build.project, code, build.anchors):
            out.append(_finding(message, "event-ref"))
    return out


def check_status(inputs: Inputs) -> list[Finding]:
    """Status boxes: their events exist, bear on the page, include the latest development, and
    every date the sentence writes is one of theirs."""
    from derechos import events
    from derechos.yamlfile import DataError

    if inputs.data is None:
        return []
    out = []
    for _code, build in inputs.builds().items():
        for uri, fm in build.pages.items():
            try:
                events.status_events(build, uri, fm)
            except DataError as error:
                out += _findings(error, "status")
    return out


def linklines() -> ModuleType:
    from derechos import linklines

    return linklines


def drafts() -> ModuleType:
    from derechos import drafts

    return drafts


RULES: tuple[Rule, ...] = (
    # --- one page's Markdown
    Rule("front-matter", PAGE, "front matter readable: UTF-8, YAML between two '---' lines", _read("front-matter")),
    Rule("metadata", PAGE, "front matter schema: title, description, sources, reviewed…", _read("metadata")),
    Rule("heading", PAGE, "ATX headings with an explicit { #anchor }; no '#word' line, setext or raw <h2>",
         _markdown("heading")),
    Rule("list", PAGE, "no line inside a paragraph starting with a number and a period", _markdown("list")),
    Rule("csp", PAGE, "no inline <script>, event handler or javascript:/vbscript:/data: URL (read as browsers "
         "read it)", _markdown("csp")),
    Rule("privacy", PAGE, "no referrerpolicy=, ping= or <meta> in page content (the no-referrer promise)",
         _markdown("privacy")),
    Rule("docs-files", PAGE, "docs/ holds only Markdown and images (SVG without script or outside references); "
         "no symbolic link", check_docs_files),
    Rule("quote", PAGE, "quotations name their source and language, verbatim in data/texts/", _markdown("quote")),
    Rule("marker", PAGE, "markers are well formed and name a block", check_markers),
    Rule("sources-link", PAGE, "no link to another page's automatic #sources list (a section instead)",
         lambda inputs: linklines().check_sources_links(inputs)),
    # --- twins
    Rule("twin-missing", TWINS, "every page exists in every language", _twins("twin-missing")),
    Rule("twin-anchors", TWINS, "twins have the same anchors in the same order", _twins("twin-anchors")),
    Rule("twin-figures", TWINS, "twins write the same figures", _twins("twin-figures")),
    Rule("twin-status", TWINS, "twins' status boxes rest on the same events", _twins("twin-status")),
    Rule("twin-sources", TWINS, "twins cite the same sources", _twins("twin-sources")),
    # --- data files
    Rule("data-languages", DATA, "data/languages.yml and data/strings/: languages, the same strings in each",
         check_languages),
    Rule("data-sources", DATA, "data/sources.yml: https URLs, provenance, dates", _data("data-sources")),
    Rule("data-organisations", DATA, "data/organisations.yml: ids, websites, notes", _data("data-organisations")),
    Rule("data-events", DATA, "data/events.yml: dates, kinds, sources, texts in every language",
         _data("data-events")),
    Rule("data-shortlinks", DATA, "data/shortlinks.yml: slugs, targets in every language", _data("data-shortlinks")),
    Rule("event-ref", DATA, "the pages and anchors an event bears on exist", check_event_refs),
    Rule("status", DATA, "status boxes rest on events of their page and are up to date", check_status),
    # --- what must never be published (derechos.drafts; `serve` shows these pages, listing them)
    Rule("placeholder", DATA, "no scaffold placeholder (COMPLETAR) left in a page or an event or source",
         lambda inputs: drafts().check_placeholders(inputs)),
    Rule("test-source", DATA, "no source at example.org/.com/.net or with TEST in its id",
         lambda inputs: drafts().check_test_sources(inputs)),
    # --- the built site (derechos.check.site; head-* rules: derechos.head_tags.RULES)
    Rule("link-target", SITE, "links and assets lead to files that exist"),
    Rule("link-anchor", SITE, "links to #anchors lead to ids that exist"),
    Rule("redirect", SITE, "redirect pages lead to pages that exist"),
    Rule("duplicate-id", SITE, "no id twice on a page"),
    Rule("third-party", SITE, "nothing is loaded from another host"),
    Rule("insecure-link", SITE, "no http:// links"),
    Rule("encoding", SITE, "pages and stylesheets are UTF-8"),
    Rule("svg", SITE, "SVG images run and fetch nothing: no script, handler, foreignObject or outside reference"),
    Rule("shortlink", SITE, "each short link's redirect exists and leads to a page and anchor that exist"),
    Rule("external-link", SITE, "outside links answer (--external only)"),
)
BY_ID = {rule.id: rule for rule in RULES}
#: The rules run before any engine (everything but the built site's).
SOURCE_RULES = tuple(rule.id for rule in RULES if rule.reads != SITE)


def selected(rules: Iterable[str], select: tuple[str, ...] | None) -> list[str]:
    """The rule ids that match the --select prefixes (all with None)."""
    return [r for r in rules if select is None or any(r.startswith(s) for s in select)]


def run(inputs: Inputs, select: tuple[str, ...] | None = None) -> list[Finding]:
    """The findings of every selected source rule (PAGE, TWINS, DATA), sorted and unique."""
    out: list[Finding] = []
    for rule_id in selected(SOURCE_RULES, select):
        check = BY_ID[rule_id].check
        assert check is not None
        out += check(inputs)
    if "pages" in inputs.__dict__:  # a page that could not be read is reported whatever was selected
        out += [f for f in inputs.read_findings if f.rule == READ]
    return sorted(dict.fromkeys(out), key=lambda f: (f.file, f.line or 0, f.rule, f.message))


def check_project(project: Project, select: tuple[str, ...] | None = None) -> list[Finding]:
    """The source rules on a project's docs/ and data/ (what the build runs first)."""
    from derechos.quotes import load_texts

    load_texts.cache_clear()  # the source texts are read afresh (serve)
    return run(Inputs(project, project.docs), select)


def main(argv: list[str] | None = None) -> int:
    import argparse

    from derechos.project import load_project
    from derechos.yamlfile import DataError

    parser = argparse.ArgumentParser(prog="python -m derechos.rules", description=__doc__.splitlines()[0])
    parser.add_argument("--select", metavar="RULES", help="comma-separated rule ids or prefixes (default: all)")
    parser.add_argument("--list", action="store_true", help="list the rules and exit")
    args = parser.parse_args(argv)
    if args.list:
        for rule in RULES:
            print(f"{rule.id:20} {rule.reads:6} {rule.summary}")
        return 0
    select = tuple(s.strip() for s in args.select.split(",") if s.strip()) if args.select else None
    if select and not selected(SOURCE_RULES, select):
        print(f"rules: --select: no rule matches {args.select} (rules: {', '.join(SOURCE_RULES)})", file=sys.stderr)
        return 2
    try:
        project = load_project()
    except DataError as error:
        print("\n".join(f.text() for f in _findings(error, "data-languages")))
        return 1
    findings = check_project(project, select)
    for finding in findings:
        print(finding.text())
    print(f"rules: {len(findings)} finding(s) in docs/ and data/", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
