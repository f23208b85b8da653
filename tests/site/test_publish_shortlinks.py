"""Short links in the built site: no-JS redirects that unfurl like their target, and QR codes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from derechos.project import Project
from derechos.shortlinks import findings, load_links, qr_path


def test_every_short_link_of_the_site_is_built_and_its_target_exists(site: Path, project: Project) -> None:
    links = load_links(project)
    assert {link.lang for link in links} == set(project.codes)
    assert findings(links, site) == []


def test_a_missing_target_is_reported(site: Path, project: Project, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    shutil.copytree(site, broken, ignore=shutil.ignore_patterns("downloads"))
    link = load_links(project)[0]
    (broken / link.root / Path(link.page).with_suffix(".html")).unlink()
    assert [f.text() for f in findings([link], broken)] == [
        f"data/shortlinks.yml:{link.line}: shortlink: /{link.path} leads to {link.target_html}, which does not exist"
    ]


def test_a_redirect_that_leads_elsewhere_is_reported(site: Path, project: Project, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    shutil.copytree(site, broken, ignore=shutil.ignore_patterns("downloads"))
    link = load_links(project)[0]
    page = broken / link.path / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(f"url=../{link.target_html}", "url=../x.html"),
                    encoding="utf-8")
    assert [f.text() for f in findings([link], broken)] == [
        f"data/shortlinks.yml:{link.line}: shortlink: /{link.path} redirects to ../x.html, "
        f"expected ../{link.target_html}"
    ]


def test_redirect_pages_work_without_javascript(site: Path, site_url: str, project: Project) -> None:
    for link in load_links(project):
        html = (site / link.path / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{link.lang}">' in html
        assert f'<meta http-equiv="refresh" content="0; url=../{link.target_html}">' in html
        assert f'<a href="../{link.target_html}">' in html
        assert re.search(r"<title>[^<]+</title>", html)
        canonical = link.target_url(site_url).split("#")[0]
        assert f'<link rel="canonical" href="{canonical}">' in html
        # The short address unfurls like its target: same preview tags.
        assert '<meta property="og:image" content="' in html
        assert f'<meta property="og:url" content="{canonical}">' in html
        assert '<meta name="referrer" content="no-referrer">' in html
        assert "<script" not in html
        assert not re.search(r"<[^>]+\son[a-z]+=", html), "inline event handler"


def test_each_short_link_has_a_qr_code_of_its_url(site: Path, site_url: str, project: Project) -> None:
    for link in load_links(project):
        svg = (site / link.root / qr_path(link)).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and link.url(site_url) in svg
