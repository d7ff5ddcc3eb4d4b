"""What a build leaves for the next one, and the early LuaLaTeX pass the next one
begins from it: for the one edition an edit reaches, not for an HTML build, not when
nothing changed (a file touched is not changed), not when several PDFs are stale on
two cores; and the command
itself, which leaves without the interpreter's teardown yet says all it had to."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from editions.pipeline import head_start
from editions.pipeline.tools import early_pass
from tests.pipeline.conftest import make_pdf, make_project


@pytest.fixture
def built(tmp_path: Path) -> Iterator[Path]:
    """The Persian sample with its PDF built once, so its record is written."""
    root = make_project(tmp_path, "test-pdf-fa")
    pdf, problems = make_pdf(root, "fa")
    assert pdf is not None, problems
    yield root
    early_pass.discard_all()


def touch_catalog(root: Path, code: str) -> None:
    po = root / f"locale/{code}/LC_MESSAGES/chapter.po"
    po.write_text(po.read_text(encoding="utf-8").replace("تبریز، سپتامبر", "تبریز، مهر"),
                  encoding="utf-8")
    stamp = root / f"_build/work/{code}/pdf.inputs"
    later = stamp.stat().st_mtime_ns + 10**9  # newer than the stamp, whatever the clock did
    os.utime(po, ns=(later, later))


def test_a_build_records_each_editions_latex_file_and_stamp(built: Path) -> None:
    record = json.loads((built / head_start.RECORD).read_text(encoding="utf-8"))
    fa = record["editions"]["fa"]
    assert fa["tex"] == str(built / "_build/work/fa/latex/sample.tex")
    assert fa["stamp"] == str(built / "_build/work/fa/pdf.inputs")
    assert fa["catalogs"] == str(built / "locale/fa/LC_MESSAGES")
    # conf.py fixes the date (editions_date): the record carries it, git is not asked.
    assert record["git"] == [] and record["epoch"] == "1714521600"


def test_an_edit_to_one_catalog_begins_that_editions_pass(built: Path) -> None:
    tex = built / "_build/work/fa/latex/sample.tex"
    assert head_start.begin_early_passes(built, None, ["pdf"]) == 0  # nothing is newer
    po = built / "locale/fa/LC_MESSAGES/chapter.po"
    later = (built / "_build/work/fa/pdf.inputs").stat().st_mtime_ns + 10**9
    os.utime(po, ns=(later, later))
    assert head_start.begin_early_passes(built, None, ["pdf"]) == 0  # newer, the same bytes
    touch_catalog(built, "fa")
    assert head_start.begin_early_passes(built, None, ["html"]) == 0  # no PDF asked for
    assert head_start.begin_early_passes(built, ["fa"], None) == 1
    begun = early_pass.take(tex, "1714521600")
    assert begun is not None and begun.process.poll() is None
    begun.discard()


def test_no_pass_is_begun_when_more_pdfs_are_stale_than_cores_to_spare(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = json.loads((built / head_start.RECORD).read_text(encoding="utf-8"))
    assert head_start.probably_stale_pdfs(record, ["fa"]) == []
    conf = built / "conf.py"  # every edition's PDF reads it
    conf.write_text(conf.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    later = Path(record["editions"]["fa"]["stamp"]).stat().st_mtime_ns + 10**9
    os.utime(conf, ns=(later, later))
    assert head_start.probably_stale_pdfs(record, ["fa"]) == ["fa"]
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    record["editions"]["az"] = {**record["editions"]["fa"]}  # a second stale edition
    (built / head_start.RECORD).write_text(json.dumps(record), encoding="utf-8")
    assert head_start.begin_early_passes(built, None, None) == 0


def test_a_missing_or_foreign_record_begins_nothing(tmp_path: Path) -> None:
    assert head_start.begin_early_passes(tmp_path, None, None) == 0
    record = tmp_path / head_start.RECORD
    record.parent.mkdir(parents=True)
    record.write_text('{"version": 0, "editions": {}}', encoding="utf-8")
    assert head_start.begin_early_passes(tmp_path, None, None) == 0
    record.write_text('{"version": 1, "editions": {"fa": {"tex": 3}}}', encoding="utf-8")
    assert head_start.begin_early_passes(tmp_path, None, None) == 0  # no stamp: a guess lost


def test_the_date_comes_from_the_environment_first(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = json.loads((built / head_start.RECORD).read_text(encoding="utf-8"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert head_start._epoch(built, record) == "1700000000"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert head_start._epoch(built, record) is None  # the build will say what is wrong


def test_the_command_says_all_it_had_to_and_exits_with_its_code(tmp_path: Path) -> None:
    command = Path(sys.executable).with_name("editions")
    assert command.exists(), "the package is installed with its console script"
    root = make_project(tmp_path, "test-pdf-fa")
    done = subprocess.run([str(command), "--project", str(root), "stats", "--json"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)  # every line reached the pipe before the exit
    missing = subprocess.run([str(command), "--project", str(tmp_path / "none"), "stats"],
                             capture_output=True, text=True, timeout=300, check=False)
    assert missing.returncode == 2 and missing.stderr.startswith("editions: error:")
