"""Catalogs: extract messages, merge them into each language without loss, count them,
and hand Sphinx only the translations that are safe to publish."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import (
    PoFileError,
    PoFileParser,
    normalize,
    read_po,
    unescape,
    write_po,
)
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from editions.checks import Problem, check_message
from editions.project import Project
from editions.settings import PACKAGE_DIR, edition_language

logger = logging.getLogger(__name__)

PO_WIDTH = 76
INTERFACE_DOMAIN = "sphinx"
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


# ---------------------------------------------------------------------------
# Extraction and update


def extract_templates(project: Project, outdir: Path | None = None) -> dict[str, Catalog]:
    """Run Sphinx's gettext builder in-process; one template for each document."""
    from sphinx.application import Sphinx as SphinxApp

    outdir = outdir or project.build_dir / "gettext"
    warnings = io.StringIO()
    app = SphinxApp(str(project.srcdir), str(project.root), str(outdir),
                    str(outdir / ".doctrees"), "gettext",
                    confoverrides={"language": project.source_language},
                    status=None, warning=warnings, freshenv=False)
    app.build()
    templates = {}
    for pot in sorted(outdir.rglob("*.pot")):
        domain = pot.relative_to(outdir).with_suffix("").as_posix()
        if domain == INTERFACE_DOMAIN:
            continue  # the theme's strings: the package ships their catalogs
        template = read_po(pot.open("rb"))
        _rebase_locations(template, outdir, project.root)
        templates[domain] = template
    return templates


def _rebase_locations(template: Catalog, outdir: Path, root: Path) -> None:
    """Sphinx writes locations relative to its output folder; translators want the source."""
    for message in template:
        message.locations = [
            (Path(os.path.relpath((outdir / path).resolve(), root)).as_posix(), line)
            for path, line in message.locations
        ]


@dataclass
class UpdateResult:
    language: str
    domain: str
    path: str
    written: bool
    added: int = 0
    fuzzy: int = 0
    obsolete: int = 0


def update_catalog(template: Catalog, path: Path, language: str, project_name: str
                   ) -> UpdateResult:
    """Merge a template into one catalog; no translation is lost.

    Babel keeps unchanged translations, marks edited messages fuzzy with their
    previous msgid, keeps removed ones as obsolete, and keeps comments and flags.
    """
    if path.exists():
        catalog = read_catalog(path, locale=language)
        before = {m.id for m in catalog if m.id}
    else:
        catalog = Catalog(locale=language, project=project_name, version="1.0", fuzzy=False,
                          creation_date=template.creation_date, msgid_bugs_address="",
                          header_comment=f"# {language} translation of {project_name}.\n#")
        before = set()
    # Babel's update forgets the previous msgid of a message that stays fuzzy.
    previous = {m.id: m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
    catalog.update(template, no_fuzzy_matching=False, update_header_comment=False,
                   keep_user_comments=True, update_creation_date=False)
    for message in catalog:
        if message.fuzzy and not message.previous_id and message.id in previous:
            message.previous_id = previous[message.id]
    catalog.fuzzy = False
    written = write_if_changed(path, render_catalog(catalog))
    return UpdateResult(
        language=language, domain=path.stem, path=str(path), written=written,
        added=len([m for m in catalog if m.id and m.id not in before and not m.fuzzy]),
        fuzzy=len([m for m in catalog if m.id and m.fuzzy]),
        obsolete=len(catalog.obsolete),
    )


def update_catalogs(project: Project, languages: list[str] | None = None) -> list[UpdateResult]:
    templates = extract_templates(project)
    results = []
    for lang in project.translated_languages:
        if languages and lang.code not in languages:
            continue
        for domain, template in templates.items():
            path = project.catalog_dir(lang.code) / f"{domain}.po"
            results.append(update_catalog(template, path, lang.code, project.title("en")))
    return results


# ---------------------------------------------------------------------------
# Progress


@dataclass
class CatalogStats:
    language: str
    domain: str
    path: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    words_translated: int = 0
    words_total: int = 0

    @property
    def messages(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.words_translated / self.words_total if self.words_total else 100.0

    def as_dict(self) -> dict[str, object]:
        return {"language": self.language, "domain": self.domain, "path": self.path,
                "translated": self.translated, "fuzzy": self.fuzzy,
                "untranslated": self.untranslated, "words_translated": self.words_translated,
                "words_total": self.words_total, "percent": round(self.percent, 1)}


def language_totals(stats: list[CatalogStats]) -> list[CatalogStats]:
    """One row for each language: the sums of its chapters."""
    totals: dict[str, CatalogStats] = {}
    for chapter in stats:
        total = totals.setdefault(chapter.language, CatalogStats(chapter.language, "(all)", ""))
        total.translated += chapter.translated
        total.fuzzy += chapter.fuzzy
        total.untranslated += chapter.untranslated
        total.words_translated += chapter.words_translated
        total.words_total += chapter.words_total
    return list(totals.values())


def count_words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def catalog_stats(path: Path, language: str) -> CatalogStats:
    """Counts as msgfmt --statistics does, and fuzzy is not translated."""
    catalog = read_catalog(path, locale=language)
    stats = CatalogStats(language, path.stem, str(path))
    for message in catalog:
        if not message.id:
            continue
        words = sum(count_words(part) for part in _ids(message))
        stats.words_total += words
        if is_translated(message):
            stats.translated += 1
            stats.words_translated += words
        elif message.fuzzy and any(_strings(message)):
            stats.fuzzy += 1
        else:
            stats.untranslated += 1
    return stats


def _ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]


def _strings(message: Message) -> list[str]:
    s = message.string
    return [str(x) for x in s] if isinstance(s, (list, tuple)) else [str(s or "")]


# ---------------------------------------------------------------------------
# Publishing: the translations Sphinx may use


@dataclass
class CatalogReview:
    """What one catalog holds that may reach a reader, and what was held back."""

    path: Path
    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)
    error: str = ""


def review_catalog(path: Path, language: str) -> CatalogReview:
    try:
        catalog = read_catalog(path, locale=language)
    except CatalogError as exc:
        return CatalogReview(path, None, error=str(exc))
    problems: list[Problem] = []
    for message in list(catalog):
        if not message.id or not message.string:
            continue
        msgid, msgstr = _ids(message)[0], _strings(message)[0]
        line = message.lineno or 0
        if message.fuzzy:
            problems.append(Problem("fuzzy", "fuzzy translation: the source text is shown",
                                    "review it, then remove the fuzzy flag",
                                    str(path), line, msgid, severity="warning"))
            continue
        found = [p.located(str(path), line, msgid) for p in check_message(msgid, msgstr)]
        problems.extend(found)
        if any(p.unsafe for p in found):
            # The source text stands in, so every link and note still works.
            message.string = ""
    return CatalogReview(path, catalog, problems)


def publishable(review: CatalogReview) -> Catalog:
    assert review.catalog is not None
    safe = Catalog(locale=review.catalog.locale, fuzzy=False,
                   creation_date=review.catalog.creation_date,
                   revision_date=review.catalog.revision_date)
    for message in review.catalog:
        if message.id and message.string and not message.fuzzy:
            safe.add(message.id, message.string, context=message.context)
    return safe


def prepare_translations(app: Sphinx, config: Config) -> None:
    """Give Sphinx a locale folder holding only what passed review.

    The reviewed catalogs live beside the doctrees, so the project's own
    ``locale/`` is never written to by a build.
    """
    lang = edition_language(config)
    target = Path(app.doctreedir) / "editions-locale"
    config.locale_dirs = [str(target)]
    out_dir = target / lang.code / "LC_MESSAGES"
    interface = PACKAGE_DIR / "locale" / lang.code / "LC_MESSAGES" / "sphinx.po"
    if interface.exists():
        write_if_changed(out_dir / "sphinx.po", interface.read_bytes(), ignore_dates=False)
    if lang.code == config.editions_source_language:
        return
    source_dir = Path(app.confdir) / config.editions_locale_dir / lang.code / "LC_MESSAGES"
    if not source_dir.is_dir():
        # No location: Sphinx would read a path without a line as a document name.
        logger.warning("no catalogs for %s in %s: this edition shows the source text; "
                       "run 'editions update' to create them", lang.code, source_dir,
                       type="editions", subtype="catalog")
        _remove_stale(out_dir, source_dir, keep={"sphinx.po", "sphinx.mo"})
        return
    for path in sorted(source_dir.rglob("*.po")):
        review = review_catalog(path, lang.code)
        if review.catalog is None:
            logger.error("%s", review.error, type="editions", subtype="catalog")
            continue
        for problem in review.problems:
            if problem.unsafe or problem.code == "fuzzy":
                _log_problem(problem)
        domain = path.relative_to(source_dir).with_suffix(".po")
        write_if_changed(out_dir / domain, render_catalog(publishable(review)),
                         ignore_dates=False)
    _remove_stale(out_dir, source_dir, keep={"sphinx.po", "sphinx.mo"})


def _log_problem(problem: Problem) -> None:
    subtype = "footnote" if problem.code in ("footnote", "xref") else problem.code
    action = ("the source text is used for this message" if problem.code != "fuzzy"
              else "")
    logger.warning("%s (msgid %r)%s; %s", problem.message, problem.msgid[:60],
                   f"; {action}" if action else "", problem.hint,
                   location=f"{problem.path}:{problem.line}",
                   type="editions", subtype=subtype)


def _remove_stale(out_dir: Path, source_dir: Path, keep: set[str]) -> None:
    if not out_dir.is_dir():
        return
    for path in out_dir.rglob("*.[pm]o"):
        rel = path.relative_to(out_dir).with_suffix(".po")
        if path.name not in keep and not (source_dir / rel).exists():
            path.unlink()
    shutil.rmtree(out_dir / "__pycache__", ignore_errors=True)


def setup(app: Sphinx) -> None:
    # After settings.apply_edition_defaults (100) has fixed the language.
    app.connect("config-inited", prepare_translations, priority=800)
