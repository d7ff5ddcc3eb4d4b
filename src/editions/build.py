"""Build orchestration: each edition in its own process, published atomically.

Sphinx keeps per-process state (the translator, the registry), so every
edition builds in a fresh worker; a failure in one never stops another, and
the published copy of an edition is only replaced by one that built cleanly.

The work is scheduled as tasks over ``-j`` processes: one Sphinx task per
language (HTML, EPUB and LaTeX written from the same doctrees, so the sources
are read once), then one LuaLaTeX task per PDF, which overlaps with the other
languages' Sphinx tasks. A format whose inputs hash the same as when its
published output was made is not built at all.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import io
import json
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
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
    status: str  # ok | failed | stale; "pending" between the LaTeX and the PDF tasks
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    path: str = ""
    staged: str = ""  # the built output, waiting to be published
    unchanged: bool = False  # its inputs had not changed: published as it was, not built

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


def build_html(project: Project, code: str) -> FormatResult:
    outdir = project.build_dir / "work" / code / "html"
    # Sphinx writes every page that is missing, yet reads only the changed documents:
    # a changed heading reaches the navigation of every page.
    for page in outdir.rglob("*.html") if outdir.is_dir() else ():
        if "_static" not in page.relative_to(outdir).parts:
            page.unlink()
    problems = run_sphinx(project, code, "html", outdir, outdir.parent / "html.log")
    if fatal_problems(problems) or not (outdir / "index.html").exists():
        return FormatResult(code, "html", "failed", problems=problems)
    return FormatResult(code, "html", "ok", problems=problems, path=f"{code}/index.html",
                        staged=str(outdir))


def build_latex(project: Project, code: str) -> FormatResult:
    """The PDF's Sphinx half, to be typeset by a separate task, so LuaLaTeX need not
    hold a worker that could be reading another edition. The fonts are checked once
    for all editions, meanwhile (see font_problems)."""
    from editions.latex import write_latex

    tex, warnings = write_latex(project, code)
    if tex is None:
        return FormatResult(code, "pdf", "failed", problems=warnings)
    return FormatResult(code, "pdf", "pending", problems=warnings, staged=str(tex))


def typeset_pdf(root: str, latex: FormatResult) -> FormatResult:
    """LuaLaTeX (latexmk) on a LaTeX file that Sphinx wrote; safe in a thread."""
    from editions.latex import typeset

    project, code = Project.load(root), latex.language
    start = time.monotonic()
    pdf, problems = typeset(project, code, Path(latex.staged))
    seconds = round(latex.seconds + time.monotonic() - start, 2)
    if pdf is None:
        return FormatResult(code, "pdf", "failed", seconds, [*latex.problems, *problems])
    return FormatResult(code, "pdf", "ok", seconds, latex.problems,
                        path=f"{code}/{project.basename}.pdf", staged=str(pdf))


def font_problems(project: Project, codes: list[str]) -> dict[str, list[str]]:
    """The fonts each PDF edition lacks: each font looked up once, as the editions share
    most of theirs (a lookup starts LuaTeX)."""
    from editions.languages import get_language
    from editions.latex import edition_fonts, font_installed, font_lock, font_problem

    installed: dict[str, bool] = {}
    problems = {}
    with font_lock(project):  # the first lookup builds luaotfload's font index
        for code in codes:
            lang = get_language(code)
            fonts = edition_fonts(lang)
            for font in fonts:
                if font not in installed:
                    installed[font] = font_installed(font)
            problems[code] = [font_problem(lang, font) for font in fonts if not installed[font]]
    return problems


def build_epub(project: Project, code: str) -> FormatResult:
    from editions.epub import make_epub

    epub, problems = make_epub(project, code)
    if epub is None:
        return FormatResult(code, "epub", "failed", problems=problems)
    return FormatResult(code, "epub", "ok", problems=problems,
                        path=f"{code}/{project.basename}.epub", staged=str(epub))


QUICK_JVM = "-XX:TieredStopAtLevel=1"

#: Sphinx steps, in the order one worker runs them over one language's doctrees:
#: the HTML is published, and LuaLaTeX starts, while the EPUB is being written.
BUILDERS: dict[str, Callable[[Project, str], FormatResult]] = {
    "html": build_html, "pdf": build_latex, "epub": build_epub}

#: In a worker: where each format's result goes as soon as it is built.
_progress: Any = None


def _init_worker(progress: Any) -> None:
    global _progress
    _progress = progress


def build_edition(root: str, code: str, formats: list[str]) -> list[FormatResult]:
    """Worker entry point: the Sphinx steps of one edition, built but not published.

    A PDF comes back "pending": its LaTeX is written, and ``typeset_pdf`` follows.
    """
    project = Project.load(root)
    # epubcheck is a short-lived JVM: the quick (C1) compiler alone halves its CPU time.
    # This worker is this edition's alone, so its environment is too.
    os.environ.setdefault("JDK_JAVA_OPTIONS", QUICK_JVM)
    results = []
    for fmt in [f for f in BUILDERS if f in formats]:
        start = time.monotonic()
        try:
            result = BUILDERS[fmt](project, code)
        except Exception as exc:  # report, never take the other editions down
            detail = traceback.format_exc() if os.environ.get("EDITIONS_DEBUG") else ""
            problems = [f"{type(exc).__name__}: {exc}", *([detail] if detail else [])]
            result = FormatResult(code, fmt, "failed", problems=problems)
        result.seconds = round(time.monotonic() - start, 2)
        if _progress is not None:
            _progress.put(result)  # written to the pipe before this task returns
        else:
            results.append(result)
    return results


# ---------------------------------------------------------------------------
# What changed: a hash of every input of one edition in one format


#: The package's own files are inputs too: a new version may write other output.
PACKAGE_DIR = Path(__file__).resolve().parent


def input_files(project: Project, code: str) -> Iterator[Path]:
    """Every file an edition is made from (the compiled .mo files follow from the .po)."""
    roots = [project.srcdir, project.root / "_templates", project.locale_dir / code,
             PACKAGE_DIR]
    for root in roots:
        if root.is_dir():
            yield from sorted(p for p in root.rglob("*") if p.is_file()
                              and p.suffix not in (".mo", ".pyc") and "__pycache__" not in p.parts)
    yield project.root / "conf.py"
    if project.locale_dir.is_dir():  # the glossary and other shared files
        yield from sorted(p for p in project.locale_dir.iterdir() if p.is_file())


def input_digest(project: Project, code: str, fmt: str,
                 cache: dict[Path, bytes] | None = None) -> str:
    """One hash of an edition's inputs in one format: same hash, same output."""
    import sphinx

    from editions import __version__

    cache = {} if cache is None else cache
    h = hashlib.sha256(f"{__version__} {sphinx.__version__} {sys.version} {fmt}".encode())
    for path in input_files(project, code):
        if path not in cache:
            cache[path] = hashlib.sha256(path.read_bytes()).digest()
        h.update(str(path.relative_to(project.root) if path.is_relative_to(project.root)
                     else path.name).encode() + b"\0" + cache[path])
    if fmt == "pdf":
        h.update(font_identity(code).encode())
    return h.hexdigest()


def font_identity(code: str) -> str:
    """The fonts a PDF names, and which files fontconfig finds for them."""
    from editions.languages import get_language
    from editions.latex import edition_fonts

    parts = []
    for font in edition_fonts(get_language(code)):
        try:
            found = subprocess.run(["fc-match", "-f", "%{file}", font], capture_output=True,
                                   text=True, timeout=30, check=False).stdout
            stat = os.stat(found) if found else None
        except (OSError, subprocess.TimeoutExpired):
            found, stat = "", None
        parts.append(f"{font}={found}:{stat.st_size if stat else 0}:"
                     f"{stat.st_mtime_ns if stat else 0}")
    return ";".join(parts)


def stamp_path(project: Project, code: str, fmt: str) -> Path:
    return project.build_dir / "work" / code / f"{fmt}.inputs"


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
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"inputs": digest, "output": identity}), encoding="utf-8")
    tmp.replace(path)


def unchanged_result(project: Project, code: str, fmt: str) -> FormatResult:
    """The published output stands; its problems are the ones reported when it was built."""
    previous = {e["language"]: e for e in read_manifest(project.site_dir).get("editions", [])}
    record = previous.get(code, {}).get("formats", {}).get(fmt, {})
    return FormatResult(code, fmt, "ok", problems=list(record.get("problems", [])),
                        path=existing_path(project, code, fmt), unchanged=True)


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
          formats: list[str] | None = None, jobs: int | None = None,
          out: Path | str | None = None) -> BuildReport:
    """Build what changed; with ``out``, one shard: its site tree and a partial manifest."""
    project = project.with_site(out) if out else project
    project.validate()
    codes = languages or project.language_codes
    unknown = [c for c in codes if c not in project.language_codes]
    if unknown:
        raise ProjectError(f"{', '.join(unknown)} not in editions_languages "
                           f"({', '.join(project.language_codes)}): add it to conf.py")
    fmts = formats or list(FORMATS)
    fmts = [f for f in FORMATS if f in fmts and f in BUILDERS]
    jobs = max(1, jobs or os.cpu_count() or 1)
    with build_lock(project):
        cache: dict[Path, bytes] = {}
        digests = {(c, f): input_digest(project, c, f, cache) for c in codes for f in fmts}
        results = [unchanged_result(project, c, f) for (c, f), digest in digests.items()
                   if is_unchanged(project, c, f, digest)]
        skipped = {(r.language, r.format) for r in results}
        todo = {c: [f for f in fmts if (c, f) not in skipped] for c in codes}
        results += run_tasks(project, {c: fs for c, fs in todo.items() if fs}, jobs,
                             lambda result: mark_stale(project, publish(project, result)))
        results.sort(key=lambda r: (codes.index(r.language), fmts.index(r.format)))
        for result in results:
            write_stamp(project, result, digests[result.language, result.format])
        write_manifest(project, results, only=codes if out else None)
        if not out:  # a shard's landing page is written when the shards are assembled
            write_landing_page(project)
    return BuildReport(results, project.site_dir, project.unconfigured_catalogs())


Task = tuple[str, Callable[..., Any], tuple[Any, ...], str, list[str]]


def run_tasks(project: Project, todo: dict[str, list[str]], jobs: int,
              publish_one: Callable[[FormatResult], FormatResult]) -> list[FormatResult]:
    """Build ``todo`` (language → formats), ``jobs`` tasks at a time; see Scheduler."""
    return Scheduler(project, jobs, publish_one).run(todo) if todo else []


class Scheduler:
    """The Sphinx task of each language and the LuaLaTeX task of each PDF, ``jobs`` at a
    time; each format is handed to ``publish_one`` as soon as it is built."""

    def __init__(self, project: Project, jobs: int,
                 publish_one: Callable[[FormatResult], FormatResult]) -> None:
        self.project, self.jobs, self.publish_one = project, jobs, publish_one
        self.root = str(project.root)
        self.queue: deque[Task] = deque()
        self.running: dict[Future[Any], tuple[str, str, list[str]]] = {}
        self.reported: set[tuple[str, str]] = set()  # by the Sphinx workers, as they went
        self.results: list[FormatResult] = []
        self.context = multiprocessing.get_context("spawn")
        self.progress = self.context.SimpleQueue()
        self.fonts: Future[dict[str, list[str]]] | None = None

    def run(self, todo: dict[str, list[str]]) -> list[FormatResult]:
        self.queue.extend(("sphinx", build_edition, (self.root, code, fmts), code, fmts)
                          for code, fmts in todo.items())
        # One Sphinx task per worker process: Sphinx caches translations per process.
        # LuaLaTeX is a process of its own: a thread here waits for it, no Python to start.
        with ProcessPoolExecutor(max_workers=min(self.jobs, len(todo)),
                                 mp_context=self.context, max_tasks_per_child=1,
                                 initializer=_init_worker, initargs=(self.progress,)) as workers, \
                ThreadPoolExecutor(max_workers=self.jobs) as threads, \
                ThreadPoolExecutor(max_workers=1) as lookup:
            self.fonts = lookup.submit(font_problems, self.project,
                                       [c for c, fmts in todo.items() if "pdf" in fmts])
            try:
                self.loop({"sphinx": workers, "latex": threads})
            except BaseException:
                # Interrupted: the pool waits for its workers, which must not block on
                # a full pipe that nobody reads any more.
                threading.Thread(target=_drain, args=(self.progress,), daemon=True).start()
                raise
        return self.results

    def loop(self, pools: dict[str, Any]) -> None:
        while self.queue or self.running:
            while self.queue and len(self.running) < self.jobs:
                kind, func, args, code, fmts = self.queue.popleft()
                self.running[pools[kind].submit(func, *args)] = (kind, code, fmts)
            finished, _ = wait(self.running, timeout=0.2, return_when=FIRST_COMPLETED)
            while not self.progress.empty():  # a finished worker's results are all here
                result = self.progress.get()
                self.reported.add((result.language, result.format))
                self.handle(result)
            for future in finished:
                kind, code, fmts = self.running.pop(future)
                if kind == "sphinx":  # a worker that died fails what it had not reported
                    fmts = [f for f in fmts if (code, f) not in self.reported]
                for result in collect(future, code, fmts):
                    self.handle(result)

    def handle(self, result: FormatResult) -> None:
        if result.status == "pending" and self.fonts is not None:
            missing = missing_fonts(self.fonts, result.language)
            if missing:
                result.status, result.problems = "failed", [*result.problems, *missing]
        if result.status == "pending":
            # LuaLaTeX first: it is the longest step, and needs no Sphinx.
            self.queue.appendleft(("latex", typeset_pdf, (self.root, result),
                                   result.language, ["pdf"]))
        else:
            self.results.append(self.publish_one(result))


def _drain(progress: Any) -> None:
    while True:
        progress.get()


def missing_fonts(lookup: Future[dict[str, list[str]]], code: str) -> list[str]:
    try:
        return lookup.result().get(code, [])
    except Exception as exc:  # LuaLaTeX would stop with less to say: say this instead
        return [f"{code}: the fonts could not be looked up ({exc!r}): run "
                "'luaotfload-tool --update', then build again"]


def collect(future: Future[Any], code: str, fmts: list[str]) -> list[FormatResult]:
    """A worker that died (killed, out of memory) fails its edition, not the build."""
    try:
        done = future.result()
        return [done] if isinstance(done, FormatResult) else list(done)
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


def write_manifest(project: Project, results: list[FormatResult],
                   only: list[str] | None = None) -> dict[str, Any]:
    """The site's editions.json; ``only`` some languages for a shard's partial one."""
    previous = {e["language"]: e for e in read_manifest(project.site_dir).get("editions", [])}
    editions = []
    for lang in project.languages:
        if only is not None and lang.code not in only:
            continue
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


# ---------------------------------------------------------------------------
# Shards: editions built apart (one CI job each), assembled into one site

BOOKS = (".pdf", ".epub")


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
                            code, fmt, record.get("status", "failed"), record.get("seconds", 0.0),
                            list(record.get("problems", [])), entry.get(fmt, ""))
        results = list(merged.values())
        write_manifest(site, results)
        write_landing_page(site)
    return BuildReport(results, site.site_dir)


def shard_manifest(project: Project, shard: Path) -> dict[str, Any]:
    data = read_manifest(shard)
    if not data.get("editions"):
        raise ProjectError(f"{shard}: no {MANIFEST} with editions: pass folders written by "
                           "'editions build --out DIR'")
    identifier = data.get("publication", {}).get("identifier", "")
    if identifier != project.conf.get("editions_identifier", ""):
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
                    elif item.suffix not in BOOKS:
                        item.unlink()
            shutil.copytree(folder, merged, dirs_exist_ok=True)
        with signals_deferred():
            publish_tree(target, merged)
