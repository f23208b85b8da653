"""MkDocs hook: a Content-Security-Policy meta tag on every page (scripts/derechos/csp.py).

- `on_post_page`: each page gets a policy computed from its own inline code (hashes).
- `on_post_build`: every HTML file of this language build, including those no page
  produced (404.html, files written by other hooks), is (re)protected with the hashes of
  all pages' content scripts, which instant navigation re-runs under the first page's policy.
Pages with inline event handlers or javascript: URLs fail the build.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from derechos.csp import CSPError, protect, protect_tree


def on_post_page(output, page, config):
    try:
        return protect(output, page.file.src_uri)
    except CSPError as error:
        raise PluginError(f"Content-Security-Policy: {error}") from None


# Run after every other plugin's post-build step (search, offline, sitemaps...).
@event_priority(-200)
def on_post_build(config):
    try:
        protect_tree(Path(config.site_dir))
    except CSPError as error:
        raise PluginError(f"Content-Security-Policy: {error}") from None
