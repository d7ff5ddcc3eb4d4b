"""Checks of translated messages: what a translator must fix before an edition ships.

Each check compares a msgstr with its msgid and returns problems; nothing here
reads or writes files, so the build, ``editions check`` and the tests share it.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from editions.problems import Code, Problem, Severity
from editions.text.notes import FOOTNOTE_REF

# Bidi embeddings/overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters that change nothing a reader should see; ZWNJ (U+200C)
# and ZWJ (U+200D) are letters' business in Persian and are allowed.
INVISIBLES = frozenset("\u200b\u200e\u200f\u2060\ufeff\u00ad\u180e\u061c")

RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--|javascript:", re.IGNORECASE)
DIRECTIVE = re.compile(r"(```+|:::+)\s*\{[^}]+\}|^\s*\.\.\s+[\w:-]+::", re.MULTILINE)
ROLE = re.compile(r"\{([\w:+-]+)\}`")
REF_TARGET = re.compile(r"\{(?:ref|doc|numref)\}`(?:[^`<]*<)?([^`>]+)>?`")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
INLINE_CODE = re.compile(r"`[^`]+`")
MANGLED_NOTE = re.compile(r"\[\s+\^|\[\^[^\]\s]*(?=\s|$)|(?<!\[)\^\d+\]|\[\^\s")

#: A msgstr this much longer than its msgid is not a translation of it.
MAX_LENGTH_RATIO = 20
MAX_LENGTH_FLOOR = 10_000


def _difference(expected: Counter[str], found: Counter[str]) -> tuple[list[str], list[str]]:
    missing = sorted((expected - found).elements())
    extra = sorted((found - expected).elements())
    return missing, extra


def check_footnotes(msgid: str, msgstr: str) -> list[Problem]:
    expected = Counter(FOOTNOTE_REF.findall(msgid))
    found = Counter(FOOTNOTE_REF.findall(msgstr))
    problems = []
    missing, extra = _difference(expected, found)
    if missing or extra:
        parts = []
        if missing:
            parts.append("drops " + ", ".join(f"[^{x}]" for x in missing))
        if extra:
            parts.append("adds " + ", ".join(f"[^{x}]" for x in extra))
        problems.append(Problem(
            Code.FOOTNOTE, "the translation " + " and ".join(parts),
            "write each note reference exactly as in the msgid, e.g. [^26], "
            "with Latin digits and no spaces"))
    if MANGLED_NOTE.search(FOOTNOTE_REF.sub("", msgstr)) and not MANGLED_NOTE.search(
            FOOTNOTE_REF.sub("", msgid)):
        problems.append(Problem(
            Code.FOOTNOTE, "a note reference is mangled: " + _snippet(msgstr, MANGLED_NOTE),
            "write it as [^N] with the msgid's label, no spaces, closing bracket included"))
    return problems


def check_xrefs(msgid: str, msgstr: str) -> list[Problem]:
    problems = []
    for pattern, what in ((REF_TARGET, "cross-reference target"), (LINK_TARGET, "link target")):
        missing, extra = _difference(Counter(pattern.findall(msgid)),
                                     Counter(pattern.findall(msgstr)))
        if missing or extra:
            problems.append(Problem(
                Code.XREF, f"{what} changed: expected {missing or '—'}, found {extra or '—'}",
                "keep every target exactly as in the msgid; translate only the link text"))
    return problems


def check_markup(msgid: str, msgstr: str) -> list[Problem]:
    problems = []
    roles_missing, roles_extra = _difference(Counter(ROLE.findall(msgid)),
                                             Counter(ROLE.findall(msgstr)))
    if roles_missing or roles_extra:
        problems.append(Problem(Code.MARKUP, f"roles differ: msgid has {roles_missing or '—'} "
                                f"the msgstr lacks, msgstr adds {roles_extra or '—'}",
                                "keep each {role}`…` of the msgid"))
    codes_id = INLINE_CODE.findall(msgid)
    codes_str = INLINE_CODE.findall(msgstr)
    if Counter(codes_id) != Counter(codes_str) and not ROLE.search(msgid):
        problems.append(Problem(Code.MARKUP, "inline code differs from the msgid",
                                "copy `code` spans unchanged"))
    for mark, name in (("**", "strong emphasis"), ("*", "emphasis")):
        stripped_id = msgid.replace("**", "") if mark == "*" else msgid
        stripped_str = msgstr.replace("**", "") if mark == "*" else msgstr
        if stripped_id.count(mark) != stripped_str.count(mark):
            problems.append(Problem(Code.MARKUP, f"{name} markers ({mark}) differ from the msgid",
                                    f"keep {mark}…{mark} pairs as in the msgid"))
    return problems


def check_safety(msgid: str, msgstr: str) -> list[Problem]:
    if len(msgstr) > max(MAX_LENGTH_FLOOR, MAX_LENGTH_RATIO * len(msgid)):
        # Checked first: the other patterns need not scan megabytes.
        return [Problem(Code.TOO_LONG, f"the translation has {len(msgstr):,} characters for a "
                        f"msgid of {len(msgid):,}", "translate the msgid itself; move any "
                        "other text into the source document")]
    problems = []
    if RAW_HTML.search(msgstr) and not RAW_HTML.search(msgid):
        problems.append(Problem(Code.RAW_HTML, "raw HTML or script in the translation: "
                                + _snippet(msgstr, RAW_HTML),
                                "remove the markup; write plain text"))
    if DIRECTIVE.search(msgstr) and not DIRECTIVE.search(msgid):
        problems.append(Problem(Code.DIRECTIVE, "a directive in the translation: "
                                + _snippet(msgstr, DIRECTIVE),
                                "remove it; directives belong in the source, not a msgstr"))
    controls = sorted({f"U+{ord(c):04X}" for c in msgstr if c in BIDI_CONTROLS} -
                      {f"U+{ord(c):04X}" for c in msgid if c in BIDI_CONTROLS})
    if controls:
        problems.append(Problem(Code.BIDI_CONTROL, "bidi control characters " + ", ".join(controls),
                                "delete them: the build isolates foreign-script runs itself"))
    invisible = sorted({f"U+{ord(c):04X}" for c in msgstr if c in INVISIBLES} -
                       {f"U+{ord(c):04X}" for c in msgid if c in INVISIBLES})
    if invisible:
        problems.append(Problem(Code.INVISIBLE, "invisible characters " + ", ".join(invisible),
                                "delete them (ZWNJ is allowed where the language needs it)"))
    return problems


def _snippet(text: str, pattern: re.Pattern[str]) -> str:
    match = pattern.search(text)
    if match is None:
        return ""
    start, end = max(0, match.start() - 10), min(len(text), match.end() + 10)
    return repr(text[start:end])


MessageCheck = Callable[[str, str], list[Problem]]
MESSAGE_CHECKS: tuple[MessageCheck, ...] = (check_footnotes, check_xrefs, check_markup,
                                             check_safety)


@dataclass
class Glossary:
    """Names and their spelling in each language, read from ``locale/glossary.csv``."""

    entries: list[dict[str, str]] = field(default_factory=list)

    def check(self, msgid: str, msgstr: str, language: str, source: str = "en") -> list[Problem]:
        if msgstr == msgid:
            return []  # kept as written, as cited titles are
        problems = []
        # Longest names first, each blanked out once seen: "Baku TV" is not "Baku".
        remaining = msgid
        for entry in sorted(self.entries, key=lambda e: -len(e.get(source, ""))):
            term, expected = entry.get(source, ""), entry.get(language, "")
            if not term or not expected or not _contains_name(remaining, term):
                continue
            remaining = re.sub(r"(?<!\w)" + re.escape(term) + r"(?!\w)", " ", remaining)
            if not any(_contains_word(msgstr, form) for form in _forms(expected)):
                problems.append(Problem(
                    Code.GLOSSARY, f"{term!r} is {expected!r} in the glossary, "
                    "but the translation does not use it",
                    f"write {expected!r} (or fix locale/glossary.csv if the glossary is wrong)",
                    severity=Severity.WARNING))
        return problems


def load_glossary(path: Path) -> Glossary:
    if not path.exists():
        return Glossary()
    with path.open(encoding="utf-8", newline="") as handle:
        return Glossary([{k: (v or "").strip() for k, v in row.items() if k}
                         for row in csv.DictReader(handle)])


def _forms(value: str) -> list[str]:
    # A glossary cell may list accepted stems separated by "|": "Təbriz|Təbrizd".
    return [v.strip() for v in value.split("|") if v.strip()]


def _contains_name(text: str, term: str) -> bool:
    """Whether the source names exactly this (Khiyav is not in Khiyavli)."""
    return re.search(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text) is not None


def _contains_word(text: str, term: str) -> bool:
    """Whether a name occurs, allowing inflected endings (Тебризе, Təbrizdə, تبریزی)."""
    words = [_stem(word) for word in term.split()]
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) + r"\w*" for word in words)
    # Case-insensitive: Russian and Azerbaijani adjectives from names are lower-case
    # (тебризский, карабахская).
    return re.search(pattern, text, re.IGNORECASE) is not None


def _stem(word: str) -> str:
    # Russian declines by the ending (Урмия → Урмии, Первая → Первой): compare stems.
    stem = re.sub(r"[аяоеийьыуюё]{1,2}$", "", word)
    return stem if len(stem) >= 3 else word


def check_message(msgid: str, msgstr: str, checks: Iterable[MessageCheck] = MESSAGE_CHECKS
                  ) -> list[Problem]:
    if not msgstr:
        return []
    return [p for check in checks for p in check(msgid, msgstr)]


# ---------------------------------------------------------------------------
# Conventions of one language: what its editors check by hand

#: Letters an Arabic keyboard types where Persian writes its own: ي (yeh) for ی, ك for ک.
ARABIC_FOR_PERSIAN = {"\u064a": "\u06cc", "\u0643": "\u06a9"}
#: A number and the (lower-case) word it counts, or two groups of one number, across a
#: plain space:
#: Russian typography binds them with a no-break space (U+00A0), so no line breaks there.
LOOSE_NUMBER = re.compile(r"\d(?: (?=\d{3}(?!\d))| (?=[а-яё]))")


def check_persian_letters(msgid: str, msgstr: str) -> list[Problem]:
    found = sorted({c for c in msgstr if c in ARABIC_FOR_PERSIAN} -
                   {c for c in msgid if c in ARABIC_FOR_PERSIAN})
    if not found:
        return []
    names = ", ".join(f"{c} (U+{ord(c):04X})" for c in found)
    fixes = ", ".join(f"{c} → {ARABIC_FOR_PERSIAN[c]}" for c in found)
    return [Problem(Code.LETTER, f"Arabic letters in Persian text: {names}",
                    f"write the Persian letters ({fixes}); a Persian keyboard layout types them")]


def check_russian_spacing(msgid: str, msgstr: str) -> list[Problem]:
    loose = [msgstr[max(0, m.start() - 8):m.end() + 8] for m in LOOSE_NUMBER.finditer(msgstr)]
    if not loose:
        return []
    return [Problem(Code.SPACING, "a plain space after a number: " +
                    "; ".join(repr(x) for x in loose[:3]),
                    "bind a number to its unit or counted word, and the groups of a number, "
                    "with a no-break space (U+00A0): «800\u00a0000 риалов», «2020\u00a0года»")]


#: The checks of one language's conventions, by language code.
LANGUAGE_CHECKS: dict[str, tuple[MessageCheck, ...]] = {
    "fa": (check_persian_letters,),
    "ru": (check_russian_spacing,),
}


def check_language(msgid: str, msgstr: str, language: str) -> list[Problem]:
    """What an editor of ``language`` checks by hand where a rule exists."""
    return check_message(msgid, msgstr, LANGUAGE_CHECKS.get(language, ()))


# ---------------------------------------------------------------------------
# The source text

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})(.*)$")


def unclosed_fence(text: str) -> int | None:
    """The line of a code or directive fence that the document never closes.

    CommonMark lets an unclosed fence run to the end of the document, so the
    rest of a chapter would silently become code: a mistake, never intended.
    """
    opening: tuple[str, int] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        match = FENCE.match(line)
        if match is None:
            continue
        marker, rest = match.groups()
        if opening is None:
            opening = (marker, number)
        elif marker[0] == opening[0][0] and len(marker) >= len(opening[0]) and not rest.strip():
            opening = None
    return opening[1] if opening else None
