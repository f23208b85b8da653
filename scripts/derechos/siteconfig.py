"""mkdocs.yml as the project reads it, without a site generator: its navigation (the home
page's topics are a section of it) and the repository the site is published from.

The engines read mkdocs.yml themselves; this module reads the few keys the build needs
before any engine runs, with `!ENV [NAME, default]` resolved as MkDocs resolves it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from derechos.yamlfile import DataError


class _Loader(yaml.SafeLoader):
    """YAML with MkDocs' `!ENV` tag: the first variable that is set, else the default."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    assert isinstance(node, yaml.SequenceNode)
    *names, default = loader.construct_sequence(node)
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] in ("true", "false") else os.environ[name]
    return default


_Loader.add_constructor("!ENV", _env)


def read(path: Path) -> dict[str, Any]:
    """The configuration file, environment variables resolved."""
    with path.open(encoding="utf-8") as handle:
        value = yaml.load(handle, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    if not isinstance(value, dict):
        raise DataError(f"{path.name}:1: the configuration must be a mapping")
    return value


def nav_section(nav: list[Any], key: str) -> list[str]:
    """The pages of one section of mkdocs.yml's nav (by its key)."""
    for item in nav:
        if isinstance(item, dict) and key in item:
            return [page for page in item[key] if isinstance(page, str)]
    return []


def repository(url: str | None) -> dict[str, str] | None:
    """Who publishes the site and where it takes corrections, from the repository's address
    (REPO_URL, set by the deploy workflow from GitHub's own variables); None without one."""
    url = (url or "").rstrip("/")
    parts = url.removeprefix("https://github.com/").split("/")
    if not url.startswith("https://github.com/") or len(parts) != 2 or not all(parts):
        if url:
            raise DataError(f"mkdocs.yml:1: REPO_URL {url!r} must be https://github.com/OWNER/REPO")
        return None
    owner, _ = parts
    return {"name": owner, "url": f"https://github.com/{owner}", "repo": url, "issues": f"{url}/issues"}
