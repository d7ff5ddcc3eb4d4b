"""Any language from conf.py alone: the ar, hy and tr sample roots through ``editions build``.

Each root (tests/roots/test-<code>) is a tiny publication whose conf.py names the
language and nothing else about it (ar only chooses CLDR's Arabic-Indic digits).
The expectations here are written out, not derived from editions' own tables, so
that a wrong fact in CLDR's reading fails them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from editions.ext.latex_language import edition_tags
from editions.languages import UnknownLanguageError, get_language, localize_digits
from editions.pipeline.tools.fonts import babel_ini, babel_problems, font_problem
from editions.text.folding import ARABIC, PERSIAN, PLAIN, TURKISH, folding_for

ROOTS = Path(__file__).resolve().parent.parent / "roots"


@dataclass(frozen=True)
class Expected:
    direction: str
    ten: str  # note 10's number as the reader sees it
    font: str  # the family the edition's own text is set in (PDF font name)
    word: str  # a word of the translation, found in every format
    autonym: str


EXPECTED = {
    "ar": Expected("rtl", "١٠", "NotoNaskhArabic", "الجسر", "العربية"),
    "hy": Expected("ltr", "10", "NotoSerifArmenian", "կամուրջը", "Հայերեն"),
    "tr": Expected("ltr", "10", "NotoSerif", "köprü", "Türkçe"),
}


@dataclass(frozen=True)
class Built:
    code: str
    root: Path
    report: dict[str, Any]

    @property
    def site(self) -> Path:
        return self.root / "_build" / "site" / self.code

    @property
    def work(self) -> Path:
        return self.root / "_build" / "work" / self.code


def editions(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "editions.cli", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=900, check=False)


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    code = request.param
    root = tmp_path_factory.mktemp(code) / "publication"
    shutil.copytree(ROOTS / f"test-{code}", root)
    done = editions(root, "build", "--json", "--jobs", "2")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    return Built(code, root, json.loads(done.stdout))


def test_every_format_of_every_edition_builds_without_a_problem(built: Built) -> None:
    results = {(r["language"], r["format"]): r for r in built.report["results"]}
    assert set(results) == {(c, f) for c in ("en", built.code) for f in ("html", "pdf", "epub")}
    for key, result in results.items():
        # The EPUB's problems include every EPUBCheck message: none is allowed.
        assert result["status"] == "ok" and result["problems"] == [], (key, result)


def test_html_pages_carry_the_language_and_its_direction(built: Built) -> None:
    expected = EXPECTED[built.code]
    pages = sorted(built.site.glob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        tag = re.search(r"<html[^>]*>", html)
        assert tag, page
        assert f'lang="{built.code}"' in tag[0] and f'dir="{expected.direction}"' in tag[0], page
    chapter = (built.site / "bridge.html").read_text(encoding="utf-8")
    assert expected.word in chapter


def shown(markup: str) -> str:
    """The text a reader sees: no tags, brackets or invisible format characters."""
    text = re.sub(r"<[^>]+>|[\[\]]", "", markup)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def test_note_numbers_use_the_editions_digits(built: Built) -> None:
    ten = EXPECTED[built.code].ten
    chapter = (built.site / "bridge.html").read_text(encoding="utf-8")
    reference = re.search(r'id="fnref-10"[^>]*>(.*?)</a>', chapter)
    assert reference, "note 10's reference"
    assert shown(reference[1]) == ten
    with zipfile.ZipFile(built.site / "rivers.epub") as book:
        xhtml = book.read("bridge.xhtml").decode("utf-8")
    reference = re.search(r'id="fnref-10"[^>]*>(.*?)</a>', xhtml)
    assert reference and shown(reference[1]) == ten


def test_pdf_has_every_glyph_and_embeds_the_scripts_font(built: Built) -> None:
    expected = EXPECTED[built.code]
    log = (built.work / "latex" / "rivers.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
    pdf = built.site / "rivers.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts, "pdffonts lists the PDF's fonts"
    names = {line.split()[0].split("+", 1)[-1] for line in fonts}
    assert f"{expected.font}-Regular" in names, names
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert expected.word in text


def test_epub_package_names_the_language_and_its_reading_direction(built: Built) -> None:
    expected = EXPECTED[built.code]
    with zipfile.ZipFile(built.site / "rivers.epub") as book:
        package = book.read("content.opf").decode("utf-8")
        chapter = book.read("bridge.xhtml").decode("utf-8")
    assert f"<dc:language>{built.code}</dc:language>" in package
    assert f'page-progression-direction="{expected.direction}"' in package
    assert expected.word in chapter


def test_editions_json_names_the_edition_by_its_autonym(built: Built) -> None:
    manifest = json.loads((built.root / "_build" / "site" / "editions.json").read_text())
    (edition,) = [e for e in manifest["editions"] if e["language"] == built.code]
    expected = EXPECTED[built.code]
    assert (edition["name"], edition["direction"]) == (expected.autonym, expected.direction)
    # Every message of the sample is translated, after its template was made.
    assert edition["translation"]["state"] == "complete"


# --- the facts, without a build --------------------------------------------------------


@pytest.mark.parametrize(("code", "direction", "script", "digits", "autonym", "tag"), [
    ("tr", "ltr", "Latn", "latn", "Türkçe", "tr"),
    ("hy", "ltr", "Armn", "latn", "Հայերեն", "hy"),
    ("ar", "rtl", "Arab", "latn", "العربية", "ar"),
    ("fa", "rtl", "Arab", "arabext", "فارسی", "fa"),
    ("az", "ltr", "Latn", "latn", "Azərbaycanca", "az"),  # the publication's preference
    ("ru", "ltr", "Cyrl", "latn", "Русский", "ru"),
    ("ka", "ltr", "Geor", "latn", "ქართული", "ka"),  # Mtavruli is no capital
    ("bn", "ltr", "Beng", "beng", "বাংলা", "bn"),
])
def test_cldr_gives_each_languages_facts(code: str, direction: str, script: str, digits: str,
                                         autonym: str, tag: str) -> None:
    lang = get_language(code)
    assert (lang.direction, lang.script, lang.digits, lang.autonym, lang.latex_tag) == \
        (direction, script, digits, autonym, tag)


def test_digits_of_unicodes_numbering_systems() -> None:
    assert localize_digits("2020", "arab") == "٢٠٢٠"
    assert localize_digits("2020", "arabext") == "۲۰۲۰"
    assert localize_digits("1954", "deva") == "१९५४"
    assert localize_digits("10", "hanidec") == "一〇"
    assert get_language("bn").number(1887) == "১৮৮৭"
    assert get_language("ar", {"digits": "arab"}).number(10) == "١٠"


def test_an_override_wins_over_cldr() -> None:
    lang = get_language("tr", {"autonym": "Türkçe (TR)", "fonts": {"Latn": "DejaVu Serif"}})
    assert lang.autonym == "Türkçe (TR)" and lang.font_for("Latn") == "DejaVu Serif"
    assert lang.font_for("Arab") == "Noto Naskh Arabic"


@pytest.mark.parametrize(("code", "overrides", "says"), [
    ("xx", None, "editions_language_overrides = {'xx': {'babel_locale'"),
    ("ar", {"digits": "roman"}, "{'ar': {'digits': 'latn'}}"),
    ("tr", {"dir": "rtl"}, "'dir', which is no language fact"),
    ("tr", {"fonts": "Noto"}, "['fonts'] must be {'Arab': 'Noto Naskh Arabic'}"),
    ("tr", {"script": "Zzzz"}, "{'tr': {'fonts': {'Zzzz':"),
])
def test_a_language_editions_cannot_describe_says_what_to_put_in_conf_py(
        code: str, overrides: dict[str, Any] | None, says: str) -> None:
    with pytest.raises(UnknownLanguageError) as error:
        get_language(code, overrides)
    message = str(error.value)
    assert says in message and "\n" not in message


def test_a_language_unknown_to_cldr_builds_from_its_overrides() -> None:
    lang = get_language("xx", {"babel_locale": "en", "autonym": "Xx", "script": "Latn",
                               "direction": "ltr", "digits": "latn", "latex_tag": "en"})
    assert (lang.autonym, lang.babel_locale, lang.latex_tag) == ("Xx", "en", "en")


def test_folding_by_language_then_script() -> None:
    assert folding_for("fa", "Arab") is PERSIAN
    assert folding_for("ar", "Arab") is ARABIC and folding_for("ur", "Arab") is ARABIC
    assert folding_for("tr", "Latn") is TURKISH and folding_for("tr_TR", "Latn") is TURKISH
    assert folding_for("hy", "Armn") is PLAIN
    assert ARABIC.fold("أَحْمَد") == ARABIC.fold("احمد")
    assert ARABIC.fold("مدرسة") == ARABIC.fold("مدرسه")
    assert TURKISH.fold("İSTANBUL IŞIK") == "istanbul ışık"
    assert folding_for("el", "Grek").fold("Ελληνικά") == folding_for("el", "Grek").fold("ελληνικα")


def test_a_language_latex_babel_cannot_set_fails_its_pdf_alone(tmp_path: Path) -> None:
    root = tmp_path / "publication"
    shutil.copytree(ROOTS / "test-tr", root)
    conf = root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8")
                    + 'editions_language_overrides = {"tr": {"latex_tag": "tr-Zzzz"}}\n',
                    encoding="utf-8")
    done = editions(root, "build", "--json", "--format", "html,pdf")
    assert done.returncode == 1, done.stderr[-2000:]
    results = {(r["language"], r["format"]): r for r in json.loads(done.stdout)["results"]}
    assert {k: r["status"] for k, r in results.items()} == {
        ("en", "html"): "ok", ("en", "pdf"): "ok", ("tr", "html"): "ok", ("tr", "pdf"): "failed"}
    (problem,) = results["tr", "pdf"]["problems"]
    # babel has tr's own ini: the message offers it.
    assert "babel-tr-Zzzz.ini" in problem and "'latex_tag': 'tr'" in problem
    assert "editions_language_overrides" in problem


def test_the_pipeline_finds_every_ini_a_real_language_needs() -> None:
    # TeX Live answers (scripts/install-system.sh installs it): no kpsewhich, no pass.
    assert str(babel_ini("tr")).endswith("/babel-tr.ini")
    assert babel_ini("tr-Zzzz") == ""
    for code in ("ar", "hy", "tr", "fa", "az", "ru", "en"):
        lang = get_language(code)
        assert babel_problems(lang) == [], code
        assert edition_tags(lang)[0] == code


def test_a_missing_font_names_the_debian_package_of_its_script() -> None:
    zh = get_language("zh")
    message = font_problem(zh, "Noto Serif CJK SC")
    assert "fonts-noto-cjk" in message and "Han" in message
    message = font_problem(get_language("tr", {"fonts": {"Latn": "Missing Serif"}}),
                           "Missing Serif")
    assert "fonts-noto-core" in message and "editions_language_overrides" in message
