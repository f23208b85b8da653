"""Rule twin-figures: twins write the same numbers (15,000 = 15.000 = 15 000)."""

from __future__ import annotations

import pytest

from check_helpers import CLEAN_SITE, docs_case, run
from checker.docs import figures


def test_same_figures_pass_whatever_the_separators(capsys):
    # es writes 15,000 and 1,5; en writes 15.000 and 1.5; URLs and list markers differ
    result = run(capsys, CLEAN_SITE, "--docs", docs_case("twin-figures", "good"))
    assert result.code == 0, result.out


def test_a_changed_figure_is_reported_on_both_sides(capsys):
    docs = docs_case("twin-figures", "bad")
    result = run(capsys, CLEAN_SITE, "--docs", docs, "--select", "twin-figures")
    assert result.code == 1
    assert result.lines == [
        f"{docs}/en/surveillance.md:9: twin-figures: the figure 16000 appears 1 time(s) here but 0 in {docs}/es/surveillance.md",
        f"{docs}/en/surveillance.md:13: twin-figures: the figure 4 appears 1 time(s) here but 0 in {docs}/es/surveillance.md",
        f"{docs}/es/surveillance.md:9: twin-figures: the figure 15000 appears 1 time(s) here but 0 in {docs}/en/surveillance.md",
        f"{docs}/es/surveillance.md:13: twin-figures: the figure 3 appears 1 time(s) here but 0 in {docs}/en/surveillance.md",
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("15,000", ["15000"]), ("15.000", ["15000"]), ("15 000", ["15000"]), ("15\u202f000", ["15000"]),
    ("1,234,567", ["1234567"]), ("1.5", ["1.5"]), ("1,5", ["1.5"]), ("2016 y 2021", ["2016", "2021"]),
    ("1. item", []), ("see https://x.org/a/2021", []), ('<q data-source="igf-2016">', []), ("## A { #a-2 }", []),
])
def test_figures_normalise_separators_and_skip_non_prose(text, expected):
    assert [n for n, _ in figures(text, 1)] == expected
