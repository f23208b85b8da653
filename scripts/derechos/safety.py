"""What a contributor could slip past the Content-Security-Policy: the build refuses it.

A pull request can change any file of docs/ and data/. The policy (derechos.csp) stops
scripts, but not what a page asks the browser to do by itself, so these are refused
before any engine runs, naming the file and line:

- files of docs/: only Markdown and the image types in ALLOWED (an SVG only without
  script, event handlers, foreignObject, entities or references to another host, and
  no javascript:/vbscript:/data: URL); no symbolic link (the build would publish what it
  points to: /proc/self/environ in the deploy job), nothing that is not a regular file;
- in a page's content (its Markdown, attribute lists and rendered HTML): `referrerpolicy`
  and `ping` attributes (the site's no-referrer promise is per page, a link could switch
  it off), `<meta>` (`name="referrer"`, `http-equiv="refresh"` to another site: the
  policy cannot stop a navigation) and javascript:, vbscript: and data: URLs, read as
  browsers read them (`url_scheme`: entities decoded, tab and newline removed, leading
  and trailing controls and spaces stripped: `jav&#x09;ascript:` is javascript:);
- in the text fields of the YAML files (data/*.yml, data/strings/, front matter): HTML
  tags and the same URLs. Tags are refused rather than escaped: these fields go into
  Markdown (timeline, status boxes, sources lists) and into attributes and templates,
  where one escaping would not fit every use, and a refusal names the data file and
  line, where an escaped tag would show up on the page as visible `<b>` text. Markdown
  (links, emphasis) is still allowed there.
"""

from __future__ import annotations

import html
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from derechos.files import walk
from derechos.findings import Finding

#: What docs/ may hold, by file name ending (lower case), and what each is.
ALLOWED = {".md": "Markdown", ".png": "PNG image", ".jpg": "JPEG image", ".jpeg": "JPEG image",
           ".webp": "WebP image", ".svg": "SVG image (checked: no script, handler or outside reference)"}
#: The largest SVG read (an image of the site is a few kilobytes).
SVG_MAX_BYTES = 1_000_000
#: URL schemes that run code or carry a document of their own.
BAD_SCHEMES = frozenset({"javascript", "vbscript", "data"})
#: Attributes whose value is a URL (and `to`/`values`/`from`: what SVG animation sets).
URL_ATTRIBUTES = frozenset({"href", "xlink:href", "src", "action", "formaction", "poster", "data", "background",
                            "cite", "srcset", "ping", "to", "from", "values", "by"})
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_TAB_NEWLINE = re.compile(r"[\t\n\r]")


def url_scheme(value: str, decoded: bool = False) -> str:
    """The scheme a browser reads in an attribute value (lower case, "" when relative): the
    value's entities decoded (unless `decoded`: html.parser did it), leading and trailing C0
    controls and spaces stripped, ASCII tab and newline removed (the URL standard)."""
    if not decoded:
        value = html.unescape(value)
    value = _TAB_NEWLINE.sub("", value.strip("".join(map(chr, range(0x21)))))
    match = _SCHEME.match(value)
    return match.group(1).lower() if match else ""


def bad_scheme(value: str, decoded: bool = False) -> str:
    """The dangerous scheme of a URL (javascript, vbscript, data), else ""."""
    scheme = url_scheme(value, decoded)
    if scheme in BAD_SCHEMES:
        return scheme
    # srcset and SVG's values= hold several URLs
    for part in re.split(r"[,;]", html.unescape(value) if not decoded else value)[1:]:
        scheme = url_scheme(part.strip().split(" ")[0], True)
        if scheme in BAD_SCHEMES:
            return scheme
    return ""


# --- In a page's content (Markdown and raw HTML, as written) ---------------------------------

_LINK_TARGET = re.compile(r"""\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+)""")
_META = re.compile(r"<meta\b", re.I)


def _attributes(text: str) -> Iterator[tuple[str, str]]:
    """(name, value) of every attribute written in tags and attribute lists of a line."""
    for tag in re.finditer(r"<[a-zA-Z][^>]*>?|\{[^}]*\}?", text):
        for match in re.finditer(r"""[\s:{]([a-zA-Z][a-zA-Z:-]*)\s*=\s*("[^"]*"|'[^']*'|[^\s>}]+)""", tag.group(0)):
            value = match.group(2)
            yield match.group(1).lower(), value[1:-1] if value[:1] in "\"'" else value


def content_problems(text: str) -> list[tuple[str, str]]:
    """(rule, message) for what a line of page content (Markdown with raw HTML, attribute
    lists) must not hold: rule "privacy" (referrer, ping, meta), "csp" (javascript:…)."""
    problems = []
    if _META.search(text):
        problems.append(("privacy", "a <meta> in the page content (name=\"referrer\" would undo the site's "
                                    "no-referrer policy, http-equiv=\"refresh\" leads readers elsewhere, which the "
                                    "Content-Security-Policy cannot stop); the templates write the head tags"))
    urls = [m.group(1) or m.group(2) for m in _LINK_TARGET.finditer(text)]
    for name, value in _attributes(text):
        if name in ("referrerpolicy", "ping"):
            what = ("can send the page's address to the linked site" if name == "referrerpolicy"
                    else "makes the browser report the click to another address")
            problems.append(("privacy", f"a {name}= attribute: it {what}, against the site's privacy policy "
                                        "(the site sends no referrer, on every page); remove it"))
        elif name in URL_ATTRIBUTES or name.endswith(":href"):
            urls.append(value)
    for url in urls:
        scheme = bad_scheme(url)
        if scheme:
            problems.append(("csp", f"a {scheme}: URL ({url[:40]!r}): {SCHEME_WHY[scheme]}"))
    return problems


SCHEME_WHY = {
    "javascript": "it runs code, which the Content-Security-Policy does not allow",
    "vbscript": "it runs code, which the Content-Security-Policy does not allow",
    "data": "a data: URL is a document of its own that the site's checks never see; put the file in the site",
}


def html_problems(tags: list[tuple[str, dict[str, str]]]) -> list[tuple[str, str, str]]:
    """(what to look for in the source, rule, message) for the tags of rendered page content
    (attributes decoded, as browsers read them)."""
    out = []
    for name, attrs in tags:
        if name == "meta":
            out.append(("<meta", "privacy", "a <meta> in the page content: only the site's templates write head "
                                            "tags (a referrer policy or a refresh there is not the site's)"))
            continue
        for attr, value in attrs.items():
            if attr in ("referrerpolicy", "ping"):
                out.append((attr, "privacy", f"a {attr}= attribute on <{name}>: it sends the reader's address or "
                                             "clicks to another site, against the site's privacy policy"))
            elif attr in URL_ATTRIBUTES or attr.endswith(":href"):
                scheme = bad_scheme(value, decoded=True)
                if scheme:
                    out.append((value.strip()[:12] or attr, "csp",
                                f"a {scheme}: URL in {attr}= on <{name}> (as a browser reads it): "
                                f"{SCHEME_WHY[scheme]}"))
    return out


# --- In YAML text fields -----------------------------------------------------------------------

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")


def text_field_problem(value: str) -> tuple[int, str] | None:
    """(offset, message) of the first thing a YAML text field must not hold, else None."""
    tag = _TAG.search(value)
    if tag:
        return tag.start(), (f"HTML in a text field ({value[tag.start():tag.start() + 30]!r}): text fields "
                             "are not HTML (Markdown links and emphasis are allowed); write it as text")
    for match in _LINK_TARGET.finditer(value):
        url = match.group(1) or match.group(2)
        scheme = bad_scheme(url)
        if scheme:
            return match.start(), f"a {scheme}: URL ({url[:40]!r}): {SCHEME_WHY[scheme]}"
    stripped = value.strip()
    if " " not in stripped:
        scheme = bad_scheme(stripped)
        if scheme:
            return 0, f"a {scheme}: URL ({stripped[:40]!r}): {SCHEME_WHY[scheme]}"
    for name, _ in _attributes(value):
        if name in ("referrerpolicy", "ping") or (name.startswith("on") and len(name) > 2):
            return value.find(name), f"an attribute {name}= in a text field: text fields are not HTML"
    return None


# --- What docs/ holds --------------------------------------------------------------------------

def docs_findings(docs: Path, shown: str) -> list[Finding]:
    """Every file of docs/ that is not allowed: an unknown type, a symbolic link, something
    that is not a regular file, an SVG that could run or fetch something. The folder is
    walked without recursion and without following links."""
    out: list[Finding] = []

    def unlistable(rel: str, error: OSError) -> None:
        out.append(Finding(f"{shown}/{rel}".rstrip("/"), None, "docs-files",
                           f"cannot list this folder: {error.strerror}"))

    for entry, rel in walk(docs, unlistable):
        where = f"{shown}/{rel}"
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as error:
            out.append(Finding(where, None, "docs-files", f"cannot read: {error.strerror}"))
            continue
        if stat.S_ISLNK(mode):
            out.append(Finding(where, None, "docs-files",
                               "a symbolic link: the build would publish whatever it points to; "
                               "put the file itself in docs/"))
        elif stat.S_ISDIR(mode):
            continue  # walked into
        elif not stat.S_ISREG(mode):
            out.append(Finding(where, None, "docs-files", "not a regular file: docs/ holds pages and images"))
        else:
            suffix = os.path.splitext(entry.name)[1].lower()
            if suffix not in ALLOWED or entry.name.startswith("."):
                out.append(Finding(where, None, "docs-files",
                                   f"a file of a type the site does not publish: docs/ holds only "
                                   f"{', '.join(sorted(ALLOWED))} files (anything else would be published "
                                   "as it is, unchecked)"))
            elif suffix == ".svg":
                out += svg_findings(Path(entry.path), where)
    return sorted(out, key=lambda f: (f.file, f.line or 0))


def _css_urls(text: str) -> list[tuple[int, str]]:
    """(offset, url) of every url(…) in a text, in one pass (a `url(` without its `)` runs to
    the end: no backtracking on hostile input)."""
    out, at, low = [], 0, text.lower()
    while (start := low.find("url(", at)) >= 0:
        end = text.find(")", start + 4)
        out.append((start, text[start + 4:end if end >= 0 else len(text)].strip().strip("'\"")))
        if end < 0:
            break
        at = end + 1
    return out


def _outside(url: str) -> str:
    """Why a reference in an SVG leaves it ("" for a fragment or a relative path of the site)."""
    decoded = _TAB_NEWLINE.sub("", html.unescape(url).strip())
    scheme = url_scheme(decoded, True)
    if scheme in BAD_SCHEMES:
        return f"a {scheme}: URL"
    if scheme or decoded.startswith(("//", "\\\\", "/\\", "\\/")):
        return "a reference to another host"
    return ""


def svg_findings(path: Path, where: str) -> list[Finding]:
    """The problems of an SVG file of docs/ (svg_problems), as findings of rule docs-files."""
    from derechos.files import read_regular

    try:
        if path.stat().st_size > SVG_MAX_BYTES:
            return [Finding(where, None, "docs-files",
                            f"SVG: larger than {SVG_MAX_BYTES:,} bytes; an image of the site is far smaller")]
        text = read_regular(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [Finding(where, None, "docs-files", f"SVG: cannot be read as UTF-8 text ({error})")]
    return [Finding(where, line, "docs-files", f"SVG: {message}") for line, message in svg_problems(text)]


def svg_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) for what an SVG may not hold: it may draw, not run or fetch. No script,
    no event handler, no foreignObject (HTML inside), no entity declarations (they could hide
    any of these), no reference to another host, no javascript:/vbscript:/data: URL."""
    from derechos import htmlread

    out = []

    def line_at(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    for match in re.finditer(r"<!ENTITY|<\?xml-stylesheet|@import", text, re.I):
        out.append((line_at(match.start()), f"{match.group(0)} (an entity or a style sheet from "
                                            "elsewhere could hide a script or a reference)"))
    for tag in htmlread.read(text).tags:
        local = tag.name.rsplit(":", 1)[-1]
        if local in ("script", "foreignobject", "iframe", "embed", "object"):
            out.append((tag.line, f"a <{tag.name}> element: an image of the site runs nothing and holds no HTML"))
        for name, value in tag.attrs.items():
            local_name = name.rsplit(":", 1)[-1]
            if name.startswith("on") and len(name) > 2:
                out.append((tag.line, f"an event handler ({name}=) on <{tag.name}>"))
            elif local_name == "attributename" and value.strip().lower().rsplit(":", 1)[-1] == "href":
                out.append((tag.line, f"<{tag.name}> animates a link (attributeName={value})"))
            elif local_name in ("href", "src") or name in URL_ATTRIBUTES:
                why = _outside(value)
                if why:
                    out.append((tag.line, f"{why} in {name}= on <{tag.name}>"))
            elif bad_scheme(value, decoded=True):
                out.append((tag.line, f"a {bad_scheme(value, True)}: URL in {name}= on <{tag.name}>"))
    for offset, url in _css_urls(text):
        why = _outside(url)
        if why:
            out.append((line_at(offset), f"{why} in url({url[:40]})"))
    # Whatever the syntax (an attribute, CSS, an entity-encoded slash), an address of another
    # host has '//' in an attribute other than a namespace declaration, or in a style sheet;
    # text (a <title>) and comments load nothing.
    read = htmlread.read(text, ("style",))
    places = [(tag.line, value) for tag in read.tags for name, value in tag.attrs.items()
              if not name.startswith("xmlns")]
    places += [(tag.line, tag.inner(text)) for tag in read.elements("style")]
    for line, value in places:
        at = value.find("//")
        if at >= 0:
            out.append((line, f"'//' in an attribute or a style sheet ({value[max(0, at - 20):at + 20].strip()!r}): "
                              "a reference to another host; an image of the site holds only its own drawing "
                              "(remove what an editor left, e.g. its metadata, with svgo)"))
            break
    if "\\" in "".join(t.inner(text) for t in read.elements("style")) or \
            any("\\" in t.attrs.get("style", "") for t in read.tags):
        out.append((1, "a backslash in CSS (an escape can spell url( or a host the check would not see)"))
    return sorted(set(out))
