"""Rule twin-figures: twins write the same numbers (15,000 = 15.000 = 15 000)."""

from __future__ import annotations

import pytest
from check_helpers import CLEAN_SITE, docs_case, run

from derechos.check.docs import figures


def test_same_figures_pass_whatever_the_separators(capsys):
    # es writes 15,000 and 1,5; en writes 15.000 and 1.5; URLs and list markers differ;
    # es quotes "about 20 cases" and adds its own rendering, so 20 appears twice there
    result = run(capsys, CLEAN_SITE, "--docs", docs_case("twin-figures", "good"))
    assert result.code == 0, result.out


def test_a_changed_figure_is_reported_on_both_sides(capsys):
    docs = docs_case("twin-figures", "bad")
    result = run(capsys, CLEAN_SITE, "--docs", docs, "--select", "twin-figures")
    assert result.code == 1
    es_has = "es has 6 distinct figure(s): 1.5, 3, 20, 40, 2017, 15000"
    en_has = "en has 6 distinct figure(s): 1.5, 4, 20, 40, 2017, 16000"
    assert result.lines == [
        f"{docs}/en/surveillance.md:9: twin-figures: the figure 16000 is not in {docs}/es/surveillance.md ({es_has})",
        f"{docs}/en/surveillance.md:13: twin-figures: the figure 4 is not in {docs}/es/surveillance.md ({es_has})",
        f"{docs}/es/surveillance.md:9: twin-figures: the figure 15000 is not in {docs}/en/surveillance.md ({en_has})",
        f"{docs}/es/surveillance.md:13: twin-figures: the figure 3 is not in {docs}/en/surveillance.md ({en_has})",
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("15,000", ["15000"]), ("15.000", ["15000"]), ("15 000", ["15000"]), ("15\u202f000", ["15000"]),
    ("1,234,567", ["1234567"]), ("1.5", ["1.5"]), ("1,5", ["1.5"]), ("2016 y 2021", ["2016", "2021"]),
    ("1. item", []), ("see https://x.org/a/2021", []), ('<q data-source="igf-2016">', []), ("## A { #a-2 }", []),
])
def test_figures_normalise_separators_and_skip_non_prose(text, expected):
    assert [n for n, _ in figures(text, 1)] == expected
