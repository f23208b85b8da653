"""Short links: one data file, validated with file:line errors, built as no-JS redirects."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from derechos import shortlinks
from derechos.project import LANGUAGES, ROOT, language_root

DATA = ROOT / "tests" / "data" / "publish_shortlinks"
DOCS = DATA / "docs"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "shortlinks.py"), *args],
                          cwd=ROOT, capture_output=True, text=True)


def test_good_file_gives_every_slug_in_every_language() -> None:
    links = shortlinks.load(DATA / "good.yml", DOCS)
    assert [(l.lang, l.slug, l.target_html) for l in links] == [
        ("es", "pegasus", "surveillance.html"),
        ("es", "vigilancia", "surveillance.html"),
        ("en", "pegasus", "surveillance.html"),
        ("en", "surveillance", "surveillance.html"),
        ("es", "padron", "biometric-registry.html#what-happened-next"),
        ("en", "registry", "biometric-registry.html#what-happened-next"),
    ]
    en = next(l for l in links if l.lang == "en" and l.slug == "pegasus")
    assert en.path == "en/pegasus/"
    assert en.url("https://example.org/repo/") == "https://example.org/repo/en/pegasus/"
    assert en.target_url("https://example.org/repo/") == "https://example.org/repo/en/surveillance.html"


@pytest.mark.parametrize(("name", "message"), [
    ("bad-slug.yml", "bad-slug.yml:2: es slug 'Pegasus' must be lowercase letters"),
    ("bad-duplicate.yml", "bad-duplicate.yml:5: es slug 'pegasus' is already used on line 2"),
    ("bad-target.yml", "bad-target.yml:4: target figures.md does not exist: no docs/es/figures.md"),
    ("bad-reserved.yml", "bad-reserved.yml:2: es slug 'en' is reserved"),
    ("bad-missing-language.yml", "bad-missing-language.yml:1: no en slugs for surveillance.md"),
])
def test_bad_files_fail_with_file_and_line(name: str, message: str) -> None:
    with pytest.raises(shortlinks.ShortLinkError) as error:
        shortlinks.load(DATA / name, DOCS)
    assert message in str(error.value)
    result = run_cli("--data", str(DATA / name), "--docs", str(DOCS))
    assert result.returncode == 1
    assert message in result.stderr


def test_cli_accepts_the_good_file_and_rejects_a_non_site() -> None:
    result = run_cli("--data", str(DATA / "good.yml"), "--docs", str(DOCS))
    assert result.returncode == 0, result.stderr
    assert "6 short links OK" in result.stdout
    result = run_cli("--site", str(DATA))
    assert result.returncode == 2
    assert "is not a built site" in result.stderr


def test_every_short_link_of_the_site_is_built_and_its_target_exists(site: Path) -> None:
    links = shortlinks.load()
    assert {l.lang for l in links} == set(LANGUAGES)
    assert shortlinks.site_findings(site, links) == []
    result = run_cli("--site", str(site))
    assert result.returncode == 0, result.stderr


def test_a_missing_target_is_reported(site: Path, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    shutil.copytree(site, broken, ignore=shutil.ignore_patterns("downloads"))
    link = shortlinks.load()[0]
    (broken / language_root(link.lang) / Path(link.page).with_suffix(".html")).unlink()
    findings = shortlinks.site_findings(broken, [link])
    assert [f.text() for f in findings] == [
        f"data/shortlinks.yml:{link.line}: shortlink: /{link.path} leads to {link.target_html}, "
        "which does not exist"
    ]


def test_redirect_pages_work_without_javascript(site: Path, site_url: str) -> None:
    for link in shortlinks.load():
        html = (site / link.path / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{link.lang}">' in html
        assert f'<meta http-equiv="refresh" content="0; url=../{link.target_html}">' in html
        assert f'<a href="../{link.target_html}">' in html
        assert re.search(r"<title>[^<]+</title>", html)
        canonical = link.target_url(site_url)
        assert f'<link rel="canonical" href="{canonical}">' in html
        # The short address unfurls like its target: same preview tags.
        assert '<meta property="og:image" content="' in html
        assert f'<meta property="og:url" content="{canonical}">' in html
        assert "<script" not in html
        assert not re.search(r"<[^>]+\son[a-z]+=", html), "inline event handler"


def test_each_short_link_has_a_qr_code_of_its_url(site: Path, site_url: str) -> None:
    for link in shortlinks.load():
        svg = (site / language_root(link.lang) / shortlinks.qr_path(link)).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and link.url(site_url) in svg


def test_qr_encodes_the_url() -> None:
    import segno

    url = "https://example.org/repo/pegasus/"
    assert shortlinks.qr_svg(url, "t") == shortlinks.qr_svg(url, "t")
    assert segno.make(url, error="m").designator.endswith("-M")
    assert shortlinks.qr_size(url) == segno.make(url, error="m").symbol_size(scale=4, border=4)[0]
