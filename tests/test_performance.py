"""Only what changed is rebuilt; shards built apart assemble into one site."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_publication
from editions.cli import main
from editions.pipeline import build as build_module
from editions.pipeline import incremental
from editions.project import Project

BASENAME = "southern-azerbaijan-solidarity"
HEADING = 'msgid "Background"\nmsgstr "پیشینه"'


def manifest(site: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((site / "editions.json").read_text(encoding="utf-8"))
    return {e["language"]: e for e in data["editions"]}


@pytest.fixture
def scheduled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, list[str]]]:
    """What each build handed to the worker processes (language → formats)."""
    # The package is an input: hash a copy, so an edit to src/ meanwhile changes nothing.
    frozen = tmp_path / "package"
    shutil.copytree(incremental.PACKAGE_DIR, frozen,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(incremental, "PACKAGE_DIR", frozen)
    calls: list[dict[str, list[str]]] = []
    real = build_module.run_tasks

    def spy(project: Any, todo: dict[str, list[str]], *args: Any) -> Any:
        calls.append(todo)
        return real(project, todo, *args)

    monkeypatch.setattr(build_module, "run_tasks", spy)
    return calls


def build(root: Path, *args: str) -> None:
    assert main(["--project", str(root), "build", "-l", "en,fa", "-f", "html", *args]) == 0


def test_nothing_changed_starts_no_sphinx_and_one_msgstr_rebuilds_only_persian(
        tmp_path: Path, scheduled: list[dict[str, list[str]]]) -> None:
    root = copy_publication(tmp_path / "pub")
    build(root)
    assert scheduled[-1] == {"en": ["html"], "fa": ["html"]}
    report = build_module.build(Project.load(root), ["en", "fa"], ["html"])
    assert scheduled[-1] == {}, "a build with nothing changed started Sphinx"
    assert report.ok and all(r.unchanged for r in report.results)

    po = root / "locale/fa/LC_MESSAGES/tovuz-clashes.po"
    text = po.read_text(encoding="utf-8")
    # The last line of the first translated paragraph gets one more word.
    start = text.index('msgstr ""\n"', text.index("#: source"))
    line = re.search(r'^"([^"\n]+)\."$\n\n', text[start:], re.M)
    assert line
    po.write_text(text.replace(line[0], f'"{line[1]} نو."', 1), encoding="utf-8")
    build(root)
    assert scheduled[-1] == {"fa": ["html"]}
    assert "0 added, 1 changed, 0 removed" in (root / "_build/work/fa/html.log").read_text()
    page = (root / "_build/site/fa/tovuz-clashes.html").read_text(encoding="utf-8")
    assert f"{line[1].split()[-1]} نو." in page
    assert manifest(root / "_build/site")["en"]["status"] == "ok"


def test_a_changed_heading_reaches_the_navigation_of_every_page(tmp_path: Path) -> None:
    root = copy_publication(tmp_path / "pub")
    build(root, "-l", "fa")
    site = root / "_build/site/fa"
    pages = [p for p in site.glob("*.html") if "پیشینه" in p.read_text(encoding="utf-8")]
    assert len(pages) > 2
    po = root / "locale/fa/LC_MESSAGES/background.po"
    text = po.read_text(encoding="utf-8")
    assert HEADING in text
    po.write_text(text.replace(HEADING, 'msgid "Background"\nmsgstr "زمینهٔ تاریخی"'),
                  encoding="utf-8")
    build(root, "-l", "fa")
    for page in pages:
        assert "زمینهٔ تاریخی" in page.read_text(encoding="utf-8"), page.name


def test_shards_built_apart_assemble_into_one_site(tmp_path: Path) -> None:
    root = copy_publication(tmp_path / "pub")
    html, epub, site = tmp_path / "shard-html", tmp_path / "shard-epub", tmp_path / "site"
    assert main(["--project", str(root), "build", "-l", "en", "-f", "html",
                 "--out", str(html)]) == 0
    assert main(["--project", str(root), "build", "-l", "en", "-f", "epub",
                 "--out", str(epub)]) == 0
    # The EPUB was written from the doctrees the HTML build read: nothing read again.
    assert "0 added, 0 changed, 0 removed" in (root / "_build/work/en/epub.log").read_text()
    partial = manifest(html)
    assert list(partial) == ["en"] and list(partial["en"]["formats"]) == ["html"]
    assert not (root / "_build/site").exists()

    assert main(["--project", str(root), "assemble", str(html), str(epub),
                 "--out", str(site)]) == 0
    editions = manifest(site)
    assert set(editions) == {"az", "en", "fa", "ru"}
    en = editions["en"]
    assert en["status"] == "ok" and set(en["formats"]) == {"html", "epub"}
    assert en["html"] == "en/index.html" and en["epub"] == f"en/{BASENAME}.epub"
    assert (site / "en/index.html").is_file() and (site / en["epub"]).is_file()
    assert (site / "index.html").is_file()
    assert editions["fa"]["status"] == "missing"
    assert not [p for p in site.iterdir() if p.name.startswith(".")]


def test_assemble_refuses_a_folder_that_is_no_shard(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_publication(tmp_path / "pub")
    (tmp_path / "empty").mkdir()
    assert main(["--project", str(root), "assemble", str(tmp_path / "empty")]) == 2
    assert "editions build --out DIR" in capsys.readouterr().err
