"""The publication's translations as an editor signs them off: complete, checked, every
name in the glossary sourced, and the English faithful to the seed but for recorded slips."""

from __future__ import annotations

import csv
import re

import pytest

from editions.catalogs.checks import run_checks
from editions.catalogs.stats import catalog_stats
from editions.po import read_catalog
from editions.project import Project
from tests.publication.book import REPO, SEED


def test_every_catalog_is_complete_with_no_fuzzy_entry() -> None:
    project = Project.load(REPO)
    for lang in project.translated_languages:
        for po in sorted(project.catalog_dir(lang.code).glob("*.po")):
            stats = catalog_stats(po, lang.code)
            assert (stats.fuzzy, stats.untranslated) == (0, 0), po


def test_editions_check_is_clean_on_the_publication() -> None:
    report = run_checks(Project.load(REPO))
    assert [p.format() for p in report.problems] == []


def test_every_glossary_name_has_a_source_for_each_translated_language() -> None:
    with (REPO / "locale" / "glossary.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 200
    for row in rows:
        assert row["source"].strip(), row["en"]
        for lang in ("fa", "ru"):
            assert f"{lang}: " in row["source"], (row["en"], lang)


def test_citations_stay_in_their_original_language() -> None:
    """A note that is a source's title (it names an outlet after a slash) is kept as written."""
    project = Project.load(REPO)
    checked = 0
    for lang in project.translated_languages:
        for po in project.catalog_dir(lang.code).glob("*.po"):
            for message in read_catalog(po, lang.code):
                msgid = str(message.id)
                if re.search(r" / (Voice of America|Amerikanın Səsi|Radio Farda|IranWire)",
                             msgid):
                    checked += 1
                    assert message.string == msgid, (po.name, msgid[:60])
    assert checked >= 3 * 20  # the VOA, Radio Farda and IranWire titles, in each edition


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is not beside the checkout")
def test_the_english_differs_from_the_seed_only_where_the_editorial_notes_say() -> None:
    seed = SEED.read_text(encoding="utf-8")
    notes = (REPO / "docs" / "editorial-notes.md").read_text(encoding="utf-8")
    source = "\n".join(p.read_text(encoding="utf-8")
                       for p in sorted((REPO / "source").glob("*.md")))
    # The one correction, recorded with its reason.
    assert "Məlioğlu" in seed and "Məlioğlu" not in source
    assert "Hamid Məlioğlu" in notes and "Hamid Məlikoğlu" in notes
    assert source.count("Hamid Məlikoğlu") == seed.count("Hamid Məlikoğlu") + 1
