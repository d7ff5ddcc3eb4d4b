"""EPUB editions through the command: a book epubcheck refuses is never published."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from editions.pipeline.build import build
from editions.project import Project


def _project(rootdir: Path, dest: Path) -> Project:
    """The sample as a publication: conf.py beside source/ and locale/."""
    root = rootdir / "test-epub-basic"
    dest.mkdir()
    shutil.copy2(root / "conf.py", dest / "conf.py")
    shutil.copytree(root / "locale", dest / "locale")
    (dest / "source").mkdir()
    for page in root.glob("*.md"):
        shutil.copy2(page, dest / "source" / page.name)
    return Project.load(dest)


def test_epubcheck_failure_keeps_the_last_good_book(rootdir: Path, tmp_path: Path) -> None:
    project = _project(rootdir, tmp_path / "sample")
    first = build(project, languages=["en"], formats=["epub"])
    assert first.ok, first.as_dict()
    published = project.site_dir / "en" / "sample.epub"
    good = published.read_bytes()
    # Raw HTML reaches the content document as written: here, not well-formed.
    with (project.srcdir / "chapter.md").open("a", encoding="utf-8") as page:
        page.write("\n```{raw} html\n<p>An unclosed paragraph\n```\n")
    second = build(project, languages=["en"], formats=["epub"])
    [result] = second.results
    assert result.status == "stale"
    assert any("RSC-016" in p and "must be terminated" in p and "chapter.xhtml" in p
               and "source/chapter.md" in p for p in result.problems), result.problems
    assert published.read_bytes() == good
    manifest = json.loads((project.site_dir / "editions.json").read_text(encoding="utf-8"))
    [entry] = [e for e in manifest["editions"] if e["language"] == "en"]
    assert entry["formats"]["epub"]["status"] == "stale"
    assert entry["epub"] == "en/sample.epub"
