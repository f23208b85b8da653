"""The rule registry (derechos.rules): one list of ids, each rule run alone without MkDocs, and
the build runs them before any engine renders a page.

The cases of each rule, in context, are in tests/site/test_build_failures.py (through the
build) and tests/unit/test_check_rules.py (through the checker); here, the registry itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from kit import Kit

from derechos import build, rules
from derechos.project import CHECKOUT, load_project


def test_every_rule_has_one_id_and_what_it_reads() -> None:
    ids = [rule.id for rule in rules.RULES]
    assert len(ids) == len(set(ids))
    for rule in rules.RULES:
        assert rule.reads in (rules.PAGE, rules.TWINS, rules.DATA, rules.SITE), rule
        assert (rule.check is None) == (rule.reads == rules.SITE), rule
        assert rule.summary, rule


def test_the_rules_run_alone_without_mkdocs() -> None:
    code = ("import sys, runpy; sys.argv = ['derechos.rules']\n"
            "try:\n    runpy.run_module('derechos.rules', run_name='__main__')\n"
            "except SystemExit as exit:\n"
            "    assert not [m for m in sys.modules if m.startswith(('mkdocs', 'material'))], 'mkdocs imported'\n"
            "    raise")
    proc = subprocess.run([sys.executable, "-c", code], cwd=CHECKOUT, capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stderr
    assert proc.stderr == "rules: 0 finding(s) in docs/ and data/\n"


def test_a_clean_project_has_no_finding(kit: Kit) -> None:
    assert rules.check_project(load_project(kit.root)) == []


def test_each_planted_defect_is_found_by_its_rule(kit: Kit) -> None:
    kit.edit("docs/en/index.md", "# Inicio { #home }", "# Inicio { #home }\n\n## No anchor\n\n<!-- md:nothing -->")
    kit.edit("docs/es/page.md", "about 20 cases", "about 21 cases")
    kit.edit("data/shortlinks.yml", "page.md#section", "no-page.md")
    found = rules.check_project(load_project(kit.root))
    assert [f.text() for f in found] == [
        "data/shortlinks.yml:1: data-shortlinks: target no-page.md does not exist: no docs/en/no-page.md",
        "data/shortlinks.yml:1: data-shortlinks: target no-page.md does not exist: no docs/es/no-page.md",
        "docs/en/index.md:9: heading: heading '## No anchor' has no explicit anchor; write it as "
        "'## Heading { #stable-id }'",
        "docs/en/index.md:11: marker: unknown marker md:nothing (known: later, offline-copy, publisher, shortlinks, "
        "signatories, timeline, topics)",
        "docs/es/page.md:20: quote: not found verbatim in data/texts/accessnow-2021.es.txt: 'about 21 cases'",
        "docs/es/page.md:20: twin-figures: the figure 21 is not in docs/en/page.md (en has 6 distinct figure(s): "
        "1.5, 3, 20, 40, 2017, 15000)",
    ]
    assert [f.rule for f in rules.check_project(load_project(kit.root), select=("twin-",))] == ["twin-figures"]


def test_the_build_runs_the_rules_before_any_engine(kit: Kit, monkeypatch: pytest.MonkeyPatch) -> None:
    def engine(*args: object, **kwargs: object) -> None:
        raise AssertionError("an engine ran on a project with findings")

    monkeypatch.setattr(build, "build_language", engine)
    kit.edit("docs/es/index.md", "# Inicio { #home }", "# Inicio")
    with pytest.raises(build.BuildError) as caught:
        build.build_site(kit.root / "out", "https://example.org/", project=load_project(kit.root))
    assert str(caught.value).split("\n") == [
        "invalid docs or data:",
        "docs/es/index.md:7: heading: heading '# Inicio' has no explicit anchor; "
        "write it as '## Heading { #stable-id }'",
        # on the page the editor changed, not on its untouched twin
        "docs/es/index.md:7: twin-anchors: #home is missing here, but docs/en/index.md:7 has it (es has 0 anchors, "
        "en has 1): put { #home } back on the heading it marked, or remove it from docs/en/index.md too (links and "
        "events point at it)",
    ]
    assert not Path(kit.root / "out").exists()
