"""Font facts kept across builds by the identity of the font's file, not asked of LuaTeX
each build; a changed or missing font is asked again."""

from __future__ import annotations

from pathlib import Path

import pytest

from editions.cache import read_json, write_json
from editions.pipeline.tools import fonts
from editions.project import Project
from tests.pipeline.conftest import make_project


@pytest.fixture(autouse=True)
def machine_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("EDITIONS_CACHE_DIR", str(cache))
    fonts.babel_ini.cache_clear()
    return cache


def count_lookups(monkeypatch: pytest.MonkeyPatch, answer: bool | None = None) -> list[str]:
    """luaotfload's look-ups from now on (the real one, unless ``answer`` stands in)."""
    asked: list[str] = []
    real = fonts.font_installed

    def looking_up(font: str) -> bool:
        asked.append(font)
        return real(font) if answer is None else answer

    monkeypatch.setattr(fonts, "font_installed", looking_up)
    return asked


def test_a_second_build_starts_no_luatex_for_its_fonts(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    project = Project.load(make_project(tmp_path, "test-pdf-fa"))
    asked = count_lookups(monkeypatch)
    assert fonts.font_problems(project, ["fa"]) == {"fa": []}
    first = list(asked)
    assert "Noto Naskh Arabic" in first  # really asked luaotfload the first time
    fonts.babel_ini.cache_clear()  # a new build is a new process
    assert fonts.font_problems(project, ["fa"]) == {"fa": []}
    assert asked == first  # the second build asked nothing
    kept = read_json(fonts.FONT_CACHE)
    assert any(key.startswith("Noto Naskh Arabic|") for key in kept["luaotfload"])
    assert kept["babel"]  # kpsewhich's answers too, with the found file's identity


def test_a_changed_font_file_is_asked_about_again(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    font_file = tmp_path / "Sample-Regular.ttf"
    font_file.write_bytes(b"a font")
    monkeypatch.setattr(fonts, "font_file", lambda font: str(font_file))
    asked = count_lookups(monkeypatch, answer=True)
    assert fonts.fonts_installed(["Sample"]) == {"Sample": True}
    assert fonts.fonts_installed(["Sample"]) == {"Sample": True}
    assert asked == ["Sample"]
    font_file.write_bytes(b"another version of the font")  # reinstalled: size and time
    assert fonts.fonts_installed(["Sample"]) == {"Sample": True}
    assert asked == ["Sample", "Sample"]
    font_file.unlink()  # fontconfig now finds another file, or none
    assert fonts.fonts_installed(["Sample"]) == {"Sample": True}
    assert asked == ["Sample", "Sample", "Sample"]


def test_a_missing_font_is_asked_about_every_build(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    asked = count_lookups(monkeypatch)
    for _ in range(2):
        assert fonts.fonts_installed(["No Such Editions Font"]) == {
            "No Such Editions Font": False}
    assert asked == ["No Such Editions Font"] * 2
    assert not any(key.startswith("No Such") for key in
                   read_json(fonts.FONT_CACHE).get("luaotfload", {}))


def test_a_babel_file_that_moved_is_looked_up_again(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    found = fonts.babel_ini("fa")
    assert found and found.endswith("babel-fa.ini")
    stand_in = tmp_path / "babel-fa.ini"
    stand_in.write_text("% moved", encoding="utf-8")
    calls: list[str] = []

    def kpsewhich(tag: str) -> str:
        calls.append(tag)
        return str(stand_in)

    monkeypatch.setattr(fonts, "kpsewhich_babel_ini", kpsewhich)
    fonts.babel_ini.cache_clear()
    assert fonts.babel_ini("fa") == found and calls == []  # unchanged: kept
    cache = read_json(fonts.FONT_CACHE)
    cache["babel"]["fa"]["identity"] = "another file"  # as if TeX Live was updated
    write_json(fonts.FONT_CACHE, cache)
    fonts.babel_ini.cache_clear()
    assert fonts.babel_ini("fa") == str(stand_in) and calls == ["fa"]
