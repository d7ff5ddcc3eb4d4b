"""EPUB editions: the package document, the content documents, the notes, and epubcheck."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
from sphinx.config import Config
from sphinx.testing.util import SphinxTestApp

from editions.ext.epub import edition_identifier
from editions.languages import get_language
from editions.pipeline.tools.epubcheck import run_epubcheck
from tests.books import DC, EPUB_TYPE, FAILING, OPF, XML_LANG, Book, X


def sample(code: str) -> list[pytest.MarkDecorator]:
    """The sample project's edition in ``code``, built once for the module (shared_result)."""
    return [pytest.mark.sphinx("epub", testroot="epub-basic", confoverrides={"language": code}),
            pytest.mark.test_params(shared_result=f"epub-basic-{code}")]


EN, FA = sample("en"), sample("fa")


def edition(code: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A test on the shared sample edition in ``code``."""
    def mark(test: Callable[..., None]) -> Callable[..., None]:
        for marker in sample(code):
            test = marker(test)
        return test
    return mark
BOTH = [pytest.param("en", marks=EN), pytest.param("fa", marks=FA)]


def built(app: SphinxTestApp) -> Book:
    app.build()  # a shared sample is built by its first test only
    assert app.warning.getvalue() == ""
    return Book(app.outdir / f"{app.config.epub_basename}.epub")


@pytest.fixture
def book(app: SphinxTestApp) -> Book:
    return built(app)


# --- the package document --------------------------------------------------


@pytest.mark.parametrize(("code", "title"), [pytest.param("en", "Sample", marks=EN),
                                             pytest.param("fa", "نمونه", marks=FA)])
def test_package_document_describes_the_edition(book: Book, code: str, title: str) -> None:
    lang = get_language(code)
    package = book.package
    assert book.metadata("language") == [code]
    assert package.get(XML_LANG) == code
    assert book.metadata("title") == [title]
    assert book.metadata("creator") == [{"en": "Sample Author", "fa": "نویسنده نمونه"}[code]]
    assert book.metadata("publisher") == ["Sample Press"]
    assert book.metadata("rights") == ["© 2024 Sample Author"]
    # Sphinx's "unknown" placeholders are no metadata.
    assert book.metadata("contributor") == [] and book.metadata("description") == []
    identifier = package.find(f"{OPF}metadata/{DC}identifier")
    assert identifier is not None and identifier.text == f"urn:editions:sample:{code}"
    assert identifier.get("id") == package.get("unique-identifier")
    metas = {m.get("property"): m.text for m in package.iter(f"{OPF}meta")}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", str(metas["dcterms:modified"]))
    assert metas["ibooks:version"]
    spine = package.find(f"{OPF}spine")
    assert spine is not None
    assert spine.get("page-progression-direction") == lang.direction
    assert package.get("dir") == lang.direction
    # The typographic cover opens the book, then the title page.
    hrefs = {i.get("id"): i.get("href") for i in package.iter(f"{OPF}item")}
    assert [hrefs[s.get("idref")] for s in spine[:2]] == ["epub-cover.xhtml", "titlepage.xhtml"]
    # The NCX names the book by the same identifier (Sphinx wrote the XML id there).
    assert f'content="urn:editions:sample:{code}"' in book.read("toc.ncx").decode()
    assert book.names()[0] == "mimetype"


@edition("fa")
def test_identifier_is_stable_and_distinct_for_each_edition(
        book: Book, rootdir: Path, tmp_path: Path,
        make_app: Callable[..., SphinxTestApp]) -> None:
    def fresh(code: str) -> Book:
        shutil.copytree(rootdir / "test-epub-basic", tmp_path / code)
        app = make_app("epub", srcdir=tmp_path / code, confoverrides={"language": code})
        app.build()
        # A second application in one process registers Sphinx's nodes again, and says so.
        warnings = [w for w in app.warning.getvalue().splitlines() if "already registered" not in w]
        assert warnings == []
        return Book(app.outdir / f"{app.config.epub_basename}.epub")

    again, english = fresh("fa"), fresh("en")
    assert again.metadata("identifier") == book.metadata("identifier")
    assert english.metadata("identifier") != book.metadata("identifier")
    # Without editions_identifier: a UUID derived from the basename, still per edition.
    class Values:  # what Sphinx's Config holds for a conf.py without editions_identifier
        editions_identifier = ""
        editions_basename = "sample"

    config = cast(Config, Values())
    fa, en = (edition_identifier(config, get_language(c)) for c in ("fa", "en"))
    assert fa.startswith("urn:uuid:") and fa != en
    assert fa == edition_identifier(config, get_language("fa"))


# --- content documents -------------------------------------------------------


@pytest.mark.parametrize("code", BOTH)
def test_every_content_document_has_the_language_and_direction(book: Book, code: str) -> None:
    direction = get_language(code).direction
    documents = dict(book.documents())
    assert {"nav.xhtml", "titlepage.xhtml", "index.xhtml", "chapter.xhtml"} <= set(documents)
    for href, root in documents.items():
        assert root.tag == f"{X}html", href
        assert (root.get("lang"), root.get(XML_LANG), root.get("dir")) == (
            code, code, direction), href
        # The web edition switcher would link outside the book.
        assert not root.findall(f".//{X}a[@class='editions-switch']"), href


@edition("fa")
def test_notes_are_pop_up_footnotes_with_the_edition_numbers(book: Book) -> None:
    fa = get_language("fa")
    chapter = dict(book.documents())["chapter.xhtml"]
    by_id = {e.get("id"): e for e in chapter.iter() if e.get("id")}
    refs = [a for a in chapter.iter(f"{X}a") if a.get(EPUB_TYPE) == "noteref"]
    assert [a.get("id") for a in refs] == ["fnref-1", "fnref-2", "fnref-1-2", "fnref-26",
                                           "fnref-3"]
    for ref in refs:
        target = by_id[str(ref.get("href")).removeprefix("#")]
        assert target.tag == f"{X}aside" and target.get(EPUB_TYPE) == "footnote"
        label = str(target.get("id")).removeprefix("fn-")
        # Persian digits, no brackets from docutils or from Sphinx's stylesheet.
        assert "".join(ref.itertext()) == fa.number(int(label))
        assert "brackets" not in str(ref.get("class"))
        backlinks = [str(a.get("href")) for a in target.iter(f"{X}a")
                     if a.get("role") == "doc-backlink"]
        assert f"#{ref.get('id')}" in backlinks
    notes = {e.get("id"): e for e in chapter.iter(f"{X}aside") if e.get(EPUB_TYPE) == "footnote"}
    assert len(notes) == 4
    # A note wholly in left-to-right scripts keeps its order inside the Persian book.
    isolated = [e.get("dir") for e in notes["fn-2"].iter(f"{X}span")]
    assert isolated == ["ltr"]
    assert not [e for e in notes["fn-3"].iter(f"{X}span") if e.get("dir")]
    assert b"fn-bracket" not in book.read("chapter.xhtml")


@edition("fa")
def test_photo_caption_is_closed_and_title_page_names_the_book(book: Book) -> None:
    documents = dict(book.documents())
    figure = documents["chapter.xhtml"].find(f".//{X}figure")
    assert figure is not None and figure.get("class", "").startswith("photo")
    # Said first, as in the PDF: the photo is not in this edition; then its caption.
    assert "".join(figure.itertext()).strip() == (
        "عکس در این ویراست نیامده است تبریز، سپتامبر ۲۰۲۰.")
    title_page = documents["titlepage.xhtml"]
    section = title_page.find(f".//{X}section")
    assert section is not None and section.get(EPUB_TYPE) == "titlepage"
    # The translation credit in the edition's language, between author and publisher.
    # and the publication's date in the Solar Hijri calendar before the rights.
    fields = [" ".join(e.itertext()) for e in section]
    assert fields[:4] == ["نمونه", "نویسنده نمونه", "ترجمه از انگلیسی", "Sample Press"]
    assert fields[5:] == ["© 2024 Sample Author"]
    assert re.fullmatch(r"[۰-۹]+ \S+ [۰-۹]{4}", fields[4]), fields[4]
    landmarks = [a.get(EPUB_TYPE) for a in documents["nav.xhtml"].iter(f"{X}a")
                 if a.get(EPUB_TYPE)]
    assert landmarks == ["cover", "titlepage", "toc", "bodymatter"]


# --- fonts and stylesheets ---------------------------------------------------


@edition("fa")
def test_persian_book_embeds_a_font_for_its_script(book: Book) -> None:
    fonts = {str(i.get("href")) for i in book.items("font/ttf")}
    assert {"_static/fonts/NotoNaskhArabic-Regular.ttf",
            "_static/fonts/NotoNaskhArabic-Bold.ttf"} <= fonts
    css = book.read("_static/epub-fonts.css").decode()
    for href in re.findall(r"url\(([^)]+)\)", css):
        assert f"_static/{href}" in fonts
    assert re.search(r'body \{ font-family: "Noto Naskh Arabic", serif', css)
    chapter = book.read("chapter.xhtml").decode()
    assert 'href="_static/epub-fonts.css"' in chapter


@edition("en")
def test_other_books_embed_only_the_fonts_of_scripts_they_quote(book: Book) -> None:
    fonts = {str(i.get("href")) for i in book.items("font/ttf")}
    # One Persian and one Armenian note: their regular faces, no Latin font.
    assert fonts == {"_static/fonts/NotoNaskhArabic-Regular.ttf",
                     "_static/fonts/NotoSerifArmenian-Regular.ttf"}
    css = book.read("_static/epub-fonts.css").decode()
    assert 'body { font-family: serif, "Noto Naskh Arabic", "Noto Serif Armenian"; }' in css


@pytest.mark.parametrize("code", BOTH)
def test_stylesheets_hold_nothing_epub_forbids(book: Book, code: str) -> None:
    sheets = [str(i.get("href")) for i in book.items("text/css")]
    assert "_static/editions.css" not in sheets and "_static/editions-rtl.css" not in sheets
    for sheet in sheets:
        text = book.read(sheet).decode()
        assert not re.search(r"(?<![-\w])(direction|unicode-bidi)\s*:", text), sheet


# --- epubcheck ----------------------------------------------------------------


@pytest.mark.parametrize("code", BOTH)
def test_epubcheck_finds_nothing(book: Book, code: str) -> None:
    messages = [m for m in run_epubcheck(book.path) if m.severity in FAILING]
    assert messages == []


@edition("fa")
def test_a_broken_content_document_fails_epubcheck(book: Book,
                                                   tmp_path: Path) -> None:
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(book.path) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "chapter.xhtml":
                data = data.replace(b"</figcaption>", b"", 1)
            target.writestr(info, data)
    messages = run_epubcheck(broken)
    failing = [m for m in messages if m.fails and m.path == "chapter.xhtml"]
    assert failing, messages
    assert any('"figcaption" must be terminated' in m.message for m in failing)
    # The fatal one says where: file, line and column.
    assert any(re.fullmatch(r"chapter\.xhtml:\d+:\d+", m.where) for m in failing)


@pytest.mark.sphinx("epub", testroot="epub-cover")
def test_cover_opens_the_book(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    book = Book(app.outdir / "covered.epub")
    covers = [i for i in book.package.iter(f"{OPF}item") if i.get("properties") == "cover-image"]
    assert [c.get("href") for c in covers] == ["_static/cover.png"]
    spine = book.package.find(f"{OPF}spine")
    assert spine is not None
    hrefs = {i.get("id"): i.get("href") for i in book.package.iter(f"{OPF}item")}
    assert [hrefs[r.get("idref")] for r in spine][:2] == ["epub-cover.xhtml", "titlepage.xhtml"]
    assert [m for m in run_epubcheck(book.path) if m.severity in FAILING] == []


@pytest.mark.sphinx("epub", testroot="epub-cover", srcdir="epub-cover-missing",
                    confoverrides={"editions_cover": "missing.png"})
def test_a_missing_cover_is_named_and_left_out(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert "editions_cover" in warnings and "missing.png does not exist" in warnings
    assert "fix the path" in warnings
    # The missing image is left out: the book gets its typographic cover instead.
    book = Book(app.outdir / "covered.epub")
    covers = [i.get("href") for i in book.package.iter(f"{OPF}item")
              if i.get("properties") == "cover-image"]
    assert covers == ["_static/cover.svg"]
    assert not any(name.endswith("missing.png") for name in book.names())


# sphinx.testing swaps alabaster for "basic" unless the theme is an override.
@pytest.mark.sphinx("html", testroot="epub-cover", srcdir="epub-cover-missing-html",
                    confoverrides={"editions_cover": "missing.png", "html_theme": "alabaster"})
def test_a_missing_cover_does_not_trouble_the_html_edition(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
