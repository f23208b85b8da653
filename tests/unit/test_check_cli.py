"""The command line: exit codes, output formats, --help, --select, --languages, and errors
without tracebacks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from kit import Kit, run

from derechos.rules import RULES

DUPLICATE = '<p id="intro">a</p>\n<p id="intro">b</p>'
DUPLICATE_MESSAGE = 'duplicate-id: id="intro" is used again (first on line 14)'


def checker(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m derechos.check` in a process of its own."""
    return subprocess.run([sys.executable, "-m", "derechos.check", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, check=False)


def test_clean_site_exits_0_with_a_summary(capsys, kit: Kit) -> None:
    result = run(capsys, *kit.args())
    assert (result.code, result.out) == (0, "")
    assert result.err.startswith(f"check: 0 finding(s) in {kit.site} and {kit.docs}")


@pytest.mark.parametrize(("fmt", "github_actions", "expected"), [
    ("text", False, ["{site}/page.html:15: " + DUPLICATE_MESSAGE]),
    ("text", True, ["{site}/page.html:15: " + DUPLICATE_MESSAGE,
                    "::error file={site}/page.html,line=15::" + DUPLICATE_MESSAGE]),
    ("github", False, ["::error file={site}/page.html,line=15::" + DUPLICATE_MESSAGE]),
])
def test_text_and_github_formats(capsys, kit: Kit, fmt: str, github_actions: bool, expected: list[str]) -> None:
    kit.plant("page.html", DUPLICATE)
    result = run(capsys, *kit.args("--format", fmt), github_actions=github_actions)
    assert result.code == 1
    assert result.lines == [line.format(site=kit.site) for line in expected]


def test_json_format_lists_findings(capsys, kit: Kit) -> None:
    kit.plant("page.html", DUPLICATE)
    result = run(capsys, *kit.args("--format", "json"))
    assert result.code == 1
    assert json.loads(result.out) == [{"file": f"{kit.site}/page.html", "line": 15, "rule": "duplicate-id",
                                       "severity": "error",
                                       "message": 'id="intro" is used again (first on line 14)'}]


def test_json_format_of_a_clean_site_is_an_empty_list(capsys, kit: Kit) -> None:
    result = run(capsys, *kit.args("--format", "json"))
    assert result.code == 0
    assert json.loads(result.out) == []


@pytest.mark.parametrize(("args", "message"), [
    (("{tmp}/nowhere", "--docs", "{docs}"),
     "check: site folder {tmp}/nowhere does not exist (build the site first: python -m derechos.build)"),
    (("{site}", "--docs", "{tmp}/nodocs"), "check: docs folder {tmp}/nodocs does not exist"),
    (("{site}", "--format", "xml"),
     "check: argument --format: invalid choice: 'xml' (choose from 'text', 'json', 'github') (see --help)"),
    (("{site}", "--jobs", "0"), "check: --jobs must be at least 1"),
    (("{site}", "--timeout", "0"), "check: --timeout must be more than 0 seconds"),
    (("{site}", "--languages", "en,en"), "check: --languages: expected distinct language codes such as "
                                         "'en,es', got 'en,en'"),
])
def test_usage_errors_are_exit_2_with_one_line(capsys, kit: Kit, tmp_path: Path, args: tuple[str, ...],
                                               message: str) -> None:
    values = {"tmp": tmp_path, "site": kit.site, "docs": kit.docs}
    result = run(capsys, *(a.format(**values) for a in args))
    assert result.code == 2
    assert result.err.splitlines() == [message.format(**values)]


def test_unknown_rule_in_select_is_exit_2(capsys, kit: Kit) -> None:
    result = run(capsys, *kit.args("--select", "link-,no-such-rule"))
    assert result.code == 2
    assert result.err.startswith("check: --select: no rule matches no-such-rule (rules: link-target, ")


def test_an_unreadable_source_registry_is_an_environment_error(capsys, kit: Kit, tmp_path: Path) -> None:
    registry = tmp_path / "sources.yml"
    registry.write_text("a: [unclosed\n", encoding="utf-8")
    result = run(capsys, *kit.args("--sources", registry))
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        f"check: {registry}:1: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"]


def test_a_bad_language_declaration_is_an_environment_error(capsys, kit: Kit) -> None:
    kit.write("data/languages.yml", "- code: es\n  name: Español\n  locale: es_MX\n  root: es/\n")
    result = run(capsys, *kit.args())
    assert result.code == 2
    assert result.err.splitlines() == ["check: data/languages.yml:4: root of 'es' must be '' (the first language is "
                                       "served at the site root, every other one below its code) (or give the "
                                       "site's languages with --languages)"]


def test_languages_option_checks_a_site_built_elsewhere(capsys, kit: Kit, tmp_path: Path, monkeypatch) -> None:
    """Outside any project, --languages says which tree is which (the first at the root)."""
    monkeypatch.chdir(tmp_path)
    kit.edit("en/index.html", '<html lang="en">', '<html lang="fr">')
    result = run(capsys, kit.site, "--languages", "es,en", "--select", "head-lang,link-")
    assert result.code == 1
    assert result.lines == [f'{kit.site}/en/index.html:2: head-lang: <html lang="fr"> but the page is in the en '
                            'tree (expected lang="en")']


def test_help_documents_the_interface() -> None:
    proc = checker("--help")
    assert proc.returncode == 0
    flat = " ".join(re.sub(r"-\n\s*", "-", proc.stdout).split())  # argparse wraps lines after a hyphen
    for needle in ("SITE_DIR", "--docs DOCS_DIR", "--languages CODES", "--external",
                   "--format {text,json,github}", "Exit status: 0 clean", "shortlink", "twin-status"):
        assert needle in flat
    for rule in RULES:  # one registry: every rule the build runs is one the checker names
        assert rule.id in flat


def test_runs_as_a_module_without_traceback(tmp_path: Path) -> None:
    proc = checker(tmp_path / "missing")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
