"""The scheduler: each language's Sphinx task, each PDF's LuaLaTeX task and each EPUB's
EPUBCheck, ``jobs`` at a time; each format is handed on to be published as soon as it
is built.

On ``jobs`` cores the build ends when the last LuaLaTeX ends, so the order is chosen
for that: the languages whose PDF took longest last time (right-to-left ones first
when there is no last time) are read first; a LuaLaTeX task starts before any other
waiting task, but while Sphinx tasks wait one slot is kept for them, so the LaTeX
files keep coming; the EPUBs are checked, one after another in one JVM
(:mod:`.tools.jvm`), in slots no LuaLaTeX task is waiting for.
"""

from __future__ import annotations

import enum
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from dataclasses import dataclass
from typing import Any

from editions.layout import Format
from editions.pipeline.manifest import FormatResult, Status, read_manifest
from editions.pipeline.steps import (
    EpubWritten,
    LatexWritten,
    StepResult,
    build_edition,
    check_epub,
    init_worker,
    typeset_pdf,
)
from editions.pipeline.tools.fonts import font_problems
from editions.pipeline.tools.jvm import EpubcheckJVM
from editions.pipeline.workers import stop_workers, worker_context
from editions.project import Project


class Kind(enum.Enum):
    SPHINX = "sphinx"  # a worker process: Sphinx keeps per-process state
    LATEX = "latex"  # a thread here waits for LuaLaTeX, a process of its own
    CHECK = "check"  # a thread here waits for the build's one EPUBCheck JVM


#: The order tasks start in when a slot is free.
PRIORITY = (Kind.LATEX, Kind.SPHINX, Kind.CHECK)


@dataclass(frozen=True)
class Task:
    kind: Kind
    func: Callable[..., Any]
    args: tuple[Any, ...]
    language: str
    formats: list[str]


def run_tasks(project: Project, todo: dict[str, list[str]], jobs: int,
              publish_one: Callable[[FormatResult], FormatResult],
              jvm: EpubcheckJVM | None = None,
              after_reading: Callable[[], None] | None = None) -> list[FormatResult]:
    """Build ``todo`` (language → formats), ``jobs`` tasks at a time; see Scheduler.
    ``jvm``: the build's EPUBCheck, which the caller closes (else one of its own).
    ``after_reading``: run (in a thread) once every Sphinx task is done and its HTML
    published, while the PDFs are still typeset."""
    if not todo:
        return []
    return Scheduler(project, jobs, publish_one, jvm, after_reading).run(todo)


def build_jvm(project: Project) -> EpubcheckJVM:
    """The build's one EPUBCheck JVM (started at its first book)."""
    return EpubcheckJVM(project.build_dir / "work" / "epubcheck.log")


def expected_seconds(project: Project, code: str) -> float:
    """How long the language's formats took when last built (its PDF dominates); with
    no record, right-to-left editions count as longer (their shaping is)."""
    editions = read_manifest(project.site_dir).get("editions", [])
    record: dict[str, Any] = next((e for e in editions if e.get("language") == code), {})
    seconds = sum(float(f.get("seconds") or 0) for f in record.get("formats", {}).values())
    if seconds:
        return seconds
    return 2.0 if project.settings.language(code).direction == "rtl" else 1.0


def next_task(waiting: dict[Kind, deque[Task]], running: list[Kind], jobs: int) -> Task | None:
    """The task to start in a free slot, or None to leave it free."""
    if len(running) >= jobs:
        return None
    tools = sum(kind != Kind.SPHINX for kind in running)
    for kind in PRIORITY:
        if not waiting[kind]:
            continue
        if kind == Kind.CHECK and Kind.CHECK in running:
            continue  # one JVM checks one book at a time: a second thread would only wait
        if kind != Kind.SPHINX and waiting[Kind.SPHINX] and tools >= jobs - 1:
            continue  # the last slot reads the next language
        return waiting[kind].popleft()
    return None


class Scheduler:
    """The Sphinx task of each language, the LuaLaTeX task of each PDF and the EPUBCheck
    of each EPUB, ``jobs`` at a time; each format is handed to ``publish_one`` as soon as
    it is built."""

    def __init__(self, project: Project, jobs: int,
                 publish_one: Callable[[FormatResult], FormatResult],
                 jvm: EpubcheckJVM | None = None,
                 after_reading: Callable[[], None] | None = None) -> None:
        self.project, self.jobs, self.publish_one = project, jobs, publish_one
        self.root = str(project.root)
        self.waiting: dict[Kind, deque[Task]] = {kind: deque() for kind in Kind}
        self.running: dict[Future[Any], Task] = {}
        self.reported: set[tuple[str, str]] = set()  # by the Sphinx workers, as they went
        self.results: list[FormatResult] = []
        self.context = worker_context()
        self.progress = self.context.SimpleQueue()
        self.fonts: Future[dict[str, list[str]]] | None = None
        self.own_jvm = jvm is None
        self.jvm = jvm or build_jvm(project)
        self.expected: dict[str, float] = {}
        self.after_reading = after_reading
        self.after_reading_done: Future[None] | None = None
        self.retired: Future[None] | None = None

    def run(self, todo: dict[str, list[str]]) -> list[FormatResult]:
        self.expected = {code: expected_seconds(self.project, code) for code in todo}
        for code in sorted(todo, key=lambda c: -self.expected[c]):  # longest first
            self.waiting[Kind.SPHINX].append(
                Task(Kind.SPHINX, build_edition, (self.root, code, todo[code]), code, todo[code]))
        # One Sphinx task per worker process: Sphinx caches translations per process.
        # LuaLaTeX is a process of its own: a thread here waits for it, no Python to start.
        with ProcessPoolExecutor(max_workers=min(self.jobs, len(todo)),
                                 mp_context=self.context, max_tasks_per_child=1,
                                 initializer=init_worker, initargs=(self.progress,)) as workers, \
                ThreadPoolExecutor(max_workers=self.jobs) as threads, \
                ThreadPoolExecutor(max_workers=1) as lookup:
            self.fonts = lookup.submit(font_problems, self.project,
                                       [c for c, fmts in todo.items() if "pdf" in fmts])
            try:
                self.loop({Kind.SPHINX: workers, Kind.LATEX: threads, Kind.CHECK: threads},
                          lookup)
                for helper in (self.retired, self.after_reading_done):
                    if helper is not None:
                        helper.result()
            except BaseException:
                # Interrupted: the pool waits for its workers, which must not block on
                # a full pipe that nobody reads any more.
                threading.Thread(target=_drain, args=(self.progress,), daemon=True).start()
                raise
            finally:
                if self.own_jvm:
                    self.jvm.close()
        return self.results

    def loop(self, pools: dict[Kind, Any], helpers: ThreadPoolExecutor) -> None:
        while any(self.waiting.values()) or self.running:
            self.start_after_reading(helpers, pools[Kind.SPHINX])
            while task := next_task(self.waiting, [t.kind for t in self.running.values()],
                                    self.jobs):
                self.running[pools[task.kind].submit(task.func, *task.args)] = task
            finished, _ = wait(self.running, timeout=0.2, return_when=FIRST_COMPLETED)
            while not self.progress.empty():  # a finished worker's results are all here
                result = self.progress.get()
                self.reported.add((result.language, result.format))
                self.handle(result)
            for future in finished:
                task = self.running.pop(future)
                fmts = task.formats
                if task.kind == Kind.SPHINX:  # a worker that died fails what it had not said
                    fmts = [f for f in fmts if (task.language, f) not in self.reported]
                for result in collect(future, task.language, fmts):
                    self.handle(result)

    def start_after_reading(self, helpers: ThreadPoolExecutor, workers: Any) -> None:
        """Once no Sphinx task waits or runs: the workers and their server are ended
        (while LuaLaTeX still runs, not after it), then what needs every HTML."""
        reading = self.waiting[Kind.SPHINX] or any(
            t.kind == Kind.SPHINX for t in self.running.values())
        if reading:
            return
        if self.retired is None:
            self.retired = helpers.submit(retire, workers)
        if self.after_reading is not None and self.after_reading_done is None:
            self.after_reading_done = helpers.submit(self.after_reading)

    def handle(self, result: StepResult) -> None:
        if isinstance(result, EpubWritten):
            self.waiting[Kind.CHECK].append(Task(Kind.CHECK, check_epub,
                                                 (self.root, result, self.jvm.check),
                                                 result.language, [Format.EPUB]))
            return
        if isinstance(result, LatexWritten):
            missing = missing_fonts(self.fonts, result.language) if self.fonts else []
            if not missing:
                self.queue_latex(Task(Kind.LATEX, typeset_pdf, (self.root, result),
                                      result.language, [Format.PDF]))
                return
            result = FormatResult(result.language, Format.PDF, Status.FAILED, result.seconds,
                                  [*result.problems, *missing])
        self.results.append(self.publish_one(result))

    def queue_latex(self, task: Task) -> None:
        """Longest first: a LuaLaTeX task waits behind those expected to take longer."""
        waiting = self.waiting[Kind.LATEX]
        place = next((i for i, other in enumerate(waiting)
                      if self.expected[other.language] < self.expected[task.language]),
                     len(waiting))
        waiting.insert(place, task)


def retire(workers: Any) -> None:
    """No Sphinx task is left (they are all queued at the start): end the pool's
    processes and the fork server (see :func:`editions.pipeline.workers.stop_workers`)."""
    workers.shutdown(wait=True)
    stop_workers()


def _drain(progress: Any) -> None:
    while True:
        progress.get()


def missing_fonts(lookup: Future[dict[str, list[str]]], code: str) -> list[str]:
    try:
        return lookup.result().get(code, [])
    except Exception as exc:  # LuaLaTeX would stop with less to say: say this instead
        return [f"{code}: the fonts could not be looked up ({exc!r}): run "
                "'luaotfload-tool --update', then build again"]


def collect(future: Future[Any], code: str, fmts: list[str]) -> list[StepResult]:
    """A worker that died (killed, out of memory) fails its edition, not the build."""
    try:
        done = future.result()
        return [done] if isinstance(done, FormatResult | LatexWritten | EpubWritten) \
            else list(done)
    except Exception as exc:
        return [FormatResult(code, fmt, Status.FAILED,
                             problems=[f"the {code} build process stopped: {exc!r}; "
                                       "run 'editions build --debug -l " + code + "'"])
                for fmt in fmts]
