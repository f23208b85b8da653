"""Audit the built site: Lighthouse scores and the Nu Html Checker, with results kept in the repo.

Why: the browser tests prove zero third-party requests, zero axe violations and the
weight budgets on every page; this audit adds what only Lighthouse and the W3C's Nu
Html Checker measure, and keeps the numbers in audit/RESULTS.md (+ audit/results.json)
so that a change in them shows up in review.

- Lighthouse (npm `lighthouse`, pinned in package.json), mobile preset (its default:
  simulated slow 4G and 4x CPU slowdown), 3 runs per page, medians of Performance,
  Accessibility, Best Practices, SEO, FCP, LCP, TBT, CLS, bytes and requests; the
  site is built for and served by scripts/derechos/serve.py (gzip) on 127.0.0.1.
  Targets: Performance >= 98, the three others 100.
- Nu Html Checker (npm `vnu-jar`, run with the machine's Java) over every built page:
  zero errors from our own templates and content; errors that Material's own
  templates produce are listed by name (THEME_OWNED) and do not fail the audit.

    npm ci                          # once: installs lighthouse and vnu-jar
    python -m derechos_tools.audit         # writes audit/RESULTS.md and audit/results.json
    python -m derechos_tools.audit --runs 1 --page index.html --no-write

Exit 0: targets met and no own HTML errors; 1: a target missed or own HTML errors;
2: a tool is missing (Node modules, Chromium, Java).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from derechos.build import BuildError, build_site
from derechos.project import load_project
from derechos.serve import make_server
from derechos_tools.chromium import chromium_path

PROJECT = load_project()
ROOT = PROJECT.root
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
OUT = ROOT / "audit"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"

#: The pages audited in every language (home, one trend page, the figures page).
DEFAULT_PAGES = ("index.html", "surveillance.html", "figures.html")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = {  # column -> Lighthouse audit id
    "FCP ms": "first-contentful-paint",
    "LCP ms": "largest-contentful-paint",
    "TBT ms": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "bytes": "total-byte-weight",
}

#: Nu Html Checker errors produced by Material's own templates, which the site cannot
#: change without copying base.html: name -> (message pattern, extract pattern).
THEME_OWNED = {
    "Material base.html: autocomplete on the drawer/search toggle checkboxes": (
        r"^Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
    ),
}


def lighthouse_run(url: str, chrome: str, out: Path) -> dict[str, Any]:
    """One Lighthouse run (mobile preset); returns the scores and metrics of the table."""
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
         "--only-categories=" + ",".join(CATEGORIES), f"--chrome-flags={CHROME_FLAGS}"],
        env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True,
    )
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url}: {result.stderr.strip()[-500:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    row = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    for column, audit in METRICS.items():
        row[column] = report["audits"][audit]["numericValue"]
    row["requests"] = len(report["audits"]["network-requests"]["details"]["items"])
    row["lighthouse"] = report["lighthouseVersion"]
    return row


def median_row(runs: list[dict[str, Any]]) -> dict[str, Any]:
    row = {}
    for key in [*CATEGORIES, *METRICS, "requests"]:
        row[key] = statistics.median(r[key] for r in runs)
    return row


def vnu_check(site: Path) -> tuple[list[str], dict[str, int], int]:
    """Nu Html Checker over the built site: (own errors, theme-owned error counts, warnings)."""
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(site)],
                            capture_output=True, text=True)
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        raise RuntimeError(f"vnu gave no JSON report: {(result.stderr or result.stdout)[:300]}") from None
    own, theme, warnings = [], {name: 0 for name in THEME_OWNED}, 0
    for m in messages:
        if m.get("type") != "error":
            warnings += 1
            continue
        name = next((n for n, (msg, extract) in THEME_OWNED.items()
                     if re.search(msg, m.get("message", "")) and re.search(extract, m.get("extract", ""))), None)
        if name:
            theme[name] += 1
        else:
            where = Path(m.get("url", "").removeprefix("file:")).relative_to(site) if m.get("url") else "?"
            own.append(f"{where}:{m.get('lastLine', '?')}: {m.get('message')}")
    return own, theme, warnings


def fmt(key: str, value: float) -> str:
    if key == "CLS":
        return f"{value:.3f}"
    return f"{value:.0f}"


def write_results(rows: dict[str, dict[str, Any]], runs: dict[str, list[dict[str, Any]]],
                  vnu: tuple[list[str], dict[str, int], int],
                  skipped: list[str], n: int, command: str, chrome_version: str) -> str:
    own, theme, warnings = vnu
    lh_version = next((r[0]["lighthouse"] for r in runs.values() if r), "?")
    columns = ["Performance", "Accessibility", "Best Practices", "SEO", *METRICS, "requests"]
    keys = [*CATEGORIES, *METRICS, "requests"]
    lines = [
        "# Audit results",
        "",
        f"Made by `{command}` on {dt.date.today().isoformat()} with Lighthouse {lh_version} "
        f"(mobile preset: simulated slow 4G, 4x CPU slowdown) in {chrome_version}, "
        f"{n} runs per page, medians. The site is built for and served by `scripts/derechos/serve.py` "
        "(gzip) on 127.0.0.1. Targets: Performance ≥ 98, Accessibility, Best Practices and SEO 100.",
        "",
        "| page | " + " | ".join(columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for page, row in rows.items():
        lines.append(f"| `{page}` | " + " | ".join(fmt(k, row[k]) for k in keys) + " |")
    if skipped:
        lines += ["", "Not in this build, so not audited: " + ", ".join(f"`{p}`" for p in skipped) + "."]
    lines += ["", "## Nu Html Checker", "",
              f"Errors from our own templates and content: **{len(own)}**."]
    lines += [f"- {e}" for e in own]
    lines += ["", "Errors owned by Material's templates (not fixable without copying `base.html`):"]
    lines += [f"- {name}: {count}" for name, count in theme.items()]
    lines += ["", f"Warnings and notes: {warnings} (the checker evaluates the Content-Security-Policy "
              "without knowing the page's origin, so it reports the site's own files and hashed scripts "
              "as blocked; the browser tests prove Chromium blocks nothing)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument("--page", action="append", help="page to audit in every language (repeatable; "
                        f"default {', '.join(DEFAULT_PAGES)})")
    parser.add_argument("--no-write", action="store_true", help="print the table, do not write audit/")
    args = parser.parse_args(argv)
    chrome = chromium_path()
    missing = [name for name, ok in (("node_modules (run `npm ci`)", LIGHTHOUSE.is_file() and VNU.is_file()),
                                     ("Chromium (set CHROME_PATH)", chrome is not None),
                                     ("Java (for vnu)", shutil.which("java") is not None)) if not ok]
    if missing:
        print(f"audit: missing {', '.join(missing)}", file=sys.stderr)
        return 2
    assert chrome is not None
    chrome_version = subprocess.run([chrome, "--version"], capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
        site = Path(tmp) / "site"
        server = make_server(site)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            build_site(site, base, project=PROJECT)
        except BuildError as error:
            print(f"audit: the build failed: {error}", file=sys.stderr)
            return 1
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        rows: dict[str, dict[str, Any]] = {}
        runs: dict[str, list[dict[str, Any]]] = {}
        skipped: list[str] = []
        try:
            for name in args.page or DEFAULT_PAGES:
                for lang in PROJECT.languages:
                    rel = f"{lang.root}{name}"
                    if not (site / rel).is_file():
                        skipped.append(rel)
                        continue
                    # Each page at its canonical address: a home page at its folder URL
                    # (Lighthouse's SEO audit rejects /index.html canonicalised to /).
                    address = rel.removesuffix("index.html") if name == "index.html" else rel
                    rel = "/" + address
                    runs[rel] = []
                    for i in range(args.runs):
                        runs[rel].append(lighthouse_run(base + address, chrome, Path(tmp) / f"lh-{lang.code}-{i}.json"))
                    rows[rel] = median_row(runs[rel])
                    print(f"audit: {rel}: " + ", ".join(f"{k} {fmt(k, v)}" for k, v in rows[rel].items()),
                          flush=True)
            vnu = vnu_check(site)
        except RuntimeError as error:
            print(f"audit: {error}", file=sys.stderr)
            return 2
        finally:
            server.shutdown()
            server.server_close()
    command = "python -m derechos_tools.audit" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    text = write_results(rows, runs, vnu, skipped, args.runs, command.strip(), chrome_version)
    if args.no_write:
        print(text)
    else:
        OUT.mkdir(exist_ok=True)
        (OUT / "RESULTS.md").write_text(text, encoding="utf-8")
        raw = {"runs": runs, "medians": rows, "skipped": skipped,
               "vnu": {"own_errors": vnu[0], "theme_owned": vnu[1], "warnings": vnu[2]}}
        (OUT / "results.json").write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"audit: wrote {OUT.relative_to(ROOT)}/RESULTS.md and results.json")
    missed = [f"{page}: {c} {row[c]:.0f} < {t}" for page, row in rows.items()
              for c, t in TARGETS.items() if row[c] < t]
    for line in missed + vnu[0]:
        print(f"audit: {line}", file=sys.stderr)
    return 1 if missed or vnu[0] else 0


if __name__ == "__main__":
    raise SystemExit(main())
