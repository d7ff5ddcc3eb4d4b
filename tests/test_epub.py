"""EPUB editions: the package document, the content documents, the notes, and epubcheck."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import cast
from xml.etree import ElementTree as ET

import pytest
from babel.messages.pofile import read_po
from sphinx.config import Config
from sphinx.testing.util import SphinxTestApp

from conftest import copy_publication
from editions.ext.epub import edition_identifier
from editions.languages import get_language
from editions.pipeline.build import build
from editions.pipeline.tools.epubcheck import run_epubcheck
from editions.project import Project

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
X = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FAILING = ("FATAL", "ERROR", "WARNING")


@dataclass
class Book:
    """An EPUB opened as the zip it is."""

    path: Path

    def read(self, name: str) -> bytes:
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(name)

    def names(self) -> list[str]:
        with zipfile.ZipFile(self.path) as archive:
            return archive.namelist()

    @property
    def package(self) -> ET.Element:
        return ET.fromstring(self.read("content.opf"))

    def items(self, media_type: str) -> list[ET.Element]:
        return [item for item in self.package.iter(f"{OPF}item")
                if item.get("media-type") == media_type]

    def documents(self) -> Iterator[tuple[str, ET.Element]]:
        for item in self.items("application/xhtml+xml"):
            href = str(item.get("href"))
            yield href, ET.fromstring(self.read(href))

    def metadata(self, name: str) -> list[str]:
        return [str(e.text) for e in self.package.iter(f"{DC}{name}")]


def _build(root: Path, code: str, out: Path) -> Book:
    app = SphinxTestApp("epub", srcdir=root, builddir=out, confoverrides={"language": code})
    try:
        app.build()
        assert app.warning.getvalue() == ""
        return Book(app.outdir / f"{app.config.epub_basename}.epub")
    finally:
        app.cleanup()


@pytest.fixture(scope="module")
def books(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Book]:
    """The sample project's English and Persian EPUBs, each from its own copy."""
    built = {}
    for code in ("en", "fa"):
        work = tmp_path_factory.mktemp(f"epub-{code}")
        shutil.copytree(rootdir / "test-epub-basic", work / "src")
        built[code] = _build(work / "src", code, work / "build")
    return built


# --- the package document --------------------------------------------------


@pytest.mark.parametrize(("code", "title"), [("en", "Sample"), ("fa", "نمونه")])
def test_package_document_describes_the_edition(books: dict[str, Book], code: str,
                                                title: str) -> None:
    book, lang = books[code], get_language(code)
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
    # The title page opens the book.
    hrefs = {i.get("id"): i.get("href") for i in package.iter(f"{OPF}item")}
    assert hrefs[spine[0].get("idref")] == "titlepage.xhtml"
    # The NCX names the book by the same identifier (Sphinx wrote the XML id there).
    assert f'content="urn:editions:sample:{code}"' in book.read("toc.ncx").decode()
    assert book.names()[0] == "mimetype"


def test_identifier_is_stable_and_distinct_for_each_edition(
        books: dict[str, Book], rootdir: Path, tmp_path: Path) -> None:
    shutil.copytree(rootdir / "test-epub-basic", tmp_path / "src")
    again = _build(tmp_path / "src", "fa", tmp_path / "build")
    assert again.metadata("identifier") == books["fa"].metadata("identifier")
    assert books["en"].metadata("identifier") != books["fa"].metadata("identifier")
    # Without editions_identifier: a UUID derived from the basename, still per edition.
    config = cast(Config, SimpleNamespace(editions_identifier="", editions_basename="sample"))
    fa, en = (edition_identifier(config, get_language(c)) for c in ("fa", "en"))
    assert fa.startswith("urn:uuid:") and fa != en
    assert fa == edition_identifier(config, get_language("fa"))


# --- content documents -------------------------------------------------------


@pytest.mark.parametrize("code", ["en", "fa"])
def test_every_content_document_has_the_language_and_direction(books: dict[str, Book],
                                                               code: str) -> None:
    direction = get_language(code).direction
    documents = dict(books[code].documents())
    assert {"nav.xhtml", "titlepage.xhtml", "index.xhtml", "chapter.xhtml"} <= set(documents)
    for href, root in documents.items():
        assert root.tag == f"{X}html", href
        assert (root.get("lang"), root.get(XML_LANG), root.get("dir")) == (
            code, code, direction), href
        # The web edition switcher would link outside the book.
        assert not root.findall(f".//{X}a[@class='editions-switch']"), href


def test_notes_are_pop_up_footnotes_with_the_edition_numbers(books: dict[str, Book]) -> None:
    fa = get_language("fa")
    chapter = dict(books["fa"].documents())["chapter.xhtml"]
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
    assert b"fn-bracket" not in books["fa"].read("chapter.xhtml")


def test_photo_caption_is_closed_and_title_page_names_the_book(books: dict[str, Book]) -> None:
    documents = dict(books["fa"].documents())
    figure = documents["chapter.xhtml"].find(f".//{X}figure")
    assert figure is not None and figure.get("class", "").startswith("photo")
    assert "".join(figure.itertext()).strip() == "تبریز، سپتامبر ۲۰۲۰."
    title_page = documents["titlepage.xhtml"]
    section = title_page.find(f".//{X}section")
    assert section is not None and section.get(EPUB_TYPE) == "titlepage"
    assert [" ".join(e.itertext()) for e in section] == [
        "نمونه", "نویسنده نمونه", "Sample Press", "© 2024 Sample Author"]
    landmarks = [a.get(EPUB_TYPE) for a in documents["nav.xhtml"].iter(f"{X}a")
                 if a.get(EPUB_TYPE)]
    assert landmarks == ["titlepage", "toc", "bodymatter"]


# --- fonts and stylesheets ---------------------------------------------------


def test_persian_book_embeds_a_font_for_its_script(books: dict[str, Book]) -> None:
    fonts = {str(i.get("href")) for i in books["fa"].items("font/ttf")}
    assert {"_static/fonts/NotoNaskhArabic-Regular.ttf",
            "_static/fonts/NotoNaskhArabic-Bold.ttf"} <= fonts
    css = books["fa"].read("_static/epub-fonts.css").decode()
    for href in re.findall(r"url\(([^)]+)\)", css):
        assert f"_static/{href}" in fonts
    assert re.search(r'body \{ font-family: "Noto Naskh Arabic", serif', css)
    chapter = books["fa"].read("chapter.xhtml").decode()
    assert 'href="_static/epub-fonts.css"' in chapter


def test_other_books_embed_only_the_fonts_of_scripts_they_quote(books: dict[str, Book]) -> None:
    fonts = {str(i.get("href")) for i in books["en"].items("font/ttf")}
    # One Persian and one Armenian note: their regular faces, no Latin font.
    assert fonts == {"_static/fonts/NotoNaskhArabic-Regular.ttf",
                     "_static/fonts/NotoSerifArmenian-Regular.ttf"}
    css = books["en"].read("_static/epub-fonts.css").decode()
    assert 'body { font-family: serif, "Noto Naskh Arabic", "Noto Serif Armenian"; }' in css


@pytest.mark.parametrize("code", ["en", "fa"])
def test_stylesheets_hold_nothing_epub_forbids(books: dict[str, Book], code: str) -> None:
    sheets = [str(i.get("href")) for i in books[code].items("text/css")]
    assert "_static/editions.css" not in sheets and "_static/editions-rtl.css" not in sheets
    for sheet in sheets:
        text = books[code].read(sheet).decode()
        assert not re.search(r"(?<![-\w])(direction|unicode-bidi)\s*:", text), sheet


# --- epubcheck ----------------------------------------------------------------


@pytest.mark.parametrize("code", ["en", "fa"])
def test_epubcheck_finds_nothing(books: dict[str, Book], code: str) -> None:
    messages = [m for m in run_epubcheck(books[code].path) if m.severity in FAILING]
    assert messages == []


def test_a_broken_content_document_fails_epubcheck(books: dict[str, Book],
                                                   tmp_path: Path) -> None:
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(books["fa"].path) as source, zipfile.ZipFile(broken, "w") as target:
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
    book = Book(app.outdir / "covered.epub")
    assert not [i for i in book.package.iter(f"{OPF}item") if i.get("properties")
                and i.get("properties") != "nav"]
    assert "epub-cover.xhtml" not in book.names()


# sphinx.testing swaps alabaster for "basic" unless the theme is an override.
@pytest.mark.sphinx("html", testroot="epub-cover", srcdir="epub-cover-missing-html",
                    confoverrides={"editions_cover": "missing.png", "html_theme": "alabaster"})
def test_a_missing_cover_does_not_trouble_the_html_edition(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""


# --- through the build, with the hook in build.py ---------------------------------


def _project(rootdir: Path, dest: Path) -> Project:
    """The sample as a publication: conf.py beside source/ and locale/."""
    root = rootdir / "test-epub-basic"
    dest.mkdir()
    shutil.copy2(root / "conf.py", dest / "conf.py")
    shutil.copytree(root / "locale", dest / "locale")
    (dest / "source").mkdir()
    for page in root.glob("*.md"):
        shutil.copy2(page, dest / "source" / page.name)
    return Project.load(dest)


def test_epubcheck_failure_keeps_the_last_good_book(rootdir: Path, tmp_path: Path) -> None:
    project = _project(rootdir, tmp_path / "sample")
    first = build(project, languages=["en"], formats=["epub"])
    assert first.ok, first.as_dict()
    published = project.site_dir / "en" / "sample.epub"
    good = published.read_bytes()
    # Raw HTML reaches the content document as written: here, not well-formed.
    with (project.srcdir / "chapter.md").open("a", encoding="utf-8") as page:
        page.write("\n```{raw} html\n<p>An unclosed paragraph\n```\n")
    second = build(project, languages=["en"], formats=["epub"])
    [result] = second.results
    assert result.status == "stale"
    assert any("RSC-016" in p and "must be terminated" in p and "chapter.xhtml" in p
               and "source/chapter.md" in p for p in result.problems), result.problems
    assert published.read_bytes() == good
    manifest = json.loads((project.site_dir / "editions.json").read_text(encoding="utf-8"))
    [entry] = [e for e in manifest["editions"] if e["language"] == "en"]
    assert entry["formats"]["epub"]["status"] == "stale"
    assert entry["epub"] == "en/sample.epub"


# --- the real publication -------------------------------------------------------


class _NoteNumbers(HTMLParser):
    """The text of every note reference (``fnref-…``), brackets aside."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers: dict[str, str] = {}
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id") or ""
        if tag == "a" and ident.startswith("fnref-"):
            self._current = ident
            self.numbers[ident] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current and data not in "[]":
            self.numbers[self._current] += data


def _note_numbers(pages: dict[str, str]) -> dict[str, str]:
    numbers = {}
    for name, text in pages.items():
        parser = _NoteNumbers()
        parser.feed(text)
        numbers.update({f"{name}#{k}": v for k, v in parser.numbers.items()})
    return numbers


def _heading(project: Project, code: str, chapter: str, english: str) -> str:
    """A chapter's title as the edition's catalog gives it (the source text if untranslated)."""
    if code == project.source_language:
        return english
    with (project.catalog_dir(code) / f"{chapter}.po").open("rb") as handle:
        message = read_po(handle).get(english)
    return str(message.string) if message is not None and message.string else english


@pytest.mark.slow
def test_real_publication_gives_four_clean_epubs(tmp_path: Path) -> None:
    project = Project.load(copy_publication(tmp_path))
    # Two workers for four editions: a worker builds a second language after a first.
    report = build(project, formats=["html", "epub"], jobs=2)
    results = {(r.language, r.format): r for r in report.results}
    identifiers = set()
    for code in ("az", "en", "fa", "ru"):
        result = results[(code, "epub")]
        assert (result.status, result.problems) == ("ok", []), result
        book = Book(project.site_dir / result.path)
        lang = get_language(code)
        assert book.metadata("language") == [code]
        assert book.metadata("title") == [project.title(code)]
        spine = book.package.find(f"{OPF}spine")
        assert spine is not None and spine.get("page-progression-direction") == lang.direction
        identifiers.update(book.metadata("identifier"))
        chapter = ET.fromstring(book.read("second-karabakh-war.xhtml"))
        title = chapter.find(f".//{X}h1")
        assert title is not None
        assert "".join(title.itertext()) == _heading(project, code, "second-karabakh-war",
                                                     "Second Karabakh War")
        # The same note numbers as the HTML edition, page by page.
        site = project.site_dir / code
        html_pages = {p.stem: p.read_text(encoding="utf-8") for p in site.glob("*.html")}
        epub_pages = {Path(n).stem: book.read(n).decode() for n, _ in book.documents()}
        numbers = _note_numbers(epub_pages)
        assert len(numbers) >= 87
        assert numbers == _note_numbers({k: v for k, v in html_pages.items()
                                         if k in epub_pages})
    assert len(identifiers) == 4
    fonts = {str(i.get("href")) for i in Book(project.site_dir / "fa" / (
        project.basename + ".epub")).items("font/ttf")}
    assert "_static/fonts/NotoNaskhArabic-Regular.ttf" in fonts
