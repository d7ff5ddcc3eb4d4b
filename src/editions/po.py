"""Gettext catalogs on disk: read (with GNU's ``#|`` previous msgids), render, write.

The one place that reads and writes ``.po`` files, for the extension (which
publishes only what passed review) and for the catalog operations above it.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import (
    PoFileError,
    PoFileParser,
    normalize,
    unescape,
    write_po,
)

PO_WIDTH = 76
UNWRAPPED_LENGTH = 20_000
HEADER_DATE = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', re.MULTILINE)


class CatalogError(Exception):
    """A catalog that cannot be read; the message names the file and line."""


class _PreviousAwareParser(PoFileParser):
    """Babel's parser, which also reads ``#| msgid`` (it writes them, but reads them as
    translator comments, so the next update would turn them into ``# | msgid``)."""

    def __init__(self, catalog: Catalog, abort_invalid: bool) -> None:
        self.previous: list[str] = []
        self.duplicates: list[tuple[int, str]] = []
        self.lineno = 0
        super().__init__(catalog, ignore_obsolete=False, abort_invalid=abort_invalid)

    def _process_message_line(self, lineno: int, line: str, obsolete: bool = False) -> None:
        self.lineno = lineno + 1
        super()._process_message_line(lineno, line, obsolete)

    def _process_comment(self, line: str) -> None:
        if not line.startswith("#|"):
            super()._process_comment(line)
            return
        self._finish_current_message()
        body = line[2:].strip()
        for keyword in ("msgid_plural ", "msgid "):
            if body.startswith(keyword):
                self.previous.append(unescape(body[len(keyword):].strip()))
                return
        if body.startswith('"') and self.previous:
            self.previous[-1] += unescape(body)

    def _add_message(self) -> None:
        previous, self.previous = self.previous, []
        parts = [m.denormalize() for m in self.messages]
        msgid = parts[0] if len(parts) == 1 else tuple(parts)
        context = self.context.denormalize() if self.context else None
        obsolete = self.obsolete
        if msgid and not obsolete and self.catalog.get(msgid, context) is not None:
            # Babel keeps the last silently; msgfmt refuses the catalog.
            self.duplicates.append((self.lineno, str(parts[0])))
        super()._add_message()
        if previous:
            message = (self.catalog.obsolete.get(self.catalog._key_for(msgid, context))
                       if obsolete else self.catalog.get(msgid, context))
            if message is not None:
                message.previous_id = previous


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    data = path.read_bytes()
    _check_encoding(path, data)
    try:
        catalog = Catalog(locale=locale)
        parser = _PreviousAwareParser(catalog, abort_invalid=True)
        parser.parse(io.BytesIO(data))
        for line, msgid in parser.duplicates:
            raise CatalogError(f"{path}:{line}: duplicate message definition of {msgid[:60]!r}: "
                               "keep one entry for each msgid and delete the other")
        for error in gettext_syntax_errors(path):
            raise CatalogError(f"{error}: fix the syntax (msgfmt -o /dev/null {path.name} "
                               "shows it too)")
        return catalog
    except PoFileError as exc:
        line = getattr(exc, "lineno", 0)
        raise CatalogError(f"{path}:{line}: {exc}: fix the syntax (msgfmt --check-format "
                           f"{path.name} shows it too)") from None
    except (UnicodeDecodeError, LookupError) as exc:
        raise CatalogError(f"{path}: {exc}: save the catalog as UTF-8 and declare "
                           "'Content-Type: text/plain; charset=UTF-8'") from None


def gettext_syntax_errors(path: Path) -> list[str]:
    """What GNU msgfmt finds fatal; Babel's parser accepts, say, an unterminated string."""
    if shutil.which("msgfmt") is None:
        return []
    proc = subprocess.run(["msgfmt", "-o", os.devnull, str(path)], capture_output=True,
                          text=True, check=False)
    if proc.returncode == 0:
        return []
    return [line for line in proc.stderr.splitlines()
            if line.startswith(str(path)) and "warning:" not in line] or [proc.stderr.strip()]


def _check_encoding(path: Path, data: bytes) -> None:
    match = re.search(rb"charset=([A-Za-z0-9_-]+)", data[:2000])
    charset = match.group(1).decode().lower() if match else "utf-8"
    if charset.replace("-", "") not in ("utf8", "charset"):
        line = data[: match.start()].count(b"\n") + 1 if match else 1
        raise CatalogError(f"{path}:{line}: the catalog is in {charset}, not UTF-8: convert it "
                           f"(msgconv --to-code=UTF-8 {path.name}) and declare charset=UTF-8")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError(f"{path}:{line}: bytes that are not UTF-8: save the catalog "
                           "as UTF-8") from None


def render_catalog(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    # Babel wraps in quadratic time: a megabyte string would take hours.
    longest = max((len(str(m.string)) for m in catalog if m.string), default=0)
    width = PO_WIDTH if longest < UNWRAPPED_LENGTH else 0
    write_po(buffer, catalog, width=width, include_previous=False, sort_output=False)
    return _with_previous_ids(buffer.getvalue().decode("utf-8"), catalog).encode("utf-8")


def _with_previous_ids(text: str, catalog: Catalog) -> str:
    """Add ``#| msgid`` lines the way GNU gettext writes them.

    Babel's own ``include_previous`` re-wraps a long previous msgid as comment
    prose, splitting it inside its quotes; msgmerge and Babel could not read it back.
    """
    entries = text.split("\n\n")
    messages = [m for m in catalog if m.id]
    for index, message in enumerate(messages, start=1):
        if index >= len(entries) or not (message.fuzzy and message.previous_id):
            continue
        lines = entries[index].split("\n")
        first_message_line = next(i for i, line in enumerate(lines) if not line.startswith("#"))
        previous = normalize(str(message.previous_id[0]), width=PO_WIDTH).split("\n")
        previous_lines = [f"#| msgid {previous[0]}", *(f"#| {line}" for line in previous[1:])]
        lines[first_message_line:first_message_line] = previous_lines
        entries[index] = "\n".join(lines)
    return "\n\n".join(entries)


def write_if_changed(path: Path, data: bytes, ignore_dates: bool = True) -> bool:
    """Write ``data`` unless the file already says the same (dates aside)."""
    if path.exists():
        old = path.read_bytes()
        if old == data or (ignore_dates and HEADER_DATE.sub(b"", old) ==
                           HEADER_DATE.sub(b"", data)):
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def is_translated(message: Message) -> bool:
    return bool(message.id) and bool(message.string) and not message.fuzzy


def message_ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]


def message_strings(message: Message) -> list[str]:
    s = message.string
    return [str(x) for x in s] if isinstance(s, (list, tuple)) else [str(s or "")]
