"""Build the whole site strictly: the rules, then one engine pass per language, then publish.

1. The rules on docs/ and data/ (derechos.rules), before any engine: a bad page fails
   the same way whatever renders it.
2. Each language's pages completed from the data (derechos.stage) in a staging folder.
3. Each language declared in data/languages.yml is one build of mkdocs.yml (docs_dir its
   staged pages, site_dir <out>/<root>), as Material recommends for multilingual sites:
   instant navigation and per-language search keep working. The engine is MkDocs with
   Material (here, with the project's plugin, derechos.mkdocs_plugin) or Zensical
   (derechos.zensical_engine).
4. The publish step over each built language folder (derechos.publish).

Every build is strict, into a temporary folder; only when every step passed is that
folder moved into place, so a failed build never leaves a half-published site behind.

    python3 scripts/dev.py build                  # build into site/
    python3 scripts/dev.py build --offline        # ... with the offline zip (as the deploy does)
    python3 scripts/dev.py build --engine zensical  # rendered by Zensical instead of MkDocs
    python3 scripts/dev.py serve                  # build, serve, rebuild on save (derechos.serve)
    python -m derechos.build --out DIR --site-url https://example.org/repo/
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from derechos import linklines, offline, publish, rules, siteconfig, stage
from derechos.context import Build
from derechos.drafts import DRAFT_RULES
from derechos.findings import Finding
from derechos.project import Language, Project, load_project
from derechos.yamlfile import DataError

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000


class BuildError(RuntimeError):
    """A build step failed; the message says which and why (file and line)."""


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings and errors of one build, to report them once, cleanly."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if message and not message.startswith("Aborted with"):
            self.messages.append(message)


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_language(project: Project, lang: Language, out: Path, site_url: str, offline_copy: bool = False,
                   docs_dir: Path | None = None) -> None:
    """One strict MkDocs build of one language (its pages staged in `docs_dir`, by default read
    from docs/<code>) into out/<root>."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    handlers, propagate, level = logger.handlers[:], logger.propagate, logger.level
    logger.handlers, logger.propagate = [collect], False
    logger.setLevel(logging.INFO)
    try:
        with _environment(SITE_URL=site_url, OFFLINE="true" if offline_copy else "false",
                          NO_MKDOCS_2_WARNING="1", DERECHOS_BUILD="1"):
            config = load_config(str(project.config_file), docs_dir=str(docs_dir or project.docs / lang.code),
                                 site_dir=str(out / lang.root), strict=True)
            build(config)
    except (MkDocsException, SystemExit) as error:  # Abort and ConfigurationError are MkDocsExceptions
        messages = [linklines.locate(m, project.docs / lang.code, f"docs/{lang.code}")
                    for m in collect.messages] or [str(error)]
        variant = " (offline copy)" if offline_copy else ""
        raise BuildError(f"the {lang.code} build{variant} failed:\n" + "\n".join(messages)) from None
    finally:
        logger.handlers, logger.propagate = handlers, propagate
        logger.setLevel(level)


def write_robots(project: Project, site: Path, site_url: str) -> None:
    """robots.txt at the site root, pointing crawlers at each language's sitemap (read only at
    the root of a host: on a custom domain it matters, on a project page it is informative)."""
    lines = ["User-agent: *", "Allow: /", ""]
    lines += [f"Sitemap: {site_url}{lang.root}sitemap.xml" for lang in project.languages]
    (site / "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


ENGINES = ("mkdocs", "zensical")


def build_site(out: Path, site_url: str, offline_copy: bool = False, project: Project | None = None,
               only: str | None = None, engine: str = "mkdocs", drafts: list[Finding] | None = None) -> Path:
    """Build every language (or, with `only`, one non-default language into an existing
    site) and the site-wide files into `out`, replaced atomically: the rules first
    (derechos.rules), then each language's pages staged (derechos.stage), rendered by the
    engine, and completed by the publish step (derechos.publish). With a `drafts` list (the
    `serve` command's preview), what is not yet written (derechos.drafts: placeholders, test
    sources) is added to it instead of stopping the build; every other build stops on it."""
    project = project or load_project()
    site_url = site_url.rstrip("/") + "/"
    inputs = rules.Inputs(project, project.docs)
    findings = rules.run(inputs)  # before any engine: a bad page fails the same way under each
    if drafts is not None:
        drafts += [f for f in findings if f.rule in DRAFT_RULES]
        findings = [f for f in findings if f.rule not in DRAFT_RULES]
    if findings:
        raise BuildError("invalid docs or data:\n" + "\n".join(f.text() for f in findings))
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        with tempfile.TemporaryDirectory(prefix="derechos-docs-") as pages:
            config, builds, docs = _stage(project, inputs, site_url, Path(pages), offline_zip=offline_copy)

            def one(lang: Language, target: Path, offline_variant: bool = False) -> None:
                if engine == "zensical":
                    from derechos import zensical_engine

                    try:
                        zensical_engine.build_language(project, lang, target, site_url, docs[lang.code],
                                                       offline_variant)
                    except (zensical_engine.EngineError, DataError) as error:
                        raise BuildError(f"the {lang.code} build failed:\n{error}") from None
                else:
                    build_language(project, lang, target, site_url, offline_copy=offline_variant,
                                   docs_dir=docs[lang.code])
                try:
                    publish.publish(builds[lang.code], target / lang.root, config, offline=offline_variant)
                except publish.PublishError as error:
                    variant = " (offline copy)" if offline_variant else ""
                    raise BuildError(f"the {lang.code} build{variant} failed:\n{error}") from None

            if only is not None and only != project.default.code and out.is_dir():
                lang = project.language(only)
                one(lang, staging)
                _swap(staging / lang.root, out / lang.root)
                return out
            for lang in project.languages:  # the default language first: its build empties the folder
                one(lang, staging)
            write_robots(project, staging, site_url)
            if offline_copy:
                with tempfile.TemporaryDirectory(prefix="offline-", dir=out.parent) as tmp:
                    for lang in project.languages:
                        one(lang, Path(tmp), offline_variant=True)
                    offline.zip_site(Path(tmp), offline.zip_path(staging), offline.readme(project, site_url))
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out


def _stage(project: Project, inputs: rules.Inputs, site_url: str, target: Path,
           offline_zip: bool = False) -> tuple[dict[str, Any], dict[str, Build], dict[str, Path]]:
    """mkdocs.yml as read, each language's build context, and its pages completed from the data
    (derechos.stage) in target/<code>/, for the engine to render (`offline_zip`: the offline
    copy's zip is built beside, so the pages link to it; otherwise they say how to make it)."""
    try:
        config = siteconfig.read(project.config_file)
        topics = siteconfig.nav_section(config.get("nav") or [], "topics")
        publisher = siteconfig.repository(config.get("repo_url"))
        builds = inputs.builds(site_url, topics, publisher)
        for build in builds.values():
            build.offline_zip = offline_zip
        return config, builds, {code: stage.stage(build, target) for code, build in builds.items()}
    except DataError as error:
        raise BuildError(f"invalid page:\n{error}") from None


def _swap(new: Path, old: Path) -> None:
    """Put `new` in the place of `old` (two renames: the old folder is never half-replaced)."""
    previous = old.with_name(f".{old.name}-old")
    shutil.rmtree(previous, ignore_errors=True)
    if old.exists():
        old.rename(previous)
    new.rename(old)
    shutil.rmtree(previous, ignore_errors=True)


def report_failure(error: Exception, what: str = "build") -> None:
    print(f"{what}: {error}", file=sys.stderr)
    print(f"{what}: nothing was published; the previous site/ is unchanged", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: site/)")
    parser.add_argument("--site-url", help="public address of the site root "
                        "(default: $SITE_URL, or the local server's address)")
    parser.add_argument("--offline", action="store_true", help="also build the offline zip (downloads/)")
    parser.add_argument("--engine", choices=ENGINES, default="mkdocs",
                        help="what renders the pages (default: mkdocs, with Material; zensical: the second engine, "
                             "from the same mkdocs.yml and docs/; no offline copy)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        project = load_project()
        out = (args.out or project.root / "site").resolve()
        site_url = args.site_url or os.environ.get("SITE_URL", f"http://{DEFAULT_HOST}:{DEFAULT_PORT}/")
        out = build_site(out, site_url, offline_copy=args.offline, project=project, engine=args.engine)
    except (BuildError, DataError) as error:
        report_failure(error)
        return 1
    extra = (" with the offline copy" if args.offline else "") + (" by Zensical" if args.engine == "zensical" else "")
    print(f"build: {', '.join(project.codes)} built{extra} into {out} in {time.perf_counter() - started:.1f} s",
          flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
