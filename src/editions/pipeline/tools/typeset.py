"""An edition's PDF: LuaLaTeX's passes, its log read for what a reader would miss, PDF/A."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from editions.languages import SCRIPT_FONTS, Language
from editions.pipeline.tools import early_pass, pdfa
from editions.pipeline.tools.fonts import font_problem, script_name
from editions.pipeline.tools.git import publication_epoch
from editions.pipeline.tools.lualatex import PassesResult, run_passes
from editions.project import Project
from editions.text.scripts import script_of

TOOLS_MISSING = ("lualatex is not installed: run scripts/install-system.sh "
                 "(Debian package texlive-luatex)")


def typeset(project: Project, code: str, tex: Path) -> tuple[Path | None, list[str]]:
    """The LuaLaTeX half: its passes (the first begun early, if it was), then the log
    read for what a reader would miss."""
    lang = project.settings.language(code)
    pdf = tex.with_suffix(".pdf")
    epoch = publication_epoch(project)
    result = run_passes(tex, epoch, early_pass.take(tex, epoch))
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


def latex_errors(log_text: str, tex: Path, result: PassesResult) -> list[str]:
    """LuaLaTeX's errors, at their line of the LaTeX file (its text names the source)."""
    log = tex.with_suffix(".log")
    todo = (f"find that line's text in the source or catalog and simplify it; {log} has "
            "LuaLaTeX's whole account")
    errors = [f"{tex.parent / m['file']}:{m['line']}: {m['message']} — {todo}"
              for m in TEX_ERROR.finditer(log_text)]
    if errors:
        return errors[:5]
    tail = " | ".join(result.output.strip().splitlines()[-3:])
    return [f"{tex}:0: LuaLaTeX failed (exit {result.returncode}): {tail} — read {log}, or "
            f"run lualatex {tex.name} in {tex.parent} to see where it stops"]


