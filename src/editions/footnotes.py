"""Notes: stable ``fn-<label>``/``fnref-<label>`` ids and numbers in the edition's digits."""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from editions.settings import edition_language

#: A MyST note reference in a message: ``[^26]``.
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")


def note_id(label: str) -> str:
    return f"fn-{label}"


def ref_id(label: str, occurrence: int) -> str:
    """The id of the n-th reference (from 1) to a note."""
    return f"fnref-{label}" if occurrence == 1 else f"fnref-{label}-{occurrence}"


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


def setup(app: Sphinx) -> None:
    app.add_transform(StableFootnoteIds)
