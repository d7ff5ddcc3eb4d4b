"""Fonts cut to the characters a book shows (fontTools), for the EPUB and its cover."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

# fontTools reports each table it prunes at INFO: a build's output is for problems.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def subset_bytes(font_file: Path, text: str) -> bytes:
    """The font cut to ``text``; its shaping (Arabic joining, marks, ligatures) and its
    names (the licence, the family) kept whole. Without hinting: reading systems scale."""
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    font = TTFont(font_file, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    return buffer.getvalue()
