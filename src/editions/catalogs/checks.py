"""``editions check``: every catalog of every edition, the glossary, and note parity."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from editions.catalogs.fmt import FIX_COMMAND
from editions.po import CatalogError, is_canonical, is_translated, read_catalog
from editions.problems import Code, Problem, Severity
from editions.project import Project
from editions.text.checks import check_language, check_message, load_glossary
from editions.text.notes import FOOTNOTE_REF


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    notes: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    def as_dict(self) -> dict[str, object]:
        return {"errors": len(self.errors), "warnings": len(self.warnings),
                "problems": [p.as_dict() for p in self.problems], "notes": self.notes}


def msgfmt_problems(path: Path) -> list[Problem]:
    """What GNU msgfmt --check says about a catalog, as problems at its lines."""
    if shutil.which("msgfmt") is None:
        return [Problem(Code.MSGFMT, "msgfmt is not installed, so the catalog was not checked "
                        "by GNU gettext", "install Debian's gettext package", str(path),
                        severity=Severity.WARNING)]
    proc = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)],
                          capture_output=True, text=True, check=False)
    problems = []
    for line in proc.stderr.splitlines():
        match = re.match(r"^(?P<path>.+?):(?P<line>\d+): (?P<msg>.*)$", line)
        if match and "found" not in match.group("msg").split()[:1]:
            problems.append(Problem(Code.MSGFMT, match.group("msg"),
                                    "fix the entry as GNU gettext asks", str(path),
                                    int(match.group("line"))))
        elif line.strip() and not line.startswith("msgfmt: found"):
            problems.append(Problem(Code.MSGFMT, line.strip(),
                                    "fix the catalog as GNU gettext asks", str(path)))
    return problems


def canonical_problems(path: Path, rel: str) -> list[Problem]:
    """A catalog not in GNU msgcat's form: the next save in Poedit would rewrap it all."""
    try:
        if is_canonical(path):
            return []
    except CatalogError:
        return []  # msgcat cannot read it: the syntax problem is reported on its own
    return [Problem(Code.NOT_CANONICAL, "not in GNU gettext's own form (msgcat would rewrap "
                    "it), so a translator's next save would change more than the translation",
                    f"run '{FIX_COMMAND}' (or msgcat -o {rel} {rel}), then commit the result",
                    rel, 1)]


#: A translator comment marking a translation that may differ from the same msgid's
#: elsewhere (GNU gettext drops flags it does not know, so not a ``#,`` flag).
VARIANT_COMMENT = "editions-variant"


@dataclass
class Renderings:
    """Each msgid's translations in one edition: the same sentence, one wording."""

    found: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def add(self, msgid: str, msgstr: str, where: str) -> None:
        self.found.setdefault(msgid, {}).setdefault(msgstr, []).append(where)

    def problems(self) -> list[Problem]:
        problems = []
        for msgid, by_text in self.found.items():
            if len(by_text) < 2:
                continue
            places = [places[0] for places in by_text.values()]
            path, _, line = places[1].rpartition(":")
            problems.append(Problem(
                Code.INCONSISTENT, f"the same source text is translated {len(by_text)} ways "
                f"(also at {', '.join(places[:1] + places[2:])})",
                f"give it one wording everywhere, or mark a deliberate difference with "
                f"the translator comment '# {VARIANT_COMMENT}'", path, int(line or 0), msgid))
        return problems


def run_checks(project: Project, languages: list[str] | None = None) -> CheckReport:
    report = CheckReport()
    glossary = load_glossary(project.root / project.settings.glossary)
    source_notes = _source_notes(project)
    report.notes = {label: {project.source_language: where} for label, where in
                    source_notes.items()}
    for lang in project.translated_languages:
        if languages and lang.code not in languages:
            continue
        seen: dict[str, list[str]] = {}
        renderings = Renderings()
        for path in sorted(project.catalog_dir(lang.code).glob("*.po")):
            rel = path.relative_to(project.root).as_posix()
            try:
                catalog = read_catalog(path, locale=lang.code)
            except CatalogError as exc:
                report.problems.append(Problem(Code.SYNTAX, str(exc), "fix the catalog's syntax",
                                               rel))
                continue
            report.problems.extend(
                p if not p.path else Problem(p.code, p.message, p.hint, rel, p.line, p.msgid,
                                             p.severity) for p in msgfmt_problems(path))
            report.problems.extend(canonical_problems(path, rel))
            for message in catalog:
                if not message.id:
                    continue
                msgid, msgstr = str(message.id), str(message.string or "")
                line = message.lineno or 0
                text = msgstr if is_translated(message) else msgid
                for label in FOOTNOTE_REF.findall(text):
                    seen.setdefault(label, []).append(f"{rel}:{line}")
                if message.fuzzy:
                    report.problems.append(Problem(
                        Code.FUZZY, "fuzzy: the build shows the source text until it is reviewed",
                        "review the translation against the new msgid, then remove the fuzzy "
                        "flag", rel, line, msgid, severity=Severity.WARNING))
                    continue
                if not msgstr:
                    continue
                found = [*check_message(msgid, msgstr), *check_language(msgid, msgstr, lang.code),
                         *glossary.check(msgid, msgstr, lang.code, project.source_language)]
                report.problems.extend(p.located(rel, line, msgid) for p in found)
                if VARIANT_COMMENT not in message.user_comments:
                    renderings.add(msgid, msgstr, f"{rel}:{line}")
        report.problems.extend(renderings.problems())
        for label in source_notes:
            report.notes[label][lang.code] = seen.get(label, [])
            if not seen.get(label):
                report.problems.append(Problem(
                    Code.NOTE_PARITY, f"note {label} is referenced in the source but in no "
                    f"{lang.code} message", "restore the reference [^" + label + "] in the "
                    "message that carries it", project.catalog_dir(lang.code).relative_to(
                        project.root).as_posix()))
    return report


def _source_notes(project: Project) -> dict[str, list[str]]:
    notes: dict[str, list[str]] = {}
    for path in sorted(project.srcdir.rglob("*.md")):
        rel = path.relative_to(project.root).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"^\[\^[^\]]+\]:", line):
                line = line.split(":", 1)[1]
            for label in FOOTNOTE_REF.findall(line):
                notes.setdefault(label, []).append(f"{rel}:{number}")
    return dict(sorted(notes.items(), key=lambda kv: (len(kv[0]), kv[0])))


