"""LuaLaTeX's passes over an edition's kept LaTeX folder, until its cross-references settle.

The folder keeps what the last build's passes wrote for the next one to read (the
.aux, .toc …) and a record of what they read. So an edition whose inputs did not change
takes no pass, one whose layout did not move takes one, and the first build of an
edition drafts once (``--draftmode`` writes no PDF, the same .aux and .toc) before its
real pass. latexmk decides the same way; editions decides itself so that a pass can
begin before Sphinx has written the LaTeX file (:mod:`.early_pass`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from editions.cache import atomic_write, digest, file_identity

TIMEOUT = 900
#: latexmk's limit too: a document that never settles is typeset this often, then shipped.
MAX_PASSES = 5
OPTIONS = ("-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-recorder")
#: What a pass writes for the next pass to read: when one changed, another pass is due.
AUXILIARY_SUFFIXES = frozenset({".aux", ".toc", ".out", ".lof", ".lot", ".loa", ".nav",
                                ".snm", ".vrb"})
#: What LaTeX and its packages print when another pass would come out different.
RERUN = re.compile(r"Rerun to get|Please \(?re\)?run|Rerun LaTeX|rerun LaTeX|"
                   r"Label\(s\) may have changed")
#: The account of the passes, beside LuaLaTeX's own log (``<name>.log``).
PASSES_SUFFIX = ".passes.txt"
#: What the last settled passes read, to tell an unchanged edition (no pass at all).
RECORD_SUFFIX = ".passes.json"


@dataclass
class PassesResult:
    returncode: int
    output: str  # the last pass's terminal output
    seconds: float
    passes: int = 0
    draft: bool = False  # the first pass was a draft (no .aux yet)
    early: bool = False  # the first pass began before Sphinx wrote the LaTeX file


class Pass(Protocol):
    """A LuaLaTeX pass begun before the LaTeX file was written (:mod:`.early_pass`)."""

    def finish(self, tex: Path) -> PassesResult | None:
        """The pass over ``tex``, or None when it cannot be one (then a pass runs anew)."""

    def discard(self) -> None:
        """Stop it: no pass is due, or not this one."""


def lualatex_env(epoch: str = "") -> dict[str, str]:
    """LuaLaTeX's environment: whole log lines, the publication's date."""
    # One unbroken line per log message, so a "Missing character" line can be read whole.
    env = {**os.environ, "max_print_line": "100000", "error_line": "254",
           "half_error_line": "238"}
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    if env.get("SOURCE_DATE_EPOCH"):
        # \today, \year and LuaTeX's own dates from the publication date, not the clock.
        env["FORCE_SOURCE_DATE"] = "1"
    return env


def run_passes(tex: Path, epoch: str = "", early: Pass | None = None) -> PassesResult:
    """As many LuaLaTeX passes over ``tex`` as its cross-references need (none when
    nothing the last ones read changed); ``early``, when given, is the first."""
    start = time.monotonic()
    tex = Path(tex)  # not a subclass (Sphinx's tests hand one whose replace is str's)
    draft, same = not tex.with_suffix(".aux").exists(), unchanged(tex)
    if early is not None and (draft or same):
        early.discard()
        early = None
    if same:
        return _account(tex, PassesResult(0, "", time.monotonic() - start))
    # A pass that fails may leave a PDF behind: the record must not vouch for it.
    _record_path(tex).unlink(missing_ok=True)
    env = lualatex_env(epoch)
    if draft:
        first = run_lualatex(tex, env, "--draftmode")
        if first.returncode != 0:  # its log says why
            return _account(tex, PassesResult(first.returncode, first.output,
                                              time.monotonic() - start, 1, True))
    done, passes, began_early = PassesResult(0, "", 0.0), int(draft), False
    for number in range(MAX_PASSES):
        before = auxiliaries(tex)
        adopted = early.finish(tex) if early is not None and number == 0 else None
        began_early = began_early or adopted is not None
        done = adopted or run_lualatex(tex, env)
        passes += 1
        if done.returncode != 0:
            break
        if settled(tex, before):
            record(tex)
            break
    return _account(tex, PassesResult(done.returncode, done.output, time.monotonic() - start,
                                      passes, draft, began_early))


def settled(tex: Path, before: Mapping[str, str]) -> bool:
    """The pass read what it wrote: no auxiliary file changed, nothing asks for a rerun."""
    log = tex.with_suffix(".log")
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return auxiliaries(tex) == before and RERUN.search(text) is None


def auxiliaries(tex: Path) -> dict[str, str]:
    """The digest of each file the passes write for the next pass to read."""
    return {path.name: digest(path.read_bytes()) for path in sorted(tex.parent.iterdir())
            if path.suffix in AUXILIARY_SUFFIXES and path.stem == tex.stem and path.is_file()}


def run_lualatex(tex: Path, env: Mapping[str, str], *extra: str) -> PassesResult:
    start = time.monotonic()
    command = ["lualatex", *extra, *OPTIONS, tex.name]
    try:
        done = subprocess.run(command, cwd=tex.parent, env=dict(env), capture_output=True,
                              text=True, errors="replace", timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout if isinstance(exc.stdout, str) else ""
        return PassesResult(-1, output + f"\nlualatex took over {TIMEOUT}s",
                            time.monotonic() - start, 1)
    return PassesResult(done.returncode, done.stdout + done.stderr, time.monotonic() - start,
                        1)


# --- what the last settled passes read ------------------------------------------------


def inputs_read(tex: Path) -> dict[str, str]:
    """What the last pass read, from its recorder file (.fls): the folder's files by
    their bytes, the installed ones (packages, fonts) by size and time. luaotfload's
    caches are left out: LuaLaTeX rewrites them whenever it runs, here or elsewhere,
    and a font's change is the build's input digest's concern."""
    fls = tex.with_suffix(".fls")
    seen: dict[str, str] = {}
    with contextlib.suppress(OSError):
        for line in fls.read_text(encoding="utf-8", errors="replace").splitlines():
            if not line.startswith("INPUT "):
                continue
            name = line[len("INPUT "):]
            path = Path(name)
            if name in seen or path.suffix == ".luc" or "luatex-cache" in path.parts:
                continue
            seen[name] = _identity(tex, name)
    return seen


def _identity(tex: Path, name: str) -> str:
    """A file the recorder names: one of the folder's (relative) by its bytes, an
    installed one (absolute) by size and time."""
    try:
        if os.path.isabs(name):
            return file_identity(name)
        return digest((tex.parent / name).read_bytes())
    except OSError:
        return "missing"


def _record_path(tex: Path) -> Path:
    return tex.with_name(tex.stem + RECORD_SUFFIX)


def record(tex: Path) -> None:
    """Remember what the settled passes read, beside the PDF they made."""
    data = {"inputs": inputs_read(tex)}
    with contextlib.suppress(OSError):
        atomic_write(_record_path(tex), json.dumps(data, sort_keys=True))


def unchanged(tex: Path) -> bool:
    """The last passes settled, their PDF is there (finished in place since), and
    nothing they read changed."""
    try:
        data = json.loads(_record_path(tex).read_text(encoding="utf-8"))
        if not tex.with_suffix(".pdf").exists():
            return False
        kept: dict[str, str] = data["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return bool(kept) and all(_identity(tex, name) == value for name, value in kept.items())


def _account(tex: Path, result: PassesResult) -> PassesResult:
    """The passes' count in ``<name>.passes.txt`` (the benchmark reads it)."""
    notes = [note for note, present in (("the first a draft", result.draft),
                                        ("the first begun early", result.early)) if present]
    with contextlib.suppress(OSError):
        tex.with_name(tex.stem + PASSES_SUFFIX).write_text(
            f"editions: {result.passes} LuaLaTeX pass(es){', ' if notes else ''}"
            f"{', '.join(notes)} in {result.seconds:.2f} s, exit {result.returncode}\n",
            encoding="utf-8")
    return result
