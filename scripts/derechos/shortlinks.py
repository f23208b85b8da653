"""Short links for campaigns: `/pegasus/`, `/en/pegasus/`… defined once, built as static redirects.

Campaign material (flyers, posts, press releases) needs short, memorable addresses. They
are defined in one place, data/shortlinks.yml; this module reads and checks that file
(slug format, duplicates, reserved names, that the target page exists in every
language), with errors naming file and line, and checks a built site against it
(`findings`: each redirect exists and leads to a page and anchor that exist). The build
(derechos.publish) writes the redirect pages (overrides/shortlink.html: no JavaScript, the
target's preview tags) and their QR codes; the checker (`derechos.check`, rule
`shortlink`) runs the same `findings` on any built site.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

from derechos import htmlread
from derechos.findings import Finding
from derechos.project import Project
from derechos.yamlfile import DataError, Seq, at, expect_map, expect_seq, load, localised

SHORTLINKS = "data/shortlinks.yml"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 24
#: Folder names a slug may not take (besides the language codes): they mean something already.
RESERVED = frozenset({"assets", "search", "downloads", "404", "sitemap", "feed", "data"})
TARGET = re.compile(r"^(?P<page>[a-z0-9][a-z0-9-]*\.md)(?:#(?P<anchor>[a-z0-9][a-z0-9-]*))?$")
QR_DIR = "assets/qr"
QR_SCALE, QR_BORDER = 4, 4


@dataclass(frozen=True)
class ShortLink:
    lang: str
    root: str  # the language's root below the site root ("" or "en/")
    slug: str
    page: str  # file name in docs/<lang>/, e.g. "surveillance.md"
    anchor: str | None
    line: int  # in data/shortlinks.yml
    #: The campaign post suggested for this page in this language (data/shortlinks.yml `post`).
    post: str = ""

    @property
    def path(self) -> str:
        """Where the redirect lives below the site root: "pegasus/" or "en/pegasus/"."""
        return f"{self.root}{self.slug}/"

    @property
    def target_html(self) -> str:
        """The target below the language root: "surveillance.html#pegasus"."""
        return Path(self.page).with_suffix(".html").as_posix() + (f"#{self.anchor}" if self.anchor else "")

    def url(self, site_root: str) -> str:
        """Absolute short URL, from the site root URL (with trailing slash)."""
        return site_root + self.path

    def target_url(self, site_root: str) -> str:
        target = self.target_html
        if target == "index.html" or target.startswith("index.html#"):
            target = target[len("index.html"):]
        return site_root + self.root + target


def load_links(project: Project, path: Path | None = None) -> list[ShortLink]:
    """Read and check the short links; a DataError lists every problem with its line."""
    path = path or project.root / SHORTLINKS
    data = load(path, project.root)
    shown = project.shown(path)
    if data is None:
        return []
    entries = expect_seq(data, shown, None, "the short links")
    reserved = RESERVED | set(project.codes)
    errors: list[str] = []
    links: list[ShortLink] = []
    seen: dict[tuple[str, str], int] = {}
    for index, item in enumerate(entries):
        try:
            entry = expect_map(item, entries, index, "each entry (- target: page.md)")
        except DataError as error:
            errors += error.messages
            continue
        unknown = sorted(set(entry) - {"target", "post", *project.codes})
        if unknown:
            errors.append(at(shown, entry.line, f"unknown key(s) {', '.join(unknown)} "
                                                f"(allowed: target, post, {', '.join(project.codes)})"))
        try:
            posts = localised(entry, "post", project.codes)
        except DataError as error:
            errors += error.messages
            posts = {}
        errors += [at(shown, entry.line_of("post"), problem) for code, post in posts.items()
                   for problem in post_problems(post, code)]
        target = entry.get("target")
        match = TARGET.match(target) if isinstance(target, str) else None
        if match is None:
            errors.append(at(shown, entry.line_of("target"), "'target' must be a page file name with an optional "
                                                             f"#anchor, like surveillance.md#pegasus; got {target!r}"))
            continue
        for lang in project.languages:
            slugs = entry.get(lang.code)
            if slugs is None:
                errors.append(at(shown, entry.line, f"no {lang.code} slugs for {target} "
                                                    "(every target needs a short link in every language)"))
                continue
            if not (project.docs / lang.code / match["page"]).is_file():
                errors.append(at(shown, entry.line_of("target"), f"target {match['page']} does not exist: "
                                                                 f"no docs/{lang.code}/{match['page']}"))
            items = slugs if isinstance(slugs, Seq) else [slugs]
            for position, slug in enumerate(items):
                line = items.line_of(position) if isinstance(items, Seq) else entry.line_of(lang.code)
                if not isinstance(slug, str) or not SLUG.match(slug) or len(slug) > SLUG_MAX:
                    errors.append(at(shown, line, f"{lang.code} slug {slug!r} must be lowercase letters, "
                                                  f"digits and single hyphens, at most {SLUG_MAX} characters"))
                elif slug in reserved:
                    errors.append(at(shown, line, f"{lang.code} slug {slug!r} is reserved "
                                                  f"({', '.join(sorted(reserved))})"))
                elif (lang.code, slug) in seen:
                    errors.append(at(shown, line, f"{lang.code} slug {slug!r} is already used on line "
                                                  f"{seen[(lang.code, slug)]}"))
                else:
                    seen[(lang.code, slug)] = line
                    links.append(ShortLink(lang.code, lang.root, slug, match["page"], match["anchor"], line,
                                           posts.get(lang.code, "")))
    if errors:
        raise DataError(errors)
    return links


#: A campaign post: what fits before the link in a post on X (280 characters, a link
#: counting 23), with room for a quote or a mention.
POST_MAX = 200
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
#: Notes on editions belong to the pages, not to a post someone pastes.
EDITION_NOTES = re.compile(r"\bedici[oó]n\b|\bversi[oó]n en (?:ingl[eé]s|español)\b|\bedition\b|"
                           r"\b(?:English|Spanish) version\b|\(\s*(?:julio|July) (?:de )?2021\s*\)", re.I)


def post_problems(post: str, code: str) -> list[str]:
    """What keeps a campaign post from being pasted as it is (empty when nothing does)."""
    problems = []
    if len(post) > POST_MAX:
        problems.append(f"post ({code}) is {len(post)} characters: at most {POST_MAX} fit before the link")
    if not YEAR.search(post):
        problems.append(f"post ({code}) gives no year: say one fact with its year")
    note = EDITION_NOTES.search(post)
    if note:
        problems.append(f"post ({code}) carries an edition note ({note.group(0)!r}): leave editions to the page")
    return problems


def findings(links: list[ShortLink], site: Path, data_file: str = SHORTLINKS,
             redirects: bool = True) -> list[Finding]:
    """Check a built site: each short link's target page and anchor exist (and, with
    `redirects`, its redirect page exists and leads there). The one check of short links."""
    out: list[Finding] = []
    pages: dict[Path, set[str]] = {}
    for link in links:
        page = site / link.root / Path(link.page).with_suffix(".html")
        if page not in pages:
            pages[page] = ({tag.attrs["id"] for tag in htmlread.read(page.read_text(encoding="utf-8")).tags
                            if "id" in tag.attrs} if page.is_file() else set())
        if not page.is_file():
            out.append(Finding(data_file, link.line, "shortlink",
                               f"/{link.path} leads to {link.target_html}, which does not exist"))
            continue
        if link.anchor and link.anchor not in pages[page]:
            out.append(Finding(data_file, link.line, "shortlink",
                               f"/{link.path} leads to {link.target_html}, but that page has "
                               f"no id=\"{link.anchor}\""))
        if not redirects:
            continue
        redirect = site / link.path / "index.html"
        if not redirect.is_file():
            out.append(Finding(data_file, link.line, "shortlink", f"/{link.path} was not built "
                                                                   f"(no {link.path}index.html)"))
            continue
        refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', redirect.read_text(encoding="utf-8"))
        expected = "../" + link.target_html
        found = html.unescape(refresh.group(1)) if refresh else "no refresh"
        if found != expected:
            out.append(Finding(data_file, link.line, "shortlink",
                               f"/{link.path} redirects to {found}, expected {expected}"))
    return out


def share_links(title: str, text: str, url: str, email: str) -> list[tuple[str, str]]:
    """(network, href) pairs: plain links that open each network's own share form."""
    from urllib.parse import quote

    def q(value: str) -> str:
        return quote(value, safe="")

    both = f"{text} {url}"
    return [
        ("X", f"https://twitter.com/intent/tweet?text={q(text)}&url={q(url)}"),
        ("Mastodon", f"https://mastodon.social/share?text={q(both)}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={q(url)}"),
        ("WhatsApp", f"https://wa.me/?text={q(both)}"),
        ("Telegram", f"https://t.me/share/url?url={q(url)}&text={q(text)}"),
        (email, f"mailto:?subject={q(title)}&body={q(both)}"),
    ]


#: Hosts of the share links above: share forms, not pages to check for dead links.
SHARE_HOSTS = frozenset({"twitter.com", "mastodon.social", "www.facebook.com", "wa.me", "t.me"})


class QR:
    """A short link's QR code (segno), made once: its SVG and its size in pixels."""

    def __init__(self, url: str, label: str) -> None:
        import segno

        code = segno.make(url, error="m")
        self.size = code.symbol_size(scale=QR_SCALE, border=QR_BORDER)[0]
        buffer = io.BytesIO()
        code.save(buffer, kind="svg", scale=QR_SCALE, border=QR_BORDER, xmldecl=False, title=label,
                  dark="#000000", light="#ffffff")
        self.svg = buffer.getvalue().decode("utf-8")


def qr_path(link: ShortLink) -> str:
    """The QR file below the language root: assets/qr/pegasus.svg."""
    return f"{QR_DIR}/{link.slug}.svg"
