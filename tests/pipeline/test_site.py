"""The reader's site: switching editions, search in each language, downloads, accessibility.

The browser tests run headless Chromium (Debian's, never a downloaded one) through
Playwright on the real publication's HTML, served on 127.0.0.1 or opened from disk.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, urljoin

import pytest
from sphinx.search import SearchLanguage
from sphinx.search.ru import SearchRussian
from sphinx.testing.util import SphinxTestApp

from conftest import REPO
from editions.ext.search import AZERBAIJANI, PERSIAN, SearchAzerbaijani, SearchPersian
from editions.languages import get_language
from editions.pipeline import site as site_module
from editions.project import Project
from editions.text.bidi import html_runs
from editions.text.scripts import run_language, script_of

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
EDITIONS = ("az", "en", "fa", "ru")
CHAPTER = "tovuz-clashes.html"  # has note 26 in every edition
ALABASTER = {"html_theme": "alabaster"}
DOWNLOADS_SCRIPT = site_module.DOWNLOADS_SCRIPT
SEARCH_LANGUAGES: dict[str, type[SearchLanguage]] = {
    "fa": SearchPersian, "az": SearchAzerbaijani, "ru": SearchRussian}

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                    reason="Chromium is not installed: run "
                                           "scripts/install-system.sh (Debian package chromium)")


# --- fixtures -------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(built_publication: Path) -> Path:
    return built_publication / "_build" / "site"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The site as any web server serves it, on a free port of 127.0.0.1."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed: run scripts/install-system.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


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
    # A reader's click where the link is: the bar stays in view (no scrolling back up).
    box = page.locator("a.editions-switch[hreflang='en']").bounding_box()
    assert box is not None and page.evaluate("window.scrollY") > 0
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"{server}/en/{CHAPTER}#{section}")


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
    for text in ("<h3>Naviqasiya</h3>", "Sürətli axtarış", 'value="Axtar"',
                 'aria-label="Nəşrlər"', 'title="Bu başlığa keçid"',
                 'aria-label="Naviqasiya"', "Bu qeyd digər nəşrlərdə"):
        assert text in chapter, text
    for english in (">Navigation<", "Quick search", 'value="Go"', "Link to this heading",
                    'aria-label="Main"', 'aria-label="Editions"'):
        assert english not in chapter, english
    search = (site / "az" / "search.html").read_text(encoding="utf-8")
    assert "<h1 id=\"search-documentation\">Axtarış</h1>" in search
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
    assert f'>{download}</a>' in chapter


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
        assert f'<html lang="{code}" dir="{get_language(code).direction}"' in html, path
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
    assert html_runs("2024, Rəcəb Həsənbəyli", fa) == (
        '<bdi lang="az" dir="ltr">2024, Rəcəb Həsənbəyli</bdi>')
    assert html_runs("Author <b> رجب", en) == (
        'Author &lt;b&gt; <bdi lang="fa" dir="rtl">رجب</bdi>')
    assert html_runs("Plain", en) == "Plain"


# --- the doctree's writers: photos, runs, notes (sample projects) ---------------------


@pytest.mark.sphinx("html", testroot="basic", confoverrides={**ALABASTER, "language": "fa"})
def test_photo_caption_is_closed_and_has_no_permalink(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "chapter.html").read_text(encoding="utf-8")
    assert app.warning.getvalue() == ""
    figure = re.search(r'<figure class="photo[^>]*>(.*?)</figure>', html, re.S)
    assert figure is not None
    assert figure.group(1).count("<figcaption>") == figure.group(1).count("</figcaption>") == 1
    assert "headerlink" not in figure.group(1)
    assert "تبریز، سپتامبر ۲۰۲۰." in figure.group(1)
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
    for web_only in ("<script", DOWNLOADS_SCRIPT, "editions-note-links",
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
        body = re.search(r'(?s)<div class="body" role="main">(.*?)<div class="sphinxsidebar"',
                         html)
        texts[path.name] = re.sub(r"<[^>]+>", " ", body.group(1) if body else html)
    return texts


def search(page: Any, server: str, code: str, query: str) -> list[str]:
    """Type ``query`` into the edition's search page; the pages it finds."""
    page.goto(f"{server}/{code}/search.html")
    page.fill("form input[name='q']", query)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    page.wait_for_function("document.querySelector('#search-results .search-summary')"
                           " && document.querySelector('#search-results .search-summary')"
                           ".textContent.length > 0", timeout=20_000)
    hrefs = page.eval_on_selector_all("ul.search li > a", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        # Results stay in the edition searched.
        assert href.startswith(f"{server}/{code}/"), href
        found.append(href.removeprefix(f"{server}/{code}/").split("#")[0])
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
    assert found == {n for n, t in texts.items() if re.search(r"\bİranın\b", t)}


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
        in_js = page.evaluate("(s) => splitQuery(s).map(w => w.toLowerCase())", sample)
        assert in_js == [python.stem(w) for w in python.split(sample)], sample
        assert in_js == [w for w in re.split(r"\W+", folding.fold(sample)) if w], sample


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
    page.wait_for_selector(".editions-downloads a[type='application/pdf']")
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


def test_without_javascript_download_leads_to_the_edition_on_the_front_page(
        browser: Any, site: Path, tmp_path: Path) -> None:
    project, _ = _site_with_books(site, tmp_path)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((project.site_dir / "fa" / CHAPTER).as_uri())
        page.click(".editions-downloads a")
        assert page.url == (project.site_dir / "index.html").as_uri() + "#edition-fa"
        assert page.is_visible(f"#edition-fa a[href='fa/{project.basename}.epub']")
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
    body = page.evaluate(rect, "div.body")
    sidebar = page.evaluate(rect, "div.sphinxsidebar")
    assert sidebar[0] >= body[1] - 1, "the sidebar is on the right"
    label = page.evaluate(rect, "#fn-26 > span.label")
    text = page.evaluate(rect, "#fn-26 > p")
    assert (label[0] + label[1]) / 2 > text[1], "a note's number is on its right"
    switcher = page.evaluate(rect, ".editions-switcher li")
    assert switcher[1] > 640, "the switcher starts on the right"
    fonts = page.evaluate("getComputedStyle(document.querySelector('div.body h1')).fontFamily")
    assert "Noto Naskh Arabic" in fonts
    # On a phone the sidebar follows the text, full width.
    page.set_viewport_size({"width": 390, "height": 844})
    body, sidebar = page.evaluate(rect, "div.body"), page.evaluate(rect, "div.sphinxsidebar")
    top = "(s) => document.querySelector(s).getBoundingClientRect().top"
    assert page.evaluate(top, "div.sphinxsidebar") > page.evaluate(top, "div.body")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


# --- accessibility ----------------------------------------------------------------------


def axe_violations(page: Any) -> list[dict[str, Any]]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run 'npm ci' in {REPO} (make setup does)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, "
                           "{resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("address", ["index.html", *(f"{code}/{CHAPTER}" for code in EDITIONS),
                                     f"fa/search.html?q={quote('کنسولگری')}"])
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_serious_violation(page: Any, server: str, address: str,
                                        width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(urljoin(f"{server}/", address))
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
