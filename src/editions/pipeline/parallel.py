"""The parallel view: each chapter of one edition beside the same chapter of another.

Made from what the build already made, with no Sphinx run of its own: the published
HTML page of each edition is parsed (lxml), its passages taken by their ids (``p-<hash>``
of the source message, the same in every edition, see ``ext.transforms``) and its notes
by ``fn-<label>``, and one page per chapter and ordered pair of editions is rendered
(``ext/templates/editions/parallel.html``) at ``<lang>/parallel/<other>/<page>.html``.

Each page is stamped with the digests of the pages it was made from, so a msgstr edit
renders again only the pages that show that chapter of that edition. The pages are
rendered into the work folder and published as one folder per edition
(``publish_tree``): a reader sees the old parallel pages or the new ones, never half.
"""

from __future__ import annotations

import copy
import hashlib
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
from jinja2 import Environment, select_autoescape
from lxml.html import HtmlElement
from markupsafe import Markup

from editions.ext.translations import interface_translator
from editions.layout import PARALLEL_DIR, parallel_path
from editions.pipeline.incremental import package_digest
from editions.pipeline.publish import atomic_write, publish_tree, signals_deferred
from editions.pipeline.templates import package_templates
from editions.project import Project

PAGE_TEMPLATE = "editions/parallel.html"
#: Beside the work folder's parallel pages: which inputs made each of them.
STAMPS = "parallel.json"
#: A passage's status when the edition shows the source text instead of a translation.
FALLBACK_STATUSES = ("source", "fallback", "untranslated", "fuzzy", "refused")
#: Links that leave the page as they are.
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
#: A note's and a note reference's ids: the language goes after the prefix, so a
#: preview script that looks for ``#fn-`` finds the other language's notes too.
NOTE_IDS = re.compile(r"^(fn|fnref)-(.+)$")


# ---------------------------------------------------------------------------
# One edition's chapter, read from its built page


@dataclass
class Passage:
    """One aligned unit: a paragraph, heading, caption's figure or note."""

    id: str
    element: HtmlElement
    text: str
    status: str = ""

    @property
    def kind(self) -> str:
        return str(self.element.tag)


@dataclass
class Chapter:
    """What a parallel page takes from one edition's page of a chapter."""

    code: str
    pagename: str
    title: str
    passages: dict[str, Passage] = field(default_factory=dict)
    notes: dict[str, Passage] = field(default_factory=dict)
    stylesheets: list[str] = field(default_factory=list)  # relative to the edition's root
    preview_template: str = ""

    @property
    def order(self) -> list[str]:
        return list(self.passages)


def page_file(project: Project, code: str, pagename: str) -> Path:
    return project.site_dir / code / f"{pagename}.html"


def read_chapter(path: Path, code: str, pagename: str) -> Chapter:
    """The passages (in document order) and notes of one built page."""
    document = lxml.html.document_fromstring(path.read_bytes())
    main = _main(document)
    chapter = Chapter(code, pagename, "")
    if main is None:
        return chapter
    for element in main.iter():
        if not isinstance(element.tag, str):
            continue
        ident = element.get("id", "")
        if ident.startswith("p-") and _in_note(element) is None:
            chapter.passages[ident] = _passage(element, ident)
        elif ident.startswith("fn-") and element.tag == "aside":
            chapter.notes[ident] = _passage(element, ident)
    h1 = main.find(".//h1")
    if h1 is not None:
        chapter.title = _text(_without_headerlinks(h1))
    prefix = "../" * pagename.count("/")
    for link in document.iterfind(".//head/link[@rel='stylesheet']"):
        href = link.get("href", "")
        if href and not EXTERNAL.match(href):
            chapter.stylesheets.append(posixpath.normpath(
                posixpath.join(posixpath.dirname(pagename), href)).removeprefix(prefix))
    template = document.find(".//template[@id='editions-preview-template']")
    if template is not None:
        chapter.preview_template = lxml.html.tostring(template, encoding="unicode")
    return chapter


def _main(document: HtmlElement) -> HtmlElement | None:
    for xpath in ("//main[@id='furo-main-content']", "//main", "//*[@role='main']"):
        found = document.xpath(xpath)
        if found:
            element: HtmlElement = found[0]
            return element
    return None


def _in_note(element: HtmlElement) -> HtmlElement | None:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == "aside" and "footnote" in parent.get("class", "").split():
            return parent
        parent = parent.getparent()
    return None


def _passage(element: HtmlElement, ident: str) -> Passage:
    clean = _without_headerlinks(copy.deepcopy(element))
    for menu in clean.xpath(".//details[contains(@class, 'editions-note-menu')]"):
        menu.drop_tree()
    status = element.get("data-translation-status", "")
    return Passage(ident, clean, _text(clean), status)


def _without_headerlinks(element: HtmlElement) -> HtmlElement:
    for link in element.xpath(".//a[contains(concat(' ', @class, ' '), ' headerlink ')]"):
        link.drop_tree()
    return element


def _text(element: HtmlElement) -> str:
    return " ".join(str(element.text_content()).split())


# ---------------------------------------------------------------------------
# A cell: a passage's markup with its ids made unique in the page


@dataclass(frozen=True)
class Placement:
    """Where a cell's markup came from and goes: its ids' prefix and its links' base."""

    code: str
    prefix: bool  # the reader's ids stay as in its own edition; the other's are prefixed
    source_page: str  # the built page, relative to the site's root
    target_page: str  # the parallel page, relative to the site's root

    def rename(self, ident: str) -> str:
        if not self.prefix:
            return ident
        note = NOTE_IDS.match(ident)
        return f"{note.group(1)}-{self.code}-{note.group(2)}" if note else f"{self.code}-{ident}"

    def rebase(self, href: str) -> str:
        """A link of the built page, from the parallel page."""
        if not href or EXTERNAL.match(href):
            return href
        if href.startswith("#"):
            return "#" + self.rename(href[1:])
        path, _, fragment = href.partition("#")
        absolute = posixpath.normpath(posixpath.join(posixpath.dirname(self.source_page), path))
        rebased = posixpath.relpath(absolute, posixpath.dirname(self.target_page))
        return rebased + (f"#{fragment}" if fragment else "")


def cell_markup(passage: Passage, place: Placement, keep_id: bool = False) -> Markup:
    element = copy.deepcopy(passage.element)
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        if node.get("id"):
            node.set("id", place.rename(node.get("id", "")))
        for attribute in ("href", "src"):
            if node.get(attribute) is not None:
                node.set(attribute, place.rebase(node.get(attribute, "")))
    if not keep_id:
        element.attrib.pop("id", None)  # the row carries it
    element.attrib.pop("data-translation-status", None)
    return Markup(lxml.html.tostring(element, encoding="unicode").strip())


# ---------------------------------------------------------------------------
# The page


@dataclass(frozen=True)
class Pair:
    reader: str
    other: str
    pagename: str

    @property
    def path(self) -> str:
        """The parallel page, relative to the site's root."""
        return f"{self.reader}/{parallel_path(self.other, self.pagename)}"

    @property
    def key(self) -> str:
        return f"{self.other}/{self.pagename}"


def fell_back(passage: Passage | None, source: Passage | None, code: str,
              source_language: str) -> bool:
    """The edition shows the source text here: said by the page, or the very source text."""
    if passage is None:
        return False
    if passage.status:
        return passage.status in FALLBACK_STATUSES
    if code == source_language or source is None:
        return False
    return bool(passage.text) and passage.text == source.text


def render_page(project: Project, pair: Pair, chapters: dict[str, Chapter],
                env: Environment) -> str:
    settings = project.settings
    reader, other = chapters[pair.reader], chapters[pair.other]
    source = chapters.get(settings.source_language)
    reader_place = Placement(pair.reader, False, f"{pair.reader}/{pair.pagename}.html", pair.path)
    other_place = Placement(pair.other, True, f"{pair.other}/{pair.pagename}.html", pair.path)
    rows = []
    for ident in reader.order + [i for i in other.order if i not in reader.passages]:
        mine, theirs = reader.passages.get(ident), other.passages.get(ident)
        origin = source.passages.get(ident) if source else None
        either = mine or theirs
        rows.append({
            "id": ident,
            "kind": either.kind if either else "p",
            "reader": cell_markup(mine, reader_place) if mine else None,
            "other": cell_markup(theirs, other_place) if theirs else None,
            "reader_fallback": fell_back(mine, origin, pair.reader, settings.source_language),
            "other_fallback": fell_back(theirs, origin, pair.other, settings.source_language),
        })
    notes = [{"id": ident,
              "reader": cell_markup(reader.notes[ident], reader_place, keep_id=True)
              if ident in reader.notes else None,
              "other": cell_markup(other.notes[ident], other_place, keep_id=True)
              if ident in other.notes else None}
             for ident in dict.fromkeys([*reader.notes, *other.notes])]
    here = posixpath.dirname(pair.path)

    def href(target: str) -> str:
        return posixpath.relpath(target, here)

    lang, other_lang = settings.language(pair.reader), settings.language(pair.other)
    translate = interface_translator(pair.reader)
    editions = [settings.language(code) for code in settings.languages]
    return env.get_template(PAGE_TEMPLATE).render(
        lang=lang, other=other_lang, reader_title=reader.title, other_title=other.title,
        rows=rows, notes=notes, _=translate,
        stylesheets=[href(f"{pair.reader}/{css}") for css in reader.stylesheets],
        static=href(f"{pair.reader}/_static"),
        preview_template=Markup(reader.preview_template),
        single_reader=href(f"{pair.reader}/{pair.pagename}.html"),
        single_other=href(f"{pair.other}/{pair.pagename}.html"),
        canonical=canonical(project, pair, href),
        alternates=[(e.code, href(f"{e.code}/{pair.pagename}.html")) for e in editions],
        pairs=[{"lang": e, "href": href(Pair(pair.reader, e.code, pair.pagename).path),
                "current": e.code == pair.other}
               for e in editions if e.code != pair.reader],
    )


def canonical(project: Project, pair: Pair, href: Any) -> str:
    """The reader's single edition page: what search engines should index."""
    base = str(project.conf.get("html_baseurl") or "").rstrip("/")
    page = f"{pair.reader}/{pair.pagename}.html"
    return f"{base}/{page}" if base else str(href(page))


AUTOESCAPE = select_autoescape()


def environment() -> Environment:
    return package_templates(autoescape=AUTOESCAPE, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)


# ---------------------------------------------------------------------------
# What to render, and publishing


def chapters_of(project: Project) -> list[str]:
    """The pages with a parallel view: every document but the front page."""
    root = str(project.conf.get("root_doc", "index"))
    return [doc for doc in project.documents() if doc != root]


def published(project: Project) -> list[str]:
    """The editions whose HTML the site has, in the configured order."""
    return [code for code in project.language_codes
            if (project.site_dir / code / "index.html").is_file()]


def pairs_of(codes: list[str], pages: list[str]) -> Iterator[Pair]:
    for reader in codes:
        for other in codes:
            if other != reader:
                for page in pages:
                    yield Pair(reader, other, page)


def file_digest(path: Path, cache: dict[Path, str]) -> str:
    if path not in cache:
        cache[path] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    return cache[path]


def pair_stamp(project: Project, pair: Pair, cache: dict[Path, str]) -> str:
    """The inputs of one parallel page: its two pages, the source's (which tells a
    fallback), and the package (the template, this code)."""
    pages = [pair.reader, pair.other, project.source_language]
    parts = [file_digest(page_file(project, code, pair.pagename), cache) for code in pages]
    return hashlib.sha256(" ".join([package_digest(), *parts]).encode()).hexdigest()


@dataclass
class ParallelReport:
    rendered: list[str] = field(default_factory=list)  # site-relative paths
    kept: int = 0
    problems: list[str] = field(default_factory=list)


def build_parallel(project: Project) -> ParallelReport:
    """Render the parallel pages whose inputs changed, then publish each edition's folder."""
    report = ParallelReport()
    codes, pages = published(project), chapters_of(project)
    if len(codes) < 2:
        return report
    env, cache = environment(), dict[Path, str]()
    chapters: dict[tuple[str, str], Chapter] = {}
    by_reader: dict[str, list[Pair]] = {}
    for pair in pairs_of(codes, pages):
        by_reader.setdefault(pair.reader, []).append(pair)
    for reader, pairs in by_reader.items():
        work = project.work_dir(reader) / PARALLEL_DIR
        stamps_file = project.work_dir(reader) / STAMPS
        stamps = _read_stamps(stamps_file)
        fresh: dict[str, str] = {}
        changed = False
        for pair in pairs:
            target = work / pair.other / f"{pair.pagename}.html"
            if not all(page_file(project, c, pair.pagename).is_file()
                       for c in (pair.reader, pair.other)):
                report.problems.append(
                    f"{page_file(project, pair.other, pair.pagename)}: missing, so "
                    f"{pair.path} was not made: build the {pair.other} HTML again")
                continue
            stamp = pair_stamp(project, pair, cache)
            fresh[pair.key] = stamp
            if stamps.get(pair.key) == stamp and target.is_file():
                report.kept += 1
                continue
            try:
                html = render_page(project, pair, _chapters(project, pair, chapters), env)
            except Exception as exc:  # one page's failure keeps the last good one
                report.problems.append(f"{pair.path}: not made ({type(exc).__name__}: {exc}): "
                                       "the last good page stays; fix it, then build again")
                fresh[pair.key] = ""  # kept as it was, and tried again next time
                continue
            atomic_write(target, html)
            report.rendered.append(pair.path)
            changed = True
        changed |= _drop_stale(work, fresh)
        if changed or not (project.site_dir / reader / PARALLEL_DIR).is_dir():
            with signals_deferred():
                publish_tree(project.site_dir / reader / PARALLEL_DIR, work)
        atomic_write(stamps_file, json.dumps(fresh, indent=1, sort_keys=True))
    return report


def _chapters(project: Project, pair: Pair,
              cache: dict[tuple[str, str], Chapter]) -> dict[str, Chapter]:
    found = {}
    for code in dict.fromkeys([pair.reader, pair.other, project.source_language]):
        path = page_file(project, code, pair.pagename)
        if not path.is_file():
            continue
        if (code, pair.pagename) not in cache:
            cache[code, pair.pagename] = read_chapter(path, code, pair.pagename)
        found[code] = cache[code, pair.pagename]
    return found


def _read_stamps(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _drop_stale(work: Path, fresh: dict[str, str]) -> bool:
    """Pages of a chapter or an edition that is gone: not published any more."""
    dropped = False
    for page in work.rglob("*.html") if work.is_dir() else ():
        key = page.relative_to(work).with_suffix("").as_posix()
        if key not in fresh:
            page.unlink()
            dropped = True
    return dropped
