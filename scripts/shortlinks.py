"""Short links for campaigns: `/pegasus/`, `/en/pegasus/`… defined once, built as static redirects.

Campaign material (flyers, posts, press releases) needs short, memorable addresses.
They are defined in one place, data/shortlinks.yml, and this module:

- reads and validates that file (slug format, duplicates, reserved names, that the
  target page exists in docs/<lang>/), with errors naming file and line;
- writes each short link as `<slug>/index.html` below its language's root: a
  redirect that works without JavaScript (`<meta http-equiv="refresh">` plus a
  visible link), carrying the target's canonical URL and link-preview tags so the
  short address unfurls like the page itself;
- draws each short link's QR code as SVG (segno) for the campaign kit page;
- checks a built site: every short link's page exists and its target (page and
  #anchor) exists. scripts/check_site.py can call `site_findings()`.

The build runs all this from overrides/hooks/shortlinks.py. On the command line:

    python scripts/shortlinks.py                # validate data/shortlinks.yml
    python scripts/shortlinks.py --site site/   # ... and check a built site
"""

from __future__ import annotations

import argparse
import html
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitelib.findings import Finding  # noqa: E402
from sitelib.project import DATA, DOCS, LANGUAGES, ROOT, language_root  # noqa: E402
from sitelib.yamlerror import yaml_error  # noqa: E402

SHORTLINKS = DATA / "shortlinks.yml"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 24
#: Folder names a slug may not take: they already mean something in the built site.
RESERVED = frozenset({*LANGUAGES, "assets", "search", "downloads", "404", "sitemap"})
TARGET = re.compile(r"^(?P<page>[a-z0-9][a-z0-9-]*\.md)(?:#(?P<anchor>[a-z0-9][a-z0-9-]*))?$")
QR_DIR = "assets/qr"
QR_SCALE, QR_BORDER = 4, 4

#: Text of the redirect page, per language.
REDIRECT_TEXT = {
    "es": {"title": "Redirigiendo a «{title}»", "body": "Esta dirección corta lleva a {link}."},
    "en": {"title": "Redirecting to “{title}”", "body": "This short address leads to {link}."},
}


class ShortLinkError(ValueError):
    """data/shortlinks.yml is invalid; the message names file and line."""


@dataclass(frozen=True)
class ShortLink:
    lang: str
    slug: str
    page: str  # file name in docs/<lang>/, e.g. "surveillance.md"
    anchor: str | None
    line: int  # line in data/shortlinks.yml

    @property
    def path(self) -> str:
        """Where the redirect lives below the site root: "pegasus/" or "en/pegasus/"."""
        return f"{language_root(self.lang)}{self.slug}/"

    @property
    def target_html(self) -> str:
        """The target below the language root: "surveillance.html#pegasus"."""
        page = Path(self.page).with_suffix(".html").as_posix()
        return page + (f"#{self.anchor}" if self.anchor else "")

    def url(self, site_root: str) -> str:
        """Absolute short URL, from the site root URL (with trailing slash)."""
        return site_root + self.path

    def target_url(self, site_root: str) -> str:
        target = self.target_html
        if target == "index.html":
            target = ""
        elif target.startswith("index.html#"):
            target = target[len("index.html"):]
        return site_root + language_root(self.lang) + target


def _where(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def load(path: Path = SHORTLINKS, docs: Path = DOCS) -> list[ShortLink]:
    """Read and validate the short links; raises ShortLinkError listing every problem."""
    where = _where(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ShortLinkError(f"{where}: cannot read: {error.strerror}") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        line, problem = yaml_error(error)
        raise ShortLinkError(f"{where}{'' if line is None else f':{line}'}: invalid YAML: {problem}") from None
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise ShortLinkError(f"{where}:1: expected a list of entries (- target: page.md)")
    errors: list[str] = []
    links: list[ShortLink] = []
    seen: dict[tuple[str, str], int] = {}
    for entry in node.value:
        line = entry.start_mark.line + 1
        if not isinstance(entry, yaml.MappingNode):
            errors.append(f"{where}:{line}: each entry must be a mapping with 'target' and languages")
            continue
        fields = {k.value: v for k, v in entry.value}
        unknown = sorted(set(fields) - {"target", *LANGUAGES})
        if unknown:
            errors.append(f"{where}:{line}: unknown key(s) {', '.join(unknown)} "
                          f"(allowed: target, {', '.join(LANGUAGES)})")
        target_node = fields.get("target")
        match = TARGET.match(target_node.value) if isinstance(target_node, yaml.ScalarNode) else None
        if match is None:
            shown = target_node.value if isinstance(target_node, yaml.ScalarNode) else None
            errors.append(f"{where}:{line}: 'target' must be a page file name with an optional "
                          f"#anchor, like surveillance.md#pegasus; got {shown!r}")
            continue
        for lang in LANGUAGES:
            slugs_node = fields.get(lang)
            if slugs_node is None:
                errors.append(f"{where}:{line}: no {lang} slugs for {target_node.value} "
                              f"(every target needs a short link in every language)")
                continue
            slug_nodes = slugs_node.value if isinstance(slugs_node, yaml.SequenceNode) else [slugs_node]
            if not (docs / lang / match["page"]).is_file():
                errors.append(f"{where}:{target_node.start_mark.line + 1}: target {match['page']} "
                              f"does not exist: no docs/{lang}/{match['page']}")
            for slug_node in slug_nodes:
                slug_line = slug_node.start_mark.line + 1
                slug = slug_node.value if isinstance(slug_node, yaml.ScalarNode) else None
                if not isinstance(slug, str) or not SLUG.match(slug) or len(slug) > SLUG_MAX:
                    errors.append(f"{where}:{slug_line}: {lang} slug {slug!r} must be lowercase "
                                  f"letters, digits and single hyphens, at most {SLUG_MAX} characters")
                    continue
                if slug in RESERVED:
                    errors.append(f"{where}:{slug_line}: {lang} slug {slug!r} is reserved "
                                  f"({', '.join(sorted(RESERVED))})")
                    continue
                if (lang, slug) in seen:
                    errors.append(f"{where}:{slug_line}: {lang} slug {slug!r} is already used "
                                  f"on line {seen[(lang, slug)]}")
                    continue
                seen[(lang, slug)] = slug_line
                links.append(ShortLink(lang, slug, match["page"], match["anchor"], slug_line))
    if errors:
        raise ShortLinkError("\n".join(errors))
    return links


def for_language(links: list[ShortLink], lang: str) -> list[ShortLink]:
    return [link for link in links if link.lang == lang]


# --- Built pages -----------------------------------------------------------------------

HEAD_TAG = re.compile(
    r'<(?:link rel="(?:canonical|alternate)"[^>]*|meta (?:property|name)="(?:og|twitter):[^"]+"[^>]*)>'
)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def head_tags_of(page_html: str) -> list[str]:
    """The canonical, hreflang and link-preview tags of a built page, to copy."""
    return [tag for tag in HEAD_TAG.findall(page_html)
            if 'type="application/rss+xml"' not in tag]


def title_of(page_html: str) -> str:
    match = TITLE.search(page_html)
    return html.unescape(match.group(1).strip()) if match else ""


def has_anchor(page_html: str, anchor: str) -> bool:
    return re.search(rf'\sid="{re.escape(anchor)}"', page_html) is not None


def redirect_page(link: ShortLink, target_html: str) -> str:
    """The static redirect page for one short link (no JavaScript)."""
    text = REDIRECT_TEXT[link.lang]
    page_title = title_of(target_html)
    # The target's own <title> is "Page - Site"; keep the page part for the sentence.
    name = page_title.rsplit(" - ", 1)[0] if " - " in page_title else page_title
    href = html.escape("../" + link.target_html, quote=True)
    tags = "\n    ".join(head_tags_of(target_html))
    anchor = f'<a href="{href}">{html.escape(name)}</a>'
    return f"""<!doctype html>
<html lang="{link.lang}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width,initial-scale=1">
    <title>{html.escape(text['title'].format(title=name))}</title>
    <meta name="robots" content="noindex">
    <meta http-equiv="refresh" content="0; url={href}">
    <link rel="icon" href="../{FAVICON}">
    {tags}
  </head>
  <body>
    <main>
      <h1>{html.escape(name)}</h1>
      <p>{text['body'].format(link=anchor)}</p>
    </main>
  </body>
</html>
"""


#: The theme's favicon, relative to a language root (without it browsers ask for
#: /favicon.ico, which does not exist, and log an error).
FAVICON = "assets/images/favicon.png"


def qr_svg(url: str, label: str) -> str:
    """The QR code of `url` as a standalone SVG (black on white, quiet zone included)."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=QR_SCALE, border=QR_BORDER,
                                    xmldecl=False, title=label, dark="#000000", light="#ffffff")
    return buffer.getvalue().decode("utf-8")


def qr_size(url: str) -> int:
    import segno

    return segno.make(url, error="m").symbol_size(scale=QR_SCALE, border=QR_BORDER)[0]


def qr_path(link: ShortLink) -> str:
    """The QR file below the language root: assets/qr/pegasus.svg."""
    return f"{QR_DIR}/{link.slug}.svg"


def site_findings(site: Path, links: list[ShortLink] | None = None) -> list[Finding]:
    """Check a built site: each short link's redirect exists and its target page and anchor exist."""
    links = load() if links is None else links
    findings: list[Finding] = []
    data = _where(SHORTLINKS)
    for link in links:
        redirect = site / link.path / "index.html"
        if not redirect.is_file():
            findings.append(Finding(data, link.line, "shortlink",
                                    f"/{link.path} was not built (no {_where(redirect)})"))
            continue
        page = site / language_root(link.lang) / Path(link.page).with_suffix(".html")
        if not page.is_file():
            findings.append(Finding(data, link.line, "shortlink",
                                    f"/{link.path} leads to {link.target_html}, which does not exist"))
            continue
        if link.anchor and not has_anchor(page.read_text(encoding="utf-8"), link.anchor):
            findings.append(Finding(data, link.line, "shortlink",
                                    f"/{link.path} leads to {link.target_html}, but that page has "
                                    f"no id=\"{link.anchor}\""))
        refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"',
                            redirect.read_text(encoding="utf-8"))
        expected = "../" + link.target_html
        if refresh is None or html.unescape(refresh.group(1)) != expected:
            found = html.unescape(refresh.group(1)) if refresh else "no refresh"
            findings.append(Finding(data, link.line, "shortlink",
                                    f"/{link.path} redirects to {found}, expected {expected}"))
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHORTLINKS, help="short link file")
    parser.add_argument("--docs", type=Path, default=DOCS, help="docs folder with one folder per language")
    parser.add_argument("--site", type=Path, help="also check this built site")
    args = parser.parse_args(argv)
    try:
        links = load(args.data, args.docs)
    except ShortLinkError as error:
        print(error, file=sys.stderr)
        return 1
    if args.site is not None:
        if not (args.site / "index.html").is_file():
            print(f"shortlinks: {args.site} is not a built site (no index.html)", file=sys.stderr)
            return 2
        findings = site_findings(args.site, links)
        for finding in findings:
            print(finding.text(), file=sys.stderr)
        if findings:
            return 1
    print(f"shortlinks: {len(links)} short links OK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
