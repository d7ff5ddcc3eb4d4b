"""One JVM for every EPUBCheck of a build.

Starting a JVM and loading EPUBCheck's schemas costs about 3 s of CPU; checking one
more book in the same JVM about 0.15 s. ``EditionsEpubcheck.java`` (beside this file)
runs EPUBCheck's own command line once per book it is sent. It is compiled once per
machine with the JRE's own compiler module (``java -m jdk.compiler/…``: no JDK needed)
into a small jar in the machine's cache (:mod:`editions.cache`), and runs as
``java -jar``. Where it cannot be compiled, each book is checked by ``java -jar
epubcheck.jar`` as before.

Beside the launcher, the cache holds EPUBCheck's jars as the JVM loads them fastest:
a signed jar (Saxon's) is copied without its signature, which the JVM would otherwise
verify entry by entry at every start and which keeps its classes out of class-data
sharing; the others are linked. The first JVM on a machine records the classes it
loads; when it ends they are dumped into a class-data archive (about 1.5 s, once),
which every later JVM maps instead of loading and verifying them again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import IO

from editions.cache import cache_dir, exclusive_lock, file_identity
from editions.pipeline.tools import epubcheck
from editions.pipeline.tools.epubcheck import CheckMessage, EpubcheckError

LAUNCHER = Path(__file__).with_name("java") / "EditionsEpubcheck.java"
#: A jar's signature files (META-INF/*.SF and the certificate beside it).
SIGNATURE = re.compile(r"^META-INF/[^/]+\.(SF|RSA|DSA|EC)$", re.IGNORECASE)
CLASS_LIST, ARCHIVE = "classes.lst", "classes.jsa"
DUMP_TIMEOUT = 120
MAIN_CLASS = "EditionsEpubcheck"
#: The quick (C1) compiler alone halves a short JVM's CPU; the serial collector keeps
#: its memory and threads down (one book at a time).
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
COMPILE_TIMEOUT = 120


def manifest(main_class: str, class_path: str) -> str:
    """A jar manifest; lines longer than 72 bytes continue on lines that start with a
    space (the jar format's rule)."""
    lines = []
    for header in ("Manifest-Version: 1.0", f"Main-Class: {main_class}",
                   f"Class-Path: {class_path}"):
        data = header.encode()
        lines.append(data[:72])
        lines += [b" " + data[i:i + 71] for i in range(72, len(data), 71)]
    return (b"\r\n".join(lines) + b"\r\n\r\n").decode()


def launcher_key(java: str, jar: Path) -> str:
    """Another launcher source, Java or EPUBCheck: another compiled launcher."""
    h = hashlib.sha256(LAUNCHER.read_bytes())
    h.update(file_identity(os.path.realpath(java)).encode())
    h.update(file_identity(jar.resolve()).encode())
    return h.hexdigest()[:16]


def launcher_jar(java: str, jar: Path) -> Path | None:
    """The compiled launcher for this Java and this EPUBCheck, beside the jars it runs;
    None if this Java has no compiler module (then each book gets a JVM of its own)."""
    folder = cache_dir() / "epubcheck-launcher" / launcher_key(java, jar)
    target = folder / "launcher.jar"
    try:
        with exclusive_lock(folder.parent / ".lock"):  # two builds at once compile it once
            if not target.is_file():
                _runtime_jars(jar, folder)
                _compile(java, jar, target)
    except (OSError, subprocess.SubprocessError, zipfile.BadZipFile):
        return None
    return target


def class_path(jar: Path) -> list[str]:
    """The relative Class-Path of a jar's manifest (EPUBCheck's names its lib/ jars)."""
    with zipfile.ZipFile(jar) as archive:
        text = archive.read("META-INF/MANIFEST.MF").decode("utf-8")
    joined = re.sub(r"\r?\n ", "", text)  # a manifest continues a line with a space
    for line in joined.splitlines():
        if line.startswith("Class-Path:"):
            return line.removeprefix("Class-Path:").split()
    return []


def is_signed(jar: Path) -> bool:
    with zipfile.ZipFile(jar) as archive:
        return any(SIGNATURE.match(name) for name in archive.namelist())


def unsigned_copy(source: Path, target: Path) -> None:
    """``source`` without its signature files, every other entry as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(partial, "w") as copy:
        for info in original.infolist():
            if not SIGNATURE.match(info.filename):
                copy.writestr(info, original.read(info))
    partial.replace(target)


def _runtime_jars(jar: Path, folder: Path) -> None:
    """EPUBCheck's jar and the jars its manifest names, under ``folder`` as they are
    beside it: signed ones copied unsigned, the rest linked."""
    for name in ["", *class_path(jar)]:
        source = jar.resolve() if name == "" else (jar.resolve().parent / name)
        target = folder / (jar.name if name == "" else name)
        if not source.is_file() or target.exists():
            continue
        if is_signed(source):
            unsigned_copy(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source)


def _compile(java: str, jar: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        classes = Path(tmp) / "classes"
        subprocess.run([java, "-m", "jdk.compiler/com.sun.tools.javac.Main", "-nowarn",
                        "-cp", str(jar), "-d", str(classes), str(LAUNCHER)],
                       capture_output=True, check=True, timeout=COMPILE_TIMEOUT)
        built = Path(tmp) / target.name
        # EPUBCheck's jar beside the launcher (its copy in the cache), by a relative name.
        with zipfile.ZipFile(built, "w") as archive:
            archive.writestr("META-INF/MANIFEST.MF", manifest(MAIN_CLASS, jar.name))
            archive.write(classes / f"{MAIN_CLASS}.class", f"{MAIN_CLASS}.class")
        shutil.move(str(built), target)


def sharing_options(launcher: Path) -> list[str]:
    """Map the class-data archive if there is one; else record the classes loaded."""
    archive, listed = launcher.with_name(ARCHIVE), launcher.with_name(CLASS_LIST)
    if archive.is_file():
        return [f"-XX:SharedArchiveFile={archive}"]
    if listed.is_file():
        return []  # recorded, to be dumped when this JVM ends
    return [f"-XX:DumpLoadedClassList={listed}"]


def dump_archive(java: str, launcher: Path) -> None:
    """The recorded classes into a class-data archive, once per machine and launcher;
    one that cannot be made leaves JVMs as they were, and is not tried again."""
    archive, listed = launcher.with_name(ARCHIVE), launcher.with_name(CLASS_LIST)
    failed = launcher.with_name(f"{ARCHIVE}.failed")
    if archive.exists() or failed.exists() or not listed.is_file():
        return
    partial = launcher.with_name(f".{ARCHIVE}.tmp-{os.getpid()}")
    try:
        with exclusive_lock(launcher.parent.parent / ".lock"):
            if archive.exists():
                return
            subprocess.run([java, *JVM_OPTIONS, "-Xshare:dump",
                            f"-XX:SharedClassListFile={listed}",
                            f"-XX:SharedArchiveFile={partial}", "-cp", str(launcher)],
                           capture_output=True, check=True, timeout=DUMP_TIMEOUT)
            partial.replace(archive)
    except (OSError, subprocess.SubprocessError):
        partial.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            failed.touch()


class EpubcheckJVM:
    """EPUBCheck in one JVM, started at the first book, for every book of a build.
    Thread-safe: one book at a time. ``close()`` ends the JVM."""

    def __init__(self, log: Path, jar: Path | None = None) -> None:
        self.log, self.jar = log, jar
        self.lock = threading.Lock()
        self.process: subprocess.Popen[str] | None = None
        self.replies: queue.Queue[str | None] = queue.Queue()
        self.unavailable = False  # no launcher, or the JVM died: one JVM per book
        self.checked = 0
        self._log_file: IO[str] | None = None
        self.java: str | None = None
        self.launcher: Path | None = None

    def check(self, epub: Path) -> list[CheckMessage]:
        """EPUBCheck's messages for ``epub``, as ``run_epubcheck`` gives them."""
        jar = self.jar or epubcheck.EPUBCHECK_JAR
        with self.lock:
            if "\t" in str(epub) or "\n" in str(epub) or not self._running(jar):
                return epubcheck.run_epubcheck(epub, jar)
            self.checked += 1
            with tempfile.TemporaryDirectory() as tmp:
                report = Path(tmp) / "epubcheck.json"
                return self._ask(epub.resolve(), report, jar)

    def _running(self, jar: Path) -> bool:
        if self.process is not None and self.process.poll() is None:
            return True
        java = shutil.which("java")
        if self.unavailable or java is None or not jar.is_file():
            return False  # run_epubcheck says what is missing
        launcher = launcher_jar(java, jar)
        if launcher is None:
            self.unavailable = True
            return False
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = self.log.open("w", encoding="utf-8")
        self.replies = queue.Queue()  # an ended JVM's last word is not this one's
        self.java, self.launcher = java, launcher
        self.process = subprocess.Popen(
            [java, *JVM_OPTIONS, *sharing_options(launcher), "-jar", str(launcher)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self._log_file, text=True, encoding="utf-8",
            bufsize=1)
        threading.Thread(target=_read_replies, args=(self.process.stdout, self.replies),
                         daemon=True).start()
        return True

    def _ask(self, epub: Path, report: Path, jar: Path) -> list[CheckMessage]:
        assert self.process is not None and self.process.stdin is not None
        try:
            self.process.stdin.write(f"{epub}\t{report}\n")
            self.process.stdin.flush()
            reply = self.replies.get(timeout=epubcheck.EPUBCHECK_TIMEOUT)
        except (OSError, queue.Empty):
            reply = None
        if reply is None:  # the JVM died or hung: this book and the rest, one JVM each
            self._stop()
            self.unavailable = True
            return epubcheck.run_epubcheck(epub, jar)
        if not report.is_file():
            raise EpubcheckError(f"epubcheck did not finish {epub} (status "
                                 f"{reply.split(chr(9))[0]}; its output is in {self.log}): "
                                 f"try 'java -jar {jar} {epub}'")
        return epubcheck.read_report(report)

    def close(self) -> None:
        with self.lock:
            ended_well = self._stop()
            if ended_well and self.java is not None and self.launcher is not None:
                dump_archive(self.java, self.launcher)

    def _stop(self) -> bool:
        """End the JVM; whether it had one that ended of itself, with status 0."""
        process, self.process = self.process, None
        status = None
        if process is not None:
            with contextlib.suppress(OSError):
                assert process.stdin is not None
                process.stdin.close()  # the launcher ends at the end of its input
            try:
                status = process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        return status == 0


def _read_replies(stdout: IO[str] | None, replies: queue.Queue[str | None]) -> None:
    assert stdout is not None
    for line in stdout:
        replies.put(line.rstrip("\n"))
    replies.put(None)  # the JVM has ended
