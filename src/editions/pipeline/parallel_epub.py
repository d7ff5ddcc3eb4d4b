"""A bilingual EPUB: one edition's book with another's passages after each of its own.

Made from the two editions' built books (the XHTML that Sphinx's EPUB builder left in
``_build/work/<lang>/epub/``), with no Sphinx run of its own: the first edition's book
is copied, and after each of its passages (``p-<hash>`` of the source message, the same
in every edition) the second edition's same passage is put, in its own language and
direction, set apart (``parallel-second``); the second edition's notes follow the
first's, their ids prefixed so both sets link within the page. The book is checked
with EPUBCheck and Ace like the single editions, and published as
``<site>/<a>/<basename>-<a>-<b>.epub``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from editions.pipeline.manifest import read_manifest
from editions.pipeline.publish import atomic_write, publish_file, signals_deferred
from editions.pipeline.tools.ace import AceError, run_ace
from editions.pipeline.tools.epubcheck import (
    SEVERITIES,
    CheckMessage,
    EpubcheckError,
    run_epubcheck,
)
from editions.project import Project, ProjectError

XHTML = "http://www.w3.org/1999/xhtml"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
EPUB_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {"x": XHTML, "opf": OPF, "dc": DC, "epub": EPUB_NS}
#: The second edition's look: set apart, smaller, indented on its own reading side.
STYLE = "epub-parallel.css"
#: Sides are set for each direction of the passage (its wrapper's dir), as the
#: single editions' stylesheet does for the book's: EPUB forbids CSS direction, and older reading
#: systems know no logical properties.
STYLE_RULES = """/* editions: a bilingual book's second language, set apart from the first */
div.parallel-second { margin: 0.2em 0 1em; font-size: 0.9em; color: #3a3a3a; }
/* The rule and the indent on the second language's own reading-start side, where its
   lines begin: a left-to-right passage in a right-to-left book is ruled on the left. */
div.parallel-second > div[dir="ltr"] { margin-left: 1.2em; padding-left: 0.6em;
  border-left: 2px solid #8a8a8a; text-align: left; }
div.parallel-second > div[dir="rtl"] { margin-right: 1.2em; padding-right: 0.6em;
  border-right: 2px solid #8a8a8a; text-align: right; }
div.parallel-second p, div.parallel-second figure { margin: 0; }
div.parallel-second p.parallel-heading { font-weight: bold; }
section.parallel-notes-second[dir="ltr"] { text-align: left; }
section.parallel-notes-second[dir="rtl"] { text-align: right; }
section.parallel-notes-second { margin-top: 1.5em; }
"""
NOTE_IDS = re.compile(r"^(fn|fnref)-(.+)$")
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
BODY_FAMILY = re.compile(r"body\s*\{\s*font-family:\s*([^;}]+);?\s*\}")


class ParallelEpubError(Exception):
    """The bilingual book could not be made; the message says what to do."""


@dataclass
class ParallelEpubResult:
    first: str
    second: str
    path: str = ""  # relative to the site, once published
    problems: list[str] = field(default_factory=list)
    ok: bool = False

    def record(self) -> dict[str, object]:
        return {"with": self.second, "path": self.path,
                "status": "ok" if self.ok else "failed", "problems": self.problems}


def book_dir(project: Project, code: str) -> Path:
    return project.work_dir(code) / "epub"


def parallel_name(project: Project, first: str, second: str) -> str:
    return f"{project.basename}-{first}-{second}.epub"


def parse_pairs(text: str) -> list[tuple[str, str]]:
    """``fa,az`` (or several: ``fa,az;az,fa``) as pairs of language codes."""
    pairs = []
    for part in text.replace(" ", "").split(";"):
        codes = [c for c in part.split(",") if c]
        if len(codes) != 2:
            raise ProjectError(f"--parallel {text!r}: give two language codes, such as fa,az")
        pairs.append((codes[0], codes[1]))
    return pairs


# ---------------------------------------------------------------------------
# One chapter: the second edition's passages after the first's


def rename(ident: str, code: str) -> str:
    note = NOTE_IDS.match(ident)
    return f"{note.group(1)}-{code}-{note.group(2)}" if note else f"{code}-{ident}"


def _in_note(element: etree._Element) -> bool:
    return any("footnote" in (a.get("class") or "").split() for a in element.iterancestors())


def passages(document: etree._Element) -> dict[str, etree._Element]:
    found = {}
    for element in document.iter(f"{{{XHTML}}}*"):
        ident = element.get("id") or ""
        if ident.startswith("p-") and not _in_note(element):
            found[ident] = element
    return found


def second_copy(element: etree._Element, code: str) -> etree._Element:
    """The second edition's passage, its ids and in-page links prefixed with ``code``."""
    made = renamed_copy(element, code)
    made.attrib.pop("id", None)
    if etree.QName(made).localname in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        # The book's outline stays the first language's: the second's title is a line.
        made.tag = f"{{{XHTML}}}p"
        made.set("class", "parallel-heading")
    return made


def renamed_copy(element: etree._Element, code: str) -> etree._Element:
    """A copy of ``element`` whose ids and in-page links are prefixed with ``code``, so
    the second edition's never meet the first's."""
    made = copy.deepcopy(element)
    for node in made.iter(f"{{{XHTML}}}*"):
        if node.get("id"):
            node.set("id", rename(node.get("id") or "", code))
        href = node.get("href") or ""
        if href.startswith("#"):
            node.set("href", "#" + rename(href[1:], code))
    return made


def set_language(element: etree._Element, code: str, direction: str) -> None:
    element.set("lang", code)
    element.set(XML_LANG, code)
    element.set("dir", direction)


def wrapper(code: str, direction: str, classes: str, tag: str = "div") -> etree._Element:
    box = etree.Element(f"{{{XHTML}}}{tag}")
    box.set("class", classes)
    set_language(box, code, direction)
    return box


def interleave(first: etree._ElementTree, second: etree._ElementTree, code: str,
               direction: str) -> int:
    """Put each passage of ``second`` after the same passage of ``first``; its notes after
    the first's. Returns how many passages were paired."""
    mine, theirs = passages(first.getroot()), passages(second.getroot())
    paired = 0
    for ident, element in mine.items():
        other = theirs.get(ident)
        if other is None:
            continue
        # Set apart on the first language's side; inside, the second's own direction.
        box = etree.Element(f"{{{XHTML}}}div")
        box.set("class", "parallel-second")
        inner = wrapper(code, direction, "parallel-passage")
        inner.append(second_copy(other, code))
        box.append(inner)
        parent = element.getparent()
        if parent is None:
            continue
        box.tail, element.tail = element.tail, "\n"
        parent.insert(parent.index(element) + 1, box)
        paired += 1
    _append_notes(first, second, code, direction)
    return paired


def _append_notes(first: etree._ElementTree, second: etree._ElementTree, code: str,
                  direction: str) -> None:
    lists = second.getroot().xpath("//x:section[contains(@class, 'footnote-list')]",
                                   namespaces=NS)
    if not lists:
        return
    notes = renamed_copy(lists[0], code)
    notes.set("class", "footnote-list parallel-notes-second")
    set_language(notes, code, direction)
    mine = first.getroot().xpath("//x:section[contains(@class, 'footnote-list')]",
                                 namespaces=NS)
    if mine:
        parent = mine[0].getparent()
        parent.insert(parent.index(mine[0]) + 1, notes)
    else:
        body = first.getroot().xpath("//x:div[@role='main']", namespaces=NS) or \
            first.getroot().xpath("//x:body", namespaces=NS)
        body[0].append(notes)


def link_style(tree: etree._ElementTree, href: str) -> None:
    head = tree.getroot().find(f"{{{XHTML}}}head")
    if head is None:
        return
    link = etree.SubElement(head, f"{{{XHTML}}}link")
    link.set("rel", "stylesheet")
    link.set("type", "text/css")
    link.set("href", href)


XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


def read_xhtml(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), XML_PARSER)


def write_xhtml(tree: etree._ElementTree, path: Path) -> None:
    data = etree.tostring(tree, encoding="utf-8", doctype="<!DOCTYPE html>")
    path.write_bytes(data)


# ---------------------------------------------------------------------------
# The book


def second_fonts(second_dir: Path, stage: Path, code: str) -> tuple[str, list[str]]:
    """The second book's embedded fonts, for its passages only: rules and file paths."""
    css = second_dir / "_static" / "epub-fonts.css"
    fonts = second_dir / "_static" / "fonts"
    if not css.is_file() or not fonts.is_dir():
        return "", []
    target = stage / "_static" / f"fonts-{code}"
    shutil.copytree(fonts, target, dirs_exist_ok=True)
    text = css.read_text(encoding="utf-8")
    faces = [face.replace("url(fonts/", f"url(fonts-{code}/") for face in FONT_FACE.findall(text)]
    family = BODY_FAMILY.search(text)
    # The second book's subset has only its own letters: its own family name, so the
    # first book's font of the same name (another subset) is not replaced.
    renamed = [re.sub(r'font-family:\s*"([^"]+)"', rf'font-family: "\1 {code}"', f)
               for f in faces]
    rules = "\n".join(renamed)
    if family:
        families = re.sub(r'"([^"]+)"', rf'"\1 {code}"', family.group(1).split(",")[0])
        rules += (f'\n[lang="{code}"].parallel-passage, [lang="{code}"].parallel-notes-second '
                  f"{{ font-family: {families}, {family.group(1)}; }}\n")
    files = sorted(f"_static/fonts-{code}/{p.name}" for p in target.iterdir() if p.is_file())
    return rules, files


def amend_package(opf: Path, second_lang: str, second_title: str,
                  added: list[tuple[str, str]]) -> str:
    """The second language, a distinct identifier and title, the added files; returns
    the book's identifier."""
    tree = etree.parse(str(opf), XML_PARSER)
    metadata = tree.getroot().find(f"{{{OPF}}}metadata")
    manifest = tree.getroot().find(f"{{{OPF}}}manifest")
    if metadata is None or manifest is None:
        raise ParallelEpubError(f"{opf}: no metadata or manifest: build the EPUB again")
    language = metadata.find(f"{{{DC}}}language")
    extra = etree.Element(f"{{{DC}}}language")
    extra.text = second_lang
    if language is not None:
        language.addnext(extra)
    identifier = metadata.find(f"{{{DC}}}identifier")
    if identifier is not None:
        identifier.text = f"{identifier.text}:parallel:{second_lang}"
    title = metadata.find(f"{{{DC}}}title")
    if title is not None:
        alternative = etree.SubElement(metadata, f"{{{OPF}}}meta")
        alternative.set("property", "dcterms:alternative")
        alternative.set(XML_LANG, second_lang)
        alternative.text = second_title
    for number, (href, media_type) in enumerate(added):
        item = etree.SubElement(manifest, f"{{{OPF}}}item")
        item.set("id", f"parallel-{number}")
        item.set("href", href)
        item.set("media-type", media_type)
    tree.write(str(opf), encoding="utf-8", xml_declaration=True)
    return str(identifier.text if identifier is not None else "")


def amend_ncx(ncx: Path, identifier: str) -> None:
    """EPUB 2's table of contents names the book by the package's identifier."""
    if not ncx.is_file() or not identifier:
        return
    tree = etree.parse(str(ncx), XML_PARSER)
    for meta in tree.getroot().iter("{http://www.daisy.org/z3986/2005/ncx/}meta"):
        if meta.get("name") == "dtb:uid":
            meta.set("content", identifier)
    tree.write(str(ncx), encoding="utf-8", xml_declaration=True)


def pack(stage: Path, epub: Path) -> None:
    """The OCF container: ``mimetype`` first and stored, then every other file."""
    epub.unlink(missing_ok=True)
    with zipfile.ZipFile(epub, "w") as book:
        book.write(stage / "mimetype", "mimetype", compress_type=zipfile.ZIP_STORED)
        for path in sorted(p for p in stage.rglob("*") if p.is_file()):
            name = path.relative_to(stage).as_posix()
            if name == "mimetype" or path.suffix == ".epub":
                continue
            book.write(path, name, compress_type=zipfile.ZIP_DEFLATED)


def make_book(project: Project, first: str, second: str) -> Path:
    """Write the bilingual book into the work folder; return its path."""
    first_dir, second_dir = book_dir(project, first), book_dir(project, second)
    for code, folder in ((first, first_dir), (second, second_dir)):
        if not (folder / "content.opf").is_file():
            raise ParallelEpubError(f"{folder}: no {code} EPUB built: run 'editions build "
                                    f"-l {code} -f epub' first")
    stage = project.work_dir(first) / f"epub-parallel-{second}"
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(first_dir, stage, ignore=shutil.ignore_patterns("*.epub"))
    lang = project.settings.language(second)
    rules, fonts = second_fonts(second_dir, stage, second)
    (stage / "_static" / STYLE).write_text(STYLE_RULES + rules, encoding="utf-8")
    paired = 0
    for page in chapter_pages(project, stage):
        other = second_dir / page.name
        if not other.is_file():
            continue
        tree = read_xhtml(page)
        paired += interleave(tree, read_xhtml(other), second, lang.direction)
        link_style(tree, f"_static/{STYLE}")
        write_xhtml(tree, page)
    if paired == 0:
        raise ParallelEpubError(f"{first_dir} and {second_dir} share no passage: build both "
                                "EPUBs again from the same sources")
    added = [(f"_static/{STYLE}", "text/css"), *((f, "font/ttf" if f.endswith(".ttf") else
                                                 "font/otf") for f in fonts)]
    identifier = amend_package(stage / "content.opf", second, project.title(second), added)
    amend_ncx(stage / "toc.ncx", identifier)
    epub = project.work_dir(first) / parallel_name(project, first, second)
    pack(stage, epub)
    return epub


def chapter_pages(project: Project, stage: Path) -> list[Path]:
    root = str(project.conf.get("root_doc", "index"))
    return [stage / f"{doc}.xhtml" for doc in project.documents()
            if doc != root and (stage / f"{doc}.xhtml").is_file()]


# ---------------------------------------------------------------------------
# Checked, published, listed


def check_book(project: Project, epub: Path, ace: bool,
               epubcheck: Callable[[Path], list[CheckMessage]] = run_epubcheck) -> list[str]:
    """EPUBCheck's errors and, if Ace is installed, Ace's violations: each a problem."""
    problems = []
    try:
        messages = epubcheck(epub)
    except EpubcheckError as exc:
        return [f"{epub}: {exc}"]
    problems += [f"{epub.name}: {m.where}: {m.severity} {m.id}: {m.message}"
                 for m in messages if m.severity in SEVERITIES]
    if ace:
        try:
            problems += [f"{epub.name}: {v.path}: Ace {v.impact} {v.rule}: {v.message}"
                         for v in run_ace(epub, project.root)]
        except AceError as exc:
            problems.append(f"{epub}: {exc}")
    return problems


def inputs_digest(project: Project, first: str, second: str) -> str:
    h = hashlib.sha256()
    for code in (first, second):
        book = book_dir(project, code) / f"{project.basename}.epub"
        h.update(book.read_bytes() if book.is_file() else b"")
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()


def build_parallel_epub(project: Project, first: str, second: str,
                        ace: bool | None = None,
                        epubcheck: Callable[[Path], list[CheckMessage]] = run_epubcheck,
                        ) -> ParallelEpubResult:
    """Make, check and publish the ``first``|``second`` book; Ace runs as it does for the
    single editions (``editions_epub_ace``), unless ``ace`` says otherwise."""
    ace = project.settings.epub_ace if ace is None else ace
    result = ParallelEpubResult(first, second)
    for code in (first, second):
        if code not in project.language_codes:
            result.problems.append(f"--parallel {first},{second}: {code} is not in "
                                   "editions_languages: add it to conf.py")
    if first == second:
        result.problems.append(f"--parallel {first},{second}: name two different editions")
    if result.problems:
        return result
    target = project.site_dir / first / parallel_name(project, first, second)
    stamp = project.work_dir(first) / f"epub-parallel-{second}.inputs"
    digest = inputs_digest(project, first, second)
    if target.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == digest:
        result.ok, result.path = True, f"{first}/{target.name}"
        return result
    try:
        epub = make_book(project, first, second)
    except (ParallelEpubError, OSError, etree.XMLSyntaxError) as exc:
        result.problems.append(f"{first}|{second} EPUB: {exc}")
        return result
    result.problems = check_book(project, epub, ace, epubcheck)
    if any(" ERROR " in p or " FATAL " in p or " Ace " in p or "not installed" in p
           for p in result.problems):
        result.problems.append(f"{epub}: not published — the last good "
                               f"{target.name} stays; fix the problems above")
        return result
    with signals_deferred():
        publish_file(target, epub)
    atomic_write(stamp, digest)
    result.ok, result.path = True, f"{first}/{target.name}"
    return result


def list_in_manifest(project: Project, results: list[ParallelEpubResult]) -> None:
    """Each edition's bilingual books in editions.json, beside its own formats."""
    data = read_manifest(project.site_dir)
    if not data.get("editions"):
        return
    for entry in data["editions"]:
        mine = [r for r in results if r.first == entry.get("language")]
        if not mine:
            continue
        kept = {b["with"]: b for b in entry.get("parallel_epubs", [])}
        for result in mine:
            if result.ok or result.second not in kept:
                kept[result.second] = result.record()
            else:  # failed this time: the last good book is still published
                kept[result.second] = {**kept[result.second], "status": "stale",
                                       "problems": result.problems}
        entry["parallel_epubs"] = sorted(kept.values(), key=lambda b: str(b["with"]))
    atomic_write(project.site_dir / "editions.json",
                 json.dumps(data, ensure_ascii=False, indent=2) + "\n")
