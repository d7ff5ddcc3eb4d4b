"""Bad input gets a clear error, the last good output is never lost, other editions go on."""

from __future__ import annotations

import errno
import hashlib
import json
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from editions.cli import main
from editions.pipeline import publish as publish_module
from editions.project import Project
from tests.pipeline.conftest import copy_sample_publication


def digest(path: Path, skip: tuple[str, ...] = ()) -> str:
    """Every file's path and bytes under ``path`` (but for the top folders ``skip``)."""
    h = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()
                       and p.relative_to(path).parts[0] not in skip):
        h.update(str(file.relative_to(path)).encode())
        h.update(file.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample_publication(tmp_path_factory.mktemp("good") / "pub")
    assert main(["--project", str(root), "build", "--format", "html"]) == 0
    return root


@pytest.fixture
def site(built_once: Path, tmp_path: Path) -> Path:
    """A publication with a good HTML site already published, to break in a test."""
    root = tmp_path / "pub"
    shutil.copytree(built_once, root, symlinks=True)
    return root


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--project", str(root), "build", "--format", "html", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def manifest(root: Path) -> dict[str, dict[str, object]]:
    data = json.loads((root / "_build/site/editions.json").read_text(encoding="utf-8"))
    return {e["language"]: e for e in data["editions"]}


def assert_kept(root: Path, before: dict[str, str], langs: list[str]) -> None:
    for lang in langs:
        assert digest(root / "_build/site" / lang) == before[lang], f"{lang} output changed"


def snapshot(root: Path) -> dict[str, str]:
    return {lang: digest(root / "_build/site" / lang) for lang in ("az", "en", "fa", "ru")}


def edit(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


PO = "locale/fa/LC_MESSAGES/background.po"


def test_po_syntax_error_keeps_previous_persian_and_builds_the_others(
        site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(site)
    po = site / PO
    lines = po.read_text(encoding="utf-8").splitlines()
    broken_line = next(i for i, line in enumerate(lines) if line.startswith("msgid") and i > 20)
    lines.insert(broken_line, 'msgstr "an orphan string with no msgid')
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = run(site, capsys)
    assert code == 1
    assert f"{PO}:" in out and "fix the syntax" in out
    entries = manifest(site)
    assert entries["fa"]["status"] == "stale"
    assert any("background.po" in p for p in entries["fa"]["problems"])  # type: ignore[union-attr]
    assert all(entries[c]["status"] == "ok" for c in ("az", "en", "ru"))
    assert_kept(site, before, ["fa"])
    assert "Traceback" not in out


def test_non_utf8_catalog_is_refused_with_what_to_do(site: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(site)
    po = site / "locale/ru/LC_MESSAGES/index.po"
    text = po.read_text(encoding="utf-8").replace("charset=utf-8", "charset=CP1251")
    po.write_bytes(text.encode("cp1251", errors="replace"))
    code, out = run(site, capsys)
    assert code == 1
    assert "locale/ru/LC_MESSAGES/index.po:" in out and "not UTF-8" in out and "msgconv" in out
    assert manifest(site)["ru"]["status"] == "stale"
    assert_kept(site, before, ["ru"])


def test_duplicate_msgid_is_refused(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(site)
    po = site / "locale/az/LC_MESSAGES/index.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "Background"\nmsgstr "x"\n'
                  '\nmsgid "Background"\nmsgstr "y"\n', encoding="utf-8")
    code, out = run(site, capsys)
    assert code == 1
    assert "duplicate message definition" in out and "locale/az/LC_MESSAGES/index.po:" in out
    assert_kept(site, before, ["az"])


def test_catalogs_of_an_unconfigured_language_are_named(site: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    extra = site / "locale/de/LC_MESSAGES"
    extra.mkdir(parents=True)
    shutil.copy(site / "locale/ru/LC_MESSAGES/index.po", extra / "index.po")
    code, out = run(site, capsys)
    assert code == 0
    assert "locale/de: catalogs for 'de', which is not in editions_languages" in out


def test_missing_locale_directory_builds_from_source_with_a_warning(
        site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(site / "locale/fa")
    code, out = run(site, capsys, "--language", "fa")
    assert code == 0
    assert "no catalogs for fa" in out and "editions update" in out
    page = (site / "_build/site/fa/background.html").read_text(encoding="utf-8")
    assert "The struggle for Azerbaijan’s independence" in page
    assert 'dir="rtl"' in page


@pytest.mark.parametrize(("name", "addition", "expected"), [
    ("unclosed fence", "\n```python\nnever closed\n", "this fence is never closed"),
    ("unknown directive", "\n```{nosuch}\nx\n```\n", "Unknown directive type: 'nosuch'"),
    ("note defined twice", "\n[^5]: Defined again.\n", "Duplicate footnote definition"),
    ("note never defined", "\nA claim.[^999]\n", 'Unknown target name: "999"'),
    ("missing image", "\n```{photo}\n:image: nowhere.png\nA caption.\n```\n",
     "image file not readable: nowhere.png"),
])
def test_broken_source_fails_every_edition_and_keeps_them(
        name: str, addition: str, expected: str, site: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(site)
    edit(site / "source/background.md", lambda text: text + addition)
    code, out = run(site, capsys)
    assert code == 1, name
    assert expected in out
    assert "source/background.md:" in out
    assert {e["status"] for e in manifest(site).values()} == {"stale"}
    assert_kept(site, before, ["az", "en", "fa", "ru"])
    # The problem is reported again by the next build: nothing cached it away.
    code, out = run(site, capsys)
    assert code == 1 and expected in out


def test_empty_source_is_a_clear_error(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(site)
    for doc in (site / "source").glob("*.md"):
        doc.unlink()
    code, out = run(site, capsys)
    assert code == 2
    assert "holds no MyST documents" in out and "add index.md" in out
    assert_kept(site, before, ["az", "en", "fa", "ru"])


def test_ten_megabyte_msgstr_falls_back_to_the_source(site: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    po = site / "locale/fa/LC_MESSAGES/closing-remarks.po"
    text = po.read_text(encoding="utf-8")
    entry = text.index("That day is not far off.")
    start = text.index("msgstr", entry)
    end = text.index("\n\n", start)
    huge = "ب" * (10 * 1024 * 1024)
    po.write_text(text[:start] + f'msgstr "{huge}"' + text[end:], encoding="utf-8")
    code, out = run(site, capsys, "--language", "fa")
    assert code == 0
    assert "too-long" in out or "characters for a msgid" in out
    page = (site / "_build/site/fa/closing-remarks.html").read_text(encoding="utf-8")
    assert "ببببببببببببببببببببببببب" not in page
    assert "That day is not far off." in page
    assert page.count("\n") < 2000


def test_config_value_of_the_wrong_type(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(site)
    edit(site / "conf.py", lambda text: text + '\neditions_titles = "not a mapping"\n')
    code, out = run(site, capsys)
    assert code == 2
    assert "editions_titles" in out and "must map language codes" in out
    assert "Traceback" not in out
    assert_kept(site, before, ["az", "en", "fa", "ru"])


@pytest.mark.parametrize(("error", "advice"), [
    (errno.EACCES, "make the output folder writable"),
    (errno.EROFS, "make the output folder writable"),
    (errno.ENOSPC, "free disk space"),
])
def test_unwritable_or_full_output_keeps_the_last_good_site(
        error: int, advice: str, site: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(site)
    # Every edition is built and published again: this site is a copy, and a stamp trusts
    # only the very file it was written for (incremental.output_identity). The heading
    # makes Persian's new output differ from what is published, too.
    edit(site / PO, lambda text: text.replace('msgstr "پیشینه"', 'msgstr "پیشینهٔ تاریخی"', 1))
    real_copy = shutil.copy2

    def failing_copy(src: str, dst: str, *args: object, **kwargs: object) -> object:
        if "/_build/site/" in str(dst):
            raise OSError(error, "simulated", str(dst))
        return real_copy(src, dst, *args, **kwargs)  # type: ignore[arg-type]

    real_copytree = shutil.copytree

    def copytree(src: str, dst: str, symlinks: bool = False, ignore: object = None,
                 copy_function: object = None, *args: object, **kwargs: object) -> object:
        return real_copytree(src, dst, symlinks, ignore, failing_copy,  # type: ignore[arg-type]
                             *args, **kwargs)

    monkeypatch.setattr(publish_module.shutil, "copy2", failing_copy)
    monkeypatch.setattr(publish_module.shutil, "copytree", copytree)
    code, out = run(site, capsys)
    assert code == 1
    assert advice in out and "cannot publish" in out
    assert {e["status"] for e in manifest(site).values()} == {"stale"}
    assert_kept(site, before, ["az", "en", "fa", "ru"])
    assert not [p for p in (site / "_build/site").iterdir() if ".staging-" in p.name]


def test_a_second_build_waits_for_the_first(site: Path) -> None:
    project = Project.load(site)
    held, released = threading.Event(), threading.Event()

    def hold() -> None:
        with publish_module.build_lock(project):
            held.set()
            released.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(30), "the first build never took the lock"
    proc = subprocess.Popen([sys.executable, "-m", "editions.cli", "--project", str(site),
                             "build", "-f", "html", "-l", "en"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # still running; its message, checked below, says it waits for the lock
    assert proc.poll() is None, "the second build did not wait"
    released.set()
    holder.join()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, out + err
    assert "waiting for the build of pid" in err


def test_sigterm_during_a_build_leaves_the_site_as_it_was(site: Path) -> None:
    # An edition's parallel pages show the other editions too, and are swapped in whole
    # after them: they may be new beside an edition that is still the old one.
    before = {lang: digest(site / "_build/site" / lang, skip=("parallel",))
              for lang in ("az", "en", "fa", "ru")}
    edit(site / "source/background.md", lambda t: t.replace("Background", "Early Years", 1))
    work = site / "_build/work"
    shutil.rmtree(work)  # a cold build: every edition is built again
    proc = subprocess.Popen([sys.executable, "-m", "editions.cli", "--project", str(site),
                             "build", "-f", "html"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Interrupted once a worker has started Sphinx: an edition's work folder appears.
    deadline = time.monotonic() + 120
    while not (work.is_dir() and any(work.iterdir())) and proc.poll() is None:
        assert time.monotonic() < deadline, "no edition started within 120 s"
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode != 0 or "ok" in out
    if proc.returncode != 0:
        assert "interrupted" in err and "Traceback" not in err
    # Each edition is the one published before or the whole new one, never half of each.
    for lang in ("az", "en", "fa", "ru"):
        edition = site / "_build/site" / lang
        assert (edition / "index.html").exists()
        if digest(edition, skip=("parallel",)) != before[lang]:
            assert proc.returncode == 0 or "Early Years" in (
                edition / "background.html").read_text(encoding="utf-8"), lang
    assert not [p for p in (site / "_build/site").rglob("*") if ".staging-" in p.name]


@pytest.mark.parametrize(("fmt", "expected"), [
    ("pdf", "lualatex is not installed: run scripts/install-system.sh"),
    ("epub", "EPUBCheck is not installed"),
])
def test_a_missing_tool_fails_its_format_only(fmt: str, expected: str, site: Path,
                                              tmp_path: Path) -> None:
    """LuaLaTeX or epubcheck (java) absent: that format fails with what to install."""
    before = snapshot(site)
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {"PATH": str(empty), "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "editions.cli", "--project", str(site),
                           "build", "-f", fmt, "-l", "en"],
                          capture_output=True, text=True, env=env, timeout=600, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert expected in out
    assert "Traceback" not in out
    entry = manifest(site)["en"]
    assert entry["formats"][fmt]["status"] == "failed"  # type: ignore[index]
    assert entry["formats"]["html"]["status"] == "ok"  # type: ignore[index]
    assert_kept(site, before, ["az", "en", "fa", "ru"])
