"""The foundation, on the real publication: every note, heading and edition."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.publication.book import SEED


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.headings: list[str] = []
        self.labels: dict[str, str] = {}
        self._heading: list[str] | None = None
        self._label_for: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if attr.get("id"):
            self.ids.append(str(attr["id"]))
        if tag in ("h1", "h2", "h3"):
            self._heading = []
        if tag == "aside" and str(attr.get("id", "")).startswith("fn-"):
            self._label_for = str(attr["id"])

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if self._label_for and data.strip() and data.strip() not in "[]":
            self.labels[self._label_for] = data.strip()
            self._label_for = None

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None


def _collect(edition: Path) -> _Collector:
    collector = _Collector()
    for page in sorted(edition.glob("*.html")):
        if page.name not in ("genindex.html", "search.html"):
            collector.feed(page.read_text(encoding="utf-8"))
    return collector


def test_english_edition_has_all_87_notes_under_seed_numbers(built_publication: Path) -> None:
    collected = _collect(built_publication / "_build" / "site" / "en")
    notes = [i for i in collected.ids if re.fullmatch(r"fn-\d+", i)]
    assert sorted(int(n[3:]) for n in notes) == list(range(1, 88))
    assert all(collected.labels[n] == n[3:] for n in notes)
    refs = [i for i in collected.ids if re.fullmatch(r"fnref-\d+", i)]
    assert sorted(int(r[6:]) for r in refs) == list(range(1, 88))


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is not beside the checkout")
def test_english_edition_has_every_heading_and_note_text_of_the_seed(
        built_publication: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    collected = _collect(built_publication / "_build" / "site" / "en")
    headings = {h.rstrip("¶").strip() for h in collected.headings}
    seed_lines = [line.strip() for line in seed.splitlines()]
    for heading in ("Background", "Tovuz Clashes", "Second Karabakh War", "Ardabil",
                    "September 29, 2020: Initial Protests", "Testimonies of Detainees",
                    "After the War", "Closing Remarks"):
        assert heading in seed_lines
        assert heading in headings
    text = "".join((built_publication / "_build" / "site" / "en" / f).read_text()
                   for f in ("background.html", "closing-remarks.html"))
    assert "Bütün yazıları göstər" not in text
    assert "Muhammad Hatemi Tantekin" in text


def test_every_edition_builds_without_warnings(built_publication: Path) -> None:
    manifest = json.loads((built_publication / "_build" / "site" / "editions.json").read_text())
    editions = {e["language"]: e for e in manifest["editions"]}
    assert sorted(editions) == ["az", "en", "fa", "ru"]
    for code, entry in editions.items():
        assert entry["status"] == "ok", entry
        assert entry["problems"] == [], entry
        assert entry["html"] == f"{code}/index.html"
        assert (built_publication / "_build" / "site" / entry["html"]).exists()
    assert editions["fa"]["direction"] == "rtl"
    assert editions["en"]["direction"] == "ltr"


def test_landing_page_links_each_edition_by_its_own_name(built_publication: Path) -> None:
    landing = (built_publication / "_build" / "site" / "index.html").read_text()
    for code, name in (("az", "Azərbaycanca"), ("en", "English"), ("fa", "فارسی"),
                       ("ru", "Русский")):
        assert f'href="{code}/index.html" hreflang="{code}">{name}</a>' in landing


def test_persian_pages_are_right_to_left(built_publication: Path) -> None:
    pages = list((built_publication / "_build" / "site" / "fa").glob("*.html"))
    assert len(pages) >= 6
    for page in pages:
        html_tag = re.search(r"<html\b[^>]*>", page.read_text(encoding="utf-8"))
        assert html_tag is not None, page
        assert ' lang="fa"' in html_tag.group() and ' dir="rtl"' in html_tag.group(), page
