"""The site's translation status page, ``<site>/status.html``, and editions.json's shares.

Made from the manifest (which editions are published, and where) and the catalogs,
through the one model of :mod:`editions.ext.status`: chapters down, editions across,
each cell with a ``<meter>``, its counts and a link to the chapter in that edition.
It is plain HTML with its style inline: it reads without JavaScript, and from disk.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from babel.numbers import format_decimal

from editions.cache import file_identity
from editions.ext.status import STATUS_PAGE, EditionStatus, PageStatus, edition_status, percent
from editions.ext.translations import interface_translator
from editions.languages import Language, localize_digits
from editions.pipeline.publish import atomic_write
from editions.pipeline.templates import page_templates
from editions.po import CatalogError, read_catalog
from editions.project import Project

HEADING = re.compile(r"^#\s+(.+?)\s*$", re.MULTILINE)
_T = TypeVar("_T")


#: What this process last worked out from the catalogs, with their identities then:
#: the build's helper thread works it out while LuaLaTeX runs, the landing page reads it.
_known: dict[str, tuple[list[str], Any]] = {}


def _remembered(kind: str, paths: list[Path], work: Callable[[], _T]) -> _T:
    identities = [file_identity(path) for path in paths]
    known = _known.get(kind)
    if known is None or known[0] != identities:
        known = _known[kind] = (identities, work())
    return cast(_T, known[1])


def _texts(project: Project) -> list[Path]:
    return [project.root / "conf.py", *sorted(project.locale_dir.rglob("*.po")),
            *sorted(project.srcdir.rglob("*.md"))]


def prepare(project: Project) -> None:
    """Work out what the status page reads from the catalogs, ahead of writing it."""
    statuses = translation_status(project)
    for lang in project.languages:
        interface_translator(lang.code)
        for page in statuses.get(lang.code, EditionStatus(lang.code)).pages:
            translated_title(project, lang.code, page, source_title(project, page))


def translation_status(project: Project) -> dict[str, EditionStatus]:
    """Every edition's pages, from its catalogs (the source edition's are all its own)."""
    return _remembered("status", _texts(project), lambda: _translation_status(project))


def _translation_status(project: Project) -> dict[str, EditionStatus]:
    pages = page_order(project)
    found = {}
    for lang in project.languages:
        if lang.code == project.source_language:
            status = EditionStatus(lang.code)
            for page in pages:
                status.pages[page] = PageStatus(page, lang.code)
        else:
            status = edition_status(project.catalog_dir(lang.code), lang.code, pages)
        status.pages = {page: status.pages[page] for page in pages if page in status.pages}
        found[lang.code] = status
    return found


def manifest_entry(project: Project, code: str,
                   statuses: dict[str, EditionStatus] | None = None) -> dict[str, Any]:
    """An edition's ``translation`` in editions.json: its share, and each page's."""
    status = (statuses or translation_status(project)).get(code)
    if status is None:
        return {}
    total = status.total
    return {"share": round(total.share, 4), "state": total.state,
            "source_changed": total.source_changed,
            "pages": {name: page.as_dict() for name, page in status.pages.items()}}


def page_order(project: Project) -> list[str]:
    """The root document, then its toctree's chapters in order, then any other page."""
    documents = project.documents()
    root = project.srcdir / "index.md"
    listed: list[str] = []
    if root.is_file():
        block = re.search(r"```\{toctree\}(.*?)```", root.read_text(encoding="utf-8"), re.S)
        listed = [line.strip() for line in (block.group(1) if block else "").splitlines()
                  if line.strip() and not line.strip().startswith(":")]
    ordered = [d for d in ["index", *listed] if d in documents]
    return list(dict.fromkeys([*ordered, *documents]))


def source_title(project: Project, page: str) -> str:
    path = project.srcdir / f"{page}.md"
    match = HEADING.search(path.read_text(encoding="utf-8")) if path.is_file() else None
    return match.group(1) if match else page


def translated_title(project: Project, code: str, page: str, title: str) -> str:
    """The chapter's title in the edition, as its catalog gives it (if translated)."""
    path = project.catalog_dir(code) / f"{page}.po"
    if code == project.source_language or not path.is_file():
        return title
    return _remembered(f"title:{path}:{title}", [path],
                       lambda: _translated_title(path, code, title))


def _translated_title(path: Path, code: str, title: str) -> str:
    try:
        message = read_catalog(path, code).get(title)
    except CatalogError:
        return title
    good = message is not None and message.string and not message.fuzzy
    return str(message.string) if good and message is not None else title


def number(value: int, lang: Language) -> str:
    """A count as the edition writes it: ``6.431``, ``6 431``, ``۶٬۴۳۱``."""
    system = lang.digits if lang.digits in lang.locale.number_symbols else "latn"
    text = format_decimal(value, locale=lang.babel_locale, numbering_system=system)
    return localize_digits(text, lang.digits)


def cell(project: Project, lang: Language, page: PageStatus, entry: dict[str, Any],
         title: str) -> dict[str, Any]:
    _ = interface_translator(lang.code)
    published = bool(entry.get("html"))
    # Translated always; the other kinds where there are some.
    counts = [(_("Translated"), page.translated, True), (_("Needs review"), page.fuzzy, False),
              (_("Shown in the original"), page.fallen_back, False),
              (_("Untranslated"), page.untranslated, False)]
    return {
        "lang": lang, "share": page.share, "percent": percent(page.share, lang),
        "href": f"{lang.code}/{page.page}.html" if published and page.page else "",
        "title": translated_title(project, lang.code, page.page, title) if page.page else "",
        "counts": [{"label": label, "value": number(value, lang)}
                   for label, value, always in counts if value or always],
        "words": _("%(translated)s of %(total)s words").replace(
            "%(translated)s", number(page.words_translated, lang)).replace(
            "%(total)s", number(page.words, lang)),
        "changed": _("The original has changed since the translation")
        if page.source_changed else "",
        "original": lang.code == project.source_language,
        "original_text": _("The original"),
        "meter_label": _("Translated"),
        "error": page.error,
    }


def render_status_page(project: Project, manifest: dict[str, Any]) -> str:
    statuses = translation_status(project)
    entries = {e["language"]: e for e in manifest.get("editions", [])}
    editions = [lang for lang in project.languages if lang.code in statuses]
    pages = page_order(project)
    rows = []
    totals = {"title": "", "cells": [cell(project, lang, statuses[lang.code].total,
                                          entries.get(lang.code, {}), "")
                                     for lang in editions]}
    for page in pages:
        title = source_title(project, page)
        rows.append({"page": page, "title": title, "cells": [
            cell(project, lang, statuses[lang.code].pages.get(page, PageStatus(page, lang.code)),
                 entries.get(lang.code, {}), title) for lang in editions]})
    source = project.settings.language(project.source_language)
    return page_templates(project.root).get_template("status.html").render(
        title=project.title(project.source_language), source=source, editions=editions,
        entries=entries, rows=rows, totals=totals, _=interface_translator(source.code))


def write_status_page(project: Project, manifest: dict[str, Any]) -> None:
    target = project.site_dir / STATUS_PAGE
    text = render_status_page(project, manifest)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        atomic_write(target, text)
