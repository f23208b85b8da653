"""Rule twin-missing: every page exists in every language."""

from __future__ import annotations

from check_helpers import CLEAN_SITE, docs_case, run


def test_twins_pass(capsys):
    result = run(capsys, CLEAN_SITE, "--docs", docs_case("twin-missing", "good"))
    assert result.code == 0, result.out


def test_a_page_without_twin_is_reported_in_both_directions(capsys):
    docs = docs_case("twin-missing", "bad")
    result = run(capsys, CLEAN_SITE, "--docs", docs, "--select", "twin-missing")
    assert result.code == 1
    assert result.lines == [
        f"{docs}/en/timeline.md:1: twin-missing: no twin {docs}/es/timeline.md (every page exists in es and en)",
        f"{docs}/es/glossary.md:1: twin-missing: no twin {docs}/en/glossary.md (every page exists in es and en)",
    ]
