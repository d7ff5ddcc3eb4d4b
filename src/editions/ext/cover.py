"""A typographic cover for each edition: its title and author, set, not pictured.

The cover is an SVG (the EPUB's cover-image and its first page).  An SVG shown
as an image loads nothing from outside, so the fonts it needs, subset to the
title's and author's letters, travel inside it as data URLs: every reading
system draws the same cover, Persian joined and right to left.
"""

from __future__ import annotations

import base64
import html
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

from editions.ext.fonts import subset_bytes

WIDTH, HEIGHT = 1600, 2400
MARGIN = 150
TITLE_SIZE = 118
AUTHOR_SIZE = 76
#: Characters per line at the title's size: a line of the frame's width holds about
#: this many average letters (Noto's are about 0.55 em wide).
TITLE_CHARS = int((WIDTH - 2 * MARGIN - 120) / (0.55 * TITLE_SIZE))


@dataclass(frozen=True)
class CoverText:
    title: str
    author: str
    lang: str
    direction: str  # ltr | rtl


def font_data_url(font_file: Path, text: str) -> str:
    """The font, subset to ``text``, as a data URL an SVG's @font-face can load."""
    return "data:font/ttf;base64," + base64.b64encode(subset_bytes(font_file, text)).decode(
        "ascii")


def _lines(text: str, width: int) -> list[str]:
    """Lines of about equal length, none longer than ``width`` if the words allow."""
    count = max(1, math.ceil(len(text) / width))
    balanced = math.ceil(len(text) / count) + 2
    return textwrap.wrap(text, width=balanced, break_long_words=False) or [text]


def cover_svg(cover: CoverText, bold_font: Path | None, regular_font: Path | None) -> str:
    """The SVG, centred lines of title and author in the edition's direction."""
    faces = []
    for weight, font in (("bold", bold_font), ("normal", regular_font)):
        if font is not None:
            url = font_data_url(font, cover.title + cover.author + " ")
            faces.append(f'@font-face {{ font-family: "EditionsCover"; font-weight: {weight}; '
                         f'src: url("{url}"); }}')
    # Naskh's letters are small and narrow beside Latin ones, as in the PDF (1.15).
    scale = 1.15 if cover.direction == "rtl" else 1.0
    title_size, author_size = int(TITLE_SIZE * scale), int(AUTHOR_SIZE * scale)
    title_lines = _lines(cover.title, int(TITLE_CHARS * (1.2 if scale > 1 else 1.0)))
    top = int(HEIGHT * 0.30)
    leading = int(title_size * 1.45)
    texts = [_text_line(line, top + i * leading, title_size, "bold", cover.direction)
             for i, line in enumerate(title_lines)]
    rule_y = top + (len(title_lines) - 1) * leading + int(title_size * 1.1)
    author_y = rule_y + int(author_size * 1.9)
    texts.append(_text_line(cover.author, author_y, author_size, "normal", cover.direction))
    label = html.escape(f"{cover.title} — {cover.author}")
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" xml:lang="{cover.lang}" role="img" '
        f'aria-label="{label}">',
        f"<title>{label}</title>",
        "<style>", *faces,
        'text { font-family: "EditionsCover", serif; fill: #1f1d1a; }', "</style>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f2eee4"/>',
        f'<rect x="{MARGIN // 2}" y="{MARGIN // 2}" width="{WIDTH - MARGIN}" '
        f'height="{HEIGHT - MARGIN}" fill="none" stroke="#6b1e1e" stroke-width="6"/>',
        *texts,
        f'<line x1="{WIDTH // 2 - 160}" y1="{rule_y}" x2="{WIDTH // 2 + 160}" y2="{rule_y}" '
        'stroke="#6b1e1e" stroke-width="4"/>',
        "</svg>", ""])


def _text_line(text: str, y: int, size: int, weight: str, direction: str) -> str:
    return (f'<text x="{WIDTH // 2}" y="{y}" font-size="{size}" font-weight="{weight}" '
            f'text-anchor="middle" direction="{direction}">{html.escape(text)}</text>')
