"""Fonts cut to the characters a book shows (fontTools), for the EPUB and its cover."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont

from editions import cache

# fontTools reports each table it prunes at INFO: a build's output is for problems.
logging.getLogger("fontTools").setLevel(logging.WARNING)


#: Another way of cutting fonts (the options below): another cache key.
SUBSET_RECIPE = "1"


def subset_bytes(font_file: Path, text: str) -> bytes:
    """The font cut to ``text``; its shaping (Arabic joining, marks, ligatures) and its
    names (the licence, the family) kept whole. Without hinting: reading systems scale.

    Kept in the machine's cache by the font file's identity, fontTools' version and
    the characters: each edition's EPUB, its cover and the bilingual books cut the
    same fonts to the same text build after build (a quarter of a worker's time)."""
    key = cache.digest(SUBSET_RECIPE, fontTools.version, cache.file_identity(font_file),
                       "".join(sorted(set(text))))
    return cache.blob("font-subsets", key, lambda: _subset(font_file, text))


def _subset(font_file: Path, text: str) -> bytes:
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
