"""`python3 scripts/dev.py translations`: which texts one language has changed and another not.

    python -m derechos.translations            # the list; exit 0
    python -m derechos.translations --strict   # exit 1 when something is behind (for CI)

Read from Git, without building anything:

- pages: a twin is behind when the other's Markdown changed in a later commit (the time of
  each file's last commit, `git log -1 --format=%ct -- FILE`; uncommitted changes count as
  now), or when their `reviewed` dates differ. What changed is the newer twin's commits since
  (date and subject), and the diff stat of its uncommitted changes;
- events (data/events.yml) and strings (data/strings/<code>.yml): a language's text is behind
  when another language's text of the same entry changed in a later commit, read line by
  line with `git blame` (so an event's Spanish text fixed alone is found even when the two
  texts keep similar lengths). Twins changed in one commit are in step.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from derechos.metadata import parse_front_matter
from derechos.project import Project, load_project
from derechos.yamlfile import DataError, Map, Seq, load


@dataclass(frozen=True)
class Change:
    """When a text last changed, and how (a commit's subject, or "not committed yet")."""

    time: int
    what: str

    def when(self) -> str:
        return dt.datetime.fromtimestamp(self.time, dt.UTC).strftime("%Y-%m-%d %H:%M")


def short(subject: str, limit: int = 90) -> str:
    return subject if len(subject) <= limit else subject[: limit - 1].rstrip() + "…"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def in_git(root: Path) -> bool:
    try:
        return git(root, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except (subprocess.CalledProcessError, FileNotFoundError):
        return False


def file_change(root: Path, path: Path) -> Change:
    """A file's last change: now if it has uncommitted changes, else its last commit."""
    rel = path.relative_to(root).as_posix()
    if git(root, "status", "--porcelain", "--", rel).strip():
        stat = git(root, "diff", "--stat", "HEAD", "--", rel).strip().splitlines()
        summary = stat[-1].strip() if stat else "a new file"
        return Change(int(time.time()), f"not committed yet ({summary})")
    out = git(root, "log", "-1", "--format=%ct%x00%h %s", "--", rel).strip()
    if not out:
        return Change(0, "never committed")
    stamp, subject = out.split("\0", 1)
    return Change(int(stamp), f"commit {short(subject)}")


def commits_since(root: Path, path: Path, after: int) -> list[str]:
    """The commits that changed `path` after `after` (newest first: date, hash, subject)."""
    rel = path.relative_to(root).as_posix()
    out = git(root, "log", "--format=%ct%x00%cs %h %s", "--", rel)
    return [short(line.split("\0", 1)[1]) for line in out.splitlines() if line and int(line.split("\0", 1)[0]) > after]


def blame(root: Path, path: Path) -> list[Change]:
    """The change of each line of a file (index 0 is line 1), from `git blame --porcelain`."""
    rel = path.relative_to(root).as_posix()
    try:
        out = git(root, "blame", "--porcelain", "--", rel)
    except subprocess.CalledProcessError:  # a file Git does not know yet: every line is new
        count = len(path.read_text(encoding="utf-8").splitlines())
        return [Change(int(time.time()), "not committed yet")] * count
    commits: dict[str, dict[str, str]] = {}
    lines: list[Change] = []
    current = ""
    for line in out.splitlines():
        if line.startswith("\t"):
            info = commits[current]
            if set(current) == {"0"}:
                lines.append(Change(int(time.time()), "not committed yet"))
            else:
                subject = short(info.get("summary", ""))
                lines.append(Change(int(info.get("committer-time", "0")), f"commit {current[:7]} {subject}"))
            continue
        head, _, rest = line.partition(" ")
        if len(head) == 40 and all(c in "0123456789abcdef" for c in head):
            current = head
            commits.setdefault(current, {})
        elif current:
            commits[current][head] = rest
    return lines


def span(lines: list[str], line: int) -> range:
    """The lines of the YAML value whose key is on `line` (1-based): it and the lines below
    it that are indented deeper, blank or comments."""
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip())
    end = line
    while end < len(lines):
        text = lines[end]
        if text.strip() and not text.lstrip().startswith("#") and len(text) - len(text.lstrip()) <= indent:
            break
        end += 1
    while end > line and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1  # blank lines and comments after the value are not part of it
    return range(line, end + 1)


def latest(changes: list[Change], where: range) -> Change:
    return max((changes[n - 1] for n in where if n - 1 < len(changes)), key=lambda c: c.time, default=Change(0, "?"))


@dataclass(frozen=True)
class Behind:
    """One text behind its twin: where, which language, and why."""

    where: str
    lang: str
    why: str

    def text(self) -> str:
        return f"{self.where}: {self.lang} is behind: {self.why}"


def compare(where: str, changes: dict[str, Change], extra: str = "") -> Iterator[Behind]:
    """Every language whose text changed before the newest one's."""
    newest_lang = max(changes, key=lambda code: changes[code].time)
    newest = changes[newest_lang]
    for code, change in changes.items():
        if change.time < newest.time:
            yield Behind(where, code, f"{newest_lang} changed on {newest.when()} ({newest.what}){extra}; "
                                      f"{code} last on {change.when() if change.time else 'never'}")


def pages(project: Project) -> Iterator[Behind]:
    root, codes = project.root, project.codes
    names = sorted({p.name for code in codes for p in (project.docs / code).glob("*.md")})
    for name in names:
        files = {code: project.docs / code / name for code in codes}
        missing = [code for code, path in files.items() if not path.is_file()]
        for code in missing:
            yield Behind(f"docs/{code}/{name}", code, "the page does not exist in this language yet")
        present = {code: path for code, path in files.items() if code not in missing}
        if len(present) < 2:
            continue
        changes = {code: file_change(root, path) for code, path in present.items()}
        oldest = min(change.time for change in changes.values())
        newest_lang = max(changes, key=lambda code: changes[code].time)
        since = commits_since(root, present[newest_lang], oldest)
        extra = f"; its commits since: {'; '.join(since[:5])}" if len(since) > 1 else ""
        for behind in compare(f"docs/*/{name}", changes, extra):
            yield Behind(f"docs/{behind.lang}/{name}", behind.lang, behind.why)
        reviewed: dict[str, Any] = {}
        for code, path in present.items():
            fm, _ = parse_front_matter(path.read_text(encoding="utf-8"), f"docs/{code}/{name}")
            reviewed[code] = fm.meta.get("reviewed") if fm is not None else None
        dates = {code: value for code, value in reviewed.items() if isinstance(value, dt.date)}
        if len(set(map(str, reviewed.values()))) > 1:
            newest_date = max(dates.values()) if dates else None
            for code, value in reviewed.items():
                if value != newest_date:
                    others = ", ".join(f"{c} {v}" for c, v in reviewed.items() if c != code)
                    yield Behind(f"docs/{code}/{name}", code,
                                 f"reviewed {value or 'never'}, its twin {others}: review it and set the same "
                                 "`reviewed:` date in both")


def language_values(value: Any, path: str, codes: tuple[str, ...]) -> Iterator[tuple[str, Map]]:
    """Every mapping under `value` whose keys are the language codes (an event's title, text)."""
    if isinstance(value, Map):
        if set(codes) <= set(value):
            yield path, value
            return
        for key, item in value.items():
            yield from language_values(item, f"{path}.{key}" if path else key, codes)
    elif isinstance(value, Seq):
        for item in value:
            yield from language_values(item, path, codes)


def events(project: Project) -> Iterator[Behind]:
    path = project.data / "events.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    changes = blame(project.root, path)
    items = load(path, project.root) or []
    for event in items:
        if not isinstance(event, Map):
            continue
        for field, value in language_values(event, "", project.codes):
            per_lang = {code: latest(changes, span(lines, value.line_of(code))) for code in project.codes}
            yield from compare(f"data/events.yml:{event.line_of('id')} {event.get('id')} {field}", per_lang)


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, Map, str]]:
    """Every leaf of a strings file: its dotted key, the mapping that holds it, its key."""
    if isinstance(value, Map):
        for key, item in value.items():
            full = f"{path}.{key}" if path else key
            if isinstance(item, Map):
                yield from leaves(item, full)
            else:
                yield full, value, key


def strings(project: Project) -> Iterator[Behind]:
    per_lang: dict[str, dict[str, Change]] = {}
    for code in project.codes:
        path = project.data / "strings" / f"{code}.yml"
        lines = path.read_text(encoding="utf-8").splitlines()
        changes = blame(project.root, path)
        per_lang[code] = {key: latest(changes, span(lines, holder.line_of(name)))
                          for key, holder, name in leaves(load(path, project.root))}
    keys = sorted(set.intersection(*(set(found) for found in per_lang.values())))
    for key in keys:
        yield from compare(f"data/strings/*.yml {key}", {code: per_lang[code][key] for code in project.codes})


def status(project: Project) -> dict[str, list[Behind]]:
    return {"Pages": list(pages(project)), "Events (data/events.yml)": list(events(project)),
            "Strings (data/strings/)": list(strings(project))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 scripts/dev.py translations", description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a text is behind its twin")
    args = parser.parse_args(argv)
    try:
        project = load_project()
    except DataError as error:
        print(f"translations: {error}")
        return 1
    if not in_git(project.root):
        print("translations: this folder is not a Git checkout: the status is read from Git's history")
        return 1 if args.strict else 0
    found = status(project)
    total = sum(len(items) for items in found.values())
    for title, items in found.items():
        print(f"{title}: {'all in step' if not items else f'{len(items)} behind'}")
        for item in items:
            print(f"  {item.text()}")
    if total:
        print(f"translations: {total} behind. For each: make the same change in the other language (or "
              "check that it needs none), set the same `reviewed:` date in both pages when you reviewed "
              "them, and commit both files together; then run this again.")
    else:
        print("translations: every language is in step")
    return 1 if args.strict and total else 0


if __name__ == "__main__":
    raise SystemExit(main())
