"""LuaLaTeX's passes on an edition's kept LaTeX folder: none when nothing changed, one
when the layout did not move, as many as it takes when it did, and the PDF right each
time; a pass begun early (before Sphinx wrote the file) gives the very same PDF, and
one begun on a file that then changed before its body is stopped, harming nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from editions.pipeline.tools import early_pass
from editions.pipeline.tools.lualatex import PassesResult, run_passes
from editions.pipeline.tools.typeset import latex_errors
from tests.conftest import ROOTS
from tests.pipeline.conftest import make_pdf, make_project

EPOCH = "1714521600"  # both ways of typesetting dated alike, so their bytes compare


def book(tmp_path: Path, name: str = "latex") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    shutil.copy2(ROOTS / "lualatex-passes" / "passes.tex", folder)
    return folder / "passes.tex"


def typeset(tex: Path, early: early_pass.EarlyPass | None = None) -> tuple[PassesResult, str]:
    result = run_passes(tex, EPOCH, early)
    assert result.returncode == 0, result.output
    text = subprocess.run(["pdftotext", "-layout", str(tex.with_suffix(".pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    return result, text


def passes_of(tex: Path) -> str:
    return tex.with_name(f"{tex.stem}.passes.txt").read_text(encoding="utf-8")


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
    assert result.draft and result.passes == 2 and not result.early
    assert toc_page(text, "Second section") == 2
    assert "starts on page 2." in text
    assert passes_of(tex).startswith(
        "editions: 2 LuaLaTeX pass(es), the first a draft")


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


def test_a_font_cache_rewritten_by_another_run_is_no_reason_to_typeset_again(
        tmp_path: Path) -> None:
    folder = tmp_path / "latex"
    folder.mkdir()
    for name in ("cache.tex", "lookup-cache.luc"):
        shutil.copy2(ROOTS / "lualatex-passes" / name, folder)
    tex = folder / "cache.tex"
    first = run_passes(tex)
    assert first.returncode == 0 and "lookup-cache.luc" in tex.with_suffix(".fls").read_text()
    (folder / "lookup-cache.luc").write_text("% rewritten by another LuaLaTeX\n")
    again = run_passes(tex)
    assert again.returncode == 0 and again.passes == 0, again.output
    assert (folder / "cache.passes.txt").read_text().startswith("editions: 0 LuaLaTeX pass(es)")


# --- a pass begun early -----------------------------------------------------------


def two_books(tmp_path: Path) -> tuple[Path, Path]:
    """The same book typeset in two folders: one for the early pass, one for an
    ordinary pass to compare with."""
    early, plain = book(tmp_path, "early"), book(tmp_path, "plain")
    typeset(early)
    typeset(plain)
    return early, plain


def book_begun_early(tmp_path: Path) -> tuple[Path, early_pass.EarlyPass]:
    """A book typeset once, and a pass begun early on its LaTeX file."""
    tex = book(tmp_path)
    typeset(tex)
    begun = early_pass.begin(tex, EPOCH)
    assert begun is not None
    return tex, begun


def test_a_pass_begun_early_makes_the_pdf_an_ordinary_pass_makes(tmp_path: Path) -> None:
    tex, plain = two_books(tmp_path)
    begun = early_pass.begin(tex, EPOCH)
    assert begun is not None and begun.head[-1].strip() == "\\tableofcontents"
    for copy in (tex, plain):
        edit(copy, "a WORD to change", "a TERM to change")
    result, text = typeset(tex, early_pass.take(tex, EPOCH))
    assert result.early and result.passes == 1 and not result.draft
    assert "a TERM to change" in text and toc_page(text, "Second section") == 2
    ordinary, _ = typeset(plain)
    assert not ordinary.early and ordinary.passes == 1
    assert tex.with_suffix(".pdf").read_bytes() == plain.with_suffix(".pdf").read_bytes()
    assert tex.with_suffix(".aux").read_bytes() == plain.with_suffix(".aux").read_bytes()
    assert passes_of(tex).startswith(
        "editions: 1 LuaLaTeX pass(es), the first begun early")
    assert not begun.folder.exists()
    # What the pass read is recorded as if it had run here: nothing changed, no pass.
    assert f"PWD {tex.parent}" in tex.with_suffix(".fls").read_text()
    assert typeset(tex)[0].passes == 0


def test_a_pass_begun_early_that_moves_pages_is_followed_by_ordinary_ones(
        tmp_path: Path) -> None:
    tex, _ = book_begun_early(tmp_path)
    edit(tex, "% MOVE:", "\\null\\clearpage % MOVE:")
    result, text = typeset(tex, early_pass.take(tex, EPOCH))
    assert result.early and result.passes >= 2
    assert "starts on page 3." in text


@pytest.mark.parametrize("change", ["preamble", "front matter", "a file beside it"])
def test_a_pass_begun_on_what_then_changed_is_stopped_and_a_fresh_one_runs(
        tmp_path: Path, change: str) -> None:
    tex, begun = book_begun_early(tmp_path)
    aux = tex.with_suffix(".aux").read_bytes()
    if change == "preamble":
        edit(tex, "\\begin{document}", "\\usepackage{xcolor}\n\\begin{document}")
    elif change == "front matter":
        edit(tex, "\\tableofcontents", "\\tableofcontents\\bigskip")
    else:
        (tex.parent / "passes.toc").write_text("% changed beside the file\n")
    edit(tex, "a WORD to change", "a TERM to change")
    result, text = typeset(tex, early_pass.take(tex, EPOCH))
    assert not result.early and result.passes >= 1
    assert "a TERM to change" in text and "starts on page 2." in text
    assert begun.process.poll() is not None and not begun.folder.exists()
    if change != "a file beside it":
        assert tex.with_suffix(".aux").read_bytes() == aux


def test_an_error_in_the_body_of_an_early_pass_is_at_its_line_of_the_latex_file(
        tmp_path: Path) -> None:
    tex, _ = book_begun_early(tmp_path)
    edit(tex, "The end.", "The \\undefinedmacro end.")
    line = next(number for number, text in enumerate(
        tex.read_text(encoding="utf-8").splitlines(), 1) if "undefinedmacro" in text)
    result = run_passes(tex, EPOCH, early_pass.take(tex, EPOCH))
    assert result.early and result.returncode != 0
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    (problem, *_) = latex_errors(log, tex, result)
    assert problem.startswith(f"{tex}:{line}: Undefined control sequence.")


def test_a_pass_nobody_takes_is_stopped_with_its_folder(tmp_path: Path) -> None:
    tex, begun = book_begun_early(tmp_path)
    assert early_pass.begin(tex, EPOCH) is begun  # once a file
    assert early_pass.take(tex, "0") is None  # another date: not this pass
    assert begun.process.poll() is not None and not begun.folder.exists()
    again = early_pass.begin(tex, EPOCH)
    assert again is not None
    early_pass.discard_all()
    assert again.process.poll() is not None and not again.folder.exists()
    assert early_pass.take(tex, EPOCH) is None


def test_no_pass_is_begun_without_an_aux_to_make_it_the_only_one(tmp_path: Path) -> None:
    tex = book(tmp_path)
    assert early_pass.begin(tex, EPOCH) is None


def test_a_msgstr_edit_reaches_the_pdf_in_one_pass_begun_early(tmp_path: Path) -> None:
    root = make_project(tmp_path, "test-pdf-fa")
    first, problems = make_pdf(root, "fa")
    assert first is not None, problems
    folder = root / "_build/work/fa/latex"
    aux = (folder / "sample.aux").read_bytes()
    po = root / "locale/fa/LC_MESSAGES/chapter.po"
    po.write_text(po.read_text(encoding="utf-8").replace("تبریز، سپتامبر", "تبریز، مهر"),
                  encoding="utf-8")
    pdf, problems = make_pdf(root, "fa")
    assert pdf is not None, problems
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "مهر" in text and "سپتامبر" not in text
    assert (folder / "sample.aux").read_bytes() == aux  # the layout did not move
    assert (folder / "sample.passes.txt").read_text().startswith(
        "editions: 1 LuaLaTeX pass(es), the first begun early")
