"""The GitHub Actions workflows pass actionlint and follow the deployment rules."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"uses: (\S+) # v\d+(\.\d+)*$")


def actionlint() -> str:
    """The actionlint binary installed from the lock file (next to this Python)."""
    candidate = Path(sys.executable).parent / "actionlint"
    found = str(candidate) if candidate.is_file() else shutil.which("actionlint")
    assert found, "actionlint is not installed: run python3 scripts/dev.py build (it installs the lock)"
    return found


def run_actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([actionlint(), "-no-color", "-oneline", *map(str, files)],
                          cwd=ROOT, capture_output=True, text=True)


def load(name: str) -> dict[Any, Any]:  # YAML 1.1 reads the key `on` as True
    workflow: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return workflow


def test_workflows_pass_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"deploy.yml", "external-links.yml", "test.yml"}
    result = run_actionlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_actionlint_catches_mistakes(root: Path) -> None:
    bad = root / "tests" / "data" / "publish_workflows" / "bad.yml"
    result = run_actionlint(bad)
    assert result.returncode == 1
    assert 'unexpected key "timeout"' in result.stdout
    assert "potentially untrusted" in result.stdout


def test_workflows_pass_zizmor() -> None:
    """zizmor (from the lock) audits the workflows for security mistakes, offline."""
    found = Path(sys.executable).parent / "zizmor"
    result = subprocess.run([str(found if found.is_file() else "zizmor"), "--offline", "--no-progress",
                             str(WORKFLOWS)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


@pytest.mark.parametrize("name", ["deploy.yml", "external-links.yml", "test.yml"])
def test_least_privilege_pins_and_timeouts(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    workflow = load(name)
    assert workflow["permissions"] == {}, f"{name}: top-level permissions must be {{}}"
    for job_id, job in workflow["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{name}: job {job_id} has no timeout-minutes"
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses:
                assert PINNED.match(uses), f"{name}: {uses} is not pinned by a full commit SHA"
            if uses and uses.startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False
    uses_lines = [line.strip() for line in text.splitlines() if line.strip().startswith(("uses:", "- uses:"))]
    for line in uses_lines:
        assert VERSION_COMMENT.search(line), f"{name}: {line!r} lacks a '# vX.Y.Z' comment"


def test_deploy_builds_checks_tests_then_deploys_with_pages_actions() -> None:
    workflow = load("deploy.yml")
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads "on" as True
    assert workflow["concurrency"]["group"] == "pages"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "write" not in build["permissions"].values()
    runs = [step.get("run", "") for step in build["steps"]]
    upload = next(i for i, step in enumerate(build["steps"]) if "upload-pages-artifact" in step.get("uses", ""))
    before = runs[:upload]
    # The whole suite, browser tests included (CI=true: they may not skip), before anything is uploaded.
    assert "python3 scripts/dev.py test" in before
    assert build["env"]["CI"] == "true"
    assert not any("not browser" in run for run in runs)
    assert any("scripts/dev.py build --offline" in run for run in before)  # the offline zip is published
    assert any("scripts/dev.py check site --docs docs" in run for run in before)
    assert "github.repository" in build["env"]["REPO_URL"]
    uses = [step.get("uses", "") for job in (build, deploy) for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    text = (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")
    assert not any("gh-pages" in line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "SITE_URL" in text and "base_url" in text


def test_pull_requests_run_the_same_suite_read_only() -> None:
    workflow = load("test.yml")
    assert list(workflow[True]) == ["pull_request"]  # YAML 1.1 reads "on" as True
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    assert job["env"]["CI"] == "true"
    runs = [step.get("run", "") for step in job["steps"]]
    assert "python3 scripts/dev.py test" in runs
    deploy_runs = [step.get("run", "") for step in load("deploy.yml")["jobs"]["build"]["steps"] if step.get("run")]
    assert [run.split(" --site-url")[0] for run in deploy_runs] == [run for run in runs if run], \
        "the pull-request workflow runs what the deploy runs"


def test_weekly_external_link_check_fails_loudly() -> None:
    workflow = load("external-links.yml")
    cron = workflow[True]["schedule"][0]["cron"]
    assert len(cron.split()) == 5 and cron.split()[4] not in {"*"}, f"not weekly: {cron!r}"
    job = workflow["jobs"]["external-links"]
    steps = job["steps"]
    check = next(s for s in steps if "--external" in s.get("run", ""))
    assert "pipefail" in check["run"], "the checker's exit code must not be swallowed by tee"
    assert "continue-on-error" not in check
    # the checker's own deadline comes before the step's limit, and the job's limit after both
    deadline = int(check["run"].split("--deadline ")[1].split()[0])
    assert deadline < check["timeout-minutes"] * 60 < job["timeout-minutes"] * 60
    assert "scripts/dev.py build" in "\n".join(s.get("run", "") for s in steps)
    report = next(s for s in steps if s.get("id") == "report")
    assert report["if"] == "always()"  # also when the build fails or the check is stopped
    assert "GITHUB_STEP_SUMMARY" in report["run"]
    assert job["permissions"] == {"contents": "read"}
    issue = workflow["jobs"]["issue"]
    assert issue["permissions"] == {"issues": "write"}  # in this job only
    assert issue["needs"] == "external-links"
    assert "github.token" in issue["env"]["GH_TOKEN"]


def run_step(script: str, tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """One step's shell as GitHub runs it (bash -e), in a scratch folder."""
    return subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"], **env})


@pytest.mark.parametrize(("build", "status", "state", "title"), [
    ("failure", None, "build-failed", "## The build failed"),
    ("success", "0", "ok", "## Every external link answers"),
    ("success", "1", "broken", "## Broken external links"),
    ("success", None, "timed-out", "## The check was stopped at its time limit"),
    ("success", "2", "error", "## The checker could not run"),
])
def test_the_report_says_what_happened(tmp_path: Path, build: str, status: str | None, state: str,
                                       title: str) -> None:
    report = next(s for s in load("external-links.yml")["jobs"]["external-links"]["steps"] if s.get("id") == "report")
    if status is not None:
        (tmp_path / "check-status.txt").write_text(status + "\n", encoding="utf-8")
        (tmp_path / "external-links.txt").write_text("site/x.html:3: external-link: https://example.org/: HTTP 404\n",
                                                     encoding="utf-8")
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    result = run_step(report["run"], tmp_path, {"BUILD": build, "GITHUB_STEP_SUMMARY": str(summary),
                                                "GITHUB_OUTPUT": str(output)})
    assert result.returncode == 0, result.stderr
    assert summary.read_text(encoding="utf-8").startswith(title + "\n")
    outputs = output.read_text(encoding="utf-8")
    assert outputs.startswith(f"state={state}\nreport<<REPORT_")
    assert ("::error title=External links::" in result.stdout) is (state != "ok")


FAKE_GH = """#!/bin/sh
echo "$*" >> "$GH_LOG"
if [ "$1 $2" = "issue list" ]; then echo "$OPEN_ISSUE"; fi
"""


@pytest.mark.parametrize(("state", "open_issue", "calls"), [
    ("broken", "", ["issue list", "label create external-links", "issue create --title Broken external links"]),
    ("broken", "7", ["issue list", "issue edit 7 --body-file body.md", "issue comment 7"]),
    ("ok", "7", ["issue list", "issue close 7"]),
    ("ok", "", ["issue list"]),
])
def test_one_issue_is_opened_updated_or_closed(tmp_path: Path, state: str, open_issue: str,
                                               calls: list[str]) -> None:
    job = load("external-links.yml")["jobs"]["issue"]
    gh = tmp_path / "bin" / "gh"
    gh.parent.mkdir()
    gh.write_text(FAKE_GH, encoding="utf-8")
    gh.chmod(0o755)
    log = tmp_path / "gh.log"
    env = {"STATE": state, "REPORT": "## Broken external links", "RUN_URL": "https://example.org/run",
           "GH_LOG": str(log), "OPEN_ISSUE": open_issue, "PATH": f"{gh.parent}:{os.environ['PATH']}"}
    result = run_step(job["steps"][0]["run"], tmp_path, env)
    assert result.returncode == 0, result.stderr
    made = log.read_text(encoding="utf-8").splitlines()
    assert len(made) == len(calls) and all(line.startswith(call) for line, call in zip(made, calls, strict=True))
    assert all("external-links" in line for line in made if line.startswith(("issue list", "issue create")))
