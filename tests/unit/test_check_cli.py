"""The command line: exit codes, output formats, --help, and errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

from check_helpers import CLEAN_DOCS, CLEAN_SITE, run, site_case

from derechos.project import ROOT

SCRIPT = ROOT / "scripts" / "check_site.py"


def test_clean_site_exits_0_with_a_summary(capsys):
    result = run(capsys, CLEAN_SITE, "--docs", CLEAN_DOCS)
    assert result.code == 0
    assert result.out == ""
    assert result.err.startswith(f"check_site: 0 finding(s) in {CLEAN_SITE} and {CLEAN_DOCS}")


def test_json_format_lists_findings(capsys):
    site = site_case("duplicate-id", "bad")
    result = run(capsys, site, "--docs", CLEAN_DOCS, "--format", "json")
    assert result.code == 1
    assert json.loads(result.out) == [{"file": f"{site}/page.html", "line": 19, "rule": "duplicate-id",
                                       "severity": "error",
                                       "message": 'id="intro" is used again (first on line 18)'}]


def test_json_format_of_a_clean_site_is_an_empty_list(capsys):
    result = run(capsys, CLEAN_SITE, "--docs", CLEAN_DOCS, "--format", "json")
    assert result.code == 0
    assert json.loads(result.out) == []


def test_github_format_prints_annotations(capsys):
    site = site_case("duplicate-id", "bad")
    result = run(capsys, site, "--docs", CLEAN_DOCS, "--format", "github")
    assert result.code == 1
    assert result.lines == [f'::error file={site}/page.html,line=19::duplicate-id: id="intro" is used again '
                            "(first on line 18)"]


def test_missing_site_folder_is_exit_2_with_one_line(capsys, tmp_path):
    result = run(capsys, tmp_path / "nowhere", "--docs", CLEAN_DOCS)
    assert result.code == 2
    assert result.err.splitlines() == [f"check_site: site folder {tmp_path / 'nowhere'} does not exist "
                                       "(build the site first: python -m derechos.build)"]


def test_missing_docs_folder_is_exit_2(capsys, tmp_path):
    result = run(capsys, CLEAN_SITE, "--docs", tmp_path / "nodocs")
    assert result.code == 2
    assert result.err.splitlines() == [f"check_site: docs folder {tmp_path / 'nodocs'} does not exist"]


def test_bad_option_is_exit_2_with_one_line(capsys):
    result = run(capsys, CLEAN_SITE, "--format", "xml")
    assert result.code == 2
    assert result.err.splitlines() == ["check_site: argument --format: invalid choice: 'xml' "
                                       "(choose from 'text', 'json', 'github') (see --help)"]


def test_help_documents_the_interface():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    for needle in ("SITE_DIR", "--docs DOCS_DIR", "--external", "--format {text,json,github}", "Exit status: 0 clean"):
        assert needle in proc.stdout


def test_runs_as_a_script_without_traceback(tmp_path):
    proc = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "missing")], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_unknown_rule_in_select_is_exit_2(capsys):
    result = run(capsys, CLEAN_SITE, "--docs", CLEAN_DOCS, "--select", "link-,no-such-rule")
    assert result.code == 2
    assert result.err.startswith("check_site: --select: no rule matches no-such-rule (rules: link-target, ")


def test_text_format_adds_annotations_under_github_actions(capsys):
    site = site_case("duplicate-id", "bad")
    result = run(capsys, site, "--docs", CLEAN_DOCS, github_actions=True)
    assert result.code == 1
    message = 'duplicate-id: id="intro" is used again (first on line 18)'
    assert result.lines == [f"{site}/page.html:19: {message}", f"::error file={site}/page.html,line=19::{message}"]
