"""One JVM for every EPUBCheck of a build.

Starting a JVM and loading EPUBCheck's schemas costs about 3 s of CPU; checking one
more book in the same JVM about 0.15 s. ``EditionsEpubcheck.java`` (beside this file)
runs EPUBCheck's own command line once per book it is sent. It is compiled once per
machine with the JRE's own compiler module (``java -m jdk.compiler/…``: no JDK needed)
into a small jar in the machine's cache (:mod:`.cache`) whose manifest names
EPUBCheck's jar, and runs as ``java -jar``. Where it cannot be compiled, each book is
checked by ``java -jar epubcheck.jar`` as before.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from editions.cache import cache_dir, file_identity
from editions.pipeline.tools import epubcheck
from editions.pipeline.tools.epubcheck import CheckMessage, EpubcheckError

LAUNCHER = Path(__file__).with_name("java") / "EditionsEpubcheck.java"
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


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def launcher_jar(java: str, jar: Path) -> Path | None:
    """The compiled launcher for this Java and this EPUBCheck; None if this Java has no
    compiler module (then each book gets a JVM of its own)."""
    folder = cache_dir() / "epubcheck-launcher"
    target = folder / f"{launcher_key(java, jar)}.jar"
    try:
        with _locked(folder / ".lock"):  # two builds at once compile it once
            if not target.is_file():
                _compile(java, jar, target)
    except (OSError, subprocess.SubprocessError):
        return None
    return target


def _compile(java: str, jar: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        classes = Path(tmp) / "classes"
        subprocess.run([java, "-m", "jdk.compiler/com.sun.tools.javac.Main", "-nowarn",
                        "-cp", str(jar), "-d", str(classes), str(LAUNCHER)],
                       capture_output=True, check=True, timeout=COMPILE_TIMEOUT)
        built = Path(tmp) / target.name
        with zipfile.ZipFile(built, "w") as archive:
            archive.writestr("META-INF/MANIFEST.MF",
                             manifest(MAIN_CLASS, jar.resolve().as_uri()))
            archive.write(classes / f"{MAIN_CLASS}.class", f"{MAIN_CLASS}.class")
        shutil.move(str(built), target)


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
        self.process = subprocess.Popen(
            [java, *JVM_OPTIONS, "-jar", str(launcher)], stdin=subprocess.PIPE,
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
            self._stop()

    def _stop(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            with contextlib.suppress(OSError):
                assert process.stdin is not None
                process.stdin.close()  # the launcher ends at the end of its input
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


def _read_replies(stdout: IO[str] | None, replies: queue.Queue[str | None]) -> None:
    assert stdout is not None
    for line in stdout:
        replies.put(line.rstrip("\n"))
    replies.put(None)  # the JVM has ended
