"""The machine's cache: facts about installed tools and fonts that outlive one build.

A publication's own state stays in its ``_build``; what is here is true of the machine
(which font file a name finds, a compiled helper for the installed EPUBCheck), keyed by
the identity of the files it was learnt from, so a changed install is learnt again.
``EDITIONS_CACHE_DIR`` moves it; otherwise ``$XDG_CACHE_HOME/editions`` or
``~/.cache/editions``.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from editions.pipeline.publish import atomic_write


def cache_dir() -> Path:
    explicit = os.environ.get("EDITIONS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "editions"


def file_identity(path: Path | str) -> str:
    """Path, size and modification time: a reinstalled or replaced file is another one."""
    try:
        stat = os.stat(path)
    except OSError:
        return f"{path}:missing"
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def read_json(name: str) -> dict[str, Any]:
    """A cache file's content; an unreadable one is as good as none."""
    try:
        data = json.loads((cache_dir() / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json(name: str, data: dict[str, Any]) -> None:
    """Replace a cache file whole (another build may read it meanwhile); a cache that
    cannot be written only costs the next build the look-up again."""
    with contextlib.suppress(OSError):
        atomic_write(cache_dir() / name, json.dumps(data, ensure_ascii=False, sort_keys=True))
