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
is for the theme's icons (CSS masks with data: SVGs). Nothing is declared that no page
uses (no fonts, manifest or media: they fall back to default-src 'none'); `base-uri` and
`form-action` are 'none' (no page has a <base> or submits a form). Directives a meta
policy ignores (frame-ancestors, report-uri, report-to, sandbox) are left out: Chromium
logs an error for them. The README's security section lists each directive and why.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

from derechos import htmlread, safety

#: The marker that tells a page already carries the policy.
META_START = '<meta http-equiv="Content-Security-Policy"'
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href"})
#: Script types the browser executes (everything else is a data block).
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


class CSPError(ValueError):
    """The page holds inline code that the policy must not allow; the message says where."""


def sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _line(page: str, offset: int) -> int:
    return page.count("\n", 0, offset) + 1


def inline_scripts(page: str, read: htmlread.Page | None = None) -> list[tuple[int, str]]:
    """(offset, body) of every inline script the browser would run."""
    read = read or htmlread.read(page, ("script",))
    return [(tag.start, tag.inner(page)) for tag in read.elements("script")
            if "src" not in tag.attrs and tag.attrs.get("type", "").lower() in JS_TYPES]


def code_attributes(page: str, where: str, read: htmlread.Page | None = None) -> list[str]:
    """Problems: event handler attributes and javascript: URLs (script and style bodies are not tags)."""
    problems = []
    for tag in (read or htmlread.read(page)).tags:
        for name, value in tag.attrs.items():
            if name.startswith("on") and len(name) > 2:
                problems.append(f"{where}:{tag.line}: {page[tag.start:tag.end][:60]}… has an inline event handler "
                                f"({name}=); a policy that trusts only the theme cannot allow it")
            elif name in URL_ATTRIBUTES and safety.bad_scheme(value, decoded=True) in ("javascript", "vbscript"):
                scheme = safety.bad_scheme(value, decoded=True)
                problems.append(f"{where}:{tag.line}: {name}=\"{scheme}:…\": a {scheme}: URL (as a browser reads it) "
                                "runs code, which the policy does not allow")
    return problems


def referrer_problems(where: str, read: htmlread.Page) -> list[str]:
    """What would undo the no-referrer promise on a built page, wherever it is: a `ping` or
    `referrerpolicy` attribute, a referrer policy other than no-referrer (derechos.safety
    refuses them in the Markdown first, naming its line)."""
    problems = []
    for tag in read.tags:
        for name in ("ping", "referrerpolicy"):
            if name in tag.attrs:
                problems.append(f"{where}:{tag.line}: a {name}= attribute on <{tag.name}>: it sends the reader's "
                                "address or clicks elsewhere; the site sends no referrer")
        if tag.name == "meta" and tag.attrs.get("name", "").lower() == "referrer" and \
                tag.attrs.get("content", "").strip().lower() != "no-referrer":
            problems.append(f"{where}:{tag.line}: <meta name=\"referrer\" content=\"{tag.attrs.get('content', '')}\">: "
                            "the site's referrer policy is no-referrer")
    return problems


def theme_scripts(page: str, where: str) -> list[str]:
    """Hashes of the inline scripts outside the page content (Material's <article>); a script
    inside it is an error."""
    read = htmlread.read(page, ("script", "article"))
    content = next((t for t in read.elements("article") if "md-content__inner" in t.attrs.get("class", "").split()),
                   None)
    hashes = []
    for offset, body in inline_scripts(page, read):
        if content and content.start <= offset < content.close_end:
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
        "img-src 'self' data:",  # the pages' images; the theme's icons are data: SVGs in CSS masks
        "connect-src 'self'",  # instant navigation, the language switch's sitemap.xml, the search index
        "worker-src 'self'",  # the search worker (online; offline through the iframe shim)
        "base-uri 'none'",  # no page has a <base>; one in content would redirect every relative link
        "form-action 'none'",  # the search form is never submitted (Material searches in the page)
    ]
    # Not declared, so 'none' through default-src: fonts (the site loads none: theme.font is
    # false), manifests, media, frames, objects. See DIRECTIVES for why each is what it is.
    return "; ".join(directives)


def protect(page: str, where: str, scripts: list[str]) -> str:
    """The page with its policy meta tag (replacing any earlier one), allowing `scripts`."""
    read = htmlread.read(page, ("script", "style"))
    problems = code_attributes(page, where, read) + referrer_problems(where, read)
    if problems:
        raise CSPError("\n".join(problems))
    for tag in reversed(read.elements("meta")):  # an earlier policy, with the spacing before it
        if tag.attrs.get("http-equiv", "").lower() == "content-security-policy":
            start = len(page[:tag.start].rstrip())
            page = page[:start] + page[tag.end:]
            read = htmlread.read(page, ("script", "style"))
    styles = [sha256(tag.inner(page)) for tag in read.elements("style")]
    attributes = [sha256(tag.attrs["style"]) for tag in read.tags if tag.attrs.get("style", "").strip()]
    text = policy(scripts, styles, list(dict.fromkeys(attributes)))
    meta = f'{META_START} content="{html.escape(text, quote=False).replace(chr(34), "&quot;")}">'
    anchor = next((t for t in read.elements("meta") if "charset" in t.attrs), None) or \
        next((t for t in read.elements("head")), None)
    if anchor is None:
        raise CSPError(f"{where}: no <head> or <meta charset> to put the Content-Security-Policy after")
    return page[: anchor.end] + "\n  " + meta + page[anchor.end:]


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

#: The shim vendored for the offline copy (derechos.langconfig configures it), below the project.
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
