"""Translation progress: messages and words, per catalog and per language.

Counted by the one model of :mod:`editions.ext.status`, as the build shows them;
``translated`` is msgfmt's (a refused translation is still one), ``fallen_back`` the
translated messages the build refuses as unsafe, ``share`` what a reader sees in the
edition's language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from editions.ext.status import page_status
from editions.po import read_catalog


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
    fallen_back: int = 0
    words_shown: int = 0
    source_changed: bool = False

    @property
    def messages(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.words_translated / self.words_total if self.words_total else 100.0

    @property
    def share(self) -> float:
        """The share of the words a reader sees in the edition's language."""
        return self.words_shown / self.words_total if self.words_total else 1.0

    def as_dict(self) -> dict[str, object]:
        return {"language": self.language, "domain": self.domain, "path": self.path,
                "translated": self.translated, "fuzzy": self.fuzzy,
                "untranslated": self.untranslated, "fallen_back": self.fallen_back,
                "words_translated": self.words_translated, "words_total": self.words_total,
                "words_shown": self.words_shown, "percent": round(self.percent, 1),
                "share": round(self.share, 4), "source_changed": self.source_changed}


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
        total.fallen_back += chapter.fallen_back
        total.words_shown += chapter.words_shown
        total.source_changed = total.source_changed or chapter.source_changed
    return list(totals.values())


def catalog_stats(path: Path, language: str) -> CatalogStats:
    """Counts as msgfmt --statistics does (fuzzy is not translated), and what is shown."""
    page = page_status(path, language)
    if page.error:
        read_catalog(path, locale=language)  # raises the CatalogError, with file and line
    return CatalogStats(
        language, path.stem, str(path),
        translated=page.translated + page.fallen_back, fuzzy=page.fuzzy,
        untranslated=page.untranslated,
        words_translated=page.words_translated + page.words_fallen_back,
        words_total=page.words, fallen_back=page.fallen_back,
        words_shown=page.words_translated, source_changed=page.source_changed)
