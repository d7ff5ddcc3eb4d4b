"""The processes Sphinx tasks run in, and starting them early.

Each is forked from a fork server that has Sphinx, its builders, MyST and the
extension imported, where a fresh interpreter spent 0.4 s of CPU importing them. The
server is a fresh interpreter itself (as a spawned worker is), so no thread or state
of the build's process reaches a worker. This module imports none of them: the
command line starts the server before it imports the pipeline, so the server's
imports and the build's own (and its hashing of the inputs) run side by side.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from editions.project import Project

#: The Sphinx workers' own standard error (they report to the build through results).
WORKERS_LOG = "workers.log"

#: Imported once, by the fork server, before it forks each worker: a worker then starts
#: with Sphinx, its builders, MyST and the extension loaded, where a fresh interpreter
#: spent 0.4 s of CPU importing them. The server is started afresh (as a spawned
#: worker is), so no thread or state of this process reaches a worker.
WORKER_MODULES = ["editions.pipeline.steps", "editions.ext", "sphinx.application",
                  "sphinx.builders.html", "sphinx.builders.latex", "sphinx.builders.epub3",
                  "sphinx.writers.html5", "sphinx.writers.latex", "sphinx.transforms.i18n",
                  "myst_parser.parsers.sphinx_", "myst_parser.mdit_to_docutils.base",
                  "fontTools.subset", "furo"]


#: Whether this process started the server (and has not stopped it since).
_started = False


def worker_context() -> Any:
    """The processes Sphinx tasks run in: forked from a fork server holding
    ``WORKER_MODULES``."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_MODULES)
    return context


def start_workers(log: Path) -> None:
    """Start the fork server now: its imports overlap what this process does before the
    first task (a build with nothing to do never calls this).

    The server and its workers write their standard error to ``log``: a worker the pool
    was starting when a build was interrupted finds this process gone and says so
    there, not under the build's "interrupted" (a worker that fails is reported as the
    formats it did not build)."""
    from multiprocessing import forkserver

    global _started
    if _started:
        return
    _started = True
    worker_context()
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as target:
        saved = os.dup(2)
        try:
            os.dup2(target.fileno(), 2)  # inherited by the server alone: no thread yet
            forkserver.ensure_running()
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def stop_workers() -> None:
    """End the fork server and wait for it, so its workers' CPU time is counted as this
    build's (a process's usage reaches its parent when the parent waits for it) and
    no server outlives the build.

    Only after a build that ran to its end: one interrupted while the pool was starting
    a worker leaves that worker waiting for a task, and the server waits for it; both
    end when this process does (the worker's pipe from here closes)."""
    from multiprocessing import forkserver

    global _started
    _started = False
    server = getattr(forkserver, "_forkserver", None)
    stop = getattr(server, "_stop", None)  # CPython's own, used by its tests
    if callable(stop):
        with contextlib.suppress(OSError, ChildProcessError):
            stop()


def stamp_path(project: Project, code: str, fmt: str) -> Path:
    """Where the inputs an output was built from are remembered (:mod:`.incremental`)."""
    return project.work_dir(code) / f"{fmt}.inputs"


def _project_files(project: Project) -> Iterator[Path]:
    yield project.root / "conf.py"
    for folder in (project.srcdir, project.root / "_templates", project.locale_dir):
        if folder.is_dir():
            yield from (p for p in folder.rglob("*") if p.is_file())


def probably_stale(project: Project, codes: list[str], fmts: list[str]) -> bool:
    """A guess, from modification times alone, that the build has work to do: an output
    never built, or a source, template or catalog newer than its stamp. The hashes
    decide; this only says whether to start the workers before them."""
    try:
        oldest = min(stamp_path(project, c, f).stat().st_mtime_ns
                     for c in codes for f in fmts)
    except (OSError, ValueError):
        return True
    return any(path.stat().st_mtime_ns > oldest for path in _project_files(project))


def start_early(project: Project, languages: list[str] | None,
                formats: list[str] | None) -> None:
    """Start the fork server at once when the build will probably build something."""
    codes = [c for c in languages or project.language_codes if c in project.language_codes]
    fmts = list(formats or ("html", "pdf", "epub"))
    if probably_stale(project, codes, fmts):
        start_workers(project.build_dir / WORKERS_LOG)

