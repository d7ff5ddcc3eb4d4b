"""The real publication's four EPUBs: clean, each in its language, notes as in the HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from babel.messages.pofile import read_po

from editions.languages import get_language
from editions.pipeline.build import build
from editions.project import Project
from tests.books import OPF, Book, X
from tests.publication.book import copy_publication


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
        # The web pages hold a word joiner before a mark, so it never starts a line alone.
        numbers.update({f"{name}#{k}": v.replace("\u2060", "")
                        for k, v in parser.numbers.items()})
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
    # Two workers for four editions; each task has a fresh process (max_tasks_per_child=1),
    # so no edition sees another's Sphinx state.
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
