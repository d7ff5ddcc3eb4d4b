"""The LaTeX set-up of an edition's language: Babel, a font for each script, hyphenation.

Stock Sphinx knows no Babel name for fa or az, so it would typeset them as
English.  Here every edition's LaTeX comes from its
:class:`~editions.languages.Language`: Babel with ``bidi=basic`` and one
``\\babelprovide`` per script, a font for each script (``onchar=ids fonts``
switches between them) and the language's digits for page, chapter and note
numbers.
"""

from __future__ import annotations

from babel import Locale

from editions.languages import LANGUAGES, SCRIPT_FONTS, Language
from editions.text.scripts import SCRIPT_DIRECTIONS, SCRIPT_LANGUAGES


def babel_name(code: str) -> str:
    """Babel's name for a language: the edition's own, else Babel's English name (``hy``)."""
    if code in LANGUAGES:
        return LANGUAGES[code].latex_babel
    return str(Locale.parse(code).english_name).lower()


def script_language(lang: Language, script: str) -> str:
    """The Babel language that sets text of ``script`` in this edition."""
    if script == lang.script:
        return lang.latex_babel
    return babel_name(SCRIPT_LANGUAGES[script])


# TeX Live has no Azerbaijani patterns.  Azerbaijani divides syllables as
# Turkish does (before a lone consonant between vowels, between two consonants),
# so it takes Turkish's rule-made patterns, plus the same rules for the letters
# Turkish lacks (ə, q, x), which the Turkish patterns would never break at.
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


#: Extra ``\babelprovide`` options and patterns, by Babel name.
HYPHENATION: dict[str, tuple[str, str]] = {
    "azerbaijani": ("hyphenrules=turkish", azerbaijani_patterns()),
}

FAMILIES = ("rm", "sf", "tt")

#: Naskh's letters are small beside Latin ones of the same size; scaled, a
#: Persian title in a Latin note (or a Latin one in a Persian note) matches.
SCRIPT_SCALES = {"Arab": "1.15"}
#: ... and they need the room above and below that its marks take.
SCRIPT_LINESPREAD = {"Arab": "1.12"}
#: A Persian book numbers its front matter (the contents) with letters in abjad
#: order, where a Latin one has roman numerals: alef spelled out, so that it is
#: not read as ۱, and heh with a tatweel, so that it is not read as ۵.
FRONT_MATTER_LETTERS = {
    "fa": "الف ب ج د هـ و ز ح ط ی ک ل م ن س ع ف ص ق ر ش ت ث خ ذ ض ظ غ",
}


def font_features(script: str) -> str:
    # HarfBuzz shapes Arabic best; every font falls back on the others for a
    # glyph it lacks (Noto Naskh Arabic has no brackets, dashes or quotes).
    features = ["RawFeature={fallback=editions}"]
    if SCRIPT_DIRECTIONS.get(script) == "rtl":
        features.insert(0, "Renderer=HarfBuzz")
    if script in SCRIPT_SCALES:
        features.append(f"Scale={SCRIPT_SCALES[script]}")
    return ", ".join(features)


#: Written beside the LaTeX file (from texinputs/) and loaded before any font.
FONTS_LUA = "editions-fonts.lua"


def babel_setup(lang: Language) -> str:
    """The ``multilingual`` element: Babel, one language per script, and its fonts."""
    # Titlesec (Sphinx's headings) already follows the direction; Babel's own
    # "sectioning" layout would fight it.
    layout = ", layout=counters.contents.footnotes.lists" if lang.is_rtl else ""
    lines = [rf'\directlua{{require("{FONTS_LUA.removesuffix(".lua")}")}}',
             rf"\usepackage[bidi=basic{layout}]{{babel}}"]
    # HarfBuzz shapes the fallback too, so a bracket Naskh lacks is mirrored in a Persian run.
    fallback = ", ".join(f'"{font}:mode=harf;"' for font in edition_fonts(lang))
    lines.append(rf"\directlua{{luaotfload.add_fallback('editions', {{{fallback}}})}}")
    for script in edition_scripts(lang):
        name = script_language(lang, script)
        options = ["import", "onchar=ids fonts letters"]
        if script == lang.script:
            options.insert(1, "main")
            if lang.digits != "latn":
                options.append("maparabic")  # page, chapter and note numbers
        extra, patterns = HYPHENATION.get(name, ("", ""))
        options += [extra] if extra else []
        lines.append(rf"\babelprovide[{', '.join(options)}]{{{name}}}")
        if patterns:
            lines.append(rf"\babelpatterns[{name}]{{{patterns}}}")
    # One family per script for roman, sans and mono: a publication has no code,
    # and every glyph stays in a font the language description names.
    for family in FAMILIES:
        main_font = lang.font_for(lang.script)
        lines.append(rf"\babelfont{{{family}}}[{font_features(lang.script)}]{{{main_font}}}")
        for script in edition_scripts(lang):
            lines.append(rf"\babelfont[{script_language(lang, script)}]{{{family}}}"
                         rf"[{font_features(script)}]{{{lang.font_for(script)}}}")
    return "\n".join(lines)


def edition_scripts(lang: Language) -> list[str]:
    """The edition's own script first, then every other one a publication may quote."""
    return [lang.script, *(s for s in SCRIPT_FONTS if s != lang.script)]


def edition_fonts(lang: Language) -> list[str]:
    return list(dict.fromkeys(lang.font_for(s) for s in edition_scripts(lang)))
