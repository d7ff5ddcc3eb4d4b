"""Build orchestration: each edition in its own process, published atomically.

Sphinx keeps per-process state (the translator, the registry), so every
edition builds in a fresh worker; a failure in one never stops another, and
the published copy of an edition is only replaced by one that built cleanly.
The work is scheduled as tasks (:mod:`.scheduler`): one Sphinx task per
language (HTML, EPUB and LaTeX written from the same doctrees, so the sources
are read once), then one LuaLaTeX task per PDF. A format whose inputs hash the
same as when its published output was made is not built at all
(:mod:`.incremental`).
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from editions.layout import BOOK_SUFFIXES, FORMATS, LANDING_PAGE, MANIFEST, PARALLEL_DIR, Format
from editions.pipeline.head_start import write_record
from editions.pipeline.incremental import input_digest, is_unchanged, unchanged_result, write_stamp
from editions.pipeline.manifest import (
    BuildReport,
    FormatResult,
    Status,
    mark_stale,
    read_manifest,
    write_manifest,
)
from editions.pipeline.parallel import build_parallel
from editions.pipeline.parallel_epub import build_parallel_epub, list_in_manifest
from editions.pipeline.publish import (
    atomic_write,
    build_lock,
    error_number,
    publish_file,
    publish_tree,
    signals_deferred,
)
from editions.pipeline.scheduler import build_jvm, run_tasks
from editions.pipeline.site import render_landing_page
from editions.pipeline.status import prepare as prepare_status_page
from editions.pipeline.tools import early_pass
from editions.pipeline.tools.epubcheck import CheckMessage, run_epubcheck
from editions.pipeline.workers import WORKERS_LOG, start_workers, stop_workers
from editions.project import Project, ProjectError


def build(project: Project, languages: list[str] | None = None,
          formats: list[str] | None = None, jobs: int | None = None,
          out: Path | str | None = None,
          parallel_epubs: list[tuple[str, str]] | None = None) -> BuildReport:
    """Build what changed; with ``out``, one shard: its site tree and a partial manifest.
    With the EPUBs, the bilingual ones (``parallel_epubs``, or conf.py's
    ``editions_parallel_epubs``) from the two editions' books."""
    project = project.with_site(out) if out else project
    project.validate()
    codes = languages or project.language_codes
    unknown = [c for c in codes if c not in project.language_codes]
    if unknown:
        raise ProjectError(f"{', '.join(unknown)} not in editions_languages "
                           f"({', '.join(project.language_codes)}): add it to conf.py")
    unknown_formats = [f for f in formats or [] if f not in FORMATS]
    if unknown_formats:
        raise ProjectError(f"unknown format {', '.join(unknown_formats)}: choose from "
                           f"{', '.join(FORMATS)}")
    fmts: list[str] = [str(f) for f in FORMATS if f in (formats or FORMATS)]
    jobs = max(1, jobs or os.cpu_count() or 1)
    with build_lock(project):
        manifest_before = _read_bytes(project.site_dir / MANIFEST)
        cache: dict[Path, bytes] = {}
        digests: dict[tuple[str, str], str] = {
            (c, f): input_digest(project, c, f, cache) for c in codes for f in fmts}
        results = [unchanged_result(project, c, f) for (c, f), digest in digests.items()
                   if is_unchanged(project, c, f, digest)]
        skipped = {(r.language, r.format) for r in results}
        todo = {c: [f for f in fmts if (c, f) not in skipped] for c in codes}
        if any(todo.values()):
            start_workers(project.build_dir / WORKERS_LOG)
        jvm = build_jvm(project)  # every EPUB's check, the bilingual ones' too
        # A shard's landing page and parallel pages wait for the assembly.
        parallel = ParallelPages(project) if not out and Format.HTML in fmts else None
        stopping: threading.Thread | None = None
        try:
            results += run_tasks(project, {c: fs for c, fs in todo.items() if fs}, jobs,
                                 lambda result: mark_stale(project, publish(project, result)),
                                 jvm, after_reading=None if out else partial(
                                     after_reading, project, parallel))
            # The server's own end (its interpreter's teardown, 0.2 s) beside what follows.
            stopping = threading.Thread(target=stop_workers, name="editions-stop-workers")
            stopping.start()
            results.sort(key=lambda r: (codes.index(r.language), fmts.index(r.format)))
            built = any(not r.unchanged for r in results)
            for result in results:
                write_stamp(project, result, digests[result.language, result.format])
            write_record(project, cache)
            write_manifest(project, results, only=codes if out else None)
            notices = project.unconfigured_catalogs()
            if not out:
                if parallel is not None:
                    notices += parallel.problems()
                if Format.EPUB in fmts:
                    results += bilingual_epubs(project, parallel_epubs, codes, jvm.check)
                # Last: it offers every book the manifest lists, the bilingual ones included.
                # Nothing built, editions.json as it was and the page there: it would be
                # written the same (its status page reviews every catalog: a no-op must not).
                if (built or _read_bytes(project.site_dir / MANIFEST) != manifest_before
                        or not (project.site_dir / LANDING_PAGE).exists()):
                    write_landing_page(project)
        finally:
            jvm.close()
            early_pass.discard_all()  # begun for a PDF the hashes found unchanged
            if stopping is not None:
                stopping.join()  # its CPU is the build's: waited for before it returns
    return BuildReport(results, project.site_dir, notices)


def after_reading(project: Project, parallel: ParallelPages | None) -> None:
    """While the PDFs are typeset: the parallel pages, and what the status page reads."""
    if parallel is not None:
        parallel.after_reading()
    prepare_status_page(project)


class ParallelPages:
    """The parallel pages, made as soon as every edition's HTML is published (while the
    PDFs are typeset), or after the build if it built no HTML."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.found: list[str] | None = None

    def after_reading(self) -> None:
        self.found = build_parallel(self.project).problems

    def problems(self) -> list[str]:
        if self.found is None:
            self.found = build_parallel(self.project).problems
        return self.found


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def bilingual_epubs(project: Project, pairs: list[tuple[str, str]] | None,
                    codes: list[str],
                    epubcheck: Callable[[Path], list[CheckMessage]] = run_epubcheck,
                    ) -> list[FormatResult]:
    """The bilingual books, listed in editions.json; each reported as a result of its own
    (``epub fa|az``), so that a failed one fails the build. conf.py's pairs are made
    when this build has both editions; ``pairs`` (``--parallel``) always."""
    configured = [(a, b) for a, b in project.settings.parallel_epubs
                  if a in codes and b in codes]
    wanted = dict.fromkeys((str(a), str(b)) for a, b in [*configured, *(pairs or [])])
    reported = []
    for first, second in wanted:
        start = time.monotonic()
        made = build_parallel_epub(project, first, second, epubcheck=epubcheck)
        reported.append((made, round(time.monotonic() - start, 2)))
    if reported:
        list_in_manifest(project, [made for made, _ in reported])
    return [FormatResult(r.first, f"{Format.EPUB} {r.first}|{r.second}",
                         Status.OK if r.ok else Status.FAILED, seconds, r.problems, r.path)
            for r, seconds in reported]




def publish(project: Project, result: FormatResult) -> FormatResult:
    """Put one built format in place; a failed write leaves the last good output."""
    if not result.ok or not result.staged:
        return result
    try:
        with signals_deferred():
            if result.format == Format.HTML:
                publish_tree(project.site_dir / result.language, Path(result.staged),
                             keep_suffixes=BOOK_SUFFIXES, keep_dirs=(PARALLEL_DIR,))
            else:
                publish_file(project.site_dir / result.path, Path(result.staged))
    except OSError as exc:
        result.status = Status.FAILED
        result.problems.append(
            f"{exc.filename or project.site_dir}: cannot publish: {exc.strerror or exc}: "
            + ("free disk space" if error_number(exc) == errno.ENOSPC else
               "make the output folder writable") + ", then build again")
    return result



def write_landing_page(project: Project) -> None:
    manifest = read_manifest(project.site_dir)
    html = render_landing_page(project, manifest)
    atomic_write(project.site_dir / LANDING_PAGE, html)




# Shards: editions built apart (one CI job each), assembled into one site


def assemble(project: Project, shards: Iterable[Path | str],
             out: Path | str | None = None) -> BuildReport:
    """Merge the sites written by ``build(out=...)`` into one site and one editions.json."""
    site = project.with_site(out) if out else project
    manifests = [(Path(shard), shard_manifest(project, Path(shard))) for shard in shards]
    merged: dict[tuple[str, str], FormatResult] = {}
    with build_lock(project):
        for code in project.language_codes:
            folders = [shard / code for shard, _ in manifests if (shard / code).is_dir()]
            if folders:
                merge_language(site.site_dir / code, folders)
            for _, data in manifests:
                for entry in data.get("editions", []):
                    if entry.get("language") != code:
                        continue
                    for fmt, record in entry.get("formats", {}).items():
                        merged[code, fmt] = FormatResult(
                            code, fmt, Status(record.get("status", Status.FAILED)),
                            record.get("seconds", 0.0),
                            list(record.get("problems", [])), entry.get(fmt, ""))
        results = list(merged.values())
        write_manifest(site, results)
        write_landing_page(site)
        notices = build_parallel(site).problems
    return BuildReport(results, site.site_dir, notices)


def shard_manifest(project: Project, shard: Path) -> dict[str, Any]:
    data = read_manifest(shard)
    if not data.get("editions"):
        raise ProjectError(f"{shard}: no {MANIFEST} with editions: pass folders written by "
                           "'editions build --out DIR'")
    identifier = data.get("publication", {}).get("identifier", "")
    if identifier != project.settings.identifier:
        raise ProjectError(f"{shard / MANIFEST}: a shard of {identifier or 'another publication'}"
                           f", not of {project.root / 'conf.py'}: assemble shards of one "
                           "publication")
    return data


def merge_language(target: Path, folders: list[Path]) -> None:
    """One language's folders from several shards, swapped in as one (see publish_tree)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}.merge-") as tmp:
        merged = Path(tmp) / target.name
        if target.is_dir():  # a language assembled before, or built into this site
            shutil.copytree(target, merged)
        for folder in folders:
            if (folder / "index.html").exists() and merged.is_dir():
                # This shard's HTML replaces the pages there; the books stay.
                for item in merged.iterdir():
                    if item.is_dir():
                        shutil.rmtree(item)
                    elif item.suffix not in BOOK_SUFFIXES:
                        item.unlink()
            shutil.copytree(folder, merged, dirs_exist_ok=True)
        with signals_deferred():
            publish_tree(target, merged)

