"""Site-level files for sharing: robots.txt, sitemaps, the 404 page, the kit, the offline zip."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from derechos.blocks import OFFLINE_ZIP
from derechos.build import write_robots
from derechos.offline import FOLDER, README, zip_path
from derechos.project import Project, load_project
from derechos.shortlinks import load_links, qr_path

PROJECT = load_project()


def test_robots_lists_each_language_sitemap(site: Path, site_url: str, project: Project, tmp_path: Path) -> None:
    text = (site / "robots.txt").read_text(encoding="utf-8")
    for lang in project.languages:
        sitemap = f"{site_url}{lang.root}sitemap.xml"
        assert f"Sitemap: {sitemap}\n" in text
        xml = (site / lang.root / "sitemap.xml").read_text(encoding="utf-8")
        locs = re.findall(r"<loc>([^<]+)</loc>", xml)
        assert locs and all(loc.startswith(site_url + lang.root) for loc in locs)
        assert f"<loc>{site_url}{lang.root}</loc>" in xml, "the home page is listed at its folder address"
    write_robots(project, tmp_path, "https://example.org/repo/")
    assert (tmp_path / "robots.txt").read_text(encoding="utf-8").splitlines()[-1] == \
        "Sitemap: https://example.org/repo/en/sitemap.xml"


def test_sitemap_lastmod_is_each_pages_reviewed_date(site: Path, site_url: str, project: Project) -> None:
    from derechos.metadata import parse_front_matter

    for lang in project.languages:
        xml = (site / lang.root / "sitemap.xml").read_text(encoding="utf-8")
        entries = dict(re.findall(r"<loc>([^<]+)</loc>\s*(?:<lastmod>([^<]+)</lastmod>)?", xml))
        for md in sorted((project.docs / lang.code).glob("*.md")):
            fm, _ = parse_front_matter(md.read_text(encoding="utf-8"), md.name)
            assert fm is not None
            loc = site_url + lang.root + ("" if md.stem == "index" else f"{md.stem}.html")
            reviewed = fm.meta.get("reviewed")
            assert entries.get(loc) == (reviewed.isoformat() if reviewed else ""), loc


def test_404_speaks_every_language_and_links_every_home(site: Path, site_url: str, project: Project) -> None:
    html = (site / "404.html").read_text(encoding="utf-8")
    assert f'<html lang="{project.default.code}"' in html
    for lang in project.languages:
        strings = project.strings[lang.code]["not_found"]
        assert f'<div lang="{lang.code}">' in html
        assert f'<span lang="{lang.code}">{strings["title"]}</span>' in html
        assert f'<a href="{site_url}{lang.root}">{strings["home"]}</a>' in html
    assert '<span lang="en">Page not found</span>' in html
    assert f'<a href="{site_url}">Ir a la portada en español</a>' in html
    # Served at any depth by GitHub Pages: its assets must not be relative.
    assert re.search(r'<link rel="stylesheet" href="/assets/stylesheets/main\.[0-9a-f]+\.min\.css">', html)


@pytest.mark.parametrize("code", PROJECT.codes)
def test_campaign_kit_lists_every_short_link(site: Path, code: str, site_url: str, project: Project) -> None:
    lang = project.language(code)
    html = (site / lang.root / "campaign-kit.html").read_text(encoding="utf-8")
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    links = [link for link in load_links(project) if link.lang == code]
    assert links
    for link in links:
        assert f"<code>{link.url(site_url)}</code>" in article
    primary = links[0]
    assert f'<img src="{qr_path(primary)}"' in article
    assert f'download="{primary.slug}-qr.svg"' in article
    assert "#InternetEsNuestra" in article
    for share in ("https://twitter.com/intent/tweet?", "https://mastodon.social/share?",
                  "https://www.facebook.com/sharer/sharer.php?", "https://wa.me/?",
                  "https://t.me/share/url?", "mailto:?subject="):
        assert f'href="{share}' in article, f"no {share} link"
    assert "<script" not in article and "<iframe" not in article
    assert f'<a href="{lang.up}{OFFLINE_ZIP}" download>' in article


def test_no_page_loads_anything_from_another_host(site: Path, site_url: str) -> None:
    loads = re.compile(r'<(?:script|img|iframe)[^>]+src="(https?:)?//'
                       r'|<link[^>]+rel="(?:stylesheet|preload|icon)"[^>]+href="(https?:)?//')
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if page.name == "404.html":  # absolute URLs of its own host, by design
            html = html.replace(f'"{site_url}', '"/').replace('"/assets', '"assets')
        assert not loads.search(html), f"{page.relative_to(site)} loads a resource from another host"


def test_offline_zip_holds_every_language_and_works_without_a_server(site: Path, project: Project) -> None:
    with zipfile.ZipFile(zip_path(site)) as archive:
        names = set(archive.namelist())
        for lang in project.languages:
            root = f"{FOLDER}/{lang.root}"
            assert f"{root}index.html" in names
            assert f"{root}search/search_index.js" in names, "offline search index missing"
            assert f"{root}assets/javascripts/iframe-worker.js" in names
        assert not [n for n in names if n.endswith(".map") or "/downloads/" in n or "/cards/" in n]
        index = archive.read(f"{FOLDER}/index.html").decode("utf-8")
        assert '<script src="assets/javascripts/iframe-worker.js">' in index
        for name in names:
            if name.endswith(".html"):  # (Material's bundle names a CDN for mermaid, unused here)
                text = archive.read(name).decode("utf-8", "replace")
                assert "unpkg.com" not in text and "fonts.googleapis" not in text, name
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
        note = archive.read(f"{FOLDER}/{README}").decode("utf-8")
        for lang in project.languages:
            assert f"{lang.code.upper()}: " in note


def test_the_built_palette_is_trimmed_and_still_colours_the_site(site: Path) -> None:
    (palette,) = (site / "assets" / "stylesheets").glob("palette.*.min.css")
    text = palette.read_text(encoding="utf-8")
    assert "data-md-color-primary=green" in text and "data-md-color-accent=teal" in text
    assert "data-md-color-primary=pink" not in text and "data-md-color-accent=red" not in text
    assert "[data-md-color-scheme=slate]{" in text
