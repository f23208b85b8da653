"""The data files: each is read by the one YAML loader and checked, with file:line errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from derechos.data import load_organisations
from derechos.events import dates_in, load_events
from derechos.markers import expand
from derechos.metadata import load_sources
from derechos.project import Project, load_project
from derechos.yamlfile import DataError, loads

ORGANISATIONS = [
    # (case, the file's lines after its first comment line, expected line, message)
    ("bad-yaml", "- id: article-19\n  name: ARTICLE 19\n  website: https://articulo19.org/\n   notes: misplaced\n",
     5, "invalid YAML"),
    ("bad-website", "- id: article-19\n  name: ARTICLE 19\n  website: https://articulo19.org/\n"
                    "- id: funco\n  name: Funco\n  website: http://example.invalid/\n",
     7, "website must be an https:// address or null"),
    ("missing-name", "- id: article-19\n  name: ARTICLE 19\n  website: https://articulo19.org/\n"
                     "- id: horizontal\n  website: null\n", 5, "an organisation has no 'name'"),
    ("duplicate-id", "- id: r3d\n  name: R3D\n  website: https://r3d.mx/\n"
                     "- id: r3d\n  name: R3D again\n  website: null\n",
     5, "id 'r3d' is used twice"),
    ("notes-one-language", "- id: jass\n  name: Jass\n  website: https://justassociates.org/\n"
                           "  notes:\n    es: El sitio enlazado es el de JASS.\n", 6, "'notes' has no en text"),
    ("not-a-list", "article-19:\n  name: ARTICLE 19\n", 1, "the list of organisations must be a list"),
    ("unknown-key", "- id: funco\n  name: Funco\n  website: null\n  description: something no source says\n",
     5, "unknown key 'description' in an organisation (allowed: id, name, website, notes)"),
    ("kebab-id", "- id: Article_19\n  name: ARTICLE 19\n  website: null\n", 2, "id 'Article_19' must be kebab-case"),
]


@pytest.mark.parametrize(("body", "line", "message"), [c[1:] for c in ORGANISATIONS], ids=[c[0] for c in ORGANISATIONS])
def test_a_malformed_organisations_file_names_file_and_line(project: Project, tmp_path: Path, body: str,
                                                            line: int, message: str) -> None:
    path = tmp_path / "organisations.yml"
    path.write_text("# a test file\n" + body, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_organisations(project, path)
    assert str(caught.value).startswith(f"{project.shown(path)}:{line}: "), str(caught.value)
    assert message in str(caught.value)


def test_the_data_file_lists_the_twelve_signatories_in_the_statement_order(project: Project) -> None:
    names = [org.name for org in load_organisations(project)]
    statement = (project.data / "texts" / "igf-2016.en.txt").read_text(encoding="utf-8")
    # The statement's list writes «Social TIC»; the site writes the organisation's own
    # form, SocialTIC, everywhere (data/organisations.yml says so): the only difference allowed.
    lines = [line.strip().replace("Social TIC", "SocialTIC") for line in statement.splitlines()]
    start = lines.index(names[0])
    assert lines[start:start + len(names)] == names
    assert len(names) == 12


def test_the_loader_keeps_lines_and_refuses_duplicate_keys() -> None:
    data = loads("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yml", offset=1)
    assert data.lines == {"a": 2, "b": 3} and data["b"].lines == [4, 5]
    with pytest.raises(DataError, match=r"^f\.yml:2: key 'a' appears twice \(first on line 1\)$"):
        loads("a: 1\na: 2\n", "f.yml")
    with pytest.raises(DataError, match=r"^f\.yml:1: invalid YAML: .*\(while parsing a flow sequence\)$"):
        loads("a: [1\nb: 2\n", "f.yml")


def test_a_language_declaration_and_its_strings_are_checked(tmp_path: Path) -> None:
    for path in ("docs/es", "docs/en", "data/strings"):
        (tmp_path / path).mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "data/languages.yml").write_text(
        "- code: es\n  name: Español\n  locale: es_MX\n  root: ''\n"
        "- code: en\n  name: English\n  locale: en_GB\n  root: english/\n", encoding="utf-8")
    (tmp_path / "data/strings/es.yml").write_text("a: 1\nb: {c: 2}\n", encoding="utf-8")
    (tmp_path / "data/strings/en.yml").write_text("a: 1\nb: {d: 2}\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"^data/languages\.yml:8: root of 'en' must be 'en/'"):
        load_project(tmp_path)
    (tmp_path / "data/languages.yml").write_text(
        "- code: es\n  name: Español\n  locale: es_MX\n  root: ''\n"
        "- code: en\n  name: English\n  locale: en_GB\n  root: en/\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_project(tmp_path)
    assert caught.value.messages == ["data/strings/en.yml:1: missing string 'b.c' (it is in es.yml)",
                                     "data/strings/en.yml:1: string 'b.d' is not in es.yml"]


def test_every_source_records_where_it_was_read_and_what_it_says(project: Project) -> None:
    sources = load_sources(project.data / "sources.yml", project.codes, project.root)
    assert len(sources) > 20
    for source in sources.values():
        assert source.read and source.confidence and source.excerpt, source.id
        assert dt.date.fromisoformat(source.read) <= dt.date.today()


@pytest.mark.parametrize(("key", "value", "message"), [
    ("read", "2999-01-01", "read 2999-01-01 is in the future"),
    ("read", "yesterday", "read must be the date the page was read"),
    ("confidence", "sure", "confidence must be one of high, medium-high, medium"),
    ("url", "http://example.org/", "must be an https:// address"),
    ("excerpt", "'" + "x" * 401 + "'", "excerpt is 401 characters"),
])
def test_a_source_without_its_provenance_is_refused(project: Project, tmp_path: Path, key: str, value: str,
                                                   message: str) -> None:
    fields = {"kind": "followup", "site": "Example", "url": "https://example.org/", "read": "2026-11-30",
              "confidence": "high", "excerpt": "A sentence.", "about": "{es: Algo., en: Something.}", key: value}
    path = tmp_path / "sources.yml"
    path.write_text("example:\n" + "".join(f"  {k}: {v}\n" for k, v in fields.items()), encoding="utf-8")
    with pytest.raises(DataError, match=message) as caught:
        load_sources(path, project.codes, tmp_path)
    assert str(caught.value).startswith(f"sources.yml:{list(fields).index(key) + 2}: ")


def test_events_are_sorted_with_partial_dates_at_the_end_of_their_period(project: Project) -> None:
    sources = load_sources(project.data / "sources.yml", project.codes, project.root)
    events = load_events(project, sources)
    keys = [e.sort_key() for e in events]
    assert keys == sorted(keys)
    assert [e.id for e in events][:2] == ["2012-elections-hacker", "2013-access-legislation"]


def test_dates_written_in_a_sentence_are_found_in_each_language(project: Project) -> None:
    es, en = (project.strings[c]["dates"]["months"] for c in ("es", "en"))
    assert dates_in("El 25 de abril de 2022 la Corte lo invalidó; desde enero de 2026 se registra; en 2025 no.", es) \
        == ["2022-04-25", "2026-01", "2025"]
    assert dates_in("On 25 April 2022 the court struck it down; since January 2026, lines are registered.", en) \
        == ["2022-04-25", "2026-01"]


def test_an_unknown_marker_fails_with_the_page_and_line() -> None:
    with pytest.raises(DataError) as caught:
        expand("# Page\n\nText.\n\n<!-- md:signatorys -->\n", {"signatories": lambda c, a: ""}, None,
               "docs/es/signatories.md", 6)
    assert str(caught.value) == "docs/es/signatories.md:10: marker: unknown marker md:signatorys (known: signatories)"


def test_markers_in_code_are_shown_not_expanded() -> None:
    text = "```\n<!-- md:anything -->\n```\n"
    assert expand(text, {}, None, "p.md", 1) == text


def test_a_malformed_data_file_fails_the_page_that_uses_it() -> None:
    def broken(context: object, arg: str | None) -> str:
        raise DataError("data/organisations.yml:7: website must be an https:// address or null")

    with pytest.raises(DataError) as caught:
        expand("<!-- md:signatories -->\n", {"signatories": broken}, None, "docs/en/signatories.md", 7)
    assert caught.value.messages == ["data/organisations.yml:7: website must be an https:// address or null",
                                     "docs/en/signatories.md:7: (in the block md:signatories used here)"]
