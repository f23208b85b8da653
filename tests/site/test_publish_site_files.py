"""Site-level files for sharing: robots.txt, sitemaps, the 404 page, the kit, the offline zip."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from derechos import shortlinks
from derechos.offline import FOLDER, ZIP_PATH
from derechos.project import LANGUAGES, language_root
from derechos.robots import robots_txt


def test_robots_lists_each_language_sitemap(site: Path, site_url: str) -> None:
    text = (site / "robots.txt").read_text(encoding="utf-8")
    assert text == robots_txt(site_url)
    for lang in LANGUAGES:
        sitemap = f"{site_url}{language_root(lang)}sitemap.xml"
        assert f"Sitemap: {sitemap}\n" in text
        xml = (site / language_root(lang) / "sitemap.xml").read_text(encoding="utf-8")
        locs = re.findall(r"<loc>([^<]+)</loc>", xml)
        assert locs and all(loc.startswith(site_url + language_root(lang)) for loc in locs)
    assert robots_txt("https://example.org/repo").splitlines()[-1] == "Sitemap: https://example.org/repo/en/sitemap.xml"


def test_404_speaks_both_languages_and_links_both_homes(site: Path, site_url: str) -> None:
    html = (site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in html
    assert '<div lang="es">' in html and '<div lang="en">' in html
    assert '<span lang="en">Page not found</span>' in html
    assert f'<a href="{site_url}">Ir a la portada en español</a>' in html
    assert f'<a href="{site_url}en/">Go to the English home page</a>' in html
    # Served at any depth by GitHub Pages: its assets must not be relative.
    assert re.search(r'<link rel="stylesheet" href="/assets/stylesheets/main\.[0-9a-f]+\.min\.css">', html)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_campaign_kit_lists_every_short_link(site: Path, lang: str, site_url: str) -> None:
    html = (site / language_root(lang) / "campaign-kit.html").read_text(encoding="utf-8")
    article = html.split('<article', 1)[1].split("</article>", 1)[0]
    links = shortlinks.for_language(shortlinks.load(), lang)
    assert links
    for link in links:
        url = link.url(site_url)
        assert f"<code>{url}</code>" in article
    primary = links[0]
    assert f'<img src="{shortlinks.qr_path(primary)}"' in article
    assert f'download="{primary.slug}-qr.svg"' in article
    assert "#InternetEsNuestra" in article
    for share in ("https://twitter.com/intent/tweet?", "https://mastodon.social/share?",
                  "https://www.facebook.com/sharer/sharer.php?", "https://wa.me/?",
                  "https://t.me/share/url?", "mailto:?subject="):
        assert f'href="{share}' in article, f"no {share} link"
    assert "<script" not in article and "<iframe" not in article
    up = "../" if language_root(lang) else ""
    assert f'<a href="{up}{ZIP_PATH}" download>' in article


def test_no_page_loads_anything_from_another_host(site: Path, site_url: str) -> None:
    loads = re.compile(r'<(?:script|img|iframe)[^>]+src="(https?:)?//|<link[^>]+rel="(?:stylesheet|preload|icon)"[^>]+href="(https?:)?//')
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if page.name == "404.html":  # absolute URLs of its own host, by design
            html = html.replace(f'"{site_url}', '"/').replace('"/assets', '"assets')
        assert not loads.search(html), f"{page.relative_to(site)} loads a resource from another host"


def test_offline_zip_holds_both_languages_and_works_without_a_server(site: Path) -> None:
    zip_path = site / ZIP_PATH
    assert zip_path.is_file()
    with zipfile.ZipFile(zip_path) as archive:
        names = set(archive.namelist())
        for lang in LANGUAGES:
            root = f"{FOLDER}/{language_root(lang)}"
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
