"""Problems as data: one enum of editions' codes, shared by the extension, the checks
and the build, and the one located problem type they all report."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Code(enum.StrEnum):
    """What is wrong; the ``subtype`` of editions' Sphinx warnings (``editions.<code>``)."""

    FOOTNOTE = "footnote"
    XREF = "xref"
    MARKUP = "markup"
    RAW_HTML = "raw-html"
    DIRECTIVE = "directive"
    BIDI_CONTROL = "bidi-control"
    INVISIBLE = "invisible"
    TOO_LONG = "too-long"
    FUZZY = "fuzzy"
    CATALOG = "catalog"
    SYNTAX = "syntax"
    MSGFMT = "msgfmt"
    #: Not in GNU msgcat's form: a translator's next save would rewrap it.
    NOT_CANONICAL = "not-canonical"
    GLOSSARY = "glossary"
    NOTE_PARITY = "note-parity"
    SOURCE = "source"
    LATEX = "latex"
    EPUB = "epub"
    CONFIG = "config"
    LETTER = "letter"
    SPACING = "spacing"
    INCONSISTENT = "inconsistent"

    @property
    def falls_back(self) -> bool:
        """The msgstr is refused and the source text shown in its place."""
        return self in _FALLS_BACK

    @property
    def ships(self) -> bool:
        """Handled safely by the extension: reported, and the edition still ships."""
        return self in _FALLS_BACK or self in (Code.FUZZY, Code.CATALOG)


_FALLS_BACK = frozenset({Code.FOOTNOTE, Code.XREF, Code.RAW_HTML, Code.DIRECTIVE,
                         Code.BIDI_CONTROL, Code.TOO_LONG})

#: The ``type`` of every Sphinx warning editions logs.
LOG_TYPE = "editions"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a message, located in its catalog."""

    code: Code
    message: str
    hint: str
    path: str = ""
    line: int = 0
    msgid: str = ""
    severity: Severity = Severity.ERROR

    @property
    def unsafe(self) -> bool:
        """A problem that keeps the msgstr out of every output."""
        return self.code.falls_back

    def located(self, path: str, line: int, msgid: str) -> Problem:
        return Problem(self.code, self.message, self.hint, path, line, msgid, self.severity)

    def format(self) -> str:
        where = f"{self.path}:{self.line}: " if self.path else ""
        return f"{where}{self.code}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"code": str(self.code), "message": self.message, "hint": self.hint,
                "path": self.path, "line": self.line, "msgid": self.msgid,
                "severity": str(self.severity)}
