"""Rule twin-sources: twins list the same source ids (order does not matter)."""

from __future__ import annotations

from check_helpers import CLEAN_SITE, docs_case, run


def test_same_sources_in_any_order_pass(capsys):
    result = run(capsys, CLEAN_SITE, "--docs", docs_case("twin-sources", "good"))
    assert result.code == 0, result.out


def test_different_sources_show_both_lists(capsys):
    docs = docs_case("twin-sources", "bad")
    result = run(capsys, CLEAN_SITE, "--docs", docs, "--select", "twin-sources")
    assert result.code == 1
    assert result.lines == [
        f"{docs}/en/surveillance.md:4: twin-sources: sources [accessnow-2021] differ from "
        f"[accessnow-2021, igf-2016] in {docs}/es/surveillance.md (only in es: igf-2016; only in en: none)"]
