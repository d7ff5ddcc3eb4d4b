"""The site around the editions: the landing page, and each edition's downloads.

Both are made from the manifest once every format is published: only then are
the PDF and EPUB that the pages offer known (a run builds the HTML first).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from babel.units import format_unit

from editions.ext.html import og_locale
from editions.ext.status import percent
from editions.ext.translations import interface_translator
from editions.languages import Language, localize_digits
from editions.layout import BOOKS, DOWNLOADS_SCRIPT, Format
from editions.pipeline.publish import atomic_write
from editions.pipeline.status import write_status_page
from editions.pipeline.templates import page_templates
from editions.project import Project


def file_size(size: int, lang: Language) -> str:
    """A file's size as the language writes it: ``1,2 MB``, ``۱٫۲ MB``, ``340 кБ``."""
    if size >= 1_000_000:
        unit, value, pattern = "digital-megabyte", size / 1_000_000, "#,##0.#"
    else:
        unit, value, pattern = "digital-kilobyte", max(1.0, size / 1000), "#,##0"
    text = format_unit(value, unit, length="short", format=pattern,
                       locale=lang.babel_locale, numbering_system="default")
    return localize_digits(text, lang.digits)


def downloads(project: Project, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """An edition's published books; ``href`` relative to the edition's folder."""
    lang = project.settings.language(entry["language"])
    found = []
    for fmt, (label, media_type) in BOOKS.items():
        path = project.site_dir / entry[fmt] if entry.get(fmt) else None
        if path is None or not path.is_file():
            continue
        size = path.stat().st_size
        found.append({"format": fmt, "label": label, "type": media_type, "bytes": size,
                      "size": file_size(size, lang),
                      "href": Path(entry[fmt]).relative_to(lang.code).as_posix()})
    return found


def bilingual_books(project: Project, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """An edition's bilingual EPUBs (its passages with another edition's), as downloads."""
    lang = project.settings.language(entry["language"])
    found = []
    for book in entry.get("parallel_epubs", []):
        path = project.site_dir / str(book.get("path", ""))
        if book.get("status") != "ok" or not path.is_file():
            continue
        other = project.settings.language(str(book["with"]))
        size = path.stat().st_size
        # Named by the two languages' own names: the reader knows them in any edition.
        found.append({"format": "epub", "label": f"EPUB {lang.autonym} · {other.autonym}",
                      "type": BOOKS[Format.EPUB][1], "bytes": size, "size": file_size(size, lang),
                      "href": Path(book["path"]).relative_to(lang.code).as_posix(),
                      "other": other})
    return found


def downloads_script(project: Project, manifest: dict[str, Any]) -> str:
    editions = {entry["language"]: {"downloads": downloads(project, entry)}
                for entry in manifest.get("editions", [])}
    data = json.dumps({"editions": editions}, ensure_ascii=False, indent=1, sort_keys=True)
    return ("/* editions: each edition's PDF and EPUB, written with the landing page. */\n"
            f"window.EDITIONS_SITE = {data};\n")


def write_downloads_script(project: Project, manifest: dict[str, Any]) -> None:
    target = project.site_dir / DOWNLOADS_SCRIPT
    text = downloads_script(project, manifest)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return
    atomic_write(target, text)


def share_below_threshold(project: Project, entry: dict[str, Any], lang: Language) -> str:
    """An edition's share translated, as the switcher gives it: only below the threshold."""
    share = entry.get("translation", {}).get("share")
    if share is None or share * 100 >= project.settings.status_threshold:
        return ""
    return percent(share, lang)


def render_landing_page(project: Project, manifest: dict[str, Any]) -> str:
    # pipeline.build.write_landing_page calls this once every format is published: the
    # moment the downloads that every page offers are known, so they are written too.
    write_downloads_script(project, manifest)
    write_status_page(project, manifest)  # and the translation status it links
    template = page_templates(project.root).get_template("landing.html")
    cards = []
    for entry in manifest.get("editions", []):
        lang = project.settings.language(entry["language"])
        cards.append({"lang": lang, "entry": entry, "_": interface_translator(lang.code),
                      "downloads": downloads(project, entry),
                      "bilingual": bilingual_books(project, entry),
                      "share": share_below_threshold(project, entry, lang)})
    source = project.settings.language(project.source_language)
    # What a shared link to the front page shows: the title, and the editions offered.
    autonyms = " · ".join(card["lang"].autonym for card in cards)
    return template.render(cards=cards, source=source, _=interface_translator(source.code),
                           title=project.title(project.source_language),
                           description=f"{project.title(project.source_language)} ({autonyms})",
                           locale=og_locale(source.code),
                           alternate_locales=[og_locale(c["lang"].code) for c in cards
                                              if c["lang"].code != source.code])
