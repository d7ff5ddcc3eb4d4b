"""Problems as data: an edition's status depends on what its problems are, never on how
Sphinx prints them (show_warning_types, suppress_warnings, -q, colour)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import coloron, nocolor

from editions.cli import main
from editions.pipeline import capture
from editions.pipeline.capture import LoggedProblem
from editions.pipeline.sphinx_run import CAPTURE_EXTENSION, fatal
from tests.conftest import ROOTS, edit_message
from tests.pipeline.conftest import copy_sample_publication

FUZZY_PO = "locale/fa/LC_MESSAGES/closing-remarks.po"

# What conf.py may say about how warnings print; none of it may change a status.
PRINTING = {
    "as it comes": "",
    "show_warning_types off": "show_warning_types = False\n",
    "editions.fuzzy suppressed": 'suppress_warnings = ["editions.fuzzy"]\n',
    "every editions warning suppressed": 'suppress_warnings = ["editions"]\n',
}


def fa_html(root: Path) -> dict[str, Any]:
    data = json.loads((root / "_build/site/editions.json").read_text(encoding="utf-8"))
    [entry] = [e for e in data["editions"] if e["language"] == "fa"]
    return dict(entry["formats"]["html"])


@pytest.mark.parametrize("printing", PRINTING)
def test_a_fuzzy_message_is_reported_and_the_edition_still_published(
        printing: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_sample_publication(tmp_path / "pub")
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(PRINTING[printing])
    edit_message(root / FUZZY_PO, "fa", "That day is not far off", lambda m: m.flags.add("fuzzy"))
    code = main(["--project", str(root), "build", "-l", "fa", "-f", "html"])
    out = capsys.readouterr().out
    assert code == 0, out
    record = fa_html(root)
    assert record["status"] == "ok", record
    [problem] = record["problems"]
    assert problem.startswith(f"{FUZZY_PO}:28: WARNING: fuzzy translation"), problem
    assert problem.endswith("[editions.fuzzy]"), problem
    assert problem in out
    # Published: the source text stands in for the fuzzy msgstr.
    page = (root / "_build/site/fa/closing-remarks.html").read_text(encoding="utf-8")
    assert "That day is not far off." in page


def test_a_repeated_problem_is_reported_once_with_a_count(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_sample_publication(tmp_path / "pub")
    photo = "\n```{photo}\n:image: nowhere.png\nA caption.\n```\n"
    with (root / "source/background.md").open("a", encoding="utf-8") as page:
        page.write(photo * 5)
    assert main(["--project", str(root), "build", "-l", "en", "-f", "html"]) == 1
    out = capsys.readouterr().out
    data = json.loads((root / "_build/site/editions.json").read_text(encoding="utf-8"))
    [entry] = [e for e in data["editions"] if e["language"] == "en"]
    problems = entry["formats"]["html"]["problems"]
    missing = [p for p in problems if "image file not readable: nowhere.png" in p]
    assert len(missing) == 1, problems
    assert missing[0].startswith("source/background.md:")
    assert missing[0].endswith("(and 4 more like it)"), missing[0]
    assert out.count("image file not readable: nowhere.png") == 1


# --- the capture itself, in this process: quiet and coloured runs -------------------------


@pytest.fixture
def collector(tmp_path: Path) -> Iterator[capture.Collector]:
    """The pipeline's log capture, for the one Sphinx run of a test."""
    capture.current = capture.Collector(tmp_path / "basic")
    try:
        yield capture.current
    finally:
        capture.current = None
        nocolor()


def fuzzy_root(tmp_path: Path) -> Path:
    root = tmp_path / "basic"
    shutil.copytree(ROOTS / "test-basic", root)
    edit_message(root / "locale/fa/LC_MESSAGES/chapter.po", "fa", "Tabriz is a city",
                 lambda m: m.flags.add("fuzzy"))
    return root


@pytest.mark.parametrize(("name", "quiet", "colour"), [
    ("as sphinx-build prints", False, False),
    ("-q: no status", True, False),
    ("-Q: no status, no warnings", True, True),
    ("in colour", False, True),
])
def test_quiet_or_coloured_runs_capture_the_same_problems(
        name: str, quiet: bool, colour: bool, tmp_path: Path, collector: capture.Collector,
        make_app: Callable[..., SphinxTestApp]) -> None:
    root = fuzzy_root(tmp_path)
    (coloron if colour else nocolor)()
    streams: dict[str, Any] = {"status": None} if quiet else {}
    if name.startswith("-Q"):
        streams["warning"] = None
    app = make_app("html", srcdir=root, confoverrides={
        "language": "fa", "html_theme": "alabaster",
        "extensions": ["editions", CAPTURE_EXTENSION]}, **streams)
    app.build()
    [problem] = collector.problems
    assert problem == LoggedProblem(
        "WARNING", "editions", "fuzzy", "locale/fa/LC_MESSAGES/chapter.po:15",
        problem.message)
    assert problem.message.startswith("fuzzy translation: the source text is shown")
    assert "\x1b[" not in problem.message
    assert fatal(collector.problems) == []
