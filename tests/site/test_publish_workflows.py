"""The GitHub Actions workflows pass actionlint and follow the deployment rules."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from derechos.project import ROOT

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


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def test_workflows_pass_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"deploy.yml", "external-links.yml"}
    result = run_actionlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_actionlint_catches_mistakes(root: Path) -> None:
    bad = root / "tests" / "data" / "publish_workflows" / "bad.yml"
    result = run_actionlint(bad)
    assert result.returncode == 1
    assert 'unexpected key "timeout"' in result.stdout
    assert "potentially untrusted" in result.stdout


@pytest.mark.parametrize("name", ["deploy.yml", "external-links.yml"])
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
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "scripts/dev.py build" in runs  # installs requirements.lock, builds strictly
    assert "derechos.check" in runs
    assert '-m "not browser"' in runs
    uses = [step.get("uses", "") for job in (build, deploy) for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    text = (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")
    assert not any("gh-pages" in line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "SITE_URL" in text and "base_url" in text


def test_weekly_external_link_check_fails_loudly() -> None:
    workflow = load("external-links.yml")
    cron = workflow[True]["schedule"][0]["cron"]
    assert len(cron.split()) == 5 and cron.split()[4] not in {"*"}, f"not weekly: {cron!r}"
    steps = workflow["jobs"]["external-links"]["steps"]
    check = next(s for s in steps if "--external" in s.get("run", ""))
    assert "pipefail" in check["run"], "the checker's exit code must not be swallowed by tee"
    assert "continue-on-error" not in check
