"""The real book side by side: every chapter beside every other edition, in Chromium.

The screenshots (fa|az and ru|en, 1440 and 390 px) are written to
_build/test-artifacts/ on every run, to be looked at.
"""

from __future__ import annotations

from itertools import permutations
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from tests.pipeline.test_parallel import AT_TOP, AXE, new_page

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "_build" / "test-artifacts"
EDITIONS = ("az", "en", "fa", "ru")
CHAPTERS = ("background", "tovuz-clashes", "second-karabakh-war", "after-the-war",
            "closing-remarks")


@pytest.fixture(scope="module")
def site(built_publication: Path) -> Path:
    return built_publication / "_build" / "site"


def test_all_twelve_pairs_of_every_chapter_align(site: Path) -> None:
    for reader, other in permutations(EDITIONS, 2):
        for chapter in CHAPTERS:
            page = lxml.html.document_fromstring(
                (site / reader / "parallel" / other / f"{chapter}.html").read_bytes())
            single = lxml.html.document_fromstring(
                (site / reader / f"{chapter}.html").read_bytes())
            expected = [e.get("id") for e in single.xpath("//main//*[starts-with(@id, 'p-')]")
                        if not e.xpath("ancestor::aside[contains(@class, 'footnote')]")]
            rows = page.xpath("//main/*[@data-align]")
            assert [r.get("id") for r in rows] == expected, (reader, other, chapter)
            for row in rows:
                cells = row.xpath(".//*[contains(@class, 'parallel-cell')]")
                assert [c.get("lang") for c in cells] == [reader, other]
                assert all(c.text_content().strip() for c in cells), row.get("id")


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize(("reader", "other"), [("fa", "az"), ("ru", "en")])
def test_screenshots_and_axe(browser: Any, site: Path, reader: str, other: str,
                             width: int) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser, width)
    page.goto((site / reader / "parallel" / other / "tovuz-clashes.html").as_uri())
    shot = ARTIFACTS / f"parallel-book-{reader}-{other}-{width}.png"
    page.screenshot(path=str(shot))
    rows = page.evaluate("[...document.querySelectorAll('main > [data-align]')].map(e => e.id)")
    page.evaluate(f"document.getElementById('{rows[len(rows) // 2]}').scrollIntoView()")
    assert page.evaluate(AT_TOP) == rows[len(rows) // 2]
    page.screenshot(path=str(ARTIFACTS / f"parallel-book-{reader}-{other}-{width}-middle.png"))
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})""")
    assert not [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    page.context.close()
