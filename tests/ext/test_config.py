"""The user's conf.py and -D values: a minimal conf.py builds, and what the user sets wins."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.books import DC, Book


@pytest.mark.sphinx("epub", testroot="minimal")
def test_a_minimal_conf_py_builds_an_epub(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert "should not be empty" not in warnings  # Sphinx's "epub_copyright" (or "copyright")
    assert warnings == ""
    book = Book(app.outdir / f"{app.config.epub_basename}.epub")
    assert book.metadata("title") == ["Minimal"]
    assert book.metadata("creator") == ["Minimal Author"]
    # The copyright Sphinx requires, said from the author and the year.
    rights = [str(e.text) for e in book.package.iter(f"{DC}rights")]
    assert rights == [f"© {dt.date.today().year} Minimal Author"]


@pytest.mark.sphinx("epub", testroot="minimal", srcdir="minimal-fa",
                    confoverrides={"language": "fa"})
def test_a_minimal_conf_py_builds_a_translated_epub(app: SphinxTestApp) -> None:
    app.build()
    # Only what is true of this root: it has no catalogs yet.
    [warning] = app.warning.getvalue().splitlines()
    assert "no catalogs for fa" in warning and "editions update" in warning
    book = Book(app.outdir / f"{app.config.epub_basename}.epub")
    assert book.metadata("language") == ["fa"]


def themed(theme: str) -> pytest.MarkDecorator:
    return pytest.mark.sphinx("html", testroot="minimal", srcdir=f"minimal-{theme}",
                              confoverrides={"html_theme": theme})


# alabaster is Sphinx's own default: given with -D, it is the user's choice all the same.
@pytest.mark.parametrize("theme", [pytest.param(t, marks=themed(t)) for t in ("classic",
                                                                               "alabaster")])
def test_the_theme_given_with_d_wins(app: SphinxTestApp, theme: str) -> None:
    app.build()
    assert app.config.html_theme == theme
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'href="_static/{theme}\.css[^"]*"', page), page[:2000]
    assert "furo" not in page


@pytest.mark.sphinx("html", testroot="minimal")
def test_without_a_theme_the_edition_gets_the_reading_theme(app: SphinxTestApp) -> None:
    app.build()
    assert app.config.html_theme == "furo"
