"""What changed: one hash of every input of one edition in one format, and the stamp
that says which inputs made the output that is published now."""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import sphinx

from editions.ext.status import edition_status
from editions.layout import Format
from editions.pipeline.manifest import FormatResult, Status, existing_path, read_manifest
from editions.pipeline.publish import atomic_write
from editions.pipeline.tools.fonts import font_identity
from editions.pipeline.workers import stamp_path
from editions.project import Project
from editions.version import __version__

#: conf.py values that name files or folders an edition is made from.
PATH_VALUES = ("html_static_path", "templates_path", "html_extra_path", "html_logo",
               "html_favicon", "epub_cover", "latex_additional_files", "editions_cover",
               "editions_glossary")


def named_paths(project: Project) -> list[Path]:
    """The files and folders conf.py names, relative to the publication."""
    found: list[Path] = []
    for name in PATH_VALUES:
        value = project.conf.get(name)
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            if isinstance(item, str) and item and "://" not in item:
                found.append(project.root / item)
    return found



#: The package's own files are inputs too: a new version may write other output.
PACKAGE_DIR = Path(__file__).resolve().parents[1]


@functools.cache
def package_digest() -> str:
    """The package's own code and data: a new version may read documents otherwise."""
    h = hashlib.sha256(f"{__version__} {sphinx.__version__}".encode())
    for path in sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file()
                       and p.suffix not in (".mo", ".pyc") and "__pycache__" not in p.parts):
        h.update(str(path.relative_to(PACKAGE_DIR)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def input_files(project: Project, code: str) -> Iterator[Path]:
    """Every file an edition is made from (the compiled .mo files follow from the .po),
    conf.py and every file or folder it names (cover, static paths, templates)."""
    roots = [project.srcdir, project.root / "_templates", project.locale_dir / code,
             PACKAGE_DIR, *named_paths(project)]
    for root in roots:
        if root.is_file():
            yield root
        elif root.is_dir():
            yield from sorted(p for p in root.rglob("*") if p.is_file()
                              and p.suffix not in (".mo", ".pyc") and "__pycache__" not in p.parts)
    yield project.root / "conf.py"
    if project.locale_dir.is_dir():  # the glossary and other shared files
        yield from sorted(p for p in project.locale_dir.iterdir() if p.is_file())


def file_digest(path: Path, cache: dict[Path, bytes]) -> bytes:
    if path not in cache:
        cache[path] = hashlib.sha256(path.read_bytes()).digest()
    return cache[path]


def input_digest(project: Project, code: str, fmt: str,
                 cache: dict[Path, bytes] | None = None) -> str:
    """One hash of an edition's inputs in one format: same hash, same output."""
    cache = {} if cache is None else cache
    h = hashlib.sha256(f"{__version__} {sphinx.__version__} {sys.version} {fmt}".encode())
    for path in input_files(project, code):
        h.update(str(path.relative_to(project.root) if path.is_relative_to(project.root)
                     else path.name).encode() + b"\0" + file_digest(path, cache))
    if fmt == Format.HTML:
        h.update(others_status(project, code, cache).encode())
    if fmt == Format.PDF:
        h.update(font_identity(project.settings.language(code), _font_memo(cache)).encode())
    return h.hexdigest()


#: Per build (one ``cache``, held so its id is not reused): which file fontconfig gives
#: for each font name.
_FONT_FILES: dict[int, tuple[dict[Path, bytes], dict[str, str]]] = {}


def _font_memo(cache: dict[Path, bytes]) -> dict[str, str]:
    if id(cache) not in _FONT_FILES:
        _FONT_FILES.clear()  # only the current build's is wanted
        _FONT_FILES[id(cache)] = (cache, {})
    return _FONT_FILES[id(cache)][1]


STATUS_DIGESTS = "status.digests"


def others_status(project: Project, code: str, cache: dict[Path, bytes]) -> str:
    """What the HTML shows of the other editions: each one's translation status (the
    switcher gives their shares), not their text, so a msgstr edited in one edition
    rebuilds that edition's HTML alone. Each status is worked out again only when that
    edition's catalogs changed (their digests are remembered in ``status.digests``)."""
    memo_path = project.build_dir / "work" / STATUS_DIGESTS
    try:
        memo = json.loads(memo_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    parts, changed = [], False
    for other in project.language_codes:
        if other in (code, project.source_language):
            continue
        catalogs = project.locale_dir / other / "LC_MESSAGES"
        key = hashlib.sha256(package_digest().encode())
        for path in sorted(catalogs.rglob("*.po")) if catalogs.is_dir() else []:
            key.update(str(path.relative_to(catalogs)).encode() + b"\0"
                       + file_digest(path, cache))
        known = memo.get(other, {})
        if known.get("inputs") != key.hexdigest():
            status = json.dumps(edition_status(catalogs, other).as_dict(), sort_keys=True)
            known = {"inputs": key.hexdigest(),
                     "status": hashlib.sha256(status.encode()).hexdigest()}
            memo[other], changed = known, True
        parts.append(f"{other}={known['status']}")
    if changed:
        memo_path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(memo_path, json.dumps(memo, sort_keys=True))
    return ";".join(parts)


def output_identity(project: Project, code: str, fmt: str) -> str:
    """Which published file this is: a site copied or replaced since is not trusted."""
    path = existing_path(project, code, fmt)
    if not path:
        return ""
    stat = (project.site_dir / path).stat()
    return f"{project.site_dir / path}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}"


def is_unchanged(project: Project, code: str, fmt: str, digest: str) -> bool:
    """Built from these very inputs, and that output is still the one published."""
    try:
        stamp = json.loads(stamp_path(project, code, fmt).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    identity = output_identity(project, code, fmt)
    return bool(identity) and stamp == {"inputs": digest, "output": identity}


def write_stamp(project: Project, result: FormatResult, digest: str) -> None:
    path = stamp_path(project, result.language, result.format)
    identity = output_identity(project, result.language, result.format)
    if not result.ok or not identity:
        path.unlink(missing_ok=True)  # a failed format is tried again next time
        return
    atomic_write(path, json.dumps({"inputs": digest, "output": identity}))


def unchanged_result(project: Project, code: str, fmt: str) -> FormatResult:
    """The published output stands; its problems are the ones reported when it was built."""
    previous = {e["language"]: e for e in read_manifest(project.site_dir).get("editions", [])}
    record = previous.get(code, {}).get("formats", {}).get(fmt, {})
    return FormatResult(code, fmt, Status.OK, problems=list(record.get("problems", [])),
                        path=existing_path(project, code, fmt), unchanged=True)


