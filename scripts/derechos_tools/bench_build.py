"""Benchmark: the site's full strict build against a plain Material build of the same pages.

Both are timed as whole commands, in one run, alternately (ours, plain, ours, plain…)
after a warm-up each, so that a drift in the machine's speed hits both:

- ours: `python -m derechos.build --out DIR` (every language, strict, with every check,
  the preview cards from their cache, short links, feeds; no offline copy: that is
  `build --offline`, which the deploy workflow runs);
- plain: `mkdocs build` once per language, with the same pages, the same Material
  theme and features, the same Markdown extensions and the search plugin, and nothing
  of this project (no hooks, no overrides, not strict: a plain build has no checks).

It writes the medians and their ratio to audit/build-benchmark.md (and .json).

    python -m derechos_tools.bench_build                 # 5 rounds
    python -m derechos_tools.bench_build --rounds 9
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from derechos.project import load_project

TARGET = 2.0


def plain_config(project_root: Path, code: str, site: Path) -> dict[str, object]:
    """mkdocs.yml with everything of this project taken out, for one language."""
    ours = yaml.load((project_root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    return {
        "site_name": f"Plain build ({code})",
        "site_url": "http://127.0.0.1:8000/",
        "docs_dir": str(project_root / "docs" / code),
        "site_dir": str(site / code),
        "use_directory_urls": False,
        "theme": {"name": "material", "language": code, "font": False, "features": ours["theme"]["features"]},
        "plugins": ["search"],
        "markdown_extensions": ours["markdown_extensions"],
    }


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml's `!ENV` values as plain lists (the benchmark needs only the lists)."""


_IgnoreTags.add_constructor("!ENV", lambda loader, node: None)


def run(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"bench_build: {' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    project = load_project()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        configs = []
        for lang in project.languages:
            config = work / f"plain.{lang.code}.yml"
            config.write_text(yaml.safe_dump(plain_config(project.root, lang.code, work / "plain")), encoding="utf-8")
            configs.append(config)
        ours = [sys.executable, "-m", "derechos.build", "--out", str(work / "ours")]
        plain = [sys.executable, "-c", "import subprocess, sys; [subprocess.run([sys.executable, '-m', 'mkdocs', "
                 "'build', '-q', '-f', c], check=True) for c in sys.argv[1:]]", *map(str, configs)]
        run(ours, env), run(plain, env)  # warm-up: caches, preview cards, file system
        times: dict[str, list[float]] = {"ours": [], "plain": []}
        for _ in range(args.rounds):
            times["ours"].append(run(ours, env))
            times["plain"].append(run(plain, env))
        pages = sum(1 for lang in project.languages for _ in (project.docs / lang.code).glob("*.md"))
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratios = [a / b for a, b in zip(times["ours"], times["plain"], strict=True)]
    result = {
        "date": dt.date.today().isoformat(), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(), "rounds": args.rounds, "pages": pages,
        "languages": list(project.codes), "seconds": times, "median_seconds": medians,
        "ratio_of_medians": medians["ours"] / medians["plain"], "median_ratio": statistics.median(ratios),
        "target": TARGET,
    }
    table = "\n".join([
        "# Build benchmark",
        "",
        f"`python -m derechos_tools.bench_build --rounds {args.rounds}` on {result['date']} ({result['machine']}, "
        f"Python {result['python']}): {pages} pages in {len(project.codes)} languages, each command timed as a "
        "whole process, alternately, after one warm-up each.",
        "",
        "| build | median | min | max |",
        "|---|---:|---:|---:|",
        *(f"| {label} | {medians[name]:.2f} s | {min(times[name]):.2f} s | {max(times[name]):.2f} s |"
          for name, label in (("ours", "this site's full strict build"),
                              ("plain", "plain Material build, same pages"))),
        "",
        f"Ratio (median of the per-round ratios): **{result['median_ratio']:.2f}x** (target: at most {TARGET:g}x).",
        "",
        "The plain build is `mkdocs build` once per language with the same pages, theme, features, Markdown",
        "extensions and search, and nothing of this project (no hooks, overrides or checks). Ours is",
        "`python -m derechos.build`: every language, strict, every check, preview cards (cached), short links,",
        "feeds and open data; the offline copy is left out (it is `build --offline`, run by the deploy).",
        "",
    ])
    print(table)
    if not args.no_write:
        audit = project.root / "audit"
        (audit / "build-benchmark.md").write_text(table, encoding="utf-8")
        (audit / "build-benchmark.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0 if result["median_ratio"] <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
