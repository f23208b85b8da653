"""Content-Security-Policy for every built page: the theme's scripts, and nothing else.

GitHub Pages cannot send headers, so the policy is a `<meta http-equiv>` tag right after
`<meta charset>`, before anything it governs. It allows the site's own files ('self')
and, by hash, exactly the theme's inline scripts:

- the theme's scripts are the inline `<script>` elements outside the page content
  (Material's `<article>`), and they must be the same on every page of a language
  build: a script that is not on every page is not the theme's, and fails the build;
- an inline script, an event handler (`onclick=…`) or a `javascript:` URL in a page's
  content fails the build (derechos.rendered names the Markdown file and line; this
  module refuses them again in the built HTML, wherever they are);
- inline `<style>` elements, and `style="…"` attributes (aligned Markdown table cells)
  with `'unsafe-hashes'`, are allowed by hash: styles cannot run code.

With no inline content scripts, Material's instant navigation (which re-runs the new
content's inline scripts under the first page's policy) needs nothing more. The offline
copy runs search from file:// through a vendored Web Worker shim, whose bootstrap script
is allowed by its hash, computed from the shim itself (`shim_scripts`). `img-src data:`
is for the theme's icons (CSS masks with data: SVGs). Directives a meta policy ignores
(frame-ancestors, report-uri, sandbox) are left out: Chromium logs an error for them.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

#: The marker that tells a page already carries the policy.
META_START = '<meta http-equiv="Content-Security-Policy"'

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
STYLE = re.compile(r"<style\b([^>]*)>(.*?)</style\s*>", re.I | re.S)
TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
SRC = re.compile(r"\bsrc\s*=", re.I)
CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
HEAD = re.compile(r"<head\b[^>]*>", re.I)
EXISTING = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">', re.I)
#: A start tag (attributes included, quoted values may hold ">").
TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>""")
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href"})
#: The page content in Material's layout.
CONTENT = re.compile(r"<article\b[^>]*\bmd-content__inner\b[^>]*>.*?</article>", re.S)

#: Script types the browser executes (everything else is a data block).
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


class CSPError(ValueError):
    """The page holds inline code that the policy must not allow; the message says where."""


def sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _line(page: str, offset: int) -> int:
    return page.count("\n", 0, offset) + 1


def inline_scripts(page: str) -> list[tuple[int, str]]:
    """(offset, body) of every inline script the browser would run."""
    out = []
    for match in SCRIPT.finditer(page):
        attrs, body = match.group(1), match.group(2)
        if SRC.search(attrs):
            continue
        kind = TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") in JS_TYPES:
            out.append((match.start(), body))
    return out


def code_attributes(page: str, where: str) -> list[str]:
    """Problems: event handler attributes and javascript: URLs (script and style bodies skipped)."""
    blanked = STYLE.sub(lambda m: "\n" * m.group(0).count("\n"),
                        SCRIPT.sub(lambda m: "\n" * m.group(0).count("\n"), page))
    problems = []
    for tag in TAG.finditer(blanked):
        text = tag.group(0)
        if "on" not in text.lower() and "javascript" not in text.lower():
            continue
        name_end = re.match(r"<[^\s/>]+", text)
        assert name_end is not None
        for attr in ATTRIBUTE.finditer(text, name_end.end()):
            name = attr.group(1).lower()
            value = next((g for g in attr.groups()[1:] if g is not None), "")
            line = _line(blanked, tag.start())
            if name.startswith("on") and len(name) > 2:
                problems.append(f"{where}:{line}: {text[:60]}… has an inline event handler ({name}=); "
                                "a policy that trusts only the theme cannot allow it")
            elif name in URL_ATTRIBUTES and html.unescape(value).strip().lower().startswith("javascript:"):
                problems.append(f"{where}:{line}: {name}=\"javascript:…\": a javascript: URL runs code, "
                                "which the policy does not allow")
    return problems


def theme_scripts(page: str, where: str) -> list[str]:
    """Hashes of the inline scripts outside the page content; a script inside it is an error."""
    content = CONTENT.search(page)
    hashes = []
    for offset, body in inline_scripts(page):
        if content and content.start() <= offset < content.end():
            raise CSPError(f"{where}:{_line(page, offset)}: an inline <script> in the page content; "
                           "only the theme's scripts may run (write the script as a file of the theme)")
        hashes.append(sha256(body))
    return list(dict.fromkeys(hashes))


def policy(scripts: list[str], styles: list[str], style_attributes: list[str]) -> str:
    """The policy text for a page with these hashes."""
    style_sources = ["'self'", *styles]
    if style_attributes:
        style_sources += ["'unsafe-hashes'", *style_attributes]
    directives = [
        "default-src 'none'",
        "script-src " + " ".join(["'self'", *scripts]),
        "style-src " + " ".join(dict.fromkeys(style_sources)),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "media-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    return "; ".join(directives)


STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def protect(page: str, where: str, scripts: list[str]) -> str:
    """The page with its policy meta tag (replacing any earlier one), allowing `scripts`."""
    problems = code_attributes(page, where)
    if problems:
        raise CSPError("\n".join(problems))
    page = EXISTING.sub("", page)
    blanked = SCRIPT.sub("", page)
    styles = [sha256(body) for _, body in STYLE.findall(blanked)]
    attributes = [sha256(html.unescape(a or b)) for a, b in STYLE_ATTRIBUTE.findall(STYLE.sub("", blanked))
                  if (a or b).strip()]
    text = policy(scripts, styles, list(dict.fromkeys(attributes)))
    tag = f'{META_START} content="{html.escape(text, quote=False).replace(chr(34), "&quot;")}">'
    anchor = CHARSET.search(page) or HEAD.search(page)
    if anchor is None:
        raise CSPError(f"{where}: no <head> or <meta charset> to put the Content-Security-Policy after")
    return page[: anchor.end()] + "\n  " + tag + page[anchor.end():]


class ThemeScripts:
    """The theme's inline scripts of one language build: the same on every page."""

    def __init__(self) -> None:
        self.hashes: list[str] | None = None
        self.first: str = ""

    def check(self, page: str, where: str) -> list[str]:
        found = theme_scripts(page, where)
        if self.hashes is None:
            self.hashes, self.first = found, where
        elif set(found) != set(self.hashes):
            extra = sorted(set(found) - set(self.hashes))
            raise CSPError(f"{where}: its inline scripts differ from those of {self.first} "
                           f"({len(extra)} not on every page): a script that is not on every page "
                           "is not the theme's, and the policy does not allow it")
        return found


def has_policy(page: str) -> bool:
    return META_START in page


# --- The offline copy's Web Worker shim ------------------------------------------------------

#: The shim vendored for the offline copy (derechos.hooks configures it), below the project.
SHIM = "overrides/assets/javascripts/iframe-worker.js"
SHIM_NAME = "iframe-worker.js"
#: The search worker's address in a page's theme configuration (`__config` JSON).
SEARCH_WORKER = re.compile(r'"search":\s*"([^"]+\.js)"')


def _function_source(script: str, name: str) -> str:
    """The text of `function NAME(...){...}` in a minified script (braces balanced)."""
    start = script.find(f"function {name}(")
    if start < 0:
        raise CSPError(f"iframe-worker shim: no function {name!r}")
    depth, i = 0, script.index("{", start)
    while True:
        depth += {"{": 1, "}": -1}.get(script[i], 0)
        i += 1
        if depth == 0:
            return script[start:i]


def iframe_worker_bootstrap(shim: str, worker: str) -> str:
    """The inline script the iframe-worker shim writes into its hidden iframe.

    The offline copy runs search from file:// through this shim (Material's offline
    plugin), which starts the worker by writing a small document whose first script is
    `postMessage=${c};importScripts=${d};…filename:"${e}"…`: the source of two of its
    own functions and the worker's address. Its text is fixed for a given shim and
    worker, so it can be allowed by hash like any other inline script of the theme.
    """
    match = re.search(r"document\.write\(`.*?<script>(.*?)<\\/script>", shim, re.S)
    if match is None:
        raise CSPError("iframe-worker shim: no document.write of a <script> found")
    template = match.group(1)

    def fill(placeholder: re.Match[str]) -> str:
        name = placeholder.group(1)
        return worker if name == "e" else _function_source(shim, name)

    return re.sub(r"\$\{(\w+)\}", fill, template)


def shim_scripts(page: str, shim: Path) -> list[str]:
    """The hash of the shim's bootstrap script, for pages of the offline copy that load the shim."""
    if f'{SHIM_NAME}"' not in page:
        return []
    worker = SEARCH_WORKER.search(page)
    if worker is None:
        return []
    return [sha256(iframe_worker_bootstrap(shim.read_text(encoding="utf-8"), worker.group(1)))]
