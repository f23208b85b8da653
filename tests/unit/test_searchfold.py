"""Accent folding for search (derechos.searchfold): which words are folded, and that the
field must be declared for the worker to index it. In the browser: tests/browser/test_browser_search.py."""

from __future__ import annotations

import pytest

from derechos.searchfold import add_folded_field, fold, folded_words
from derechos.yamlfile import DataError


def test_fold_removes_diacritics_only() -> None:
    assert fold("biométrico señales pingüino ÁÉÍÓÚ") == "biometrico senales pinguino AEIOU"
    assert fold("surveillance 2021") == "surveillance 2021"


def test_folded_words_lists_only_words_that_change() -> None:
    assert folded_words("<p>Registro biométrico y <em>vigilancia</em> en México</p>", "México") \
        == "biometrico mexico"


def test_an_undeclared_field_fails_the_build() -> None:
    # A data error (file and line, reported by the build without a traceback), no longer
    # MkDocs' PluginError: the package reports every configuration problem the same way.
    with pytest.raises(DataError, match="'folded' field is not declared"):
        add_folded_field({"config": {"fields": {"title": {}, "text": {}}}, "docs": []})
