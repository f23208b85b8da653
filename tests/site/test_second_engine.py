"""Zensical, the second engine, builds the same site from the same mkdocs.yml and docs/.

`build --engine zensical` runs the same rules, staged pages and publish step as the MkDocs
build; only the rendering of the Markdown and the theme's templates differ. Compared with
the MkDocs build of the session (tests/conftest.py): the same pages, the same anchors in
each page's content, the same status boxes and timeline, the same feeds, open data and
short links, a Content-Security-Policy on every page, and the checker finds nothing (but
the links to the offline copy, which only MkDocs builds).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from kit import run

from derechos import htmlread
from derechos.build import build_site
from derechos.csp import META_START
from derechos.project import Project

CONTENT = "md-content__inner"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory, site: Path, site_url: str, repo_url: str,
                  project: Project) -> Iterator[Path]:
    saved = {key: os.environ.pop(key, None) for key in ("REPO_URL", "REPO_BRANCH")}
    os.environ["REPO_URL"] = repo_url  # as the session's MkDocs build has it (tests/conftest.py)
    try:
        yield build_site(tmp_path_factory.mktemp("zensical") / "site", site_url, project=project, engine="zensical")
    finally:
        os.environ.pop("REPO_URL", None)
        os.environ.update({k: v for k, v in saved.items() if v is not None})


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "downloads" not in p.parts)


def content(page: Path) -> tuple[list[str], str]:
    """The ids in a page's content (Material's <article>), in order, and its text. The theme's
    own ids (`__skip`, which Zensical's article holds) are not the page's."""
    markup = page.read_text(encoding="utf-8")
    read = htmlread.read(markup, ("article",))
    article = next(t for t in read.elements("article") if CONTENT in t.attrs.get("class", "").split())
    inner = markup[article.end:article.inner_end]
    ids = [t.attrs["id"] for t in htmlread.read(inner).tags if "id" in t.attrs and not t.attrs["id"].startswith("__")]
    return ids, htmlread.text(inner)


def test_the_same_pages_and_short_links(site: Path, zensical_site: Path) -> None:
    assert pages(zensical_site) == pages(site)


@pytest.mark.parametrize("name", ["index.html", "surveillance.html", "timeline.html", "campaign-kit.html",
                                  "en/biometric-registry.html", "en/timeline.html", "en/signatories.html"])
def test_the_same_anchors_status_box_and_text(site: Path, zensical_site: Path, name: str) -> None:
    ids, text = content(site / name)
    zensical_ids, zensical_text = content(zensical_site / name)
    assert zensical_ids == ids
    for marker in ("Situación al", "Situation as of"):
        if marker in text:  # the status box, word for word
            box = text[text.index(marker):][:300]
            assert box in zensical_text


@pytest.mark.parametrize("name", ["feed.xml", "events.json", "en/feed.xml", "sitemap.xml", "en/sitemap.xml",
                                  "pegasus/index.html", "assets/qr/cronologia.svg", "en/assets/qr/figures.svg"])
def test_the_same_published_files(site: Path, zensical_site: Path, name: str) -> None:
    if not (site / name).exists():
        pytest.skip(f"{name} is not in this build")
    assert (zensical_site / name).read_bytes() == (site / name).read_bytes()


def test_every_page_has_its_policy(zensical_site: Path) -> None:
    missing = [rel for rel in pages(zensical_site) if META_START not in (zensical_site / rel).read_text("utf-8")]
    assert missing == []


def test_the_checker_finds_nothing_but_the_missing_offline_copy(capsys: pytest.CaptureFixture[str],
                                                                 zensical_site: Path, root: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rule, head tags included, passes; the offline copy is built with MkDocs only, so
    the links to its zip are the only findings."""
    monkeypatch.chdir(root)
    result = run(capsys, zensical_site, "--docs", root / "docs")
    assert [line for line in result.lines if "derechos-digitales-mx-offline.zip" not in line] == []
