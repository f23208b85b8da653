"""Preview cards: 1200x630 PNGs, per page and language, drawn offline and cached."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from derechos.cards import HEIGHT, WIDTH, Card, CardError, cached, draw, footer, missing_glyphs
from derechos.project import Project

SPANISH = Card(title="¿Qué pasó con el padrón? Año, niñas, «señales»",
               description="¡Vigilancia, padrón biométrico y censura! Qué documentaron las fuentes.",
               site_name="Derechos digitales en México", footer="ejemplo.org · #InternetEsNuestra")
MAX_BYTES = 100_000


def test_card_is_1200_by_630_and_small() -> None:
    data = draw(SPANISH)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT) == (1200, 630)
    assert len(data) < MAX_BYTES


def test_font_covers_spanish() -> None:
    assert missing_glyphs("áéíóúüñÁÉÍÓÚÜÑ¿¡«»“”‘’—–…·#") == []


def test_a_character_the_font_lacks_is_an_error() -> None:
    with pytest.raises(CardError, match=r"\(Lato\) has no glyph for '漢'$"):
        draw(Card(title="Título 漢", description="x", site_name="s", footer="f"))


def test_cache_reuses_a_drawn_card(tmp_path: Path) -> None:
    first = cached(SPANISH, tmp_path)
    files = list(tmp_path.glob("*.png"))
    assert len(files) == 1 and files[0].read_bytes() == first
    files[0].write_bytes(b"cached")  # a second call must read the file, not draw again
    assert cached(SPANISH, tmp_path) == b"cached"
    other = Card(title="Otro título", description=SPANISH.description,
                 site_name=SPANISH.site_name, footer=SPANISH.footer)
    assert other.key() != SPANISH.key()


def test_footer_names_the_site_without_its_scheme() -> None:
    assert footer("https://example.org/repo/", "#InternetEsNuestra") == "example.org/repo · #InternetEsNuestra"


def test_every_page_has_its_card_in_the_site(site: Path, project: Project) -> None:
    for lang in project.languages:
        for md in sorted((project.docs / lang.code).glob("*.md")):
            card = site / lang.root / "assets" / "cards" / f"{md.stem}.png"
            assert card.is_file(), f"no preview card for docs/{lang.code}/{md.name}"
            with Image.open(card) as image:
                assert image.size == (1200, 630), f"{card}: {image.size}"
            assert card.stat().st_size < MAX_BYTES


def test_cards_differ_per_language(site: Path) -> None:
    es = (site / "assets" / "cards" / "index.png").read_bytes()
    en = (site / "en" / "assets" / "cards" / "index.png").read_bytes()
    assert es != en
