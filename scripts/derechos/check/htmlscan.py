"""A linear-time tokenizer for built HTML: tags, attributes, ids, URLs, CSS urls.

The checker needs attributes (href, src, id, ...), the <head> and <base>, not a DOM. The
tokens are the HTML standard's (https://html.spec.whatwg.org/multipage/parsing.html):

- a start tag's attributes are read as the standard's attribute states read them: a
  quote opens a value only after `=`, a value may run into the next attribute
  (`href="a"id="b"`), a `/` or a stray quote in a name is part of the name;
- comments (`<!-- -->`, also `<!-->`, `<!--->` and `--!>`), bogus comments (`<?…>`,
  `<!…>`, `</1…>`, a doctype) and, inside <svg> or <math> only, CDATA sections;
- raw text elements (script, style, xmp, iframe, noembed, noframes) and escapable raw
  text elements (textarea, title) end only at their own end tag, and nothing inside is
  a tag: no link is read there (style bodies are read as CSS); plaintext runs to the
  end. noscript is read as HTML: its links are what a reader without scripts follows.
  (Script's "escaped" states, `<!--<script>` inside a script, are not followed.)
- character references in attribute values as in an attribute: a legacy name without
  `;` followed by `=` or a letter or digit stays as written (`?a=1&copy=2`).

Linear time on any input: one regular expression finds each token from the current
position, and every part of it is possessive or atomic and ends at the token's end or at
the end of the text, so nothing is scanned twice. A tag left open at the end of the
file is dropped, as the standard drops it. CSS is scanned the same way (comments and
strings are tokens, so a url() inside them is not a URL). Malformed HTML never raises.
"""

from __future__ import annotations

import html
import re
from html.entities import html5

_WS = r"[\t\n\f\r ]"
#: An attribute value after `=`: quoted (to its quote, or the end of the text), unquoted,
#: or missing (`>` or the end follows).
_VALUE = r"""(?>"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z)|[^\t\n\f\r >"'][^\t\n\f\r >]*+|)"""
#: A start tag's attributes: separators (`/` included) and names, each with its value.
_ATTRS = rf"""(?:[\t\n\f\r /]++|[^\t\n\f\r />][^\t\n\f\r />=]*+(?:{_WS}*+={_WS}*+{_VALUE})?+)*+"""
#: Start tags the scan must see whatever their attributes, and the attributes it reads on
#: any tag: a start tag with neither (most of a page: <li class>, <span>, <div>) is skipped.
#: (Each list is guarded by the set of its first letters: one test rules most names out.)
_SPECIAL_TAGS = ("(?=[bhilmnpstxBHILMNPSTX])(?i:html|head|body|base|meta|link|title|textarea|script|style|xmp"
                 "|iframe|noembed|noframes|plaintext|svg|math)")
_READ_ATTRS = ("(?=[acdhilnprsxACDHILNPRSX])(?i:id|name|href|src|srcset|imagesrcset|style|data|poster|action"
               "|xlink:href|content|http-equiv|rel|lang|hreflang|property)")
_PLAIN_ATTRS = (rf"""(?:[\t\n\f\r /]++|(?!{_READ_ATTRS}(?:[\t\n\f\r />=]|\Z))[^\t\n\f\r />][^\t\n\f\r />=]*+"""
                rf"""(?:{_WS}*+={_WS}*+{_VALUE})?+)*+""")
_COMMENT = r"""<!--(?:>|->|(?:[^-]++|-(?!-!?>))*+(?:--!?>|\Z))"""
#: What the scan skips without a step in Python: text, start tags that are neither special
#: nor carry an attribute it reads, end tags other than </head>, </svg> and </math>,
#: comments, bogus comments (`<?…>`, `<!…>`, `</1…>`, a doctype), `</>`, and a `<` that
#: starts nothing. With the tokens below, every `<` is covered, so no position is tried
#: twice (a skipped start tag that turns out to carry such an attribute is read again,
#: once, as a token: at most twice over its bytes).
_SKIP = rf"""(?:[^<]++|<(?![a-zA-Z!?/])
            |<(?=[a-zA-Z])(?!{_SPECIAL_TAGS}[\t\n\f\r />])[^\t\n\f\r />]++{_PLAIN_ATTRS}(?:>|\Z)
            |</(?=[a-zA-Z])(?!(?i:head|svg|math)[\t\n\f\r />])[^\t\n\f\r />]++{_ATTRS}(?:>|\Z)
            |{_COMMENT}|<(?:\?|!(?!\[CDATA\[)|/(?![a-zA-Z>]))[^>]*+(?:>|\Z)|</>)"""
TOKEN = re.compile(
    rf"""{_SKIP}*+(?:(?P<lt><)(?:
        /(?P<close>(?i:head|svg|math))(?=[\t\n\f\r />]){_ATTRS}(?:>|\Z)     # an end tag that matters
      | (?P<cdata>!\[CDATA\[)                                                 # CDATA (svg, math) or bogus
      | (?P<tag>[a-zA-Z][^\t\n\f\r />]*+)(?P<attrs>{_ATTRS})(?:(?P<gt>>)|\Z)  # start tag
    )|\Z)""",
    re.S | re.X,
)
#: One attribute of a tag's attribute text: name, "=" if it has a value, the value's three forms.
ATTR = re.compile(rf"""([^\t\n\f\r />][^\t\n\f\r />=]*+)"""
                  rf"""(?:{_WS}*+(={_WS}*+)(?:"([^"]*+)"?|'([^']*+)'?|([^\t\n\f\r >]*+)))?""")
#: Elements whose content is text up to their own end tag (HTML namespace).
RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"})
#: Of these, the ones that stay raw text inside <svg> and <math> too (their text is code).
RAW_IN_FOREIGN = frozenset({"script", "style"})
#: Patterns not needed on every page are kept as text and compiled on first use (re keeps
#: them): compiling costs start-up time.
_RAW_END = r"</{}[\t\n\f\r />]"
_CHARREF = r"&(?:#[xX][0-9a-fA-F]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;?)"

#: A CSS string: to its quote, or (a bad string) to the end of the line or of the text.
_CSS_STRING = r"""(?:"(?:[^"\\\n]++|\\.)*+\\?(?:"|(?=\n)|\Z)|'(?:[^'\\\n]++|\\.)*+\\?(?:'|(?=\n)|\Z))"""
CSS_TOKEN = re.compile(
    rf"""/\*(?:[^*]++|\*(?!/))*+(?:\*/|\Z)                                # comment
      | {_CSS_STRING}                                                       # string (not a URL)
      | u(?<![\w-]u)rl\(\s*+(?:(?P<quoted>{_CSS_STRING})
                            |(?P<bare>(?:[^)(\s"'\\]++|\\(?:[0-9a-fA-F]{{1,6}}\s?|.))*+)\s*+(?:\)|(?P<bad>[^)]*+\)?)))
      | @import\s*+(?P<imported>{_CSS_STRING})""",
    re.S | re.X | re.I,
)
_CSS_ESCAPE = r"\\(?:([0-9a-fA-F]{1,6})[\t\n\f\r ]?|(.))"
#: A meta refresh's content up to its URL: the time, a separator, an optional `url=`.
_REFRESH = (r"[\t\n\f\r ]*+(?:[0-9]++[0-9.]*+|\.[0-9.]*+)(?:[\t\n\f\r ;,][\t\n\f\r ]*+(?:[;,][\t\n\f\r ]*+)?"
            r"(?:url[\t\n\f\r ]*+=[\t\n\f\r ]*+)?|(?=\Z))")

#: Attributes holding a URL, per tag.
URL_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",), "area": ("href",), "link": ("href", "imagesrcset"), "script": ("src",),
    "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "frame": ("src",), "embed": ("src",), "object": ("data",), "track": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "input": ("src",),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"), "form": ("action",),
}
SRCSET_ATTRS = frozenset({"srcset", "imagesrcset"})
#: Tags whose URL is fetched by the browser when the page loads (not followed by a click).
LOADING_TAGS = frozenset({"script", "img", "source", "iframe", "frame", "embed", "object",
                          "track", "video", "audio", "input", "image", "use"})
#: <link rel> values that make the browser contact the URL.
LOADING_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon",
                          "preload", "modulepreload", "prefetch", "preconnect",
                          "dns-prefetch", "prerender", "manifest"})

# Kinds of reference.
LINK, RESOURCE, REFRESH = "link", "resource", "refresh"


class Ref:
    """One URL of a page (a plain class: typing's NamedTuple costs start-up time)."""

    __slots__ = ("kind", "tag", "attr", "url", "offset")

    def __init__(self, kind: str, tag: str, attr: str, url: str, offset: int) -> None:
        self.kind = kind  # LINK (followed on click, or metadata), RESOURCE (loaded), REFRESH
        self.tag, self.attr, self.url = tag, attr, url
        self.offset = offset  # in the text; Page.line() turns it into a line number

    def __repr__(self) -> str:
        return f"Ref({self.kind!r}, {self.tag!r}, {self.attr!r}, {self.url!r}, {self.offset})"


class Page:
    """What a scan found in one document (a plain class: dataclasses cost start-up time)."""

    __slots__ = ("text", "ids", "names", "refs", "head", "title", "redirect", "base", "_cursor")

    def __init__(self, text: str) -> None:
        self.text = text
        #: (id, offset) in document order.
        self.ids: list[tuple[str, int]] = []
        #: <a name="…"> values: fragment targets too, but not ids.
        self.names: set[str] = set()
        self.refs: list[Ref] = []
        #: Tags seen in <head> (and <html>), with their attributes and offsets, in order.
        self.head: list[tuple[str, dict[str, str], int]] = []
        self.title: str | None = None
        self.redirect = False
        #: The href of the first <base> element that has one (the document's base URL).
        self.base: str | None = None
        self._cursor = (0, 1)

    def line(self, offset: int) -> int:
        """1-based line of an offset; counts newlines from the previous query (C speed)."""
        last_offset, last_line = self._cursor
        if offset < last_offset:
            last_offset, last_line = 0, 1
        line = last_line + self.text.count("\n", last_offset, offset)
        self._cursor = (offset, line)
        return line


#: Parsed attribute strings: a generated site repeats the same tags on every page (the
#: navigation, the header), so most tags are parsed once per process. Do not mutate.
_ATTR_CACHE: dict[str, dict[str, str]] = {}
_ATTR_CACHE_MAX = 200_000


#: Named references a page may write without ';' (the standard's legacy names: at most 6 letters).
_LEGACY = {name: value for name, value in html5.items() if not name.endswith(";")}
_REF_CACHE: dict[tuple[str, str], str] = {}


def unescape_attribute(value: str) -> str:
    """Character references in an attribute value, as the standard's tokenizer reads them."""
    if "&" not in value:
        return value

    cache = _REF_CACHE

    def one(match: re.Match[str]) -> str:
        end = match.end()
        key = (match.group(), value[end:end + 1])
        decoded = cache.get(key)
        if decoded is None:
            ref, following = key
            blocked = following == "=" or (following.isascii() and following.isalnum())
            decoded = _reference(ref, blocked)
            if len(cache) < 100_000:
                cache[key] = decoded
        return decoded

    return re.sub(_CHARREF, one, value)


def _reference(ref: str, blocked: bool) -> str:
    """One reference (`&amp;`, `&#233;`, `&copy`); `blocked`: a letter, digit or '=' follows it."""
    if ref[1] == "#":
        digits = ref[3:] if ref[2:3] in ("x", "X") else ref[2:]
        digits = digits.rstrip(";").lstrip("0") or "0"
        if len(digits) > 8:  # far beyond U+10FFFF: the replacement character, as the standard says
            return "\ufffd"
        return html.unescape(f"&#{ref[2:3] if ref[2:3] in ('x', 'X') else ''}{digits};")
    if ref.endswith(";") and ref[1:] in html5:
        return html5[ref[1:]]
    name = ref[1:].rstrip(";")
    for end in range(min(len(name), 6), 0, -1):  # the longest legacy name that starts it
        if name[:end] in _LEGACY:
            if end == len(name) and not ref.endswith(";") and blocked or end < len(name) and name[end].isalnum():
                return ref  # in an attribute, a legacy name before a letter, digit or '=' stays as written
            return _LEGACY[name[:end]] + ref[1 + end:]
    return ref


def _attrs(text: str) -> dict[str, str]:
    cached = _ATTR_CACHE.get(text)
    if cached is not None:
        return cached
    out: dict[str, str] = {}
    for name, assigned, double, single, bare in ATTR.findall(text):
        name = name.lower()
        if name not in out:  # a repeated attribute is dropped
            value = (double or single or bare) if assigned else ""
            out[name] = unescape_attribute(value) if "&" in value else value
    if len(_ATTR_CACHE) >= _ATTR_CACHE_MAX:
        _ATTR_CACHE.clear()
    _ATTR_CACHE[text] = out
    return out


def clean_url(value: str) -> str:
    """A URL attribute as the URL parser reads it: no leading or trailing spaces or controls,
    no tabs or newlines anywhere."""
    value = value.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13"
                        "\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    if "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\t", "").replace("\n", "").replace("\r", "")
    return value


#: One image candidate of a srcset: its URL (everything up to a space; trailing commas are
#: not part of it, and then no descriptors follow), then its descriptors up to a comma that
#: is not inside parentheses.
_CANDIDATE = (r"""[\t\n\f\r ,]*+([^\t\n\f\r ]++)"""
              r"""((?:(?<!,)(?:[\t\n\f\r ]++|[^\t\n\f\r ,(]++|\([^)]*+\)?))*+),?""")
_DESCRIPTOR = r"(?:[^\t\n\f\r (]++|\([^)]*+\)?)++"
_INTEGER = r"0*+[1-9][0-9]*+"  # a valid non-negative integer, above 0
_FLOAT = r"-?(?:[0-9]++(?:\.[0-9]++)?|\.[0-9]++)(?:[eE][+-]?[0-9]++)?"


def srcset_urls(value: str) -> list[str]:
    """The image candidates' URLs, by the standard's "parse a srcset attribute": a URL runs
    up to a space (a data: URL keeps its commas); a candidate with invalid descriptors is
    dropped, as browsers drop it."""
    candidates = re.findall(_CANDIDATE, value)
    invalid = {d for d in {d for _, d in candidates} if d and not _valid_descriptors(re.findall(_DESCRIPTOR, d))}
    return [url.rstrip(",") if url[-1] == "," else url for url, d in candidates if d not in invalid]


def _valid_descriptors(descriptors: list[str]) -> bool:
    """At most one width (`640w`, with an optional height `480h`) or one density (`2x`)."""
    seen: set[str] = set()
    for descriptor in descriptors:
        kind, number = descriptor[-1:], descriptor[:-1]
        if kind in seen or kind not in ("w", "h", "x"):
            return False
        valid = (re.fullmatch(_FLOAT, number) and not number.startswith("-") if kind == "x"
                 else re.fullmatch(_INTEGER, number))
        if not valid or (kind == "x" and seen) or (kind != "x" and "x" in seen):
            return False
        seen.add(kind)
    return "h" not in seen or "w" in seen


def _css_unescape(value: str) -> str:
    if "\\" not in value:
        return value

    def one(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return "" if match.group(2) == "\n" else match.group(2)

    return re.sub(_CSS_ESCAPE, one, value, flags=re.S)


def css_urls(text: str) -> list[tuple[str, int]]:
    """URLs in CSS text (url() and @import), with their 0-based offsets; comments and
    strings are skipped."""
    out = []
    for m in CSS_TOKEN.finditer(text):
        quoted, bare, bad, imported = m.group("quoted", "bare", "bad", "imported")
        string = quoted or imported
        if bare is not None and bad is None:
            url = _css_unescape(bare)
        elif string:
            url = _css_unescape(string[1:-1] if len(string) > 1 and string[-1] == string[0] else string[1:])
        else:
            continue  # a comment, a string, a bad url
        out.append((url.strip(), m.start()))
    return out


def refresh_url(content: str) -> str | None:
    """The URL of a meta refresh, by the standard's "shared declarative refresh steps"
    (`0; url='page.html'`, `5,page.html`, `0;URL=page.html`); None without one."""
    m = re.compile(_REFRESH, re.I).match(content)
    if m is None:
        return None
    rest = content[m.end():]
    if rest[:1] in ("'", '"'):
        rest = rest[1:].partition(rest[0])[0]
    return clean_url(rest) or None


def scan(text: str) -> Page:
    """Scan one HTML document."""
    page = Page(text)
    in_head = True
    foreign = 0  # depth of <svg> and <math>
    refs, ids, head = page.refs, page.ids, page.head
    url_attrs = URL_ATTRS
    search = TOKEN.match  # TOKEN skips what does not matter itself: each match starts where the last one ended
    pos, end = 0, len(text)

    while pos < end:
        m = search(text, pos)
        assert m is not None  # TOKEN matches everywhere: at worst the end of the text
        start, pos = m.start("lt"), m.end()
        if start < 0:
            break  # the end of the text
        tag_name, attr_text, gt = m.group("tag", "attrs", "gt")
        if tag_name is None:
            close = m.group("close")
            if close is not None:
                close = close.lower()
                if close == "head":
                    in_head = False
                elif foreign:
                    foreign -= 1
            else:  # <![CDATA[: a section to ]]> in svg and math, a bogus comment to '>' elsewhere
                found = re.compile(r"\]\]>").search(text, pos) if foreign else None
                pos = found.end() if found else (text.find(">", pos) + 1 or end)
            continue
        if gt is None:
            break  # a tag still open at the end of the text: dropped
        tag = tag_name.lower()
        attr_text = m.group("attrs")
        if tag == "body":
            in_head = False
        names = url_attrs.get(tag)
        attrs: dict[str, str] = _attrs(attr_text) if attr_text and not attr_text.isspace() else {}
        if tag in ("svg", "math") and not attr_text.rstrip().endswith("/"):
            foreign += 1
        elif tag in RAW_TEXT and (not foreign or tag in RAW_IN_FOREIGN):
            pos = _raw_text(page, tag, pos, in_head)
        elif tag == "plaintext" and not foreign:
            pos = end
        if in_head or tag == "html":
            head.append((tag, attrs, start))
        if not attrs:
            continue
        ident = attrs.get("id")
        if ident:
            ids.append((ident, start))
        if tag == "a" and attrs.get("name"):
            page.names.add(attrs["name"])
        if tag == "base" and page.base is None and "href" in attrs:
            page.base = clean_url(attrs["href"])
        style = attrs.get("style")
        if style and "url" in style.lower():
            for url, _ in css_urls(style):
                refs.append(Ref(RESOURCE, tag, "style", url, start))
        if names is None:
            if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
                target = refresh_url(attrs.get("content", ""))
                if target:
                    refs.append(Ref(REFRESH, tag, "content", target, start))
                    page.redirect = True
            continue
        if tag == "link":
            rels = set(attrs.get("rel", "").lower().split())
            kind = RESOURCE if rels & LOADING_RELS else LINK
        else:
            kind = RESOURCE if tag in LOADING_TAGS else LINK
        for name in names:
            value = attrs.get(name)
            if value is None:
                continue
            if name in SRCSET_ATTRS:
                refs.extend(Ref(kind, tag, name, url, start) for url in srcset_urls(value))
            else:
                refs.append(Ref(kind, tag, name, clean_url(value), start))
    return page


def _raw_text(page: Page, tag: str, pos: int, in_head: bool) -> int:
    """Skip a raw text element's content; read a style body as CSS and the head's title.
    Returns where its end tag starts (or the end of the text)."""
    text = page.text
    closing = re.compile(_RAW_END.format(tag), re.I).search(text, pos)
    body_end = closing.start() if closing else len(text)
    if tag == "style":
        for url, offset in css_urls(text[pos:body_end]):
            page.refs.append(Ref(RESOURCE, "style", "url", url, pos + offset))
    elif tag == "title" and in_head and page.title is None:
        page.title = " ".join(html.unescape(text[pos:body_end]).split())
    return body_end
