"""EPUB 3: one book per edition that passes epubcheck, right to left where the language is.

Sphinx's own EPUB builder leaves ``dc:rights`` and the version empty, knows no
right-to-left book, writes an ``<html>`` tag without the XHTML namespace once
``html.py`` has set the page's language, and its stylesheet doubles the
brackets around note numbers.  ``EditionsEpubBuilder`` takes its place under
the same name, so ``sphinx-build -b epub`` and ``editions build -f epub`` give
the same book; the pipeline has epubcheck validate it.
"""

from __future__ import annotations

import datetime as dt
import html
import logging as pylogging
import os
import re
import shutil
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.dom import minidom
from xml.dom.minidom import Document, Element

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders._epub_base import NavPoint
from sphinx.builders.epub3 import Epub3Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.locale import _
from sphinx.util import logging

from editions.config import edition_language, edition_settings
from editions.dates import PublicationDateError, long_date, publication_moment
from editions.ext import book_texts
from editions.ext.cover import CoverText, cover_svg
from editions.ext.fonts import subset_bytes
from editions.ext.html import EditionsHTMLTranslator
from editions.ext.latex import list_comma as note_comma
from editions.ext.user_values import set_default
from editions.languages import SCRIPT_FONTS, Language
from editions.problems import LOG_TYPE, Code
from editions.text.scripts import script_of

logger = logging.getLogger(__name__)

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"

TITLE_PAGE = "titlepage"
STYLE_CSS = "epub-editions.css"  # the package's, in static/
FONT_CSS = "epub-fonts.css"  # written for each book: the fonts it embeds
FONT_DIR = "fonts"
#: Sphinx's value for an EPUB setting nobody gave (dc:contributor, dc:description).
PLACEHOLDER = "unknown"
STATIC = Path(__file__).parent / "static"
#: The typographic cover, made for each book unless conf.py names a cover image.
COVER_SVG = "cover.svg"
COVER_TEMPLATE = "editions-epub-cover.html"
#: What the book keeps of _static/: its stylesheets, fonts and cover; not Sphinx's
#: web leftovers (basic.css, pygments.css, file.png, scripts).
KEPT_STATIC = (STYLE_CSS, FONT_CSS, FONT_DIR, COVER_SVG)
#: EPUB Accessibility 1.1: what the books are and hold (schema.org accessibility).
ACCESSIBILITY = (
    ("schema:accessMode", "textual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityFeature", "displayTransformability"),
    ("schema:accessibilityHazard", "none"),
)
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"


# ---------------------------------------------------------------------------
# Settings


def edition_identifier(config: Config, lang: Language) -> str:
    """The same on every rebuild and distinct for each edition, so libraries tell them apart."""
    settings = edition_settings(config)
    if settings.identifier:
        return f"{settings.identifier}:{lang.code}"
    name = f"editions:{settings.basename}:{lang.code}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


class _NoPublisherWanted(pylogging.Filter):
    """Sphinx asks for a publisher; without one in conf.py the package names none
    (``amend_package`` drops the empty element), so a minimal conf.py builds."""

    def filter(self, record: pylogging.LogRecord) -> bool:
        return '"epub_publisher" should not be empty' not in record.getMessage()


def quiet_publisher_check() -> None:
    epub3_logger = pylogging.getLogger("sphinx.sphinx.builders.epub3")
    if not any(isinstance(f, _NoPublisherWanted) for f in epub3_logger.filters):
        epub3_logger.addFilter(_NoPublisherWanted())


def apply_epub_defaults(app: Sphinx, config: Config) -> None:
    """Derive Sphinx's epub_* settings from the edition, so conf.py needs none.

    Every builder runs this, not only EPUB: several of these settings rebuild
    the environment, which the EPUB build shares with the HTML one.
    """
    lang = edition_language(config)
    settings = edition_settings(config)
    set_default(config, "epub_basename", settings.basename)
    # epub_title, epub_author and epub_language follow project, author and language
    # through Sphinx's own callable defaults.
    # No publisher unless conf.py names one: a default would say something false.
    set_default(config, "epub_publisher", settings.localized("publisher", lang.code, ""))
    if not config.epub_publisher:
        quiet_publisher_check()
    set_default(config, "epub_copyright",
                settings.localized("rights", lang.code, default_rights(config, lang)))
    set_default(config, "epub_identifier", edition_identifier(config, lang))
    set_default(config, "epub_uid", "pub-id")
    # An article has no index entries: Sphinx's index would be an empty page.
    set_default(config, "epub_use_index", False)
    # The web stylesheets use what EPUB forbids (unicode-bidi) or lays out a sidebar.
    set_default(config, "epub_css_files", [STYLE_CSS, FONT_CSS])
    web_css = sorted(f"_static/{p.name}" for p in STATIC.glob("*.css")
                     if not p.name.startswith("epub-"))
    config.epub_exclude_files = [*config.epub_exclude_files, *web_css]
    _apply_cover(app, config)


def _apply_cover(app: Sphinx, config: Config) -> None:
    name = edition_settings(config).cover
    cover = Path(app.confdir) / name
    image = cover.name if name and cover.is_file() else COVER_SVG
    set_default(config, "epub_cover", (f"_static/{image}", COVER_TEMPLATE))


def default_rights(config: Config, lang: Language) -> str:
    return book_texts.default_rights(str(config.copyright), str(config.author),
                                     publication_day(config).year, lang.digits)


def publication_day(config: Config) -> dt.date:
    return publication_time(config).date()


def publication_time(config: Config) -> dt.datetime:
    """The publication's moment (editions.dates); the latex builder reports a bad value."""
    try:
        moment = publication_moment(edition_settings(config).date, os.environ)
    except PublicationDateError:
        moment = None
    return moment or dt.datetime.now(dt.UTC).replace(microsecond=0)


def check_cover(app: Sphinx) -> None:
    """Only the EPUB has a cover: other formats need not hear of a wrong path."""
    name = edition_settings(app.config).cover
    cover = Path(app.confdir) / name
    if isinstance(app.builder, EditionsEpubBuilder) and name and not cover.is_file():
        logger.warning("editions_cover: %s does not exist, so the book has no cover; fix "
                       "the path (relative to conf.py) or remove the setting", cover,
                       location=str(Path(app.confdir) / "conf.py"),
                       type=LOG_TYPE, subtype=Code.EPUB)


# ---------------------------------------------------------------------------
# Pages


def xhtml_page_context(app: Sphinx, pagename: str, templatename: str,
                       context: dict[str, Any], doctree: nodes.document | None) -> None:
    if not isinstance(app.builder, EditionsEpubBuilder):
        return
    lang = edition_language(app.config)
    # XHTML needs the namespace; epub:type needs its prefix; xml:lang is XML's own.
    context["html_tag"] = (f'<html xmlns="{XHTML_NS}" xmlns:epub="{EPUB_NS}" '
                           f'lang="{lang.code}" xml:lang="{lang.code}" dir="{lang.direction}">')
    # The other editions are web pages outside the book.
    context["editions_links"] = []
    # Only the book's own stylesheets: not Sphinx's web theme (epub.css, basic.css,
    # pygments.css), whose links and colours are a web page's.
    context["css_files"] = [css for css in context.get("css_files", [])
                            if Path(str(getattr(css, "filename", css))).name
                            in (STYLE_CSS, FONT_CSS)]
    context["editions_cover_alt"] = f"{app.config.epub_title} — {app.config.epub_author}"


def collect_title_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    if not isinstance(app.builder, EditionsEpubBuilder):
        return []
    config = app.config
    lang = edition_language(config)
    settings = edition_settings(config)
    credit = book_texts.translation_credit(lang.code, settings.source_language,
                                settings.localized("translators", lang.code, ""))
    fields = [("h1", "title", config.epub_title), ("p", "author", config.epub_author),
              *(("p", "translation", line) for line in credit),
              ("p", "publisher", config.epub_publisher),
              ("p", "date", long_date(publication_day(config), lang)),
              ("p", "rights", config.epub_copyright)]
    # Each field takes its direction from its own text: rights are often in another script.
    lines = [f'<{tag} class="{cls}" dir="auto">{html.escape(text)}</{tag}>'
             for tag, cls, text in fields if text]
    body = ('<section class="editions-titlepage" epub:type="titlepage">\n'
            + "\n".join(lines) + "\n</section>\n")
    return [(TITLE_PAGE, {"title": config.epub_title, "body": body}, "page.html")]


class EpubTranslator(EditionsHTMLTranslator):
    """Notes as EPUB 3 pop-up footnotes; photos and runs of another script as on the web
    (a note wholly in the other direction is such a run: editions.scripts)."""

    _note_label = ""

    def visit_footnote_reference(self, node: nodes.Element) -> None:
        previous = node.previous_sibling()
        if isinstance(previous, nodes.footnote_reference):
            # 13,14,15 rather than 131415, with the edition's comma (Persian ،).
            comma = html.escape(note_comma(edition_language(self.config)))
            self.body.append(f'<sup class="note-separator">{comma}</sup>')
        # No "brackets" class: Sphinx's epub.css adds brackets to docutils' own ([[24]]).
        self.body.append(self.starttag(node, "a", suffix="", classes=["footnote-reference"],
                                       role="doc-noteref", href="#" + node["refid"],
                                       **{"epub:type": "noteref"}))
        self.body.append("<sup>")

    def depart_footnote_reference(self, node: nodes.Element) -> None:
        self.body.append("</sup></a>")

    def visit_footnote(self, node: nodes.Element) -> None:
        if not isinstance(node.previous_sibling(), nodes.footnote):
            heading = html.escape(book_texts.notes_heading(edition_language(self.config).code))
            self.body.append('<section class="footnote-list" epub:type="footnotes">\n'
                             f'<h2 class="notes-heading">{heading}</h2>\n')
        self.body.append(self.starttag(node, "aside", classes=["footnote"],
                                       role="doc-footnote", **{"epub:type": "footnote"}))

    def depart_footnote(self, node: nodes.Element) -> None:
        self._flush_note_label()
        self.body.append("</aside>\n")
        if not isinstance(node.next_node(descend=False, siblings=True), nodes.footnote):
            self.body.append("</section>\n")

    def visit_label(self, node: nodes.Element) -> None:
        if not isinstance(node.parent, nodes.footnote):
            super().visit_label(node)
            return
        # The number opens the note's first paragraph: no float, either direction.
        self._note_label = self._label_markup(node)
        raise nodes.SkipNode

    def visit_paragraph(self, node: nodes.Element) -> None:
        super().visit_paragraph(node)
        if isinstance(node.parent, nodes.footnote):
            self._flush_note_label()

    def _flush_note_label(self) -> None:
        if self._note_label:
            self.body.append(self._note_label)
            self._note_label = ""

    def _label_markup(self, node: nodes.Element) -> str:
        number = self.encode(node.astext())
        backrefs = node.parent.get("backrefs", [])
        if len(backrefs) == 1:
            return (f'<a class="footnote-label" role="doc-backlink" '
                    f'href="#{backrefs[0]}">{number}</a> ')
        digits = edition_language(self.config).number
        links = " ".join(f'<a role="doc-backlink" href="#{ref}">{digits(i)}</a>'
                         for i, ref in enumerate(backrefs, start=1))
        backlinks = f'<span class="backrefs">({links})</span> ' if links else ""
        return f'<span class="footnote-label">{number}</span> {backlinks}'


# ---------------------------------------------------------------------------
# The builder


class EditionsEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, made to pass epubcheck and to read in either direction."""

    name = "epub"
    default_translator_class = EpubTranslator

    def init(self) -> None:
        super().init()
        # Sphinx writes these English titles into every book.
        self.guide_titles = {"toc": str(_("Table of Contents")), "cover": str(_("Cover"))}

    def get_toc(self) -> None:
        super().get_toc()
        # The title page opens the spine; the table of contents lists only the text.
        self.refnodes.insert(0, {"level": 1, "refuri": TITLE_PAGE + self.out_suffix,
                                 "text": html.escape(self.config.epub_title)})

    def content_metadata(self) -> dict[str, Any]:
        metadata = super().content_metadata()
        # dcterms:modified: the publication's moment, not the build's.
        metadata["date"] = publication_time(self.config).strftime("%Y-%m-%dT%H:%M:%SZ")
        # Sphinx derives the direction from the writing mode: always ltr across.
        metadata["page_progression_direction"] = edition_language(self.config).direction
        return metadata

    def toc_metadata(self, level: int, navpoints: list[NavPoint]) -> dict[str, Any]:
        metadata = super().toc_metadata(level, navpoints)
        # The NCX names the book by its identifier; Sphinx gives the identifier's XML id.
        metadata["uid"] = html.escape(self.config.epub_identifier)
        return metadata

    def handle_finish(self) -> None:
        # Before the manifest is made from what lies in the output folder.
        self._embed_fonts()
        super().handle_finish()

    def copy_static_files(self) -> None:
        super().copy_static_files()
        static = self.outdir / "_static"
        for leftover in sorted(static.iterdir()) if static.is_dir() else []:
            if leftover.name not in KEPT_STATIC:
                shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        cover = edition_settings(self.config).cover
        if self.config.epub_cover and cover and (self.confdir / cover).is_file():
            shutil.copyfile(self.confdir / cover, self.outdir / self.config.epub_cover[0])
        elif self.config.epub_cover and self.config.epub_cover[0] == f"_static/{COVER_SVG}":
            self._write_cover(static / COVER_SVG)

    def _write_cover(self, target: Path) -> None:
        lang = edition_language(self.config)
        family = lang.font_for(lang.script).replace(" ", "")
        dirs = [Path(d) for d in edition_settings(self.config).epub_font_dirs]
        fonts = [next((d / f"{family}-{style}.ttf" for d in dirs
                       if (d / f"{family}-{style}.ttf").is_file()), None)
                 for style in ("Bold", "Regular")]
        text = CoverText(self.config.epub_title, self.config.epub_author, lang.code,
                         lang.direction)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(cover_svg(text, fonts[0], fonts[1]), encoding="utf-8")

    def build_epub(self) -> None:
        """The book as Sphinx packs it, but every entry dated by the publication and
        given the same permissions, so that two builds give the same bytes."""
        stamp = publication_time(self.config).timetuple()[:6]
        epub = self.outdir / f"{self.config.epub_basename}.epub"
        names = ["mimetype", "META-INF/container.xml", "content.opf", "toc.ncx", *self.files]
        with zipfile.ZipFile(epub, "w", zipfile.ZIP_DEFLATED) as book:
            for name in dict.fromkeys(names):
                entry = zipfile.ZipInfo(name, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
                entry.external_attr = 0o644 << 16
                entry.compress_type = (zipfile.ZIP_STORED if name == "mimetype"
                                       else zipfile.ZIP_DEFLATED)
                book.writestr(entry, (self.outdir / name).read_bytes())

    def build_content(self) -> None:
        super().build_content()
        amend_package(self.outdir / "content.opf", edition_language(self.config),
                      self.config, self._landmarks())

    def build_navigation_doc(self) -> None:
        super().build_navigation_doc()
        amend_navigation(self.outdir / "nav.xhtml", edition_language(self.config),
                         self._landmarks())

    def _landmarks(self) -> list[Landmark]:
        """Title page, table of contents, and where the text begins."""
        root = self.config.root_doc + self.out_suffix
        title_page = TITLE_PAGE + self.out_suffix
        pages = [n for n in self.refnodes if "#" not in n["refuri"]]
        start = next((n for n in pages if n["refuri"] not in (title_page, root)), pages[1])
        cover = ([Landmark("cover", "cover", self.coverpage_name, self.guide_titles["cover"])]
                 if self.config.epub_cover and self.config.epub_cover[1] else [])
        return [*cover,
                Landmark("titlepage", "title-page", title_page, self.config.epub_title),
                Landmark("toc", "toc", root, self.guide_titles["toc"]),
                Landmark("bodymatter", "text", start["refuri"], html.unescape(start["text"]))]

    def _embed_fonts(self) -> None:
        lang = edition_language(self.config)
        text = book_text(self.outdir)
        scripts = scripts_used(self.env, [self.config.epub_title, self.config.epub_author,
                                          text])
        settings = edition_settings(self.config)
        embed = [s for s in settings.epub_embed_scripts if s in scripts]
        embed.sort(key=lambda s: s != lang.script)  # the edition's own script first
        faces = []
        for script in embed:
            styles = ("Regular", "Bold") if script == lang.script else ("Regular",)
            faces += embed_font(lang.font_for(script), script, styles,
                                [Path(d) for d in settings.epub_font_dirs],
                                self.outdir / "_static" / FONT_DIR, text)
        css = font_css(faces, own_family=lang.font_for(lang.script))
        (self.outdir / "_static" / FONT_CSS).write_text(css, encoding="utf-8")


@dataclass(frozen=True)
class Landmark:
    epub_type: str  # EPUB 3 landmarks
    guide_type: str  # the EPUB 2 guide, which Sphinx still writes
    href: str
    title: str


# ---------------------------------------------------------------------------
# Fonts


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: str  # normal | bold
    href: str  # relative to _static/


def scripts_used(env: BuildEnvironment, extra: list[str]) -> set[str]:
    """Every script in the book's text, from all documents, not only those rewritten."""
    chars = set("".join(extra))
    for docname in env.found_docs:
        chars.update(env.get_doctree(docname).astext())
    return {s for s in map(script_of, chars) if s}


def book_text(outdir: Path) -> str:
    """Every character the book's pages show (its XHTML, markup stripped), for subsetting."""
    text = []
    for page in sorted(outdir.rglob("*.xhtml")):
        markup = page.read_text(encoding="utf-8")
        text.append(html.unescape(re.sub(r"<[^>]*>", " ", markup)))
    return "".join(sorted(set("".join(text))))


def subset_font(source: Path, target: Path, text: str) -> None:
    target.write_bytes(subset_bytes(source, text))


def embed_font(family: str, script: str, styles: tuple[str, ...], dirs: list[Path],
               target: Path, text: str) -> list[FontFace]:
    """The family's files (Noto names them ``NotoNaskhArabic-Bold.ttf``), subset to
    the book's characters, into the book."""
    faces = []
    for style in styles:
        name = f"{family.replace(' ', '')}-{style}.ttf"
        found = next((d / name for d in dirs if (d / name).is_file()), None)
        if found is None:
            package = SCRIPT_FONTS.get(script, ("", "fonts-noto-core"))[1]
            logger.warning("font %s not found in %s: the book shows %s text in the reader's "
                           "own font, or as boxes; install it (apt-get install %s) or add its "
                           "folder to editions_epub_font_dirs", name,
                           ", ".join(map(str, dirs)), script, package,
                           type=LOG_TYPE, subtype=Code.EPUB)
            continue
        target.mkdir(parents=True, exist_ok=True)
        subset_font(found, target / name, text)
        faces.append(FontFace(family, "bold" if style == "Bold" else "normal",
                              f"{FONT_DIR}/{name}"))
    return faces


def font_css(faces: list[FontFace], own_family: str) -> str:
    rules = ["/* editions: the fonts this book embeds, for the scripts it uses */"]
    rules += [f'@font-face {{ font-family: "{f.family}"; font-style: normal; '
              f'font-weight: {f.weight}; src: url({f.href}); }}' for f in faces]
    families = list(dict.fromkeys(f.family for f in faces))
    if families:
        # Each letter takes the first family that has it: the font of the edition's own
        # script leads when embedded, otherwise the reader's serif; the others fill in.
        lead = [own_family] if own_family in families else []
        order = [*(f'"{f}"' for f in lead), "serif",
                 *(f'"{f}"' for f in families if f not in lead)]
        rules.append(f"body {{ font-family: {', '.join(order)}; }}")
    return "\n".join(rules) + "\n"


# ---------------------------------------------------------------------------
# Package and navigation documents


def _child(parent: Element, tag: str, text: str = "", **attributes: str) -> Element:
    """Append an element; ``epub__type="toc"`` writes ``epub:type="toc"``."""
    document = parent.ownerDocument
    assert document is not None
    element = document.createElement(tag)
    for name, value in attributes.items():
        element.setAttribute(name.replace("__", ":"), value)
    if text:
        element.appendChild(document.createTextNode(text))
    parent.appendChild(element)
    return element


def _root(document: Document) -> Element:
    root = document.documentElement
    assert root is not None
    return root


def _only(parent: Element | Document, tag: str) -> Element:
    return parent.getElementsByTagName(tag)[0]


def _remove(element: Element) -> None:
    """Remove an element and the indentation before it."""
    parent, before = element.parentNode, element.previousSibling
    assert isinstance(parent, Element)
    if isinstance(before, minidom.Text) and not before.data.strip():
        parent.removeChild(before)
    parent.removeChild(element)


def _save(document: Document, path: Path) -> None:
    # minidom would write the declaration, the doctype and the root on one line.
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', *(n.toxml() for n in document.childNodes)]
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


def amend_package(path: Path, lang: Language, config: Config,
                  landmarks: list[Landmark]) -> None:
    """What Sphinx's content.opf template cannot say: direction, cover, true metadata."""
    # minidom keeps the prefixes and the layout that Sphinx's template wrote.
    document = minidom.parse(str(path))
    _root(document).setAttribute("dir", lang.direction)
    metadata = _only(document, "metadata")
    for tag in ("dc:contributor", "dc:description", "dc:publisher"):
        for element in metadata.getElementsByTagName(tag):
            if element.firstChild is None or _text(element) == PLACEHOLDER:
                _remove(element)
    # Sphinx dates the book by the build: the publication's date instead.
    for element in metadata.getElementsByTagName("dc:date"):
        _remove(element)
    _child(metadata, "dc:date", publication_day(config).isoformat())
    add_translator(metadata, lang, config)
    add_accessibility(metadata, lang, config)
    if config.epub_cover:
        for item in document.getElementsByTagName("item"):
            if item.getAttribute("href") == config.epub_cover[0]:
                item.setAttribute("properties", "cover-image")
    guide = _only(document, "guide")
    for reference in guide.getElementsByTagName("reference"):
        if reference.getAttribute("type") in ("toc", "cover"):
            _remove(reference)  # written again below, with the landmarks
    for mark in landmarks:
        _child(guide, "reference", type=mark.guide_type, title=mark.title, href=mark.href)
    _save(document, path)


def add_translator(metadata: Element, lang: Language, config: Config) -> None:
    """A translated edition names the edition it was translated from (dc:source) and
    its translator when conf.py gives one, with MARC's role ``trl``."""
    settings = edition_settings(config)
    if lang.code == settings.source_language:
        return
    _child(metadata, "dc:source",
           edition_identifier(config, settings.language(settings.source_language)))
    name = settings.localized("translators", lang.code, "")
    if not name:
        return
    _child(metadata, "dc:contributor", name, id="translator")
    _child(metadata, "meta", "trl", refines="#translator", property="role",
           scheme="marc:relators")


def add_accessibility(metadata: Element, lang: Language, config: Config) -> None:
    """EPUB Accessibility 1.1: how the book can be read, in the edition's language."""
    for prop, value in ACCESSIBILITY:
        _child(metadata, "meta", value, property=prop)
    _child(metadata, "meta", book_texts.accessibility_summary(lang.code),
           property="schema:accessibilitySummary", **{"xml:lang": lang.code})
    _child(metadata, "meta", CONFORMS_TO, property="dcterms:conformsTo")
    certifier = edition_settings(config).accessibility_certifier
    if certifier:
        _child(metadata, "meta", certifier, property="a11y:certifiedBy")


def amend_navigation(path: Path, lang: Language, landmarks: list[Landmark]) -> None:
    """The navigation document reads in the edition's direction and names the landmarks."""
    document = minidom.parse(str(path))
    _root(document).setAttribute("dir", lang.direction)
    for nav in document.getElementsByTagName("nav"):
        if nav.getAttribute("epub:type") == "toc":
            nav.setAttribute("role", "doc-toc")  # the ARIA role of its epub:type
    head = _only(document, "head")
    for css in (STYLE_CSS, FONT_CSS):
        _child(head, "link", rel="stylesheet", type="text/css", href=f"_static/{css}")
    nav = _child(_only(document, "body"), "nav", epub__type="landmarks", hidden="hidden")
    items = _child(nav, "ol")
    for mark in landmarks:
        _child(_child(items, "li"), "a", mark.title, epub__type=mark.epub_type, href=mark.href)
    _save(document, path)


def _text(element: Element) -> str:
    return "".join(n.data for n in element.childNodes if isinstance(n, minidom.Text)).strip()
