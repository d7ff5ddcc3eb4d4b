"""The LaTeX of a language editions has no table for: babel's ini, fonts and digits."""

from __future__ import annotations

import re

from editions.ext.latex import preamble_context
from editions.ext.latex_language import babel_setup, font_features
from editions.languages import get_language


def test_a_cldr_language_imports_its_babel_ini_as_the_main_language() -> None:
    tr = babel_setup(get_language("tr"))
    assert r"\babelprovide[import=tr, main, onchar=ids fonts letters]{turkish}" in tr
    assert r"\babelfont{rm}[RawFeature={fallback=editions}]{Noto Serif}" in tr
    # The scripts a publication quotes keep their languages and fonts.
    assert r"\babelprovide[import=fa, onchar=ids fonts letters]{persian}" in tr
    assert "maparabic" not in tr and "layout=" not in tr


def test_arabic_with_arabic_indic_digits_is_set_right_to_left_in_naskh() -> None:
    ar = get_language("ar", {"digits": "arab"})
    setup = babel_setup(ar)
    assert re.search(r"\\babelprovide\[import=ar, main, [^]]*maparabic[^]]*\]\{arabic\}", setup)
    assert "layout=counters.contents.footnotes.lists" in setup
    assert font_features(ar, "Arab") == "Renderer=HarfBuzz, RawFeature={fallback=editions}, " \
                                        "Scale=1.15"
    context = preamble_context(ar)
    assert context["direction"] == "R2L" and context["linespread"] == r"\linespread{1.12}"
    # The contents page is أ, as an Arabic book numbers its front matter (abjad order).
    assert r"\ifcase\c@page\or أ\or ب\or ج" in context["front_matter_numbering"]
    assert preamble_context(get_language("tr"))["front_matter_numbering"] == \
        r"\pagenumbering{roman}"
    # CLDR's own Arabic digits are Latin: no maparabic without the override.
    assert "maparabic" not in babel_setup(get_language("ar"))


def test_armenian_sets_its_own_script_in_its_own_font() -> None:
    hy = babel_setup(get_language("hy"))
    assert r"\babelprovide[import=hy, main, onchar=ids fonts letters]{armenian}" in hy
    assert r"\babelfont{rm}[RawFeature={fallback=editions}]{Noto Serif Armenian}" in hy
    assert r"\babelfont[english]{rm}[RawFeature={fallback=editions}]{Noto Serif}" in hy


def test_a_complex_script_is_shaped_by_harfbuzz() -> None:
    hi = get_language("hi")
    assert font_features(hi, "Deva").startswith("Renderer=HarfBuzz")
    assert r"{Noto Serif Devanagari}" in babel_setup(hi)
