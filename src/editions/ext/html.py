"""HTML: the page's language and direction, and every way to the same place in another edition.

Each page names its language and direction, links the same page in every
edition (``<link rel=alternate hreflang>`` and the switcher at its top), and
each note links the same note in the other editions (``fn-<label>`` is the
same everywhere).  :class:`EditionsHTMLTranslator` writes photos and runs of
another script for the web and for the EPUB builder, which subclasses it.
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from docutils.writers.html5_polyglot import HTMLTranslator as DocutilsHTMLTranslator
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _
from sphinx.writers.html5 import HTML5Translator

from editions.config import edition_language, edition_settings
from editions.ext.nodes import is_photo
from editions.layout import DOWNLOADS_SCRIPT, LANDING_PAGE
from editions.text.bidi import html_runs

# ---------------------------------------------------------------------------
# Links between editions


def page_href(config: Config, pagename: str, target: str) -> str:
    """``target`` (a path under the site's root) relative to this page of this edition."""
    here = posixpath.dirname(f"{edition_language(config).code}/{pagename}")
    return posixpath.relpath(target, here or ".")


def edition_links(config: Config, pagename: str) -> list[dict[str, Any]]:
    """The same page in every edition, relative to this page.

    Editions sit side by side in ``<site>/<lang>/``, so the link is the
    page's own path under the other language's folder.
    """
    current = edition_language(config)
    settings = edition_settings(config)
    links = []
    for code in settings.languages:
        lang = settings.language(code)
        links.append({
            "code": code,
            "autonym": lang.autonym,
            "direction": lang.direction,
            "href": page_href(config, pagename, f"{code}/{pagename}.html"),
            "current": code == current.code,
        })
    return links


def x_default(config: Config, pagename: str) -> str:
    """Where a reader whose language no edition has goes: the choice of editions
    for the front page, the source text's edition for the others."""
    if pagename == config.root_doc:
        return page_href(config, pagename, LANDING_PAGE)
    source = edition_settings(config).source_language
    return page_href(config, pagename, f"{source}/{pagename}.html")


def html_page_context(app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: nodes.document | None) -> None:
    lang = edition_language(app.config)
    # The basic theme's <html> tag names no direction; ``html_tag`` is its hook.
    context["html_tag"] = (f'<html lang="{lang.code}" dir="{lang.direction}" '
                           f'data-content_root="{context.get("content_root", "")}">')
    context["editions_language"] = lang
    # A book's pages (EPUB) have no other editions and load no script (Sphinx's EPUB
    # builder leaves every .js file out of the book).
    embedded = getattr(app.builder, "embedded", False)
    context["editions_links"] = [] if embedded else edition_links(app.config, pagename)
    context["editions_x_default"] = x_default(app.config, pagename)
    context["editions_landing"] = (page_href(app.config, pagename, LANDING_PAGE)
                                   + f"#edition-{lang.code}")
    context["editions_downloads_script"] = page_href(app.config, pagename, DOWNLOADS_SCRIPT)
    # The copyright line is the publication's, often in another script than the page's.
    context["editions_copyright"] = html_runs(str(app.config.copyright or ""), lang.script,
                                              lang.direction)


# ---------------------------------------------------------------------------
# The translator


class EditionsHTMLTranslator(HTML5Translator):
    """Photo captions without a permalink, well closed; each note's other editions."""

    def depart_caption(self, node: nodes.Element) -> None:
        if not is_photo(node.parent):
            super().depart_caption(node)
            return
        # A photo's id is docutils' running number, not an address to share.
        self.body.append("</span>")
        DocutilsHTMLTranslator.depart_caption(self, node)

    def depart_figure(self, node: nodes.Element) -> None:
        # Docutils closes <figcaption> only when the figure holds more than its caption;
        # a {photo} without an image holds nothing else.
        if len(node) == 1 and isinstance(node[0], nodes.caption):
            self.body.append("</figcaption>\n")
        super().depart_figure(node)

    def depart_paragraph(self, node: nodes.Element) -> None:
        # The other editions' links end the note's last paragraph: no line of their own.
        if isinstance(node.parent, nodes.footnote) and node is node.parent.children[-1]:
            self.body.append(self.note_links(node.parent))
        super().depart_paragraph(node)

    def note_links(self, node: nodes.Element) -> str:
        """The same note in the other editions: ``az · en · ru``."""
        note_id = next((str(i) for i in node.get("ids", []) if str(i).startswith("fn-")), "")
        if not note_id or getattr(self.builder, "embedded", False):
            return ""
        docname = self.builder.current_docname
        # A code is no word of any language (lang="zxx"); hreflang names the language.
        # Left to right, so the codes read in the switcher's order in every edition.
        links = [f'<a href="{self.attval(link["href"])}#{note_id}" hreflang="{link["code"]}" '
                 f'title="{self.attval(link["autonym"])}">{link["code"]}</a>'
                 for link in edition_links(self.config, docname) if not link["current"]]
        if not links:
            return ""
        label = self.encode(_("Same note in other editions"))
        return (f' <span class="editions-note-links"><span class="editions-hidden">{label}: '
                f'</span><bdi lang="zxx" dir="ltr">{" · ".join(links)}</bdi></span>')
