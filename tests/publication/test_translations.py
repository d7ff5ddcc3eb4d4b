"""The real publication's catalogs: honest stats, and every note in every edition."""

from __future__ import annotations

from pathlib import Path

from editions.catalogs.checks import run_checks
from editions.catalogs.stats import catalog_stats
from editions.project import Project
from tests.pipeline.test_workflow import msgfmt_statistics
from tests.publication.book import REPO, copy_publication


def test_stats_agree_with_msgfmt_on_real_catalogs() -> None:
    project = Project.load(REPO)
    for lang in project.translated_languages:
        for po in project.catalog_dir(lang.code).glob("*.po"):
            stats = catalog_stats(po, lang.code)
            assert (stats.translated, stats.fuzzy, stats.untranslated) == msgfmt_statistics(po)


def test_cross_edition_note_report_lists_every_note(tmp_path: Path) -> None:
    project = Project.load(copy_publication(tmp_path / "pub"))
    report = run_checks(project)
    assert sorted(report.notes, key=int) == [str(n) for n in range(1, 88)]
    for label, where in report.notes.items():
        assert set(where) == {"en", "az", "fa", "ru"}
        assert all(where[lang] for lang in where), label
