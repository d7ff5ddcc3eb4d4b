"""Languages and editions: each language described once, read by every format."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from babel import Locale
from babel.numbers import format_decimal

from editions.text.scripts import Direction

#: Fonts from Debian's packages, by ISO 15924 script code.  The Debian package
#: is named so that a missing font can say what to install.
SCRIPT_FONTS: dict[str, tuple[str, str]] = {
    "Latn": ("Noto Serif", "fonts-noto-core"),
    "Cyrl": ("Noto Serif", "fonts-noto-core"),
    "Arab": ("Noto Naskh Arabic", "fonts-noto-core"),
    "Armn": ("Noto Serif Armenian", "fonts-noto-core"),
}

@dataclass(frozen=True)
class Language:
    """Everything the formats need to know about one edition's language."""

    code: str
    babel_locale: str
    latex_babel: str
    autonym: str
    direction: Direction
    script: str
    digits: str
    fonts: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.babel_locale)

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"

    def number(self, value: int) -> str:
        """Write a whole number with this language's digits (no grouping: a note or page)."""
        return localize_digits(format_decimal(value, locale=self.babel_locale,
                                              group_separator=False), self.digits)

    def font_for(self, script: str) -> str:
        return self.fonts.get(script, SCRIPT_FONTS[script][0])


def _language(code: str, latex_babel: str, autonym: str, script: str) -> Language:
    locale = Locale.parse(code)
    numbering = locale.default_numbering_system or "latn"
    return Language(
        code=code,
        babel_locale=code,
        latex_babel=latex_babel,
        autonym=autonym,
        direction="rtl" if locale.character_order == "right-to-left" else "ltr",
        script=script,
        digits=numbering,
        fonts={s: SCRIPT_FONTS[s][0] for s in SCRIPT_FONTS},
    )


# The autonyms are those a reader looks for in a language menu; Babel's
# display names are lower-case for az and ru ("azərbaycan", "русский").
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        _language("az", "azerbaijani", "Azərbaycanca", "Latn"),
        _language("en", "english", "English", "Latn"),
        _language("fa", "persian", "فارسی", "Arab"),
        _language("ru", "russian", "Русский", "Cyrl"),
    )
}


# Babel names each locale's numbering system (CLDR's "arabext" for fa) but
# formats digits in Latin only; the digit shapes are Unicode's, from the zero.
_NUMBERING_ZERO = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0"}


def localize_digits(text: str, numbering_system: str) -> str:
    zero = ord(_NUMBERING_ZERO.get(numbering_system, "0"))
    return re.sub(r"[0-9]", lambda m: chr(zero + int(m.group())), text)


class UnknownLanguageError(ValueError):
    pass


def get_language(code: str, overrides: dict[str, Any] | None = None) -> Language:
    """The language ``code``, with conf.py's ``editions_language_overrides[code]`` applied."""
    try:
        base = LANGUAGES[code]
    except KeyError:
        known = ", ".join(sorted(LANGUAGES))
        raise UnknownLanguageError(
            f"unknown language {code!r}: editions knows {known}; "
            "describe it in conf.py's editions_language_overrides"
        ) from None
    if not overrides:
        return base
    fonts = {**base.fonts, **overrides.get("fonts", {})}
    return dataclasses.replace(base, **{**overrides, "fonts": fonts})
