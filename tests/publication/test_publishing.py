"""The real book, all four editions, as a publisher ships them (issue 16's "done when")."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from editions.pipeline.tools import pdfa
from editions.pipeline.tools.ace import run_ace
from editions.pipeline.tools.epubcheck import run_epubcheck
from editions.po import read_catalog
from tests.conftest import REPO

EDITIONS = ["az", "en", "fa", "ru"]
BASENAME = "southern-azerbaijan-solidarity"
PERSIAN_LETTERS = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u0622\u200c]+")
GREGORIAN_MONTHS = ("ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر",
                    "اکتبر", "نوامبر", "دسامبر")
SOLAR_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان",
                "آذر", "دی", "بهمن", "اسفند")


def _book(root: Path, code: str, suffix: str) -> Path:
    return root / "_build" / "site" / code / f"{BASENAME}.{suffix}"


def _text(pdf: Path, *span: str) -> str:
    return subprocess.run(["pdftotext", *span, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.parametrize("code", EDITIONS)
def test_every_edition_is_pdfa_and_its_epub_passes_epubcheck_and_ace(
        complete_publication: Path, code: str) -> None:
    assert pdfa.check(_book(complete_publication, code, "pdf")) == []
    epub = _book(complete_publication, code, "epub")
    assert run_epubcheck(epub) == []
    assert run_ace(epub, REPO) == []


def test_every_persian_word_of_the_catalogs_is_found_in_the_pdf(
        complete_publication: Path) -> None:
    msgstrs = " ".join(str(message.string) for po in
                       sorted((complete_publication / "locale" / "fa").rglob("*.po"))
                       for message in read_catalog(po, "fa") if message.id)
    words = {w.strip("\u200c") for w in PERSIAN_LETTERS.findall(msgstrs) if len(w) > 1}
    found = set(PERSIAN_LETTERS.findall(_text(_book(complete_publication, "fa", "pdf"))))
    missing = sorted(w for w in words if w not in found)
    assert len(words) > 1000
    assert missing == []


def test_the_persian_title_page_is_dated_in_the_solar_hijri_calendar(
        complete_publication: Path) -> None:
    title_page = _text(_book(complete_publication, "fa", "pdf"), "-f", "2", "-l", "2")
    words = set(PERSIAN_LETTERS.findall(title_page))
    assert words & set(SOLAR_MONTHS), title_page
    assert not words & set(GREGORIAN_MONTHS), title_page
