"""Typing without accents finds accented words ("biometrico" finds "biométrico").

Material's search (lunr) matches the exact characters and has no option to fold
diacritics: its pipeline setting only chooses among stemmer, stop-word filter and
trimmer. But the search plugin's `fields` option can add a field to the index, and the
worker indexes every configured field. So after the search plugin has written
search/search_index.json, the publish step (derechos.publish) adds to every entry a `folded`
field: the entry's words that contain a diacritic, written without it (NFD, combining
marks removed: á→a, é→e, ñ→n, ü→u). The field is declared in mkdocs.yml.

Result titles and text are untouched, so results read correctly; a match found only
through the folded field is listed but not highlighted.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from derechos.yamlfile import DataError

FIELD = "folded"
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """The text without diacritics (combining marks after canonical decomposition)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def folded_words(*texts: str) -> str:
    """The words of the texts that change when folded, folded, once each, lower case."""
    words: dict[str, None] = {}
    for text in texts:
        for word in WORD.findall(TAG.sub(" ", text)):
            plain = fold(word)
            if plain != word:
                words.setdefault(plain.lower(), None)
    return " ".join(words)


def add_folded_field(index: dict[str, Any]) -> dict[str, Any]:
    if FIELD not in index.get("config", {}).get("fields", {}):
        raise DataError(f"mkdocs.yml:1: search: the '{FIELD}' field is not declared in the search plugin's "
                          f"'fields' option (mkdocs.yml), so the worker would not index it")
    for doc in index["docs"]:
        words = folded_words(doc.get("title", ""), doc.get("text", ""))
        if words:
            doc[FIELD] = words
    return index


def fold_index(path: Path) -> None:
    """Add the folded field to a written search index (nothing to do if there is none)."""
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(add_folded_field(index), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
