"""`python3 scripts/dev.py translations`: a twin changed alone shows as behind, read from Git.

A copy of the project in a temporary Git repository: committed once, everything is in step;
then one language of a page, of an event and of a string changes in a commit of its own,
and one page's `reviewed` date moves in one language only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GIT_ENV = {"GIT_AUTHOR_NAME": "Editora", "GIT_AUTHOR_EMAIL": "editora@example.net",
           "GIT_COMMITTER_NAME": "Editora", "GIT_COMMITTER_EMAIL": "editora@example.net"}


def git(repo: Path, *args: str, when: int | None = None) -> None:
    env = {**os.environ, **GIT_ENV}
    if when is not None:  # one commit a day, so their order is plain
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{when} +0000"
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def status(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "derechos.translations", *args], cwd=repo,
                          capture_output=True, text=True, timeout=120)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_twin_changed_alone_is_reported_behind(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    for name in ("mkdocs.yml", "docs", "data"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, repo / name)
    for code in ("es", "en"):  # the glossary's twins reviewed on one known day, whatever the site's is now
        page = repo / "docs" / code / "glossary.md"
        page.write_text(re.sub(r"(?m)^reviewed: .*$", "reviewed: 2026-12-01", page.read_text(encoding="utf-8"),
                               count=1), encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "The site", when=1_764_000_000)
    first = status(repo, "--strict")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "translations: every language is in step" in first.stdout

    replace(repo / "docs/es/about.md", "Este sitio reúne", "Este sitio público reúne")
    replace(repo / "data/events.yml", "contrataron a un hacker", "contrataron a una persona experta")
    replace(repo / "data/strings/en.yml", "permalink_title: ", "permalink_title: Permanent ")
    events = repo / "data/events.yml"
    last = re.findall(r"^- id: (\S+)$", events.read_text(encoding="utf-8"), re.M)[-1]
    events.write_text(events.read_text(encoding="utf-8").rstrip("\n") + "\n\n- id: 2025-01-01-new\n  title:\n"
                      "    es: Nuevo\n    en: New\n", encoding="utf-8")  # as new-event appends: both languages
    git(repo, "commit", "-qam", "Wording of the about page, an event and the permalink", when=1_764_086_400)
    replace(repo / "docs/en/glossary.md", "reviewed: 2026-12-01", "reviewed: 2026-12-06")

    listed = status(repo)
    assert listed.returncode == 0, listed.stderr
    out = listed.stdout
    assert "docs/en/about.md: en is behind: es changed on 2025-11-25 " in out
    assert "Wording of the about page, an event and the permalink" in out
    line = events.read_text(encoding="utf-8").split("\n").index("- id: 2012-elections-hacker") + 1
    assert f"data/events.yml:{line} 2012-elections-hacker text: en is behind: es changed" in out
    assert "data/strings/*.yml permalink_title: es is behind: en changed" in out
    assert "docs/es/glossary.md: es is behind: reviewed 2026-12-01, its twin en 2026-12-06" in out
    # the glossary edit is not committed: the English twin counts as changed now
    assert "docs/es/glossary.md: es is behind: en changed on" in out and "not committed yet (1 file changed" in out
    assert "docs/es/about.md" not in out and "2012-elections-hacker title" not in out
    assert last not in out and "2025-01-01-new" not in out  # the blank line before an added event is no text
    assert "Pages: 3 behind" in out and "Events (data/events.yml): 1 behind" in out
    assert status(repo, "--strict").returncode == 1
