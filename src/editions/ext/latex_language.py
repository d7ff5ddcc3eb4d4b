"""The LaTeX set-up of an edition's language: Babel, a font for each script, hyphenation.

Stock Sphinx knows no Babel name for fa or az, so it would typeset them as
English.  Here every edition's LaTeX comes from its
:class:`~editions.languages.Language`: Babel with ``bidi=basic`` and one
``\\babelprovide[import=<tag>]`` per script (babel's ini files: any language
CLDR knows), a font for each script (``onchar=ids fonts`` switches between
them) and the language's digits for page, chapter and note numbers.  The
tables (fonts, scales, hyphenation, front matter) are in
:mod:`editions.languages`; whether TeX Live has each ini file is the
pipeline's check (:mod:`editions.pipeline.tools.fonts`).
"""

from __future__ import annotations

from editions.languages import (
    QUOTED_SCRIPTS,
    SCRIPT_TYPOGRAPHY,
    SIMPLE_SCRIPTS,
    Language,
    get_language,
)
from editions.text.scripts import SCRIPT_LANGUAGES


def quoted_language(script: str) -> Language:
    """The language that sets a quoted run of ``script`` (English for Latin, …)."""
    return get_language(SCRIPT_LANGUAGES[script])


def script_language(lang: Language, script: str) -> str:
    """The Babel language that sets text of ``script`` in this edition."""
    if script == lang.script:
        return lang.latex_babel
    return quoted_language(script).latex_babel


def script_tag(lang: Language, script: str) -> str:
    """The tag of the babel ini file for ``script``'s language in this edition."""
    return lang.latex_tag if script == lang.script else quoted_language(script).latex_tag


FAMILIES = ("rm", "sf", "tt")


def font_features(lang: Language, script: str) -> str:
    # HarfBuzz shapes Arabic (and every script with joining or reordering) best;
    # every font falls back on the others for a glyph it lacks (Noto Naskh Arabic
    # has no brackets, dashes or quotes).
    features = ["RawFeature={fallback=editions}"]
    rtl = lang.is_rtl if script == lang.script else quoted_language(script).is_rtl
    if rtl or script not in SIMPLE_SCRIPTS:
        features.insert(0, "Renderer=HarfBuzz")
    scale = SCRIPT_TYPOGRAPHY[script].scale if script in SCRIPT_TYPOGRAPHY else ""
    if scale:
        features.append(f"Scale={scale}")
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
        lines += babel_provide(lang, script)
    # One family per script for roman, sans and mono: a publication has no code,
    # and every glyph stays in a font the language description names.
    for family in FAMILIES:
        main_font = lang.font_for(lang.script)
        lines.append(rf"\babelfont{{{family}}}[{font_features(lang, lang.script)}]"
                     rf"{{{main_font}}}")
        for script in edition_scripts(lang):
            lines.append(rf"\babelfont[{script_language(lang, script)}]{{{family}}}"
                         rf"[{font_features(lang, script)}]{{{lang.font_for(script)}}}")
    return "\n".join(lines)


def babel_provide(lang: Language, script: str) -> list[str]:
    """``\\babelprovide`` for the language of ``script`` (and its own patterns)."""
    own = script == lang.script
    described = lang if own else quoted_language(script)
    options = [f"import={described.latex_tag}", "onchar=ids fonts letters"]
    if own:
        options.insert(1, "main")
        if lang.digits != "latn":
            options.append("maparabic")  # page, chapter and note numbers
    options += [described.latex_options] if described.latex_options else []
    name = described.latex_babel
    lines = [rf"\babelprovide[{', '.join(options)}]{{{name}}}"]
    if described.hyphenation_patterns:
        lines.append(rf"\babelpatterns[{name}]{{{described.hyphenation_patterns}}}")
    return lines


def edition_scripts(lang: Language) -> list[str]:
    """The edition's own script first, then every other one a publication may quote."""
    return [lang.script, *(s for s in QUOTED_SCRIPTS if s != lang.script)]


def edition_tags(lang: Language) -> list[str]:
    """The babel ini tags this edition's LaTeX imports (``babel-<tag>.ini``)."""
    return [script_tag(lang, script) for script in edition_scripts(lang)]


def edition_fonts(lang: Language) -> list[str]:
    return list(dict.fromkeys(lang.font_for(s) for s in edition_scripts(lang)))
