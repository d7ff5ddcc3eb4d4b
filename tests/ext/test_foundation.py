"""The foundation: sample projects through sphinx.testing."""

from __future__ import annotations

import re

import pytest
from sphinx.testing.util import SphinxTestApp

# sphinx.testing swaps alabaster for "basic" unless the theme is an override.
ALABASTER = {"html_theme": "alabaster"}


@pytest.mark.sphinx("html", testroot="basic", confoverrides=ALABASTER)
def test_source_edition_has_stable_note_ids_and_no_warnings(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "chapter.html").read_text(encoding="utf-8")
    assert app.warning.getvalue() == ""
    assert '<html lang="en" dir="ltr"' in html
    assert re.search(r'id="fn-1"', html) and re.search(r'id="fn-26"', html)
    assert 'id="fnref-1"' in html and 'id="fnref-1-2"' in html
    assert html.count('href="#fn-1"') == 2
    assert '<figure class="photo' in html
    assert "<figcaption>" in html and "Tabriz, September 2020." in html


@pytest.mark.sphinx("html", testroot="basic", confoverrides={**ALABASTER, "language": "fa"})
def test_translated_edition_shows_catalog_text_right_to_left(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "chapter.html").read_text(encoding="utf-8")
    assert app.warning.getvalue() == ""
    assert '<html lang="fa" dir="rtl"' in html
    assert "تبریز شهری است." in html
    assert "فصل یکم" in html
    # Note numbers in Persian digits, ids the same as in every edition.
    assert re.search(r'id="fnref-26"[^>]*>.*?۲۶', html, re.S)
    assert 'id="fn-26"' in html
    # An untranslated message keeps the source text.
    assert "Note twenty-six." in html
