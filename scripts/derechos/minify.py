"""Fewer bytes for the reader: pages without their indentation (`compact_html`), the
site's own stylesheets without comments and spare spacing (`minify`), and Material's
palette stylesheet with only the colours the site uses (`trim_palette`).

overrides/assets/stylesheets/ explains every rule in comments, and so is three times the
size it needs to be; after each build, the copies in the site (the files of `extra_css`
that come from overrides/, not the theme's, which are minified already) lose their
comments and the spacing around braces and semicolons; text in quotes is left as it is.
On the home page's first view (budget 75 KB) the three together save about 2.5 KB.
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


PALETTE_SELECTOR = re.compile(r"\[data-md-color-(primary|accent)=([a-z-]+)\]")


def _rules(css: str) -> list[tuple[str, str]]:
    """(prelude, body) of each top-level rule of minified CSS (a body may hold rules itself)."""
    out, i = [], 0
    while i < len(css):
        start = css.find("{", i)
        if start < 0:
            break
        depth, j = 0, start
        while True:
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
            if depth == 0:
                break
        out.append((css[i:start].strip(), css[start + 1: j - 1]))
        i = j
    return out


def trim_palette(css: str, primaries: set[str], accents: set[str]) -> str:
    """Material's palette stylesheet with only the colours the site uses: it defines every
    primary and accent colour (2.3 KB on every first view), the site sets one of each."""
    used = {"primary": primaries, "accent": accents}
    out = []
    for prelude, body in _rules(css):
        if prelude.startswith("@"):
            inner = trim_palette(body, primaries, accents)
            if inner.strip():
                out.append(f"{prelude}{{{inner}}}")
            continue
        selectors = [s for s in prelude.split(",")
                     if all(value in used[kind] for kind, value in PALETTE_SELECTOR.findall(s))]
        if selectors:
            out.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(out)


def trim_theme_palette(site: Path, palette: list[dict[str, object]]) -> None:
    """Trim, in the built site, Material's palette stylesheet to the palette of mkdocs.yml."""
    primaries = {str(entry.get("primary")) for entry in palette}
    accents = {str(entry.get("accent")) for entry in palette}
    for path in (site / "assets" / "stylesheets").glob("palette.*.min.css"):
        path.write_text(trim_palette(path.read_text(encoding="utf-8"), primaries, accents), encoding="utf-8")


#: Elements whose text is kept exactly: preformatted text, and code (scripts are allowed
#: by the hash of their exact text).
VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
INDENT = re.compile(r"[ \t\r\f]*\n\s*")


def compact_html(page: str) -> str:
    """The page with each run of whitespace that holds a line break cut to that line break
    (a browser shows any such run as one space), except inside pre, textarea, script, style."""
    parts = VERBATIM.split(page)
    out = []
    for index in range(0, len(parts), 3):
        out.append(INDENT.sub("\n", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
