"""The parallel view: every chapter beside every other edition, aligned passage by passage.

Built by the ``editions`` pipeline on a tiny publication (tests/roots/test-parallel: en
source, fa and az translations, one az paragraph left untranslated); the pages are
checked by parsing them, and in Chromium (Debian's) at a phone's and a desktop's width.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from itertools import permutations
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from lxml import etree

from editions.pipeline import build as build_module
from editions.pipeline import incremental, parallel
from editions.pipeline.parallel_epub import parse_pairs
from editions.pipeline.tools.ace import run_ace
from editions.pipeline.tools.epubcheck import run_epubcheck
from editions.project import Project, ProjectError
from tests.conftest import REPO, ROOTS, edit_message

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "_build" / "test-artifacts"
EDITIONS = ("az", "en", "fa")
DIRECTION = {"az": "ltr", "en": "ltr", "fa": "rtl"}
CHAPTERS = ("tabriz", "ardabil")
UNTRANSLATED = "This sentence is not translated into Azerbaijani."


def copy_root(dest: Path) -> Path:
    shutil.copytree(ROOTS / "test-parallel", dest)
    return dest


@pytest.fixture(scope="module")
def frozen_package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The package is an input: hash a copy, so an edit to src/ meanwhile changes nothing."""
    frozen = tmp_path_factory.mktemp("package") / "editions"
    shutil.copytree(incremental.PACKAGE_DIR, frozen,
                    ignore=shutil.ignore_patterns("__pycache__"))
    saved = incremental.PACKAGE_DIR
    incremental.PACKAGE_DIR = frozen
    incremental.package_digest.cache_clear()
    yield
    incremental.PACKAGE_DIR = saved
    incremental.package_digest.cache_clear()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, frozen_package: None) -> Path:
    root = copy_root(tmp_path_factory.mktemp("parallel") / "pub")
    report = build_module.build(Project.load(root), formats=["html"])
    assert report.ok, report.as_dict()
    assert not report.notices, report.notices
    return root


@pytest.fixture(scope="module")
def site(built: Path) -> Path:
    return built / "_build" / "site"


def parse(path: Path) -> Any:
    return lxml.html.document_fromstring(path.read_bytes())


def single_passages(site: Path, code: str, chapter: str) -> list[str]:
    main = parse(site / code / f"{chapter}.html").xpath("//main")[0]
    return [e.get("id") for e in main.xpath(".//*[starts-with(@id, 'p-')]")
            if not e.xpath("ancestor::aside[contains(@class, 'footnote')]")]


# --- the pages, parsed ---------------------------------------------------------------


@pytest.mark.parametrize(("reader", "other"), list(permutations(EDITIONS, 2)))
def test_one_row_per_passage_both_cells_from_the_same_message(site: Path, reader: str,
                                                              other: str) -> None:
    for chapter in CHAPTERS:
        page = parse(site / reader / "parallel" / other / f"{chapter}.html")
        rows = page.xpath("//main//*[@data-align][starts-with(@data-align, 'p-')]")
        expected = single_passages(site, reader, chapter)
        assert [r.get("data-align") for r in rows] == expected, (reader, other, chapter)
        assert single_passages(site, other, chapter) == expected  # same message, same id
        for row in rows:
            assert row.get("id") == row.get("data-align")
            cells = row.xpath(".//*[contains(@class, 'parallel-cell')]")
            assert [(c.get("lang"), c.get("dir")) for c in cells] == [
                (reader, DIRECTION[reader]), (other, DIRECTION[other])]
            # Each cell holds the very passage of its own edition.
            for cell, code in zip(cells, (reader, other), strict=True):
                single = parse(site / code / f"{chapter}.html").get_element_by_id(
                    row.get("data-align"))
                text = " ".join(single.text_content().replace("¶", "").split())
                assert text and text in " ".join(cell.text_content().split()), (code, text)
        ids = page.xpath("//@id")
        assert len(ids) == len(set(ids)), "duplicate ids"
        assert page.get("lang") == reader and page.get("dir") == DIRECTION[reader]


def test_notes_keep_their_digits_and_links_stay_in_the_page(site: Path) -> None:
    page = parse(site / "fa" / "parallel" / "az" / "tabriz.html")
    persian = page.get_element_by_id("fnref-1")
    assert "۱" in persian.text_content()
    azerbaijani = page.get_element_by_id("fnref-az-1")
    assert "1" in azerbaijani.text_content() and azerbaijani.get("href") == "#fn-az-1"
    page.get_element_by_id("fn-az-1")  # the link's target is in the page
    for link in page.xpath("//main//a[starts-with(@href, '#')]"):
        assert page.xpath(f"//*[@id='{link.get('href')[1:]}']"), link.get("href")


def test_a_passage_that_fell_back_to_the_source_says_so(site: Path) -> None:
    page = parse(site / "fa" / "parallel" / "az" / "ardabil.html")
    rows = [r for r in page.xpath("//main//*[@data-align]") if UNTRANSLATED in r.text_content()]
    assert len(rows) == 1
    cells = rows[0].xpath(".//*[contains(@class, 'parallel-cell')]")
    assert "parallel-fallback" not in cells[0].get("class")
    assert "parallel-fallback" in cells[1].get("class")
    fallbacks = page.xpath("//*[contains(@class, 'parallel-fallback-note')]")
    assert len(fallbacks) == 1 and fallbacks[0].get("lang") == "fa"


def test_links_back_to_both_editions_and_head_links(site: Path) -> None:
    page = parse(site / "fa" / "parallel" / "az" / "tabriz.html")
    assert page.xpath("//link[@rel='canonical']/@href") == ["../../tabriz.html"]
    alternates = dict(zip(page.xpath("//link[@rel='alternate']/@hreflang"),
                          page.xpath("//link[@rel='alternate']/@href"), strict=True))
    assert alternates == {"az": "../../../az/tabriz.html", "en": "../../../en/tabriz.html",
                          "fa": "../../tabriz.html"}
    first = page.xpath("//main/*[@data-align]")[1]
    ident = first.get("id")
    backs = first.xpath(".//a[contains(@class, 'parallel-single')]/@href")
    assert backs == [f"../../tabriz.html#{ident}", f"../../../az/tabriz.html#{ident}"]


def test_every_chapter_page_links_its_parallel_pages(site: Path) -> None:
    for code in EDITIONS:
        for chapter in CHAPTERS:
            page = parse(site / code / f"{chapter}.html")
            links = page.xpath("//a[contains(@class, 'editions-parallel-link')]")
            assert {a.get("hreflang"): a.get("href") for a in links} == {
                o: f"parallel/{o}/{chapter}.html" for o in EDITIONS if o != code}
            for link in links:
                assert (site / code / link.get("href")).is_file()
        front = parse(site / code / "index.html")
        assert not front.xpath("//a[contains(@class, 'editions-parallel-link')]")


# --- a msgstr edit renders only the pages that show it ------------------------------


def test_a_msgstr_edit_renders_only_the_pages_of_that_chapter(tmp_path: Path,
                                                               frozen_package: None) -> None:
    root = copy_root(tmp_path / "pub")
    project = Project.load(root)
    assert build_module.build(project, formats=["html"]).ok
    site = project.site_dir
    before = {p: p.read_bytes() for p in site.rglob("parallel/*/*.html")}
    assert len(before) == 6 * len(CHAPTERS)

    def retranslate(message: Any) -> None:
        message.string = "Bazarda çoxlu salon var."

    edit_message(root / "locale/az/LC_MESSAGES/tabriz.po", "az", "many halls", retranslate)
    calls: list[parallel.ParallelReport] = []
    real = parallel.build_parallel

    def spy(project: Project) -> parallel.ParallelReport:
        calls.append(real(project))
        return calls[-1]

    build_module.build_parallel = spy  # type: ignore[assignment]
    try:
        assert build_module.build(project, formats=["html"]).ok
    finally:
        build_module.build_parallel = real  # type: ignore[assignment]
    assert sorted(calls[0].rendered) == sorted([
        "az/parallel/en/tabriz.html", "az/parallel/fa/tabriz.html",
        "en/parallel/az/tabriz.html", "fa/parallel/az/tabriz.html"])
    after = {p: p.read_bytes() for p in site.rglob("parallel/*/*.html")}
    assert after.keys() == before.keys()
    changed = sorted(str(p.relative_to(site)) for p in after if after[p] != before[p])
    assert changed == sorted(calls[0].rendered)
    assert "Bazarda çoxlu salon var." in (site / "fa/parallel/az/tabriz.html").read_text(
        encoding="utf-8")


def test_a_failed_render_keeps_the_last_good_page(tmp_path: Path, frozen_package: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_root(tmp_path / "pub")
    project = Project.load(root)
    assert build_module.build(project, formats=["html"]).ok
    page = project.site_dir / "fa/parallel/az/tabriz.html"
    good = page.read_bytes()
    edit_message(root / "locale/az/LC_MESSAGES/tabriz.po", "az", "many halls",
                 lambda m: setattr(m, "string", "Bazarın salonları çoxdur."))

    def broken(*args: Any) -> str:
        raise ValueError("a template error")

    monkeypatch.setattr(parallel, "render_page", broken)
    report = build_module.build(project, formats=["html"])
    assert any("fa/parallel/az/tabriz.html: not made" in n for n in report.notices)
    assert page.read_bytes() == good
    monkeypatch.undo()
    assert build_module.build(project, formats=["html"]).ok  # tried again, and made
    assert "salonları çoxdur" in page.read_text(encoding="utf-8")


# --- in the browser ------------------------------------------------------------------


def new_page(browser: Any, width: int) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 800})
    return context.new_page()


#: The first passage that starts in the window (below what sticks there), if it starts
#: at its top.
AT_TOP = """() => {
  let top = 0;
  for (const el of document.querySelectorAll('.mobile-header, .editions-bar, .parallel-bar')) {
    const s = getComputedStyle(el);
    if (s.display !== 'none' && ['sticky', 'fixed'].includes(s.position))
      top = Math.max(top, el.getBoundingClientRect().bottom);
  }
  for (const el of document.querySelectorAll('main [data-align], main [id^="p-"]')) {
    if (el.parentElement.closest('[data-align]')) continue;
    const start = el.getBoundingClientRect().top;
    if (start >= top - 2) return start < top + 80 ? el.id : null;
  }
  return null;
}"""


def click_like_a_reader(page: Any, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.parametrize(("start", "to", "selector"), [
    ("fa", "az", "a.editions-switch[hreflang='az']"),  # the switcher
    ("az", "fa", "a.editions-parallel-link[hreflang='fa']"),  # read beside
])
def test_switching_at_a_paragraph_lands_on_that_paragraph(browser: Any, server: str,
                                                          start: str, to: str,
                                                          selector: str) -> None:
    page = new_page(browser, 1280)
    page.set_viewport_size({"width": 1280, "height": 400})
    page.goto(f"{server}/{start}/tabriz.html")
    ids = page.evaluate("[...document.querySelectorAll('main p[id^=\"p-\"]')].map(e => e.id)")
    target = ids[-5]  # in the middle of the last section
    page.evaluate(f"document.getElementById('{target}').scrollIntoView()")
    # Just below the header bar, which stays at the top of a wide window.
    page.evaluate("window.scrollBy(0, -document.querySelector('.editions-bar').offsetHeight - 6)")
    assert page.evaluate(AT_TOP) == target and page.evaluate("window.scrollY") > 0
    click_like_a_reader(page, selector)
    landing = (f"{server}/{to}/tabriz.html" if "switch" in selector
               else f"{server}/{start}/parallel/{to}/tabriz.html")
    page.wait_for_url(f"{landing}#{target}")
    assert page.evaluate("location.hash") == f"#{target}"
    assert page.evaluate("document.documentElement.lang") == (
        to if "switch" in selector else start)
    assert page.evaluate(AT_TOP) == target
    page.context.close()


def test_from_a_parallel_page_back_to_a_single_edition_at_the_passage(browser: Any,
                                                                       server: str) -> None:
    page = new_page(browser, 1440)
    page.set_viewport_size({"width": 1440, "height": 420})
    page.goto(f"{server}/fa/parallel/az/tabriz.html")
    rows = page.evaluate("[...document.querySelectorAll('main > [data-align]')].map(e => e.id)")
    target = rows[-5]
    page.evaluate(f"document.getElementById('{target}').scrollIntoView()")
    assert page.evaluate(AT_TOP) == target
    click_like_a_reader(page, ".parallel-singles a[hreflang='az']")
    page.wait_for_url(f"{server}/az/tabriz.html#{target}")
    assert page.evaluate(AT_TOP) == target
    page.context.close()


def test_without_javascript_the_links_open_the_page(browser: Any, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/fa/tabriz.html")
    page.click("a.editions-parallel-link[hreflang='az']")
    page.wait_for_url(f"{server}/fa/parallel/az/tabriz.html")
    # On a phone the other language is a <details>: it closes without script.
    page.set_viewport_size({"width": 390, "height": 800})
    summary = page.locator("main > [data-align] summary").first
    cell = page.locator("main > [data-align] details .parallel-cell").first
    assert cell.is_visible()
    summary.click()
    assert not cell.is_visible()
    context.close()


def test_note_previews_open_in_both_languages(browser: Any, server: str) -> None:
    page = new_page(browser, 1440)
    page.goto(f"{server}/fa/parallel/az/tabriz.html")
    preview = page.locator(".editions-note-preview")
    for reference, text in (("fnref-1", "رود کوچک است."), ("fnref-az-1", "Çay kiçikdir.")):
        page.click(f"#{reference}")
        preview.wait_for(state="visible")
        assert text in preview.inner_text()
        assert page.evaluate("location.hash") == ""  # a preview, not a jump to the notes
        page.keyboard.press("Escape")
        preview.wait_for(state="hidden")
    page.context.close()


@pytest.mark.parametrize("width", [390, 1440])
def test_layout_columns_and_sides(browser: Any, server: str, width: int) -> None:
    page = new_page(browser, width)
    for reader, other in (("fa", "az"), ("az", "fa")):
        page.goto(f"{server}/{reader}/parallel/{other}/tabriz.html")
        row = page.locator("main > [data-align]").nth(1)
        mine = row.locator(".parallel-cell").nth(0).bounding_box()
        theirs = row.locator(".parallel-cell").nth(1).bounding_box()
        assert mine and theirs
        if width < 700:  # interleaved: the reader's first, the other's below it
            assert theirs["y"] >= mine["y"] + mine["height"] - 1
        else:  # side by side; the reader's on its reading-start side
            assert abs(theirs["y"] - mine["y"]) < 4
            if reader == "fa":
                assert mine["x"] > theirs["x"] + theirs["width"] - 1
            else:
                assert mine["x"] + mine["width"] < theirs["x"] + 1
    page.context.close()


@pytest.mark.parametrize("width", [390, 1440])
def test_parallel_page_passes_axe(browser: Any, server: str, width: int) -> None:
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run npm ci")
    page = new_page(browser, width)
    for path in ("fa/parallel/az/tabriz.html", "az/parallel/fa/ardabil.html",
                 "en/parallel/fa/tabriz.html"):
        page.goto(f"{server}/{path}")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})""")
        violations = [(v["id"], [n["target"] for n in v["nodes"]][:3])
                      for v in result["violations"]]
        assert not violations, (path, width, violations)
        assert result["passes"], "axe ran no rule"
    page.context.close()


def test_screenshots(browser: Any, server: str, site: Path) -> None:
    """fa|az and ru|en … here fa|az and en|fa (this root has no ru): saved to be looked at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for reader, other in (("fa", "az"), ("en", "fa")):
        for width in (1440, 390):
            page = new_page(browser, width)
            page.goto(f"{server}/{reader}/parallel/{other}/tabriz.html")
            shot = ARTIFACTS / f"parallel-test-{reader}-{other}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            page.context.close()


# --- the bilingual EPUB ----------------------------------------------------------------


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory, frozen_package: None) -> Path:
    root = copy_root(tmp_path_factory.mktemp("bilingual") / "pub")
    report = build_module.build(Project.load(root), ["fa", "az"], ["epub"],
                                parallel_epubs=[("fa", "az")])
    assert report.ok, report.as_dict()
    assert [r.format for r in report.results if "|" in r.format] == ["epub fa|az"]
    return root / "_build" / "site" / "fa" / "river-towns-fa-az.epub"


def test_bilingual_epub_alternates_passages_each_in_its_language(bilingual: Path) -> None:
    with zipfile.ZipFile(bilingual) as book:
        assert book.namelist()[0] == "mimetype"
        assert book.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        page = etree.fromstring(book.read("tabriz.xhtml"))
        opf = etree.fromstring(book.read("content.opf"))
    ns = {"x": "http://www.w3.org/1999/xhtml", "dc": "http://purl.org/dc/elements/1.1/"}
    assert opf.xpath("//dc:language/text()", namespaces=ns) == ["fa", "az"]
    firsts = page.xpath("//x:*[starts-with(@id, 'p-')][not(ancestor::x:aside)]", namespaces=ns)
    single = etree.parse(str(bilingual.parents[2] / "work/fa/epub/tabriz.xhtml"))
    passages = single.xpath("//x:*[starts-with(@id, 'p-')][not(ancestor::x:aside)]",
                            namespaces=ns)
    assert [e.get("id") for e in firsts] == [e.get("id") for e in passages]
    assert len(firsts) == 17  # headings, paragraphs, the photo, the list's items
    for element in firsts:
        second = element.getnext()
        assert second is not None and second.get("class") == "parallel-second", element.get("id")
        inner = second[0]
        assert (inner.get("lang"), inner.get("dir")) == ("az", "ltr")
        assert inner.get("{http://www.w3.org/XML/1998/namespace}lang") == "az"
    assert "Təbriz Quru çayı sahilində" in etree.tostring(firsts[1].getnext(), encoding="unicode")
    # Both languages' notes, each linked within the page, in their own digits.
    assert page.xpath("//x:aside[@id='fn-1']//text()", namespaces=ns)
    assert page.xpath("//x:aside[@id='fn-az-1']", namespaces=ns)
    assert page.xpath("//x:a[@id='fnref-az-1']/@href", namespaces=ns) == ["#fn-az-1"]
    assert "۱" in "".join(page.xpath("//x:a[@id='fnref-1']//text()", namespaces=ns))
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_bilingual_epub_passes_epubcheck_and_ace(bilingual: Path) -> None:
    messages = run_epubcheck(bilingual)
    assert not [m for m in messages if m.severity in ("FATAL", "ERROR", "WARNING")], messages
    assert run_ace(bilingual, REPO) == []


def test_bilingual_epub_is_listed_in_the_manifest(bilingual: Path) -> None:
    data = json.loads((bilingual.parents[1] / "editions.json").read_text(encoding="utf-8"))
    persian = next(e for e in data["editions"] if e["language"] == "fa")
    assert persian["parallel_epubs"] == [{"with": "az", "path": "fa/river-towns-fa-az.epub",
                                          "status": "ok", "problems": []}]


def test_the_landing_page_offers_the_bilingual_epub_beside_the_editions_books(
        bilingual: Path) -> None:
    landing = (bilingual.parents[1] / "index.html").read_text(encoding="utf-8")
    card = landing[landing.index('id="edition-fa"'):landing.index('id="edition-az"')
                   if landing.index('id="edition-az"') > landing.index('id="edition-fa"')
                   else len(landing)]
    link = re.search(r'<a href="fa/river-towns-fa-az.epub"[^>]*hreflang="az"><bdi>([^<]*)</bdi>',
                     card)
    assert link is not None, card
    assert link.group(1) == "EPUB فارسی · Azərbaycanca"


def test_bilingual_epub_names_two_editions() -> None:
    with pytest.raises(ProjectError):
        parse_pairs("fa")
    assert parse_pairs("fa,az;az,fa") == [("fa", "az"), ("az", "fa")]
