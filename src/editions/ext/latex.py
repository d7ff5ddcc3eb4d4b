"""PDF: Sphinx's LaTeX builder and translator, set up from the edition's language.

The builder keeps Sphinx's name, so a plain ``sphinx-build -b latex`` gives this
book; its TeX lives in ``texinputs/`` (``editions.sty.jinja``, rendered for each
edition, and ``editions-fonts.lua``).  Runs of another script are wrapped in
``\\foreignlanguage`` (:mod:`editions.ext.nodes`) so that a Latin title keeps its
brackets and full stop in a Persian note.  Compiling is the pipeline's job.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.latex import LaTeXBuilder
from sphinx.builders.latex.nodes import footnotemark, footnotetext
from sphinx.builders.latex.util import ExtBabel
from sphinx.config import Config
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.fileutil import copy_asset_file
from sphinx.util.template import LaTeXRenderer
from sphinx.util.texescape import escape
from sphinx.writers.latex import CR, LaTeXTranslator

from editions.config import edition_language, edition_settings
from editions.dates import PublicationDateError, long_date, publication_moment
from editions.ext import book_texts
from editions.ext.latex_language import FONTS_LUA, babel_setup
from editions.ext.nodes import is_photo
from editions.ext.user_values import is_default, set_default
from editions.languages import Language
from editions.problems import LOG_TYPE, Code
from editions.text.notes import ref_id
from editions.text.scripts import SCRIPT_DIRECTIONS

logger = logging.getLogger(__name__)

TEXINPUTS = Path(__file__).parent / "texinputs"
#: Rendered beside the LaTeX file and read before \documentclass (PDF/A, dates, ids).
METADATA_TEMPLATE = "editions-metadata.tex.jinja"


def publication_moment_of(config: Config, confdir: Path) -> dt.datetime:
    """The publication's one moment (see :mod:`editions.dates`); now if nothing fixes it."""
    try:
        moment = publication_moment(edition_settings(config).date, os.environ)
    except PublicationDateError as exc:
        logger.warning("%s; until then the PDF is dated today", exc,
                       location=_config_line(confdir, "editions_date"),
                       type=LOG_TYPE, subtype=Code.LATEX)
        moment = None
    return moment or dt.datetime.now(dt.UTC).replace(microsecond=0)


def edition_date(config: Config, lang: Language, confdir: Path) -> str:
    """The publication date in the edition's calendar, words and digits."""
    return long_date(publication_moment_of(config, confdir).date(), lang)


def metadata_context(config: Config, lang: Language, confdir: Path) -> dict[str, str]:
    """What ``texinputs/editions-metadata.tex.jinja`` needs: language, date, identifiers."""
    moment = publication_moment_of(config, confdir)
    settings = edition_settings(config)
    name = f"{settings.identifier or settings.basename}:{lang.code}:pdf"
    document = uuid.uuid5(uuid.NAMESPACE_URL, name)
    instance = uuid.uuid5(document, moment.isoformat())
    return {
        "lang": lang.code,
        "pdf_date": moment.strftime("D:%Y%m%d%H%M%SZ"),
        "document_uuid": str(document),
        "instance_uuid": str(instance),
        "trailer_id": hashlib.md5(instance.bytes, usedforsecurity=False).hexdigest().upper(),
    }


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

def front_matter_numbering(lang: Language) -> str:
    letters = lang.front_matter_letters.split()
    if not letters:
        return r"\pagenumbering{roman}"
    cases = "".join(rf"\or {letter}" for letter in letters)
    return rf"\pagenumbering{{arabic}}\def\thepage{{\ifcase\c@page{cases}\else\arabic{{page}}\fi}}"


def list_comma(lang: Language) -> str:
    """The comma of the language's lists (CLDR's): ``,`` or Persian ``،``."""
    pattern = str(lang.locale.list_patterns["standard"]["middle"])
    return pattern.replace("{0}", "").replace("{1}", "").strip(" \u200e\u200f") or ","


#: Hyphens cost more in Russian and Azerbaijani, whose long words would otherwise end
#: line after line with one (a book typographer allows two in a row).
HYPHEN_PENALTY = {"ru": 300, "az": 300}
HYPHENMINS = "23"


def title_page_context(config: Config, lang: Language, confdir: Path) -> dict[str, Any]:
    """The title page's credit, publisher and rights, in the edition's language (TeX)."""
    settings = edition_settings(config)
    credit = book_texts.translation_credit(lang.code, settings.source_language,
                                           settings.localized("translators", lang.code, ""))
    moment = publication_moment_of(config, confdir)
    rights = settings.localized("rights", lang.code, book_texts.default_rights(
        str(config.copyright), str(config.author), moment.year, lang.digits))
    publisher = settings.localized("publisher", lang.code, "")
    return {"credit": [escape(line, "lualatex") for line in credit],
            "rights": escape(rights, "lualatex"), "publisher": escape(publisher, "lualatex")}


def preamble_context(lang: Language, config: Config | None = None,
                     confdir: Path = Path()) -> dict[str, Any]:
    """What ``texinputs/editions.sty.jinja`` needs to know of the edition."""
    # Naskh has no italic: an Arabic-script caption is set apart by size alone.
    spread = lang.linespread
    pages = title_page_context(config, lang, confdir) if config is not None else \
        {"credit": [], "rights": "", "publisher": ""}
    return {
        **pages,
        "babel": lang.latex_babel,
        "hyphenpenalty": str(HYPHEN_PENALTY.get(lang.code, 100)),
        "hyphenmins": HYPHENMINS,
        "lang": lang.code,
        "direction": "R2L" if lang.is_rtl else "L2R",
        "photo_shape": "" if SCRIPT_DIRECTIONS.get(lang.script) == "rtl" else r"\itshape",
        "note_comma": list_comma(lang),
        "front_matter_numbering": front_matter_numbering(lang),
        "linespread": rf"\linespread{{{spread}}}" if spread else "",
    }


def apply_latex_defaults(app: Sphinx, config: Config) -> None:
    """Derive Sphinx's latex_* settings from the edition's language, so conf.py needs none."""
    lang = edition_language(config)
    settings = edition_settings(config)
    # Only LuaLaTeX shapes Persian and switches fonts by script as babel_setup asks.
    set_default(config, "latex_engine", "lualatex")
    set_default(config, "latex_use_xindy", False)
    if is_default(config, "latex_documents"):
        config.latex_documents = [(
            config.root_doc, f"{settings.basename}.tex",
            escape(config.project, "lualatex"), escape(config.author, "lualatex"),
            "manual",
            True,  # only the toctree: the root page's byline is the title page's
        )]
    if is_default(config, "latex_domain_indices"):
        config.latex_domain_indices = False
    ours: dict[str, str] = {
        "papersize": settings.latex_papersize,
        "pointsize": settings.latex_pointsize,
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
        "preamble": r"\usepackage{editions}",
    }
    user = dict(config.latex_elements)
    if "preamble" in user:
        user["preamble"] = ours["preamble"] + "\n" + user["preamble"]
    config.latex_elements = {**ours, **user}


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
        copy_asset_file(TEXINPUTS / FONTS_LUA, self.outdir, force=True)
        copy_asset_file(TEXINPUTS / "editions.sty.jinja", self.outdir, force=True,
                        context=preamble_context(edition_language(self.config), self.config,
                                                 self.confdir),
                        renderer=LaTeXRenderer())
        copy_asset_file(TEXINPUTS / METADATA_TEMPLATE, self.outdir, force=True,
                        context=metadata_context(self.config, edition_language(self.config),
                                                 self.confdir),
                        renderer=LaTeXRenderer())

    def init_context(self) -> None:
        super().init_context()
        if not self.config.today:
            date = edition_date(self.config, edition_language(self.config), self.confdir)
            self.context["date"] = escape(date, "lualatex")


def note_number(node: nodes.Element) -> str:
    """The number LaTeX counts a note by: its label (``26``), in ASCII digits."""
    for node_id in node.get("ids", []):
        label = str(node_id).removeprefix("fn-")
        if node_id.startswith("fn-") and label.isdigit():
            return label
    label = node[0] if isinstance(node, footnotetext | nodes.footnote) else node
    return str(label.astext())


class EditionsLaTeXTranslator(LaTeXTranslator):
    """Notes under their labels and with named destinations, and photo captions apart."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.destinations: set[str] = set()
        self.references: Counter[tuple[str, str]] = Counter()

    def astext(self) -> str:
        # \DocumentMetadata must come before \documentclass, where Sphinx's template
        # has no element: the file's first line reads it.
        metadata = METADATA_TEMPLATE.removesuffix(".tex.jinja")
        return rf"\input{{{metadata}}}" + CR + super().astext()

    def destination(self, name: str, node: nodes.Element | None = None) -> str:
        """A PDF named destination, once: ``#fn-26`` opens the PDF at note 26."""
        if name in self.destinations:
            if node is not None:
                logger.warning("two notes are labelled %s: the PDF's #%s opens the first; "
                               "give each note of the publication its own label",
                               name.removeprefix("fn-"), name, location=node,
                               type=LOG_TYPE, subtype=Code.FOOTNOTE)
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
        """Every note of an edition in one layout: the edition's direction, its number
        on the edition's side. A note all in another script keeps the paragraph
        direction too; its text is isolated in its own (``\\foreignlanguage``), so a
        Latin note in the Persian book reads left to right inside a right-to-left
        note, under the same rule as the others."""
        return ""

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
        if any(isinstance(child, nodes.image) for child in node.parent.children):
            self.body.append(r"\par\smallskip" + CR)  # the caption under its photo
        else:
            # Said first, as on the web and in the EPUB: the caption of a photo the
            # edition does not reproduce, not an empty frame's.
            label = escape(str(_("Photo not reproduced in this edition")), "lualatex")
            self.body.append(rf"\editionsphotoabsent{{{label}}}" + CR)
        self.in_caption += 1

    def depart_caption(self, node: nodes.Element) -> None:
        if not is_photo(node.parent):
            super().depart_caption(node)
            return
        self.in_caption -= 1
