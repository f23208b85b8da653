"""The built search index carries the accent-free words (derechos.searchfold)."""

from __future__ import annotations

import json
from pathlib import Path


def test_folded_field_is_declared_and_added(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "folded" in index["config"]["fields"]
    section = next(d for d in index["docs"] if d["location"].startswith("privacy.html")
                   and "biométrico" in d["text"])
    assert "biometrico" in section["folded"].split()
    assert "biometrico" not in section["text"], "the result text must keep its accents"
