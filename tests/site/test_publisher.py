"""A named publisher and open corrections: from the repository's address, never guessed."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from derechos.build import build_site
from derechos.project import Project


def test_the_footer_names_the_publisher_and_where_to_correct(site: Path, project: Project, repo_url: str) -> None:
    owner = repo_url.rsplit("/", 2)[1]
    for lang in project.languages:
        strings = project.strings[lang.code]["publisher"]
        for page in ("index.html", "surveillance.html", "404.html"):
            html = (site / lang.root / page).read_text(encoding="utf-8")
            footer = html[html.index('<div class="md-copyright">'):]
            assert f'{strings["by"]}: <a href="https://github.com/{owner}">{owner}</a>' in footer, page
            assert f'<a href="{repo_url}/issues">{strings["open_issue"]}</a>' in footer, page


def test_each_page_links_its_own_markdown(site: Path, project: Project, repo_url: str) -> None:
    for lang in project.languages:
        for md in sorted((project.docs / lang.code).glob("*.md")):
            html = (site / lang.root / md.with_suffix(".html").name).read_text(encoding="utf-8")
            assert f'href="{repo_url}/raw/main/docs/{lang.code}/{md.name}"' in html, f"{lang.root}{md.name}"
            # "edit this page": GitHub's editor, which offers to open a pull request
            assert f'<a href="{repo_url}/edit/main/docs/{lang.code}/{md.name}" title="' in html, md.name
            assert 'class="md-content__button md-icon" rel="edit"' in html, md.name
            assert "api.github.com" not in html and 'data-md-component="source"' not in html


def test_the_about_page_says_who_publishes_and_how_to_suggest_a_correction(site: Path, project: Project,
                                                                           repo_url: str) -> None:
    for lang in project.languages:
        html = (site / lang.root / "about.html").read_text(encoding="utf-8")
        corrections = html[html.index('id="corrections"'):]
        assert f'href="{repo_url}/issues"' in corrections
        assert f'href="{repo_url}"' in corrections


@pytest.mark.parametrize("value", [None, "https://gitlab.com/x/y"])
def test_without_a_repository_address_the_build_says_where_the_links_come_from(
        tmp_path: Path, project: Project, value: str | None) -> None:
    saved = os.environ.pop("REPO_URL", None)
    if value:
        os.environ["REPO_URL"] = value
    try:
        if value:
            from derechos.build import BuildError

            with pytest.raises(BuildError, match=r"REPO_URL 'https://gitlab\.com/x/y' must be https://github\.com/OWNER/REPO"):
                build_site(tmp_path / "site", "https://example.org/", project=project)
            return
        site = build_site(tmp_path / "site", "https://example.org/", project=project)
    finally:
        os.environ.pop("REPO_URL", None)
        if saved is not None:
            os.environ["REPO_URL"] = saved
    for lang in project.languages:
        html = (site / lang.root / "about.html").read_text(encoding="utf-8")
        unset = " ".join(str(project.strings[lang.code]["publisher"]["unset"]).split())
        assert unset.split(" (")[0] in re.sub(r"\s+", " ", html)
        assert "github.com/" not in html.split('<div class="md-copyright">')[1]
        assert "/raw/main/docs/" not in html
