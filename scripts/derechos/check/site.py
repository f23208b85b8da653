"""Checks on the built site: internal links and anchors, redirects, duplicate ids,
third-party resources, insecure links, encodings, unreadable files and the required
head tags.

The site is listed without opening anything (a FIFO, socket or device is reported, never
read); each HTML and CSS file is read and scanned once, decoded by its byte order mark,
in this process or, on big sites (POOL_MIN_BYTES), in a pool of one process per core.
A worker resolves every reference of its file against the list of files in the site
(relative URLs by string operations, absolute ones once per process; against the page's
<base href> when it has one) and checks same-page anchors itself; anchors on other pages
are collected as distinct (target, id) pairs and checked once each in the parent,
against the ids and names every worker reported.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from derechos.check import htmlscan
from derechos.files import NotRegularFile, TooLarge, kind, read_regular, walk
from derechos.findings import Finding

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (start-up time)
if TYPE_CHECKING:
    from derechos.project import Language

#: URL schemes that are not fetched over the network or are not links at all.
IGNORED_SCHEMES = frozenset({"javascript", "data", "blob", "about"})
#: Links that are fine but cannot be checked over HTTP (counted as skipped by --external).
SKIPPED_SCHEMES = frozenset({"mailto", "tel", "sms", "geo"})
#: The origin a site without a known address is given, to resolve <base href> against.
PLACEHOLDER_ORIGIN = "https://site.invalid"
#: Pages, stylesheets and SVG images: the files that are read.
CHECKED = (".html", ".htm", ".css", ".svg")
#: Below this many bytes of pages and stylesheets, a pool of processes costs more than it
#: saves (forking, importing multiprocessing, sending results back): measured with
#: derechos_tools.bench_check --pool, see the benchmark section of DEVELOPERS.md.
POOL_MIN_BYTES = 6_000_000


class SiteInfo:
    """Where the site lives: its files and its public address (origin + base path); a plain
    class, as typing's NamedTuple and dataclasses cost start-up time."""

    __slots__ = ("root", "display", "files", "dirs", "origin", "base", "languages", "head")

    def __init__(self, root: Path, display: str, files: frozenset[str], dirs: frozenset[str], origin: str | None,
                 base: str, languages: tuple[Language, ...], head: bool = True) -> None:
        self.root = root
        self.display = display  # how SITE_DIR is printed in findings ("site")
        self.files = files  # every regular file, relative posix paths
        self.dirs = dirs
        self.origin = origin  # "http://127.0.0.1:8000"
        self.base = base  # "/" or "/repo/"
        self.languages = languages  # the first one at the site root, the others below their root
        self.head = head  # check the required head tags

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def own_origin(self) -> str:
        return self.origin or PLACEHOLDER_ORIGIN

    def base_url(self, rel: str, href: str | None) -> str | None:
        """A page's <base href> as an absolute URL (None without one, or when it is not http(s))."""
        if href is None:
            return None
        url = urljoin(f"{self.own_origin}{self.base}{rel}", href)
        return url if url.startswith(("http://", "https://")) else None


class FileResult:
    """What one worker found in one file (a plain class: dataclasses cost start-up time)."""

    __slots__ = ("rel", "findings", "targets", "anchors", "external", "skipped")

    def __init__(self, rel: str, findings: list[Finding] | None = None) -> None:
        self.rel = rel
        self.findings: list[Finding] = findings if findings is not None else []
        #: ids and <a name> values: what a fragment can point at.
        self.targets: frozenset[str] = frozenset()
        #: (target file, fragment) -> first line, for anchors on other pages.
        self.anchors: dict[tuple[str, str], int] = {}
        #: external URL (without fragment) -> first line.
        self.external: dict[str, int] = {}
        #: links that cannot be checked over HTTP (mailto:, tel:, ...).
        self.skipped: set[str] = set()


_SITE: SiteInfo | None = None
_RESOLVED: dict[str, tuple[str, str | None, str] | None] = {}


def page_language(site: SiteInfo, rel: str) -> Language:
    first = rel.split("/", 1)[0] + "/"
    for lang in site.languages[1:]:
        if first == lang.root:
            return lang
    return site.languages[0]


def language_relative(site: SiteInfo, rel: str) -> str:
    """A page's path below its language root (the part shared with its twin)."""
    return rel[len(page_language(site, rel).root):]


def display(site: SiteInfo, rel: str) -> str:
    return f"{site.display.rstrip('/')}/{rel}" if site.display not in ("", ".") else rel


def indicated(fragment: str, targets: frozenset[str]) -> bool:
    """Whether a fragment indicates part of a page, by the HTML standard's "indicated part
    of the document": the empty fragment is the top; else an element whose id (or an <a>
    whose name) is the fragment as written, then percent-decoded; else "top" in any case
    is the top of the page."""
    if not fragment or fragment in targets:
        return True
    decoded = unquote(fragment) if "%" in fragment else fragment
    return decoded in targets or (decoded.isascii() and decoded.lower() == "top")


def resolve(site: SiteInfo, page_dir: str, url: str, base: str | None = None) -> tuple[str, str | None, str] | None:
    """Classify a URL found on a page in `page_dir` (with `base`: its <base href>, absolute).

    Returns None for URLs that are not checked (data:, javascript:, ...), else a tuple:
    ("internal", target path or None when outside the site, fragment as written),
    ("external", url without fragment, scheme) or ("skip", url, scheme) for mailto: etc.
    """
    if base is not None:
        url = urljoin(base, url)
    head = url.split("/", 1)[0]
    if ":" not in head and not url.startswith(("/", "\\")) and "\\" not in url:
        return _resolve_relative(site, page_dir, url)
    # absolute URLs and root-relative paths do not depend on the page: resolve each once
    if url in _RESOLVED:
        result = _RESOLVED[url]
    else:
        result = _RESOLVED[url] = _resolve(site, url)
    if result is not None and result[0] == "relative":
        return _resolve_relative(site, page_dir, url)
    return result


def _resolve_relative(site: SiteInfo, page_dir: str, url: str) -> tuple[str, str | None, str]:
    """The common case, a relative URL: no urlsplit, no normpath."""
    path, _, fragment = url.partition("#")
    path = path.partition("?")[0]
    if "%" in path:
        path = unquote(path)
    if not path:
        return ("internal", "", fragment)
    joined = _join(page_dir, path)
    if joined is None:
        return ("internal", None, fragment)
    if path.endswith(("/", "/.", "/..")) or path in (".", "..") or joined == "" or joined in site.dirs:
        joined = f"{joined}/index.html" if joined else "index.html"
    return ("internal", joined, fragment)


def _join(page_dir: str, path: str) -> str | None:
    """Join a relative path to a folder and normalise it; None when it leaves the root."""
    parts = page_dir.split("/") if page_dir else []
    for segment in path.split("/"):
        if segment == "..":
            if not parts:
                return None
            parts.pop()
        elif segment and segment != ".":
            parts.append(segment)
    return "/".join(parts)


def _resolve(site: SiteInfo, url: str) -> tuple[str, str | None, str] | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return ("internal", None, "")
    scheme = parts.scheme.lower()
    if scheme in IGNORED_SCHEMES:
        return None
    if scheme in SKIPPED_SCHEMES:
        return ("skip", url, scheme)
    fragment = parts.fragment
    if scheme or parts.netloc:
        if scheme not in ("http", "https", ""):
            return None
        origin = f"{scheme or 'https'}://{parts.netloc.lower()}"
        own = site.own_origin
        same = origin == own or (not scheme and parts.netloc.lower() == own.split("://", 1)[1])
        if not same or not (parts.path or "/").startswith(site.base.rstrip("/") or "/"):
            return ("external", url.split("#", 1)[0], scheme or "https")
        path = (parts.path or "/")
    else:
        path = parts.path
    if not path:
        return ("internal", "", fragment)  # same page
    if path.startswith("/"):
        base = site.base
        if not (path + "/").startswith(base) and path != base.rstrip("/"):
            return ("internal", None, fragment)
        joined = path[len(base):] if path.startswith(base) else ""
    else:
        return ("relative", None, "")  # page-relative after all (e.g. a backslash in it)
    dir_like = joined.endswith("/") or joined == "" or joined.endswith("/.") or joined.endswith("/..")
    norm = posixpath.normpath(unquote(joined)) if joined else "."
    if norm.startswith("../") or norm == "..":
        return ("internal", None, fragment)
    if norm == ".":
        norm = ""
    if dir_like or norm == "" or norm in site.dirs:
        norm = f"{norm}/index.html" if norm else "index.html"
    return ("internal", norm, fragment)


def _head_findings(site: SiteInfo, rel: str, page: htmlscan.Page, base: str | None) -> list[Finding]:
    from derechos import head_tags  # only when head rules run (it costs start-up time)

    out: list[Finding] = []
    shown = display(site, rel)
    lang = page_language(site, rel).code
    is_error_page = posixpath.basename(rel) in head_tags.ERROR_PAGES and posixpath.dirname(rel) + "/" in {
        "/", *(other.root for other in site.languages)}
    tags = page.head
    for entry in head_tags.HEAD_TAGS:
        rule, tag, required = entry.rule, entry.tag, entry.required
        if is_error_page and rule in head_tags.NOT_FOR_ERROR_PAGES:
            continue
        for want, _ in head_tags.expand(entry, site.codes):
            found = None
            for name, attrs, offset in tags:
                if name != tag:
                    continue
                if all(_attr_matches(k, attrs.get(k), v) for k, v in want.items()):
                    found = (attrs, page.line(offset))
                    break
            described = f"<{tag}" + "".join(f' {k}="{v}"' for k, v in want.items()) + ">"
            if found is None:
                head_line = next((page.line(offset) for name, _, offset in tags if name == "head"), None)
                out.append(Finding(shown, head_line, rule, f"missing {described} in <head>"))
                continue
            attrs, line = found
            if required is None:
                if not page.title:
                    out.append(Finding(shown, line, rule, f"{described} is empty"))
            elif not attrs.get(required, "").strip():
                out.append(Finding(shown, line, rule, f'{described} has no {required}=""'))
            elif tag == "html" and required == "lang" and attrs["lang"].split("-")[0].lower() != lang:
                out.append(Finding(shown, line, rule,
                                   f'<html lang="{attrs["lang"]}"> but the page is in the {lang} tree '
                                   f'(expected lang="{lang}")'))
            elif tag == "link" and "hreflang" in want:
                out.extend(_alternate_findings(site, rel, shown, line, want["hreflang"],
                                               attrs[required], is_error_page, base))
    return out


def _attr_matches(name: str, actual: str | None, wanted: str) -> bool:
    if actual is None:
        return False
    if name == "rel":
        return wanted.lower() in actual.lower().split()
    return actual.strip().lower() == wanted.lower()


def _alternate_findings(site: SiteInfo, rel: str, shown: str, line: int, hreflang: str,
                        href: str, is_error_page: bool, base: str | None) -> list[Finding]:
    code = site.codes[0] if hreflang == "x-default" else hreflang
    if code not in site.codes:
        return []
    root = next(lang.root for lang in site.languages if lang.code == code)
    twin = root + ("index.html" if is_error_page else language_relative(site, rel))
    resolved = resolve(site, posixpath.dirname(rel), href, base)
    if resolved is None or resolved[0] != "internal":
        return [Finding(shown, line, "head-alternate",
                        f'hreflang="{hreflang}" points at {href}, outside this site; expected its twin {twin}')]
    target = resolved[1]
    if target != twin:
        return [Finding(shown, line, "head-alternate",
                        f'hreflang="{hreflang}" points at {target or href}, expected the twin page {twin}')]
    return []


def _canonical_elsewhere(site: SiteInfo, rel: str, page: htmlscan.Page, base: str | None) -> bool:
    """A page whose canonical URL is another page of the site is a redirect page."""
    for name, attrs, _ in page.head:
        if name == "link" and "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href"):
            resolved = resolve(site, posixpath.dirname(rel), attrs["href"], base)
            return resolved is not None and resolved[0] == "internal" and resolved[1] not in ("", rel)
    return False


def check_html(site: SiteInfo, rel: str, text: str) -> FileResult:
    page = htmlscan.scan(text)
    shown = display(site, rel)
    result = FileResult(rel)
    findings = result.findings
    page_dir = posixpath.dirname(rel)
    base = site.base_url(rel, page.base)

    seen: dict[str, int] = {}
    for ident, offset in page.ids:
        if ident in seen:
            findings.append(Finding(shown, page.line(offset), "duplicate-id",
                                    f'id="{ident}" is used again (first on line {page.line(seen[ident])})'))
        else:
            seen[ident] = offset
    targets = result.targets = frozenset(seen) | page.names

    if site.head and not page.redirect and not _canonical_elsewhere(site, rel, page, base):
        findings.extend(_head_findings(site, rel, page, base))

    reported: set[tuple[str, str]] = set()
    for ref in page.refs:
        url = ref.url
        resolved = resolve(site, page_dir, url, base)
        if resolved is None:
            continue
        where, target, extra = resolved
        if where == "skip":
            result.skipped.add(url)
            continue
        if where == "external":
            assert target is not None
            if ref.kind == htmlscan.RESOURCE:
                findings.append(Finding(shown, page.line(ref.offset), "third-party",
                                        f"<{ref.tag} {ref.attr}> loads {url} from another host; "
                                        "serve it from this site"))
            elif extra == "http" and not _local(target):
                findings.append(Finding(shown, page.line(ref.offset), "insecure-link",
                                        f"{url} uses http://; link to https:// instead"))
            elif ref.kind == htmlscan.REFRESH:
                findings.append(Finding(shown, page.line(ref.offset), "redirect",
                                        f"redirects to {url}, outside this site"))
            if target not in result.external:
                result.external[target] = page.line(ref.offset)
            continue
        fragment = extra
        rule = "redirect" if ref.kind == htmlscan.REFRESH else "link-target"
        if target is None:
            findings.append(Finding(shown, page.line(ref.offset), rule, f"{url} points outside the site folder"))
            continue
        if target == "":
            target = rel
        elif target not in site.files:
            key = (target, "")
            if key not in reported:
                reported.add(key)
                what = "redirects to" if rule == "redirect" else f"<{ref.tag} {ref.attr}> links to"
                findings.append(Finding(shown, page.line(ref.offset), rule,
                                        f"{what} {url}, but {display(site, target)} does not exist"))
            continue
        if not fragment or not target.endswith((".html", ".htm")):
            continue
        if target == rel:
            if not indicated(fragment, targets) and (target, fragment) not in reported:
                reported.add((target, fragment))
                findings.append(Finding(shown, page.line(ref.offset), "link-anchor",
                                        f"#{fragment} does not exist on this page (no element has id=\"{fragment}\")"))
        elif (target, fragment) not in result.anchors:
            result.anchors[(target, fragment)] = page.line(ref.offset)
    return result


def _local(url: str) -> bool:
    """A link to this machine or the local network (no https:// to ask for there)."""
    from derechos.check.hosts import is_local_host

    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return host is not None and is_local_host(host)


def check_css(site: SiteInfo, rel: str, text: str) -> FileResult:
    result = FileResult(rel)
    shown = display(site, rel)
    page_dir = posixpath.dirname(rel)
    for url, offset in htmlscan.css_urls(text):
        line = text.count("\n", 0, offset) + 1
        resolved = resolve(site, page_dir, url)
        if resolved is None:
            continue
        if resolved[0] == "skip":
            continue
        if resolved[0] == "external":
            result.findings.append(Finding(shown, line, "third-party",
                                           f"CSS loads {url} from another host; serve it from this site"))
        elif resolved[1] is None or (resolved[1] and resolved[1] not in site.files):
            result.findings.append(Finding(shown, line, "link-target",
                                           f"CSS url({url}) does not resolve to a file in the site"))
    return result


#: Byte order marks, and the encoding each one means (the HTML standard's BOM sniffing).
BOMS = ((b"\xef\xbb\xbf", "UTF-8"), (b"\xff\xfe", "UTF-16LE"), (b"\xfe\xff", "UTF-16BE"))


def decode(data: bytes) -> tuple[str, tuple[int, str] | None]:
    """A file's text: by its byte order mark, else UTF-8. With undecodable bytes (read as
    U+FFFD), also the line of the first one and what it is."""
    codec, body = next(((name, data[len(bom):]) for bom, name in BOMS if data.startswith(bom)), ("UTF-8", data))
    try:
        return body.decode(codec), None
    except UnicodeDecodeError as error:
        line = body[:error.start].decode(codec, errors="replace").count("\n") + 1
        bad = body[error.start:error.end]
        return body.decode(codec, errors="replace"), (line, f"not {codec}: byte{'s' if len(bad) > 1 else ''} "
                                                            f"{' '.join(f'0x{b:02x}' for b in bad)} cannot be read "
                                                            "(read as U+FFFD; the rest of the file is checked)")


def _check_one(rel: str) -> FileResult:
    site = _SITE
    assert site is not None
    try:
        data = read_regular(site.root / rel)
    except OSError as error:
        return FileResult(rel, [Finding(display(site, rel), None, "read", _unreadable(error))])
    text, problem = decode(data)
    if rel.endswith(".svg"):  # an image that runs or fetches nothing (derechos.safety)
        from derechos.safety import svg_problems

        return FileResult(rel, [Finding(display(site, rel), line, "svg", message)
                                for line, message in svg_problems(text)])
    result = check_css(site, rel, text) if rel.endswith(".css") else check_html(site, rel, text)
    if problem is not None:
        result.findings.append(Finding(display(site, rel), problem[0], "encoding", problem[1]))
    return result


def _unreadable(error: OSError) -> str:
    if isinstance(error, NotRegularFile):
        return f"{error.kind}, not a regular file: skipped, never opened"
    if isinstance(error, TooLarge):
        return f"{error.size:,} bytes, more than the {error.limit:,} a page or stylesheet may have: skipped, not read"
    return f"cannot read: {error.strerror}"


def site_origin(root: Path, explicit: str | None) -> tuple[str | None, str]:
    """The site's own origin and base path: from --site-url, else from the home page's canonical."""
    url = explicit
    if url is None:
        try:
            home = decode(read_regular(root / "index.html"))[0]
        except OSError:
            home = ""  # reported when the file itself is checked
        if home:
            page = htmlscan.scan(home[:200_000])
            for name, attrs, _ in page.head:
                if name == "link" and "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href"):
                    url = attrs["href"]
                    break
    if not url:
        return None, "/"
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None, "/"
    base = parts.path.rsplit("/", 1)[0] + "/" if parts.path else "/"
    if url == explicit and not parts.path.endswith("/"):
        base = parts.path + "/"
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}", base


def list_files(root: Path) -> tuple[list[str], list[str], dict[str, str]]:
    """The regular files and the folders below `root` (relative posix paths), and what is
    neither: path -> why it is skipped (a FIFO, a socket, a device, a broken link, a link
    that leaves the site folder, a folder that cannot be listed). Nothing is opened; the
    walk is a loop, not a recursion (any depth); symbolic links to folders are listed as
    folders, not followed, and a link to anything outside `root` is never followed."""
    files: list[str] = []
    dirs: list[str] = []
    odd: dict[str, str] = {}
    inside = os.path.realpath(root)

    def unlistable(rel: str, error: OSError) -> None:
        if not rel:
            raise error
        odd[rel] = f"cannot list this folder: {error.strerror}"

    for entry, rel in walk(root, unlistable):
        try:
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if os.path.commonpath([inside, target]) != inside:
                    odd[rel] = "a symbolic link to a file outside the site folder: skipped, never read"
                    continue
            if entry.is_dir(follow_symlinks=False):
                dirs.append(rel)  # walked into
            elif entry.is_file():
                files.append(rel)
            elif entry.is_dir():
                dirs.append(rel)
            else:
                odd[rel] = f"{kind(os.stat(entry.path).st_mode)}, not a regular file: skipped, never opened"
        except OSError as error:
            odd[rel] = (f"a symbolic link that leads nowhere ({error.strerror})" if entry.is_symlink() else
                        f"cannot read: {error.strerror}")
    return files, dirs, odd


def _size(root: Path, files: list[str]) -> int:
    total = 0
    for rel in files:
        try:
            total += os.stat(root / rel).st_size
        except OSError:
            pass  # reported when the file is read
    return total


def check_site(root: Path, shown: str, languages: tuple[Language, ...], site_url: str | None = None,
               jobs: int | None = None,
               head: bool = True) -> tuple[list[Finding], dict[str, tuple[str, int]], set[str]]:
    """Check every HTML and CSS file below `root`.

    Returns the findings, the external URLs found (url -> (file, line) of its first
    use) and the links that cannot be checked over HTTP (mailto:, tel:, ...).
    """
    global _SITE
    files, dirs, odd = list_files(root)
    origin, base = site_origin(root, site_url)
    site = SiteInfo(root, shown, frozenset(files), frozenset(dirs), origin, base, languages, head)
    _SITE = site
    _RESOLVED.clear()
    todo = [f for f in files if f.endswith(CHECKED)]
    if jobs is None:  # one process per core, on a site big enough for it to pay
        jobs = (os.cpu_count() or 1) if _size(root, todo) >= POOL_MIN_BYTES else 1
    if jobs > 1 and len(todo) > 1 and hasattr(os, "fork"):
        import multiprocessing  # only here: importing it costs a small site's whole check

        ctx = multiprocessing.get_context("fork")  # workers inherit the site's file list
        with ctx.Pool(jobs) as pool:
            results = pool.map(_check_one, todo, chunksize=max(1, min(64, len(todo) // (jobs * 8))))
    else:
        results = [_check_one(rel) for rel in todo]

    findings = [Finding(display(site, rel), None, "read", why) for rel, why in odd.items()]
    targets: dict[str, frozenset[str]] = {}
    for result in results:
        findings.extend(result.findings)
        targets[result.rel] = result.targets
    checked: dict[tuple[str, str], bool] = {}
    external: dict[str, tuple[str, int]] = {}
    skipped: set[str] = set()
    for result in results:
        skipped |= result.skipped
        for (target, fragment), line in result.anchors.items():
            ok = checked.get((target, fragment))
            if ok is None:
                ok = checked[(target, fragment)] = indicated(fragment, targets.get(target, frozenset()))
            if not ok:
                findings.append(Finding(display(site, result.rel), line, "link-anchor",
                                        f"links to {target}#{fragment}, but {display(site, target)} "
                                        f"has no element with id=\"{fragment}\""))
        for url, line in result.external.items():
            external.setdefault(url, (display(site, result.rel), line))
    return findings, external, skipped
