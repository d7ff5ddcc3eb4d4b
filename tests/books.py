"""Books opened as a reader's tools open them: an EPUB as its zip, a PDF with pypdf and
pdftotext. Shared by the extension's, the pipeline's and the publication's tests."""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

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


@dataclass
class Built:
    tex: Path
    pdf: Path
    log: str
    warnings: str

    @property
    def source(self) -> str:
        return self.tex.read_text(encoding="utf-8")

    @property
    def reader(self) -> PdfReader:
        return PdfReader(self.pdf)

    def page_of(self, destination: str) -> int:
        reader = self.reader
        return reader.get_destination_page_number(reader.named_destinations[destination])

    def text(self, page: int | None = None) -> str:
        pages = [] if page is None else ["-f", str(page + 1), "-l", str(page + 1)]
        return subprocess.run(["pdftotext", *pages, str(self.pdf), "-"], check=True,
                              capture_output=True, text=True).stdout


def fonts(reader: PdfReader) -> dict[str, DictionaryObject]:
    found: dict[str, DictionaryObject] = {}
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            found[str(font["/BaseFont"])] = font
    return found


def is_embedded(font: DictionaryObject) -> bool:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font["/FontDescriptor"].get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
