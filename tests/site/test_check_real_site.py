"""The real site passes the checker, and a defect planted in a copy of it (or of docs/)
is reported with its file and a non-zero exit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from kit import run

from derechos.project import CHECKOUT

DOCS = CHECKOUT / "docs"


def test_the_built_site_and_docs_pass(capsys, site):
    result = run(capsys, site, "--docs", DOCS)
    assert result.code == 0, result.out
    assert result.out == ""


def test_the_default_build_passes_its_own_checker(project_copy: Path) -> None:
    """`dev.py build` then `dev.py check`, as on a fresh clone: no finding. A plain build makes
    no offline zip, so its pages do not link to one; they say in its place how to make it
    (the deploy's `build --offline` links to the zip: tests/site/test_publish_site_files.py)."""
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "REPO_URL", "OFFLINE", "OFFLINE_ZIP"}}
    build = subprocess.run([sys.executable, "-m", "derechos.build"], cwd=project_copy, env=env,
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    check = subprocess.run([sys.executable, "-m", "derechos.check"], cwd=project_copy, env=env,
                           capture_output=True, text=True, timeout=300)
    assert (check.returncode, check.stdout) == (0, ""), check.stdout
    assert "check: 0 finding(s) in site and docs" in check.stderr
    for page in ("about.html", "campaign-kit.html", "en/about.html", "en/campaign-kit.html"):
        html = (project_copy / "site" / page).read_text(encoding="utf-8")
        assert "offline.zip" not in html, page
        assert "<code>python3 scripts/dev.py build --offline</code>" in html, page


def _edit(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return apply


def _write(rel: str, text: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).write_text(text, encoding="utf-8")
    return apply


SITE_DEFECTS = {
    "broken-link": ("en/index.html", _edit("en/index.html", "</article>", '<a href="../nowhere.html">x</a></article>'),
                    "link-target"),
    "broken-asset": ("index.html", lambda root: (root / "assets" / "images" / "favicon.png").unlink(), "link-target"),
    "broken-anchor-other-language": (
        "index.html", _edit("index.html", "</article>", '<a href="en/index.html#no-such-section">x</a></article>'),
        "link-anchor"),
    "duplicate-id": ("en/index.html", _edit("en/index.html", "</article>", '<p id="sources">again</p></article>'),
                     "duplicate-id"),
    "third-party-font": ("index.html", _edit("index.html", "</head>",
                                             '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto"></head>'),
                         "third-party"),
    "http-link": ("en/index.html", _edit("en/index.html", "</article>", '<a href="http://example.com/">x</a></article>'),
                  "insecure-link"),
    "no-description": ("en/index.html", _edit("en/index.html", '<meta name="description"', '<meta name="x"'),
                       "head-description"),
    "no-alternate": ("index.html", _edit("index.html", 'hreflang="en"', 'hreflang="fr"'), "head-alternate"),
    "redirect-to-nothing": ("pegasus.html", _write("pegasus.html",
                                                   '<!doctype html><html lang="es"><head><meta http-equiv="refresh" '
                                                   'content="0; url=no-such-page.html"></head></html>'), "redirect"),
    # the short link's redirect page is gone: reported on its line of data/shortlinks.yml
    "short-link-not-built": ("data/shortlinks.yml", lambda root: (root / "en" / "padron" / "index.html").unlink(),
                             "shortlink"),
}

DOCS_DEFECTS = {
    "yaml-error": ("en/index.md", _edit("en/index.md", "title: ", "title: [", 1), "front-matter"),
    "short-description": ("es/index.md", lambda root: _replace_line(root / "es" / "index.md", "description:",
                                                                    "description: Demasiado corta."), "metadata"),
    "unknown-source": ("en/index.md", _edit("en/index.md", "igf-2016", "igf-2099"), "metadata"),
    "missing-twin": ("es/extra.md", lambda root: shutil.copy(root / "es" / "index.md", root / "es" / "extra.md"),
                     "twin-missing"),
    "anchor-drift": ("en/index.md", _edit("en/index.md", "{ #home }", "{ #start }"), "twin-anchors"),
    "figure-drift": ("en/index.md", lambda root: _append(root / "en" / "index.md", "\nSome 4,321 people.\n"),
                     "twin-figures"),
    "status-drift": ("en/surveillance.md",
                     _edit("en/surveillance.md", "  events: [", "  events: [x, "),
                     "twin-status"),
}


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace_line(path: Path, prefix: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(new if line.startswith(prefix) else line for line in lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SITE_DEFECTS))
def test_a_defect_planted_in_the_site_is_reported(capsys, site, tmp_path, name):
    rel, plant, rule = SITE_DEFECTS[name]
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    plant(copy)
    result = run(capsys, copy, "--docs", DOCS)
    assert result.code == 1
    where = rel if rel.startswith("data/") else f"{copy}/{rel}"
    assert any(line.startswith(where) and f": {rule}: " in line for line in result.lines), result.out


@pytest.mark.parametrize("name", sorted(DOCS_DEFECTS))
def test_a_defect_planted_in_the_docs_is_reported(capsys, site, tmp_path, name):
    rel, plant, rule = DOCS_DEFECTS[name]
    copy = tmp_path / "docs"
    shutil.copytree(DOCS, copy)
    plant(copy)
    result = run(capsys, site, "--docs", copy)
    assert result.code == 1
    assert any(line.startswith(f"{copy}/{rel}:") and f": {rule}: " in line for line in result.lines), result.out
