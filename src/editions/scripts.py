"""Runs of another script: found once, marked in the doctree for every format.

A Latin title in a Persian note, or a Persian one in an English note, must keep
its brackets, quotation marks and full stop on the right side; the neutral
characters around a run take the page's direction unless the run is isolated.
``IsolateForeignRuns`` wraps each run in a :class:`foreign_text` node that
names its script, language and direction; each format writes it its own way:
LaTeX as ``\\foreignlanguage`` (``latex.py``), HTML and EPUB as an element with
``lang`` and ``dir`` (``html.py``), which isolates it without any CSS.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import footnotemark
from sphinx.transforms.post_transforms import SphinxPostTransform

from editions.languages import SCRIPT_DIRECTIONS, Language, run_language, script_of
from editions.settings import edition_language


class foreign_text(nodes.inline):  # type: ignore[misc]  # docutils has no type hints
    """A run of text in another language than the edition's.

    Attributes: ``script`` (ISO 15924), ``lang`` (the run's language code),
    ``direction`` (ltr or rtl), and ``whole`` when it holds all of its block.
    """


OPENERS = "([{“«‘‹„"
CLOSERS = ")]}”»’›“"
#: Sentence punctuation after a foreign word belongs to the sentence around it.
TERMINAL = ".,;:!?…،؛؟"


@dataclass
class Run:
    """Text ``[start, end)`` in ``script``, with the runs of other scripts inside it."""

    start: int
    end: int
    script: str
    inner: list[Run]


def direction_of(script: str) -> str:
    return SCRIPT_DIRECTIONS.get(script, "ltr")


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


# ---------------------------------------------------------------------------
# The doctree


#: Code, marks and what LaTeX reads verbatim: no language switch inside them.
SKIPPED = (nodes.literal, nodes.literal_block, nodes.doctest_block, nodes.math,
           nodes.math_block, nodes.raw, nodes.comment, nodes.label, nodes.footnote_reference,
           nodes.citation_reference, nodes.substitution_definition, footnotemark,
           addnodes.pending_xref)


def _is_block(node: nodes.Node) -> bool:
    return isinstance(node, nodes.TextElement) and not isinstance(node, nodes.Inline) \
        and not isinstance(node, SKIPPED)


def _texts(block: nodes.Element) -> list[nodes.Text]:
    """The text of a block itself: not of a block inside it, nor a note mark or code."""
    found: list[nodes.Text] = []
    for child in block.children:
        if isinstance(child, nodes.Text):
            found.append(child)
        elif isinstance(child, nodes.Element) and not isinstance(child, SKIPPED) \
                and not _is_block(child) and not isinstance(child, nodes.footnote):
            found.extend(_texts(child))
    return found


def wrapper(text: str, script: str, whole: bool = False) -> foreign_text:
    """The node for a run of ``script``; ``text`` is the run's, to tell its language."""
    attributes: dict[str, Any] = {"script": script, "lang": run_language(text, script),
                                  "direction": direction_of(script)}
    if whole:
        attributes["whole"] = True
    return foreign_text(**attributes)


class IsolateForeignRuns(SphinxPostTransform):
    """Wrap each run of another script in a node that names its language.

    A post-transform, so the doctree that is pickled stays as it is; priority
    590 runs long after Sphinx's Locale transform (20) has put the translation
    in place, and before LaTeXFootnoteTransform (600) moves each note into its
    paragraph, while notes are still blocks of their own.
    """

    default_priority = 590
    formats = ("latex", "html")

    def run(self, **kwargs: Any) -> None:
        lang = edition_language(self.config)
        for block in list(self.document.findall(_is_block)):
            assert isinstance(block, nodes.Element)
            texts = _texts(block)
            whole_text = "".join(t.astext() for t in texts)
            scripts = strong_scripts(whole_text)
            outer = lang.script
            if scripts and lang.direction not in {direction_of(s) for s in scripts}:
                # All in the other direction: one run for the whole block.
                first = scripts[0]
                whole = wrapper(whole_text, first, whole=True)
                whole.extend(block.children)
                block.children = []
                block += whole
                outer = first
            for text in texts:
                self._split(text, lang, outer)

    def _split(self, text: nodes.Text, lang: Language, outer: str) -> None:
        runs = find_runs(text.astext(), outer)
        if runs:
            parent = text.parent
            parent.replace(text, _build(text.astext(), 0, len(text.astext()), runs))


def _build(text: str, start: int, end: int, runs: list[Run]) -> list[nodes.Node]:
    built: list[nodes.Node] = []
    position = start
    for run in runs:
        if run.start > position:
            built.append(nodes.Text(text[position:run.start]))
        node = wrapper(text[run.start:run.end], run.script)
        node.extend(_build(text, run.start, run.end, run.inner))
        built.append(node)
        position = run.end
    if position < end:
        built.append(nodes.Text(text[position:end]))
    return built


# ---------------------------------------------------------------------------
# Text outside the doctree (a template's copyright line, a title)


def html_runs(text: str, lang: Language) -> str:
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
    if scripts and lang.direction not in {direction_of(s) for s in scripts}:
        # All in the other direction: one run, as IsolateForeignRuns makes of a block.
        whole = Run(0, len(text), scripts[0], find_runs(text, scripts[0]))
        return bdi(whole, write(0, len(text), whole.inner))
    return write(0, len(text), find_runs(text, lang.script))


def setup(app: Sphinx) -> dict[str, Any]:
    # Each format adds its own visitors (html.py, latex.py) with override=True.
    app.add_node(foreign_text)
    app.add_post_transform(IsolateForeignRuns)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
