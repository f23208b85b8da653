"""What a Mexican reader, a journalist and a campaigner would check on the pages themselves.

Each rule here was broken once: a figure shown as the statement's when only the English
re-post has it, an institution named as if it still existed, a "no conviction" without
its date, tú and usted on one page, a glossary in English order.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import pytest

from derechos.metadata import load_sources
from derechos.project import Project, load_project

PROJECT = load_project()
BLOCK = re.compile(r"<(p|li|dd|td)\b[^>]*>(.*?)</\1>", re.S)


def blocks(site: Path, root: str) -> list[tuple[str, str]]:
    """(page, text of each paragraph, list item or cell) of a language's built pages."""
    out = []
    for page in sorted((site / root).glob("*.html")):
        text = page.read_text(encoding="utf-8")
        if "<article" not in text:
            continue
        article = text[text.index("<article"): text.index("</article>")]
        out += [(page.name, " ".join(html.unescape(re.sub(r"<[^>]+>", " ", m.group(2))).split()))
                for m in BLOCK.finditer(article)]
    return out


#: code -> (pattern of the figure, words that must be in the same paragraph)
NINETY_NINE = {"es": (r"\b99 periodistas\b", ("versión en inglés", "republicación en inglés")),
               "en": (r"\b99 journalists\b", ("English version", "English re-post"))}


@pytest.mark.parametrize("code", PROJECT.codes)
def test_the_99_journalists_are_always_the_english_versions_figure(site: Path, code: str) -> None:
    pattern, words = NINETY_NINE[code]
    lang = PROJECT.language(code)
    found = [(page, text) for page, text in blocks(site, lang.root) if re.search(pattern, text)]
    assert found, "the figure is on the site (figures page): the test would prove nothing"
    bad = [f"{page}: {text[:120]}" for page, text in found if not any(w in text for w in words)]
    assert bad == []


#: Tú forms that have no other reading (the site writes usted).
TU = re.compile(r"\b(puedes|tienes|quieres|necesitas|tu navegador|tu cuenta|tu servidor|tu dispositivo|tus datos|"
                r"descárgalo|ábrelo|compártelo|publícalo|descomprímelo|cítalo|consúltala)\b", re.I)


def test_the_spanish_site_says_usted_everywhere(project: Project) -> None:
    texts = {f"docs/es/{p.name}": p.read_text(encoding="utf-8") for p in sorted((project.docs / "es").glob("*.md"))}
    texts["data/strings/es.yml"] = (project.data / "strings" / "es.yml").read_text(encoding="utf-8")
    texts["data/events.yml"] = "\n".join(line for line in (project.data / "events.yml").read_text(encoding="utf-8")
                                         .splitlines() if not line.strip().startswith("en:"))
    found = [f"{name}: {m.group(0)!r}" for name, text in texts.items() for m in TU.finditer(text)]
    assert found == []


def spanish_key(word: str) -> tuple[str, ...]:
    """Spanish alphabetical order: accents do not count, ñ comes after n."""
    out = []
    for char in word.lower():
        if char == "ñ":
            out.append("n~")
        else:
            out.append("".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)))
    return tuple(out)


def test_the_spanish_glossary_is_in_spanish_alphabetical_order(project: Project) -> None:
    terms = re.findall(r"^## (.+?) \{ #", (project.docs / "es" / "glossary.md").read_text(encoding="utf-8"), re.M)
    assert len(terms) > 10
    assert terms == sorted(terms, key=spanish_key)


@pytest.mark.parametrize(("code", "words"), [("es", ("más de 130,000",)), ("en", ("more than 130,000",))])
def test_the_geolocation_figure_keeps_more_than(site: Path, code: str, words: tuple[str, ...]) -> None:
    lang = PROJECT.language(code)
    found = [(page, text) for page, text in blocks(site, lang.root) if "130,000" in text]
    assert found

    def plain(text: str) -> str:
        return re.sub(r"[\"“”«»'*]", "", text).lower()

    assert [f"{p}: {t[:100]}" for p, t in found if not any(w in plain(t) for w in words)] == []


def test_access_nows_article_is_never_called_cc_by(project: Project) -> None:
    sources = load_sources(project.data / "sources.yml", project.codes, project.root)
    assert sources["accessnow-2021"].licence is None or "CC BY" not in sources["accessnow-2021"].licence
    for lang in project.languages:
        copyright_ = " ".join(str(project.strings[lang.code]["copyright"]).split())
        assert "Access Now (2021, CC BY" not in copyright_ and "CC BY" in copyright_.split("Access Now")[0]


#: An institution the 2024 reform abolished: a page that names it also says so.
ABOLISHED = {"es": ("extin", "desapareci"), "en": ("abolish",)}


@pytest.mark.parametrize("code", PROJECT.codes)
def test_the_ift_and_inai_are_never_shown_as_if_they_still_existed(project: Project, code: str) -> None:
    for page in sorted((project.docs / code).glob("*.md")):
        text = page.read_text(encoding="utf-8")
        if re.search(r"\b(IFT|INAI)\b", text):
            assert any(w in text for w in ABOLISHED[code]) or "glossary.md#ift" in text or "#inai" in text, \
                f"docs/{code}/{page.name} names the IFT or the INAI without saying they were abolished"


NO_CONVICTION = {"es": re.compile(r"ninguna condena"), "en": re.compile(r"no conviction")}


@pytest.mark.parametrize("code", PROJECT.codes)
def test_every_no_conviction_found_has_its_as_of_date(site: Path, code: str) -> None:
    lang = PROJECT.language(code)
    found = [(p, t) for p, t in blocks(site, lang.root) if NO_CONVICTION[code].search(t)]
    assert found
    assert [f"{p}: {t[:100]}" for p, t in found if not re.search(r"20(2[5-9])", t)] == []


def test_navigation_puts_the_content_first_and_the_site_pages_apart(site: Path, project: Project) -> None:
    for lang in project.languages:
        html_ = (site / lang.root / "index.html").read_text(encoding="utf-8")
        nav = html_[html_.index('class="md-nav md-nav--primary"'):]
        labels = re.findall(r'<a href="([a-z0-9-]+\.html|\./|index\.html)" class="md-nav__link', nav)
        pages = [label.replace("./", "index.html") for label in labels]
        about = project.strings[lang.code]["nav"]["about_site"]
        assert about in nav
        site_pages = ["about.html", "campaign-kit.html", "accessibility.html", "privacy.html"]
        assert pages[-4:] == site_pages, pages
        assert pages.index("surveillance.html") < pages.index("igf-2016.html") < pages.index("sources.html")
