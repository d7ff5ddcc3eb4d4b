"""Publishing: every write to the site is atomic, so a reader (or an interrupted build)
sees either the old output or the new one, and one build at a time writes the site."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

from editions.cache import atomic_write as atomic_write  # the pipeline's one writer
from editions.project import Project


def publish_tree(target: Path, built: Path, keep_suffixes: tuple[str, ...] = (),
                 keep_dirs: tuple[str, ...] = ()) -> None:
    """Replace ``target`` by a copy of ``built``, keeping the other formats' files (and
    the folders ``keep_dirs``, made apart from this build: the parallel pages).

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
                elif item.is_dir() and item.name in keep_dirs:
                    shutil.copytree(item, stage / item.name, dirs_exist_ok=True)
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


