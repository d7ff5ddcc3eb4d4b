"""The reader's site: switching editions, search in each language, downloads, accessibility.

The browser tests run headless Chromium (Debian's, never a downloaded one) through
Playwright on the real publication's HTML, served on 127.0.0.1 or opened from disk.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, urljoin

import pytest
from sphinx.search import SearchLanguage
from sphinx.search.ru import SearchRussian
from sphinx.testing.util import SphinxTestApp

from editions.ext.search import AZERBAIJANI, PERSIAN, SearchAzerbaijani, SearchPersian
from editions.languages import get_language
from editions.pipeline import site as site_module
from editions.project import Project
from editions.text.bidi import html_runs
from editions.text.scripts import run_language, script_of
from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
EDITIONS = ("az", "en", "fa", "ru")
CHAPTER = "tovuz-clashes.html"  # has note 26 in every edition
DOWNLOADS_SCRIPT = site_module.DOWNLOADS_SCRIPT
SEARCH_LANGUAGES: dict[str, type[SearchLanguage]] = {
    "fa": SearchPersian, "az": SearchAzerbaijani, "ru": SearchRussian}

# --- fixtures -------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(built_publication: Path) -> Path:
    return built_publication / "_build" / "site"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


# --- switching editions -------------------------------------------------------------


def test_switch_keeps_the_note_the_reader_is_at(page: Any, server: str) -> None:
    page.goto(f"{server}/fa/{CHAPTER}#fn-26")
    page.click("a.editions-switch[hreflang='ru']")
    page.wait_for_url(f"{server}/ru/{CHAPTER}#fn-26")
    assert page.evaluate("document.documentElement.lang") == "ru"
    assert page.evaluate("document.querySelector(':target').id") == "fn-26"
    # The note is where the reader looks, not somewhere below the window.
    top = page.evaluate("document.getElementById('fn-26').getBoundingClientRect().top")
    assert 0 <= top < 900


def test_switch_keeps_the_section_scrolled_to(page: Any, server: str) -> None:
    page.goto(f"{server}/az/{CHAPTER}")
    section = page.evaluate("document.querySelectorAll('section[id]')[2].id")
    page.evaluate(f"document.getElementById('{section}').scrollIntoView()")
    # The reader reads a while, scrolls back up to the header, and switches.
    page.wait_for_timeout(1500)
    page.mouse.wheel(0, -100_000)
    page.wait_for_function("window.scrollY === 0")
    box = page.locator("a.editions-switch[hreflang='en']").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(rf"{re.escape(server)}/en/{CHAPTER}#.+"))
    # The passage read, or its section: in the section the reader was at, in English too.
    place = page.evaluate("location.hash.slice(1)")
    assert page.evaluate("(id) => { const e = document.getElementById(id);"
                         " return e.id === e.closest('section[id]').id ? e.id :"
                         " e.closest('section[id]').id; }", place) == section


def test_switch_without_javascript_reaches_the_same_page(browser: Any, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server}/fa/{CHAPTER}#fn-26")
        page.click("a.editions-switch[hreflang='ru']")
        page.wait_for_url(f"{server}/ru/{CHAPTER}")
        assert page.evaluate("document.documentElement.lang") == "ru"
    finally:
        context.close()


def test_each_note_links_the_same_note_in_the_other_editions(site: Path) -> None:
    for code in EDITIONS:
        html = (site / code / CHAPTER).read_text(encoding="utf-8")
        notes = re.findall(r'<aside class="footnote[^"]*" id="(fn-\d+)"', html)
        assert "fn-26" in notes
        for note in notes:
            for other in set(EDITIONS) - {code}:
                href = f'href="../{other}/{CHAPTER}#{note}" hreflang="{other}"'
                assert href in html, (code, note, other)
                target = (site / other / CHAPTER).read_text(encoding="utf-8")
                assert f'id="{note}"' in target


def test_every_page_names_each_edition_of_itself(site: Path) -> None:
    for code in EDITIONS:
        for path in (site / code).glob("*.html"):
            html = path.read_text(encoding="utf-8")
            links = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"',
                                    html))
            assert set(links) == {*EDITIONS, "x-default"}, path
            for lang, href in links.items():
                target = (path.parent / href).resolve()
                assert target.is_file(), (path, lang, href)
                if lang != "x-default":
                    assert target == (site / lang / path.name).resolve()
            default = (site / "index.html" if path.name == "index.html"
                       else site / "en" / path.name)
            assert (path.parent / links["x-default"]).resolve() == default.resolve()
            # The switcher, at the top of the page, before the text.
            assert html.index('class="editions-switcher"') < html.index('role="main"'), path


def test_landing_page_offers_every_edition_in_its_own_language(site: Path) -> None:
    landing = (site / "index.html").read_text(encoding="utf-8")
    for code in EDITIONS:
        lang = get_language(code)
        assert (f'<li id="edition-{code}" lang="{code}" dir="{lang.direction}">' in landing)
        assert f'<link rel="alternate" hreflang="{code}" href="{code}/index.html">' in landing
    assert '<link rel="alternate" hreflang="x-default" href="index.html">' in landing


# --- languages: the interface, the page, every run of another script ------------------


def test_azerbaijani_interface_comes_from_the_package_catalog(site: Path) -> None:
    chapter = (site / "az" / CHAPTER).read_text(encoding="utf-8")
    for text in ('aria-label="Nəşrlər"', 'title="Bu başlığa keçid"', "Mətnə keç",
                 'aria-label="Fəsillər"', 'aria-label="Bu səhifədə"', 'placeholder="Axtarış"',
                 'aria-label="Rəng rejimi: açıq, tünd və ya avtomatik"', "<title>Menyu</title>",
                 "Bu qeyd digər nəşrlərdə", "Foto bu nəşrdə verilməyib"):
        assert text in chapter, text
    # Furo's own English, where a template or a label has it.
    for english in ("Skip to content", "Toggle site navigation sidebar", "Link to this heading",
                    "On this page", 'aria-label="Editions"', "<title>Menu</title>",
                    "Back to top", "Made with"):
        assert english not in chapter, english
    search = (site / "az" / "search.html").read_text(encoding="utf-8")
    assert "<h1>Axtarış</h1>" in search and 'data-one="{n} səhifə tapıldı"' in search
    script = (site / "az" / "_static" / "translations.js").read_text(encoding="utf-8")
    data = json.loads(script.removeprefix("Documentation.addTranslations(").rstrip(");\n"))
    assert data["locale"] == "az"
    assert data["messages"]["Search Results"] == "Axtarış nəticələri"


@pytest.mark.parametrize(("code", "editions", "download"), [
    ("fa", "ویراست‌ها", "دریافت"), ("ru", "Издания", "Скачать")])
def test_package_strings_in_persian_and_russian(site: Path, code: str, editions: str,
                                                download: str) -> None:
    chapter = (site / code / CHAPTER).read_text(encoding="utf-8")
    assert f'aria-label="{editions}"' in chapter
    assert f'>{download}:</span>' in chapter


class _Langs(HTMLParser):
    """Every text of a page with the language it is in (the nearest ``lang``)."""

    VOID: ClassVar[set[str]] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang") or (self.stack[-1][1] if self.stack else "")
        self.stack.append((tag, str(lang)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <meta ... />, <link ... />: no text inside

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or tag not in {t for t, _ in self.stack}:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] not in ("script", "style"):
            self.texts.append((data, self.stack[-1][1]))


WRITES = {"Latn": {"az", "en"}, "Cyrl": {"ru"}, "Arab": {"fa"}, "Armn": {"hy"}}


@pytest.mark.parametrize("code", EDITIONS)
def test_every_run_of_another_script_has_its_language(site: Path, code: str) -> None:
    # The publication's pages (the search page's own text is Sphinx's catalog's).
    for path in sorted((site / code).glob("*.html")):
        if path.name in ("search.html", "genindex.html"):
            continue
        html = path.read_text(encoding="utf-8")
        assert re.search(f'<html [^>]*lang="{code}" dir="{get_language(code).direction}"',
                         html), path
        parser = _Langs()
        parser.feed(html)
        for text, lang in parser.texts:
            if lang == "zxx":  # no linguistic content: the notes' language codes
                continue
            for char in set(text):
                script = script_of(char)
                if script in WRITES:
                    assert lang in WRITES[script], (path.name, lang, text[:80])


def test_run_language_tells_azerbaijani_from_english() -> None:
    assert run_language("Qarabağ bizimdir / GADTB", "Latn") == "az"
    assert run_language("Prisoner of Conscience / Amnesty International", "Latn") == "en"
    assert run_language("İran", "Latn") == "az"
    assert run_language("СМИ", "Cyrl") == "ru"
    assert run_language("Արարատ", "Armn") == "hy"
    assert run_language("بازداشت", "Arab") == "fa"


def test_template_text_isolates_its_runs() -> None:
    fa, en = get_language("fa"), get_language("en")
    assert html_runs("2024, Rəcəb Həsənbəyli", fa.script, fa.direction) == (
        '<bdi lang="az" dir="ltr">2024, Rəcəb Həsənbəyli</bdi>')
    assert html_runs("Author <b> رجب", en.script, en.direction) == (
        'Author &lt;b&gt; <bdi lang="fa" dir="rtl">رجب</bdi>')
    assert html_runs("Plain", en.script, en.direction) == "Plain"


# --- the doctree's writers: photos, runs, notes (sample projects) ---------------------


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"language": "fa"})
def test_photo_caption_is_closed_and_has_no_permalink(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "chapter.html").read_text(encoding="utf-8")
    assert app.warning.getvalue() == ""
    figure = re.search(r'<figure class="photo[^>]*>(.*?)</figure>', html, re.S)
    assert figure is not None
    assert figure.group(1).count("<figcaption>") == figure.group(1).count("</figcaption>") == 1
    assert "headerlink" not in figure.group(1)
    assert "تبریز، سپتامبر ۲۰۲۰." in figure.group(1)
    # Said as the caption of a photo this edition does not reproduce, before the caption.
    assert figure.group(1).index('<span class="photo-absent">عکس در این ویراست نیامده است'
                                 '</span>') < figure.group(1).index("تبریز، سپتامبر")
    # A note wholly in left-to-right scripts; its English part marked inside it.
    assert ('<span lang="hy" dir="ltr">Արարատ / <bdi lang="en" dir="ltr">Armenian source'
            '</bdi></span>') in html


@pytest.mark.sphinx("epub", testroot="epub-basic", confoverrides={"language": "fa"})
def test_book_pages_isolate_runs_and_stay_in_the_book(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    chapter = (app.outdir / "chapter.xhtml").read_text(encoding="utf-8")
    assert '<span lang="hy" dir="ltr">Արարատ' in chapter
    assert '/ <bdi lang="en" dir="ltr">araznews.org</bdi>' in chapter
    for web_only in ("<script", DOWNLOADS_SCRIPT, "editions-note-menu",
                     "editions-switcher", 'rel="alternate"'):
        assert web_only not in chapter, web_only
    assert "editions.js" not in (app.outdir / "content.opf").read_text(encoding="utf-8")


# --- search ---------------------------------------------------------------------------


def page_texts(site: Path, code: str) -> dict[str, str]:
    """Each chapter's text, as a reader sees it."""
    texts = {}
    for path in sorted((site / code).glob("*.html")):
        if path.name in ("search.html", "genindex.html"):
            continue
        html = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", "", path.read_text("utf-8"))
        body = re.search(r'(?s)<main role="main" id="furo-main-content">(.*?)</main>', html)
        texts[path.name] = re.sub(r"<[^>]+>", " ", body.group(1) if body else html)
    return texts


def search(page: Any, server: str, code: str, query: str) -> list[str]:
    """Type ``query`` into the edition's search page; the pages it finds."""
    page.goto(f"{server}/{code}/search.html")
    page.fill("form input[name='q']", query)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    page.wait_for_selector("#search-results[data-state='done']", timeout=20_000)
    hrefs = page.eval_on_selector_all("ul.search > li > a:first-child",
                                      "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        # Results stay in the edition searched.
        assert href.startswith(f"{server}/{code}/"), href
        found.append(href.removeprefix(f"{server}/{code}/").split("#")[0].split("?")[0])
    return sorted(set(found))


def expect(site: Path, code: str, query: str) -> tuple[set[str], set[str]]:
    """The pages a query must find (a word of theirs is the query's, once folded and
    stemmed as the edition's index is), and those it may (one contains it: Sphinx's
    search also matches within words)."""
    index = SEARCH_LANGUAGES[code]({})
    terms = [index.stem(w) for w in index.split(query)]
    must, may = set(), set()
    for name, text in page_texts(site, code).items():
        words = {index.stem(w) for w in index.split(text)}
        if all(t in words for t in terms):
            must.add(name)
        if all(any(t in w for w in words) for t in terms):
            may.add(name)
    return must, may


def assert_finds(page: Any, server: str, site: Path, code: str, query: str) -> set[str]:
    must, may = expect(site, code, query)
    found = set(search(page, server, code, query))
    assert must and must <= found <= may, (query, must, found, may)
    return found


def test_persian_query_in_arabic_letters_finds_the_page(page: Any, server: str,
                                                        site: Path) -> None:
    texts = page_texts(site, "fa")
    assert "كنسولگري" not in "".join(texts.values())
    # Arabic kaf (ك) and yeh (ي), as an Arabic keyboard types them: "کنسولگری".
    found = assert_finds(page, server, site, "fa", "كنسولگري")
    assert CHAPTER in found
    assert found == {n for n, t in texts.items() if "کنسولگری" in t}


def test_persian_query_without_zwnj_or_with_diacritics_finds_the_page(
        page: Any, server: str, site: Path) -> None:
    texts = page_texts(site, "fa")
    with_zwnj = {n for n, t in texts.items() if "آن‌ها" in t}
    assert len(with_zwnj) >= 2
    # Typed without the zero-width non-joiner, with a plain alef for alef-madda.
    assert with_zwnj <= assert_finds(page, server, site, "fa", "انها")
    # A diacritic (kasra) in the query changes nothing.
    assert search(page, server, "fa", "کنسولگریِ") == search(page, server, "fa", "کنسولگری")


def test_russian_inflected_form_finds_its_pages(page: Any, server: str, site: Path) -> None:
    texts = page_texts(site, "ru")
    # The instrumental case is in none of the pages: only the stemmer finds them.
    assert not any("консульством" in t for t in texts.values())
    found = assert_finds(page, server, site, "ru", "консульством")
    assert found == {n for n, t in texts.items() if re.search(r"консульств[оа]", t)}
    assert CHAPTER in found


def test_azerbaijani_capitals_with_dotted_and_dotless_i(page: Any, server: str,
                                                        site: Path) -> None:
    texts = page_texts(site, "az")
    # İ lowers to i and I to ı: "İRANIN" is "iranın", not JavaScript's "i̇ranin".
    found = assert_finds(page, server, site, "az", "İRANIN")
    # And, the endings taken off as the index took them, the pages of İran, İranda…
    assert {n for n, t in texts.items() if re.search(r"\bİranın\b", t)} < found
    assert {n for n, t in texts.items() if re.search(r"\bİran\w*", t)} == found


@pytest.mark.parametrize(("code", "language", "folding", "samples"), [
    ("fa", SearchPersian, PERSIAN,
     ["كنسولگري", "می‌شود", "مى شود", "بازداشتِ أحمد", "مؤسسة", "آذربايجان‌ها", "سئوال",
      "Tabriz ـتبریز"]),
    ("az", SearchAzerbaijani, AZERBAIJANI,
     ["İRANIN", "IĞDIR İLƏ", "Şəki", "ılıq İsti", "QARABAĞ"]),
])
def test_query_is_folded_in_javascript_as_the_index_in_python(
        page: Any, server: str, code: str, language: Any, folding: Any,
        samples: list[str]) -> None:
    page.goto(f"{server}/{code}/search.html")
    page.wait_for_function("typeof splitQuery === 'function'")
    python = language({})
    for sample in samples:
        folded = page.evaluate("(s) => splitQuery(s)", sample)
        assert folded == [w for w in re.split(r"\W+", folding.fold(sample)) if w], sample
        stemmed = page.evaluate("(s) => splitQuery(s).map(w => new Stemmer().stemWord(w))",
                                sample)
        assert stemmed == [python.stem(w) for w in python.split(sample)], sample


# --- downloads ------------------------------------------------------------------------


def _site_with_books(site: Path, tmp_path: Path) -> tuple[Project, dict[str, Any]]:
    """A copy of the site with a PDF and an EPUB published for Persian only."""
    root = tmp_path / "pub"
    shutil.copytree(site.parent.parent, root, ignore=shutil.ignore_patterns("work"))
    project = Project.load(root)
    manifest = json.loads((project.site_dir / "editions.json").read_text(encoding="utf-8"))
    for entry in manifest["editions"]:
        if entry["language"] == "fa":
            for fmt, size in (("pdf", 1_234_567), ("epub", 345_678)):
                path = f"fa/{project.basename}.{fmt}"
                (project.site_dir / path).write_bytes(b"\0" * size)
                entry[fmt] = path
    (project.site_dir / "index.html").write_text(
        site_module.render_landing_page(project, manifest), encoding="utf-8")
    return project, manifest


def test_pages_link_their_books_with_sizes_from_disk(page: Any, site: Path,
                                                     tmp_path: Path) -> None:
    project, _ = _site_with_books(site, tmp_path)
    # Opened from disk (file://): the downloads come from a script, not a fetched file.
    page.goto((project.site_dir / "fa" / CHAPTER).as_uri())
    page.wait_for_selector(".editions-downloads a[type='application/pdf'] .editions-size")
    box = page.inner_text(".editions-downloads")
    assert box.startswith("دریافت:")
    assert "PDF (۱٫۲ MB)" in box and "EPUB (۳۴۶ kB)" in box
    hrefs = page.eval_on_selector_all(".editions-downloads a", "as => as.map(a => a.href)")
    assert hrefs == [(project.site_dir / "fa" / f"{project.basename}.{f}").as_uri()
                     for f in ("pdf", "epub")]
    # An edition with no books offers none.
    page.goto((project.site_dir / "ru" / CHAPTER).as_uri())
    page.wait_for_function("document.querySelector('.editions-downloads').hidden")
    landing = (project.site_dir / "index.html").read_text(encoding="utf-8")
    assert f'href="fa/{project.basename}.pdf" type="application/pdf" dir="ltr">PDF</a>' in landing
    assert '(<span dir="rtl">۱٫۲ MB</span>)' in landing


def test_without_javascript_the_books_are_plain_links(browser: Any, site: Path,
                                                     tmp_path: Path) -> None:
    project, _ = _site_with_books(site, tmp_path)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((project.site_dir / "fa" / CHAPTER).as_uri())
        hrefs = page.eval_on_selector_all(".editions-downloads a", "as => as.map(a => a.href)")
        assert hrefs == [(project.site_dir / "fa" / f"{project.basename}.{f}").as_uri()
                         for f in ("pdf", "epub")]
        assert page.is_visible(".editions-downloads a[type='application/epub+zip']")
    finally:
        context.close()


def test_file_sizes_in_each_language() -> None:
    assert site_module.file_size(1_234_567, get_language("fa")) == "۱٫۲ MB"
    assert site_module.file_size(1_234_567, get_language("ru")) == "1,2 МБ"
    assert site_module.file_size(1_234_567, get_language("az")) == "1,2 MB"
    assert site_module.file_size(345_678, get_language("en")) == "346 kB"
    assert site_module.file_size(10, get_language("en")) == "1 kB"


@pytest.mark.slow
def test_a_full_build_links_the_books_it_built(browser: Any,
                                               complete_publication: Path) -> None:
    site = complete_publication / "_build" / "site"
    basename = Project.load(complete_publication).basename
    context = browser.new_context()
    try:
        page = context.new_page()
        for code in EDITIONS:
            lang = get_language(code)
            page.goto((site / code / CHAPTER).as_uri())
            page.wait_for_selector(".editions-downloads a[type='application/epub+zip']")
            box = page.inner_text(".editions-downloads")
            for fmt in ("pdf", "epub"):
                size = site_module.file_size((site / code / f"{basename}.{fmt}").stat().st_size,
                                             lang)
                assert f"{fmt.upper()} ({size})" in box, (code, box)
    finally:
        context.close()


# --- right to left, and how it looks -------------------------------------------------


def test_persian_layout_mirrors(page: Any, server: str) -> None:
    page.goto(f"{server}/fa/{CHAPTER}")
    rect = "(s) => { const r = document.querySelector(s).getBoundingClientRect();" \
           " return [r.left, r.right]; }"
    main = page.evaluate(rect, "#furo-main-content")
    chapters = page.evaluate(rect, ".sidebar-drawer")
    assert chapters[0] >= main[1] - 1, "the chapters are on the right"
    sections = page.evaluate(rect, ".toc-drawer")
    assert sections[1] <= main[0] + 1, "the sections of the page on the left"
    label = page.evaluate(rect, "#fn-26 > span.label")
    text = page.evaluate(rect, "#fn-26 > p")
    assert (label[0] + label[1]) / 2 > text[1], "a note's number is on its right"
    switcher = page.evaluate(rect, ".editions-switcher li")
    assert switcher[1] > 640, "the switcher starts on the right"
    fonts = page.evaluate("getComputedStyle(document.querySelector('main h1')).fontFamily")
    assert fonts.startswith("Vazirmatn")
    assert page.evaluate("document.fonts.check('16px Vazirmatn', 'تبریز')")
    # Furo's stylesheet mirrored (rtlcss), in place of Furo's own.
    sheets = page.evaluate("[...document.styleSheets].map(s => s.href || '')")
    assert any("editions-furo-rtl.css" in h for h in sheets)
    assert not any("styles/furo.css" in h for h in sheets)
    # On a phone: one column, nothing wider than the window.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


# --- the theme's layer: what editions adds to Furo, checked against Furo itself -----------

PACKAGE = REPO / "src" / "editions" / "ext"
ARTIFACTS = REPO / "_build" / "test-artifacts"
HTML_TAG = re.compile(r"<html [^>]*>")


def test_base_template_is_furos_with_the_direction_added() -> None:
    import furo

    furos = (Path(furo.__file__).parent / "theme" / "furo" / "base.html").read_text("utf-8")
    ours = (PACKAGE / "templates" / "base.html").read_text("utf-8")
    ours = re.sub(r"\{#-.*?-#\}\n", "", ours, count=1, flags=re.S)
    assert HTML_TAG.sub("<html>", ours, count=1) == HTML_TAG.sub("<html>", furos, count=1)
    assert 'dir="{{ editions_language.direction' in HTML_TAG.search(ours).group(0)


def test_right_to_left_stylesheet_is_rtlcss_of_the_pinned_furo() -> None:
    """scripts/furo_rtl.py made the shipped mirror: made again, it is the same file."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("furo_rtl", REPO / "scripts" / "furo_rtl.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shipped = (PACKAGE / "web" / "editions-furo-rtl.css").read_text("utf-8")
    assert module.mirrored_css() == shipped, "run scripts/furo_rtl.py and commit the result"
    # rtlcss did swap the sides: Furo's sidebar border is on the left of the text.
    assert ".sidebar-drawer{background:var(--color-sidebar-background);border-left:1px" in shipped


def test_shipped_persian_web_font_is_vazirmatn_from_npm() -> None:
    npm = REPO / "node_modules" / "vazirmatn" / "fonts" / "webfonts" / "Vazirmatn[wght].woff2"
    assert npm.is_file(), "run 'npm ci' (package.json pins vazirmatn)"
    assert (PACKAGE / "web" / "fonts" / "Vazirmatn-Variable.woff2").read_bytes() == npm.read_bytes()


def test_every_page_has_one_main_a_skip_link_and_open_graph_tags(site: Path) -> None:
    for code in EDITIONS:
        for path in sorted((site / code).glob("*.html")):
            html = path.read_text(encoding="utf-8")
            assert html.count("<main ") == 1 and "<article" not in html, path
            assert 'href="#furo-main-content"' in html and 'id="furo-main-content"' in html
            meta = dict(re.findall(r'<meta (?:property|name)="([\w:]+)" content="([^"]*)"', html))
            lang = get_language(code)
            assert meta["og:locale"].startswith(f"{code}_"), path
            alternates = re.findall(r'<meta property="og:locale:alternate" content="(\w+)"', html)
            assert sorted(a.split("_")[0] for a in alternates) == sorted(set(EDITIONS) - {code})
            assert meta["og:title"] and meta["description"] == meta["og:description"], path
            assert len(meta["description"]) <= 161, path
            # The description is in the page's language (its script), not the source's.
            if path.name not in ("genindex.html", "search.html"):
                letters = [c for c in meta["description"] if c.isalpha()]
                scripts = {script_of(c) for c in letters}
                assert scripts <= {lang.script, "Latn"}, (path, meta["description"])
                assert lang.script in scripts, (path, meta["description"])


def test_every_page_links_its_books_without_script(site: Path) -> None:
    basename = Project.load(site.parent.parent).basename
    for code in EDITIONS:
        for path in (site / code).glob("*.html"):
            html = path.read_text(encoding="utf-8")
            for fmt in ("pdf", "epub"):
                assert f'<a href="{basename}.{fmt}" type="' in html, (path, fmt)


def test_notes_other_editions_are_in_one_menu_not_printed(site: Path) -> None:
    html = (site / "fa" / CHAPTER).read_text(encoding="utf-8")
    menus = re.findall(r'<details class="editions-note-menu">.*?</details>', html, re.S)
    notes = re.findall(r'<aside class="footnote brackets" id="fn-', html)
    assert len(menus) == len(notes) > 0
    assert all(m.count("<li>") == 3 for m in menus)
    css = (PACKAGE / "static" / "editions.css").read_text("utf-8")
    printed = css[css.index("@media print"):]
    assert ".editions-note-menu" in printed and ".editions-bar" in printed


# --- the reader's tasks, in Chromium --------------------------------------------------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


def reader(browser: Any, size: dict[str, int], *, touch: bool = False,
           scheme: str = "light") -> Any:
    return browser.new_context(viewport=size, has_touch=touch, is_mobile=touch,
                               color_scheme=scheme)


def shoot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def in_view_below_header(page: Any, selector: str) -> bool:
    """The element is in the window and not under what stays at its top."""
    return bool(page.evaluate("""(s) => {
      const r = document.querySelector(s).getBoundingClientRect();
      const h = document.querySelector('.mobile-header');
      const shown = h && getComputedStyle(h).display !== 'none';
      const top = shown ? h.getBoundingClientRect().bottom : 0;
      return r.top >= top && r.bottom <= window.innerHeight; }""", selector))


@pytest.mark.parametrize("code", ["fa", "az"])
def test_phone_reader_taps_a_note_reads_it_and_returns(browser: Any, server: str,
                                                      code: str) -> None:
    context = reader(browser, PHONE, touch=True)
    try:
        page = context.new_page()
        page.goto(f"{server}/{code}/index.html")
        page.click(f"#furo-main-content a[href='{CHAPTER}']")
        page.wait_for_url(f"{server}/{code}/{CHAPTER}")
        shoot(page, f"{code}-chapter-390")
        ref = "#fnref-26"
        page.locator(ref).scroll_into_view_if_needed()
        box = page.locator(ref).bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        preview = page.locator(".editions-note-preview")
        preview.wait_for(state="visible")
        note = page.inner_text("#fn-26 > p")
        assert page.inner_text(".editions-note-preview .editions-preview-body") == note
        assert page.get_attribute(ref, "aria-expanded") == "true"
        rect = preview.bounding_box()
        assert rect["y"] + rect["height"] <= PHONE["height"] + 1 and rect["width"] <= 390
        shoot(page, f"{code}-note-preview-390")
        # Every control of the preview is a target of at least 24 px.
        for target in page.query_selector_all(".editions-note-preview button, "
                                              ".editions-note-preview a"):
            size = target.bounding_box()
            assert size["width"] >= 24 and size["height"] >= 24
        page.tap(".editions-preview-close")
        preview.wait_for(state="hidden")
        assert page.evaluate("document.activeElement.id") == "fnref-26"
        assert in_view_below_header(page, ref)
        # The whole note, and back to the sentence: one history entry for the chapter.
        page.tap(ref)
        page.tap(".editions-preview-go")
        page.wait_for_function("location.hash === '#fn-26'")
        assert in_view_below_header(page, "#fn-26")
        page.tap("#fn-26 a[role='doc-backlink']")
        page.wait_for_function("location.hash === '#fnref-26'")
        assert in_view_below_header(page, ref)
        page.go_back()
        page.wait_for_url(f"{server}/{code}/index.html")
    finally:
        context.close()


def test_desktop_reader_previews_a_note_on_hover_beside_the_text(browser: Any,
                                                                 server: str) -> None:
    context = reader(browser, DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{server}/fa/{CHAPTER}")
        shoot(page, "fa-chapter-1440")
        page.hover("#fnref-26")
        preview = page.locator(".editions-note-preview")
        preview.wait_for(state="visible")
        ref, box = page.locator("#fnref-26").bounding_box(), preview.bounding_box()
        assert box["y"] >= ref["y"] + ref["height"] or box["y"] + box["height"] <= ref["y"]
        assert box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"]
        shoot(page, "fa-note-preview-1440")
        page.mouse.move(5, 5)
        preview.wait_for(state="hidden")
        page.goto(f"{server}/az/{CHAPTER}")
        shoot(page, "az-chapter-1440")
    finally:
        context.close()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1440"])
def test_keyboard_reader_reaches_search_and_the_switcher(browser: Any, server: str,
                                                         size: dict[str, int]) -> None:
    context = reader(browser, size)
    try:
        page = context.new_page()
        page.goto(f"{server}/ru/{CHAPTER}")
        reached: list[str] = []
        for _ in range(12):
            page.keyboard.press("Tab")
            reached.append(page.evaluate(
                "(() => { const e = document.activeElement;"
                " return e.id || e.getAttribute('hreflang') || e.className || e.tagName; })()"))
            if reached[-1] == "editions-search-input":
                break
        assert reached[0].startswith("skip-to-content"), reached
        assert {"az", "en", "fa"} <= set(reached), reached
        assert reached[-1] == "editions-search-input", reached
        # The focus is seen: a ring of at least 2 px.
        page.focus("a.editions-switch[hreflang='fa']")
        ring = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
        assert float(ring.removesuffix("px")) >= 2
        page.keyboard.press("Enter")
        page.wait_for_url(f"{server}/fa/{CHAPTER}")
        # A note's preview by keyboard: Enter opens it with the focus in it, Escape returns.
        page.focus("#fnref-26")
        page.keyboard.press("Enter")
        page.locator(".editions-note-preview").wait_for(state="visible")
        assert page.evaluate("document.activeElement.classList.contains('editions-note-preview')")
        assert page.get_attribute(".editions-note-preview", "role") == "dialog"
        page.keyboard.press("Escape")
        page.locator(".editions-note-preview").wait_for(state="hidden")
        assert page.evaluate("document.activeElement.id") == "fnref-26"
        assert page.evaluate("location.hash") == ""
    finally:
        context.close()


SEARCH_CASES = [
    ("az", "tebriz", "Təbriz"), ("az", "Tebriz", "Təbriz"), ("az", "Təbrizdə", "Təbriz"),
    ("az", "TƏBRİZ", "Təbriz"), ("fa", "تبريز", "تبریز"), ("fa", "انها", None),
    ("ru", "Тебризе", "Тебриз"), ("fa", "می‌شود", None),
]


def search_results(page: Any) -> list[dict[str, Any]]:
    page.wait_for_selector("#search-results[data-state='done']", timeout=20_000)
    return list(page.evaluate("""() => [...document.querySelectorAll('ul.search > li')].map(li => ({
        href: li.querySelector('a').getAttribute('href'),
        sections: [...li.querySelectorAll('.editions-section-hit')].map(a => a.textContent),
        marks: [...li.querySelectorAll('p.context mark')].map(m => m.textContent),
        context: (li.querySelector('p.context') || {}).textContent || ''}))"""))


@pytest.mark.parametrize(("code", "query", "section"), SEARCH_CASES)
def test_search_forgives_and_marks_the_right_letters(browser: Any, server: str, site: Path,
                                                     code: str, query: str,
                                                     section: str | None) -> None:
    must, may = expect(site, code, query)
    language = SEARCH_LANGUAGES[code]({})
    terms = [language.stem(w) for w in language.split(query)]
    texts = page_texts(site, code)
    context = reader(browser, DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{server}/{code}/search.html?q={quote(query)}")
        results = search_results(page)
        found = {r["href"].split("?")[0].split("#")[0].removeprefix("./") for r in results}
        assert must and must <= found <= may, (query, must, found)
        # The count, in the edition's own words and digits.
        count = get_language(code).number(len(found))
        assert count in page.inner_text(".search-summary"), page.inner_text(".search-summary")
        for result in results:
            assert result["marks"], result
            for mark in result["marks"]:
                # Each mark is a whole word of the text that matches: not shifted by a letter.
                words = [language.stem(w) for w in language.split(mark)]
                assert len(words) == 1 and any(words[0].startswith(t) or
                                               language.split(mark)[0].startswith(t)
                                               for t in terms), (mark, terms)
            # The snippet is cut at words: it begins and ends with whole words of the page.
            snippet = result["context"].removeprefix("… ").removesuffix(" …")
            page_text = re.sub(r"\s+", " ", texts[result["href"].split("?")[0].split("#")[0]
                                                 .removeprefix("./")])
            first, last = snippet.split(" ")[0], snippet.split(" ")[-1]
            assert re.search(rf"(^|\s){re.escape(first)}", page_text), first
            assert re.search(rf"{re.escape(last)}(\s|$)", page_text), last
        if section:
            assert any(section in r["sections"] for r in results), results
        if code == "az" and query == "tebriz":
            shoot(page, "az-search-1440")
        if code == "fa" and query == "تبريز":
            page.set_viewport_size(PHONE)
            shoot(page, "fa-search-390")
        # The first result opens at its first match, marked.
        page.click("ul.search > li > a:first-child")
        page.wait_for_selector("mark.editions-first-match")
        assert in_view_below_header(page, "mark.editions-first-match")
    finally:
        context.close()


def test_print_of_a_persian_chapter_keeps_every_line_inside_the_page(
        browser: Any, server: str, tmp_path: Path) -> None:
    context = reader(browser, DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{server}/fa/{CHAPTER}")
        page.wait_for_load_state("networkidle")
        # What the page shows to read (the notes' menus of other editions are not printed).
        text = page.evaluate("""() => { const main = document.getElementById('furo-main-content')
            .cloneNode(true);
          for (const e of main.querySelectorAll('.editions-note-menu, .headerlink')) e.remove();
          return main.textContent; }""")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pdf = ARTIFACTS / "fa-chapter-print.pdf"
        page.pdf(path=str(pdf), format="A4")
    finally:
        context.close()
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)
    assert pages
    printed = []
    for width, height, words in pages:
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r'([^<]*)</word>', words):
            assert float(x0) >= 0 and float(x1) <= float(width), (word, x0, x1, width)
            assert float(y0) >= 0 and float(y1) <= float(height), (word, y0, y1, height)
            printed.append(word)
    # Every Persian letter of the chapter is printed (none cut at the page's edge),
    # and no chrome is: the switcher's names, the notes' menus.
    letters = lambda s: sorted(c for c in s if "\u0600" <= c <= "\u06ff" and c.isalpha())  # noqa: E731
    assert len(letters("".join(printed))) >= 0.99 * len(letters(text))
    plain = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    for chrome in ("Azərbaycanca", "Русский", "همین یادداشت در ویراست‌های دیگر"):
        assert chrome not in plain, chrome


def line_lengths(page: Any) -> list[float]:
    """Characters per line of the text's long paragraphs, as laid out."""
    return list(page.evaluate("""() =>
      [...document.querySelectorAll('#furo-main-content section > p')]
      .map(p => { const r = document.createRange(); r.selectNodeContents(p);
        const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
        return [p.textContent.length, tops.size]; })
      .filter(([n, lines]) => lines >= 4).map(([n, lines]) => n / lines)"""))


@pytest.mark.parametrize("code", ["en", "az", "ru"])
def test_desktop_lines_hold_60_to_75_characters(browser: Any, server: str, code: str) -> None:
    context = reader(browser, DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{server}/{code}/{CHAPTER}")
        lengths = line_lengths(page)
        assert lengths
        average = sum(lengths) / len(lengths)
        assert 60 <= average <= 75, (code, average)
    finally:
        context.close()


def test_dark_scheme_follows_the_system_and_the_toggle(browser: Any, server: str) -> None:
    context = reader(browser, DESKTOP, scheme="dark")
    try:
        page = context.new_page()
        page.goto(f"{server}/az/{CHAPTER}")
        background = "getComputedStyle(document.body).backgroundColor"
        dark = page.evaluate(background)
        shoot(page, "az-chapter-1440-dark")
        page.click(".theme-toggle-content .theme-toggle")  # auto -> the other scheme
        page.wait_for_function(f"{background} !== '{dark}'")
        assert page.evaluate("document.body.dataset.theme") in ("light", "dark")
    finally:
        context.close()


# --- accessibility: every page, both widths, both schemes ---------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def every_page(site: Path) -> list[str]:
    pages = ["index.html"]
    for code in EDITIONS:
        pages += sorted(f"{code}/{p.name}" for p in (site / code).glob("*.html"))
    pages += [f"az/search.html?q={quote('tebriz')}", f"fa/search.html?q={quote('تبريز')}"]
    return pages


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1440"])
def test_axe_finds_no_violation_on_any_page(browser: Any, server: str, site: Path,
                                           size: dict[str, int], scheme: str) -> None:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run 'npm ci' in {REPO} (make setup does)")
    context = reader(browser, size, scheme=scheme)
    found = {}
    try:
        page = context.new_page()
        for address in every_page(site):
            page.goto(urljoin(f"{server}/", address))
            page.wait_for_load_state("networkidle")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
                " resultTypes: ['violations']})).violations.map(v => [v.id,"
                " v.nodes.slice(0, 3).map(n => n.target.join(' '))])", AXE_TAGS)
            if violations:
                found[address] = violations
    finally:
        context.close()
    assert found == {}


def test_landing_page_has_its_open_graph_tags(site: Path) -> None:
    landing = (site / "index.html").read_text(encoding="utf-8")
    meta = dict(re.findall(r'<meta (?:property|name)="([\w:]+)" content="([^"]*)"', landing))
    assert meta["og:locale"] == "en_US" and meta["og:title"]
    for code in EDITIONS:
        assert get_language(code).autonym in meta["description"]
    alternates = re.findall(r'<meta property="og:locale:alternate" content="(\w+)"', landing)
    assert sorted(a.split("_")[0] for a in alternates) == ["az", "fa", "ru"]


@pytest.mark.parametrize("code", EDITIONS)
def test_no_page_scrolls_sideways_on_a_small_phone(browser: Any, server: str, site: Path,
                                                   code: str) -> None:
    context = reader(browser, {"width": 320, "height": 640}, touch=True)
    try:
        page = context.new_page()
        for path in sorted((site / code).glob("*.html")):
            page.goto(f"{server}/{code}/{path.name}")
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, path.name
            # The title reads in the first screen, not filling it.
            height = page.evaluate("document.querySelector('main h1').getBoundingClientRect()"
                                   ".height")
            assert height < 640 / 2, (path.name, height)
    finally:
        context.close()


@pytest.mark.parametrize("code", EDITIONS)
def test_print_sets_the_text_at_a_readable_size_without_chrome(browser: Any, server: str,
                                                               code: str) -> None:
    context = reader(browser, DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{server}/{code}/{CHAPTER}")
        page.emulate_media(media="print")
        size = page.evaluate("parseFloat(getComputedStyle("
                             "document.querySelector('#furo-main-content p')).fontSize)")
        assert size >= 14.6, (code, size)  # 11 pt
        for chrome in (".editions-bar", ".editions-note-menu", ".sidebar-drawer", ".toc-drawer",
                       ".related-pages"):
            assert page.evaluate(f"getComputedStyle(document.querySelector('{chrome}')).display")\
                == "none", chrome
    finally:
        context.close()
