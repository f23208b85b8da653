"""The reference pages say the same thing in both languages, and their data is sound.

- every signatory in data/organisations.yml is on the signatories page of both builds,
  with its anchor, linked only when it has a website;
- every figure on figures.md has its anchor in both languages and the same digits;
- the timeline has the same entry anchors in both languages, in the same order, sorted
  by date, and each entry carries the same digits in both;
- a malformed data/organisations.yml, or an unknown data marker, fails with file and line.
"""

from __future__ import annotations

import html
import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.exceptions import PluginError

from derechos.project import LANGUAGES, ROOT, language_root

FIXTURES = ROOT / "tests" / "data" / "content"

#: Anchors other pages and campaigns link to (agreed with the trend pages' author).
REQUIRED_FIGURES = (
    "pegasus-15000", "geolocation-130000", "court-orders-130", "investigation-4-years",
    "sim-registration-12-countries", "platforms-1-million-users", "georgia-13-csos",
    "journalists-99", "interceptions-99-percent", "femicides-7-a-day", "igf-12-signatories",
    "r3d-41107-requests", "r3d-448-judicial-orders", "scjn-9-2-vote", "curp-345-129",
)

#: A timeline entry anchor starts with its date: YYYY, YYYY-MM or YYYY-MM-DD.
ENTRY = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2}))?(?:-(?P<d>\d{2}))?-[a-z]")
HEADING = re.compile(r'<h(?P<level>[1-6])[^>]*\sid="(?P<id>[^"]+)"')
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def load_hook() -> ModuleType:
    path = ROOT / "overrides" / "hooks" / "data_blocks.py"
    spec = importlib.util.spec_from_file_location("data_blocks_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


data_blocks = load_hook()


def article(site: Path, lang: str, page: str) -> str:
    """The page's main content (Material's <article>), without navigation or footer."""
    text = (site / language_root(lang) / page).read_text(encoding="utf-8")
    start, end = text.index("<article"), text.index("</article>")
    return text[start:end]


def sections(body: str, levels: str = "23") -> dict[str, tuple[int, str]]:
    """Heading id -> (level, HTML up to the next heading of one of `levels`), in order."""
    marks = [m for m in HEADING.finditer(body) if m.group("level") in levels]
    out: dict[str, tuple[int, str]] = {}
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(body)
        out[mark.group("id")] = (int(mark.group("level")), body[mark.start():end])
    return out


def visible_numbers(fragment: str) -> Counter[str]:
    """Numbers in the text a reader sees (tags and attributes such as ids or hrefs removed)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return Counter(NUMBER.findall(text))


def date_key(anchor: str) -> tuple[int, int, int]:
    """A partial date sorts at the end of its period ("2024-01" after "2024-01-31")."""
    match = ENTRY.match(anchor)
    assert match, anchor
    return (int(match["y"]), int(match["m"] or 13), int(match["d"] or 32))


# --- Signatories ----------------------------------------------------------------------

def test_the_data_file_lists_the_twelve_signatories_in_the_statement_order() -> None:
    names = [org.name for org in data_blocks.load_organisations()]
    statement = (ROOT.parent / "shared" / "sources" / "igf-2016-statement.txt")
    if statement.is_file():  # beside the repository on the project's machines
        lines = [line.strip() for line in statement.read_text(encoding="utf-8").splitlines()]
        start = lines.index(names[0])
        assert lines[start:start + len(names)] == names
    assert len(names) == 12


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_signatory_is_on_the_page_with_its_anchor_and_only_real_links(site: Path, lang: str) -> None:
    found = sections(article(site, lang, "signatories.html"), levels="2")
    for org in data_blocks.load_organisations():
        assert org.id in found, f"{lang}/signatories.html: no section #{org.id} for {org.name!r}"
        level, fragment = found[org.id]
        heading = html.unescape(re.sub(r"<[^>]+>", "", fragment.split("</h2>")[0]))
        assert org.name in heading, f"{lang}: #{org.id} heading is {heading!r}, expected {org.name!r}"
        links = re.findall(r'href="(https?://[^"]+)"', fragment)
        if org.website:
            assert links and links[0] == org.website, f"{lang}: #{org.id} should link {org.website}, has {links}"
        else:
            assert links == [], f"{lang}: #{org.id} has no confirmed website but links {links}"


# --- Figures --------------------------------------------------------------------------

def test_every_figure_has_its_anchor_and_the_same_digits_in_both_languages(site: Path) -> None:
    figures = {lang: {k: v for k, v in sections(article(site, lang, "figures.html")).items() if v[0] == 3}
               for lang in LANGUAGES}
    first, *others = LANGUAGES
    for anchor in REQUIRED_FIGURES:
        for lang in LANGUAGES:
            assert anchor in figures[lang], f"{lang}/figures.html: no figure #{anchor}"
    for lang in others:
        assert list(figures[lang]) == list(figures[first]), \
            f"figures differ: {first} has {list(figures[first])}, {lang} has {list(figures[lang])}"
        for anchor, (_, fragment) in figures[first].items():
            ours, theirs = visible_numbers(fragment), visible_numbers(figures[lang][anchor][1])
            assert ours == theirs, f"#{anchor}: {first} numbers {dict(ours)} != {lang} numbers {dict(theirs)}"


# --- Timeline -------------------------------------------------------------------------

def timeline_entries(site: Path, lang: str) -> dict[str, str]:
    found = sections(article(site, lang, "timeline.html"))
    return {anchor: fragment for anchor, (level, fragment) in found.items() if level == 3}


def test_timeline_entries_match_across_languages_and_are_sorted_by_date(site: Path) -> None:
    entries = {lang: timeline_entries(site, lang) for lang in LANGUAGES}
    first, *others = LANGUAGES
    anchors = list(entries[first])
    assert len(anchors) >= 20, f"the timeline has only {len(anchors)} entries"
    bad = [a for a in anchors if not ENTRY.match(a)]
    assert bad == [], f"timeline entry anchors must start with their date: {bad}"
    assert anchors == sorted(anchors, key=date_key), f"timeline is not in date order: {anchors}"
    for lang in others:
        assert list(entries[lang]) == anchors, f"{lang} timeline entries differ from {first}"
        for anchor in anchors:
            ours, theirs = visible_numbers(entries[first][anchor]), visible_numbers(entries[lang][anchor])
            assert ours == theirs, f"#{anchor}: {first} numbers {dict(ours)} != {lang} numbers {dict(theirs)}"


def test_date_key_sorts_partial_dates_at_the_end_of_their_period() -> None:
    assert sorted(["2024-01-x", "2024-01-31-y", "2023-x", "2024-02-01-z"], key=date_key) == \
        ["2023-x", "2024-01-31-y", "2024-01-x", "2024-02-01-z"]


# --- Malformed data and markers -------------------------------------------------------

@pytest.mark.parametrize(("fixture", "line", "message"), [
    ("bad-yaml.yml", 5, "invalid YAML"),
    ("bad-website.yml", 7, "website must be an https:// address or null"),
    ("missing-name.yml", 5, "missing required key 'name'"),
    ("duplicate-id.yml", 5, "id 'r3d' is used twice"),
    ("notes-one-language.yml", 6, "notes must have a non-empty string for each of es, en"),
    ("not-a-list.yml", 2, "expected a list of organisations"),
    ("unknown-key.yml", 5, "unknown key 'description'"),
])
def test_a_malformed_data_file_is_an_error_naming_file_and_line(fixture: str, line: int, message: str) -> None:
    with pytest.raises(data_blocks.DataFileError) as caught:
        data_blocks.load_organisations(FIXTURES / fixture)
    text = str(caught.value)
    assert text.startswith(f"tests/data/content/{fixture}:{line}: "), text
    assert message in text, text


def test_an_unknown_marker_fails_with_the_page_and_line() -> None:
    markdown = "# Page\n\nText.\n\n<!-- data: signatorys -->\n"
    with pytest.raises(PluginError) as caught:
        data_blocks.expand_markers(markdown, "es", "docs/es/signatories.md", first_line=6)
    assert str(caught.value) == ("docs/es/signatories.md:10: data: unknown data block 'signatorys' "
                                 "(known: signatories)")


def test_a_malformed_data_file_fails_the_page_that_uses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data_blocks, "ORGANISATIONS", FIXTURES / "bad-website.yml")
    with pytest.raises(PluginError) as caught:
        data_blocks.expand_markers("<!-- data: signatories -->\n", "en", "docs/en/signatories.md", first_line=7)
    text = str(caught.value)
    assert text.startswith("tests/data/content/bad-website.yml:7: website must be"), text
    assert text.endswith("(used by docs/en/signatories.md:7)"), text
