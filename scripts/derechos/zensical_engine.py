"""The second engine: Zensical renders one language's staged pages from the same mkdocs.yml.

Zensical reads mkdocs.yml and runs Python-Markdown with its `markdown_extensions`, but has
no hooks or MkDocs plugins: what the project's MkDocs plugin sets for each language
(derechos.langconfig) is written into a configuration of its own that inherits mkdocs.yml
(`INHERIT`), beside the staged pages, in a temporary folder (Zensical wants docs_dir and
site_dir inside the folder of its configuration). The rest (rules, staging, publish) is
the same code as with MkDocs. Installed from the lock's `zensical` dependency group.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from derechos import langconfig, siteconfig
from derechos.project import Language, Project


def _permalink_title(extension: object, title: str) -> object:
    """mkdocs.yml's toc extension, with the ¶ links' title in this language."""
    if isinstance(extension, dict) and "toc" in extension:
        return {"toc": {**(extension["toc"] or {}), "permalink_title": title}}
    return extension


class EngineError(RuntimeError):
    """Zensical failed or is missing; the message is its own."""


def build_language(project: Project, lang: Language, out: Path, site_url: str, docs_dir: Path,
                   offline_copy: bool = False) -> None:
    """One Zensical build of one language (its pages staged in `docs_dir`) into out/<root>."""
    if offline_copy:
        raise EngineError("the offline copy is built with MkDocs only (Material's offline plugin)")
    config = siteconfig.read(project.config_file)
    mine = langconfig.settings(project, lang, config, site_url, offline=False)
    with tempfile.TemporaryDirectory(prefix="derechos-zensical-") as tmp:
        root = Path(tmp)
        shutil.copytree(docs_dir, root / "docs")
        generated = {
            "INHERIT": str(project.config_file),
            "docs_dir": "docs", "site_dir": "site", "site_url": mine.site_url, "site_name": mine.site_name,
            "site_description": mine.site_description, "copyright": mine.copyright,
            "theme": {**(config.get("theme") or {}), "custom_dir": str(project.root / "overrides"),
                      "language": mine.theme_language, "palette": mine.palette},
            "nav": mine.nav, "extra": {**(config.get("extra") or {}), **mine.extra},
            "repo_url": mine.repo_url, "repo_name": mine.repo_name, "edit_uri": mine.edit_uri,
            "markdown_extensions": [_permalink_title(ext, mine.permalink_title)
                                    for ext in config.get("markdown_extensions") or []],
        }
        # Plain values only (the strings are YAML mappings with line numbers attached).
        text = yaml.safe_dump(json.loads(json.dumps(generated)), allow_unicode=True, sort_keys=False)
        (root / "zensical.yml").write_text(text, encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "-f", "zensical.yml"],
                                cwd=root, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise EngineError(f"zensical ({lang.code}): " + (result.stderr or result.stdout).strip()[-2000:])
        target = out / lang.root
        target.mkdir(parents=True, exist_ok=True)
        for item in (root / "site").iterdir():
            shutil.move(str(item), target / item.name)
