"""What a build leaves for the next one: where each edition's LaTeX file is, and what
would make its PDF stale, so that the next build can begin that PDF's LuaLaTeX pass
(:mod:`editions.pipeline.tools.early_pass`) in its first few milliseconds, before it
has read conf.py or imported Sphinx.

``_build/work/early-passes.json`` is a guess's input and nothing more: the build's
hashes decide what is built, and an early pass goes on only when the LaTeX file Sphinx
then writes begins as the pass read it. A missing or stale record costs only the
early start.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editions.cache import atomic_write
from editions.pipeline.tools.git import commit_inputs, fixed_epoch, last_commit_epoch

if TYPE_CHECKING:
    from editions.project import Project

RECORD = Path("_build") / "work" / "early-passes.json"
VERSION = 1


def write_record(project: Project, digests: Mapping[Path, bytes]) -> None:
    """Remember, for the next build, each edition's LaTeX file and PDF stamp, the files
    every PDF reads (conf.py, sources, templates) and each edition's catalogs, with the
    digests this build's hashing found for them (a file touched but not changed is no
    edit), and how the publication's date was found (the inputs' last commit, or a
    fixed date)."""
    from editions.pipeline.workers import stamp_path

    fixed = fixed_epoch(project)
    editions = {code: {"tex": str(project.work_dir(code) / "latex" / f"{project.basename}.tex"),
                       "stamp": str(stamp_path(project, code, "pdf")),
                       "catalogs": str(project.catalog_dir(code))}
                for code in project.language_codes}
    record = {"version": VERSION,
              "shared": [str(project.root / "conf.py"), str(project.srcdir),
                         str(project.root / "_templates")],
              "git": [str(p) for p in commit_inputs(project)] if fixed is None else [],
              "epoch": fixed or "",
              "digests": {str(path): digest.hex() for path, digest in sorted(digests.items())
                          if path.is_relative_to(project.root)},
              "editions": editions}
    target = project.root / RECORD
    text = json.dumps(record, sort_keys=True, indent=1)
    try:
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            atomic_write(target, text)
    except OSError:
        pass  # only the next build's early start is lost


def begin_early_passes(root: Path, languages: list[str] | None,
                       formats: list[str] | None) -> int:
    """Begin the LuaLaTeX pass of the PDF an edit probably reaches, as the last build's
    record says. Only when few are stale: with more PDFs than cores to spare, the cores
    are busy anyway, and a pass begun on a changed preamble would be work thrown away.
    How many were begun."""
    if formats and "pdf" not in formats:
        return 0
    try:
        return _begin(root, _read(root / RECORD), languages)
    except (OSError, KeyError, TypeError, ValueError):  # a guess lost, nothing else
        return 0


def _begin(root: Path, record: dict[str, Any], languages: list[str] | None) -> int:
    editions: dict[str, dict[str, str]] = record.get("editions", {})
    codes = [c for c in languages or editions if c in editions]
    stale = probably_stale_pdfs(record, codes)
    if not stale or len(stale) > max(1, (os.cpu_count() or 1) - 1):
        return 0
    epoch = _epoch(root, record)
    if epoch is None:
        return 0
    from editions.pipeline.tools import early_pass

    begun = [early_pass.begin(Path(editions[code]["tex"]), epoch) for code in stale]
    return sum(1 for early in begun if early is not None)


def probably_stale_pdfs(record: dict[str, Any], codes: list[str]) -> list[str]:
    """The editions whose PDF a file changed since its stamp probably reaches: conf.py,
    a source or template, or one of that edition's own catalogs (newer than the stamp,
    and not with the bytes the last build hashed)."""
    shared = [p for folder in record.get("shared", []) for p in _files(Path(folder))]
    known: dict[str, str] = record.get("digests", {})
    stale = []
    for code in codes:
        edition = record["editions"][code]
        try:
            built = os.stat(edition["stamp"]).st_mtime_ns
        except OSError:
            continue  # never built: nothing to begin a pass on
        files = [*shared, *_files(Path(edition["catalogs"]))]
        if any(_changed(path, built, known) for path in files):
            stale.append(code)
    return stale


def _changed(path: Path, built: int, known: Mapping[str, str]) -> bool:
    if _mtime(path) <= built:
        return False
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() != known.get(str(path))
    except OSError:
        return True


def _epoch(root: Path, record: dict[str, Any]) -> str | None:
    """SOURCE_DATE_EPOCH as :func:`editions.pipeline.tools.git.publication_epoch` will
    find it (a pass begun with another is stopped); None when it cannot be told."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given:
        return given if given.isdigit() else None
    paths = record.get("git", [])
    if not paths:
        return str(record.get("epoch", ""))
    if shutil.which("git") is None:
        return None  # every build dated by the clock: an early pass could not fit
    epoch = last_commit_epoch(root, [Path(p) for p in paths])
    return str(epoch) if epoch is not None else ""


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == VERSION else {}


def _files(path: Path) -> Iterator[Path]:
    if path.is_file():
        yield path
    elif path.is_dir():
        yield from (p for p in path.rglob("*") if p.is_file())


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
