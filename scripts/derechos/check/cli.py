"""Check the built site and its Markdown sources: what MkDocs' strict build cannot see.

MkDocs validates Markdown links between pages; this checker reads the built HTML
(theme links, assets, redirects, other-language links, anchors, duplicate ids,
third-party loads, http:// links, required head tags) and docs/ (front matter, schema,
translation drift between twins), and with --external the external URLs. It reads
files only, not MkDocs internals, so it works for any compatible generator.

    python -m derechos.check                       # site/ and docs/, offline
    python -m derechos.check site --docs docs --format json
    python -m derechos.check --external            # also check external URLs

Exit status: 0 clean, 1 findings, 2 usage or environment error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from derechos.findings import Finding
from derechos.head_tags import HEAD_TAGS
from derechos.metadata import SourceRegistryError, load_sources
from derechos.project import DATA

DOCS_RULES = ("front-matter", "metadata", "twin-missing", "twin-anchors", "twin-figures", "twin-sources")
HEAD_RULES = tuple(sorted({entry[0] for entry in HEAD_TAGS}))
SITE_RULES = ("link-target", "link-anchor", "redirect", "duplicate-id", "third-party", "insecure-link")
ALL_RULES = (*SITE_RULES, *HEAD_RULES, *DOCS_RULES, "external-link")
DEFAULT_CACHE = Path(".cache") / "check-site" / "external.json"


class UsageError(Exception):
    """Bad arguments or environment: one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = _Parser(
        prog="check_site.py",
        description="Check the built site (links, anchors, redirects, ids, third-party loads, "
                    "http:// links, head tags) and docs/ (front matter, schema, twins).",
        epilog="Exit status: 0 clean, 1 findings, 2 usage or environment error. "
               "Rules: link-target, link-anchor, redirect, duplicate-id, third-party, insecure-link, "
               "head-* (scripts/derechos/head_tags.py), front-matter, metadata, twin-missing, "
               "twin-anchors, twin-figures, twin-sources, external-link.",
    )
    parser.add_argument("site_dir", nargs="?", default="site", metavar="SITE_DIR",
                        help="the built site (default: site)")
    parser.add_argument("--docs", default="docs", metavar="DOCS_DIR",
                        help="the Markdown sources, one folder per language (default: docs)")
    parser.add_argument("--external", action="store_true",
                        help="also check external URLs over the network (off by default)")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="text: 'path:line: rule: message' (plus ::error annotations "
                             "under GitHub Actions); json: a list of objects; github: annotations only "
                             "(default: text)")
    parser.add_argument("--site-url", metavar="URL",
                        help="the site's public address; links to it count as internal "
                             "(default: the canonical URL of SITE_DIR/index.html)")
    parser.add_argument("--sources", type=Path, default=DATA / "sources.yml", metavar="FILE",
                        help="the source registry for `sources:` ids (default: data/sources.yml)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, metavar="FILE",
                        help=f"cache of external results (default: {DEFAULT_CACHE})")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="timeout of one external request (default: 10)")
    parser.add_argument("--select", metavar="RULES",
                        help="only these rules: comma-separated ids or prefixes, e.g. "
                             "'link-,redirect' (default: all); docs/ is read only if a docs rule is selected")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="processes for the built site (default: one per core)")
    return parser.parse_args(argv)


def render(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
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


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse_args(argv)
    except UsageError as error:
        print(f"check_site: {error} (see --help)", file=sys.stderr)
        return 2
    site, docs = Path(args.site_dir), Path(args.docs)
    if args.jobs is not None and args.jobs < 1:
        print("check_site: --jobs must be at least 1", file=sys.stderr)
        return 2
    selected = [r.strip() for r in args.select.split(",") if r.strip()] if args.select else None

    unknown = [r for r in selected or () if not any(rule.startswith(r) for rule in ALL_RULES)]
    if unknown:
        print(f"check_site: --select: no rule matches {', '.join(unknown)} "
              f"(rules: {', '.join(ALL_RULES)})", file=sys.stderr)
        return 2

    def wanted(rule: str) -> bool:
        return selected is None or any(rule.startswith(s) for s in selected)

    docs_wanted = any(wanted(r) for r in DOCS_RULES)
    folders = [("site folder", site)] + ([("docs folder", docs)] if docs_wanted else [])
    for label, folder in folders:
        if not folder.is_dir():
            print(f"check_site: {label} {folder} does not exist (build the site first: "
                  "python -m derechos.build)" if label == "site folder" else
                  f"check_site: {label} {folder} does not exist", file=sys.stderr)
            return 2
    if args.timeout <= 0:
        print("check_site: --timeout must be more than 0 seconds", file=sys.stderr)
        return 2
    sources = {}
    if docs_wanted:
        try:
            sources = load_sources(args.sources.resolve())
        except SourceRegistryError as error:
            print(f"check_site: {error}", file=sys.stderr)
            return 2
        except OSError as error:
            print(f"check_site: cannot read the source registry {args.sources}: {error.strerror}",
                  file=sys.stderr)
            return 2

    from derechos.check.docs import check_docs
    from derechos.check.site import check_site

    started = time.perf_counter()
    try:
        findings, external, skipped = check_site(site, args.site_dir, args.site_url, args.jobs,
                                                 head=any(wanted(r) for r in HEAD_RULES))
        if docs_wanted:
            findings += check_docs(docs, args.docs.rstrip("/") or ".", sources)
        if args.external and wanted("external-link"):
            findings += check_external(external, skipped, args)
    except OSError as error:  # e.g. a folder that cannot be listed
        print(f"check_site: cannot read {error.filename or 'the site'}: {error.strerror}", file=sys.stderr)
        return 2
    findings = [f for f in findings if wanted(f.rule)]
    findings.sort(key=lambda f: (f.file, f.line or 0, f.rule, f.message))
    if findings:
        print(render(findings, args.format))
        if args.format == "text" and os.environ.get("GITHUB_ACTIONS") == "true":
            print(render(findings, "github"))  # also as annotations on the pull request
    elif args.format == "json":
        print("[]")
    elapsed = time.perf_counter() - started
    checked = f"{site} and {docs}" if docs_wanted else str(site)
    summary = f"check_site: {len(findings)} finding(s) in {checked} ({elapsed:.2f} s)"
    print(summary, file=sys.stderr)
    return 1 if findings else 0


def check_external(external: dict[str, tuple[str, int]], skipped: set[str],
                   args: argparse.Namespace) -> list[Finding]:
    from derechos.check.external import Settings, check_urls

    results = check_urls(sorted(external), args.cache, Settings(timeout=args.timeout))
    findings = []
    failed = 0
    for url, result in sorted(results.items()):
        if not result.ok:
            failed += 1
            file, line = external[url]
            findings.append(Finding(file, line, "external-link", f"{url}: {result.message}"))
    cached = sum(1 for r in results.values() if r.cached)
    print(f"check_site: external: {len(results)} distinct URL(s) checked "
          f"({cached} from the cache), {len(results) - failed} ok, {failed} failed; "
          f"{len(skipped)} skipped (mailto:/tel: links cannot be checked)", file=sys.stderr)
    return findings


if __name__ == "__main__":
    raise SystemExit(main())
