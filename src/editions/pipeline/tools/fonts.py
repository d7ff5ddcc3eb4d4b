"""The fonts an edition's PDF names: installed, found by LuaLaTeX, and identified."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import re
import shutil
import subprocess
from collections.abc import Iterator

from babel import Locale

from editions.ext.latex_language import edition_fonts, edition_scripts, edition_tags
from editions.languages import SCRIPT_FONTS, Language, ScriptFont
from editions.project import Project

FONT_LOOKUP_TIMEOUT = 60


@contextlib.contextmanager
def font_lock(project: Project) -> Iterator[None]:
    # The first lookup builds luaotfload's font index: one edition at a time.
    project.build_dir.mkdir(parents=True, exist_ok=True)
    with (project.build_dir / ".fonts.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def font_installed(font: str) -> bool:
    """Whether LuaLaTeX (luaotfload) finds the font by name."""
    if shutil.which("luaotfload-tool") is None:
        return True  # LuaLaTeX itself will say so, and missing_fonts reads it
    try:
        done = subprocess.run(["luaotfload-tool", f"--find={font}"], capture_output=True,
                              text=True, timeout=FONT_LOOKUP_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return True
    return "found!" in done.stdout + done.stderr


def font_problem(lang: Language, font: str) -> str:
    scripts = [s for s in edition_scripts(lang) if lang.font_for(s) == font] or [lang.script]
    script = scripts[0]
    default, package = SCRIPT_FONTS.get(script, ScriptFont(font, "fonts-noto-core"))
    names = ", ".join(script_name(s) for s in scripts)
    if font == default:
        todo = f"install the Debian package {package} (sudo apt-get install {package})"
    else:
        todo = (f"install it, or install the Debian package {package} and set {default} "
                f"for {script} in conf.py's editions_language_overrides")
    return f"{lang.code}: the font {font!r} for {names} is not installed — {todo}"


def script_name(script: str) -> str:
    return f"{Locale('en').scripts.get(script, script)} script"


def font_problems(project: Project, codes: list[str]) -> dict[str, list[str]]:
    """What each PDF edition lacks before LuaLaTeX starts: fonts, and babel's ini file
    for each language it sets.  Each font is looked up once, as the editions share most
    of theirs (a lookup starts LuaTeX)."""
    installed: dict[str, bool] = {}
    problems = {}
    with font_lock(project):  # the first lookup builds luaotfload's font index
        for code in codes:
            lang = project.settings.language(code)
            fonts = edition_fonts(lang)
            for font in fonts:
                if font not in installed:
                    installed[font] = font_installed(font)
            problems[code] = [*babel_problems(lang),
                              *(font_problem(lang, font) for font in fonts
                                if not installed[font])]
    return problems


@functools.cache
def babel_ini(tag: str) -> str | None:
    """The path of TeX Live's ``babel-<tag>.ini``; "" if it has none, None if no
    kpsewhich can tell (then LuaLaTeX is missing too, and says so)."""
    if shutil.which("kpsewhich") is None:
        return None
    try:
        done = subprocess.run(["kpsewhich", f"babel-{tag}.ini"], capture_output=True,
                              text=True, timeout=FONT_LOOKUP_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return None
    return done.stdout.strip()


def babel_problems(lang: Language) -> list[str]:
    """One line for each language of the edition that LaTeX's babel cannot set."""
    problems = []
    for tag in dict.fromkeys(edition_tags(lang)):
        if babel_ini(tag) != "":
            continue
        base = re.split(r"[-_]", tag, maxsplit=1)[0]
        hint = f"'{base}'" if base != tag and babel_ini(base) else "'<tag>'"
        problems.append(
            f"{lang.code}: LaTeX's babel has no babel-{tag}.ini, so the PDF cannot set the "
            f"language: set editions_language_overrides = {{{lang.code!r}: {{'latex_tag': "
            f"{hint}, 'latex_babel': '<a name>'}}}} in conf.py (kpsewhich babel-TAG.ini "
            "finds one), or install the TeX Live package that has it")
    return problems


def font_identity(lang: Language) -> str:
    """The fonts a PDF names, and which files fontconfig finds for them."""
    parts = []
    for font in edition_fonts(lang):
        try:
            found = subprocess.run(["fc-match", "-f", "%{file}", font], capture_output=True,
                                   text=True, timeout=30, check=False).stdout
            stat = os.stat(found) if found else None
        except (OSError, subprocess.TimeoutExpired):
            found, stat = "", None
        parts.append(f"{font}={found}:{stat.st_size if stat else 0}:"
                     f"{stat.st_mtime_ns if stat else 0}")
    return ";".join(parts)
