"""The machine's cache: what outlives one build, true of the machine or of a file's bytes.

A publication's own state stays in its ``_build``; what is here is keyed either by
the identity of the installed files it was learnt from (which font file a name
finds, a compiled helper for the installed EPUBCheck), so a changed install is
learnt again, or by a digest of everything that made it (msgfmt's verdict on a
catalog's bytes, a font cut to a book's characters), so it can never be stale.
``EDITIONS_CACHE_DIR`` moves it; otherwise ``$XDG_CACHE_HOME/editions`` or
``~/.cache/editions``.  Every layer may read it; losing it costs only time.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

#: Blobs kept per kind: the most recently used ones, so the cache does not grow
#: with every edit of a book.
BLOBS_KEPT = 64


def cache_dir() -> Path:
    explicit = os.environ.get("EDITIONS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "editions"


def atomic_write(target: Path, data: str | bytes) -> None:
    """Write ``target`` through a file beside it, renamed into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)
        tmp.replace(target)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold ``path`` (made, with its folder, if missing) locked against every other
    process that asks for it: one of two builds at once does the work."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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


def digest(*parts: str | bytes) -> str:
    """One key for everything that made a result (each part delimited, so no two
    lists of parts share a key)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(b"%d:" % len(data))
        h.update(data)
    return h.hexdigest()


def blob(kind: str, key: str, make: Callable[[], bytes], keep: int = BLOBS_KEPT) -> bytes:
    """``make()``'s bytes, kept under ``kind/key`` (the ``keep`` most recently used of
    the kind): made once for any number of builds."""
    data = read_blob(kind, key)
    if data is None:
        data = make()
        write_blob(kind, key, data, keep)
    return data


def read_blob(kind: str, key: str) -> bytes | None:
    path = cache_dir() / kind / key
    try:
        data = path.read_bytes()
        os.utime(path)  # recently used: kept by the pruning
    except OSError:
        return None
    return data


def write_blob(kind: str, key: str, data: bytes, keep: int = BLOBS_KEPT) -> None:
    with contextlib.suppress(OSError):
        atomic_write(cache_dir() / kind / key, data)
        _prune(cache_dir() / kind, keep)


def _prune(folder: Path, keep: int = BLOBS_KEPT) -> None:
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    if len(entries) <= keep:
        return
    entries.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in entries[keep:]:
        with contextlib.suppress(OSError):
            stale.unlink()
