"""HTML: the page's language and direction, and every way to the same place in another edition.

Each page names its language and direction, links the same page in every
edition (``<link rel=alternate hreflang>`` and the switcher at its top), and
each note links the same note in the other editions (``fn-<label>`` is the
same everywhere).  :class:`EditionsHTMLTranslator` writes photos and runs of
another script for the web and for the EPUB builder, which subclasses it.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

import sphinx.locale
from babel.messages.pofile import read_po
from docutils import nodes
from docutils.writers.html5_polyglot import HTMLTranslator as DocutilsHTMLTranslator
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _
from sphinx.util.i18n import CatalogRepository
from sphinx.writers.html5 import HTML5Translator

from editions.languages import get_language
from editions.scripts import foreign_text, html_runs
from editions.settings import PACKAGE_DIR, edition_language
from editions.site import DOWNLOADS_SCRIPT

#: The site's front page, one level above the editions (written by editions.site).
LANDING_PAGE = "index.html"


def setup(app: Sphinx) -> None:
    app.setup_extension("editions.scripts")
    app.setup_extension("editions.search")
    # The node is editions.scripts'; this writes it in every HTML builder, EPUB included.
    app.add_node(foreign_text, override=True,
                 html=(visit_foreign_text, depart_foreign_text))
    for builder in ("html", "dirhtml", "singlehtml"):
        app.set_translator(builder, EditionsHTMLTranslator, override=True)
    # After catalogs.prepare_translations (800) has made the edition's locale folder.
    app.connect("config-inited", use_interface_catalog, priority=850)
    app.connect("config-inited", write_translations_js, priority=850)
    app.connect("html-page-context", html_page_context)


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
    links = []
    for code in config.editions_languages:
        lang = get_language(code)
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
    source = config.editions_source_language
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
    context["editions_copyright"] = html_runs(str(app.config.copyright or ""), lang)


# ---------------------------------------------------------------------------
# The translator


def is_photo(node: nodes.Node) -> bool:
    return isinstance(node, nodes.figure) and "photo" in node.get("classes", [])


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


def visit_foreign_text(translator: HTML5Translator, node: foreign_text) -> None:
    # Attributes, not CSS: ``dir`` isolates the run, and EPUB forbids unicode-bidi.
    # A run inside the text is a <bdi>; a block wholly in the other direction
    # gets a <span> with the direction of its whole text.
    tag = "span" if node.get("whole") else "bdi"
    translator.body.append(f'<{tag} lang="{node["lang"]}" dir="{node["direction"]}">')


def depart_foreign_text(translator: HTML5Translator, node: foreign_text) -> None:
    translator.body.append("</span>" if node.get("whole") else "</bdi>")


# ---------------------------------------------------------------------------
# The interface's own language in the search page's script


def sphinx_translations_js(code: str) -> Path:
    return Path(sphinx.__file__).parent / "locale" / code / "LC_MESSAGES" / "sphinx.js"


def use_interface_catalog(app: Sphinx, config: Config) -> None:
    """Read the theme's strings from the edition's locale folder first.

    Sphinx loads its "sphinx" catalog (the theme's strings) before any
    extension runs, from conf.py's ``locale_dirs``; catalogs.prepare_translations
    names the edition's folder, with the package's ``sphinx.po``, only later.
    So load it again as Sphinx would have: that folder, then Sphinx's own.
    """
    repo = CatalogRepository(app.srcdir, config.locale_dirs, config.language,
                             config.source_encoding)
    for catalog in repo.catalogs:
        if catalog.domain == "sphinx" and catalog.is_outdated():
            catalog.write_mo(config.language, config.gettext_allow_fuzzy_translations)
    dirs: list[str | Path | None] = [*repo.locale_dirs, None,
                                     Path(sphinx.__file__).parent / "locale"]
    sphinx.locale.translators.pop(("general", "sphinx"), None)
    app.translator, _found = sphinx.locale.init(dirs, config.language)


def write_translations_js(app: Sphinx, config: Config) -> None:
    """The search page's strings come from ``translations.js``, which Sphinx copies
    from a ``sphinx.js`` beside the catalogs: Sphinx's own (none for Azerbaijani)
    with the package's catalog over it, as the catalogs are for the templates."""
    code = edition_language(config).code
    source = PACKAGE_DIR / "locale" / code / "LC_MESSAGES" / "sphinx.po"
    if not source.is_file() or not config.locale_dirs:
        return
    target = Path(app.confdir, config.locale_dirs[0], code, "LC_MESSAGES", "sphinx.js")
    text = translations_js(source, code, sphinx_translations_js(code))
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


JS_CALL = "Documentation.addTranslations("


def translations_js(po: Path, code: str, shipped: Path | None = None) -> str:
    """Sphinx's ``Documentation.addTranslations`` call: ``shipped`` (Sphinx's own
    ``sphinx.js``), then the messages of the catalog ``po``."""
    data: dict[str, Any] = {"locale": code, "messages": {}, "plural_expr": ""}
    if shipped is not None and shipped.is_file():
        text = shipped.read_text(encoding="utf-8").strip()
        data = json.loads(text.removeprefix(JS_CALL).removesuffix(";").removesuffix(")"))
    # Sphinx ships some messages empty ("" or [""]): the page would show nothing.
    messages = {k: v for k, v in data["messages"].items() if v and any(v)}
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    plural_expr = data.get("plural_expr") or catalog.plural_expr
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        if isinstance(message.id, (list, tuple)):
            messages[message.id[0]] = list(message.string)
            plural_expr = catalog.plural_expr  # its forms are counted as this catalog counts
        else:
            messages[message.id] = message.string
    # Sphinx indexes the forms with the expression's value: "(n > 1)" is a boolean.
    data.update(messages=dict(sorted(messages.items())), plural_expr=f"Number({plural_expr})")
    return f"{JS_CALL}{json.dumps(data, indent=4)});\n"
