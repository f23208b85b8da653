"""The theme's own words, as a Mexican editor writes them.

Material's Spanish translation reads as translated («Saltar a contenido», «Tabla de
contenidos», «Teclee para comenzar búsqueda»); data/strings/es.yml `theme:` replaces it
key by key (overrides/partials/language.html). Checked on the built pages, where a reader
meets them: the skip link, the table of contents, the search box, the back-to-top button.
"""

from __future__ import annotations

from pathlib import Path

import pytest

#: page -> (what must be on it, what must not), per language root.
EXPECTED = {
    "": (["Ir al contenido", "En esta página", "Escriba para buscar", "Sin resultados", "Cargando búsqueda",
          "Volver arriba"],
         ["Saltar a contenido", "Tabla de contenidos", "Teclee para comenzar", "No se encontraron documentos",
          "Inicializando búsqueda"]),
    "en/": (["Skip to content", "On this page", "Type to search", "No results"],
            ["Table of contents", "Type to start searching"]),
}


@pytest.mark.parametrize("root", sorted(EXPECTED))
def test_the_themes_strings_are_the_sites_own(site: Path, root: str) -> None:
    page = (site / root / "surveillance.html").read_text(encoding="utf-8")
    present, absent = EXPECTED[root]
    assert [s for s in present if s not in page] == []
    assert [s for s in absent if s in page] == []


def test_the_printed_build_date_is_in_words(site: Path) -> None:
    page = (site / "surveillance.html").read_text(encoding="utf-8")
    origin = page[page.index('class="print-only print-origin"'):][:300]
    assert "generada el " in origin
    date = origin.split("generada el ", 1)[1].split("<", 1)[0].strip()
    assert " de " in date and not any(c == "-" for c in date), date
