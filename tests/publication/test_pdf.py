"""The real Persian and Azerbaijani PDFs: metadata, fonts, every note beside its mark."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from editions.project import Project
from tests.books import PRESENTATION_FORMS, Built, fonts, is_embedded
from tests.publication.book import copy_publication


@pytest.mark.slow
def test_real_persian_and_azerbaijani_pdfs(tmp_path: Path) -> None:
    from editions.pipeline.build import build

    root = copy_publication(tmp_path / "publication")
    project = Project.load(root)
    report = build(project, formats=["pdf"], languages=["fa", "az"])
    assert report.ok, report.as_dict()
    manifest = json.loads((project.site_dir / "editions.json").read_text(encoding="utf-8"))
    for entry in manifest["editions"]:
        if entry["language"] in ("fa", "az"):
            assert entry["pdf"] == f"{entry['language']}/{project.basename}.pdf"
            assert entry["formats"]["pdf"]["status"] == "ok"
    for code in ("fa", "az"):
        tex = project.build_dir / "work" / code / "latex" / f"{project.basename}.tex"
        built = Built(tex, project.site_dir / code / f"{project.basename}.pdf",
                      tex.with_suffix(".log").read_text(encoding="utf-8"), "")
        reader = built.reader
        assert reader.trailer["/Root"]["/Lang"] == code
        assert reader.metadata is not None and reader.metadata.title == project.title(code)
        assert all(is_embedded(font) for font in fonts(reader).values())
        assert "Missing character" not in built.log
        notes = [n for n in reader.named_destinations if re.fullmatch(r"fn-\d+", n)]
        assert sorted(int(n[3:]) for n in notes) == list(range(1, 88))
        # The Armenian, Persian and Russian source titles, each beside its mark.
        for label, words in (("8", "Սելֆի Իրանի հայ"), ("10", "بازداشت سه تن"),
                             ("11", "СМИ: В Иране")):
            page = built.page_of(f"fn-{label}")
            assert built.page_of(f"fnref-{label}") == page
            assert words in built.text(page)
        assert not PRESENTATION_FORMS.search(built.text())
