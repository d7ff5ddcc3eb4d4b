"""Sphinx's warnings as data: a log handler that keeps each record's type, subtype and
location, whatever ``show_warning_types``, ``suppress_warnings``, ``-q`` or colour say.

Loaded as a Sphinx extension by :func:`editions.pipeline.sphinx_run.run_sphinx`,
because Sphinx replaces every handler of its logger as it starts and loads the
extensions right after: the first moment a handler can be added.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.logging import NAMESPACE, get_node_location

from editions.problems import LOG_TYPE, Code


@dataclass(frozen=True)
class LoggedProblem:
    """One warning or error Sphinx logged, or several alike (``count``)."""

    level: str  # WARNING | ERROR | CRITICAL
    type: str
    subtype: str
    location: str
    message: str
    count: int = 1

    @property
    def ships(self) -> bool:
        """Handled safely by the extension: reported, but the edition is published."""
        if self.level != "WARNING" or self.type != LOG_TYPE:
            return False
        try:
            return Code(self.subtype).ships
        except ValueError:
            return False

    def format(self) -> str:
        where = f"{self.location}: " if self.location else ""
        kind = f" [{self.type}.{self.subtype}]" if self.type and self.subtype else \
            f" [{self.type}]" if self.type else ""
        times = f" (and {self.count - 1} more like it)" if self.count > 1 else ""
        return f"{where}{self.level}: {self.message}{kind}{times}"


#: Marks a record this collector has counted.
SEEN = "_editions_collected"


class Collector(logging.Handler):
    """Keeps every warning of one Sphinx run, alike ones counted once."""

    def __init__(self, root: Path) -> None:
        super().__init__(logging.WARNING)
        self.root = root
        self.app: Sphinx | None = None
        self.found: dict[tuple[str, str, str, str], LoggedProblem] = {}

    def emit(self, record: logging.LogRecord) -> None:
        # Sphinx holds the warnings of the reading phase (pending_warnings) and hands the
        # same records to the logger again afterwards: count each record once.
        if getattr(record, SEEN, False):
            return
        setattr(record, SEEN, True)
        problem = LoggedProblem(
            level=record.levelname, type=str(getattr(record, "type", "") or ""),
            subtype=str(getattr(record, "subtype", "") or ""),
            location=self._where(getattr(record, "location", None)),
            message=logging.LogRecord.getMessage(record))
        key = (problem.level, problem.type, problem.subtype, problem.message)
        seen = self.found.get(key)
        self.found[key] = problem if seen is None else LoggedProblem(
            seen.level, seen.type, seen.subtype, seen.location, seen.message, seen.count + 1)

    @property
    def problems(self) -> list[LoggedProblem]:
        return list(self.found.values())

    def _where(self, location: Any) -> str:
        """A record's location as ``path:line``, relative to the publication."""
        where: str | None
        if isinstance(location, tuple):
            docname, line = location
            where = self._doc_path(str(docname)) + (f":{line}" if line else "") \
                if docname else None
        elif isinstance(location, nodes.Node):
            where = get_node_location(location)
        elif isinstance(location, str) and location and ":" not in location:
            where = self._doc_path(location)
        else:
            where = str(location) if location else None
        if not where:
            return ""
        prefix = str(self.root) + os.sep
        return where.removeprefix(prefix)

    def _doc_path(self, docname: str) -> str:
        env = getattr(self.app, "env", None) if self.app is not None else None
        return str(env.doc2path(docname)) if env is not None else docname


#: The collector of the run in progress (one Sphinx at a time in a process).
current: Collector | None = None


def setup(app: Sphinx) -> dict[str, Any]:
    if current is not None:
        current.app = app
        # First: Sphinx's own handlers' filters rewrite the record as they render it.
        logging.getLogger(NAMESPACE).handlers.insert(0, current)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
