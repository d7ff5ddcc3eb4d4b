"""PDF: each edition through Sphinx's LaTeX writer and LuaLaTeX, set up from its language.

Stock Sphinx knows no Babel name for fa or az, so it typesets them as English:
Persian left to right, in a font without Arabic letters.  Here every edition's
LaTeX set-up comes from its :class:`~editions.languages.Language`: Babel with
``bidi=basic`` and one ``\\babelprovide`` per script, a font for each script
(``onchar=ids fonts`` switches between them), the language's digits for page,
chapter and note numbers, and runs of another script wrapped in
``\\foreignlanguage`` so that a Latin title keeps its brackets and full stop in
a Persian note.  ``make_pdf`` builds one edition and runs latexmk on it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import re
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.latex import LaTeXBuilder
from sphinx.builders.latex.nodes import footnotemark, footnotetext
from sphinx.builders.latex.util import ExtBabel
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.texescape import escape
from sphinx.writers.latex import CR, LaTeXTranslator

from editions.footnotes import ref_id
from editions.languages import (
    LANGUAGES,
    SCRIPT_DIRECTIONS,
    SCRIPT_FONTS,
    SCRIPT_LANGUAGES,
    Language,
    get_language,
    localize_digits,
    script_of,
)
from editions.project import Project
from editions.scripts import find_runs as find_runs  # re-exported: moved to editions.scripts
from editions.scripts import foreign_text
from editions.settings import edition_language

logger = logging.getLogger(__name__)

LATEXMK_TIMEOUT = 900
FONT_LOOKUP_TIMEOUT = 60


def setup(app: Sphinx) -> None:
    app.add_config_value("editions_latex_papersize", "a4paper", "", types=[str])
    app.add_config_value("editions_latex_pointsize", "11pt", "", types=[str])
    # Same name as Sphinx's builder, so a plain ``sphinx-build -b latex`` gives this book.
    app.add_builder(EditionsLaTeXBuilder, override=True)
    app.set_translator("latex", EditionsLaTeXTranslator, override=True)
    # editions.scripts finds the runs of another script; this writes them in LaTeX.
    app.setup_extension("editions.scripts")
    app.add_node(foreign_text, override=True, latex=(visit_foreign_text, depart_foreign_text))
    # After settings.apply_edition_defaults (100) has localized project and author,
    # before Sphinx's validate_config_values (800) checks latex_elements.
    app.connect("config-inited", apply_latex_defaults, priority=500)


# ---------------------------------------------------------------------------
# The language set-up: Babel, fonts, hyphenation


def babel_name(code: str) -> str:
    """Babel's name for a language: the edition's own, else Babel's English name (``hy``)."""
    if code in LANGUAGES:
        return LANGUAGES[code].latex_babel
    return str(Locale.parse(code).english_name).lower()


def script_language(lang: Language, script: str) -> str:
    """The Babel language that sets text of ``script`` in this edition."""
    if script == lang.script:
        return lang.latex_babel
    return babel_name(SCRIPT_LANGUAGES[script])


# TeX Live has no Azerbaijani patterns.  Azerbaijani divides syllables as
# Turkish does (before a lone consonant between vowels, between two consonants),
# so it takes Turkish's rule-made patterns, plus the same rules for the letters
# Turkish lacks (ə, q, x), which the Turkish patterns would never break at.
_AZ_VOWELS = "aıoueəiöü"
_AZ_CONSONANTS = "bcçdfgğhxjkqlmnprsştvyz"
_AZ_NEW_LETTERS = "əqx"


def azerbaijani_patterns() -> str:
    patterns = ["2ə1", "1q1", "1x1"]
    patterns += [f"2{a}{b}" for a in _AZ_CONSONANTS for b in _AZ_CONSONANTS
                 if a in _AZ_NEW_LETTERS or b in _AZ_NEW_LETTERS]
    patterns += [f"{a}3{b}2" for a in _AZ_VOWELS for b in _AZ_VOWELS
                 if a in _AZ_NEW_LETTERS or b in _AZ_NEW_LETTERS]
    return " ".join(patterns)


#: Extra ``\babelprovide`` options and patterns, by Babel name.
HYPHENATION: dict[str, tuple[str, str]] = {
    "azerbaijani": ("hyphenrules=turkish", azerbaijani_patterns()),
}

FAMILIES = ("rm", "sf", "tt")

#: Naskh's letters are small beside Latin ones of the same size; scaled, a
#: Persian title in a Latin note (or a Latin one in a Persian note) matches.
SCRIPT_SCALES = {"Arab": "1.15"}
#: ... and they need the room above and below that its marks take.
SCRIPT_LINESPREAD = {"Arab": "1.12"}
#: A Persian book numbers its front matter (the contents) with letters in abjad
#: order, where a Latin one has roman numerals: alef spelled out, so that it is
#: not read as ۱, and heh with a tatweel, so that it is not read as ۵.
FRONT_MATTER_LETTERS = {
    "fa": "الف ب ج د هـ و ز ح ط ی ک ل م ن س ع ف ص ق ر ش ت ث خ ذ ض ظ غ",
}


def font_features(script: str) -> str:
    # HarfBuzz shapes Arabic best; every font falls back on the others for a
    # glyph it lacks (Noto Naskh Arabic has no brackets, dashes or quotes).
    features = ["RawFeature={fallback=editions}"]
    if SCRIPT_DIRECTIONS.get(script) == "rtl":
        features.insert(0, "Renderer=HarfBuzz")
    if script in SCRIPT_SCALES:
        features.append(f"Scale={SCRIPT_SCALES[script]}")
    return ", ".join(features)


#: Written beside the LaTeX file and loaded before any font.
FONTS_LUA = "editions-fonts.lua"
FONTS_LUA_SOURCE = """\
-- editions: Persian text that extracts and searches as letters.
--
-- luaotfload (TeX Live 2022) gives a HarfBuzz glyph the code point that names
-- it in the font's cmap, often an Arabic presentation form (U+FE8D for Naskh's
-- alef, U+FE9F for an initial jeem), and a PDF reader then extracts that: no
-- search finds the Persian word.  As each font is defined, map such code points
-- to the letters they are forms of, from luaotfload's own Unicode data.
local found, forms = pcall(require, "luaotfload-characters")
if not found then
  return
end

local function letters(code)
  local data = type(code) == "number" and code >= 0xFB50 and code <= 0xFEFF and forms[code]
  local special = data and data.specials
  if not special then
    return nil
  end
  local hex = {}
  for i = 2, #special do
    hex[#hex + 1] = string.format("%04X", special[i])
  end
  return table.concat(hex)
end

local function base_letters(tfmdata)
  if type(tfmdata) ~= "table" or not tfmdata.hb then
    return
  end
  for _, character in pairs(tfmdata.characters) do
    local code = character.tounicode
    local hex = letters(code)
    if hex then
      character.tounicode = hex
    elseif type(code) == "number" and code >= 0x0660 and code <= 0x0669 then
      -- Naskh shapes a Persian 6 (U+06F6) with the Arabic-Indic glyph: the
      -- publications' Arabic-script digits are Persian ones.
      character.tounicode = code + 0x90
    end
  end
end

luatexbase.add_to_callback("luaotfload.patch_font_unsafe", base_letters,
                           "editions.base_letters")
"""


def babel_setup(lang: Language) -> str:
    """The ``multilingual`` element: Babel, one language per script, and its fonts."""
    # Titlesec (Sphinx's headings) already follows the direction; Babel's own
    # "sectioning" layout would fight it.
    layout = ", layout=counters.contents.footnotes.lists" if lang.is_rtl else ""
    lines = [rf'\directlua{{require("{FONTS_LUA.removesuffix(".lua")}")}}',
             rf"\usepackage[bidi=basic{layout}]{{babel}}"]
    fallback = ", ".join(f'"{font}:mode=node;"' for font in edition_fonts(lang))
    lines.append(rf"\directlua{{luaotfload.add_fallback('editions', {{{fallback}}})}}")
    for script in _scripts(lang):
        name = script_language(lang, script)
        options = ["import", "onchar=ids fonts letters"]
        if script == lang.script:
            options.insert(1, "main")
            if lang.digits != "latn":
                options.append("maparabic")  # page, chapter and note numbers
        extra, patterns = HYPHENATION.get(name, ("", ""))
        options += [extra] if extra else []
        lines.append(rf"\babelprovide[{', '.join(options)}]{{{name}}}")
        if patterns:
            lines.append(rf"\babelpatterns[{name}]{{{patterns}}}")
    # One family per script for roman, sans and mono: a publication has no code,
    # and every glyph stays in a font the language description names.
    for family in FAMILIES:
        main_font = lang.font_for(lang.script)
        lines.append(rf"\babelfont{{{family}}}[{font_features(lang.script)}]{{{main_font}}}")
        for script in _scripts(lang):
            lines.append(rf"\babelfont[{script_language(lang, script)}]{{{family}}}"
                         rf"[{font_features(script)}]{{{lang.font_for(script)}}}")
    return "\n".join(lines)


def _scripts(lang: Language) -> list[str]:
    """The edition's own script first, then every other one a publication may quote."""
    return [lang.script, *(s for s in SCRIPT_FONTS if s != lang.script)]


def edition_fonts(lang: Language) -> list[str]:
    return list(dict.fromkeys(lang.font_for(s) for s in _scripts(lang)))


def edition_date(config: Config, lang: Language, confdir: Path) -> str:
    """The publication date in the language's words and digits (``editions_date`` or today)."""
    if config.editions_date:
        try:
            day = dt.date.fromisoformat(config.editions_date)
        except ValueError:
            logger.warning("editions_date %r is not a date such as 2024-05-01: the PDF prints it "
                           "as written, in no language's words; write it as YYYY-MM-DD",
                           config.editions_date, location=_config_line(confdir, "editions_date"),
                           type="editions", subtype="latex")
            return str(config.editions_date)
    else:
        # SOURCE_DATE_EPOCH: the same book from the same source, whatever the day.
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        day = (dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch.isdigit()
               else dt.date.today())
    return localize_digits(format_date(day, format="long", locale=lang.babel_locale), lang.digits)


def _config_line(confdir: Path, name: str) -> str:
    conf_py = confdir / "conf.py"
    with contextlib.suppress(OSError):
        for number, line in enumerate(conf_py.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(name):
                return f"{conf_py}:{number}"
    return f"{conf_py}:0"


# Sphinx's \sphinxmaketitle is flush right in a sans font, with a release line;
# a centred page reads the same in either direction.
TITLE_PAGE = r"\editionsmaketitle"
TABLE_OF_CONTENTS = r"\editionstableofcontents"

PREAMBLE = r"""
\makeatletter
%% editions: PDF information, the language for screen readers, and the reading order.
\AtBeginDocument{\hypersetup{pdftitle={\@title}, pdfauthor={\@author}}}
\hypersetup{pdflang={@LANG@}, pdfdisplaydoctitle=true, pdfdirection=@DIRECTION@, hidelinks}
%% Between two note marks side by side (13,14,15 rather than 131415).
\newcommand*\editionsnotesep{\textsuperscript{@COMMA@}}
%% A note all in the other direction: its paragraph takes that direction
%% (0 left to right, 1 right to left), set where Sphinx's note starts its text.
\let\editions@notedir\relax
\newcommand*\editionsnotedirection[1]{%
  \gdef\editions@notedir{\bbl@pardir#1\relax\bbl@textdir#1\relax}}
\AtBeginDocument{%
  \let\editions@prefntext\FNH@prefntext
  \def\FNH@prefntext{\editions@notedir\global\let\editions@notedir\relax
    \editions@prefntext}}
%% A named destination, raised a line so that a viewer shows the line it marks.
\newcommand*\editionsdestination[1]{\Hy@raisedlink{\hyper@anchorstart{#1}\hyper@anchorend}}
%% The title page.
\newcommand\editionsmaketitle{%
  \hypersetup{pageanchor=false}%
  \begin{titlepage}%
    \centering
    \vspace*{.18\textheight}%
    {\LARGE\bfseries\@title\par}%
    \vspace{3\baselineskip}%
    {\Large\@author\par}%
    \vfill
    {\large\@date\par}%
  \end{titlepage}%
  \setcounter{footnote}{0}%
  \hypersetup{pageanchor=true}%
  \clearpage}
%% A photo's caption, set apart from the text: a narrower, centred block.
\newenvironment{editionsphoto}
  {\par\addvspace{\bigskipamount}%
   \list{}{\leftmargin=2.5em\rightmargin=2.5em}\item\relax
   \centering\small@PHOTOSHAPE@}
  {\endlist\par\addvspace{\bigskipamount}}
%% The contents, numbered as the language numbers front matter.
\newcommand\editionstableofcontents{%
  @FRONTMATTER@%
  \begingroup\parskip\z@skip\sphinxtableofcontentshook\tableofcontents\endgroup
  \clearpage
  \pagenumbering{arabic}}
%% Running heads: the chapter's title, and the page number at the outer edge.
\geometry{headheight=15pt}% room for Naskh's marks
%% Right and left are the line's end and start: Babel mirrors them in Persian.
\fancypagestyle{normal}{%
  \fancyhf{}%
  \fancyhead[R]{\small\thepage}%
  \fancyhead[L]{\small\nouppercase{\leftmark}}%
  \renewcommand{\headrulewidth}{0.4pt}%
  \renewcommand{\footrulewidth}{0pt}}
\fancypagestyle{plain}{%
  \fancyhf{}%
  \fancyfoot[C]{\small\thepage}%
  \renewcommand{\headrulewidth}{0pt}%
  \renewcommand{\footrulewidth}{0pt}}
@LINESPREAD@
\makeatother
"""


def front_matter_numbering(lang: Language) -> str:
    letters = FRONT_MATTER_LETTERS.get(lang.code, "").split()
    if not letters:
        return r"\pagenumbering{roman}"
    cases = "".join(rf"\or {letter}" for letter in letters)
    return rf"\pagenumbering{{arabic}}\def\thepage{{\ifcase\c@page{cases}\else\arabic{{page}}\fi}}"


def list_comma(lang: Language) -> str:
    """The comma of the language's lists (CLDR's): ``,`` or Persian ``،``."""
    pattern = str(lang.locale.list_patterns["standard"]["middle"])
    return pattern.replace("{0}", "").replace("{1}", "").strip(" \u200e\u200f") or ","


def preamble(lang: Language) -> str:
    # Naskh has no italic: an Arabic-script caption is set apart by size alone.
    shape = "" if SCRIPT_DIRECTIONS.get(lang.script) == "rtl" else r"\itshape"
    spread = SCRIPT_LINESPREAD.get(lang.script)
    replacements = {
        "@LANG@": lang.code,
        "@DIRECTION@": "R2L" if lang.is_rtl else "L2R",
        "@PHOTOSHAPE@": shape,
        "@COMMA@": list_comma(lang),
        "@FRONTMATTER@": front_matter_numbering(lang),
        "@LINESPREAD@": rf"\linespread{{{spread}}}" if spread else "",
    }
    text = PREAMBLE
    for key, value in replacements.items():
        text = text.replace(key, value)
    return text


# ---------------------------------------------------------------------------
# Settings


def _given(config: Config, name: str) -> bool:
    """Whether conf.py or the command line set ``name``: then that choice stands."""
    return name in config._raw_config or name in config.overrides


def apply_latex_defaults(app: Sphinx, config: Config) -> None:
    """Derive Sphinx's latex_* settings from the edition's language, so conf.py needs none."""
    lang = edition_language(config)
    config.latex_engine = "lualatex"
    config.latex_use_xindy = False
    if not _given(config, "latex_documents"):
        config.latex_documents = [(
            config.root_doc, f"{config.editions_basename}.tex",
            escape(config.project, "lualatex"), escape(config.author, "lualatex"),
            "manual",
            True,  # only the toctree: the root page's byline is the title page's
        )]
    if not _given(config, "latex_domain_indices"):
        config.latex_domain_indices = False
    ours: dict[str, str] = {
        "papersize": config.editions_latex_papersize,
        "pointsize": config.editions_latex_pointsize,
        "babel": "",  # Sphinx would name the language as a class option, English for fa
        "polyglossia": "",  # switches no font by script
        "multilingual": babel_setup(lang),
        "fontpkg": "",  # Sphinx's FreeSerif is not a Debian font; Babel sets them
        "fncychap": "",
        "maketitle": TITLE_PAGE,
        "tableofcontents": TABLE_OF_CONTENTS,
        # An article's chapters follow one another: no blank pages between them.
        "extraclassoptions": "openany,oneside",
        "makeindex": "",  # an article has no index entries
        "printindex": "",
        # Black headings: the book is for print as much as for the screen.
        "sphinxsetup": "hmargin={2.8cm,2.8cm}, vmargin={2.5cm,2.8cm}, "
                       "TitleColor={rgb}{0,0,0}",
        "preamble": preamble(lang),
    }
    user = dict(config.latex_elements)
    if "preamble" in user:
        user["preamble"] = ours["preamble"] + "\n" + user["preamble"]
    config.latex_elements = {**ours, **user}


# ---------------------------------------------------------------------------
# The builder: Sphinx's, told the edition's Babel name and date


class EditionBabel(ExtBabel):
    """Sphinx's Babel helper with the edition's own Babel name (docutils knows none for fa)."""

    def __init__(self, lang: Language) -> None:
        self.edition_babel_name = lang.latex_babel
        super().__init__(lang.code, use_polyglossia=False)

    def language_name(self, language_code: str) -> str:
        return self.edition_babel_name


class EditionsLaTeXBuilder(LaTeXBuilder):
    """Sphinx's LaTeX builder; it would warn that fa and az have no Babel name."""

    def init_babel(self) -> None:
        self.babel = EditionBabel(edition_language(self.config))

    def copy_support_files(self) -> None:
        super().copy_support_files()
        (self.outdir / FONTS_LUA).write_text(FONTS_LUA_SOURCE, encoding="utf-8")

    def init_context(self) -> None:
        super().init_context()
        if not self.config.today:
            date = edition_date(self.config, edition_language(self.config), self.confdir)
            self.context["date"] = escape(date, "lualatex")


# ---------------------------------------------------------------------------
# Runs of another script (found by editions.scripts)


def visit_foreign_text(translator: LaTeXTranslator, node: foreign_text) -> None:
    # Babel knows one language per script in a book (babel_setup): the run's script
    # names it, so an Azerbaijani title in a Persian note is set as English is.
    babel = script_language(edition_language(translator.config), node["script"])
    translator.body.append(rf"\foreignlanguage{{{babel}}}{{")


def depart_foreign_text(translator: LaTeXTranslator, node: foreign_text) -> None:
    translator.body.append("}")


# ---------------------------------------------------------------------------
# The translator: notes, destinations, photos


def note_number(node: nodes.Element) -> str:
    """The number LaTeX counts a note by: its label (``26``), in ASCII digits."""
    for node_id in node.get("ids", []):
        label = str(node_id).removeprefix("fn-")
        if node_id.startswith("fn-") and label.isdigit():
            return label
    label = node[0] if isinstance(node, footnotetext | nodes.footnote) else node
    return str(label.astext())


def is_photo(node: nodes.Node) -> bool:
    return isinstance(node, nodes.figure) and "photo" in node.get("classes", [])


class EditionsLaTeXTranslator(LaTeXTranslator):
    """Notes under their labels and with named destinations, and photo captions apart."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.destinations: set[str] = set()
        self.references: Counter[tuple[str, str]] = Counter()

    def destination(self, name: str, node: nodes.Element | None = None) -> str:
        """A PDF named destination, once: ``#fn-26`` opens the PDF at note 26."""
        if name in self.destinations:
            if node is not None:
                logger.warning("two notes are labelled %s: the PDF's #%s opens the first; "
                               "give each note of the publication its own label",
                               name.removeprefix("fn-"), name, location=node,
                               type="editions", subtype="footnote")
            return ""
        self.destinations.add(name)
        return rf"\editionsdestination{{{name}}}"

    def reference_destination(self, note_id: str) -> str:
        """``fnref-26`` at the first mark of note 26, ``fnref-26-2`` at the second..."""
        key = (self.curfilestack[-1] if self.curfilestack else "", note_id)
        self.references[key] += 1
        label = note_id.removeprefix("fn-")
        return self.destination(ref_id(label, self.references[key]))

    @staticmethod
    def note_separator(node: nodes.Element) -> str:
        """A comma between this note's mark and the one just before it."""
        index = node.parent.index(node) if node.parent is not None else 0
        follows_mark = index > 0 and isinstance(node.parent[index - 1],
                                                nodes.footnote | footnotemark)
        return r"\editionsnotesep" if follows_mark else ""

    @staticmethod
    def note_direction(node: nodes.Element) -> str:
        """A note all in the other direction is a paragraph of that direction.

        A Latin title in a Persian note then reads left to right to its last
        line's end, number on the left, as a Persian book sets a Latin note.
        """
        paragraphs = [c for c in node.children if isinstance(c, nodes.paragraph)]
        runs = [p[0] for p in paragraphs if len(p.children) == 1
                and isinstance(p[0], foreign_text) and p[0].get("whole")]
        if not paragraphs or len(runs) != len(paragraphs):
            return ""
        return rf"\editionsnotedirection{{{'1' if runs[0]['direction'] == 'rtl' else '0'}}}"

    def visit_footnote(self, node: nodes.Element) -> None:
        self.in_footnote += 1
        note_id = str(node["ids"][0]) if node["ids"] else ""
        mark = self.reference_destination(note_id) if note_id else ""
        self.body.append(self.note_separator(node) + mark + self.note_direction(node)
                         + "%" + CR)
        self.body.append(rf"\begin{{footnote}}[{note_number(node)}]\sphinxAtStartFootnote"
                         + self.destination(note_id, node) + CR)

    def visit_footnotetext(self, node: nodes.Element) -> None:
        note_id = str(node["ids"][0]) if node["ids"] else ""
        self.body.append(self.note_direction(node) + "%" + CR)
        self.body.append(rf"\begin{{footnotetext}}[{note_number(node)}]\sphinxAtStartFootnote"
                         + self.destination(note_id, node) + CR)

    def visit_footnotemark(self, node: nodes.Element) -> None:
        refid = str(node.get("refid", ""))
        number = refid.removeprefix("fn-")
        if not (refid.startswith("fn-") and number.isdigit()):
            number = node.astext()
        self.body.append(self.note_separator(node) + self.reference_destination(refid)
                         + rf"\sphinxfootnotemark[{number}]")
        raise nodes.SkipNode

    def visit_figure(self, node: nodes.Element) -> None:
        if not is_photo(node):
            super().visit_figure(node)
            return
        self.body.append(CR + r"\begin{editionsphoto}" + self.hypertarget_to(node) + CR)
        self.context.append(r"\end{editionsphoto}" + CR)

    def visit_caption(self, node: nodes.Element) -> None:
        if not is_photo(node.parent):
            super().visit_caption(node)
            return
        self.in_caption += 1

    def depart_caption(self, node: nodes.Element) -> None:
        if not is_photo(node.parent):
            super().depart_caption(node)
            return
        self.in_caption -= 1


# ---------------------------------------------------------------------------
# The PDF


TOOLS_MISSING = ("latexmk and lualatex are not installed: run scripts/install-system.sh "
                 "(Debian packages latexmk and texlive-luatex)")


def write_latex(project: Project, code: str) -> tuple[Path | None, list[str]]:
    """The PDF's Sphinx half: the edition's .tex file, or None and why not."""
    from editions.build import fatal_problems, run_sphinx

    if shutil.which("latexmk") is None or shutil.which("lualatex") is None:
        return None, [TOOLS_MISSING]
    outdir = project.build_dir / "work" / code / "latex"
    warnings = run_sphinx(project, code, "latex", outdir, outdir.parent / "latex.log")
    tex = outdir / f"{project.basename}.tex"
    if fatal_problems(warnings) or not tex.exists():
        return None, [*warnings, f"{tex}:0: the {code} PDF was not typeset — fix the problems "
                                 "above, then build again"]
    return tex, warnings


def typeset(project: Project, code: str, tex: Path) -> tuple[Path | None, list[str]]:
    """The LuaLaTeX half: latexmk, then the log read for what a reader would miss."""
    lang = get_language(code)
    pdf = tex.with_suffix(".pdf")
    result = run_latexmk(tex)
    log = tex.with_suffix(".log")
    log_text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    problems = [*missing_characters(log_text, project, lang, tex),
                *missing_fonts(log_text, lang)]
    if result.returncode != 0 or not pdf.exists():
        problems += latex_errors(log_text, tex, result)
    return (None, problems) if problems else (pdf, [])


def make_pdf(project: Project, code: str) -> tuple[Path | None, list[str]]:
    """Build one edition's PDF: Sphinx's LaTeX, then latexmk with LuaLaTeX."""
    problems = check_fonts(project, get_language(code))
    if problems:
        return None, problems
    tex, warnings = write_latex(project, code)
    if tex is None:
        return None, warnings
    pdf, problems = typeset(project, code, tex)
    return pdf, [*warnings, *problems]


@dataclass
class LatexmkResult:
    returncode: int
    output: str
    seconds: float


def run_latexmk(tex: Path) -> LatexmkResult:
    # One unbroken line per log message, so a "Missing character" line can be read whole.
    env = {**os.environ, "max_print_line": "100000", "error_line": "254",
           "half_error_line": "238"}
    command = ["latexmk", "-lualatex", "-interaction=nonstopmode", "-halt-on-error",
               "-file-line-error", tex.name]
    start = time.monotonic()
    try:
        done = subprocess.run(command, cwd=tex.parent, env=env, capture_output=True,
                              text=True, errors="replace", timeout=LATEXMK_TIMEOUT,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout if isinstance(exc.stdout, str) else ""
        return LatexmkResult(-1, output + f"\nlatexmk took over {LATEXMK_TIMEOUT}s",
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
            advice = (f"the {lang.font_for(script)} font for {_script_name(script)} lacks it: "
                      f"install {package} (sudo apt-get install {package}) and use {family}, "
                      f"or name a font that has it for {script} in editions.languages")
        else:
            advice = ("no font of this edition has it: replace the character in the text, or "
                      "install a font that has it (e.g. fonts-noto-core, fonts-dejavu-core) "
                      "and add it to SCRIPT_FONTS in editions.languages")
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


def _script_name(script: str) -> str:
    return f"{Locale('en').scripts.get(script, script)} script"


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


# ---------------------------------------------------------------------------
# Fonts


def check_fonts(project: Project, lang: Language) -> list[str]:
    """Every font this edition names must be installed, or LuaLaTeX stops with less to say."""
    with font_lock(project):
        return [font_problem(lang, font) for font in edition_fonts(lang)
                if not font_installed(font)]


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
    scripts = [s for s in _scripts(lang) if lang.font_for(s) == font] or [lang.script]
    script = scripts[0]
    default, package = SCRIPT_FONTS.get(script, (font, "fonts-noto-core"))
    names = ", ".join(_script_name(s) for s in scripts)
    if font == default:
        todo = f"install the Debian package {package} (sudo apt-get install {package})"
    else:
        todo = (f"install it, or install the Debian package {package} and set {default} "
                f"for {script} in editions.languages")
    return f"{lang.code}: the font {font!r} for {names} is not installed — {todo}"
