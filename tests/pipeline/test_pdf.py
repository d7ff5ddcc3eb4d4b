"""PDF editions through the command: what goes wrong is said with file, line and remedy."""

from __future__ import annotations

from pathlib import Path

from editions import languages
from editions.pipeline.tools.lualatex import PassesResult
from editions.pipeline.tools.typeset import latex_errors, missing_characters
from editions.project import Project
from tests.pipeline.conftest import make_pdf, make_project


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
    # Georgian has a Noto family Debian ships: the advice names it, and its package.
    assert "install fonts-noto-core" in georgian and "Noto Serif Georgian" in georgian
    assert "name a font that has it" in georgian
    assert "ə (U+0259)" in schwa and "NotoNaskhArabic" in schwa
    assert "fonts-noto-core" in schwa


def test_a_latex_error_points_at_its_line_and_says_what_to_do(tmp_path: Path) -> None:
    tex = tmp_path / "sample.tex"
    log = "./sample.tex:42: Undefined control sequence.\nl.42 \\foo\n"
    result = PassesResult(returncode=12, output="", seconds=1.0)
    (problem,) = latex_errors(log, tex, result)
    assert problem.startswith(f"{tmp_path}/sample.tex:42: Undefined control sequence. — ")
    assert "simplify it" in problem and "sample.log" in problem
    (fallback,) = latex_errors("", tex, PassesResult(2, "! Emergency stop.\n"
                                                       "*** (job aborted, no legal \\end found)",
                                                    1.0))
    assert fallback.startswith(f"{tex}:0: LuaLaTeX failed (exit 2): ! Emergency stop.")
    assert f"run lualatex sample.tex in {tmp_path}" in fallback


def test_a_missing_font_names_language_font_and_package(tmp_path: Path) -> None:
    root = make_project(tmp_path, "test-pdf-fa")
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('editions_language_overrides = {"fa": {"fonts": {"Arab": "No Such Naskh"}}}\n')
    pdf, problems = make_pdf(root, "fa")
    assert pdf is None
    (problem,) = problems
    assert problem.startswith("fa: ")
    assert "'No Such Naskh'" in problem and "Arabic" in problem
    assert "fonts-noto-core" in problem and "Noto Naskh Arabic" in problem


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
