"""Scripts and directions of letters, from Unicode: which run of a text is which."""

from __future__ import annotations

import unicodedata
from typing import Literal

Direction = Literal["ltr", "rtl"]

#: The direction of each script that the publications use (ISO 15924).
SCRIPT_DIRECTIONS: dict[str, Direction] = {
    "Latn": "ltr",
    "Cyrl": "ltr",
    "Armn": "ltr",
    "Grek": "ltr",
    "Geor": "ltr",
    "Arab": "rtl",
    "Hebr": "rtl",
}

#: A language that writes each script, to mark a foreign run with ``lang``.
SCRIPT_LANGUAGES: dict[str, str] = {"Latn": "en", "Cyrl": "ru", "Armn": "hy", "Arab": "fa",
                                    "Grek": "el", "Geor": "ka", "Hebr": "he"}

#: Latin letters that Azerbaijani writes and English does not: a Latin run that has
#: one is Azerbaijani (the publications quote Azerbaijani and English sources).
AZERBAIJANI_LETTERS = frozenset("əƏğĞıİşŞçÇöÖüÜ")

_PREFIXES = (("LATIN", "Latn"), ("CYRILLIC", "Cyrl"), ("ARMENIAN", "Armn"),
             ("ARABIC", "Arab"), ("EXTENDED ARABIC", "Arab"), ("GREEK", "Grek"),
             ("GEORGIAN", "Geor"), ("HEBREW", "Hebr"))


def run_language(text: str, script: str) -> str:
    """The language of a run of ``script`` quoted in another edition, for its ``lang``."""
    if script == "Latn" and AZERBAIJANI_LETTERS.intersection(text):
        return "az"
    return SCRIPT_LANGUAGES.get(script, "und")


def script_of(char: str) -> str | None:
    """The script of a letter, from its Unicode name, or None for neutral characters."""
    if not char.isalpha() and not ("\u0660" <= char <= "\u06f9"):
        return None
    name = unicodedata.name(char, "")
    for prefix, script in _PREFIXES:
        if name.startswith(prefix):
            return script
    return None


def direction_of(script: str) -> Direction:
    return SCRIPT_DIRECTIONS.get(script, "ltr")
