"""Note ids: ``fn-<label>`` and ``fnref-<label>``, the same in every edition and format."""

from __future__ import annotations

import hashlib
import re

#: A MyST note reference in a message: ``[^26]``.
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")

NOTE_PREFIX = "fn-"


def note_id(label: str) -> str:
    return f"{NOTE_PREFIX}{label}"


def ref_id(label: str, occurrence: int) -> str:
    """The id of the n-th reference (from 1) to a note."""
    return f"fnref-{label}" if occurrence == 1 else f"fnref-{label}-{occurrence}"


def label_of(node_id: str) -> str | None:
    """The label of a note id (``fn-26`` → ``26``), or None for another id."""
    return node_id.removeprefix(NOTE_PREFIX) if node_id.startswith(NOTE_PREFIX) else None


def passage_id(message: str) -> str:
    """A passage's id from its source message: the same in every edition, and it
    moves with the passage, not with its position."""
    return "p-" + hashlib.sha1(message.encode("utf-8")).hexdigest()[:10]
