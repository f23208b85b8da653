"""Project-wide constants: where things are and which languages exist."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
DOCS = ROOT / "docs"

#: Languages in build order. The first is the default, served at the site root;
#: each other one is served below "<code>/".
LANGUAGES: tuple[str, ...] = ("es", "en")
DEFAULT_LANGUAGE = LANGUAGES[0]

#: Where the shared source texts live when the repository sits beside ../shared.
SHARED_SOURCES = ROOT.parent / "shared" / "sources"


def language_root(lang: str) -> str:
    """Path of a language's home below the site root ("" or "en/")."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
