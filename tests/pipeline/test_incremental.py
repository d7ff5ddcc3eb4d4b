"""Only what changed is rebuilt."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from editions.cli import main
from editions.pipeline import build as build_module
from editions.pipeline import incremental
from editions.project import Project
from tests.conftest import ROOTS
from tests.pipeline.conftest import copy_sample_publication

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

    def spy(project: Any, todo: dict[str, list[str]], *args: Any, **kwargs: Any) -> Any:
        calls.append(todo)
        return real(project, todo, *args, **kwargs)

    monkeypatch.setattr(build_module, "run_tasks", spy)
    return calls


def build(root: Path, *args: str) -> None:
    assert main(["--project", str(root), "build", "-l", "en,fa", "-f", "html", *args]) == 0


def test_nothing_changed_starts_no_sphinx_and_one_msgstr_rebuilds_only_persian(
        tmp_path: Path, scheduled: list[dict[str, list[str]]]) -> None:
    root = copy_sample_publication(tmp_path / "pub")
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
    root = copy_sample_publication(tmp_path / "pub")
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


def test_a_static_file_conf_py_names_is_an_input(
        tmp_path: Path, scheduled: list[dict[str, list[str]]]) -> None:
    root = copy_sample_publication(tmp_path / "pub")
    (root / "_static").mkdir()
    (root / "_static" / "extra.css").write_text("p { margin: 0 }\n", encoding="utf-8")
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('html_static_path = ["_static"]\n')
    build(root)
    build(root)
    assert scheduled[-1] == {}
    (root / "_static" / "extra.css").write_text("p { margin: 1em 0 }\n", encoding="utf-8")
    build(root)
    assert scheduled[-1] == {"en": ["html"], "fa": ["html"]}
    for code in ("en", "fa"):
        published = root / "_build/site" / code / "_static" / "extra.css"
        assert published.read_text(encoding="utf-8") == "p { margin: 1em 0 }\n"


def test_the_cover_conf_py_names_is_an_input(
        tmp_path: Path, scheduled: list[dict[str, list[str]]]) -> None:
    root = copy_sample_publication(tmp_path / "pub")
    shutil.copy2(ROOTS / "test-epub-cover" / "cover.png", root / "cover.png")
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('editions_cover = "cover.png"\n')
    for _ in range(2):
        assert main(["--project", str(root), "build", "-l", "en", "-f", "html,epub"]) == 0
    assert scheduled[-1] == {}
    cover = (root / "cover.png").read_bytes()
    (root / "cover.png").write_bytes(cover + b"\0")  # another file, the same picture
    assert main(["--project", str(root), "build", "-l", "en", "-f", "html,epub"]) == 0
    # Every file conf.py names is an input of every format (the HTML does not show the cover,
    # but nothing is lost by building it again).
    assert scheduled[-1] == {"en": ["html", "epub"]}


def test_a_changed_package_rebuilds_every_edition(
        tmp_path: Path, scheduled: list[dict[str, list[str]]]) -> None:
    root = copy_sample_publication(tmp_path / "pub")
    build(root)
    build(root)
    assert scheduled[-1] == {}
    # A new version of editions: one of its stylesheets changed.
    with (incremental.PACKAGE_DIR / "ext" / "static" / "editions.css").open("a") as css:
        css.write("\n/* a new version */\n")
    build(root)
    assert scheduled[-1] == {"en": ["html"], "fa": ["html"]}


def test_a_changed_share_rebuilds_the_html_of_every_edition_whose_switcher_shows_it(
        tmp_path: Path, scheduled: list[dict[str, list[str]]]) -> None:
    root = copy_sample_publication(tmp_path / "pub")
    build(root)
    po = root / "locale/fa/LC_MESSAGES/tovuz-clashes.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('msgstr ""\n"', text.index("#: source"))
    end = text.index("\n\n", start)
    po.write_text(text[:start] + 'msgstr ""' + text[end:], encoding="utf-8")  # untranslated
    build(root)
    assert scheduled[-1] == {"en": ["html"], "fa": ["html"]}
    shares = (root / "_build/work/status.digests").read_text(encoding="utf-8")
    build(root)
    assert scheduled[-1] == {}
    assert (root / "_build/work/status.digests").read_text(encoding="utf-8") == shares
