"""Notes stay intact: stable ids, localized numbers, and broken translations caught."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from editions.text.checks import check_footnotes
from tests.conftest import ROOTS

PO = "locale/fa/LC_MESSAGES/chapter.po"
GOOD = "تبریز شهری است.[^1] قدیمی است.[^2] باز هم تبریز.[^1]"
XREF = "متنی با یک یادداشت.[^26] نگاه کنید به {ref}`sec-label`."

# msgstr replacement, the line of that msgstr's entry, and what the warning says.
MUTATIONS = {
    "drop": (GOOD, "تبریز شهری است. قدیمی است.[^2] باز هم تبریز.[^1]", 14, "drops [^1]"),
    "add": (GOOD, GOOD + "[^26]", 14, "adds [^26]"),
    "duplicate": (GOOD, GOOD.replace("[^2]", "[^2][^2]"), 14, "adds [^2]"),
    "renumber": (GOOD, GOOD.replace("[^2]", "[^5]"), 14, "drops [^2] and adds [^5]"),
    "unclosed": (GOOD, GOOD.replace("[^2]", "[^2 "), 14, "drops [^2]"),
    "spaced": (GOOD, GOOD.replace("[^2]", "[ ^2]"), 14, "drops [^2]"),
    "persian digits": (GOOD, GOOD.replace("[^2]", "[^۲]"), 14, "drops [^2] and adds [^۲]"),
    "xref target": (XREF, XREF.replace("sec-label", "other-label"), 26,
                    "cross-reference target changed"),
}


def make_mutated_root(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "root"
    shutil.copytree(ROOTS / "test-basic", root)
    po = root / PO
    text = po.read_text(encoding="utf-8")
    assert f'msgstr "{old}"' in text
    po.write_text(text.replace(f'msgstr "{old}"', f'msgstr "{new}"'), encoding="utf-8")
    return root


def note_links(html: str) -> tuple[list[str], set[str]]:
    hrefs = re.findall(r'class="footnote-reference[^"]*" href="#(fn-[^"]+)"', html)
    ids = set(re.findall(r'id="(fn-[^"]+)"', html))
    return hrefs, ids


@pytest.mark.parametrize("name", MUTATIONS)
def test_broken_translation_warns_and_falls_back_to_source(
        name: str, tmp_path: Path, make_app: Callable[..., SphinxTestApp]) -> None:
    old, new, line, expected = MUTATIONS[name]
    root = make_mutated_root(tmp_path, old, new)
    app = make_app("html", srcdir=root, confoverrides={"language": "fa",
                                                       "html_theme": "alabaster"})
    app.build()
    warnings = app.warning.getvalue()
    assert f"{root / PO}:{line}: WARNING: " in warnings
    assert expected in warnings
    assert "[editions.footnote]" in warnings
    assert "the source text is used for this message" in warnings
    html = (app.outdir / "chapter.html").read_text(encoding="utf-8")
    hrefs, ids = note_links(html)
    # Every reference of the source is there and lands on its note.
    assert Counter(hrefs) == Counter({"fn-1": 2, "fn-2": 1, "fn-26": 1, "fn-3": 1, "fn-4": 1})
    assert set(hrefs) <= ids
    assert "problematic" not in html
    assert new not in html


def test_footnote_warning_can_be_suppressed(tmp_path: Path,
                                            make_app: Callable[..., SphinxTestApp]) -> None:
    old, new, _, _ = MUTATIONS["drop"]
    root = make_mutated_root(tmp_path, old, new)
    app = make_app("html", srcdir=root, confoverrides={
        "language": "fa", "html_theme": "alabaster", "suppress_warnings": ["editions.footnote"]})
    app.build()
    assert app.warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="basic", srcdir="notes-in-structures",
                    confoverrides={"language": "fa", "html_theme": "alabaster"})
def test_notes_in_tables_lists_and_translated_headings(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    html = (app.outdir / "chapter.html").read_text(encoding="utf-8")
    assert "یک بخش" in html
    hrefs, ids = note_links(html)
    assert {"fn-3", "fn-4"} <= set(hrefs) <= ids
    assert re.search(r'id="fnref-3"[^>]*>.*?۳', html, re.S)
    assert 'id="fnref-1-2"' in html
    assert 'href="#sec-label"' in html


REFS = ["[^1]", "[^2]", "[^26]", "[^1]"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["[^1]", "[^2]", "[^26]", "[^7]", "word", " "]), max_size=8),
       st.permutations(REFS))
def test_reference_parity_is_detected_exactly(extra: list[str], shuffled: list[str]) -> None:
    msgid = "a" + "b".join(REFS)
    msgstr = "".join(shuffled) + "".join(extra)
    same_refs = Counter(re.findall(r"\[\^[^\]]+\]", msgstr)) == Counter(REFS)
    # Order may change with the grammar; count and labels may not.
    assert (check_footnotes(msgid, msgstr) == []) == same_refs
