"""Languages and editions: each language described once, read by every format.

Every fact comes from CLDR through Babel, so ``editions_languages = ["en", "tr"]``
needs nothing else: the direction (``Locale.character_order``), the numbering
system (``Locale.default_numbering_system``), the script (CLDR's likely
subtags), the autonym (``Locale.get_display_name``).  The fonts come from one
table keyed by ISO 15924 script (:data:`SCRIPT_FONTS`), LaTeX's language from
babel's ini files (``\\babelprovide[import=<latex_tag>]{<latex_babel>}``).

conf.py's ``editions_language_overrides = {"xx": {"digits": "arab", ...}}`` sets
any :class:`Language` field for one language; a language that CLDR does not know
is described there entirely.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import format_decimal

from editions.text.scripts import Direction


class ScriptFont(NamedTuple):
    """A script's font family and the Debian package that ships it."""

    family: str
    package: str


_CORE, _CJK = "fonts-noto-core", "fonts-noto-cjk"

#: Fonts from Debian's packages, by ISO 15924 script code: a serif where Noto has
#: one, else the sans.  The package is named so that a missing font says what to
#: install.
SCRIPT_FONTS: dict[str, ScriptFont] = {
    "Latn": ScriptFont("Noto Serif", _CORE),
    "Cyrl": ScriptFont("Noto Serif", _CORE),
    "Arab": ScriptFont("Noto Naskh Arabic", _CORE),
    "Armn": ScriptFont("Noto Serif Armenian", _CORE),
    "Grek": ScriptFont("Noto Serif", _CORE),
    "Geor": ScriptFont("Noto Serif Georgian", _CORE),
    "Hebr": ScriptFont("Noto Serif Hebrew", _CORE),
    "Deva": ScriptFont("Noto Serif Devanagari", _CORE),
    "Beng": ScriptFont("Noto Serif Bengali", _CORE),
    "Gujr": ScriptFont("Noto Serif Gujarati", _CORE),
    "Guru": ScriptFont("Noto Serif Gurmukhi", _CORE),
    "Knda": ScriptFont("Noto Serif Kannada", _CORE),
    "Mlym": ScriptFont("Noto Serif Malayalam", _CORE),
    "Orya": ScriptFont("Noto Sans Oriya", _CORE),
    "Taml": ScriptFont("Noto Serif Tamil", _CORE),
    "Telu": ScriptFont("Noto Serif Telugu", _CORE),
    "Sinh": ScriptFont("Noto Serif Sinhala", _CORE),
    "Thai": ScriptFont("Noto Serif Thai", _CORE),
    "Laoo": ScriptFont("Noto Serif Lao", _CORE),
    "Khmr": ScriptFont("Noto Serif Khmer", _CORE),
    "Mymr": ScriptFont("Noto Serif Myanmar", _CORE),
    "Tibt": ScriptFont("Noto Serif Tibetan", _CORE),
    "Ethi": ScriptFont("Noto Serif Ethiopic", _CORE),
    "Thaa": ScriptFont("Noto Sans Thaana", _CORE),
    "Syrc": ScriptFont("Noto Sans Syriac", _CORE),
    "Mong": ScriptFont("Noto Sans Mongolian", _CORE),
    "Tfng": ScriptFont("Noto Sans Tifinagh", _CORE),
    "Cher": ScriptFont("Noto Sans Cherokee", _CORE),
    "Nkoo": ScriptFont("Noto Sans NKo", _CORE),
    "Adlm": ScriptFont("Noto Sans Adlam", _CORE),
    "Olck": ScriptFont("Noto Sans Ol Chiki", _CORE),
    "Cans": ScriptFont("Noto Sans Canadian Aboriginal", _CORE),
    "Cakm": ScriptFont("Noto Sans Chakma", _CORE),
    "Copt": ScriptFont("Noto Sans Coptic", _CORE),
    "Hmnp": ScriptFont("Noto Serif Hmong Nyiakeng", _CORE),
    "Osge": ScriptFont("Noto Sans Osage", _CORE),
    "Rohg": ScriptFont("Noto Sans Hanifi Rohingya", _CORE),
    "Tavt": ScriptFont("Noto Sans Tai Viet", _CORE),
    "Vaii": ScriptFont("Noto Sans Vai", _CORE),
    "Yiii": ScriptFont("Noto Sans Yi", _CORE),
    "Hans": ScriptFont("Noto Serif CJK SC", _CJK),
    "Hant": ScriptFont("Noto Serif CJK TC", _CJK),
    "Jpan": ScriptFont("Noto Serif CJK JP", _CJK),
    "Kore": ScriptFont("Noto Serif CJK KR", _CJK),
}

#: The scripts every PDF can set besides its own, the ones a publication quotes
#: (each gets a Babel language and a font in every edition's preamble).
QUOTED_SCRIPTS = ("Latn", "Cyrl", "Arab", "Armn")


@dataclass(frozen=True)
class ScriptTypography:
    """How a script's font sits beside the others in a PDF."""

    #: The font's ``Scale=`` beside Latin ("" for none).
    scale: str = ""
    #: The edition's ``\\linespread`` when this is its own script ("" for LaTeX's).
    linespread: str = ""


#: Naskh's letters are small beside Latin ones of the same size; scaled, a Persian
#: title in a Latin note (or a Latin one in a Persian note) matches; and they need
#: the room above and below that its marks take.
SCRIPT_TYPOGRAPHY: dict[str, ScriptTypography] = {
    "Arab": ScriptTypography(scale="1.15", linespread="1.12"),
}

#: Scripts whose letters need no shaping: LuaLaTeX's own node mode sets them.
#: Every other script is shaped by HarfBuzz.
SIMPLE_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Armn", "Geor", "Cher"})

#: The publication's own names in its language menu, where CLDR's would read as an
#: adjective ("azərbaycan", "русский"): the name each edition is known by.
PREFERRED_AUTONYMS = {"az": "Azərbaycanca", "ru": "Русский"}

#: A Persian or Arabic book numbers its front matter (the contents) with letters
#: in abjad order (أبجد هوز حطي كلمن …), where a Latin one has roman numerals.
#: Persian spells alef out, so that it is not read as ۱; Arabic writes it with
#: its hamza (أ); both give heh a tatweel, so that it is not read as ٥.
FRONT_MATTER_LETTERS = {
    "fa": "الف ب ج د هـ و ز ح ط ی ک ل م ن س ع ف ص ق ر ش ت ث خ ذ ض ظ غ",
    "ar": "أ ب ج د هـ و ز ح ط ي ك ل م ن س ع ف ص ق ر ش ت ث خ ذ ض ظ غ",
}

# TeX Live has no Azerbaijani patterns.  Azerbaijani divides syllables as Turkish
# does (before a lone consonant between vowels, between two consonants), so it
# takes Turkish's rule-made patterns, plus the same rules for the letters Turkish
# lacks (ə, q, x), which the Turkish patterns would never break at.
_AZ_VOWELS = "aıoueəiöü"
_AZ_CONSONANTS = "bcçdfgğhxjkqlmnprsştvyz"
_AZ_NEW_LETTERS = "əqx"


def azerbaijani_patterns() -> str:
    patterns = ["2ə1", "1q1", "1x1"]
    patterns += [f"2{a}{b}" for a in _AZ_CONSONANTS for b in _AZ_CONSONANTS
                 if a in _AZ_NEW_LETTERS or b in _AZ_NEW_LETTERS]
    patterns += [f"{a}3{b}2" for a in _AZ_VOWELS for b in _AZ_VOWELS
                 if a in _AZ_NEW_LETTERS or b in _AZ_NEW_LETTERS]
    return " ".join(patterns)


#: Extra ``\\babelprovide`` options and ``\\babelpatterns``, by language code.
HYPHENATION: dict[str, tuple[str, str]] = {
    "az": ("hyphenrules=turkish", azerbaijani_patterns()),
}

#: Languages whose Latin alphabet has a dotted and a dotless i: ``i`` capitalises
#: as ``İ``.
DOTTED_I_LANGUAGES = frozenset({"az", "tr", "crh", "gag", "tt"})
#: Scripts whose writing starts a name with a capital.
CASED_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Armn"})

# The digits of CLDR's numbering systems.  Babel names each locale's system but
# formats in Latin digits only; a system whose digits Unicode encodes in order
# from a DIGIT ZERO is found by that name, the others are spelled out here.
_DIGIT_ZERO_NAMES = {
    "arab": "ARABIC-INDIC", "arabext": "EXTENDED ARABIC-INDIC", "beng": "BENGALI",
    "deva": "DEVANAGARI", "gujr": "GUJARATI", "guru": "GURMUKHI", "knda": "KANNADA",
    "khmr": "KHMER", "laoo": "LAO", "mlym": "MALAYALAM", "mong": "MONGOLIAN",
    "mymr": "MYANMAR", "orya": "ORIYA", "tamldec": "TAMIL", "telu": "TELUGU",
    "thai": "THAI", "tibt": "TIBETAN", "fullwide": "FULLWIDTH", "adlm": "ADLAM",
    "nkoo": "NKO", "olck": "OL CHIKI", "mtei": "MEETEI MAYEK", "sinh": "SINHALA LITH",
    "java": "JAVANESE", "bali": "BALINESE", "limb": "LIMBU", "cham": "CHAM",
    "cakm": "CHAKMA", "hmnp": "NYIAKENG PUACHUE HMONG",
}
_SPELLED_DIGITS = {"latn": "0123456789", "hanidec": "〇一二三四五六七八九"}


@functools.cache
def numbering_digits(system: str) -> str:
    """The ten digits of a CLDR numbering system, zero first; "" if editions has none."""
    if system in _SPELLED_DIGITS:
        return _SPELLED_DIGITS[system]
    name = _DIGIT_ZERO_NAMES.get(system)
    if name is None:
        return ""
    try:
        zero = ord(unicodedata.lookup(f"{name} DIGIT ZERO"))
    except KeyError:
        return ""
    digits = "".join(chr(zero + n) for n in range(10))
    return digits if [unicodedata.digit(c, -1) for c in digits] == list(range(10)) else ""


def localize_digits(text: str, numbering_system: str) -> str:
    """``text`` with its ASCII digits written in the numbering system's own."""
    digits = numbering_digits(numbering_system) or _SPELLED_DIGITS["latn"]
    return re.sub(r"[0-9]", lambda m: digits[int(m.group())], text)


@dataclass(frozen=True)
class Language:
    """Everything the formats need to know about one edition's language."""

    code: str
    #: The CLDR locale of dates, numbers and lists (the code, unless overridden).
    babel_locale: str
    #: LaTeX babel's name for the language, and the tag of its ``babel-<tag>.ini``.
    latex_babel: str
    latex_tag: str
    autonym: str
    direction: Direction
    #: ISO 15924, e.g. ``Latn``, ``Arab``, ``Armn``.
    script: str
    #: CLDR's numbering system, e.g. ``latn``, ``arab``, ``arabext``.
    digits: str
    #: A font family per script, over :data:`SCRIPT_FONTS`.
    fonts: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    #: Extra ``\\babelprovide`` options (``hyphenrules=turkish``) and patterns.
    latex_options: str = ""
    hyphenation_patterns: str = ""
    #: The front matter's page numbers, as letters ("" for roman numerals).
    front_matter_letters: str = ""
    #: ``\\linespread`` of the edition's text ("" for LaTeX's).
    linespread: str = ""

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
        return self.fonts.get(script) or SCRIPT_FONTS[script].family


class UnknownLanguageError(ValueError):
    """A language editions cannot describe; the message says what to put in conf.py."""


#: The Language fields conf.py may override, and the type of each.
OVERRIDABLE = {f.name: (dict if f.name == "fonts" else str)
               for f in dataclasses.fields(Language) if f.name != "code"}

_SETTING = "editions_language_overrides"


def get_language(code: str, overrides: dict[str, Any] | None = None) -> Language:
    """The language ``code``, with conf.py's ``editions_language_overrides[code]`` applied."""
    try:
        key = json.dumps(overrides or {}, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        raise UnknownLanguageError(
            f"{_SETTING}[{code!r}] must map fact names to text, such as "
            f"{{'digits': 'arab'}}, not {overrides!r}: fix conf.py") from None
    return _language(code, key)


@functools.cache
def _language(code: str, overrides_json: str) -> Language:
    overrides: dict[str, Any] = json.loads(overrides_json)
    _check_overrides(code, overrides)
    locale = _cldr_locale(code, overrides)
    facts: dict[str, Any] = {**_cldr_facts(code, locale), **overrides}
    facts["fonts"] = {**{s: f.family for s, f in SCRIPT_FONTS.items()},
                      **overrides.get("fonts", {})}
    facts.setdefault("linespread", SCRIPT_TYPOGRAPHY.get(facts["script"],
                                                         ScriptTypography()).linespread)
    lang = Language(code=code, **facts)
    _check_language(lang)
    return lang


def _check_overrides(code: str, overrides: dict[str, Any]) -> None:
    for key, value in overrides.items():
        kind = OVERRIDABLE.get(key)
        if kind is None:
            raise UnknownLanguageError(
                f"{_SETTING}[{code!r}] has {key!r}, which is no language fact: use "
                f"{', '.join(OVERRIDABLE)}")
        if not isinstance(value, kind) or (isinstance(value, dict) and not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items())):
            shape = "{'Arab': 'Noto Naskh Arabic'}" if kind is dict else "text such as 'ltr'"
            raise UnknownLanguageError(
                f"{_SETTING}[{code!r}][{key!r}] must be {shape}, not {value!r}: fix conf.py")


def _cldr_locale(code: str, overrides: dict[str, Any]) -> Locale:
    """CLDR's locale for the language (or for the one conf.py names for it)."""
    name = str(overrides.get("babel_locale", code)).replace("-", "_")
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        if "babel_locale" in overrides:
            raise UnknownLanguageError(
                f"{_SETTING}[{code!r}]['babel_locale'] {name!r} is no CLDR locale: name one "
                "that Babel knows (for dates and numbers), e.g. 'en'") from None
        raise UnknownLanguageError(
            f"unknown language {code!r}: CLDR (Babel) does not know it; describe it in "
            f"conf.py: {_SETTING} = {{{code!r}: {{'babel_locale': 'en', 'autonym': "
            f"'…', 'script': 'Latn', 'direction': 'ltr', 'digits': 'latn'}}}}") from None


def _cldr_facts(code: str, locale: Locale) -> dict[str, Any]:
    """What CLDR (and the preferences above) say of the language."""
    script = locale.script or _likely_script(locale)
    english = Locale(locale.language).english_name or code
    options, patterns = HYPHENATION.get(code, ("", ""))
    return {
        "babel_locale": str(locale),
        "latex_babel": re.sub(r"[^a-z]", "", english.lower()) or locale.language,
        "latex_tag": code.replace("_", "-"),
        "autonym": PREFERRED_AUTONYMS.get(code) or menu_name(locale, script),
        "direction": "rtl" if locale.character_order == "right-to-left" else "ltr",
        "script": script,
        "digits": locale.default_numbering_system or "latn",
        "latex_options": options,
        "hyphenation_patterns": patterns,
        "front_matter_letters": FRONT_MATTER_LETTERS.get(code, ""),
    }


def _likely_script(locale: Locale) -> str:
    """CLDR's likely script of a locale: ``tr`` → ``tr_Latn_TR`` → ``Latn``."""
    likely = get_global("likely_subtags")
    for key in (str(locale), f"{locale.language}_{locale.territory or ''}".rstrip("_"),
                locale.language, f"und_{locale.territory}"):
        if key in likely:
            parts = str(likely[key]).split("_")
            script = next((p for p in parts[1:] if len(p) == 4), None)
            if script:
                return script
    return "Latn"


def menu_name(locale: Locale, script: str) -> str:
    """The language's own name as a menu shows it: CLDR's, with a capital first letter
    in a script whose writing has capitals (Georgian's Mtavruli is no capital)."""
    name = str(locale.get_display_name(locale) or locale.language)
    if script not in CASED_SCRIPTS:
        return name
    first = "İ" if name[:1] == "i" and locale.language in DOTTED_I_LANGUAGES else name[:1].upper()
    return first + name[1:]


def _check_language(lang: Language) -> None:
    """Facts no format can use, whichever source (CLDR or conf.py) gave them."""
    where = f"set it in conf.py: {_SETTING} = {{{lang.code!r}: {{"
    if lang.direction not in ("ltr", "rtl"):
        raise UnknownLanguageError(f"{lang.code}: direction {lang.direction!r} is neither "
                                   f"'ltr' nor 'rtl': {where}'direction': 'ltr'}}}}")
    if not numbering_digits(lang.digits):
        raise UnknownLanguageError(
            f"{lang.code}: editions cannot write the digits of CLDR's numbering system "
            f"{lang.digits!r}: {where}'digits': 'latn'}}}} (or 'arab', 'arabext', 'deva', …)")
    if not lang.fonts.get(lang.script):
        raise UnknownLanguageError(
            f"{lang.code}: editions has no font for the {lang.script} script: name one "
            f"(an installed family) in conf.py: {_SETTING} = {{{lang.code!r}: "
            f"{{'fonts': {{{lang.script!r}: 'Noto Serif …'}}}}}}")
