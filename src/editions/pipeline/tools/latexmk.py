"""LuaLaTeX through latexmk, and its log read for what a reader would miss."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from editions.languages import SCRIPT_FONTS, Language
from editions.pipeline.tools import pdfa
from editions.pipeline.tools.fonts import font_problem, script_name
from editions.pipeline.tools.git import publication_epoch
from editions.project import Project
from editions.text.scripts import script_of

LATEXMK_TIMEOUT = 900
TOOLS_MISSING = ("latexmk and lualatex are not installed: run scripts/install-system.sh "
                 "(Debian packages latexmk and texlive-luatex)")


def typeset(project: Project, code: str, tex: Path) -> tuple[Path | None, list[str]]:
    """The LuaLaTeX half: latexmk, then the log read for what a reader would miss."""
    lang = project.settings.language(code)
    pdf = tex.with_suffix(".pdf")
    result = run_latexmk(tex, publication_epoch(project))
    log = tex.with_suffix(".log")
    log_text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    problems = [*missing_characters(log_text, project, lang, tex),
                *missing_fonts(log_text, lang)]
    if result.returncode != 0 or not pdf.exists():
        problems += latex_errors(log_text, tex, result)
    if not problems:
        problems += pdfa_problems(pdf, code)
    return (None, problems) if problems else (pdf, [])


def pdfa_problems(pdf: Path, code: str) -> list[str]:
    """The PDF finished as PDF/A-2u and checked: what page finds, with what to do."""
    pdfa.finish(pdf)
    return [f"{pdf}:0: the {code} PDF is not PDF/A-2u: {failure.rule} {failure.message}"
            f"{' (object ' + failure.obj + ')' if failure.obj else ''} — the LaTeX "
            "preamble or a package broke PDF/A; see docs/publishing.md"
            for failure in pdfa.check(pdf)]


@dataclass
class LatexmkResult:
    returncode: int
    output: str
    seconds: float
    #: LuaLaTeX runs: latexmk's (it reruns only while the .aux, .toc … change), and
    #: the draft pass before them, if there was one.
    passes: int = 0
    draft: bool = False


#: luaotfload rewrites its lookup cache (a .luc file latexmk sees as an input) whenever
#: LuaLaTeX runs, here or in another build at once: latexmk would rerun LuaLaTeX for that
#: up to its limit. Font changes are in the build's input digest instead.
IGNORE_FONT_CACHES = "$hash_calc_ignore_pattern{'luc'} = '^';"
#: latexmk says this before each LuaLaTeX run it decides on.
LATEXMK_RUN = re.compile(r"^Run number \d+ of rule '(?:lua|pdf)?latex", re.MULTILINE)


def run_latexmk(tex: Path, epoch: str = "") -> LatexmkResult:
    """latexmk in the edition's own LaTeX folder, which keeps the .aux, .toc and
    latexmk's record from the last build: a PDF whose layout did not move takes one
    LuaLaTeX pass. The first build of an edition has no .aux: its first pass is a
    draft (``--draftmode`` writes no PDF, the same .aux and .toc), then latexmk's."""
    # One unbroken line per log message, so a "Missing character" line can be read whole.
    env = {**os.environ, "max_print_line": "100000", "error_line": "254",
           "half_error_line": "238"}
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    if env.get("SOURCE_DATE_EPOCH"):
        # \today, \year and LuaTeX's own dates from the publication date, not the clock.
        env["FORCE_SOURCE_DATE"] = "1"
    options = ["-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
    start = time.monotonic()
    draft = not tex.with_suffix(".aux").exists()
    if draft:
        first = _run(["lualatex", "--draftmode", *options, tex.name], tex, env, start)
        if first.returncode != 0:  # its log says why; latexmk would only say it again
            return LatexmkResult(first.returncode, first.output, first.seconds, 1, True)
    done = _run(["latexmk", "-lualatex", "-e", IGNORE_FONT_CACHES, *options, tex.name],
                tex, env, start)
    done.passes = len(LATEXMK_RUN.findall(done.output)) + draft
    done.draft = draft
    with contextlib.suppress(OSError):  # latexmk's own account, beside LuaLaTeX's log
        tex.with_name("latexmk.log").write_text(
            f"editions: {done.passes} LuaLaTeX pass(es){', the first a draft' if draft else ''}"
            f"\n{done.output}", encoding="utf-8")
    return done


def _run(command: list[str], tex: Path, env: dict[str, str], start: float) -> LatexmkResult:
    try:
        done = subprocess.run(command, cwd=tex.parent, env=env, capture_output=True,
                              text=True, errors="replace", timeout=LATEXMK_TIMEOUT,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout if isinstance(exc.stdout, str) else ""
        return LatexmkResult(-1, output + f"\n{command[0]} took over {LATEXMK_TIMEOUT}s",
                             time.monotonic() - start)
    return LatexmkResult(done.returncode, done.stdout + done.stderr, time.monotonic() - start)


MISSING_CHARACTER = re.compile(
    r"Missing character: There is no (?P<char>.+?) \(U\+(?P<code>[0-9A-Fa-f]{4,6})\) "
    r"in font (?P<font>[^:!]+)")
MISSING_FONT = re.compile(r'The font "(?P<font>[^"]+)" cannot be found')
TEX_ERROR = re.compile(r"^(?P<file>[^\s:]+\.tex):(?P<line>\d+): (?P<message>.+)$", re.MULTILINE)


def missing_characters(log_text: str, project: Project, lang: Language,
                       tex: Path) -> list[str]:
    """One problem for each character a font lacked, with where it is and what to install."""
    seen: dict[str, str] = {}
    for match in MISSING_CHARACTER.finditer(log_text):
        seen.setdefault(match["char"], match["font"].strip())
    problems = []
    for char, font in seen.items():
        where = _find_character(char, project, lang) or f"{tex}:0"
        script = script_of(char)
        if script in SCRIPT_FONTS:
            family, package = SCRIPT_FONTS[script]
            advice = (f"the {lang.font_for(script)} font for {script_name(script)} lacks it: "
                      f"install {package} (sudo apt-get install {package}) and use {family}, "
                      f"or name a font that has it for {script} in conf.py's "
                      "editions_language_overrides")
        else:
            advice = ("no font of this edition has it: replace the character in the text, or "
                      "install a font that has it (e.g. fonts-noto-core, fonts-dejavu-core) "
                      "and name it in conf.py's editions_language_overrides")
        problems.append(f"{where}: missing character {char} (U+{ord(char):04X}) in font "
                        f"{font} in the {lang.code} PDF — {advice}")
    return problems


def _find_character(char: str, project: Project, lang: Language) -> str:
    """The first line of the source or the edition's catalogs where ``char`` appears."""
    files = [*sorted(project.catalog_dir(lang.code).glob("*.po")),
             *sorted(project.srcdir.rglob("*.md"))]
    for path in files:
        with contextlib.suppress(OSError):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if char in line:
                    return f"{path.relative_to(project.root)}:{number}"
    return ""


def missing_fonts(log_text: str, lang: Language) -> list[str]:
    return [font_problem(lang, match["font"]) for match in MISSING_FONT.finditer(log_text)]


def latex_errors(log_text: str, tex: Path, result: LatexmkResult) -> list[str]:
    """LuaLaTeX's errors, at their line of the LaTeX file (its text names the source)."""
    log = tex.with_suffix(".log")
    todo = (f"find that line's text in the source or catalog and simplify it; {log} has "
            "LuaLaTeX's whole account")
    errors = [f"{tex.parent / m['file']}:{m['line']}: {m['message']} — {todo}"
              for m in TEX_ERROR.finditer(log_text)]
    if errors:
        return errors[:5]
    tail = " | ".join(result.output.strip().splitlines()[-3:])
    return [f"{tex}:0: latexmk failed (exit {result.returncode}): {tail} — read {log}, or run "
            f"latexmk -lualatex {tex.name} in {tex.parent} to see where it stops"]


