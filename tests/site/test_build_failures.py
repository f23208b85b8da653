"""Bad input fails the build loudly, names the file and line, and publishes nothing.

Each test copies the project (configs, pages, data, hooks, scripts) into a temporary
folder, breaks one thing, runs derechos.build there and checks the exit code, the
message, and that the previously built site was left untouched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from derechos.project import ROOT

COPIED = ("mkdocs.yml", "mkdocs.en.yml", "docs", "overrides", "data", "scripts")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    previous = tmp_path / "site"
    previous.mkdir()
    (previous / "index.html").write_text("previous build", encoding="utf-8")
    return tmp_path


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(project / "scripts" / "build.py"), "--out", str(project / "site")],
                          cwd=project, capture_output=True, text=True, timeout=300)


def assert_nothing_published(project: Path, result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "nothing was published" in result.stderr
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_broken_front_matter_names_file_and_line(project: Path) -> None:
    page = project / "docs" / "es" / "index.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines[2] = "description: [unclosed"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build(project)
    assert_nothing_published(project, result)
    assert "docs/es/index.md:" in result.stderr
    assert "invalid YAML in front matter" in result.stderr


def test_short_description_is_rejected(project: Path) -> None:
    page = project / "docs" / "en" / "index.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("description:")
    end = text.index("\n", start)
    page.write_text(text[:start] + "description: Too short." + text[end:], encoding="utf-8")
    result = build(project)
    assert_nothing_published(project, result)
    assert "docs/en/index.md:3: metadata: description is 10 characters, expected 50 to 160" in result.stderr


def test_unknown_source_id_is_rejected(project: Path) -> None:
    page = project / "docs" / "es" / "index.md"
    text = page.read_text(encoding="utf-8").replace("sources: [", "sources: [no-such-source, ", 1)
    page.write_text(text, encoding="utf-8")
    result = build(project)
    assert_nothing_published(project, result)
    assert "unknown source id 'no-such-source'" in result.stderr


def test_missing_translation_names_both_files(project: Path) -> None:
    (project / "docs" / "es" / "extra-page.md").write_text(
        "---\ntitle: Página sin traducción\n"
        "description: Una página que existe solo en español, para probar que la compilación falla.\n"
        "sources: []\n---\n\n# Página sin traducción { #untranslated }\n", encoding="utf-8")
    result = build(project)
    assert_nothing_published(project, result)
    assert "docs/es/extra-page.md:1: translation: no twin docs/en/extra-page.md" in result.stderr


def test_heading_without_explicit_anchor_is_rejected(project: Path) -> None:
    page = project / "docs" / "en" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n## A heading with no anchor\n", encoding="utf-8")
    result = build(project)
    assert_nothing_published(project, result)
    assert "anchor: heading '## A heading with no anchor' has no explicit anchor" in result.stderr


def test_dead_link_between_pages_is_rejected(project: Path) -> None:
    page = project / "docs" / "es" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nVer [otra página](no-such-page.md).\n",
                    encoding="utf-8")
    result = build(project)
    assert_nothing_published(project, result)
    assert "no-such-page.md" in result.stderr
