"""Rule metadata: front matter follows the schema of scripts/derechos/metadata.py."""

from __future__ import annotations

from check_helpers import CLEAN_SITE, docs_case, run


def test_good_docs_pass(capsys):
    result = run(capsys, CLEAN_SITE, "--docs", docs_case("metadata", "good"))
    assert result.code == 0, result.out


def test_schema_violations_are_reported(capsys):
    docs = docs_case("metadata", "bad")
    result = run(capsys, CLEAN_SITE, "--docs", docs, "--select", "metadata")
    assert result.code == 1
    assert result.lines == [
        f"{docs}/en/surveillance.md:2: metadata: 'title' must be a str, got list",
        f"{docs}/en/surveillance.md:3: metadata: description is 10 characters, expected 50 to 160",
        f"{docs}/es/surveillance.md:2: metadata: missing required key 'title'",
        f"{docs}/es/surveillance.md:3: metadata: unknown source id 'no-such-source' (known ids are in data/sources.yml)",
    ]


def test_an_unreadable_source_registry_is_an_environment_error(capsys, tmp_path):
    registry = tmp_path / "sources.yml"
    registry.write_text("a: [unclosed\n", encoding="utf-8")
    result = run(capsys, CLEAN_SITE, "--docs", docs_case("metadata", "good"), "--sources", registry)
    assert result.code == 2
    assert result.err.strip().splitlines() == [f"check_site: {registry.resolve()}:2: invalid YAML: "
                                               "expected ',' or ']', but got '<stream end>'"]
