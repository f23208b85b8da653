"""Rule front-matter: front matter parses; a YAML error names its file and line."""

from __future__ import annotations

from check_helpers import CLEAN_SITE, docs_case, run


def test_good_docs_pass(capsys):
    result = run(capsys, CLEAN_SITE, "--docs", docs_case("front-matter", "good"))
    assert result.code == 0, result.out


def test_yaml_errors_name_file_and_line(capsys):
    docs = docs_case("front-matter", "bad")
    result = run(capsys, CLEAN_SITE, "--docs", docs, "--select", "front-matter")
    assert result.code == 1
    assert result.lines == [
        f"{docs}/en/broken.md:4: front-matter: invalid YAML in front matter: mapping values are not allowed here",
        f"{docs}/en/none.md:1: front-matter: front matter is not closed by a '---' line",
        f"{docs}/es/broken.md:3: front-matter: invalid YAML in front matter: expected ',' or ']', but got '<stream end>'",
        f"{docs}/es/none.md:1: front-matter: no front matter: the file must start with a '---' line",
    ]
