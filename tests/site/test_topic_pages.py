"""Every topic page has one shape, readers first (docs/<code>/<page>.md with a status box).

The title; a lead of at most 80 words that says where things stand with its date; the
status box right after it (placed by the build); the source's account; «Qué pasó
después»; one notes section on the sources (`{ #source-notes }`); the sources list.
Outside the notes section, at most one sentence in ten is about the sources themselves
(derechos.sourcetalk, whose table is kept in audit/source-talk.md).
"""

from __future__ import annotations

import re

import pytest

from derechos.metadata import parse_front_matter
from derechos.project import Project, load_project
from derechos.sourcetalk import LIMIT, NOTES_ANCHOR, measure, story

PROJECT = load_project()
LEAD_MAX_WORDS = 80
TOPICS = sorted(p.stem for p in (PROJECT.docs / PROJECT.default.code).glob("*.md")
                if "situation:" in p.read_text(encoding="utf-8"))


def test_there_are_five_topic_pages() -> None:
    assert TOPICS == ["biometric-registry", "civil-society", "igf-2016", "platform-regulation", "surveillance"]


@pytest.mark.parametrize("code", PROJECT.codes)
def test_source_talk_is_at_most_one_sentence_in_ten(project: Project, code: str) -> None:
    results = [m for m in measure(project) if m.page.startswith(f"docs/{code}/")]
    assert len(results) == len(TOPICS)
    assert [(m.page, f"{m.share:.0%}", m.about_sources) for m in results if m.share > LIMIT] == []


@pytest.mark.parametrize("code", PROJECT.codes)
@pytest.mark.parametrize("stem", TOPICS)
def test_a_topic_page_opens_with_its_lead_and_ends_with_notes(project: Project, code: str, stem: str) -> None:
    shown = f"docs/{code}/{stem}.md"
    text = (project.docs / code / f"{stem}.md").read_text(encoding="utf-8")
    fm, _ = parse_front_matter(text, shown)
    assert fm is not None
    body = "\n".join(text.splitlines()[fm.body_line - 1:])
    blocks = [b.strip() for b in re.split(r"\n\s*\n", body) if b.strip()]
    title = next(i for i, b in enumerate(blocks) if b.startswith("# "))
    lead = blocks[title + 1]
    assert not lead.startswith(("#", "<!--", "!!!", "-")), f"{shown}: no lead paragraph after the title"
    words = " ".join(story(lead)).split()
    assert len(words) <= LEAD_MAX_WORDS, f"{shown}: the lead has {len(words)} words"
    assert "2026" in lead, f"{shown}: the lead does not say where things stand today, with its date"
    headings = re.findall(r"^## .*\{ #([a-z0-9-]+) \}$", body, re.M)
    assert "what-happened-next" in headings and NOTES_ANCHOR in headings, headings
    assert headings.index("what-happened-next") < headings.index(NOTES_ANCHOR) == len(headings) - 1
    assert "<!-- md:later -->" in body


@pytest.mark.parametrize("code", PROJECT.codes)
def test_no_reader_facing_page_says_what_we_kept(project: Project, code: str) -> None:
    """«conservamos» and kin are said once, on the sources page (the notes say what each edition says)."""
    kept = re.compile(r"\bconserv(?:amos|ad[oa]s?)\b|\bwe (?:hold|kept|keep)\b", re.I)
    found = [p.name for p in sorted((project.docs / code).glob("*.md"))
             if p.name != "sources.md" and kept.search(p.read_text(encoding="utf-8"))]
    assert found == []
