"""The order tasks start in: LuaLaTeX first, one slot kept for reading while languages
wait, one EPUBCheck at a time (one JVM), never more tasks than slots."""

from __future__ import annotations

from collections import deque

from editions.pipeline.scheduler import Kind, Task, next_task


def task(kind: Kind, code: str) -> Task:
    return Task(kind, print, (), code, [])


def waiting(**queued: str) -> dict[Kind, deque[Task]]:
    """waiting(sphinx="az en", latex="fa") → each kind's queue of languages."""
    return {kind: deque(task(kind, c) for c in queued.get(kind.value, "").split())
            for kind in Kind}


def started(queues: dict[Kind, deque[Task]], running: list[Kind], jobs: int) -> list[str]:
    """What starts in the free slots, as kind:language."""
    names = []
    while (found := next_task(queues, running, jobs)) is not None:
        running.append(found.kind)
        names.append(f"{found.kind.value}:{found.language}")
    return names


def test_at_the_start_every_slot_reads_a_language() -> None:
    assert started(waiting(sphinx="fa az en ru"), [], 2) == ["sphinx:fa", "sphinx:az"]


def test_latex_goes_first_but_a_slot_stays_for_the_languages_still_to_read() -> None:
    queues = waiting(sphinx="en ru", latex="fa az", check="fa")
    assert started(queues, [], 2) == ["latex:fa", "sphinx:en"]
    assert started(queues, [Kind.SPHINX], 4) == ["latex:az", "sphinx:ru", "check:fa"]


def test_once_every_language_is_read_latex_takes_every_slot_before_checks() -> None:
    queues = waiting(latex="fa az", check="en ru")
    assert started(queues, [], 2) == ["latex:fa", "latex:az"]
    assert started(queues, [Kind.LATEX], 3) == ["check:en"]  # one JVM, one book at a time


def test_one_slot_runs_everything_one_after_another() -> None:
    queues = waiting(sphinx="fa", latex="az", check="en")
    assert started(queues, [], 1) == ["sphinx:fa"]
    assert started(queues, [], 1) == ["latex:az"]
    assert started(queues, [], 1) == ["check:en"]
    assert started(queues, [], 1) == []
