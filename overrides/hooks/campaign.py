"""MkDocs hook: campaign short links (data/shortlinks.yml) and the campaign kit.

- At the start of the build, data/shortlinks.yml is validated (derechos.shortlinks):
  a bad slug or a target page that does not exist fails the build, naming the line.
- On any page, the marker `<!-- shortlinks -->` becomes the list of this language's
  short links (full URL, QR code, suggested text, plain share links: no JavaScript,
  no third-party request until the reader clicks), and `<!-- offline-copy -->` becomes
  the download link of the offline copy (derechos.offline).
- After the build, each short link is written as a static redirect page
  `<slug>/index.html` with the target's preview tags, plus its QR code
  `assets/qr/<slug>.svg`; a target anchor missing from the built page fails the build.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

from mkdocs.exceptions import PluginError

from derechos import shortlinks
from derechos.metadata import parse_front_matter
from derechos.project import DOCS

HASHTAG = "#InternetEsNuestra"
OFFLINE_ZIP = "downloads/derechos-digitales-mx-offline.zip"

LABELS = {
    "es": {
        "short": "Dirección corta", "also": "también", "full": "Dirección completa",
        "qr": "Código QR", "qr_alt": "Código QR que lleva a {url}",
        "qr_download": "Descargar el código QR (SVG)",
        "text": "Texto sugerido", "share": "Compartir",
        "email": "Correo", "share_label": "{network}: compartir «{title}»",
        "offline": "Descargar la copia sin conexión del sitio (zip, español e inglés)",
    },
    "en": {
        "short": "Short address", "also": "also", "full": "Full address",
        "qr": "QR code", "qr_alt": "QR code leading to {url}",
        "qr_download": "Download the QR code (SVG)",
        "text": "Suggested text", "share": "Share",
        "email": "Email", "share_label": "{network}: share “{title}”",
        "offline": "Download the offline copy of the site (zip, Spanish and English)",
    },
}

_links: list[shortlinks.ShortLink] = []


def _site_root(config) -> str:
    root = config.extra.get("language_root", "")
    return config.site_url[: len(config.site_url) - len(root)]


def _up(config) -> str:
    """Relative path from this language's root back to the site root."""
    return "../" * config.extra.get("language_root", "").count("/")


def share_links(lang: str, title: str, text: str, url: str) -> list[tuple[str, str]]:
    """(network, href) pairs: plain links that open each network's own share form."""
    q = lambda s: quote(s, safe="")  # noqa: E731
    both = f"{text} {url}"
    return [
        ("X", f"https://twitter.com/intent/tweet?text={q(text)}&url={q(url)}"),
        ("Mastodon", f"https://mastodon.social/share?text={q(both)}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={q(url)}"),
        ("WhatsApp", f"https://wa.me/?text={q(both)}"),
        ("Telegram", f"https://t.me/share/url?url={q(url)}&text={q(text)}"),
        (LABELS[lang]["email"], f"mailto:?subject={q(title)}&body={q(both)}"),
    ]


def kit_html(links: list[shortlinks.ShortLink], lang: str, site_root: str) -> str:
    """The campaign kit's list: one section per target page, in data-file order."""
    labels = LABELS[lang]
    by_target: dict[tuple[str, str | None], list[shortlinks.ShortLink]] = {}
    for link in links:
        by_target.setdefault((link.page, link.anchor), []).append(link)
    out: list[str] = []
    for (page, anchor), group in by_target.items():
        fm, _ = parse_front_matter((DOCS / lang / page).read_text(encoding="utf-8"), page)
        meta = fm.meta if fm else {}
        title = str(meta.get("title", page))
        text = f"{str(meta.get('description', '')).strip()} {HASHTAG}".strip()
        primary = group[0]
        url = primary.url(site_root)
        target_url = primary.target_url(site_root)
        section = Path(page).stem + (f"-{anchor}" if anchor else "")
        e = html.escape
        also = ", ".join(f"<code>{e(link.url(site_root))}</code>" for link in group[1:])
        size = shortlinks.qr_size(url)
        share = " · ".join(
            f'<a href="{e(href)}" aria-label="{e(labels["share_label"].format(network=network, title=title))}">'
            f"{e(network)}</a>"
            for network, href in share_links(lang, title, text, url)
        )
        out.append(f"""
### {title} {{ #kit-{section} }}

<dl class="campaign-kit-entry">
<dt>{labels['short']}</dt>
<dd><code>{e(url)}</code>{f" ({labels['also']}: {also})" if also else ""}</dd>
<dt>{labels['full']}</dt>
<dd><a href="{e(primary.target_html)}">{e(target_url)}</a></dd>
<dt>{labels['qr']}</dt>
<dd><img src="{e(shortlinks.qr_path(primary))}" width="{size}" height="{size}" loading="lazy" decoding="async" alt="{e(labels['qr_alt'].format(url=url))}"><br>
<a href="{e(shortlinks.qr_path(primary))}" download="{e(primary.slug)}-qr.svg">{labels['qr_download']}</a></dd>
<dt>{labels['text']}</dt>
<dd><p>{e(text)} {e(url)}</p></dd>
<dt class="campaign-kit-share">{labels['share']}</dt>
<dd class="campaign-kit-share"><p>{share}</p></dd>
</dl>
""")
    return "\n".join(out)


def on_files(files, config):
    global _links
    try:
        _links = shortlinks.load()
    except shortlinks.ShortLinkError as error:
        raise PluginError(f"invalid short links:\n{error}") from None
    return files


def on_page_markdown(markdown, page, config, files):
    lang = config.theme["language"]
    if "<!-- shortlinks -->" in markdown:
        links = shortlinks.for_language(_links, lang)
        markdown = markdown.replace("<!-- shortlinks -->", kit_html(links, lang, _site_root(config)))
    if "<!-- offline-copy -->" in markdown:
        href = html.escape(_up(config) + OFFLINE_ZIP)
        markdown = markdown.replace(
            "<!-- offline-copy -->",
            f'<a href="{href}" download>{LABELS[lang]["offline"]}</a>')
    return markdown


def on_post_build(config) -> None:
    lang = config.theme["language"]
    site = Path(config.site_dir)
    site_root = _site_root(config)
    errors = []
    for link in shortlinks.for_language(_links, lang):
        target = site / Path(link.page).with_suffix(".html")
        if not target.is_file():
            errors.append(f"data/shortlinks.yml:{link.line}: /{link.path} leads to {link.page}, "
                          f"which was not built")
            continue
        target_html = target.read_text(encoding="utf-8")
        if link.anchor and not shortlinks.has_anchor(target_html, link.anchor):
            errors.append(f"data/shortlinks.yml:{link.line}: /{link.path} leads to "
                          f"{link.target_html}, but that page has no id=\"{link.anchor}\"")
            continue
        folder = site / link.slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(shortlinks.redirect_page(link, target_html), encoding="utf-8")
        url = link.url(site_root)
        qr = site / shortlinks.qr_path(link)
        qr.parent.mkdir(parents=True, exist_ok=True)
        qr.write_text(shortlinks.qr_svg(url, LABELS[lang]["qr_alt"].format(url=url)), encoding="utf-8")
    if errors:
        raise PluginError("short links with a missing target:\n" + "\n".join(errors))
