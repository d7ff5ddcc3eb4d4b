"""The format steps of one edition: Sphinx's HTML, LaTeX and EPUB from one set of
doctrees, LuaLaTeX on the LaTeX, EPUBCheck on the EPUB.  Each returns a result;
none publishes (the main process does, see :mod:`editions.pipeline.build`)."""

from __future__ import annotations

import os
import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editions.layout import Format
from editions.pipeline.manifest import FormatResult, Status
from editions.pipeline.sphinx_run import fatal, formatted, run_sphinx
from editions.pipeline.tools.ace import AceError, run_ace
from editions.pipeline.tools.epubcheck import (
    SEVERITIES,
    CheckMessage,
    EpubcheckError,
    describe,
    run_epubcheck,
)
from editions.pipeline.tools.git import export_publication_epoch
from editions.pipeline.tools.typeset import TOOLS_MISSING, typeset
from editions.project import Project

#: epubcheck is a short-lived JVM: the quick (C1) compiler alone halves its CPU time.
QUICK_JVM = "-XX:TieredStopAtLevel=1"


@dataclass
class LatexWritten:
    """The PDF's Sphinx half is done: its LaTeX waits for LuaLaTeX (a task of its own)."""

    language: str
    tex: Path
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    format: Format = Format.PDF


@dataclass
class EpubWritten:
    """The EPUB's Sphinx half is done: it waits for EPUBCheck, which the main process
    runs in one JVM for every book of the build (see tools.jvm)."""

    language: str
    epub: Path
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    format: Format = Format.EPUB


StepResult = FormatResult | LatexWritten | EpubWritten


def build_html(project: Project, code: str) -> StepResult:
    outdir = project.work_dir(code) / "html"
    # Sphinx writes every page that is missing, yet reads only the changed documents:
    # a changed heading reaches the navigation of every page.
    for page in outdir.rglob("*.html") if outdir.is_dir() else ():
        if "_static" not in page.relative_to(outdir).parts:
            page.unlink()
    logged = run_sphinx(project, code, "html", outdir, outdir.parent / "html.log")
    problems = formatted(logged)
    if fatal(logged) or not (outdir / "index.html").exists():
        return FormatResult(code, Format.HTML, Status.FAILED, problems=problems)
    return FormatResult(code, Format.HTML, Status.OK, problems=problems,
                        path=project.layout.path(code, Format.HTML), staged=str(outdir))


def build_latex(project: Project, code: str) -> StepResult:
    """The PDF's Sphinx half, to be typeset by a separate task, so LuaLaTeX need not
    hold a worker that could be reading another edition. The fonts are checked once
    for all editions, meanwhile (see tools.fonts.font_problems)."""
    if shutil.which("lualatex") is None:
        return FormatResult(code, Format.PDF, Status.FAILED, problems=[TOOLS_MISSING])
    outdir = project.work_dir(code) / "latex"
    logged = run_sphinx(project, code, "latex", outdir, outdir.parent / "latex.log")
    tex = outdir / f"{project.basename}.tex"
    if fatal(logged) or not tex.exists():
        return FormatResult(code, Format.PDF, Status.FAILED, problems=[
            *formatted(logged), f"{tex}:0: the {code} PDF was not typeset — fix the problems "
                                "above, then build again"])
    return LatexWritten(code, tex, formatted(logged))


def typeset_pdf(root: str, latex: LatexWritten) -> FormatResult:
    """LuaLaTeX's passes on a LaTeX file that Sphinx wrote; safe in a thread."""
    project, code = Project.load(root), latex.language
    start = time.monotonic()
    pdf, problems = typeset(project, code, latex.tex)
    seconds = round(latex.seconds + time.monotonic() - start, 2)
    if pdf is None:
        return FormatResult(code, Format.PDF, Status.FAILED, seconds,
                            [*latex.problems, *problems])
    return FormatResult(code, Format.PDF, Status.OK, seconds, latex.problems,
                        path=project.layout.path(code, Format.PDF), staged=str(pdf))


def build_epub(project: Project, code: str) -> StepResult:
    """Build one edition's EPUB; ``check_epub`` validates it."""
    outdir = project.work_dir(code) / "epub"
    epub = outdir / f"{project.basename}.epub"
    log = outdir.parent / "epub.log"
    # Sphinx packs every file in its output folder: a page or a book left by an earlier
    # build must not slip in. Writing anew is quick; the slow reading stays in the
    # doctrees shared with the HTML build.
    shutil.rmtree(outdir, ignore_errors=True)
    logged = run_sphinx(project, code, "epub", outdir, log)
    problems = formatted(logged)
    if fatal(logged) or not epub.is_file():
        return FormatResult(code, Format.EPUB, Status.FAILED, problems=[
            *problems, f"{epub.relative_to(project.root)}: not built — fix the errors above "
                       f"(the whole log is {log.relative_to(project.root)})"])
    return EpubWritten(code, epub, problems)


def check_epub(root: str, written: EpubWritten,
               epubcheck: Callable[[Path], list[CheckMessage]] = run_epubcheck) -> FormatResult:
    """EPUBCheck (and Ace, if set) on a written EPUB; safe in a thread."""
    project, code, epub = Project.load(root), written.language, written.epub
    outdir, problems = epub.parent, list(written.problems)
    start = time.monotonic()
    try:
        messages = epubcheck(epub)
    except EpubcheckError as exc:
        return FormatResult(code, Format.EPUB, Status.FAILED,
                            problems=[*problems, f"{epub.relative_to(project.root)}: {exc}"])
    # The fatal message names the cause; the errors after it often follow from it.
    ranked = sorted((m for m in messages if m.severity in SEVERITIES),
                    key=lambda m: SEVERITIES.index(m.severity))
    problems += [describe(m, project, code, outdir) for m in ranked]
    if any(m.fails for m in messages):
        return FormatResult(code, Format.EPUB, Status.FAILED, problems=problems)
    if project.settings.epub_ace:
        ace_failures = ace_problems(project, epub)
        if ace_failures:
            return FormatResult(code, Format.EPUB, Status.FAILED,
                                problems=[*problems, *ace_failures])
    return FormatResult(code, Format.EPUB, Status.OK,
                        round(written.seconds + time.monotonic() - start, 2), problems,
                        path=project.layout.path(code, Format.EPUB), staged=str(epub))


def ace_problems(project: Project, epub: Path) -> list[str]:
    """Ace by DAISY's violations (editions_epub_ace): each fails the book as an EPUBCheck
    error does, so the last good EPUB stays published."""
    where = epub.relative_to(project.root)
    try:
        found = run_ace(epub, project.root)
    except AceError as exc:
        return [f"{where}: {exc}"]
    return [f"{where}:{v.path}: Ace {v.impact} {v.rule}: {v.message} — see {v.help_url}; "
            "fix the template or metadata that writes it, then build again" for v in found]


#: Sphinx steps, in the order one worker runs them over one language's doctrees:
#: the HTML is published, and LuaLaTeX starts, while the EPUB is being written.
BUILDERS: dict[Format, Callable[[Project, str], StepResult]] = {
    Format.HTML: build_html, Format.PDF: build_latex, Format.EPUB: build_epub}

#: In a worker: where each format's result goes as soon as it is built.
_progress: Any = None


def init_worker(progress: Any) -> None:
    global _progress
    _progress = progress


def build_edition(root: str, code: str, formats: list[str]) -> list[StepResult]:
    """Worker entry point: the Sphinx steps of one edition, built but not published.

    The PDF comes back as :class:`LatexWritten`, ``typeset_pdf`` follows; the EPUB as
    :class:`EpubWritten`, ``check_epub`` follows.
    """
    project = Project.load(root)
    # This worker is this edition's alone, so its environment is too.
    os.environ.setdefault("JDK_JAVA_OPTIONS", QUICK_JVM)
    # Sphinx (dcterms:modified, the title page) dates the book from it.
    export_publication_epoch(project)
    results: list[StepResult] = []
    for fmt in [f for f in BUILDERS if f in formats]:
        start = time.monotonic()
        result: StepResult
        try:
            result = BUILDERS[fmt](project, code)
        except Exception as exc:  # report, never take the other editions down
            detail = traceback.format_exc() if os.environ.get("EDITIONS_DEBUG") else ""
            problems = [f"{type(exc).__name__}: {exc}", *([detail] if detail else [])]
            result = FormatResult(code, fmt, Status.FAILED, problems=problems)
        result.seconds = round(time.monotonic() - start, 2)
        if _progress is not None:
            _progress.put(result)  # written to the pipe before this task returns
        else:
            results.append(result)
    return results
