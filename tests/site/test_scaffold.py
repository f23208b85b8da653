"""`dev.py new-page` and `dev.py new-event`: the files an editor fills in, never published as stubs.

In a copy of the project: the scaffolds write both languages, the navigation entry (mkdocs.yml
keeps every comment: one line is added) and the event's source; the build then refuses every
placeholder, naming its file and line, and publishes nothing; once the editor has written in
their place, the same build publishes the page in both languages and the event on the timeline.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from derechos import build
from derechos.metadata import today
from derechos.scaffold import nav_insert


def run_build(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.chdir(project)
    capsys.readouterr()
    code = build.main(["--out", str(project / "site"), "--site-url", "https://example.org/repo/"])
    return code, capsys.readouterr().err


def assert_nothing_published(project: Path, code: int, err: str) -> None:
    assert code == 1 and "nothing was published" in err and "Traceback" not in err, err
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "previous build"


def scaffold(project: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "derechos.scaffold", *args], cwd=project,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_stub_is_refused_until_written_then_published(project_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    config_before = (project_copy / "mkdocs.yml").read_text(encoding="utf-8")
    said = scaffold(project_copy, "page", "derechos-laborales", "--section", "topics")
    assert "docs/es/derechos-laborales.md, docs/en/derechos-laborales.md" in said
    assert "Ahora complete, en cada idioma, cada «COMPLETAR»" in said
    config = (project_copy / "mkdocs.yml").read_text(encoding="utf-8")
    assert config == config_before.replace("      - rightscon-2021.md\n",
                                           "      - rightscon-2021.md\n      - derechos-laborales.md\n")
    said = scaffold(project_copy, "event")
    day = today().isoformat()
    assert f"se agregó el evento {day}-por-completar al final de data/events.yml" in said
    assert f"su fuente por-completar-{day} al final de data/sources.yml" in said

    code, err = run_build(project_copy, monkeypatch, capsys)
    assert_nothing_published(project_copy, code, err)
    for where in ("docs/es/derechos-laborales.md:2", "docs/en/derechos-laborales.md:9",
                  "data/events.yml:", "data/sources.yml:"):
        assert f"{where}" in err and "placeholder: «" in err
    assert "is still here: write the text in its place" in err

    def write(path: str) -> None:  # what the editor does: the real words in place of each placeholder
        file = project_copy / path
        text = file.read_text(encoding="utf-8")
        stub = f"- id: {day}-por-completar\n  date: {day}\n"
        for old, new in ((stub, "- id: 2025-03-05-nueva-ley\n  date: 2025-03-05\n"),
                         (f"por-completar-{day}", "nota-nueva-ley"),
                         ("https://COMPLETAR.invalid/", "https://www.diputados.gob.mx/"), ("COMPLETAR ", ""),
                         ("[index.md]  # COMPLETAR:", "[glossary.md]  #")):
            text = text.replace(old, new)
        file.write_text(text, encoding="utf-8")

    for path in ("docs/es/derechos-laborales.md", "docs/en/derechos-laborales.md", "data/events.yml",
                 "data/sources.yml"):
        write(path)
    code, err = run_build(project_copy, monkeypatch, capsys)
    assert code == 0, err
    site = project_copy / "site"
    assert "el texto de la página." in (site / "derechos-laborales.html").read_text(encoding="utf-8")
    assert "the text of the page." in (site / "en" / "derechos-laborales.html").read_text(encoding="utf-8")
    assert 'href="derechos-laborales.html"' in (site / "surveillance.html").read_text(encoding="utf-8")
    assert "el título, en una línea" in (site / "timeline.html").read_text(encoding="utf-8")
    # added today, about a day in the past: the feed dates the entry (and itself) by when it was added
    feed = (site / "en" / "feed.xml").read_text(encoding="utf-8")
    entry = feed[feed.rindex("<entry>", 0, feed.index("the title, in one line")):]
    assert f"<updated>{day}T00:00:00Z</updated>" in entry.split("</entry>")[0]
    assert "<published>2025-03-05T00:00:00Z</published>" in entry.split("</entry>")[0]
    assert f"  <updated>{day}T00:00:00Z</updated>\n  <author>" in feed


def test_the_navigation_entry_goes_after_the_last_top_level_page() -> None:
    config = "# a comment\nnav:\n  - index.md\n  - topics:\n      - a.md  # why\n  - b.md\n  - about:\n      - c.md\n"
    assert nav_insert(config, "new.md") == config.replace("  - b.md\n", "  - b.md\n  - new.md\n")
    assert nav_insert(config, "new.md", "about") == config + "      - new.md\n"
    assert nav_insert(config, "new.md", "topics") == config.replace("  # why\n", "  # why\n      - new.md\n")
