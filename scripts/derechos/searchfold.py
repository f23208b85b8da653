"""Accent folding for Material's search index (used by overrides/hooks/search_fold.py).

See that hook for why: typing "biometrico" must find "biométrico".
"""

from __future__ import annotations

import re
import unicodedata

from mkdocs.exceptions import PluginError

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


def add_folded_field(index: dict) -> dict:
    if FIELD not in index.get("config", {}).get("fields", {}):
        raise PluginError(f"search: the '{FIELD}' field is not declared in the search plugin's "
                          f"'fields' option (mkdocs.yml), so the worker would not index it")
    for doc in index["docs"]:
        words = folded_words(doc.get("title", ""), doc.get("text", ""))
        if words:
            doc[FIELD] = words
    return index
