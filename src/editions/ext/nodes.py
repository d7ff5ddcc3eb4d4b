"""The extension's node, registered once with the visitors of every builder beside it."""

from __future__ import annotations

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator
from sphinx.writers.latex import LaTeXTranslator

from editions.config import edition_language
from editions.ext.latex_language import script_language


class foreign_text(nodes.inline):  # type: ignore[misc]  # docutils has no type hints
    """A run of text in another language than the edition's.

    Attributes: ``script`` (ISO 15924), ``lang`` (the run's language code),
    ``direction`` (ltr or rtl), and ``whole`` when it holds all of its block.
    """


def is_photo(node: nodes.Node) -> bool:
    """A ``{photo}`` directive's figure (editions.ext.directives)."""
    return isinstance(node, nodes.figure) and "photo" in node.get("classes", [])


def visit_foreign_text_html(translator: HTML5Translator, node: foreign_text) -> None:
    # Attributes, not CSS: ``dir`` isolates the run, and EPUB forbids unicode-bidi.
    # A run inside the text is a <bdi>; a block wholly in the other direction
    # gets a <span> with the direction of its whole text.
    tag = "span" if node.get("whole") else "bdi"
    translator.body.append(f'<{tag} lang="{node["lang"]}" dir="{node["direction"]}">')


def depart_foreign_text_html(translator: HTML5Translator, node: foreign_text) -> None:
    translator.body.append("</span>" if node.get("whole") else "</bdi>")


def visit_foreign_text_latex(translator: LaTeXTranslator, node: foreign_text) -> None:
    # Babel knows one language per script in a book (babel_setup): the run's script
    # names it, so an Azerbaijani title in a Persian note is set as English is.
    babel = script_language(edition_language(translator.config), node["script"])
    translator.body.append(rf"\foreignlanguage{{{babel}}}{{")


def depart_foreign_text_latex(translator: LaTeXTranslator, node: foreign_text) -> None:
    translator.body.append("}")


#: The EPUB builder is an HTML builder; text, man and texinfo just write the text.
HTML_VISITORS = (visit_foreign_text_html, depart_foreign_text_html)
LATEX_VISITORS = (visit_foreign_text_latex, depart_foreign_text_latex)
