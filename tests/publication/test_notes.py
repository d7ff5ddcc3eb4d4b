"""Notes stay intact in the real publication: every reference, edition and format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


def _html_notes(pages: dict[str, str]) -> dict[str, tuple[str, str]]:
    """For each reference id: the note it links to and the number it shows."""
    found = {}
    for name, page in pages.items():
        ids = set(re.findall(r'\bid="(fn-[^"]+)"', page))
        for match in re.finditer(
                r'<a[^>]*?href="#(fn-[^"]+)"[^>]*?id="(fnref-[^"]+)"[^>]*>(.*?)</a>', page, re.S):
            target, ref, label = match.groups()
            assert target in ids, f"{name}: {ref} points at a missing {target}"
            found[ref] = (target, re.sub(r"<[^>]+>|[\[\]\s]", "", label))
    return found


@pytest.mark.slow
def test_every_reference_lands_on_its_note_in_every_edition_and_format(
        complete_publication: Path) -> None:
    import zipfile

    from pypdf import PdfReader

    from editions.languages import get_language

    site = complete_publication / "_build" / "site"
    reference: dict[str, str] | None = None
    for code in ("az", "en", "fa", "ru"):
        lang = get_language(code)
        html = {p.name: p.read_text(encoding="utf-8") for p in (site / code).glob("*.html")}
        html_refs = _html_notes(html)
        # The edition's own book, not a bilingual one beside it (<basename>-fa-az.epub).
        with zipfile.ZipFile(min((site / code).glob("*.epub"), key=lambda p: len(p.name))) as book:
            epub = {n: book.read(n).decode("utf-8") for n in book.namelist()
                    if n.endswith(".xhtml")}
        epub_refs = _html_notes(epub)
        # The same ids in HTML and EPUB, each showing the note's number in the
        # edition's digits.
        assert {r: t for r, (t, _) in html_refs.items()} == {r: t for r, (t, _) in
                                                               epub_refs.items()}
        for ref, (target, shown) in html_refs.items():
            # The web pages hold a word joiner before a mark, so it never starts a line.
            label = shown.removeprefix("\u2060")
            assert label == lang.number(int(target[3:])), (code, ref, shown)
            assert epub_refs[ref][1] == label
        targets = {r: t for r, (t, _) in html_refs.items()}
        assert sorted({int(t[3:]) for t in targets.values()}) == list(range(1, 88))
        reference = reference or targets
        assert targets == reference, f"{code} links differ from the first edition"
        # PDF: the same names as named destinations.
        reader = PdfReader(next((site / code).glob("*.pdf")))
        names = set(reader.named_destinations)
        assert {f"fn-{n}" for n in range(1, 88)} <= names
        assert set(targets) <= names | {r for r in targets if r.count("-") == 2}
