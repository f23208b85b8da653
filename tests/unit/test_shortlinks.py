"""Short links: one data file, checked with file:line errors (every problem at once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from derechos.project import Project
from derechos.shortlinks import QR, load_links
from derechos.yamlfile import DataError

POST = "  post:\n    es: Lea qué pasó en 2021.\n    en: Read what happened in 2021.\n"
GOOD = """\
# The intended campaign links.
- target: surveillance.md
  es: [pegasus, vigilancia]
  en: [pegasus, surveillance]
""" + POST + """\
- target: biometric-registry.md#what-happened-next
  es: [padron]
  en: [registry]
""" + POST


def links_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "shortlinks.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_gives_every_slug_in_every_language(project: Project, tmp_path: Path) -> None:
    links = load_links(project, links_file(tmp_path, GOOD))
    assert [(link.lang, link.slug, link.target_html) for link in links] == [
        ("es", "pegasus", "surveillance.html"),
        ("es", "vigilancia", "surveillance.html"),
        ("en", "pegasus", "surveillance.html"),
        ("en", "surveillance", "surveillance.html"),
        ("es", "padron", "biometric-registry.html#what-happened-next"),
        ("en", "registry", "biometric-registry.html#what-happened-next"),
    ]
    en = next(link for link in links if link.lang == "en" and link.slug == "pegasus")
    assert en.path == "en/pegasus/"
    assert en.url("https://example.org/repo/") == "https://example.org/repo/en/pegasus/"
    assert en.target_url("https://example.org/repo/") == "https://example.org/repo/en/surveillance.html"


@pytest.mark.parametrize(("text", "message"), [
    ("- target: surveillance.md\n  es: [Pegasus]\n  en: [pegasus]\n" + POST,
     ":2: es slug 'Pegasus' must be lowercase letters"),
    ("- target: surveillance.md\n  es: [pegasus]\n  en: [pegasus]\n" + POST
     + "- target: figures.md\n  es: [pegasus]\n  en: [cifras]\n" + POST,
     ":8: es slug 'pegasus' is already used on line 2"),
    ("- target: surveillance.md\n  es: [pegasus]\n  en: [pegasus]\n" + POST
     + "- target: no-such-page.md\n  es: [otra]\n  en: [other]\n" + POST,
     ":7: target no-such-page.md does not exist: no docs/es/no-such-page.md"),
    ("- target: surveillance.md\n  es: [en]\n  en: [pegasus]\n" + POST, ":2: es slug 'en' is reserved"),
    ("- target: surveillance.md\n  es: [pegasus]\n  en: [pegasus]\n", ":1: 'post' must have a text for each language"),
    ("- target: surveillance.md\n  es: [pegasus]\n  en: [pegasus]\n"
     "  post:\n    es: Lea qué pasó.\n    en: Read it, 2021.\n",
     ":4: post (es) gives no year"),
    ("- target: surveillance.md\n  es: [pegasus]\n  en: [pegasus]\n"
     "  post:\n    es: Lea la edición en español de 2021.\n"
     "    en: Read it, 2021.\n", ":4: post (es) carries an edition note ('edición')"),
    ("- target: surveillance.md\n  es: [pegasus]\n  en: [pegasus]\n  post:\n    es: Lea qué pasó en 2021.\n"
     "    en: Read what Access Now said (July 2021).\n", ":4: post (en) carries an edition note ('(July 2021)')"),
    ("- target: surveillance.md\n  es: [pegasus]\n  en: [pegasus]\n  post:\n    es: " + "Lea esto de 2021. " * 12 + "\n"
     "    en: Read it, 2021.\n", ":4: post (es) is 215 characters: at most 200 fit before the link"),
    ("- target: surveillance.md\n  es: [pegasus]\n", ":1: no en slugs for surveillance.md"),
    ("- target: surveillance.md\n  es: [pegasus]\n  en: [pegasus]\n  fr: [pegase]\n", ":1: unknown key(s) fr"),
    ("- target: Surveillance\n  es: [pegasus]\n  en: [pegasus]\n", ":1: 'target' must be a page file name"),
    ("target: surveillance.md\n", ":1: the short links must be a list"),
])
def test_bad_files_fail_with_file_and_line(project: Project, tmp_path: Path, text: str, message: str) -> None:
    path = links_file(tmp_path, text)
    with pytest.raises(DataError) as error:
        load_links(project, path)
    assert f"{project.shown(path)}{message}" in str(error.value)


def test_every_problem_is_reported_at_once(project: Project, tmp_path: Path) -> None:
    path = links_file(tmp_path, "- target: surveillance.md\n  es: [Pegasus, en]\n  en: [ok]\n" + POST)
    with pytest.raises(DataError) as error:
        load_links(project, path)
    assert len(error.value.messages) == 2


def test_qr_encodes_the_url() -> None:
    import segno

    url = "https://example.org/repo/pegasus/"
    qr = QR(url, "t")
    assert qr.svg == QR(url, "t").svg and qr.svg.startswith("<svg")
    assert segno.make(url, error="m").designator.endswith("-M")
    assert qr.size == segno.make(url, error="m").symbol_size(scale=4, border=4)[0]
