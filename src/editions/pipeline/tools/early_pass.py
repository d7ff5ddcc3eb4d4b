"""A LuaLaTeX pass begun before Sphinx has written the LaTeX file.

A changed translation changes an edition's LaTeX file in its body: the preamble and the
front matter (title page, contents) come out as before, and reading them (the fonts,
babel's languages, the PDF management) is a third of a pass. So when a build will
probably typeset an edition again, it begins a pass at once on the last build's file,
in a temporary folder of its own (Sphinx rewrites the edition's folder meanwhile), and the pass
waits before the first chapter (``tex/editions-early.lua``). Once Sphinx has written the
file, the build compares: the same preamble and front matter and the same files beside
them, and the pass goes on with the new body, under the edition's own file name;
anything else, and it is stopped and a pass runs afresh in the edition's folder,
which the early one never touched. Either way the PDF is the one an ordinary pass makes.

This module imports no Sphinx: the command line begins the pass before the pipeline's
imports (:func:`editions.pipeline.workers.start_early`).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from editions.cache import digest
from editions.pipeline.tools.lualatex import (
    OPTIONS,
    PASSES_SUFFIX,
    RECORD_SUFFIX,
    TIMEOUT,
    PassesResult,
    lualatex_env,
)

FOLDER_PREFIX = "editions-early-pass-"
HEAD = "editions-head.tex"
TERMINAL = "terminal.txt"  # LuaLaTeX's terminal output: a pipe nobody read would fill
WAIT_LUA = Path(__file__).with_name("tex") / "editions-early.lua"
BEGIN_DOCUMENT = "\\begin{document}"
#: The body begins at the first of these after \begin{document}.
SECTIONING = re.compile(r"\\(?:part|chapter|section)\*?[\[{]")
#: What a pass writes besides the auxiliaries: not among the files the head may read.
PASS_OUTPUTS = (".pdf", ".log", ".fls", ".synctex.gz", ".fdb_latexmk", RECORD_SUFFIX,
                PASSES_SUFFIX)
#: Files beside the LaTeX file that LaTeX may read as code: one that appeared since the
#: early pass began could have changed what its head read.
CODE_SUFFIXES = frozenset({".tex", ".sty", ".cls", ".clo", ".lua", ".def", ".cfg", ".fd",
                           ".ldf", ".ini", ".aux", ".toc"})

_begun: dict[Path, EarlyPass] = {}


@dataclass
class EarlyPass:
    tex: Path  # the edition's LaTeX file, which Sphinx is writing anew
    folder: Path  # where this pass runs
    head: list[str]  # the lines it read before it waits
    inputs: dict[str, str]  # the files beside the LaTeX file, copied, by digest
    epoch: str
    process: subprocess.Popen[bytes]
    terminal: Path
    done: bool = False

    def fitting_lines(self, tex: Path) -> list[str] | None:
        """``tex``'s lines, when it begins as the head this pass read, beside the same
        files, and the pass is still waiting (it did not stop in the head)."""
        if tex != self.tex or self.process.poll() is not None:
            return None
        lines = _lines(tex)
        if lines[:len(self.head)] != self.head:
            return None
        present = {path.name: path for path in tex.parent.iterdir()
                   if path.is_file() and path.name != tex.name and not _is_output(path, tex)}
        if any(name not in self.inputs and path.suffix in CODE_SUFFIXES
               for name, path in present.items()):
            return None
        if not all(name in present and digest(present[name].read_bytes()) == value
                   for name, value in self.inputs.items()):
            return None
        return lines

    def finish(self, tex: Path) -> PassesResult | None:
        """The pass over ``tex`` when it fits, its outputs moved beside ``tex``; None
        (and the pass stopped) when it does not."""
        lines = self.fitting_lines(tex)
        if lines is None:
            self.discard()
            return None
        # The head's lines blank: each line keeps its number in LuaLaTeX's messages.
        body = "\n" * len(self.head) + "".join(lines[len(self.head):])
        (self.folder / tex.name).write_text(body, encoding="utf-8")
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(b"go\n")
            self.process.stdin.close()
            returncode = self.process.wait(timeout=TIMEOUT)
        except OSError:  # it stopped meanwhile: a pass afresh says why
            self.discard()
            return None
        except subprocess.TimeoutExpired:
            self.process.kill()
            returncode = -1
        output = self.terminal.read_text(encoding="utf-8", errors="replace")
        self._bring_back(tex)
        self.discard()
        return PassesResult(returncode, output, 0.0, 1)

    def _bring_back(self, tex: Path) -> None:
        """The PDF, log, recorder file and auxiliaries, into the edition's folder."""
        for path in self.folder.iterdir():
            if path.stem == tex.stem and path.name != tex.name:
                os.replace(path, tex.parent / path.name)
        fls = tex.with_suffix(".fls")
        with contextlib.suppress(OSError):
            fls.write_text(_as_if_in(fls.read_text(encoding="utf-8", errors="replace"),
                                     tex.parent), encoding="utf-8")

    def discard(self) -> None:
        if not self.done:
            self.done = True
            if self.process.poll() is None:
                self.process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
            if self.process.stdin is not None:
                with contextlib.suppress(OSError):
                    self.process.stdin.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _lines(tex: Path) -> list[str]:
    return tex.read_text(encoding="utf-8").splitlines(keepends=True)


def _is_output(path: Path, tex: Path) -> bool:
    return path.name.startswith(tex.stem) and path.name[len(tex.stem):] in PASS_OUTPUTS


def _as_if_in(fls: str, folder: Path) -> str:
    """The recorder file as an ordinary pass in ``folder`` would have written it."""
    lines = []
    for line in fls.splitlines():
        kind, _, name = line.partition(" ")
        if name == f"./{HEAD}" or name == HEAD:
            continue
        if kind == "PWD":
            name = str(folder)
        elif os.path.isabs(name) and Path(name).parent == folder:
            name = f"./{Path(name).name}"
        lines.append(f"{kind} {name}")
    return "\n".join(lines) + "\n"


def head_length(lines: list[str]) -> int | None:
    """How many lines the early pass reads: through the front matter, up to the first
    part, chapter or section; None when the file has no \\begin{document}."""
    begin = next((i for i, line in enumerate(lines) if line.strip() == BEGIN_DOCUMENT), None)
    if begin is None:
        return None
    first = next((i for i in range(begin + 1, len(lines)) if SECTIONING.match(lines[i])),
                 begin + 1)
    return first


def begin(tex: Path, epoch: str) -> EarlyPass | None:
    """Begin a pass on the last build's ``tex`` (None when there is none, or no .aux
    to make it the only pass)."""
    if tex in _begun:
        return _begun[tex]
    if shutil.which("lualatex") is None or not tex.with_suffix(".aux").is_file():
        return None
    try:
        lines = _lines(tex)
    except (OSError, UnicodeDecodeError):
        return None
    length = head_length(lines)
    if length is None:
        return None
    # A folder of this build's own: another build of the project may be beginning too.
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    try:
        inputs = _copy_beside(tex, folder)
        wait = f"\\directlua{{dofile('{WAIT_LUA.name}')}}\\input{{{tex.stem}}}\n"
        (folder / HEAD).write_text("".join(lines[:length]) + wait, encoding="utf-8")
        shutil.copyfile(WAIT_LUA, folder / WAIT_LUA.name)
        process = _start(tex, folder, epoch)
    except OSError:  # no room, no permission: the build typesets as it always did
        shutil.rmtree(folder, ignore_errors=True)
        return None
    terminal = folder / TERMINAL
    early = EarlyPass(tex, folder, lines[:length], inputs, epoch, process, terminal)
    _begun[tex] = early
    return early


def _copy_beside(tex: Path, folder: Path) -> dict[str, str]:
    """The files beside ``tex`` that a pass may read, copied into ``folder``: their digests."""
    inputs = {}
    for path in sorted(tex.parent.iterdir()):
        if path.is_file() and path.name != tex.name and not _is_output(path, tex):
            data = path.read_bytes()
            (folder / path.name).write_bytes(data)
            inputs[path.name] = digest(data)
    return inputs


def _start(tex: Path, folder: Path, epoch: str) -> subprocess.Popen[bytes]:
    env = lualatex_env(epoch)
    # The files Sphinx adds meanwhile (a new figure) are found in the edition's folder.
    env["TEXINPUTS"] = os.pathsep.join([".", str(tex.parent), env.get("TEXINPUTS", "")])
    with (folder / TERMINAL).open("wb") as out:
        return subprocess.Popen(["lualatex", *OPTIONS, f"-jobname={tex.stem}", HEAD],
                                cwd=folder, env=env, stdin=subprocess.PIPE, stdout=out,
                                stderr=subprocess.STDOUT)


def take(tex: Path, epoch: str) -> EarlyPass | None:
    """The pass begun on ``tex``, for its typesetting: if it was begun with the same
    publication date (else it is stopped)."""
    early = _begun.pop(tex, None)
    if early is not None and early.epoch != epoch:
        early.discard()
        return None
    return early


def discard_all() -> None:
    """Stop every pass nobody took: the build found nothing to typeset, or stopped."""
    while _begun:
        _begun.popitem()[1].discard()


atexit.register(discard_all)
