"""The site kit: a clean two-language project, written for a test in a temporary folder.

What a built project looks like to the checker, and nothing more: the language
declaration (the project's own, data/languages.yml), each language's strings, a source
registry and the text its pages quote, one organisation, no events, one short link,
docs/<code>/ with two twin pages, and site/ with a home page, a second page, a 404 page,
a stylesheet and the short link's redirect page, in every language (the first at the
site root, the others below their root). The head tags come from
`derechos.head_tags.render()` and HEAD_TAGS, as in the build, so a new head tag touches
that one constant and its test.

A test plants one defect with `plant` (HTML at the planted line of a page), `edit`,
`write`, `remove` or `drop_head`, runs the checker with `run`, and compares the finding
lines. Every page has the same layout: the head tags on line 6, the planted HTML from
line PLANTED on, so expected lines are stable whatever HEAD_TAGS holds.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from derechos import head_tags
from derechos.check.cli import main
from derechos.project import CHECKOUT, Language, load_project

SITE_URL = "https://example.org/"
#: The line of a page where `plant` inserts HTML (the head tags are on line HEAD_LINE).
PLANTED, HEAD_LINE = 14, 6
MARKER = "<!-- planted -->"
PAGES = ("index", "page")
TITLES = {"index": "Inicio", "page": "Página"}
DESCRIPTION = "A small page of the site kit, long enough for the description rule of the schema."
SOURCES = ("igf-2016", "accessnow-2021")

PAGE = """<!doctype html>
<html lang="{code}">
<head>
<meta charset="utf-8">
<title>{title}</title>
{head}
<link rel="stylesheet" href="assets/site.css">
</head>
<body>
<nav><a href="index.html">home</a> <a href="page.html#section">section</a> <a href="{twin}">{twin_code}</a></nav>
<h1 id="title">{title}</h1>
<h2 id="section">Section</h2>
<p>Text <a href="#title">up</a> <img src="assets/logo.png" alt=""></p>
{marker}
</body>
</html>
"""

REDIRECT = """<!doctype html>
<html lang="{code}"><head><meta charset="utf-8"><title>{title}</title>
<meta http-equiv="refresh" content="0; url=../{target}">
<link rel="canonical" href="{canonical}"></head><body><a href="../{target}">{title}</a></body></html>
"""

#: A docs page (page.md); front matter on lines 1-5, anchors on 7, 11 and 18, figures on 9 and 13.
DOC = """---
title: {title}
description: {description}
sources: [{sources}]
---

# {title} {{ #surveillance }}

{figures}

## Pegasus {{ #pegasus }}

1. {point}
2. {see} [{source}](https://www.accessnow.org/2021/report-{report}).

<q data-source="accessnow-2021" lang="{code}">a quote</q>

<div id="box" markdown>{box}</div>

<q data-source="accessnow-2021" lang="{code}">about 20 cases</q>{gloss}.
"""
#: What differs between the languages of a docs page (15,000 = 15.000; 1,5 = 1.5).
DOC_TEXT = {
    "es": dict(title="Vigilancia", figures="En 2017 se documentaron 15,000 casos; el 1,5 % de ellos.",
               point="Primer punto con 3 personas.", see="Segundo punto, ver", source="la fuente", report="88",
               box="Caja con 40 palabras.", gloss=" (traducción nuestra: «unos 20 casos»)",
               sources="accessnow-2021, igf-2016"),
    "en": dict(title="Surveillance", figures="In 2017, 15.000 cases were documented; 1.5 % of them.",
               point="First point with 3 people.", see="Second point, see", source="the source", report="99",
               box="Box with 40 words.", gloss="", sources="igf-2016, accessnow-2021"),
}
HOME_DOC = "---\ntitle: {title}\ndescription: {description}\nsources: []\n---\n\n# {title} {{ #home }}\n"

SOURCE = """{id}:
  kind: primary
  site: {site}
  url: https://sources.kit.test/{id}
  read: 2026-01-01
  confidence: high
  excerpt: A short verbatim passage.
  about:
{about}
"""


def languages() -> tuple[Language, ...]:
    """The project's own declaration: the kit has the languages the site has."""
    return load_project(CHECKOUT).languages


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.out.splitlines() if line.strip()]


class Kit:
    """A clean project in `root`: root/site, root/docs, root/data."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.site, self.docs, self.data = root / "site", root / "docs", root / "data"
        self.languages = languages()
        self.codes = tuple(lang.code for lang in self.languages)
        self._heads: dict[str, list[str]] = {}
        self._write_project()
        for lang in self.languages:
            for name in PAGES:
                self._write_page(lang, f"{name}.html", TITLES[name])
            self._write_page(lang, "404.html", "404", error_page=True)
            self.write(f"{lang.root}assets/site.css", "body { color: #222; }\n")
            self.write(f"{lang.root}assets/logo.png", b"\x89PNG\r\n")
            self.write(f"{lang.root}feed.xml", '<feed xmlns="http://www.w3.org/2005/Atom"></feed>\n')
            self.write(f"{lang.root}{self.slug(lang)}/index.html",
                       REDIRECT.format(code=lang.code, title=TITLES["page"], target="page.html#section",
                                       canonical=f"{SITE_URL}{lang.root}page.html#section"))

    # --- the clean project ------------------------------------------------------------

    @staticmethod
    def slug(lang: Language) -> str:
        return f"corto-{lang.code}"

    def _write_project(self) -> None:
        self.data.mkdir(parents=True)
        (self.root / "mkdocs.yml").write_text("site_name: Kit\n", encoding="utf-8")
        (self.data / "languages.yml").write_text("".join(
            f'- code: {lang.code}\n  name: {lang.name}\n  locale: {lang.locale}\n  root: "{lang.root}"\n'
            for lang in self.languages), encoding="utf-8")
        for lang in self.languages:
            (self.data / "strings").mkdir(exist_ok=True)
            (self.data / "strings" / f"{lang.code}.yml").write_text("site_name: Kit\n", encoding="utf-8")
        about = "".join(f"    {code}: What the kit cites it for.\n" for code in self.codes)
        (self.data / "sources.yml").write_text("\n".join(
            SOURCE.format(id=sid, site="Example", about=about) for sid in SOURCES), encoding="utf-8")
        (self.data / "events.yml").write_text("[]\n", encoding="utf-8")
        (self.data / "organisations.yml").write_text(
            "- id: kit\n  name: Kit\n  website: https://example.org/\n", encoding="utf-8")
        for code in self.codes:  # the text the pages quote, in each language
            (self.data / "texts").mkdir(exist_ok=True)
            (self.data / "texts" / f"accessnow-2021.{code}.txt").write_text(
                f"---\nsource: accessnow-2021\nlang: {code}\nedition: kit\nurl: https://example.org/\n"
                "captured: 2026-01-01\n---\nIt is a quote about 20 cases.\n", encoding="utf-8")
        (self.data / "shortlinks.yml").write_text(
            "- target: page.md#section\n" + "".join(f"  {lang.code}: [{self.slug(lang)}]\n" for lang in self.languages)
            + "  post:\n"
            + "".join(f"    {lang.code}: Read the kit's page, written in 2026.\n" for lang in self.languages),
            encoding="utf-8")
        for lang in self.languages:
            text = DOC_TEXT.get(lang.code, DOC_TEXT["en"])
            self.write_doc(f"{lang.code}/page.md", DOC.format(description=DESCRIPTION, code=lang.code, **text))
            self.write_doc(f"{lang.code}/index.md", HOME_DOC.format(title=TITLES["index"], description=DESCRIPTION))

    def head_values(self, lang: Language, name: str, title: str, error_page: bool) -> dict[str, object]:
        path = "" if name in ("index.html", "404.html") else name
        values: dict[str, object] = {
            "description": DESCRIPTION, "title": title, "site_name": "Kit",
            "canonical": None if error_page else f"{SITE_URL}{lang.root}{path}", "url": f"{SITE_URL}{lang.root}{path}",
            "x_default": f"{SITE_URL}{path}", "og_type": "article" if path else "website", "locale": lang.locale,
            "locale_alternates": [o.locale for o in self.languages if o != lang],
            "feed": f"{SITE_URL}{lang.root}feed.xml",
            "image": f"{SITE_URL}assets/cards/index.png", "image_width": 1200, "image_height": 630,
            "image_alt": "Preview card",
        }
        for other in self.languages:
            values[f"alternate_{other.code}"] = f"{SITE_URL}{other.root}{path}"
        return values

    def _write_page(self, lang: Language, name: str, title: str, error_page: bool = False) -> None:
        rel = lang.root + name
        tags = head_tags.render(self.head_values(lang, name, title, error_page), self.codes).split("\n    ")
        self._heads[rel] = tags
        twin = next(o for o in self.languages if o != lang)
        up = "../" * lang.root.count("/")
        self.write(rel, PAGE.format(code=lang.code, title=title, head=" ".join(tags), marker=MARKER,
                                    twin=f"{up}{twin.root}{name}", twin_code=twin.code))

    # --- planting defects ---------------------------------------------------------------

    def path(self, rel: str) -> Path:
        """A file of the site (`docs/…` and `data/…` are files of the project)."""
        head = rel.split("/", 1)[0]
        return self.root / rel if head in ("docs", "data") else self.site / rel

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
        return path

    def write_doc(self, rel: str, text: str) -> Path:
        return self.write(f"docs/{rel}", text)

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def edit(self, rel: str, old: str, new: str, count: int = 1) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} is not in {rel}"
        self.write(rel, text.replace(old, new, count))

    def plant(self, rel: str, html: str) -> None:
        """Insert HTML at line PLANTED of a page (its lines are PLANTED, PLANTED + 1, …)."""
        self.edit(rel, MARKER, html)

    def remove(self, rel: str) -> None:
        self.path(rel).unlink()

    def drop_head(self, rel: str, rules: Iterable[str] = (), *, where: Callable[[str], bool] | None = None) -> None:
        """Remove the head tags of these rules (or those the predicate picks) from a page."""
        rules = set(rules)
        codes = self.codes

        def rule_of(tag: str) -> str | None:
            for entry in head_tags.HEAD_TAGS:
                for select, _ in head_tags.expand(entry, codes):
                    if tag.startswith(f"<{entry.tag} ") and all(f' {k}="{v}"' in tag for k, v in select.items()):
                        return entry.rule
            return None

        tags = self._heads[rel]
        kept = [t for t in tags if rule_of(t) not in rules and not (where and where(t))]
        self.edit(rel, " ".join(tags), " ".join(kept))
        self._heads[rel] = kept

    # --- running the checker --------------------------------------------------------------

    def args(self, *extra: str | Path) -> list[str]:
        return [str(self.site), "--docs", str(self.docs), *map(str, extra)]


def run(capsys: pytest.CaptureFixture[str], *args: str | Path, github_actions: bool = False) -> Outcome:
    """Run the checker in this process (in the working folder the test chose) and capture it.

    GITHUB_ACTIONS is set only when asked, so the tests read the same under GitHub Actions.
    """
    saved = os.environ.pop("GITHUB_ACTIONS", None)
    if github_actions:
        os.environ["GITHUB_ACTIONS"] = "true"
    try:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
    finally:
        os.environ.pop("GITHUB_ACTIONS", None)
        if saved is not None:
            os.environ["GITHUB_ACTIONS"] = saved
    return Outcome(code, captured.out, captured.err)


@contextmanager
def nested_folders(top: Path, depth: int) -> Iterator[Path]:
    """`depth` folders one in another below `top` (the deepest is yielded), removed afterwards
    without recursion: os.makedirs and shutil.rmtree recurse, and pytest's clean-up of old
    temporary folders, shared by every run on the machine, would hit Python's limit."""
    folder = top
    for _ in range(depth):
        folder = folder / "d"
        folder.mkdir()
    try:
        yield folder
    finally:
        while folder != top:
            for entry in folder.iterdir():
                entry.unlink() if not entry.is_dir() or entry.is_symlink() else entry.rmdir()
            folder.rmdir()
            folder = folder.parent
