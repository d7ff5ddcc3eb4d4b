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
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import (
    PoFileError,
    PoFileParser,
    escape,
    unescape,
)

from editions import cache

#: msgfmt's "nothing fatal" for a catalog's bytes, kept across builds: a build reads
#: every catalog several times (review, status, each format), msgfmt is a process each.
MSGFMT_PASSED = "msgfmt-passed"
#: GNU msgcat's form of a catalog's bytes; a publication has a catalog per chapter
#: and language, each rendered as it is reviewed, updated and checked.
MSGCAT_FORMS = "msgcat-forms"
CATALOGS_KEPT = 1024

HEADER_DATE = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', re.MULTILINE)
POT_DATE = re.compile(rb'^"POT-Creation-Date: [^"]*\\n"\n', re.MULTILINE)
#: ``#: source/x.md:12``: where a message is, not what it says.
REFERENCES = re.compile(rb"^#:.*\n", re.MULTILINE)


class CatalogError(Exception):
    """A catalog that cannot be read; the message names the file and line."""


@dataclass
class RawHeader:
    """The header entry as the file says it, so writing it back changes nothing
    (Babel rebuilds a header from its own fields, dropping Poedit's and Weblate's)."""

    text: str
    comments: list[str]

    def with_field(self, name: str, value: str) -> RawHeader:
        pattern = re.compile(rf"^{re.escape(name)}:.*$", re.MULTILINE)
        text = (pattern.sub(f"{name}: {value}", self.text, count=1) if pattern.search(self.text)
                else self.text)
        return RawHeader(text, list(self.comments))


class PoCatalog(Catalog):
    """A Babel catalog that remembers its header as it was read."""

    raw_header: RawHeader | None = None


class _PreviousAwareParser(PoFileParser):
    """Babel's parser, which also reads GNU's ``#| msgid`` and ``#~| msgid`` (previous
    msgids), keeps translator comments as written, and keeps the header as it was."""

    def __init__(self, catalog: Catalog, abort_invalid: bool) -> None:
        self.previous: list[str] = []
        self.duplicates: list[tuple[int, str]] = []
        self.lineno = 0
        super().__init__(catalog, ignore_obsolete=False, abort_invalid=abort_invalid)

    def _process_message_line(self, lineno: int, line: str, obsolete: bool = False) -> None:
        self.lineno = lineno + 1
        if obsolete and line.startswith("|"):
            self._process_comment("#" + line)
            return
        super()._process_message_line(lineno, line, obsolete)

    def _process_comment(self, line: str) -> None:
        if line[:2] in ("#:", "#,", "#."):
            super()._process_comment(line)
            return
        self._finish_current_message()
        if not line.startswith("#|"):
            # GNU keeps what follows "# " as it is; Babel would strip it.
            text = line[1:]
            self.user_comments.append(text[1:] if text.startswith(" ") else text)
            return
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
        if msgid == "" and not obsolete and isinstance(self.catalog, PoCatalog):
            self.catalog.raw_header = RawHeader(self.translations[0][1].denormalize(),
                                                list(self.user_comments))
        if msgid and not obsolete and self.catalog.get(msgid, context) is not None:
            # Babel keeps the last silently; msgfmt refuses the catalog.
            self.duplicates.append((self.lineno, str(parts[0])))
        comments = list(self.user_comments)
        super()._add_message()
        message = (self.catalog.obsolete.get(self.catalog._key_for(msgid, context))
                   if obsolete else self.catalog.get(msgid, context))
        if message is not None and msgid:
            message.user_comments = comments  # Babel drops a repeated line; GNU keeps it
            if previous:
                message.previous_id = previous


def read_catalog(path: Path, locale: str | None = None) -> PoCatalog:
    data = path.read_bytes()
    _check_encoding(path, data)
    try:
        catalog = PoCatalog(locale=locale)
        parser = _PreviousAwareParser(catalog, abort_invalid=True)
        parser.parse(io.BytesIO(data))
        for line, msgid in parser.duplicates:
            raise CatalogError(f"{path}:{line}: duplicate message definition of {msgid[:60]!r}: "
                               "keep one entry for each msgid and delete the other")
        for error in gettext_syntax_errors(path, data):
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


def gettext_syntax_errors(path: Path, data: bytes | None = None) -> list[str]:
    """What GNU msgfmt finds fatal in ``data`` (the file's bytes unless given); Babel's
    parser accepts, say, an unterminated string.

    A catalog msgfmt passed is known by its bytes (and msgfmt's own identity); one
    it refused is always asked again, so its errors are this file's as it is now."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return []
    data = path.read_bytes() if data is None else data
    key = cache.digest(cache.file_identity(os.path.realpath(msgfmt)), data)
    if cache.read_blob(MSGFMT_PASSED, key) is not None:  # an empty file: "passed"
        return []
    # The very bytes that were parsed, on standard input: msgfmt names them <stdin>.
    proc = subprocess.run([msgfmt, "-o", os.devnull, "-"], input=data, capture_output=True,
                          check=False)
    if proc.returncode == 0:
        cache.write_blob(MSGFMT_PASSED, key, b"", keep=CATALOGS_KEPT)
        return []
    stderr = proc.stderr.decode("utf-8", "replace").replace("<stdin>", str(path))
    return [line for line in stderr.splitlines()
            if line.startswith(str(path)) and "warning:" not in line] or [stderr.strip()]


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
    """The catalog in GNU gettext's own form: what ``msgcat`` writes of it.

    Each entry is written unwrapped, with everything the file said (the header
    and its comment as they were, translator comments, ``#|`` previous msgids,
    ``#~`` obsolete entries), then GNU msgcat lays it out: one writer, GNU's.
    """
    lines = [*_header_lines(catalog), ""]
    for message in catalog:
        if message.id:
            lines += [*_entry_lines(message, obsolete=False), ""]
    for message in catalog.obsolete.values():
        lines += [*_entry_lines(message, obsolete=True), ""]
    return canonical_form("\n".join(lines).encode("utf-8"), "<catalog>")


def canonical_form(data: bytes, name: str) -> bytes:
    """What GNU msgcat writes of a catalog: its wrapping (width 79, a line breaks
    after the space), escapes, flag order, and obsolete entries last.  ``--force-po``:
    a catalog with a header alone is still a catalog (plain msgcat writes nothing)."""
    msgcat = shutil.which("msgcat")
    if msgcat is None:
        raise CatalogError(f"{name}: GNU msgcat is not installed, and editions writes "
                           "catalogs only in its form: install Debian's gettext package "
                           "(scripts/install-system.sh does)")
    # A pure function of the bytes and msgcat: kept, as a build renders every catalog
    # for each of its formats; what msgcat refuses is asked again, to name the file.
    key = cache.digest(cache.file_identity(os.path.realpath(msgcat)), data)
    return cache.blob(MSGCAT_FORMS, key, lambda: _run_msgcat(msgcat, data, name),
                      keep=CATALOGS_KEPT)


def _run_msgcat(msgcat: str, data: bytes, name: str) -> bytes:
    proc = subprocess.run([msgcat, "--force-po", "-"], input=data, capture_output=True,
                          check=False, env={**os.environ, "LC_ALL": "C.UTF-8"})
    if proc.returncode != 0:
        errors = proc.stderr.decode("utf-8", "replace").strip().replace("<stdin>", name)
        raise CatalogError(f"{errors}: fix the syntax (msgcat {name} shows it too)")
    return proc.stdout


def is_canonical(path: Path) -> bool:
    data = path.read_bytes()
    return canonical_form(data, str(path)) == data


def _header_lines(catalog: Catalog) -> list[str]:
    raw = catalog.raw_header if isinstance(catalog, PoCatalog) else None
    if raw is not None:
        comments = [_comment("#", c) for c in raw.comments]
        header = raw.text
    else:
        comments = catalog.header_comment.splitlines()
        header = "".join(f"{name}: {value}\n".replace("\n\n", "\n")
                         for name, value in catalog.mime_headers)
    flags = ["#, fuzzy"] if catalog.fuzzy else []
    return [*comments, *flags, 'msgid ""', f"msgstr {_quoted(header)}"]


def _entry_lines(message: Message, obsolete: bool) -> list[str]:
    keyword = "#~ " if obsolete else ""
    lines = [_comment("#", c) for c in message.user_comments]
    lines += [_comment("#.", c) for c in message.auto_comments]
    if message.locations:
        lines.append("#: " + " ".join(f"{path}:{line}" if line else path
                                      for path, line in message.locations))
    if message.flags:
        lines.append("#, " + ", ".join(sorted(message.flags)))
    previous = list(message.previous_id or [])
    for word, text in zip(("msgid", "msgid_plural"), previous, strict=False):
        lines.append(f"{'#~| ' if obsolete else '#| '}{word} {_quoted(str(text))}")
    if message.context is not None:
        lines.append(f"{keyword}msgctxt {_quoted(message.context)}")
    ids, strings = message_ids(message), message_strings(message)
    lines.append(f"{keyword}msgid {_quoted(str(ids[0]))}")
    if message.pluralizable:
        lines.append(f"{keyword}msgid_plural {_quoted(str(ids[1]))}")
        lines += [f"{keyword}msgstr[{n}] {_quoted(s)}" for n, s in enumerate(strings)]
    else:
        lines.append(f"{keyword}msgstr {_quoted(strings[0])}")
    return lines


def _comment(prefix: str, text: str) -> str:
    # GNU reads "# text" as "text" and writes it back with one space.
    return f"{prefix} {text}" if text else prefix


def _quoted(text: str) -> str:
    return '"' + escape(text)[1:-1] + '"'


def messages_differ(old: bytes, new: bytes) -> bool:
    """Whether two renderings of a catalog differ in more than the template's date and
    the reference comments (an old catalog's line numbers are left as they are)."""
    def said(data: bytes) -> bytes:
        return REFERENCES.sub(b"", POT_DATE.sub(b"", data))
    return said(old) != said(new)


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
