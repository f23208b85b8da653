"""Preview cards: the 1200x630 PNG a link preview shows, drawn with Pillow, offline.

Material's social plugin downloads its fonts at build time, which fails without a
network; these cards are drawn instead with Lato (SIL OFL), which ships inside the
`font-lato` wheel and covers Spanish (á é í ó ú ü ñ ¿ ¡ « »). A card is cached under
`.cache/cards/` by a hash of everything drawn on it, so rebuilds only draw what changed.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import font_lato
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
#: Bump when the drawing changes, so cached cards are redrawn.
DESIGN_VERSION = "1"

BACKGROUND = (255, 255, 255)
BAND = (27, 94, 32)  # dark green: white text on it has a contrast ratio above 7:1
INK = (33, 33, 33)
MUTED = (66, 66, 66)
MARGIN = 72
#: Palette size of the saved PNG: few colours keep every card well under 100 kB.
COLOURS = 32


class CardError(ValueError):
    """The text cannot be drawn (a character the font lacks); the message says which."""


@dataclass(frozen=True)
class Card:
    title: str
    description: str
    site_name: str
    footer: str  # e.g. the site's host and the campaign hashtag

    def key(self) -> str:
        text = "\x1f".join([DESIGN_VERSION, self.title, self.description, self.site_name, self.footer])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@lru_cache(maxsize=16)
def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_lato.font_files[{"bold": "LatoBold", "regular": "Lato"}[weight]], size)


@lru_cache(maxsize=1)
def _notdef() -> bytes:
    mask = font("regular", 40).getmask("\uffff")
    return bytes(mask)


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` that the card font would draw as an empty box."""
    regular = font("regular", 40)
    missing = []
    for char in sorted(set(text)):
        if char.isspace():
            continue
        if bytes(regular.getmask(char)) == _notdef():
            missing.append(char)
    return missing


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap by measured width."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and face.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _fit(text: str, weight: str, sizes: tuple[int, ...], width: int, max_lines: int,
         room: float | None = None) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which `text` fits in `max_lines` (and `room` pixels of height);
    at the smallest size the text is cut with an ellipsis."""
    for size in sizes:
        face = font(weight, size)
        lines = wrap(text, face, width)
        if len(lines) <= max_lines and (room is None or len(lines) * size * 1.3 <= room):
            return face, lines
    face = font(weight, sizes[-1])
    if room is not None:
        max_lines = min(max_lines, max(1, int(room // (sizes[-1] * 1.3))))
    lines = wrap(text, face, width)[:max_lines]
    lines[-1] = lines[-1].rstrip(".,;: ") + "…"
    return face, lines


def draw(card: Card) -> bytes:
    """Draw one card and return it as a palette PNG."""
    missing = missing_glyphs(card.title + card.description + card.site_name + card.footer)
    if missing:
        raise CardError(f"the card font (Lato) has no glyph for {' '.join(repr(c) for c in missing)}")
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    band = 96
    pen.rectangle((0, 0, WIDTH, band), fill=BAND)
    pen.text((MARGIN, band // 2), card.site_name, font=font("bold", 40), fill=(255, 255, 255), anchor="lm")
    text_width = WIDTH - 2 * MARGIN
    title_face, title_lines = _fit(card.title, "bold", (72, 64, 56, 50), text_width, 3)
    y = band + 56
    for line in title_lines:
        pen.text((MARGIN, y), line, font=title_face, fill=INK)
        y += int(title_face.size * 1.18)
    y += 20
    room = HEIGHT - 100 - y  # the description must end above the footer line
    desc_face, desc_lines = _fit(card.description, "regular", (36, 32, 30), text_width,
                                 max(1, int(room // (30 * 1.3))), room=room)
    for line in desc_lines:
        pen.text((MARGIN, y), line, font=desc_face, fill=MUTED)
        y += int(desc_face.size * 1.3)
    pen.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=BAND)
    pen.text((MARGIN, HEIGHT - 52), card.footer, font=font("bold", 30), fill=BAND, anchor="ls")
    out = io.BytesIO()
    image.quantize(COLOURS, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


def footer(site_root: str, hashtag: str) -> str:
    """The card's last line: the site's address without its scheme, and the campaign hashtag."""
    parts = urlsplit(site_root)
    return f"{parts.netloc}{parts.path}".rstrip("/") + f" · {hashtag}"


def cached(card: Card, cache: Path) -> bytes:
    """The card's PNG, drawn once and then read from the cache."""
    path = cache / f"{card.key()}.png"
    if path.is_file():
        return path.read_bytes()
    data = draw(card)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # builds may run side by side (the test processes)
    tmp.write_bytes(data)
    tmp.replace(path)
    return data
