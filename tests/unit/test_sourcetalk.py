"""The source-talk measure (derechos.sourcetalk) counts what it says it counts."""

from __future__ import annotations

from pathlib import Path

from derechos.sourcetalk import LIMIT, measure_page

PAGE = """---
title: Vigilancia
description: Una página de prueba para la medida de cuánto habla una página de sus fuentes.
sources: []
reviewed: 2026-12-01
situation: {{events: [x], text: y}}
---

# Vigilancia {{ #surveillance }}

En 2017 se supo que el gobierno usaba Pegasus. Según Access Now, el caso seguía abierto en 2021.
{talk}

- Un juez absolvió al único acusado en 2024.
- Un tribunal confirmó la absolución en 2025.

<!-- md:later -->

## Notas sobre las fuentes {{ #source-notes }}

La edición en español se corta antes. La versión en inglés da la cifra. La copia de IFEX es parcial.
"""


def page(tmp_path: Path, talk: str) -> Path:
    path = tmp_path / "surveillance.md"
    path.write_text(PAGE.format(talk=talk), encoding="utf-8")
    return path


def test_attribution_is_not_source_talk_and_the_notes_section_is_left_out(tmp_path: Path) -> None:
    result = measure_page(page(tmp_path, ""), "es", "docs/es/surveillance.md")
    assert result is not None
    assert (result.sentences, result.about_sources) == (4, ())


def test_a_sentence_about_an_edition_counts(tmp_path: Path) -> None:
    result = measure_page(page(tmp_path, "La versión en inglés de ese pasaje es más cauta."), "es", "p")
    assert result is not None
    assert result.sentences == 5
    assert result.about_sources == ("La versión en inglés de ese pasaje es más cauta.",)
    assert result.share == 0.2 > LIMIT


def test_a_page_without_a_status_box_is_not_a_topic_page(tmp_path: Path) -> None:
    path = page(tmp_path, "")
    path.write_text(path.read_text(encoding="utf-8").replace("situation: {events: [x], text: y}\n", ""),
                    encoding="utf-8")
    assert measure_page(path, "es", "p") is None
