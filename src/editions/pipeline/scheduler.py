"""The scheduler: each language's Sphinx task and each PDF's LuaLaTeX task, ``jobs`` at a
time; each format is handed on to be published as soon as it is built."""

from __future__ import annotations

import enum
import multiprocessing
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
from editions.pipeline.manifest import FormatResult, Status
from editions.pipeline.steps import (
    LatexWritten,
    StepResult,
    build_edition,
    init_worker,
    typeset_pdf,
)
from editions.pipeline.tools.fonts import font_problems
from editions.project import Project


class Kind(enum.Enum):
    SPHINX = "sphinx"  # a worker process: Sphinx keeps per-process state
    LATEX = "latex"  # a thread here waits for LuaLaTeX, a process of its own


@dataclass(frozen=True)
class Task:
    kind: Kind
    func: Callable[..., Any]
    args: tuple[Any, ...]
    language: str
    formats: list[str]


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
        self.running: dict[Future[Any], Task] = {}
        self.reported: set[tuple[str, str]] = set()  # by the Sphinx workers, as they went
        self.results: list[FormatResult] = []
        self.context = multiprocessing.get_context("spawn")
        self.progress = self.context.SimpleQueue()
        self.fonts: Future[dict[str, list[str]]] | None = None

    def run(self, todo: dict[str, list[str]]) -> list[FormatResult]:
        self.queue.extend(Task(Kind.SPHINX, build_edition, (self.root, code, fmts), code, fmts)
                          for code, fmts in todo.items())
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
                self.loop({Kind.SPHINX: workers, Kind.LATEX: threads})
            except BaseException:
                # Interrupted: the pool waits for its workers, which must not block on
                # a full pipe that nobody reads any more.
                threading.Thread(target=_drain, args=(self.progress,), daemon=True).start()
                raise
        return self.results

    def loop(self, pools: dict[Kind, Any]) -> None:
        while self.queue or self.running:
            while self.queue and len(self.running) < self.jobs:
                task = self.queue.popleft()
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

    def handle(self, result: StepResult) -> None:
        if isinstance(result, LatexWritten):
            missing = missing_fonts(self.fonts, result.language) if self.fonts else []
            if not missing:
                # LuaLaTeX first: it is the longest step, and needs no Sphinx.
                self.queue.appendleft(Task(Kind.LATEX, typeset_pdf, (self.root, result),
                                           result.language, [Format.PDF]))
                return
            result = FormatResult(result.language, Format.PDF, Status.FAILED, result.seconds,
                                  [*result.problems, *missing])
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


def collect(future: Future[Any], code: str, fmts: list[str]) -> list[StepResult]:
    """A worker that died (killed, out of memory) fails its edition, not the build."""
    try:
        done = future.result()
        return [done] if isinstance(done, FormatResult | LatexWritten) else list(done)
    except Exception as exc:
        return [FormatResult(code, fmt, Status.FAILED,
                             problems=[f"the {code} build process stopped: {exc!r}; "
                                       "run 'editions build --debug -l " + code + "'"])
                for fmt in fmts]


