"""Translation status that readers see: the page banner, the switcher's shares, status.html.

The real publication, copied, with one fuzzy message in the Persian edition and one
unsafe (refused) message in the Russian one, built to HTML and read in Chromium
(Debian's, through Playwright), with axe-core from node_modules injected.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from editions.catalogs.stats import catalog_stats
from editions.ext.status import page_status
from editions.pipeline.build import build
from editions.po import read_catalog, render_catalog
from editions.project import Project
from tests.publication.book import copy_publication

# The real publication, built: an acceptance test of the book (pytest -m publication).
pytestmark = pytest.mark.publication

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
FUZZY_PAGE = "closing-remarks"  # fa: one message made fuzzy
UNSAFE_PAGE = "after-the-war"  # ru: one message whose note reference is dropped


def make_fuzzy(po: Path, language: str) -> str:
    catalog = read_catalog(po, language)
    message = max((m for m in catalog if m.id and m.string), key=lambda m: len(str(m.id)))
    message.flags.add("fuzzy")
    po.write_bytes(render_catalog(catalog))
    return str(message.id)


def drop_note_reference(po: Path, language: str) -> str:
    catalog = read_catalog(po, language)
    message = next(m for m in catalog if m.id and re.search(r"\[\^\d+\]", str(m.string)))
    message.string = re.sub(r"\[\^\d+\]", "", str(message.string), count=1)
    po.write_bytes(render_catalog(catalog))
    return str(message.id)


@pytest.fixture(scope="module")
def publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_publication(tmp_path_factory.mktemp("status") / "pub")
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\neditions_status_threshold = 99\n")
    make_fuzzy(root / "locale/fa/LC_MESSAGES" / f"{FUZZY_PAGE}.po", "fa")
    drop_note_reference(root / "locale/ru/LC_MESSAGES" / f"{UNSAFE_PAGE}.po", "ru")
    report = build(Project.load(root), formats=["html"], jobs=2)
    assert report.ok, report.as_dict()
    return root


@pytest.fixture(scope="module")
def site(publication: Path) -> Path:
    return publication / "_build" / "site"


def open_page(browser: Any, address: str, width: int = 1440,
              javascript: bool = True) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.goto(address)
    return page


def axe_violations(page: Any) -> list[dict[str, Any]]:
    assert AXE.is_file(), f"{AXE} is missing: run 'npm ci' (make setup does)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


# --- the model ---------------------------------------------------------------------


def test_the_model_sorts_fuzzy_and_refused_messages(publication: Path) -> None:
    fa = page_status(publication / "locale/fa/LC_MESSAGES" / f"{FUZZY_PAGE}.po", "fa")
    assert (fa.fuzzy, fa.fallen_back, fa.state, fa.source_changed) == (1, 0, "outdated", True)
    assert 0 < fa.share < 1
    ru = page_status(publication / "locale/ru/LC_MESSAGES" / f"{UNSAFE_PAGE}.po", "ru")
    assert (ru.fuzzy, ru.fallen_back, ru.state) == (0, 1, "incomplete")
    # stats agrees, and keeps msgfmt's count of translated messages.
    stats = catalog_stats(publication / "locale/ru/LC_MESSAGES" / f"{UNSAFE_PAGE}.po", "ru")
    assert stats.fallen_back == 1 and stats.translated == ru.translated + 1
    assert round(stats.share, 4) == round(ru.share, 4)


def test_editions_json_gives_each_edition_and_page_its_share(site: Path) -> None:
    manifest = json.loads((site / "editions.json").read_text(encoding="utf-8"))
    translation = {e["language"]: e["translation"] for e in manifest["editions"]}
    assert set(translation) == {"az", "en", "fa", "ru"}
    assert translation["en"]["share"] == 1.0
    fa_page = translation["fa"]["pages"][FUZZY_PAGE]
    assert fa_page["fuzzy"] == 1 and fa_page["state"] == "outdated" and fa_page["share"] < 1
    assert translation["fa"]["share"] < 1 and translation["fa"]["source_changed"]
    assert translation["ru"]["pages"][UNSAFE_PAGE]["fallen_back"] == 1
    assert translation["az"]["pages"][FUZZY_PAGE]["share"] == 1.0


# --- the banner ----------------------------------------------------------------------


def test_a_page_with_a_fuzzy_message_shows_the_banner_in_its_language(
        browser: Any, site: Path) -> None:
    page = open_page(browser, (site / "fa" / f"{FUZZY_PAGE}.html").as_uri(), width=390)
    banner = page.locator("[data-translation-status]")
    assert banner.count() == 1
    assert banner.get_attribute("data-translation-status") == "outdated"
    assert banner.get_attribute("lang") == "fa"
    assert page.evaluate("getComputedStyle(document.querySelector("
                         "'[data-translation-status]')).direction") == "rtl"
    text = banner.inner_text()
    assert "به زبان اصل" in text and "٪" in text and re.search("[۰-۹]", text), text
    assert banner.locator("[lang='en']").inner_text() == "English"
    # The banner comes before the chapter's heading, and is on screen at 390 px.
    assert page.evaluate("document.querySelector('[data-translation-status]')"
                         ".compareDocumentPosition(document.querySelector('main h1'))"
                         " & Node.DOCUMENT_POSITION_FOLLOWING")
    box = banner.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The passage shown in the original says so itself, as before.
    assert page.locator("main [lang='en'][dir='ltr']").count() >= 2
    # Its link leads to the edition's column of the status page.
    page.click("[data-translation-status] a")
    assert page.url.endswith("/status.html#edition-fa")
    assert page.evaluate("document.querySelector(':target').id") == "edition-fa"
    page.context.close()


def test_a_refused_message_shows_the_banner_and_a_complete_page_does_not(
        browser: Any, site: Path) -> None:
    page = open_page(browser, (site / "ru" / f"{UNSAFE_PAGE}.html").as_uri())
    banner = page.locator("[data-translation-status]")
    assert banner.get_attribute("data-translation-status") == "incomplete"
    assert "на языке оригинала" in banner.inner_text()
    page.goto((site / "ru" / "background.html").as_uri())
    assert page.locator("[data-translation-status]").count() == 0
    page.goto((site / "en" / f"{FUZZY_PAGE}.html").as_uri())
    assert page.locator("[data-translation-status]").count() == 0
    page.context.close()


def test_the_switcher_gives_the_share_of_an_edition_below_the_threshold(
        browser: Any, site: Path) -> None:
    page = open_page(browser, (site / "ru" / "background.html").as_uri())
    shares = page.evaluate("""() => [...document.querySelectorAll('.editions-switcher li')]
        .map(li => [li.querySelector('a').lang,
                    li.querySelector('.editions-share')?.textContent ?? null])""")
    assert dict(shares)["fa"] is not None and re.fullmatch("[۰-۹]+٪", dict(shares)["fa"])
    assert dict(shares)["az"] is None and dict(shares)["en"] is None  # 100 % and the original
    assert dict(shares)["ru"] is not None  # its refused message: below 99 %
    page.context.close()


@pytest.mark.parametrize("width", [1440, 390])
def test_the_banner_page_has_no_serious_axe_violation(browser: Any, site: Path,
                                                      width: int) -> None:
    page = open_page(browser, (site / "fa" / f"{FUZZY_PAGE}.html").as_uri(), width=width)
    assert page.locator("[data-translation-status]").count() == 1
    assert axe_violations(page) == []
    page.context.close()


# --- the status page ----------------------------------------------------------------


def test_the_status_page_charts_every_edition_without_javascript(
        browser: Any, site: Path, publication: Path) -> None:
    page = open_page(browser, (site / "status.html").as_uri(), javascript=False)
    headers = page.evaluate("[...document.querySelectorAll('thead th[id]')].map(t => t.id)")
    assert headers == ["edition-az", "edition-en", "edition-fa", "edition-ru"]
    documents = Project.load(publication).documents()
    rows = page.locator("tbody tr")
    assert rows.count() == len(documents) + 1  # the whole edition, then each chapter
    # Each translated edition's cell: a meter with its share, in its language.
    meters = page.evaluate("""() => [...document.querySelectorAll('td meter')]
        .map(m => [m.closest('td').lang, Number(m.value)])""")
    assert len(meters) == 3 * (len(documents) + 1)
    cell = page.locator(f"td[lang='fa'] a[href='fa/{FUZZY_PAGE}.html']").locator("xpath=..")
    assert 0 < float(cell.locator("meter").get_attribute("value")) < 1
    assert "نیازمند بازبینی" in cell.inner_text()
    assert cell.get_attribute("dir") == "rtl"
    ru = page.locator(f"td[lang='ru'] a[href='ru/{UNSAFE_PAGE}.html']").locator("xpath=..")
    assert "Показано на языке оригинала: 1" in ru.inner_text()
    # Every chapter link in every edition leads to a page of the site.
    hrefs = page.evaluate("[...document.querySelectorAll('td a')].map(a => a.getAttribute('href'))")
    assert len(hrefs) == 4 * len(documents)
    assert all((site / href).is_file() for href in hrefs), hrefs
    page.goto((site / "index.html").as_uri())
    # The front page gives an edition below the threshold its share, as the switcher does.
    share = page.locator("#edition-fa a[href='status.html#edition-fa']").inner_text()
    assert re.search("[۰-۹]+٪", share) and "ترجمه" in share, share
    assert page.locator("#edition-az a[href^='status.html#']").count() == 0
    page.click("a[href='status.html']")
    assert page.url.endswith("/status.html")
    page.context.close()


@pytest.mark.parametrize("width", [1440, 390])
def test_the_status_page_has_no_serious_axe_violation(browser: Any, site: Path,
                                                      width: int) -> None:
    page = open_page(browser, (site / "status.html").as_uri(), width=width)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.close()
