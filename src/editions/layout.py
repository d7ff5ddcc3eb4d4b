"""Where a site keeps its editions: named once, for the extension's links and the pipeline.

``<site>/index.html`` is the landing page, ``<site>/editions.json`` the
manifest, and each edition lives in ``<site>/<lang>/``: its HTML pages, and its
books ``<basename>.pdf`` and ``<basename>.epub`` beside them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

#: The site's front page, one level above the editions.
LANDING_PAGE = "index.html"
MANIFEST = "editions.json"
#: Read by every page of every edition: a script, not JSON, because a page opened
#: from disk (file://) may load a script but fetch no file.
DOWNLOADS_SCRIPT = "editions-downloads.js"


class Format(enum.StrEnum):
    HTML = "html"
    PDF = "pdf"
    EPUB = "epub"


FORMATS: tuple[Format, ...] = (Format.HTML, Format.PDF, Format.EPUB)
#: The books, as opposed to the web pages, of an edition.
BOOK_SUFFIXES = (".pdf", ".epub")
#: Each book's name for readers and its media type, for the links to it.
BOOKS: dict[Format, tuple[str, str]] = {Format.PDF: ("PDF", "application/pdf"),
                                        Format.EPUB: ("EPUB", "application/epub+zip")}


@dataclass(frozen=True)
class SiteLayout:
    """The paths, relative to the site's root, of each edition's outputs."""

    basename: str

    def path(self, code: str, fmt: Format | str) -> str:
        if fmt == Format.HTML:
            return f"{code}/index.html"
        return f"{code}/{self.basename}.{fmt}"


#: An edition's pages read beside another edition's: ``<lang>/parallel/<other>/``.
PARALLEL_DIR = "parallel"


def parallel_path(other: str, pagename: str) -> str:
    """A chapter beside edition ``other``, relative to the reader's edition folder."""
    return f"{PARALLEL_DIR}/{other}/{pagename}.html"
