"""The publication's date when nothing else fixes it: its inputs' last commit.

Two clones of one commit then date their books alike, and a rebuild of an
unchanged text is not a new book (see :mod:`editions.dates` for the order).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # neither imported here: the command's early start runs git before them
    from editions.project import Project

GIT_TIMEOUT = 30


def last_commit_epoch(root: Path, paths: list[Path]) -> int | None:
    """The commit time (seconds since 1970) of the last commit touching ``paths``."""
    if shutil.which("git") is None:
        return None
    inside = [str(p.relative_to(root)) for p in paths if p.exists() and p.is_relative_to(root)]
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct", "--", *inside], cwd=root,
                              capture_output=True, text=True, timeout=GIT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return None
    text = done.stdout.strip()
    return int(text) if done.returncode == 0 and text.isdigit() else None


def commit_inputs(project: Project) -> list[Path]:
    """What the publication's date follows when nothing fixes it: the sources, the
    catalogs and conf.py."""
    return [project.srcdir, project.locale_dir, project.root / "conf.py"]


def fixed_epoch(project: Project) -> str | None:
    """The epoch the environment or ``editions_date`` fixes ("" for one that is wrong:
    the extension reports it, at conf.py's line); None when the inputs' last commit
    decides."""
    from editions.dates import PublicationDateError, epoch_of, publication_moment

    try:
        moment = publication_moment(project.settings.date, os.environ)
    except PublicationDateError:
        return ""
    return None if moment is None else str(epoch_of(moment))


def publication_epoch(project: Project) -> str:
    """SOURCE_DATE_EPOCH for every tool of a build: the environment's, else
    ``editions_date``, else the inputs' last commit; "" when none fixes it."""
    fixed = fixed_epoch(project)
    if fixed is not None:
        return fixed
    epoch = last_commit_epoch(project.root, commit_inputs(project))
    return str(epoch) if epoch is not None else ""


def export_publication_epoch(project: Project) -> None:
    """Set SOURCE_DATE_EPOCH in this process (a worker, or LuaLaTeX's caller)."""
    epoch = publication_epoch(project)
    if epoch:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
