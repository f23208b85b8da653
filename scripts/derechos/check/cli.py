"""Check the built site and its Markdown sources: what MkDocs' strict build cannot see.

MkDocs validates Markdown links between pages; this checker reads the built HTML
(theme links, assets, redirects, other-language links, anchors, duplicate ids,
third-party loads, http:// links, required head tags), docs/ (front matter, schema,
translation drift between twins), the short links of data/shortlinks.yml against the
built site, and with --external the external URLs. It reads files only, not MkDocs
internals, so it works for any compatible generator.

    python -m derechos.check                       # site/ and docs/, offline
    python -m derechos.check site --docs docs --format json
    python -m derechos.check --external            # also check external URLs
    python -m derechos.check other/site --languages en,es --select link-,redirect

Languages come from the project's declaration (data/languages.yml of the project found
from the working folder), or from --languages for a site built elsewhere.

Exit status: 0 clean, 1 findings, 2 usage or environment error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from derechos.check.site import POOL_MIN_BYTES, check_site
from derechos.findings import Finding
from derechos.rules import RULES, SITE, SOURCE_RULES

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (start-up time)
if TYPE_CHECKING:
    from derechos.check.external import Settings
    from derechos.project import Language, Project

#: The rules on docs/ and data/ (derechos.rules: pages, twins, data files), run on --docs.
DOCS_RULES = SOURCE_RULES
DATA_RULES = ("shortlink",)
#: The rules of the one pass over the built HTML (derechos.check.site).
SITE_RULES = tuple(rule.id for rule in RULES if rule.reads == SITE and rule.id not in ("shortlink", "external-link"))
#: Files that could not be read (or are not files): reported whatever --select says, since
#: what they would have shown is unknown.
READ_RULE = "read"
#: Every rule but the head-* ones (derechos.head_tags.RULES, read only when needed: start-up time).
OTHER_RULES = (*SITE_RULES, *DOCS_RULES, *DATA_RULES, "external-link", READ_RULE)
HEAD_PREFIX = "head-"
DEFAULT_CACHE = Path(".cache") / "check-site" / "external.json"
PROG = "check"


def head_rules() -> tuple[str, ...]:
    from derechos.head_tags import RULES

    assert all(rule.startswith(HEAD_PREFIX) for rule in RULES)
    return RULES


def all_rules() -> tuple[str, ...]:
    return (*SITE_RULES, *head_rules(), *DOCS_RULES, *DATA_RULES, "external-link", READ_RULE)


class UsageError(Exception):
    """Bad arguments or environment: one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see --help)")


def _formatter(prog: str) -> argparse.HelpFormatter:
    """argparse's help layout at the terminal's width, found as shutil finds it: argparse
    would import shutil (and with it bz2 and lzma) for every add_argument, at start-up."""
    try:
        width = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        try:
            width = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            width = 80
    return argparse.HelpFormatter(prog, width=max(width - 2, 40))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = _Parser(
        prog="python -m derechos.check", formatter_class=_formatter,
        description="Check the built site (links, anchors, redirects, ids, third-party loads, "
                    "http:// links, head tags), docs/ (front matter, schema, twins) and the short links.",
        epilog="Exit status: 0 clean, 1 findings, 2 usage or environment error. "
               f"Rules: {', '.join(SITE_RULES)}, head-* (derechos/head_tags.py), {', '.join(DOCS_RULES)}, "
               f"{', '.join(DATA_RULES)}, external-link; and {READ_RULE} (a file that cannot be read, or is a "
               "FIFO, socket or device: always reported).",
    )
    parser.add_argument("site_dir", nargs="?", default="site", metavar="SITE_DIR",
                        help="the built site (default: site)")
    parser.add_argument("--docs", default="docs", metavar="DOCS_DIR",
                        help="the Markdown sources, one folder per language (default: docs)")
    parser.add_argument("--languages", metavar="CODES",
                        help="the site's languages, e.g. 'en,es': the first at the site root, the others "
                             "below <code>/ (default: data/languages.yml of the project)")
    parser.add_argument("--external", action="store_true",
                        help="also check external URLs over the network (off by default)")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="text: 'path:line: rule: message' (plus ::error annotations "
                             "under GitHub Actions); json: a list of objects; github: annotations only "
                             "(default: text)")
    parser.add_argument("--site-url", metavar="URL",
                        help="the site's public address; links to it count as internal "
                             "(default: the canonical URL of SITE_DIR/index.html)")
    parser.add_argument("--sources", type=Path, metavar="FILE",
                        help="the source registry for `sources:` ids (default: data/sources.yml of the project)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, metavar="FILE",
                        help=f"cache of external results (default: {DEFAULT_CACHE})")
    parser.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                        help="time for one external URL, all of it: lookups, redirects, retries, the answer "
                             "(default: 20)")
    parser.add_argument("--deadline", type=float, default=600.0, metavar="SECONDS",
                        help="time for all external URLs; those not checked by then are reported as unknown "
                             "(default: 600)")
    parser.add_argument("--select", metavar="RULES",
                        help="only these rules: comma-separated ids or prefixes, e.g. "
                             "'link-,redirect' (default: all; `python -m derechos.rules --list` lists the docs "
                             "and data rules); docs/ is read only if a docs rule is selected")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="processes for the built site (default: one per core when the pages and "
                             f"stylesheets add up to {POOL_MIN_BYTES / 1e6:g} MB or more, else 1)")
    return parser.parse_args(argv)


def printable(text: str) -> str:
    """Text that encodes as UTF-8: the bytes of a file name that is not UTF-8 (Python keeps
    them as lone surrogates) are written as \\xNN."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def render(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        import json

        return json.dumps([{"file": f.file, "line": f.line, "rule": f.rule, "severity": f.severity,
                            "message": f.message} for f in findings], ensure_ascii=False, indent=1)
    if fmt == "github":
        def escape(value: str) -> str:
            return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        lines = []
        for f in findings:
            where = f"file={escape(f.file).replace(',', '%2C').replace(':', '%3A')}"
            if f.line is not None:
                where += f",line={f.line}"
            lines.append(f"::{f.severity} {where}::{escape(f.rule + ': ' + f.message)}")
        return "\n".join(lines)
    return "\n".join(f.text() for f in findings)  # one line each (Finding.text escapes breaks)


def selection(select: str | None) -> tuple[str, ...] | None:
    """The --select prefixes (None: every rule); a prefix that matches no rule is a UsageError."""
    if not select:
        return None
    chosen = tuple(r.strip() for r in select.split(",") if r.strip())
    unknown = [r for r in chosen if not any(rule.startswith(r) for rule in OTHER_RULES)]
    if unknown and (unknown := [r for r in unknown if not any(rule.startswith(r) for rule in head_rules())]):
        raise UsageError(f"--select: no rule matches {', '.join(unknown)} (rules: {', '.join(all_rules())})")
    return chosen


def languages(codes: str | None, project: Project | None) -> tuple[Language, ...]:
    """--languages (`en,es`: the first at the site root), else the project's declaration."""
    if codes is None:
        assert project is not None
        return project.languages
    from derechos.project import Language

    listed = [c.strip() for c in codes.split(",") if c.strip()]
    if not listed or len(set(listed)) != len(listed) or not all(c.isascii() and c.isalpha() for c in listed):
        raise UsageError(f"--languages: expected distinct language codes such as 'en,es', got {codes!r}")
    return tuple(Language(code, code, "", "" if index == 0 else f"{code}/") for index, code in enumerate(listed))


def main(argv: list[str] | None = None) -> int:
    try:
        return run(parse_args(argv))
    except UsageError as error:
        print(f"{PROG}: {printable(str(error))}", file=sys.stderr)
        return 2
    except (OSError, MemoryError, RecursionError, ValueError) as error:  # one line, never a traceback
        what = f"{error.strerror}: {error.filename}" if isinstance(error, OSError) and error.strerror else error
        print(f"{PROG}: stopped: {type(error).__name__}: {printable(str(what))[:300]}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    site, docs = Path(args.site_dir), Path(args.docs)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    for option in ("timeout", "deadline"):
        if getattr(args, option) <= 0:
            raise UsageError(f"--{option} must be more than 0 seconds")
    selected = selection(args.select)

    def wanted(rule: str) -> bool:
        return selected is None or any(rule.startswith(s) for s in selected)

    docs_wanted = any(wanted(r) for r in DOCS_RULES)
    head_wanted = selected is None or (any(s.startswith(HEAD_PREFIX) or HEAD_PREFIX.startswith(s)
                                           for s in selected) and any(wanted(r) for r in head_rules()))
    links_wanted = wanted("shortlink")
    if not site.is_dir():
        raise UsageError(f"site folder {site} does not exist (build the site first: python -m derechos.build)")
    if docs_wanted and not docs.is_dir():
        raise UsageError(f"docs folder {docs} does not exist")

    # the project (its YAML files) is read only when a rule needs it: a run of the link
    # rules alone on a site built elsewhere reads nothing but the site
    project = _project() if docs_wanted or links_wanted or (head_wanted and args.languages is None) else None
    langs = languages(args.languages, project) if head_wanted or docs_wanted else ()
    sources, links = {}, []
    if docs_wanted or links_wanted:
        assert project is not None
        from derechos.yamlfile import DataError

        try:
            if docs_wanted:
                from derechos.metadata import load_sources

                registry = args.sources or project.data / "sources.yml"
                sources = load_sources(registry, tuple(lang.code for lang in langs), project.root)
            if links_wanted:
                from derechos.shortlinks import load_links

                links = load_links(project)
        except DataError as error:
            raise UsageError(str(error)) from None

    started = time.perf_counter()
    try:
        findings, external, skipped = check_site(site, args.site_dir, langs, args.site_url, args.jobs,
                                                 head=head_wanted)
        if docs_wanted:
            from derechos import rules

            assert project is not None
            inputs = rules.Inputs(project, docs, args.docs.rstrip("/") or ".", sources_file=args.sources,
                            codes=tuple(lang.code for lang in langs))
            inputs.sources = sources
            findings += rules.run(inputs, selected)
        if links_wanted and links:
            from derechos.shortlinks import findings as shortlink_findings

            findings += shortlink_findings(links, site)
        if args.external and wanted("external-link"):
            findings += check_external(external, skipped, args)
    except OSError as error:  # e.g. a folder that cannot be listed
        raise UsageError(f"cannot read {error.filename or 'the site'}: {error.strerror}") from None
    findings = [Finding(printable(f.file), f.line, f.rule, printable(f.message), f.severity)
                for f in findings if wanted(f.rule) or f.rule == READ_RULE]
    findings.sort(key=lambda f: (f.file, f.line or 0, f.rule, f.message))
    if findings:
        print(render(findings, args.format))
        if args.format == "text" and os.environ.get("GITHUB_ACTIONS") == "true":
            print(render(findings, "github"))  # also as annotations on the pull request
    elif args.format == "json":
        print("[]")
    elapsed = time.perf_counter() - started
    checked = printable(f"{site} and {docs}" if docs_wanted else str(site))
    print(f"{PROG}: {len(findings)} finding(s) in {checked} ({elapsed:.2f} s)", file=sys.stderr)
    return 1 if any(f.severity == "error" for f in findings) else 0


def _project() -> Project:
    from derechos.project import find_root, load_project
    from derechos.yamlfile import DataError

    try:
        return load_project(find_root())  # the project of the working folder (load_project() is cached)
    except DataError as error:
        raise UsageError(f"{error} (or give the site's languages with --languages)") from None


def external_settings(args: argparse.Namespace) -> Settings:
    from derechos.check.external import Settings

    return Settings(timeout=args.timeout, deadline=args.deadline)


def check_external(external: dict[str, tuple[str, int]], skipped: set[str],
                   args: argparse.Namespace) -> list[Finding]:
    """Broken external URLs as errors, unknown ones (not checked in time, rate limited)
    as warnings; a summary of the counts on stderr."""
    from derechos.check.external import BROKEN, OK, UNKNOWN, check_urls, is_share_intent, share_intents

    intents = share_intents()
    shares = {url for url in external if is_share_intent(url, intents)}
    results = check_urls(sorted(set(external) - shares), args.cache, external_settings(args))
    findings = []
    for url, result in sorted(results.items()):
        if result.state in (BROKEN, UNKNOWN):
            file, line = external[url]
            message = f"{url}: {result.message}" if result.state == BROKEN else f"{url}: unknown: {result.message}"
            findings.append(Finding(file, line, "external-link", message,
                                    "error" if result.state == BROKEN else "warning"))
    counts = {state: sum(1 for r in results.values() if r.state == state) for state in (OK, BROKEN, UNKNOWN)}
    cached = sum(1 for r in results.values() if r.cached)
    print(f"{PROG}: external: {len(results)} distinct URL(s) checked ({cached} from the cache): "
          f"{counts[OK]} ok, {counts[BROKEN]} broken, {counts[UNKNOWN]} unknown; not checked: "
          f"{len(shares)} share link(s), {len(skipped)} mailto:/tel: link(s)", file=sys.stderr)
    return findings


if __name__ == "__main__":
    raise SystemExit(main())
