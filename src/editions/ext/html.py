"""HTML: the page's language and direction, and every way to the same place in another edition.

Each page names its language and direction, links the same page in every
edition (``<link rel=alternate hreflang>`` and the switcher in its header), and
each note links the same note in the other editions, in the note's own small
menu (``fn-<label>`` is the same everywhere).  The theme is Furo with editions'
layer (templates/, static/, web/): the header, a right-to-left mirror of Furo's
stylesheet, the notes' previews, the search page, print, Open Graph tags.
:class:`EditionsHTMLTranslator` writes photos and runs of another script for the
web and for the EPUB builder, which subclasses it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import babel
import babel.core
import jinja2
from docutils import nodes
from docutils.writers.html5_polyglot import HTMLTranslator as DocutilsHTMLTranslator
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _
from sphinx.writers.html5 import HTML5Translator

from editions.config import edition_language, edition_settings
from editions.ext.nodes import is_photo
from editions.ext.paths import compiled_templates
from editions.ext.user_values import set_default
from editions.layout import BOOKS, DOWNLOADS_SCRIPT, LANDING_PAGE, SiteLayout
from editions.text.bidi import html_runs

#: Web-only files (the theme's mirror, the web font): copied by the web builders
#: only, so that no EPUB carries them.
WEB_STATIC = Path(__file__).parent / "web"
#: Furo's stylesheet mirrored for right-to-left editions (tools/furo_rtl.py makes it).
FURO_RTL_CSS = "editions-furo-rtl.css"
#: A description longer than this is cut at a word (about what a messenger shows).
DESCRIPTION_LENGTH = 160


# ---------------------------------------------------------------------------
# The theme: Furo, with editions' layer


def apply_theme_defaults(config: Config) -> None:
    """Furo for a reading site: the search box in the header, not in the sidebar; the
    mirrored stylesheet for a right-to-left edition (config-inited, from defaults)."""
    set_default(config, "html_theme", "furo")
    config.html_css_files = [*config.html_css_files, "editions.css", "editions-parallel.css"]
    if config.html_theme != "furo":
        return
    set_default(config, "html_sidebars", {"**": [
        "sidebar/brand.html", "sidebar/scroll-start.html", "sidebar/navigation.html",
        "sidebar/scroll-end.html"]})


def mirror_furo_stylesheet(context: dict[str, Any]) -> None:
    """Furo's stylesheet replaced by its right-to-left mirror, for the web pages only (not
    through ``html_style``: the EPUB builder reads that too, and has no such file)."""
    files = context.get("css_files") or []
    for index, css in enumerate(files):
        name = str(getattr(css, "filename", css))
        if name.split("?")[0].endswith("styles/furo.css"):
            mirrored = name.split("?")[0].replace("styles/furo.css", FURO_RTL_CSS)
            files[index] = type(css)(mirrored, priority=css.priority, **css.attributes)


def is_web_builder(app: Sphinx) -> bool:
    """A builder of the reader's site: HTML pages, not a book's (EPUB)."""
    return app.builder.format == "html" and not getattr(app.builder, "embedded", False)


def cache_compiled_templates(app: Sphinx) -> None:
    """builder-inited: the theme's templates compiled once for every build of the
    machine, not by each builder of each edition (Jinja checks each one's source)."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if isinstance(environment, jinja2.Environment) and environment.bytecode_cache is None:
        environment.bytecode_cache = compiled_templates()


def add_web_static(app: Sphinx) -> None:
    """builder-inited: the web-only files, read when the builder copies its static files."""
    if is_web_builder(app):
        app.config.html_static_path = [*app.config.html_static_path, str(WEB_STATIC)]


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
    context["editions_downloads"] = [] if embedded else book_links(app.config, pagename)
    theme = getattr(getattr(app.builder, "theme", None), "name", "")
    context["editions_web"] = theme == "furo" and not embedded
    if context["editions_web"] and lang.is_rtl:
        mirror_furo_stylesheet(context)
    context["editions_meta"] = page_meta(app.config, context, doctree)
    # The copyright line is the publication's, often in another script than the page's.
    context["editions_copyright"] = html_runs(str(app.config.copyright or ""), lang.script,
                                              lang.direction)


def book_links(config: Config, pagename: str) -> list[dict[str, str]]:
    """This edition's PDF and EPUB where the site publishes them: plain links in every
    page, for readers without JavaScript and for crawlers; editions.js adds the sizes
    and hides a book that the site does not have."""
    code = edition_language(config).code
    layout = SiteLayout(edition_settings(config).basename)
    return [{"format": str(fmt), "label": label, "type": media_type,
             "href": page_href(config, pagename, layout.path(code, fmt))}
            for fmt, (label, media_type) in BOOKS.items()]


def og_locale(code: str) -> str:
    """Open Graph's ``language_TERRITORY`` for a language code: ``fa`` is ``fa_IR``."""
    likely = str(babel.core.get_global("likely_subtags").get(code, code))
    locale = babel.Locale.parse(likely)
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """``text`` on one line, cut at the last word boundary within ``limit`` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.،؛")
    return f"{cut}…"


#: A paragraph inside one of these is not the page's own first words.
NOT_OPENING = (nodes.footnote, nodes.caption, nodes.figure, nodes.list_item)


def first_paragraph(doctree: nodes.document) -> str:
    """The page's first paragraph of text: not a note's, a caption's or a list's."""
    for paragraph in doctree.findall(nodes.paragraph):
        parent = paragraph.parent
        while parent is not None and not isinstance(parent, NOT_OPENING):
            parent = parent.parent
        if parent is None:
            return str(paragraph.astext())
    return ""


def page_meta(config: Config, context: dict[str, Any],
              doctree: nodes.document | None) -> dict[str, Any]:
    """What a link to the page shows when shared (Open Graph): its title and first
    words, in its language, with the other editions' locales."""
    lang = edition_language(config)
    settings = edition_settings(config)
    pagename = str(context.get("pagename", ""))
    title = re.sub(r"<[^>]+>", "", str(context.get("title") or config.project))
    description = first_paragraph(doctree) if doctree is not None else ""
    url = f"{config.html_baseurl.rstrip('/')}/{pagename}.html" if config.html_baseurl else ""
    return {"title": title, "description": shorten(description or str(config.project)),
            "locale": og_locale(lang.code),
            "alternate_locales": [og_locale(c) for c in settings.languages if c != lang.code],
            "type": "book" if pagename == config.root_doc else "article", "url": url}


# ---------------------------------------------------------------------------
# The translator


class EditionsHTMLTranslator(HTML5Translator):
    """Photo captions without a permalink, well closed, that say the photo is not
    reproduced; each note's other editions in its menu."""

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

    def visit_caption(self, node: nodes.Element) -> None:
        super().visit_caption(node)
        if is_photo(node.parent) and not any(isinstance(c, nodes.image) for c in node.parent):
            # Said first (on the web, in the EPUB, as in the PDF), so that the caption
            # is not read as a missing picture's.
            label = self.encode(_("Photo not reproduced in this edition"))
            self.body.insert(len(self.body) - 1, f'<span class="photo-absent">{label}</span> ')

    def visit_footnote_reference(self, node: nodes.Element) -> None:
        super().visit_footnote_reference(node)
        # A word joiner: a note's number never starts a line of its own ("[" may begin one).
        self.body.insert(len(self.body) - 1, "\u2060")

    def depart_footnote(self, node: nodes.Element) -> None:
        self.body.append(self.note_menu(node))
        super().depart_footnote(node)

    def note_menu(self, node: nodes.Element) -> str:
        """The same note in the other editions, in the note's own small menu: a
        disclosure, which opens without script and which print leaves out."""
        note_id = next((str(i) for i in node.get("ids", []) if str(i).startswith("fn-")), "")
        if not note_id or getattr(self.builder, "embedded", False):
            return ""
        docname = self.builder.current_docname
        links = [f'<li><a href="{self.attval(link["href"])}#{note_id}" '
                 f'hreflang="{link["code"]}" lang="{link["code"]}" dir="{link["direction"]}">'
                 f'{self.encode(link["autonym"])}</a></li>'
                 for link in edition_links(self.config, docname) if not link["current"]]
        if not links:
            return ""
        label = self.encode(_("Same note in other editions"))
        return (f'<details class="editions-note-menu"><summary title="{label}">'
                f'<span class="editions-hidden">{label}</span></summary>'
                f'<ul>{"".join(links)}</ul></details>\n')
