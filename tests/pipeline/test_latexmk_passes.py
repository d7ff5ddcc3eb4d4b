"""latexmk's rerun decision on an edition's kept LaTeX folder: one LuaLaTeX pass when
the layout did not move, as many as it takes when it did, and the PDF right each time."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from editions.pipeline.tools.latexmk import LatexmkResult, run_latexmk
from tests.conftest import ROOTS
from tests.pipeline.conftest import make_pdf, make_project


def book(tmp_path: Path) -> Path:
    folder = tmp_path / "latex"
    folder.mkdir()
    shutil.copy2(ROOTS / "latexmk-passes" / "passes.tex", folder)
    return folder / "passes.tex"


def typeset(tex: Path) -> tuple[LatexmkResult, str]:
    result = run_latexmk(tex)
    assert result.returncode == 0, result.output
    text = subprocess.run(["pdftotext", "-layout", str(tex.with_suffix(".pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    return result, text


def edit(tex: Path, old: str, new: str) -> None:
    text = tex.read_text(encoding="utf-8")
    assert old in text
    tex.write_text(text.replace(old, new), encoding="utf-8")


def toc_page(text: str, title: str) -> int:
    """The page the table of contents gives for ``title``."""
    match = re.search(rf"{title}[ .]*(\d+)", text)
    assert match, text
    return int(match[1])


def test_the_first_build_drafts_once_then_typesets_once(tmp_path: Path) -> None:
    tex = book(tmp_path)
    result, text = typeset(tex)
    assert result.draft and result.passes == 2
    assert toc_page(text, "Second section") == 2
    assert "starts on page 2." in text


def test_an_unchanged_book_takes_no_pass(tmp_path: Path) -> None:
    tex = book(tmp_path)
    typeset(tex)
    result, text = typeset(tex)
    assert not result.draft and result.passes == 0
    assert "starts on page 2." in text


def test_a_change_that_moves_nothing_takes_one_pass(tmp_path: Path) -> None:
    tex = book(tmp_path)
    typeset(tex)
    edit(tex, "a WORD to change", "a TERM to change")
    result, text = typeset(tex)
    assert not result.draft and result.passes == 1
    assert "a TERM to change" in text and "WORD" not in text
    assert toc_page(text, "Second section") == 2 and "starts on page 2." in text


def test_a_change_that_moves_pages_is_typeset_until_the_references_settle(
        tmp_path: Path) -> None:
    tex = book(tmp_path)
    typeset(tex)
    edit(tex, "% MOVE:", "\\null\\clearpage % MOVE:")
    edit(tex, "\\section{Second section}", "\\section{Second, moved section}")
    result, text = typeset(tex)
    assert not result.draft and result.passes >= 2
    assert toc_page(text, "Second, moved section") == 3
    assert "starts on page 3." in text


def test_a_msgstr_edit_reaches_the_pdf_typeset_on_the_kept_aux(tmp_path: Path) -> None:
    root = make_project(tmp_path, "test-pdf-fa")
    first, problems = make_pdf(root, "fa")
    assert first is not None, problems
    aux = root / "_build/work/fa/latex/sample.aux"
    kept = aux.read_bytes()
    po = root / "locale/fa/LC_MESSAGES/chapter.po"
    po.write_text(po.read_text(encoding="utf-8").replace("تبریز، سپتامبر", "تبریز، مهر"),
                  encoding="utf-8")
    pdf, problems = make_pdf(root, "fa")
    assert pdf is not None, problems
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "مهر" in text and "سپتامبر" not in text
    assert aux.read_bytes() == kept  # the layout did not move: latexmk needed one pass


def test_a_font_cache_rewritten_by_another_run_is_no_reason_to_typeset_again(
        tmp_path: Path) -> None:
    folder = tmp_path / "latex"
    folder.mkdir()
    for name in ("cache.tex", "lookup-cache.luc"):
        shutil.copy2(ROOTS / "latexmk-passes" / name, folder)
    tex = folder / "cache.tex"
    first = run_latexmk(tex)
    assert first.returncode == 0 and "lookup-cache.luc" in tex.with_suffix(".fls").read_text()
    (folder / "lookup-cache.luc").write_text("% rewritten by another LuaLaTeX\n")
    again = run_latexmk(tex)
    assert again.returncode == 0 and again.passes == 0, again.output
    assert (folder / "latexmk.log").read_text().startswith("editions: 0 LuaLaTeX pass(es)")
