"""Rules head-*: every page has the head tags listed in scripts/derechos/head_tags.py."""

from __future__ import annotations

from check_helpers import CLEAN_DOCS, run, site_case

from derechos.head_tags import HEAD_TAGS


def test_complete_heads_pass_and_404_needs_no_canonical(capsys):
    result = run(capsys, site_case("head-tags", "good"), "--docs", CLEAN_DOCS)
    assert result.code == 0, result.out


def test_every_missing_or_wrong_tag_is_reported(capsys):
    site = site_case("head-tags", "bad")
    result = run(capsys, site, "--docs", CLEAN_DOCS, "--select", "head-")
    assert result.code == 1
    assert result.lines == [
        f'{site}/en/index.html:2: head-lang: <html lang="es"> but the page is in the en tree (expected lang="en")',
        f'{site}/en/index.html:7: head-alternate: hreflang="es" points at page.html, expected the twin page index.html',
        f'{site}/en/page.html:3: head-alternate: missing <link rel="alternate" hreflang="es"> in <head>',
        f'{site}/en/page.html:3: head-canonical: missing <link rel="canonical"> in <head>',
        f'{site}/index.html:2: head-lang: <html> has no lang=""',
        f"{site}/index.html:10: head-title: <title> is empty",
        *sorted([
            f'{site}/page.html:3: head-description: missing <meta name="description"> in <head>',
            f"{site}/page.html:3: head-title: missing <title> in <head>",
            # page.html has none of the link-preview tags either: one finding per entry.
            *(f'{site}/page.html:3: {rule}: missing <meta {key}="{value}"> in <head>'
              for rule, _, attrs, _ in HEAD_TAGS if rule in {"head-og", "head-twitter"}
              for key, value in attrs.items()),
        ]),
    ]


def test_the_list_is_one_line_per_tag():
    rules = {entry[0] for entry in HEAD_TAGS}
    assert {"head-lang", "head-title", "head-description", "head-canonical", "head-alternate"} <= rules
    assert all(len(entry) == 4 for entry in HEAD_TAGS)


def test_a_new_entry_is_enforced(capsys, monkeypatch):
    import checker.site

    extra = ("head-theme-color", "meta", {"name": "theme-color"}, "content")
    monkeypatch.setattr(checker.site, "HEAD_TAGS", (*HEAD_TAGS, extra))
    site = site_case("head-tags", "good")
    result = run(capsys, site, "--docs", CLEAN_DOCS, "--select", "head-")
    assert result.code == 1
    assert f'{site}/page.html:3: head-theme-color: missing <meta name="theme-color"> in <head>' in result.lines
