"""How much of a topic page talks about its sources instead of telling the story.

A reader comes to a topic page to learn what happened and where it stands. Which
edition or copy of a source says what is kept exact, but it belongs in the page's notes
section («Notas sobre las fuentes», `{ #source-notes }`) and on the sources page, not in
the story. This measures, for each topic page (a page with a status box), the share of
its sentences that are about the sources themselves (editions, versions, copies, what
was captured or kept), outside that notes section; the sources list at the end of a page
is written by the build and is not in the Markdown.

    python -m derechos.sourcetalk            # every language; exit 1 if a page is above 10 %
    python -m derechos.sourcetalk --write audit/source-talk.md

A sentence counts as source talk when it names an edition, a version in a language, a
copy, a re-post, a capture, or what "we keep" of a source (SOURCE_TALK, per language).
Attribution as a newspaper writes it («según Access Now», "said ... at RightsCon") is
not source talk. Quotations count as the sentence they stand in.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from derechos.metadata import parse_front_matter
from derechos.project import Project, load_project

#: The notes section of a topic page: everything from its heading on is left out.
NOTES_ANCHOR = "source-notes"
LIMIT = 0.10
SOURCE_TALK = {
    "es": re.compile(
        r"\bedici[oó]n(?:es)?\b|\bversi[oó]n(?:es)? en (?:ingl[eé]s|español)\b|\bversi[oó]n (?:inglesa|española)\b"
        r"|\b(?:la|una|su|sus|las) cop(?:ia|ias)\b|\brepublicaci[oó]n\b|\bcapturad[oa]s?\b|\bconserv(?:amos|ad[oa]s?)\b"
        r"|\btexto original\b|\boriginal en (?:ingl[eé]s|español)\b|\bno tenemos el texto\b", re.I),
    "en": re.compile(
        r"\beditions?\b|\b(?:English|Spanish) versions?\b|\b(?:the|a|its|our) cop(?:y|ies)\b|\bre-?posts?\b"
        r"|\bcaptured\b|\bwe (?:hold|keep|kept)\b|\boriginal (?:text|wording)\b|\boriginal in (?:English|Spanish)\b"
        r"|\bwe do not have the (?:Spanish|English) text\b", re.I),
}
#: What is not prose: front matter, fenced code, markers and other comments, tags,
#: attribute lists, link targets, headings (a heading is not a sentence of the story).
NOT_PROSE = re.compile(r"<!--.*?-->|<[^>]+>|\{[^{}\n]*\}|\]\([^)]*\)|^#{1,6} [^\n]*$|^\s*[-*]? ?-{3,}\s*$", re.S | re.M)
#: Where a sentence ends: its closing mark (or quote), space, then a capital, a digit or an
#: opening quote or bracket (also what a home card takes of a status box: blocks.first_sentence).
SENTENCE_END = re.compile(r"(?<=[.!?…»\"”])\s+(?=[«\"“(¿¡]?[A-ZÁÉÍÓÚÑ0-9])")


@dataclass(frozen=True)
class Measure:
    page: str
    sentences: int
    about_sources: tuple[str, ...]

    @property
    def share(self) -> float:
        return len(self.about_sources) / self.sentences if self.sentences else 0.0


#: Where a paragraph or a list item begins: a sentence cannot run across it.
BLOCK_START = re.compile(r"\n\s*\n|\n\s*(?:[-*+]|\d+[.)])\s+")


def story(body: str) -> list[str]:
    """The page's story, its body up to the notes section, as prose: one text per
    paragraph or list item."""
    cut = re.search(r"^#{2,6} .*\{\s*#" + NOTES_ANCHOR + r"\b[^}]*\}\s*$", body, re.M)
    if cut:
        body = body[: cut.start()]
    body = re.sub(r"^(```|~~~).*?^\1", " ", body, flags=re.S | re.M)
    text = NOT_PROSE.sub(" ", body).replace("[", "").replace("]", "").replace("**", "").replace("*", "")
    return [" ".join(block.split()) for block in BLOCK_START.split("\n" + text)]


def sentences(blocks: list[str]) -> list[str]:
    return [s for block in blocks for s in SENTENCE_END.split(block) if len(s.split()) >= 3]


def measure_page(path: Path, code: str, shown: str) -> Measure | None:
    """The measure of one page, or None if it is not a topic page (no status box)."""
    text = path.read_text(encoding="utf-8")
    fm, findings = parse_front_matter(text, shown)
    if fm is None or "situation" not in fm.meta:
        return None
    body = "\n".join(text.splitlines()[fm.body_line - 1:])
    found = sentences(story(body))
    pattern = SOURCE_TALK[code]
    return Measure(shown, len(found), tuple(s for s in found if pattern.search(s)))


def measure(project: Project) -> list[Measure]:
    out = []
    for lang in project.languages:
        if lang.code not in SOURCE_TALK:
            continue
        for path in sorted((project.docs / lang.code).glob("*.md")):
            result = measure_page(path, lang.code, f"docs/{lang.code}/{path.name}")
            if result is not None:
                out.append(result)
    return out


def report(results: list[Measure]) -> str:
    lines = ["| page | sentences | about the sources | share |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| `{m.page}` | {m.sentences} | {len(m.about_sources)} | {m.share:.0%} |" for m in results]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="also write the table to this Markdown file")
    parser.add_argument("--verbose", action="store_true", help="list the sentences counted")
    args = parser.parse_args(argv)
    results = measure(load_project())
    table = report(results)
    print(table)
    if args.verbose:
        for m in results:
            for sentence in m.about_sources:
                print(f"{m.page}: {sentence}")
    if args.write:
        args.write.write_text(
            "# Source talk on the topic pages\n\nWritten by `python -m derechos.sourcetalk --write "
            f"{args.write.as_posix()}`: the share of each topic page's sentences that are about the sources "
            "themselves (editions, versions, copies, captures), outside its notes section. The suite fails "
            f"above {LIMIT:.0%}.\n\n{table}\n", encoding="utf-8")
    over = [m for m in results if m.share > LIMIT]
    for m in over:
        print(f"{m.page}:1: source-talk: {m.share:.0%} of the story's sentences are about the sources "
              f"({len(m.about_sources)} of {m.sentences}; at most {LIMIT:.0%}): move them to the notes section "
              f"(## … {{ #{NOTES_ANCHOR} }})", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
