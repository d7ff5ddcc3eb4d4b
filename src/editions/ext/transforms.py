"""The doctree transforms: stable note ids, and runs of another script marked.

Each priority is placed against Sphinx's ``Locale`` transform (20), which puts
the translation in place: both run long after it, on the translated doctree.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import footnotemark
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import extract_messages

from editions.config import edition_language
from editions.ext.nodes import foreign_text
from editions.languages import Language
from editions.text.bidi import Run, find_runs, strong_scripts
from editions.text.notes import note_id, passage_id, ref_id
from editions.text.scripts import direction_of, run_language


def footnote_label(footnote: nodes.footnote) -> str:
    if footnote["names"]:
        return str(footnote["names"][0])
    return str(footnote.next_node(nodes.label).astext())


class StableFootnoteIds(SphinxTransform):
    """Name each note and reference by the note's label, the same in every edition.

    Docutils numbers ids (``id4``) in document order, so an added paragraph
    would shift them; labels survive.  Priority 630 runs after docutils'
    ``Footnotes`` (620) has linked every reference, and long after Sphinx's
    ``Locale`` (20) has put the translation in place.
    """

    default_priority = 630

    def apply(self, **kwargs: object) -> None:
        lang = edition_language(self.config)
        for footnote in list(self.document.findall(nodes.footnote)):
            label = footnote_label(footnote)
            old_ids = list(footnote["ids"])
            new_id = note_id(label)
            self._rename(footnote, old_ids, new_id)
            backrefs = []
            # A translated paragraph's references may still be linked by name.
            refs = [ref for ref in self.document.findall(nodes.footnote_reference)
                    if ref.get("refid") in old_ids or ref.get("refname") in footnote["names"]]
            for occurrence, ref in enumerate(refs, start=1):
                rid = ref_id(label, occurrence)
                self._rename(ref, list(ref["ids"]), rid)
                ref["refid"] = new_id
                ref.attributes.pop("refname", None)
                backrefs.append(rid)
                self._localize_number(ref, lang.number, label)
            footnote["backrefs"] = backrefs
            label_node = footnote.next_node(nodes.label)
            if label_node is not None:
                self._localize_number(label_node, lang.number, label)

    def _rename(self, node: nodes.Element, old_ids: list[str], new_id: str) -> None:
        for old in old_ids:
            self.document.ids.pop(old, None)
        node["ids"] = [new_id]
        self.document.ids[new_id] = node
        for name in node.get("names", []):
            if self.document.nameids.get(name) in old_ids:
                self.document.nameids[name] = new_id

    @staticmethod
    def _localize_number(node: nodes.Element, number: object, label: str) -> None:
        if label.isdigit() and callable(number):
            node.children = []
            node += nodes.Text(number(int(label)))



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


class StablePassageIds(SphinxTransform):
    """Give every paragraph, heading, caption and list item an id from its source
    message (``p-`` and 10 hex digits of its hash), the same in every edition.

    Priority 15: after Sphinx's ``PreserveTranslatableMessages`` (10) and before
    ``Locale`` (20), so the message is still the source text in every edition;
    ``Locale`` replaces a node's children, never the node, so the id stays.
    Notes are left out: they have their ``fn-<label>`` ids.
    """

    default_priority = 15

    def apply(self, **kwargs: Any) -> None:
        seen: dict[str, int] = {}
        for node, message in extract_messages(self.document):
            if not isinstance(node, PASSAGES) or _in_note(node):
                continue
            passage = passage_id(message)
            seen[passage] = seen.get(passage, 0) + 1
            if seen[passage] > 1:  # the same sentence twice in a chapter: in order
                passage = f"{passage}-{seen[passage]}"
            # A caption's id goes on its figure: the HTML writers repeat a caption's ids.
            target = node.parent if isinstance(node, nodes.caption) else node
            target["ids"].insert(0, passage)
            self.document.ids[passage] = target


#: The blocks a reader can be "at": the parallel view aligns them, the switcher keeps them.
PASSAGES = (nodes.paragraph, nodes.title, nodes.caption, nodes.term, nodes.rubric,
            nodes.line)


def _in_note(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.footnote):
            return True
        parent = parent.parent
    return False
