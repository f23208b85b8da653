"""Rule twin-anchors: twins have the same explicit anchors, in the same order."""

from __future__ import annotations

from check_helpers import CLEAN_SITE, docs_case, run


def test_same_anchors_pass(capsys):
    result = run(capsys, CLEAN_SITE, "--docs", docs_case("twin-anchors", "good"))
    assert result.code == 0, result.out


def test_an_anchor_without_twin_shows_both_sides(capsys):
    docs = docs_case("twin-anchors", "bad")
    result = run(capsys, CLEAN_SITE, "--docs", docs, "--select", "twin-anchors")
    assert result.code == 1
    counts = "(es has 3 anchors, en has 3)"
    assert result.lines == [
        f"{docs}/en/surveillance.md:11: twin-anchors: #pegasus-spyware has no twin in {docs}/es/surveillance.md {counts}",
        f"{docs}/en/surveillance.md:18: twin-anchors: #box-en has no twin in {docs}/es/surveillance.md {counts}",
        f"{docs}/es/surveillance.md:11: twin-anchors: #pegasus has no twin in {docs}/en/surveillance.md {counts}",
        f"{docs}/es/surveillance.md:18: twin-anchors: #box has no twin in {docs}/en/surveillance.md {counts}",
    ]


def test_anchors_in_another_order_are_reported(capsys):
    docs = docs_case("twin-anchors", "bad-order")
    result = run(capsys, CLEAN_SITE, "--docs", docs, "--select", "twin-anchors")
    assert result.code == 1
    assert result.lines == [
        f"{docs}/en/surveillance.md:7: twin-anchors: anchor 1 is #pegasus here but #surveillance in "
        f"{docs}/es/surveillance.md:7 (twins keep anchors in the same order)"]
