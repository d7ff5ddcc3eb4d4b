"""PDF editions: real LuaLaTeX builds, read back with pypdf and pdftotext."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from sphinx.testing.util import SphinxTestApp
from sphinx.util.docutils import docutils_namespace, patch_docutils

from conftest import copy_publication
from editions import languages
from editions.cli import main
from editions.ext.latex_language import azerbaijani_patterns, babel_setup
from editions.pipeline.tools.latexmk import (
    LatexmkResult,
    latex_errors,
    missing_characters,
    run_latexmk,
)
from editions.project import Project
from editions.text.bidi import find_runs

needs_tex = pytest.mark.skipif(
    not (shutil.which("latexmk") and shutil.which("lualatex") and shutil.which("pdftotext")),
    reason="TeX Live (latexmk, lualatex) and poppler-utils are not installed")


# --- the pieces ------------------------------------------------------------


def runs_of(text: str, outer: str) -> list[str]:
    return [text[r.start:r.end] for r in find_runs(text, outer)]


@pytest.mark.parametrize(("text", "outer", "expected"), [
    # A Persian sentence ends with its own full stop, after the Latin word.
    ("این گزارش در سایت amnesty.org است.", "Arab", ["amnesty.org"]),
    ("خبر از Baku.", "Arab", ["Baku"]),
    # Quotation marks and brackets around the title go with it.
    ("با عنوان «Prisoner of Conscience» نوشت.", "Arab", ["«Prisoner of Conscience»"]),
    ("گزارش “Karabakh is ours!” بود.", "Arab", ["“Karabakh is ours!”"]),
    ("منبع (Amnesty International).", "Arab", ["(Amnesty International)"]),
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
    assert re.search(r"\\babelprovide\[import, main, [^]]*maparabic[^]]*\]\{persian\}", fa)
    assert r"\babelfont[persian]{rm}[Renderer=HarfBuzz" in fa
    for babel, font in (("english", "Noto Serif"), ("russian", "Noto Serif"),
                        ("armenian", "Noto Serif Armenian")):
        assert rf"\babelfont[{babel}]{{rm}}[RawFeature={{fallback=editions}}]{{{font}}}" in fa
    az = babel_setup(languages.get_language("az"))
    assert r"\babelprovide[import, main, onchar=ids fonts letters, hyphenrules=turkish]" \
           r"{azerbaijani}" in az
    assert r"\babelpatterns[azerbaijani]{2ə1 1q1 1x1" in az
    assert "maparabic" not in az and "layout=" not in az
    ru = babel_setup(languages.get_language("ru"))
    assert r"\babelprovide[import, main, onchar=ids fonts letters]{russian}" in ru
    assert r"\babelprovide[import, onchar=ids fonts letters]{english}" in ru


def test_azerbaijani_patterns_break_around_its_own_letters() -> None:
    patterns = azerbaijani_patterns().split()
    assert {"2ə1", "1q1", "1x1", "2qx", "2nq", "ə3a2", "a3ə2"} <= set(patterns)
    assert "2bc" not in patterns  # Turkish's own patterns have those


def test_a_missing_character_names_character_font_and_what_to_install(tmp_path: Path) -> None:
    root = make_project(tmp_path, "test-pdf-fa")
    log = ("Missing character: There is no ა (U+10D0) in font "
           "NotoSerif:mode=node;script=latn;language=dflt;fallback=editions;!\n"
           "Missing character: There is no ə (U+0259) in font NotoNaskhArabic:mode=harf;!\n")
    problems = missing_characters(log, Project.load(root), languages.get_language("fa"),
                                  root / "sample.tex")
    assert len(problems) == 2
    georgian, schwa = problems
    assert "ა (U+10D0)" in georgian and "NotoSerif" in georgian
    assert "install a font that has it" in georgian
    assert "ə (U+0259)" in schwa and "NotoNaskhArabic" in schwa
    assert "fonts-noto-core" in schwa


def test_a_latex_error_points_at_its_line_and_says_what_to_do(tmp_path: Path) -> None:
    tex = tmp_path / "sample.tex"
    log = "./sample.tex:42: Undefined control sequence.\nl.42 \\foo\n"
    result = LatexmkResult(returncode=12, output="", seconds=1.0)
    (problem,) = latex_errors(log, tex, result)
    assert problem.startswith(f"{tmp_path}/sample.tex:42: Undefined control sequence. — ")
    assert "simplify it" in problem and "sample.log" in problem
    (fallback,) = latex_errors("", tex, LatexmkResult(2, "Latexmk: Errors, so I did not "
                                                        "complete making targets", 1.0))
    assert fallback.startswith(f"{tex}:0: latexmk failed (exit 2)") and "latexmk -lualatex" \
        in fallback


@needs_tex
def test_a_missing_font_names_language_font_and_package(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, "test-pdf-fa")
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('editions_language_overrides = {"fa": {"fonts": {"Arab": "No Such Naskh"}}}\n')
    pdf, problems = make_pdf(root, "fa")
    assert pdf is None
    (problem,) = problems
    assert problem.startswith("fa: ")
    assert "'No Such Naskh'" in problem and "Arabic" in problem
    assert "fonts-noto-core" in problem and "Noto Naskh Arabic" in problem


def make_pdf(root: Path, code: str) -> tuple[Path | None, list[str]]:
    """One edition's PDF through the editions command: the PDF, or None, and the problems."""
    main(["--project", str(root), "build", "-l", code, "-f", "pdf"])
    data = json.loads((root / "_build/site/editions.json").read_text(encoding="utf-8"))
    entry = next(e for e in data["editions"] if e["language"] == code)
    record = entry["formats"]["pdf"]
    pdf = root / "_build/site" / entry["pdf"] if record["status"] == "ok" else None
    return pdf, list(record["problems"])


# --- sample editions, built with Sphinx's test application and latexmk -----


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


def build_sample(rootdir: Path, tmp: Path, name: str, language: str) -> Built:
    srcdir = tmp / name
    shutil.copytree(rootdir / f"test-{name}", srcdir)
    # As sphinx-build does: Sphinx's docutils patches quiet docutils' own
    # "language not supported" warning (docutils knows no az).
    with patch_docutils(srcdir), docutils_namespace():
        app = SphinxTestApp("latex", srcdir=srcdir, confoverrides={"language": language})
        try:
            app.build()
        finally:
            app.cleanup()
    tex = app.outdir / "sample.tex"
    result = run_latexmk(tex)
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, result.output[-3000:]
    return Built(tex, tex.with_suffix(".pdf"), log, app.warning.getvalue())


@pytest.fixture(scope="module")
def fa_sample(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_sample(rootdir, tmp_path_factory.mktemp("pdf"), "pdf-fa", "fa")


@pytest.fixture(scope="module")
def az_sample(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_sample(rootdir, tmp_path_factory.mktemp("pdf"), "pdf-az", "az")


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


@needs_tex
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
    assert "۲۰۲۴" in fa_sample.text(0)  # the date, in Persian digits


@needs_tex
def test_persian_sample_embeds_a_font_for_every_script(fa_sample: Built) -> None:
    embedded = fonts(fa_sample.reader)
    names = " ".join(embedded)
    for family in ("NotoNaskhArabic", "NotoSerif-", "NotoSerifArmenian"):
        assert family in names
    assert all(is_embedded(font) for font in embedded.values()), names
    assert "Missing character" not in fa_sample.log


@needs_tex
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


@needs_tex
def test_persian_sample_numbers_notes_with_persian_digits(fa_sample: Built) -> None:
    page = fa_sample.text(fa_sample.page_of("fn-26"))
    assert "۲۶" in page and "۱۲" in page and "۸" in page
    assert not re.search(r"[0-9]", page.replace("amnesty.org", "").replace("1news", ""))
    # The source's labels, in ASCII, are what LaTeX counts by.
    assert r"\begin{footnote}[26]" in fa_sample.source


@needs_tex
def test_persian_sample_isolates_every_foreign_run(fa_sample: Built) -> None:
    source = fa_sample.source
    # The Persian sentence keeps its full stop; the Latin word is isolated.
    assert r"در سایت \foreignlanguage{english}{amnesty.org} است." in source
    assert r"با عنوان \foreignlanguage{english}{«Prisoner of Conscience»} از آن" in source
    # A note all in another direction is one run, final full stop and all.
    assert (r"\foreignlanguage{english}{Abbas Lisani\sphinxhyphen{} Prisoner of Conscience"
            r" / Amnesty International.}") in source
    assert (r"\foreignlanguage{armenian}{Սելֆի Իրանի հայ համայնքի հետ՝ «Արարատ» ակումբում:)"
            r" / \foreignlanguage{english}{Nikol Paşinyanın rəsmi feysbuk hesabı}}") in source
    assert r"\foreignlanguage{russian}{СМИ: В Иране" in source
    assert r"\foreignlanguage{english}{1news.az}}" in source
    # Such a note is a left-to-right paragraph; a Persian one stays right to left.
    for label in ("3", "8", "11"):
        assert rf"{{fnref-{label}}}\editionsnotedirection{{0}}%" in source
    for label in ("1", "12", "26"):
        assert rf"{{fnref-{label}}}%" in source


@needs_tex
def test_persian_sample_sets_the_photo_caption_apart(fa_sample: Built) -> None:
    assert r"\begin{editionsphoto}" in fa_sample.source
    assert r"\begin{figure}" not in fa_sample.source
    text = fa_sample.text(fa_sample.page_of("fn-26"))
    assert "سپتامبر" in text and "۲۰۲۰" in text


@needs_tex
def test_persian_sample_text_extracts_as_letters(fa_sample: Built) -> None:
    text = fa_sample.text()
    assert "تبریز شهری است" in text
    assert "از باکو رسید" in text
    assert not PRESENTATION_FORMS.search(text)


@needs_tex
def test_azerbaijani_sample_with_a_persian_note(az_sample: Built) -> None:
    assert az_sample.warnings == ""
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


# --- a character no font has -------------------------------------------------


def make_project(tmp: Path, root_name: str) -> Path:
    """A publication laid out as ``editions`` expects it, from a test root."""
    roots = Path(__file__).parent / "roots" / root_name
    project = tmp / root_name
    (project / "source").mkdir(parents=True)
    for item in roots.iterdir():
        if item.name == "conf.py":
            shutil.copy2(item, project / item.name)
        elif item.name == "locale":
            shutil.copytree(item, project / "locale")
        elif item.suffix == ".md":
            shutil.copy2(item, project / "source" / item.name)
    return project


@needs_tex
def test_a_character_no_font_has_fails_the_edition_and_says_where(tmp_path: Path) -> None:
    root = make_project(tmp_path, "test-pdf-fa")
    chapter = root / "source" / "chapter.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "[^12]: Twelfth note.", "[^12]: Twelfth note, from Tbilisi (თბილისი)."),
        encoding="utf-8")
    pdf, problems = make_pdf(root, "en")
    assert pdf is None
    assert any(p.startswith("source/chapter.md:17: missing character თ (U+10D7)")
               and "in the en PDF" in p and "install" in p for p in problems), problems


# --- the real publication ----------------------------------------------------


@needs_tex
@pytest.mark.slow
def test_real_persian_and_azerbaijani_pdfs(tmp_path: Path) -> None:
    from editions.pipeline.build import build

    root = copy_publication(tmp_path / "publication")
    project = Project.load(root)
    report = build(project, formats=["pdf"], languages=["fa", "az"])
    assert report.ok, report.as_dict()
    manifest = json.loads((project.site_dir / "editions.json").read_text(encoding="utf-8"))
    for entry in manifest["editions"]:
        if entry["language"] in ("fa", "az"):
            assert entry["pdf"] == f"{entry['language']}/{project.basename}.pdf"
            assert entry["formats"]["pdf"]["status"] == "ok"
    for code in ("fa", "az"):
        tex = project.build_dir / "work" / code / "latex" / f"{project.basename}.tex"
        built = Built(tex, project.site_dir / code / f"{project.basename}.pdf",
                      tex.with_suffix(".log").read_text(encoding="utf-8"), "")
        reader = built.reader
        assert reader.trailer["/Root"]["/Lang"] == code
        assert reader.metadata is not None and reader.metadata.title == project.title(code)
        assert all(is_embedded(font) for font in fonts(reader).values())
        assert "Missing character" not in built.log
        notes = [n for n in reader.named_destinations if re.fullmatch(r"fn-\d+", n)]
        assert sorted(int(n[3:]) for n in notes) == list(range(1, 88))
        # The Armenian, Persian and Russian source titles, each beside its mark.
        for label, words in (("8", "Սելֆի Իրանի հայ"), ("10", "بازداشت سه تن"),
                             ("11", "СМИ: В Иране")):
            page = built.page_of(f"fn-{label}")
            assert built.page_of(f"fnref-{label}") == page
            assert words in built.text(page)
        assert not PRESENTATION_FORMS.search(built.text())
