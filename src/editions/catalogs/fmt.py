"""``editions fmt``: every catalog in GNU gettext's own form, as ``msgcat`` writes it.

Poedit, Lokalize, Weblate, msgmerge and msgcat all save in that form, so a
translator's save changes only what the translator changed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from editions.po import CatalogError, canonical_form, write_if_changed
from editions.project import Project

FIX_COMMAND = "editions fmt"


@dataclass
class FormatResult:
    path: str
    written: bool
    error: str = ""


def catalog_paths(project: Project, languages: list[str] | None = None) -> list[Path]:
    return [path for lang in project.translated_languages
            if not languages or lang.code in languages
            for path in sorted(project.catalog_dir(lang.code).rglob("*.po"))]


def format_catalog(path: Path) -> FormatResult:
    """Rewrite one catalog in msgcat's form; a catalog msgcat cannot read stays as it is."""
    try:
        data = canonical_form(path.read_bytes(), str(path))
    except CatalogError as exc:
        return FormatResult(str(path), False, str(exc))
    return FormatResult(str(path), write_if_changed(path, data, ignore_dates=False))


def format_catalogs(project: Project, languages: list[str] | None = None) -> list[FormatResult]:
    return [format_catalog(path) for path in catalog_paths(project, languages)]
