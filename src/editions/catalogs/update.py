"""Extract the source's messages and merge them into every catalog, losing nothing."""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_datetime
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from editions.ext.translations import INTERFACE_DOMAIN
from editions.po import (
    PoCatalog,
    messages_differ,
    read_catalog,
    render_catalog,
    write_if_changed,
)
from editions.project import Project


def extract_templates(project: Project, outdir: Path | None = None) -> dict[str, Catalog]:
    """Run Sphinx's gettext builder in-process; one template for each document."""
    from sphinx.application import Sphinx as SphinxApp

    outdir = outdir or project.build_dir / "gettext"
    warnings = io.StringIO()
    app = SphinxApp(str(project.srcdir), str(project.root), str(outdir),
                    str(outdir / ".doctrees"), "gettext",
                    confoverrides={"language": project.source_language},
                    status=None, warning=warnings, freshenv=False)
    # The templates' strings are the interface's, whose catalogs the package ships; a
    # template's ``_(name)`` of a variable would reach the template as msgid None.
    app.builder._extract_from_template = lambda: None  # type: ignore[attr-defined]
    app.build()
    templates = {}
    for pot in sorted(outdir.rglob("*.pot")):
        domain = pot.relative_to(outdir).with_suffix("").as_posix()
        if domain == INTERFACE_DOMAIN:
            continue  # the theme's strings: the package ships their catalogs
        template = read_po(pot.open("rb"))
        _rebase_locations(template, outdir, project.root)
        templates[domain] = template
    return templates


def _rebase_locations(template: Catalog, outdir: Path, root: Path) -> None:
    """Sphinx writes locations relative to its output folder; translators want the source.

    The file, not the line: a paragraph added above would move the line of every
    message below it, and rewrite the whole catalog for one new message.
    """
    for message in template:
        files = dict.fromkeys(Path(os.path.relpath((outdir / path).resolve(), root)).as_posix()
                              for path, _line in message.locations)
        message.locations = [(path, None) for path in files]  # type: ignore[misc]


@dataclass
class UpdateResult:
    language: str
    domain: str
    path: str
    written: bool
    added: int = 0
    fuzzy: int = 0
    obsolete: int = 0


def update_catalog(template: Catalog, path: Path, language: str, project_name: str,
                   rewrite: bool = False) -> UpdateResult:
    """Merge a template into one catalog; no translation is lost.

    Babel keeps unchanged translations, marks edited messages fuzzy with their
    previous msgid, keeps removed ones as obsolete, and keeps comments and flags.
    The file is rewritten only when a message changed (or ``rewrite``: once, to bring
    an older catalog's references to the file alone); then its POT-Creation-Date
    becomes the template's.
    """
    old = path.read_bytes() if path.exists() else None
    if old is not None:
        catalog = read_catalog(path, locale=language)
        before = {m.id for m in catalog if m.id}
    else:
        catalog = PoCatalog(locale=language, project=project_name, version="1.0", fuzzy=False,
                            creation_date=template.creation_date, msgid_bugs_address="",
                            header_comment=f"# {language} translation of {project_name}.\n#")
        before = set()
    # Babel's update forgets the previous msgid of a message that stays fuzzy, and
    # drops a translator's comment line that repeats another.
    previous = {m.id: m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
    comments = {m.id: m.user_comments for m in catalog if m.id}
    catalog.update(template, no_fuzzy_matching=False, update_header_comment=False,
                   keep_user_comments=True, update_creation_date=False)
    for message in catalog:
        if message.fuzzy and not message.previous_id and message.id in previous:
            message.previous_id = previous[message.id]
        was = message.previous_id[0] if message.fuzzy and message.previous_id else message.id
        if message.id and was in comments:
            message.user_comments = list(comments[was])
    catalog.fuzzy = False
    data = render_catalog(catalog)
    written = old is None or messages_differ(old, data) or (rewrite and old != data)
    if written:
        data = render_catalog(_dated(catalog, template))
        write_if_changed(path, data, ignore_dates=False)
    return UpdateResult(
        language=language, domain=path.stem, path=str(path), written=written,
        added=len([m for m in catalog if m.id and m.id not in before and not m.fuzzy]),
        fuzzy=len([m for m in catalog if m.id and m.fuzzy]),
        obsolete=len(catalog.obsolete),
    )


def _dated(catalog: PoCatalog, template: Catalog) -> PoCatalog:
    """The catalog with the template's POT-Creation-Date: its messages changed."""
    catalog.creation_date = template.creation_date
    if catalog.raw_header is not None and isinstance(template.creation_date, dt.datetime):
        stamp = format_datetime(template.creation_date, "yyyy-MM-dd HH:mmZ", locale="en")
        catalog.raw_header = catalog.raw_header.with_field("POT-Creation-Date", stamp)
    return catalog


def update_catalogs(project: Project, languages: list[str] | None = None,
                    rewrite: bool = False) -> list[UpdateResult]:
    templates = extract_templates(project)
    results = []
    for lang in project.translated_languages:
        if languages and lang.code not in languages:
            continue
        for domain, template in templates.items():
            path = project.catalog_dir(lang.code) / f"{domain}.po"
            results.append(update_catalog(template, path, lang.code,
                                          project.title(project.source_language), rewrite))
    return results


