"""Sphinx, run in this process, and what it logged as data (:mod:`.capture`)."""

from __future__ import annotations

from pathlib import Path

from editions.pipeline import capture
from editions.pipeline.capture import LoggedProblem
from editions.pipeline.incremental import package_digest
from editions.project import Project

CAPTURE_EXTENSION = "editions.pipeline.capture"


def run_sphinx(project: Project, code: str, builder: str, outdir: Path,
               log_path: Path) -> list[LoggedProblem]:
    """Build with Sphinx in this process; return its warnings and errors."""
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    nocolor()  # the log file is for reading
    collector = capture.Collector(project.root)
    capture.current = collector
    extensions = [*project.conf.get("extensions", []), CAPTURE_EXTENSION]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    doctrees = project.work_dir(code) / "doctrees"
    # Doctrees read by another version of the package are read again.
    stamp = doctrees / "editions-package.digest"
    fresh = not stamp.is_file() or stamp.read_text(encoding="utf-8") != package_digest()
    try:
        with log_path.open("w", encoding="utf-8") as status, \
                patch_docutils(str(project.root)), docutils_namespace():
            app = Sphinx(str(project.srcdir), str(project.root), str(outdir),
                         str(doctrees), builder,
                         confoverrides={"language": code, "extensions": extensions},
                         status=status, warning=status, freshenv=fresh, keep_going=True)
            app.build()
        stamp.write_text(package_digest(), encoding="utf-8")
    finally:
        capture.current = None
    problems = collector.problems
    if fatal(problems):
        # Sphinx would not re-read an unchanged document, nor repeat its warnings:
        # forget the environment so the next build reports the problem again.
        (Path(app.doctreedir) / "environment.pickle").unlink(missing_ok=True)
    return problems


def fatal(problems: list[LoggedProblem]) -> list[LoggedProblem]:
    """Errors, and warnings the extension did not handle, keep an edition from shipping."""
    return [p for p in problems if not p.ships]


def formatted(problems: list[LoggedProblem]) -> list[str]:
    return [p.format() for p in problems]
