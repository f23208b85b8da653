"""Build the whole bilingual site strictly, and optionally serve it.

Each language is its own MkDocs build (mkdocs.yml for Spanish at the site root,
mkdocs.en.yml for English under en/), as Material recommends: instant navigation and
per-language search keep working. Both builds run with --strict into a temporary
folder; only when every step passed is that folder moved into place, so a failed
build never leaves a half-published site behind.

    python -m derechos.build                 # build into site/
    python -m derechos.build --serve         # build, then serve on http://127.0.0.1:8000/
    python -m derechos.build --out DIR --site-url https://example.org/repo/
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from derechos.csp import CSPError, protect_tree
from derechos.project import LANGUAGES, ROOT, language_root

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000

#: Config file of each language.
CONFIGS = {"es": ROOT / "mkdocs.yml", "en": ROOT / "mkdocs.en.yml"}

#: Steps run on the complete two-language site before it is published; each takes the
#: site folder and the site URL, and raises BuildError to stop the build.
PostStep = Callable[[Path, str], None]
POST_STEPS: list[PostStep] = []


def _register_post_steps() -> None:
    from derechos.offline import add_offline_copy
    from derechos.robots import write_robots

    POST_STEPS.extend([write_robots, add_offline_copy])


_register_post_steps()


class BuildError(RuntimeError):
    """A build step failed; the message says which and why."""


def build_language(lang: str, out: Path, site_url: str) -> None:
    """Run one strict MkDocs build of one language into its folder below `out`."""
    target = out / language_root(lang)
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict",
         "--config-file", str(CONFIGS[lang]), "--site-dir", str(target)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    # Not --quiet: MkDocs counts warnings for --strict only when they are logged.
    if result.returncode != 0:
        output = "\n".join(line for line in (result.stderr + result.stdout).splitlines()
                           if not line.startswith("INFO"))
        raise BuildError(f"the {lang} build failed ({CONFIGS[lang].name}):\n{output}")


def build_site(out: Path, site_url: str) -> Path:
    """Build every language and run the post-build steps into `out` (replaced atomically)."""
    if not site_url.endswith("/"):
        site_url += "/"
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for lang in LANGUAGES:  # the default language first: its build empties the folder
            build_language(lang, staging, site_url)
        for step in POST_STEPS:
            step(staging, site_url)
        # Last, after every other step: a Content-Security-Policy on every HTML file,
        # including files a post-build step wrote (scripts/derechos/csp.py).
        protect_tree(staging)
        old = out.with_name(f".{out.name}-old")
        if old.exists():
            shutil.rmtree(old)
        if out.exists():
            out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="output folder (default: site/)")
    parser.add_argument("--site-url", help="public address of the site root "
                        "(default: $SITE_URL, or the local server's address)")
    parser.add_argument("--serve", action="store_true", help="serve the built site after building")
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    local_url = f"http://{args.host}:{args.port}/"
    site_url = args.site_url or (local_url if args.serve else os.environ.get("SITE_URL", local_url))
    try:
        out = build_site(args.out, site_url)
    except (BuildError, CSPError) as error:
        print(f"build: {error}", file=sys.stderr)
        print("build: nothing was published; the previous site/ is unchanged", file=sys.stderr)
        return 1
    print(f"build: {', '.join(LANGUAGES)} built into {out}")
    if args.serve:
        from derechos.serve import serve_forever

        serve_forever(out, args.host, args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
