"""Every EPUB of a build checked in one JVM says what a JVM of its own would say."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from editions.pipeline.tools import jvm
from editions.pipeline.tools.epubcheck import run_epubcheck
from editions.pipeline.tools.jvm import EpubcheckJVM, manifest
from tests.conftest import ROOTS

MINIMAL = ROOTS / "epub-minimal"


def pack(dest: Path, broken: bool = False) -> Path:
    """tests/roots/epub-minimal as an EPUB (mimetype first, stored); ``broken``: the
    chapter's paragraph left unclosed."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as book:
        book.write(MINIMAL / "mimetype", "mimetype", compress_type=zipfile.ZIP_STORED)
        for path in sorted(p for p in MINIMAL.rglob("*") if p.is_file()):
            name = path.relative_to(MINIMAL).as_posix()
            if name == "mimetype":
                continue
            data = path.read_bytes()
            if broken and name == "EPUB/chapter.xhtml":
                data = data.replace(b"</p>", b"", 1)
            book.writestr(name, data)
    return dest


@pytest.fixture(autouse=True)
def machine_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("EDITIONS_CACHE_DIR", str(cache))
    return cache


def test_one_jvm_checks_every_book_as_epubcheck_alone_does(tmp_path: Path,
                                                           machine_cache: Path) -> None:
    good, bad = pack(tmp_path / "good.epub"), pack(tmp_path / "bad.epub", broken=True)
    checker = EpubcheckJVM(tmp_path / "epubcheck.log")
    try:
        answers, pids = [], set()
        for book in (good, bad, good):
            answers.append(checker.check(book))
            assert checker.process is not None
            pids.add(checker.process.pid)
    finally:
        checker.close()
    assert len(pids) == 1 and checker.checked == 3  # one JVM, three books
    assert list(machine_cache.glob("epubcheck-launcher/*/launcher.jar"))  # compiled, kept
    alone = [run_epubcheck(book) for book in (good, bad, good)]
    assert answers == alone
    assert [m for m in answers[0] if m.fails] == []
    failing = [m for m in answers[1] if m.fails]
    assert failing and all(m.path == "EPUB/chapter.xhtml" for m in failing)
    assert answers[2] == answers[0]  # the broken book left nothing behind


def test_a_second_build_uses_the_compiled_launcher(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    good = pack(tmp_path / "good.epub")
    first = EpubcheckJVM(tmp_path / "first.log")
    try:
        first.check(good)
    finally:
        first.close()

    def no_compiler(*args: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(jvm, "_compile", no_compiler)
    second = EpubcheckJVM(tmp_path / "second.log")
    try:
        assert [m for m in second.check(good) if m.fails] == []
        assert second.checked == 1 and not second.unavailable
    finally:
        second.close()


def test_without_a_launcher_each_book_gets_its_own_jvm(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jvm, "launcher_jar", lambda java, jar: None)
    checker = EpubcheckJVM(tmp_path / "epubcheck.log")
    bad = pack(tmp_path / "bad.epub", broken=True)
    try:
        messages = checker.check(bad)
    finally:
        checker.close()
    assert checker.unavailable and checker.process is None and checker.checked == 0
    assert messages == run_epubcheck(bad) and any(m.fails for m in messages)


def test_a_jvm_that_ended_is_started_again(tmp_path: Path) -> None:
    good, bad = pack(tmp_path / "good.epub"), pack(tmp_path / "bad.epub", broken=True)
    checker = EpubcheckJVM(tmp_path / "epubcheck.log")
    try:
        checker.check(good)
        assert checker.process is not None
        first = checker.process.pid
        checker.process.kill()
        checker.process.wait()
        messages = checker.check(bad)
        assert checker.process is not None and checker.process.pid != first
    finally:
        checker.close()
    assert not checker.unavailable and messages == run_epubcheck(bad)


def test_a_jvm_that_cannot_start_leaves_each_book_a_jvm_of_its_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jvm, "JVM_OPTIONS", ("-XX:+NoSuchEditionsOption",))
    bad = pack(tmp_path / "bad.epub", broken=True)
    checker = EpubcheckJVM(tmp_path / "epubcheck.log")
    try:
        messages = checker.check(bad)
    finally:
        checker.close()
    assert checker.unavailable and checker.process is None
    assert "NoSuchEditionsOption" in (tmp_path / "epubcheck.log").read_text(encoding="utf-8")
    assert messages == run_epubcheck(bad) and any(m.fails for m in messages)


def test_long_manifest_lines_continue_as_the_jar_format_says() -> None:
    text = manifest("Main", "file:" + "/very/long/path" * 10 + "/epubcheck.jar")
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 72 for line in lines)
    header = "".join(line[1:] if line.startswith(" ") else "\n" + line for line in lines)
    assert "\nClass-Path: file:" + "/very/long/path" * 10 + "/epubcheck.jar" in header
    assert text.endswith("\r\n\r\n")


def test_the_second_jvm_maps_unsigned_jars_from_a_class_data_archive(
        tmp_path: Path, machine_cache: Path) -> None:
    good, bad = pack(tmp_path / "good.epub"), pack(tmp_path / "bad.epub", broken=True)
    first = EpubcheckJVM(tmp_path / "first.log")
    try:
        first.check(good)
    finally:
        first.close()
    assert first.launcher is not None
    folder = first.launcher.parent
    copied = [p for p in folder.rglob("*.jar") if not p.is_symlink() and p.name != "launcher.jar"]
    assert copied, "EPUBCheck ships a signed jar (Saxon's): it is copied unsigned"
    assert not any(jvm.is_signed(p) for p in folder.rglob("*.jar"))
    assert (folder / jvm.CLASS_LIST).is_file() and (folder / jvm.ARCHIVE).is_file()
    # -Xshare:on refuses to start unless the archive maps (no input: the launcher ends).
    mapped = subprocess.run(["java", *jvm.JVM_OPTIONS, "-Xshare:on",
                             f"-XX:SharedArchiveFile={folder / jvm.ARCHIVE}",
                             "-jar", str(first.launcher)], input="", capture_output=True,
                            text=True, timeout=120, check=False)
    assert mapped.returncode == 0, mapped.stderr

    second = EpubcheckJVM(tmp_path / "second.log")
    try:
        answers = [second.check(good), second.check(bad)]
        assert second.process is not None
        command = Path(f"/proc/{second.process.pid}/cmdline").read_bytes().split(b"\0")
    finally:
        second.close()
    assert f"-XX:SharedArchiveFile={folder / jvm.ARCHIVE}".encode() in command
    assert answers == [run_epubcheck(good), run_epubcheck(bad)]  # the same checks
