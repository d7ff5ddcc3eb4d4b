"""``editions new``: a publication in one command, written from ``skeleton/`` and built.

The folder gets conf.py (metadata and editions settings, the optional ones
commented), ``source/`` with the root document and one chapter, the catalogs
of every translation (made by the same update as ``editions update``),
``_templates/``, a README with the two commands and a .gitignore; then every
edition is built in every format, so that the publisher sees the result at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from editions.catalogs.update import UpdateResult, update_catalogs
from editions.languages import UnknownLanguageError, get_language
from editions.pipeline.build import build
from editions.pipeline.manifest import BuildReport
from editions.project import Project, ProjectError

SKELETON = Path(__file__).parent / "skeleton"
#: Skeleton files and where they go; ``.tmpl`` ones are filled in (string.Template).
FILES = {
    "conf.py.tmpl": "conf.py",
    "README.md.tmpl": "README.md",
    "gitignore": ".gitignore",
    "source/index.md.tmpl": "source/index.md",
    "source/first-chapter.md": "source/first-chapter.md",
    "_templates/README.md": "_templates/README.md",
}


@dataclass
class NewPublication:
    root: Path
    #: The files written, relative to ``root``.
    written: list[str]
    catalogs: list[UpdateResult]
    report: BuildReport


def new_publication(target: Path, languages: list[str], source_language: str | None = None,
                    title: str | None = None, author: str | None = None,
                    formats: list[str] | None = None) -> NewPublication:
    """Write a publication into ``target`` (new or empty), make its catalogs, build it."""
    target = target.resolve()
    codes = _languages(languages, source_language)
    _check_target(target)
    values = _values(target, codes, title or _title_from(target), author or "The Author")
    for name, destination in FILES.items():
        text = (SKELETON / name).read_text(encoding="utf-8")
        if name.endswith(".tmpl"):
            text = Template(text).substitute(values)
        path = target / destination
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    project = Project.load(target)
    project.validate()
    catalogs = update_catalogs(project)  # what `editions update` runs
    return NewPublication(target, list(FILES.values()), catalogs,
                          build(project, formats=formats))


def _languages(languages: list[str], source_language: str | None) -> list[str]:
    """The codes, each known (CLDR's, else a one-line error), the source's first."""
    codes = list(dict.fromkeys(code.strip() for code in languages if code.strip()))
    if not codes:
        raise ProjectError("name the editions' languages, the source's first: "
                           "editions new DIR --languages en,fa")
    for code in codes:
        if not re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", code):
            raise ProjectError(f"--languages: {code!r} is no language code; write codes "
                               "such as en, fa, tr or pt_BR, separated by commas")
        try:
            get_language(code)
        except UnknownLanguageError as exc:
            raise ProjectError(f"--languages: {exc}, once editions new has written it "
                               "without that code") from None
    source = source_language or codes[0]
    if source not in codes:
        raise ProjectError(f"--source-language {source!r} is not in --languages "
                           f"{','.join(codes)}: add it there")
    return [source, *(c for c in codes if c != source)]


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise ProjectError(f"{target} is a file: name a new folder for the publication")
    if target.is_dir() and any(target.iterdir()):
        raise ProjectError(f"{target} is not empty: name a new folder (editions new never "
                           "writes over files)")


def _title_from(target: Path) -> str:
    words = re.sub(r"[-_]+", " ", target.name).strip()
    return words[:1].upper() + words[1:] if words else "A Publication"


def _values(target: Path, codes: list[str], title: str, author: str) -> dict[str, str]:
    translated = codes[1:] or ["fa"]
    today = dt.date.today()
    basename = re.sub(r"[^a-z0-9]+", "-", target.name.lower()).strip("-") or "publication"
    return {
        "title": title.replace("\n", " "),
        "project": repr(title),
        "author": repr(author),
        "languages": repr(codes),
        "source_language": repr(codes[0]),
        "basename": repr(basename),
        "filename": basename,
        "title_example": ", ".join(f'"{code}": "…"' for code in translated),
        "author_example": ", ".join(f'"{code}": "…"' for code in translated),
        "year": str(today.year),
        "today": today.isoformat(),
        "language_list": ", ".join(f"{get_language(c).autonym} ({c})" for c in codes),
    }
