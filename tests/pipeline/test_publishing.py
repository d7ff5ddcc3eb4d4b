"""Books a publisher can ship (issue 16), on the tiny two-edition root ``test-book``.

PDF/A-2u by page-validation, the Persian text layer by pdftotext, the brackets by
the glyphs the PDF draws, EPUBCheck 5.3.0 and Ace by DAISY on each EPUB, and two
clean builds in two folders compared byte for byte.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from editions.pipeline.build import build
from editions.pipeline.tools import pdfa
from editions.pipeline.tools.ace import run_ace
from editions.pipeline.tools.epubcheck import EPUBCHECK_JAR, run_epubcheck
from editions.project import Project
from tests.conftest import REPO, ROOTS

NOTO_SERIF = Path("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf")


def copy_book(dest: Path) -> Project:
    """test-book laid out as a publication: conf.py beside source/ and locale/."""
    root = ROOTS / "test-book"
    (dest / "source").mkdir(parents=True)
    shutil.copy2(root / "conf.py", dest / "conf.py")
    shutil.copytree(root / "locale", dest / "locale")
    for item in root.iterdir():
        if item.suffix in (".md", ".png"):
            shutil.copy2(item, dest / "source" / item.name)
    return Project.load(dest)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """Both editions in every format, built once for this module's tests."""
    project = copy_book(tmp_path_factory.mktemp("book") / "sample")
    report = build(project, languages=["en", "fa"], formats=["html", "pdf", "epub"])
    assert report.ok, report.as_dict()
    return project


def published(project: Project, code: str, name: str) -> Path:
    return project.site_dir / code / name


def pdftotext(pdf: Path, *pages: int) -> str:
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run(["pdftotext", *span, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


# ---------------------------------------------------------------------------
# PDF


@pytest.mark.parametrize("code", ["en", "fa"])
def test_every_pdf_is_pdfa_2u_in_its_language(book: Project, code: str) -> None:
    pdf = published(book, code, "sample.pdf")
    assert pdfa.check(pdf) == []
    with pikepdf.open(pdf) as document:
        xmp = document.Root.Metadata.read_bytes().decode("utf-8")
        assert str(document.Root.Lang) == code
        [intent] = list(document.Root.OutputIntents)
        assert str(intent.S) == "/GTS_PDFA1"
        assert "sRGB" in str(intent.OutputConditionIdentifier)
    assert "<pdfaid:part>2</pdfaid:part>" in xmp
    assert "<pdfaid:conformance>U</pdfaid:conformance>" in xmp
    assert f'<rdf:li xml:lang="{code}">' in xmp  # the title in the edition's language
    assert "pdfaid:year" not in xmp
    assert "<dc:rights>" in xmp  # the rights line, in the edition's language


def test_the_persian_text_layer_finds_words_with_zwnj_and_lam_alef(book: Project) -> None:
    text = pdftotext(published(book, "fa", "sample.pdf"))
    for word in ("قره‌باغ", "استقلال", "اطلاعات", "(وزارت", "ایران)"):
        assert word in text, (word, text)
    # The title page's date, numbers in their order: Solar Hijri, Persian digits
    # (pdftotext moves the spaces around a number's embedding: compare without them).
    title_page = re.sub("[\u202a-\u202e\\s]", "", pdftotext(
        published(book, "fa", "sample.pdf"), 2))
    assert "۱۰آذر۱۴۰۵" in title_page


def _fallback_glyphs(pdf: Path, font_name: str) -> list[int]:
    """The glyph ids, in drawing order, that the PDF draws with ``font_name``."""
    drawn: list[int] = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            fonts = {str(key): str(value.BaseFont)
                     for key, value in page.Resources.get("/Font", {}).items()}
            current = ""
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "Tf":
                    current = fonts.get(str(operands[0]), "")
                elif str(operator) in ("TJ", "Tj") and font_name in current:
                    items = operands[0] if str(operator) == "TJ" else [operands[0]]
                    for item in items:
                        if isinstance(item, pikepdf.String):
                            data = bytes(item)
                            drawn += [int.from_bytes(data[i:i + 2], "big")
                                      for i in range(0, len(data), 2)]
    return drawn


def _bracket_glyphs() -> tuple[int, int]:
    font = TTFont(NOTO_SERIF)
    order, cmap = font.getGlyphOrder(), font.getBestCmap()
    return order.index(cmap[ord("(")]), order.index(cmap[ord(")")])


def test_brackets_in_a_persian_line_are_mirrored(book: Project) -> None:
    # Naskh has no brackets: Noto Serif draws them. A right-to-left line is drawn in
    # reading order, so each opening bracket comes first and must be the glyph that
    # looks like ")" (the mirrored one), the closing one the glyph of "(".
    opening, closing = _bracket_glyphs()
    drawn = [g for g in _fallback_glyphs(published(book, "fa", "sample.pdf"),
                                         "NotoSerif-Regular") if g in (opening, closing)]
    assert drawn == [closing, opening] * 2  # (وزارت اطلاعات ایران) and (سه گزارش)


def test_the_latin_edition_draws_brackets_as_written(book: Project) -> None:
    # The control: left to right, "(" is drawn as "(": nothing mirrors by accident.
    opening, closing = _bracket_glyphs()
    drawn = [g for g in _fallback_glyphs(published(book, "en", "sample.pdf"),
                                         "NotoSerif-Regular") if g in (opening, closing)]
    assert drawn == [opening, closing]
    assert "(three of them)" in pdftotext(published(book, "en", "sample.pdf"))


def test_the_photo_has_its_image_and_the_pdf_is_still_pdfa(book: Project) -> None:
    with pikepdf.open(published(book, "fa", "sample.pdf")) as document:
        images = [name for page in document.pages
                  for name, xobject in page.Resources.get("/XObject", {}).items()
                  if xobject.get("/Subtype") == "/Image"]
    assert images
    with zipfile.ZipFile(published(book, "fa", "sample.epub")) as epub:
        assert "_images/tabriz.png" in epub.namelist()
        chapter = epub.read("chapter.xhtml").decode("utf-8")
    assert 'alt="A square in Tabriz"' in chapter or "tabriz.png" in chapter


# ---------------------------------------------------------------------------
# EPUB


@pytest.mark.parametrize("code", ["en", "fa"])
def test_epubcheck_5_3_reports_no_message(book: Project, code: str) -> None:
    assert "epubcheck" in str(EPUBCHECK_JAR) and EPUBCHECK_JAR.is_file()
    version = subprocess.run(["java", "-jar", str(EPUBCHECK_JAR), "--version"],
                             capture_output=True, text=True, check=False)
    assert "5.3.0" in version.stdout + version.stderr
    assert run_epubcheck(published(book, code, "sample.epub")) == []


@pytest.mark.parametrize("code", ["en", "fa"])
def test_ace_finds_no_violation(book: Project, code: str) -> None:
    assert run_ace(published(book, code, "sample.epub"), REPO) == []


def test_the_package_says_how_the_book_can_be_read_and_who_translated_it(
        book: Project) -> None:
    with zipfile.ZipFile(published(book, "fa", "sample.epub")) as epub:
        opf = epub.read("content.opf").decode("utf-8")
        names = epub.namelist()
        nav = epub.read("nav.xhtml").decode("utf-8")
        title_page = epub.read("titlepage.xhtml").decode("utf-8")
    for value in ("schema:accessMode", "schema:accessModeSufficient",
                  "structuralNavigation", "tableOfContents", "readingOrder",
                  "displayTransformability", 'schema:accessibilityHazard">none',
                  "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"):
        assert value in opf, value
    assert re.search(r'accessibilitySummary" xml:lang="fa">[^<]*نشری', opf)
    assert '<dc:contributor id="translator">مترجم نمونه</dc:contributor>' in opf
    assert 'refines="#translator" property="role" scheme="marc:relators">trl' in opf
    assert "<dc:source>urn:editions:test-book:en</dc:source>" in opf  # translated from
    assert "dc:publisher" not in opf  # none was named: none is invented
    assert "<dc:date>2026-12-01</dc:date>" in opf
    assert 'properties="cover-image"' in opf and "_static/cover.svg" in names
    assert 'epub:type="toc"' in nav and 'role="doc-toc"' in nav
    assert "ترجمه از انگلیسی" in title_page and "مترجم: مترجم نمونه" in title_page
    assert "© ۲۰۲۴ نویسندهٔ نمونه" in title_page
    assert "۱۰ آذر ۱۴۰۵" in title_page  # the publication date, Solar Hijri


def test_no_sphinx_leftovers_and_fonts_subset(book: Project) -> None:
    with zipfile.ZipFile(published(book, "fa", "sample.epub")) as epub:
        names = epub.namelist()
        fonts = {n: epub.getinfo(n).file_size for n in names if n.endswith(".ttf")}
        chapter = epub.read("chapter.xhtml").decode("utf-8")
    for leftover in ("basic.css", "pygments.css", "epub.css", "file.png", "minus.png",
                     "plus.png", "doctools.js"):
        assert not any(n.endswith(leftover) for n in names), leftover
    assert "pygments.css" not in chapter and "epub.css" not in chapter
    whole = Path("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf").stat().st_size
    assert 0 < fonts["_static/fonts/NotoNaskhArabic-Regular.ttf"] < whole / 4


def test_notes_have_a_heading_and_consecutive_references_a_separator(book: Project) -> None:
    with zipfile.ZipFile(published(book, "fa", "sample.epub")) as epub:
        chapter = epub.read("chapter.xhtml").decode("utf-8")
    assert '<h2 class="notes-heading">یادداشت‌ها</h2>' in chapter
    refs = re.findall(r'<sup class="note-separator">(.)</sup>', chapter)
    assert refs == ["،", "،"]  # 13،14،15: two commas between three marks
    with zipfile.ZipFile(published(book, "en", "sample.epub")) as epub:
        english = epub.read("chapter.xhtml").decode("utf-8")
    assert re.findall(r'<sup class="note-separator">(.)</sup>', english) == [",", ","]
    assert '<h2 class="notes-heading">Notes</h2>' in english


# ---------------------------------------------------------------------------
# Reproducible


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.suffix in (".pdf", ".epub", ".html")}


def test_two_clean_builds_in_two_folders_are_byte_identical(book: Project,
                                                            tmp_path: Path) -> None:
    other = copy_book(tmp_path / "elsewhere" / "sample")
    report = build(other, languages=["en", "fa"], formats=["html", "pdf", "epub"])
    assert report.ok, report.as_dict()
    first, second = _files(book.site_dir), _files(other.site_dir)
    assert any(name.endswith(".pdf") for name in first)
    assert any(name.endswith(".epub") for name in first)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    with zipfile.ZipFile(published(book, "fa", "sample.epub")) as epub:
        stamps = {info.date_time for info in epub.infolist()}
    assert stamps == {(2026, 12, 1, 0, 0, 0)}  # editions_date, not the build's clock


def test_with_editions_epub_ace_a_violation_fails_the_book_and_keeps_the_last_good(
        tmp_path: Path) -> None:
    project = copy_book(tmp_path / "sample")
    with (project.root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\neditions_epub_ace = True\n")
    project = Project.load(project.root)
    first = build(project, languages=["en"], formats=["epub"])
    assert first.ok, first.as_dict()
    book = published(project, "en", "sample.epub")
    good = book.read_bytes()
    # EPUBCheck accepts an image without alternative text; Ace (axe's image-alt) does not.
    with (project.srcdir / "chapter.md").open("a", encoding="utf-8") as page:
        page.write('\n```{raw} html\n<p><img src="_images/tabriz.png" /></p>\n```\n')
    second = build(project, languages=["en"], formats=["epub"])
    [result] = second.results
    assert result.status == "stale", result
    assert any("Ace" in p and "image-alt" in p and "chapter.xhtml" in p
               for p in result.problems), result.problems
    assert book.read_bytes() == good
