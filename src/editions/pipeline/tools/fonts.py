"""The fonts an edition's PDF names: installed, found by LuaLaTeX, and identified.

Whether LuaLaTeX finds a font is asked of ``luaotfload-tool``, which starts LuaTeX
(about 0.1 s of CPU each); the answer is kept in the machine's cache (:mod:`editions.cache`)
under the identity (path, size, mtime) of the file fontconfig finds for the name, so
a build asks again only when that file changed. Only "found" is kept: a missing font
is asked after again, so installing it is noticed.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import subprocess
from collections.abc import Iterator

from babel import Locale

from editions.cache import exclusive_lock, file_identity, read_json, write_json
from editions.ext.latex_language import edition_fonts, edition_scripts, edition_tags
from editions.languages import SCRIPT_FONTS, Language, ScriptFont
from editions.project import Project

FONT_LOOKUP_TIMEOUT = 60
FONT_CACHE = "fonts.json"


@contextlib.contextmanager
def font_lock(project: Project) -> Iterator[None]:
    # The first lookup builds luaotfload's font index: one edition at a time.
    with exclusive_lock(project.build_dir / ".fonts.lock"):
        yield


def font_file(font: str) -> str:
    """The file fontconfig gives for a font name ("" if it cannot tell)."""
    try:
        return subprocess.run(["fc-match", "-f", "%{file}", font], capture_output=True,
                              text=True, timeout=30, check=False).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def font_fact_key(font: str) -> str:
    """What a "found" answer for ``font`` holds for: the font's file, and the tool."""
    tool = shutil.which("luaotfload-tool") or ""
    return "|".join([font, file_identity(font_file(font)), file_identity(tool)])


def fonts_installed(fonts: list[str]) -> dict[str, bool]:
    """Whether LuaLaTeX finds each font: from the machine's cache, else luaotfload."""
    cache = read_json(FONT_CACHE)
    found: dict[str, bool] = cache.setdefault("luaotfload", {})
    answers = {}
    for font in dict.fromkeys(fonts):
        key = font_fact_key(font)
        answers[font] = found.get(key) or font_installed(font)
        if answers[font] and not found.get(key):
            found[key] = True
            write_json(FONT_CACHE, cache)
    return answers


def font_installed(font: str) -> bool:
    """Whether LuaLaTeX (luaotfload) finds the font by name (starts LuaTeX)."""
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


#: CLDR's short English names that would not name a script alone.
_SCRIPT_NAMES = {"Hans": "Simplified Han", "Hant": "Traditional Han"}


def script_name(script: str) -> str:
    return f"{_SCRIPT_NAMES.get(script) or Locale('en').scripts.get(script, script)} script"


def font_problems(project: Project, codes: list[str]) -> dict[str, list[str]]:
    """What each PDF edition lacks before LuaLaTeX starts: fonts, and babel's ini file
    for each language it sets.  Each font is looked up once, as the editions share most
    of theirs (a lookup starts LuaTeX)."""
    languages = {code: project.settings.language(code) for code in codes}
    with font_lock(project):  # the first lookup builds luaotfload's font index
        installed = fonts_installed([f for lang in languages.values()
                                     for f in edition_fonts(lang)])
    return {code: [*babel_problems(lang), *(font_problem(lang, font)
                                            for font in edition_fonts(lang)
                                            if not installed[font])]
            for code, lang in languages.items()}


@functools.cache
def babel_ini(tag: str) -> str | None:
    """The path of TeX Live's ``babel-<tag>.ini``; "" if it has none, None if no
    kpsewhich can tell (then LuaLaTeX is missing too, and says so). A path found
    before is trusted while that file is unchanged."""
    cache = read_json(FONT_CACHE)
    known = cache.setdefault("babel", {}).get(tag)
    if isinstance(known, dict) and known.get("identity") == file_identity(known.get("path", "")):
        return str(known["path"])
    path = kpsewhich_babel_ini(tag)
    if path:
        cache["babel"][tag] = {"path": path, "identity": file_identity(path)}
        write_json(FONT_CACHE, cache)
    return path


def kpsewhich_babel_ini(tag: str) -> str | None:
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


def font_identity(lang: Language, memo: dict[str, str] | None = None) -> str:
    """The fonts a PDF names, and which files fontconfig finds for them (``memo``: the
    files found already in this build, as the editions share most fonts)."""
    memo = {} if memo is None else memo
    parts = []
    for font in edition_fonts(lang):
        found = memo[font] if font in memo else memo.setdefault(font, font_file(font))
        try:
            stat = os.stat(found) if found else None
        except OSError:
            stat = None
        parts.append(f"{font}={found}:{stat.st_size if stat else 0}:"
                     f"{stat.st_mtime_ns if stat else 0}")
    return ";".join(parts)
