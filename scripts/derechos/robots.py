"""robots.txt at the site root, pointing crawlers at each language's sitemap.

A post-build step (derechos.build POST_STEPS): each language's MkDocs build writes
its own sitemap.xml (/sitemap.xml, /en/sitemap.xml); robots.txt must list them with
absolute URLs. Crawlers read robots.txt only at the root of a host, so on a project
page (https://OWNER.github.io/REPO/) it is informative only; on a custom domain it
is the one they read.
"""

from __future__ import annotations

from pathlib import Path

from derechos.project import LANGUAGES, language_root


def robots_txt(site_url: str) -> str:
    root = site_url if site_url.endswith("/") else site_url + "/"
    lines = ["User-agent: *", "Allow: /", ""]
    lines += [f"Sitemap: {root}{language_root(lang)}sitemap.xml" for lang in LANGUAGES]
    return "\n".join(lines) + "\n"


def write_robots(site: Path, site_url: str) -> None:
    (site / "robots.txt").write_text(robots_txt(site_url), encoding="utf-8")
