"""Build orchestration: each edition in its own process, published atomically.

Sphinx keeps per-process state (the translator, the registry), so every
edition builds in a fresh worker; a failure in one never stops another, and
the published copy of an edition is only replaced by one that built cleanly.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import io
import json
import multiprocessing
import os
import re
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from editions.project import Project, ProjectError

FORMATS = ("html", "pdf", "epub")
MANIFEST = "editions.json"


@dataclass
class FormatResult:
    language: str
    format: str
    status: str  # ok | failed | stale
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    path: str = ""
    staged: str = ""  # the built output, waiting to be published

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class BuildReport:
    results: list[FormatResult]
    site_dir: Path
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "site": str(self.site_dir), "notices": self.notices,
                "results": [asdict(r) for r in self.results]}


# ---------------------------------------------------------------------------
# One edition, in a worker process


WARNING_LINE = re.compile(r"^(?:(?P<where>.*?): )?(?P<level>WARNING|ERROR|CRITICAL|SEVERE): ")


def run_sphinx(project: Project, code: str, builder: str, outdir: Path,
               log_path: Path) -> list[str]:
    """Build with Sphinx in this process; return its warnings, project-relative."""
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    nocolor()  # warnings are data here: the CLI and editions.json show them
    warnings = io.StringIO()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as status, \
            patch_docutils(str(project.root)), docutils_namespace():
        app = Sphinx(str(project.srcdir), str(project.root), str(outdir),
                     str(project.build_dir / "work" / code / "doctrees"), builder,
                     confoverrides={"language": code}, status=status, warning=warnings,
                     freshenv=False, keep_going=True)
        app.build()
    root = str(project.root) + os.sep
    lines = [line.replace(root, "") for line in warnings.getvalue().splitlines() if line.strip()]
    if fatal_problems(lines):
        # Sphinx would not re-read an unchanged document, nor repeat its warnings:
        # forget the environment so the next build reports the problem again.
        (Path(app.doctreedir) / "environment.pickle").unlink(missing_ok=True)
    return lines


#: Warnings the extension already handled safely (a translation fell back to the
#: source text, a catalog is missing): they are reported, but the edition ships.
HANDLED = re.compile(r"\[editions\.(footnote|fuzzy|raw-html|directive|bidi-control|"
                     r"too-long|catalog)\]\s*$")


def fatal_problems(lines: list[str]) -> list[str]:
    """Errors, and warnings about the source itself, keep an edition from shipping."""
    fatal = []
    for line in lines:
        match = WARNING_LINE.match(line)
        if match is None:
            if "ERROR" in line or "WARNING" in line:
                fatal.append(line)
        elif match.group("level") != "WARNING" or not HANDLED.search(line):
            fatal.append(line)
    return fatal


def has_errors(lines: list[str]) -> bool:
    return bool(fatal_problems(lines))


def build_html(project: Project, code: str) -> FormatResult:
    outdir = project.build_dir / "work" / code / "html"
    problems = run_sphinx(project, code, "html", outdir, outdir.parent / "html.log")
    if fatal_problems(problems) or not (outdir / "index.html").exists():
        return FormatResult(code, "html", "failed", problems=problems)
    return FormatResult(code, "html", "ok", problems=problems, path=f"{code}/index.html",
                        staged=str(outdir))


def build_pdf(project: Project, code: str) -> FormatResult:
    from editions.latex import make_pdf

    pdf, problems = make_pdf(project, code)
    if pdf is None:
        return FormatResult(code, "pdf", "failed", problems=problems)
    return FormatResult(code, "pdf", "ok", problems=problems,
                        path=f"{code}/{project.basename}.pdf", staged=str(pdf))


def build_epub(project: Project, code: str) -> FormatResult:
    from editions.epub import make_epub

    epub, problems = make_epub(project, code)
    if epub is None:
        return FormatResult(code, "epub", "failed", problems=problems)
    return FormatResult(code, "epub", "ok", problems=problems,
                        path=f"{code}/{project.basename}.epub", staged=str(epub))


BUILDERS = {"html": build_html, "pdf": build_pdf, "epub": build_epub}


def build_edition(root: str, code: str, formats: list[str]) -> list[FormatResult]:
    """Worker entry point: every requested format of one edition, built but not published."""
    project = Project.load(root)
    results = []
    for fmt in formats:
        start = time.monotonic()
        try:
            result = BUILDERS[fmt](project, code)
        except Exception as exc:  # report, never take the other editions down
            detail = traceback.format_exc() if os.environ.get("EDITIONS_DEBUG") else ""
            problems = [f"{type(exc).__name__}: {exc}", *([detail] if detail else [])]
            result = FormatResult(code, fmt, "failed", problems=problems)
        result.seconds = round(time.monotonic() - start, 2)
        results.append(result)
    return results


# ---------------------------------------------------------------------------
# Publishing


def publish_tree(target: Path, built: Path, keep_suffixes: tuple[str, ...] = ()) -> None:
    """Replace ``target`` by a copy of ``built``, keeping the other formats' files.

    The copy is made beside the target and swapped in by renames, so a reader
    (or an interrupted build) sees either the old edition or the new one.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = target.parent / f".{target.name}.staging-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    try:
        shutil.copytree(built, stage, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
        if target.is_dir():
            for item in target.iterdir():
                if item.is_file() and item.suffix in keep_suffixes:
                    shutil.copy2(item, stage / item.name)
    except OSError:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    stage.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def publish_file(target: Path, built: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        shutil.copy2(built, tmp)
        tmp.replace(target)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Ctrl-C or SIGTERM during a swap would leave an edition half-published."""
    blocked = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def publish(project: Project, result: FormatResult) -> FormatResult:
    """Put one built format in place; a failed write leaves the last good output."""
    if not result.ok or not result.staged:
        return result
    try:
        with signals_deferred():
            if result.format == "html":
                publish_tree(project.site_dir / result.language, Path(result.staged),
                             keep_suffixes=(".pdf", ".epub"))
            else:
                publish_file(project.site_dir / result.path, Path(result.staged))
    except OSError as exc:
        result.status = "failed"
        result.problems.append(
            f"{exc.filename or project.site_dir}: cannot publish: {exc.strerror or exc}: "
            + ("free disk space" if error_number(exc) == errno.ENOSPC else
               "make the output folder writable") + ", then build again")
    return result


def error_number(exc: OSError) -> int | None:
    """The errno, also from inside the list of errors that copytree gathers."""
    if exc.errno is not None or not isinstance(exc, shutil.Error):
        return exc.errno
    for *_, why in exc.args[0]:
        match = re.search(r"\[Errno (\d+)\]", str(why))
        if match:
            return int(match.group(1))
    return None


@contextlib.contextmanager
def build_lock(project: Project) -> Iterator[None]:
    """One build at a time writes the site; a second one waits for the first."""
    project.build_dir.mkdir(parents=True, exist_ok=True)
    with (project.build_dir / ".lock").open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            print(f"editions: waiting for the build of {holder} to finish", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


# ---------------------------------------------------------------------------
# The whole site


def build(project: Project, languages: list[str] | None = None,
          formats: list[str] | None = None, jobs: int | None = None) -> BuildReport:
    project.validate()
    codes = languages or project.language_codes
    unknown = [c for c in codes if c not in project.language_codes]
    if unknown:
        raise ProjectError(f"{', '.join(unknown)} not in editions_languages "
                           f"({', '.join(project.language_codes)}): add it to conf.py")
    fmts = formats or list(FORMATS)
    fmts = [f for f in FORMATS if f in fmts and f in BUILDERS]
    jobs = jobs or os.cpu_count() or 1
    results: list[FormatResult] = []
    with build_lock(project):
        context = multiprocessing.get_context("spawn")
        # One edition per worker process: Sphinx caches translations per process.
        with ProcessPoolExecutor(max_workers=min(jobs, len(codes)), mp_context=context,
                                 max_tasks_per_child=1) as pool:
            futures = {code: pool.submit(build_edition, str(project.root), code, fmts)
                       for code in codes}
            for code, future in futures.items():
                results.extend(collect(future, code, fmts))
        results = [mark_stale(project, publish(project, r)) for r in results]
        write_manifest(project, results)
        write_landing_page(project)
    return BuildReport(results, project.site_dir, project.unconfigured_catalogs())


def collect(future: Future[list[FormatResult]], code: str, fmts: list[str]
            ) -> list[FormatResult]:
    """A worker that died (killed, out of memory) fails its edition, not the build."""
    try:
        return future.result()
    except Exception as exc:
        return [FormatResult(code, fmt, "failed",
                             problems=[f"the {code} build process stopped: {exc!r}; "
                                       "run 'editions build --debug -l " + code + "'"])
                for fmt in fmts]


def mark_stale(project: Project, result: FormatResult) -> FormatResult:
    """A failed format whose last good output is still published is stale, not gone."""
    if result.ok:
        return result
    if existing_path(project, result.language, result.format):
        result.status = "stale"
    return result


def existing_path(project: Project, code: str, fmt: str) -> str:
    candidates = {"html": f"{code}/index.html", "pdf": f"{code}/{project.basename}.pdf",
                  "epub": f"{code}/{project.basename}.epub"}
    path = candidates[fmt]
    return path if (project.site_dir / path).exists() else ""


def read_manifest(site_dir: Path) -> dict[str, Any]:
    path = site_dir / MANIFEST
    if path.exists():
        with contextlib.suppress(ValueError):
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return data
    return {}


def write_manifest(project: Project, results: list[FormatResult]) -> dict[str, Any]:
    previous = {e["language"]: e for e in read_manifest(project.site_dir).get("editions", [])}
    editions = []
    for lang in project.languages:
        entry = previous.get(lang.code, {}).copy()
        formats = dict(entry.get("formats", {}))
        for result in results:
            if result.language == lang.code:
                formats[result.format] = {"status": result.status, "seconds": result.seconds,
                                          "problems": result.problems}
        entry.update({
            "language": lang.code,
            "name": lang.autonym,
            "direction": lang.direction,
            "title": project.title(lang.code),
            "author": project.author(lang.code),
            "formats": formats,
        })
        for fmt in FORMATS:
            path = existing_path(project, lang.code, fmt)
            if path:
                entry[fmt] = path
            else:
                entry.pop(fmt, None)
        statuses = [f["status"] for f in formats.values()]
        entry["status"] = ("failed" if "failed" in statuses else
                           "stale" if "stale" in statuses else
                           "ok" if statuses else "missing")
        entry["problems"] = [p for f in formats.values() for p in f["problems"]]
        editions.append(entry)
    manifest = {
        "publication": {"title": project.title(project.source_language),
                        "author": project.author(project.source_language),
                        "source_language": project.source_language,
                        "identifier": project.conf.get("editions_identifier", "")},
        "editions": editions,
    }
    target = project.site_dir / MANIFEST
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(target)
    return manifest


def write_landing_page(project: Project) -> None:
    from editions.site import render_landing_page

    manifest = read_manifest(project.site_dir)
    html = render_landing_page(project, manifest)
    target = project.site_dir / "index.html"
    tmp = target.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(target)
