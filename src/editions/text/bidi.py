"""Runs of another script in a text: where each begins and ends.

A Latin title in a Persian note, or a Persian one in an English note, must keep
its brackets, quotation marks and full stop on the right side; the neutral
characters around a run take the page's direction unless the run is isolated.
``find_runs`` finds the runs; ``editions.ext.transforms.IsolateForeignRuns``
marks them in the doctree and each format writes them its own way.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from editions.text.scripts import (
    SCRIPT_DIRECTIONS,
    Direction,
    direction_of,
    run_language,
    script_of,
)

OPENERS = "([{“«‘‹„"
CLOSERS = ")]}”»’›“"
#: Sentence punctuation after a foreign word belongs to the sentence around it; an
#: exclamation or question mark is the title's own ("… از خاک ایران! / iribnews.ir").
TERMINAL = ".,;:…،؛"
#: Quotation marks around a whole run of the other direction are the page's: an English
#: note quotes a Persian title with its own “ ”, which inside the Persian run would
#: show turned about (”…“).
QUOTES = "“”«»‘’‹›„"


@dataclass
class Run:
    """Text ``[start, end)`` in ``script``, with the runs of other scripts inside it."""

    start: int
    end: int
    script: str
    inner: list[Run]


def strong_scripts(text: str) -> list[str]:
    """The script of each letter of ``text`` that has a direction of its own."""
    return [s for c in text if (s := script_of(c)) is not None and s in SCRIPT_DIRECTIONS]


def find_runs(text: str, outer: str) -> list[Run]:
    """The runs of ``text`` in scripts other than ``outer`` (the script around it).

    A run of the other direction spans every word of it, with the brackets,
    quotation marks and digits attached to them, but not a bracket opened
    outside it nor a full stop that ends the sentence around it: that is what
    keeps each in its place once the run is set in its own direction.  A run
    of the same direction only changes the language (hyphenation, font).
    """
    strong = [(i, s) for i, c in enumerate(text)
              if (s := script_of(c)) is not None and s in SCRIPT_DIRECTIONS]
    groups: list[list[tuple[int, str]]] = []
    key_of_last: object = None
    for index, script in strong:
        if script == outer:
            key_of_last = None
            continue
        key = "isolate" if direction_of(script) != direction_of(outer) else script
        if key != key_of_last or not groups:
            groups.append([])
        groups[-1].append((index, script))
        key_of_last = key
    pairs = _bracket_pairs(text)
    runs = []
    for group in groups:
        start, end, script = group[0][0], group[-1][0] + 1, group[0][1]
        start, end = _extend(text, start, end, pairs)
        if direction_of(script) != direction_of(outer):
            start, end = _unquote(text, start, end, pairs)
        inner = find_runs(text[start:end], script)
        runs.append(Run(start, end, script, [_shift(r, start) for r in inner]))
    return runs


def _shift(run: Run, offset: int) -> Run:
    return Run(run.start + offset, run.end + offset, run.script,
               [_shift(r, offset) for r in run.inner])


def _bracket_pairs(text: str) -> dict[int, int]:
    """Each bracket or quotation mark's partner, both ways."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, char in enumerate(text):
        if char in CLOSERS and stack and OPENERS.index(text[stack[-1]]) == CLOSERS.index(char):
            opener = stack.pop()
            pairs[opener], pairs[i] = i, opener
        elif char in OPENERS:
            stack.append(i)
    return pairs


def _extend(text: str, start: int, end: int, pairs: dict[int, int]) -> tuple[int, int]:
    """Widen a run to its first and last words' attached signs, then give back the
    brackets opened outside it and the sentence's closing punctuation."""
    while start > 0 and not text[start - 1].isspace() and script_of(text[start - 1]) is None:
        start -= 1
    while end < len(text) and not text[end].isspace() and script_of(text[end]) is None:
        end += 1
    changed = True
    while changed and start < end:
        changed = False
        closed_outside = start in pairs and not start < pairs[start] < end
        if text[start] in OPENERS and closed_outside:
            start, changed = start + 1, True
        last = end - 1
        opened_outside = last in pairs and not start <= pairs[last] < end
        if (text[last] in CLOSERS and opened_outside) or text[last] in TERMINAL:
            end, changed = last, True
    return start, end


def _unquote(text: str, start: int, end: int, pairs: dict[int, int]) -> tuple[int, int]:
    """Give the quotation marks that enclose a whole run back to the text around it."""
    while (end - start > 2 and text[start] in QUOTES and pairs.get(start) == end - 1):
        start, end = start + 1, end - 1
    return start, end


# ---------------------------------------------------------------------------
# Text outside the doctree (a template's copyright line, a title)


def html_runs(text: str, script: str, direction: Direction) -> str:
    """``text`` escaped for HTML, each run of another script in a ``<bdi lang dir>``."""

    def write(start: int, end: int, runs: list[Run]) -> str:
        parts, position = [], start
        for run in runs:
            parts.append(html.escape(text[position:run.start]))
            parts.append(bdi(run, write(run.start, run.end, run.inner)))
            position = run.end
        parts.append(html.escape(text[position:end]))
        return "".join(parts)

    def bdi(run: Run, inside: str) -> str:
        code = run_language(text[run.start:run.end], run.script)
        return f'<bdi lang="{code}" dir="{direction_of(run.script)}">{inside}</bdi>'

    scripts = strong_scripts(text)
    if scripts and direction not in {direction_of(s) for s in scripts}:
        # All in the other direction: one run, as IsolateForeignRuns makes of a block.
        whole = Run(0, len(text), scripts[0], find_runs(text, scripts[0]))
        return bdi(whole, write(0, len(text), whole.inner))
    return write(0, len(text), find_runs(text, script))
