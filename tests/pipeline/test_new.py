"""``editions new``: a publication in one command, and a minimal conf.py, through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FORMATS = ("html", "pdf", "epub")


def editions(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "editions.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=900, check=False)


def statuses(done: subprocess.CompletedProcess[str]) -> dict[tuple[str, str], str]:
    report = json.loads(done.stdout)
    return {(r["language"], r["format"]): r["status"] for r in report["results"]}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    where = tmp_path_factory.mktemp("new")
    done = editions("new", "river-book", "--languages", "en,fa,tr", "--json", cwd=where)
    return where / "river-book", done


def test_new_writes_a_publication_and_builds_every_format_of_every_edition(
        made: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, done = made
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert statuses(done) == {(c, f): "ok" for c in ("en", "fa", "tr") for f in FORMATS}
    for name in ("conf.py", "README.md", ".gitignore", "source/index.md",
                 "source/first-chapter.md", "_templates/README.md"):
        assert (root / name).is_file(), name
    site = root / "_build" / "site"
    for code in ("en", "fa", "tr"):
        assert (site / code / "first-chapter.html").is_file()
        assert (site / code / "river-book.pdf").stat().st_size > 0
        assert (site / code / "river-book.epub").stat().st_size > 0


def test_new_makes_each_translations_catalogs_as_editions_update_does(
        made: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, done = made
    assert done.returncode == 0
    for code in ("fa", "tr"):
        catalog = root / "locale" / code / "LC_MESSAGES" / "first-chapter.po"
        text = catalog.read_text(encoding="utf-8")
        assert f'"Language: {code}\\n"' in text and 'msgid "The First Chapter"' in text
        assert (root / "locale" / code / "LC_MESSAGES" / "index.po").is_file()
    assert not (root / "locale" / "en").exists()  # the source has no catalog
    # The update is the one `editions update` runs: a second finds nothing to do.
    again = editions("--project", str(root), "update", "--json", cwd=root)
    assert again.returncode == 0, again.stderr
    assert [r["written"] for r in json.loads(again.stdout)] == [False] * 4


def test_new_conf_py_and_readme_say_what_to_do(
        made: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, _ = made
    conf = (root / "conf.py").read_text(encoding="utf-8")
    assert "editions_languages = ['en', 'fa', 'tr']" in conf
    assert "# editions_language_overrides" in conf and "# editions_titles" in conf
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "editions update" in readme and "editions build" in readme
    assert "/_build/" in (root / ".gitignore").read_text(encoding="utf-8")


def test_a_minimal_conf_py_builds_every_format(
        made: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, _ = made
    # Nothing but what Sphinx and editions cannot do without: no copyright, no
    # publisher, no basename, no date.
    (root / "conf.py").write_text('project = "River Book"\nauthor = "A. Author"\n'
                                  'extensions = ["editions"]\n'
                                  'editions_languages = ["en", "fa"]\n', encoding="utf-8")
    done = editions("--project", str(root), "build", "--json", cwd=root)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert statuses(done) == {(c, f): "ok" for c in ("en", "fa") for f in FORMATS}


@pytest.mark.parametrize(("args", "says"), [
    (["new", "x", "--languages", "en,xx"], "editions_language_overrides"),
    (["new", "x", "--languages", "en,f a"], "is no language code"),
    (["new", "x", "--languages", "en", "--source-language", "fa"], "is not in --languages"),
])
def test_new_refuses_bad_input_in_one_line(tmp_path: Path, args: list[str], says: str) -> None:
    done = editions(*args, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and "internal error" not in lines[0]
    assert not (tmp_path / "x").exists()  # nothing written


def test_new_never_writes_over_files(tmp_path: Path) -> None:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "notes.txt").write_text("mine", encoding="utf-8")
    done = editions("new", "book", "--languages", "en,fa", cwd=tmp_path)
    assert done.returncode == 2 and "is not empty" in done.stderr
    assert sorted(p.name for p in (tmp_path / "book").iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(("conf", "says"), [
    ('editions_languages = "en"', "editions_languages must be a list"),
    ('editions_languages = ["en", "xx"]', "editions_language_overrides = {'xx'"),
    ('editions_languages = ["en", "tr"]\neditions_language_overrides = {"tr": {"dir": "rtl"}}',
     "editions_language_overrides['tr'] has 'dir'"),
])
def test_a_bad_conf_value_is_one_line_naming_the_setting(tmp_path: Path, conf: str,
                                                         says: str) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "index.md").write_text("# Title\n", encoding="utf-8")
    (tmp_path / "conf.py").write_text(f'project = "P"\nauthor = "A"\nextensions = ["editions"]\n'
                                      f"{conf}\n", encoding="utf-8")
    for command in (["build"], ["update"], ["check"]):
        done = editions("--project", str(tmp_path), *command, cwd=tmp_path)
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 2, (command, done.stderr)
        assert len(lines) == 1 and says in lines[0] and "internal error" not in lines[0]


def test_a_missing_root_document_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "chapter.md").write_text("# Chapter\n", encoding="utf-8")
    (tmp_path / "conf.py").write_text('project = "P"\nauthor = "A"\nextensions = ["editions"]\n'
                                      'editions_languages = ["en", "tr"]\n', encoding="utf-8")
    done = editions("--project", str(tmp_path), "build", cwd=tmp_path)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1
    assert "index.md is missing" in lines[0] and "internal error" not in lines[0]
