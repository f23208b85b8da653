"""The site's own stylesheets as readers get them: without comments and spare spacing.

overrides/assets/stylesheets/ explains every rule in comments, and so is three times the
size it needs to be: on the home page's first view (budget 75 KB) that was 2.3 KB of the
bytes transferred. After each build, the copies in the site (the files of `extra_css`
that come from overrides/, not the theme's, which are minified already) lose their
comments and the spacing around braces and semicolons; text in quotes is left as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

#: A quoted string, a comment, or anything else up to the next of either.
TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|/\*.*?\*/|[^"\'/]+|/', re.S)
SPACE = re.compile(r"\s+")
AROUND = re.compile(r"\s*([{};])\s*")


def minify(css: str) -> str:
    """The stylesheet without comments, whitespace runs collapsed, none around { } ;."""
    segments: list[str] = [""]  # code, string, code, string, ... (comments dropped)
    for token in TOKEN.findall(css):
        if token.startswith("/*"):
            segments[-1] += " "
        elif token[0] in "\"'":
            segments += [token, ""]
        else:
            segments[-1] += token
    for i in range(0, len(segments), 2):
        segments[i] = AROUND.sub(r"\1", SPACE.sub(" ", segments[i])).replace(";}", "}")
    return "".join(segments).strip() + "\n"


def minify_site_css(site: Path, overrides: Path, extra_css: list[str]) -> None:
    """Minify, in the built site, each extra_css file that the project wrote itself."""
    for name in extra_css:
        if (overrides / name).is_file() and (site / name).is_file():
            path = site / name
            path.write_text(minify(path.read_text(encoding="utf-8")), encoding="utf-8")
