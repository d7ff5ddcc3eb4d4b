"""Translation progress: messages and words, per catalog and per language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from editions.po import is_translated, message_ids, message_strings, read_catalog


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
        words = sum(count_words(part) for part in message_ids(message))
        stats.words_total += words
        if is_translated(message):
            stats.translated += 1
            stats.words_translated += words
        elif message.fuzzy and any(message_strings(message)):
            stats.fuzzy += 1
        else:
            stats.untranslated += 1
    return stats
