"""Content-Security-Policy for every built page, computed from the page itself.

GitHub Pages cannot send headers, so the policy is a `<meta http-equiv>` tag placed
right after `<meta charset>`, before anything it must govern. It allows only the
site's own files ('self') plus the exact inline code the page contains, by hash:

- each inline `<script>` that runs (not JSON data blocks) gets a `'sha256-…'` source
  in script-src; so does each inline `<style>` element in style-src;
- `style="…"` attributes (e.g. aligned Markdown table cells) get their hash in
  style-src together with `'unsafe-hashes'` (which allows exactly those hashed
  attribute values, nothing else);
- inline event handlers (`onclick="…"`) and `javascript:` URLs are refused at build
  time: they would need the policy weakened, and a script file does the same job.

Material's instant navigation swaps page content without reloading, and re-runs the
inline scripts of the new content under the policy of the page first loaded. So the
hashes of every page's content scripts are added to every page of the same language
build (`unify`), and the test suite checks instant navigation for violations.

'self' also covers the offline copy opened from file:// in Chromium (proved by
tests/test_browser_privacy.py and tests/test_publish_offline.py); there, search runs
through the vendored iframe-worker shim, whose bootstrap script is allowed by its hash
like any other inline script (`shim_scripts`). `img-src data:` is needed because the theme draws its
icons as CSS masks with data: SVGs. Directives ignored in a meta policy
(frame-ancestors, report-uri, sandbox) are left out: Chromium logs an error for them.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
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

#: Script types the browser executes (everything else is a data block).
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


class CSPError(ValueError):
    """The page contains inline code that a hash-based policy cannot allow."""


def sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


class _Attributes(HTMLParser):
    """Collects style attributes and refuses event handlers / javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.styles: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            value = value or ""
            if name == "style" and value.strip():
                self.styles.append(value)
            elif name.startswith("on"):
                self.errors.append(f"line {line}: <{tag} {name}=…> is an inline event handler; "
                                   "use a script file instead")
            elif name in {"href", "src", "action", "formaction"} and \
                    value.strip().lower().startswith("javascript:"):
                self.errors.append(f"line {line}: <{tag} {name}=\"javascript:…\">; use a script file instead")

    handle_startendtag = handle_starttag


@dataclass
class Inline:
    """The inline code of one page, as hash sources."""

    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    style_attributes: list[str] = field(default_factory=list)


def inline_code(page: str, where: str = "page") -> Inline:
    """Hash every inline script, style element and style attribute of a page."""
    found = Inline()
    for attrs, body in SCRIPT.findall(page):
        if SRC.search(attrs):
            continue
        kind = TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") in JS_TYPES:
            found.scripts.append(sha256(body))
    found.styles = [sha256(body) for _, body in STYLE.findall(page)]
    parser = _Attributes()
    # Script and style bodies are not markup: blank them so the parser sees tags only.
    parser.feed(STYLE.sub("<style></style>", SCRIPT.sub("<script></script>", page)))
    parser.close()
    if parser.errors:
        raise CSPError(f"{where}: " + "; ".join(parser.errors))
    found.style_attributes = [sha256(value) for value in parser.styles]
    return found


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def policy(inline: Inline, extra_scripts: list[str] | tuple[str, ...] = ()) -> str:
    """The policy text for a page with this inline code."""
    scripts = _unique(["'self'", *inline.scripts, *extra_scripts])
    styles = ["'self'", *inline.styles]
    if inline.style_attributes:
        styles += ["'unsafe-hashes'", *inline.style_attributes]
    directives = [
        "default-src 'none'",
        "script-src " + " ".join(scripts),
        "style-src " + " ".join(_unique(styles)),
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


def protect(page: str, where: str = "page", extra_scripts: list[str] | tuple[str, ...] = ()) -> str:
    """Return the page with its policy meta tag (replacing any earlier one)."""
    page = EXISTING.sub("", page)
    extra_scripts = [*extra_scripts, *shim_scripts(page)]
    text = html.escape(policy(inline_code(page, where), extra_scripts), quote=False)
    tag = f'{META_START} content="{text.replace(chr(34), "&quot;")}">'
    anchor = CHARSET.search(page) or HEAD.search(page)
    if anchor is None:
        raise CSPError(f"{where}: no <head> or <meta charset> to put the Content-Security-Policy after")
    return page[: anchor.end()] + "\n  " + tag + page[anchor.end():]


def container_scripts(page: str) -> list[str]:
    """Hashes of the inline scripts that instant navigation re-runs (in the content container)."""
    start = page.find('data-md-component="container"')
    return [] if start < 0 else inline_code(page[start:]).scripts


def protect_tree(folder: Path) -> list[Path]:
    """Protect every HTML file below `folder`; the content-script hashes of all pages are shared.

    Returns the files whose text changed.
    """
    pages = sorted(folder.rglob("*.html"))
    texts = {path: path.read_text(encoding="utf-8") for path in pages}
    shared = _unique([h for text in texts.values() for h in container_scripts(text)])
    changed = []
    for path, text in texts.items():
        new = protect(text, str(path), shared)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


#: The Web Worker shim vendored for the offline copy (overrides/hooks/offline_copy.py).
SHIM = Path(__file__).resolve().parents[2] / "overrides" / "assets" / "javascripts" / "iframe-worker.js"
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
    worker, so it can be allowed by hash like any other inline script.
    """
    match = re.search(r"document\.write\(`.*?<script>(.*?)<\\/script>", shim, re.S)
    if match is None:
        raise CSPError("iframe-worker shim: no document.write of a <script> found")
    template = match.group(1)

    def fill(placeholder: re.Match[str]) -> str:
        name = placeholder.group(1)
        return worker if name == "e" else _function_source(shim, name)

    return re.sub(r"\$\{(\w+)\}", fill, template)


def shim_scripts(page: str) -> list[str]:
    """The hash of the shim's bootstrap script, for pages of the offline copy that load the shim."""
    if f'{SHIM_NAME}"' not in page:
        return []
    worker = SEARCH_WORKER.search(page)
    if worker is None:
        return []
    return [sha256(iframe_worker_bootstrap(SHIM.read_text(encoding="utf-8"), worker.group(1)))]


def has_policy(page: str) -> bool:
    return META_START in page
