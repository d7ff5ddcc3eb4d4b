"""PDF editions: real LuaLaTeX builds, read back with pypdf and pdftotext."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sphinx.testing.util import SphinxTestApp

from editions import languages
from editions.ext.latex_language import babel_setup
from editions.languages import azerbaijani_patterns
from editions.pipeline.tools.lualatex import run_passes
from editions.text.bidi import find_runs
from tests.books import PRESENTATION_FORMS, Built, fonts, is_embedded

# --- the pieces ------------------------------------------------------------


def runs_of(text: str, outer: str) -> list[str]:
    return [text[r.start:r.end] for r in find_runs(text, outer)]


@pytest.mark.parametrize(("text", "outer", "expected"), [
    # A Persian sentence ends with its own full stop, after the Latin word.
    ("این گزارش در سایت amnesty.org است.", "Arab", ["amnesty.org"]),
    ("خبر از Baku.", "Arab", ["Baku"]),
    # Brackets around the title go with it; the page's quotation marks stay the page's
    # (inside a run of the other direction they would show turned about), the
    # title's own exclamation mark stays the title's.
    ("با عنوان «Prisoner of Conscience» نوشت.", "Arab", ["Prisoner of Conscience"]),
    ("گزارش “Karabakh is ours!” بود.", "Arab", ["Karabakh is ours!"]),
    ("منبع (Amnesty International).", "Arab", ["(Amnesty International)"]),
    ("“تجمع در تهران”. / independentpersian.com", "Latn", ["تجمع در تهران"]),
    ("انتقال کامیونهای روسی از خاک ایران! / iribnews.ir", "Latn",
     ["انتقال کامیونهای روسی از خاک ایران!"]),
    # A bracket opened by the Persian text stays with the Persian text.
    ("(منبع: Amnesty International)", "Arab", ["Amnesty International"]),
    # One run of the other direction, whichever scripts are in it.
    ("СМИ: В Иране / 1news.az", "Arab", ["СМИ: В Иране / 1news.az"]),
    # A Persian title in a Latin note; the rest is the page's own.
    ("بازداشت سه تن از هواداران / araznews.org", "Latn", ["بازداشت سه تن از هواداران"]),
    # An Armenian title keeps its closing signs.
    ("Սելֆի «Արարատ» ակումբում:) / Nikol", "Latn", ["Սելֆի «Արարատ» ակումբում:)"]),
    ("Plain English only.", "Latn", []),
])
def test_runs_of_another_script(text: str, outer: str, expected: list[str]) -> None:
    assert runs_of(text, outer) == expected


def test_a_run_of_the_other_direction_switches_language_inside() -> None:
    (run,) = find_runs("СМИ: В Иране / 1news.az", "Arab")
    assert run.script == "Cyrl"
    assert [("СМИ: В Иране / 1news.az")[r.start:r.end] for r in run.inner] == ["1news.az"]


def test_each_language_gets_babel_fonts_and_digits_from_its_description() -> None:
    fa = babel_setup(languages.get_language("fa"))
    assert "bidi=basic" in fa and "layout=" in fa
    assert re.search(r"\\babelprovide\[import=fa, main, [^]]*maparabic[^]]*\]\{persian\}", fa)
    assert r"\babelfont[persian]{rm}[Renderer=HarfBuzz" in fa
    for babel, font in (("english", "Noto Serif"), ("russian", "Noto Serif"),
                        ("armenian", "Noto Serif Armenian")):
        assert rf"\babelfont[{babel}]{{rm}}[RawFeature={{fallback=editions}}]{{{font}}}" in fa
    az = babel_setup(languages.get_language("az"))
    assert r"\babelprovide[import=az, main, onchar=ids fonts letters, hyphenrules=turkish]" \
           r"{azerbaijani}" in az
    assert r"\babelpatterns[azerbaijani]{2ə1 1q1 1x1" in az
    assert "maparabic" not in az and "layout=" not in az
    ru = babel_setup(languages.get_language("ru"))
    assert r"\babelprovide[import=ru, main, onchar=ids fonts letters]{russian}" in ru
    assert r"\babelprovide[import=en, onchar=ids fonts letters]{english}" in ru


def test_azerbaijani_patterns_break_around_its_own_letters() -> None:
    patterns = azerbaijani_patterns().split()
    assert {"2ə1", "1q1", "1x1", "2qx", "2nq", "ə3a2", "a3ə2"} <= set(patterns)
    assert "2bc" not in patterns  # Turkish's own patterns have those


# --- sample editions, built with Sphinx's test application and LuaLaTeX ----


def sample(root: str, code: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A test on the LaTeX sample ``root`` in ``code``, built and typeset once per module."""
    def mark(test: Callable[..., None]) -> Callable[..., None]:
        test = pytest.mark.sphinx("latex", testroot=root, confoverrides={"language": code})(test)
        return pytest.mark.test_params(shared_result=f"{root}-{code}")(test)
    return mark


persian_sample, azerbaijani_sample = sample("pdf-fa", "fa"), sample("pdf-az", "az")


def typeset(app: SphinxTestApp) -> Built:
    app.build()  # by the module's first test only (shared_result)
    tex = app.outdir / "sample.tex"
    if not tex.with_suffix(".pdf").exists():
        result = run_passes(tex)
        assert result.returncode == 0, result.output[-3000:]
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    return Built(tex, tex.with_suffix(".pdf"), log, app.warning.getvalue())


@pytest.fixture
def fa_sample(app: SphinxTestApp) -> Built:
    return typeset(app)


@pytest.fixture
def az_sample(app: SphinxTestApp) -> Built:
    return typeset(app)


@persian_sample
def test_persian_sample_reads_right_to_left_with_metadata(fa_sample: Built) -> None:
    assert fa_sample.warnings == ""
    reader = fa_sample.reader
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fa"
    assert root["/ViewerPreferences"]["/Direction"] == "/R2L"
    assert reader.metadata is not None
    assert reader.metadata.title == "کتاب نمونه"
    assert reader.metadata.author == "نویسندهٔ نمونه"
    assert [item.title for item in reader.outline if not isinstance(item, list)] == ["فصل یکم"]
    # The cover comes first; the title page dates the book in the Solar Hijri calendar.
    assert "اردیبهشت" in fa_sample.text(1) and "۱۴۰۳" in fa_sample.text(1)


@persian_sample
def test_persian_sample_embeds_a_font_for_every_script(fa_sample: Built) -> None:
    embedded = fonts(fa_sample.reader)
    names = " ".join(embedded)
    for family in ("NotoNaskhArabic", "NotoSerif-", "NotoSerifArmenian"):
        assert family in names
    assert all(is_embedded(font) for font in embedded.values()), names
    assert "Missing character" not in fa_sample.log


@persian_sample
@pytest.mark.parametrize(("label", "words"), [
    ("1", "یادداشت نخست"),
    ("3", "Prisoner of Conscience / Amnesty International."),
    ("8", "Սելֆի Իրանի հայ համայնքի հետ"),
    ("11", "СМИ: В Иране к азербайджанцам"),
    ("26", "یادداشت بیست و ششم"),
])
def test_persian_sample_notes_sit_on_the_page_of_their_mark(fa_sample: Built, label: str,
                                                            words: str) -> None:
    page = fa_sample.page_of(f"fn-{label}")
    assert fa_sample.page_of(f"fnref-{label}") == page
    assert words in fa_sample.text(page)


@persian_sample
def test_persian_sample_numbers_notes_with_persian_digits(fa_sample: Built) -> None:
    page = fa_sample.text(fa_sample.page_of("fn-26"))
    assert "۲۶" in page and "۱۲" in page and "۸" in page
    assert not re.search(r"[0-9]", page.replace("amnesty.org", "").replace("1news", ""))
    # The source's labels, in ASCII, are what LaTeX counts by.
    assert r"\begin{footnote}[26]" in fa_sample.source


@persian_sample
def test_persian_sample_isolates_every_foreign_run(fa_sample: Built) -> None:
    source = fa_sample.source
    # The Persian sentence keeps its full stop; the Latin word is isolated.
    assert r"در سایت \foreignlanguage{english}{amnesty.org} است." in source
    # The page's guillemets stay outside the Latin run (text.bidi).
    assert r"با عنوان «\foreignlanguage{english}{Prisoner of Conscience}» از آن" in source
    # A note all in another direction is one run, final full stop and all.
    assert (r"\foreignlanguage{english}{Abbas Lisani\sphinxhyphen{} Prisoner of Conscience"
            r" / Amnesty International.}") in source
    assert (r"\foreignlanguage{armenian}{Սելֆի Իրանի հայ համայնքի հետ՝ «Արարատ» ակումբում:)"
            r" / \foreignlanguage{english}{Nikol Paşinyanın rəsmi feysbuk hesabı}}") in source
    assert r"\foreignlanguage{russian}{СМИ: В Иране" in source
    assert r"\foreignlanguage{english}{1news.az}}" in source
    # One note layout in the Persian book: every note a right-to-left paragraph (its
    # number on the right), a Latin note's text isolated inside it.
    assert r"\editionsnotedirection" not in source.split(r"\begin{document}")[1]
    for label in ("1", "3", "8", "11", "12", "26"):
        assert rf"{{fnref-{label}}}%" in source


@persian_sample
def test_persian_sample_sets_the_photo_caption_apart(fa_sample: Built) -> None:
    assert r"\begin{editionsphoto}" in fa_sample.source
    assert r"\begin{figure}" not in fa_sample.source
    text = fa_sample.text(fa_sample.page_of("fn-26"))
    assert "سپتامبر" in text and "۲۰۲۰" in text


@persian_sample
def test_persian_sample_text_extracts_as_letters(fa_sample: Built) -> None:
    text = fa_sample.text()
    assert "تبریز شهری است" in text
    assert "از باکو رسید" in text
    assert not PRESENTATION_FORMS.search(text)


@azerbaijani_sample
def test_azerbaijani_sample_with_a_persian_note(az_sample: Built) -> None:
    # docutils knows no az: sphinx-build (and editions build) quiet its notice with Sphinx's
    # patch_docutils; sphinx.testing's application does not. Nothing else is said.
    assert [w for w in az_sample.warnings.splitlines()
            if 'Language "az" not supported' not in w] == []
    reader = az_sample.reader
    assert reader.trailer["/Root"]["/Lang"] == "az"
    assert reader.metadata is not None and reader.metadata.title == "Nümunə kitab"
    embedded = fonts(reader)
    assert all(is_embedded(font) for font in embedded.values())
    assert any("NotoNaskhArabic" in name for name in embedded)
    assert "Missing character" not in az_sample.log
    page = az_sample.page_of("fn-10")
    assert az_sample.page_of("fnref-10") == page
    text = az_sample.text(page)
    assert "بازداشت سه تن از هواداران تیم تراختور" in text
    assert "/ araznews.org" in text
    assert not PRESENTATION_FORMS.search(text)
    assert "İş belə gətirdi ki, Təbrizdə üç azarkeş" in text
    assert "Qarabağda" in text
    assert (r"\foreignlanguage{persian}{بازداشت سه تن از هواداران تیم تراختور در ورزشگاه سهند}"
            r" / araznews.org") in az_sample.source


