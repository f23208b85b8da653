"""Every built page carries a policy that allows its theme scripts and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from derechos.csp import META_START, inline_scripts, sha256

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_every_built_page_carries_its_policy(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    missing = [str(p.relative_to(site)) for p in pages if META_START not in p.read_text(encoding="utf-8")]
    assert missing == []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        policy = POLICY.search(text)
        assert policy, f"{page.relative_to(site)}: no Content-Security-Policy"
        script_src = policy.group(1).split("script-src", 1)[1].split(";")[0]
        allowed = set(re.findall(r"'sha256-[^']+'", script_src))
        scripts = {sha256(body) for _, body in inline_scripts(text)}
        assert scripts == allowed, (f"{page.relative_to(site)}: allows {sorted(allowed - scripts)}, which it does "
                                    f"not run, or runs {sorted(scripts - allowed)}, which it does not allow")


def test_every_page_of_a_language_allows_the_same_few_theme_scripts(site: Path) -> None:
    found = {p: POLICY.search(p.read_text(encoding="utf-8")) for p in site.glob("*.html") if p.name != "404.html"}
    assert all(found.values()), [str(p.relative_to(site)) for p, match in found.items() if not match]
    policies = {match.group(1) for match in found.values() if match}
    assert len(policies) == 1, f"{len(policies)} different policies on the Spanish pages"
    hashes = re.findall(r"'sha256-[^']+'", next(iter(policies)).split(";")[1])
    assert 1 <= len(hashes) <= 6, f"{len(hashes)} script hashes: more than the theme's own"
