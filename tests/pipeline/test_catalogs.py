"""Catalogs in GNU gettext's own form: what msgcat writes, and no churn on update.

Every expectation here comes from GNU's tools themselves (msgcat, msgfilter,
msgattrib), run as a translator would run them, never from editions' own writer.
"""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editions.catalogs.checks import run_checks
from editions.catalogs.fmt import format_catalogs
from editions.catalogs.update import update_catalog, update_catalogs
from editions.cli import main
from editions.po import read_catalog, render_catalog
from editions.problems import Code
from editions.project import Project
from tests.publication import book

REPO = Path(__file__).resolve().parents[2]
CATALOGS = sorted((REPO / "locale").glob("*/LC_MESSAGES/*.po"))


def msgcat(data: bytes) -> bytes:
    """GNU msgcat's own rendering of a catalog, as a translator's tools write it."""
    proc = subprocess.run(["msgcat", "--force-po", "-"], input=data, capture_output=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


def copy_publication(dest: Path) -> Project:
    return Project.load(book.copy_publication(dest))


# --- the repository's catalogs ------------------------------------------------------


@pytest.mark.publication  # the real book's catalogs
@pytest.mark.parametrize("path", CATALOGS, ids=[p.relative_to(REPO).as_posix() for p in CATALOGS])
def test_every_catalog_in_locale_is_in_msgcats_form(path: Path) -> None:
    data = path.read_bytes()
    assert msgcat(data) == data, (f"{path.relative_to(REPO)} is not in GNU msgcat's form: "
                                  "run 'editions fmt' and commit the result")


@pytest.mark.publication  # the real book's catalogs
def test_the_repository_has_catalogs_to_check() -> None:
    assert len(CATALOGS) >= 18


# --- a hypothesis corpus: editions reads and writes back what msgcat writes ---------

LETTERS = ("abcxyzABC"  # Latin
           "əğıışçöüİƏ"  # Azerbaijani
           "абвгдёжзийЖЁЯ"  # Cyrillic
           "اآبپتثجچحخدرزژسشکگلمنوهیئ"  # Persian
           "\u200c"  # ZWNJ, inside Persian words
           "աբգդեզէըթՀԱՅ"  # Armenian
           "0123456789۰۱۲۳")
PUNCTUATION = ' ,.;:!?-–—/()«»“”’"\\[]^*'
words = st.text(alphabet=LETTERS, min_size=1, max_size=12)
long_words = st.text(alphabet=LETTERS + "-/", min_size=60, max_size=120)
separators = st.sampled_from([" ", " ", " ", "  ", "\n", " \n", "-", "/", ", ", "\u00a0"])


@st.composite
def texts(draw: st.DrawFn, min_words: int = 1) -> str:
    parts = draw(st.lists(st.one_of(words, words, words, long_words,
                                    st.text(alphabet=PUNCTUATION, min_size=1, max_size=3)),
                          min_size=min_words, max_size=40))
    text = ""
    for part in parts:
        text += part + draw(separators)
    return text.rstrip(" \u00a0\n") or "x"


# A comment ending in a backslash runs into the next line, in GNU's lexer as in C.
comments = st.text(alphabet=LETTERS + PUNCTUATION + " ~|:,.", max_size=90).map(str.rstrip) \
    .filter(lambda text: not text.endswith("\\"))


@st.composite
def entries(draw: st.DrawFn) -> list[dict[str, object]]:
    ids = draw(st.lists(texts(), min_size=1, max_size=8, unique=True))
    found = []
    for number, msgid in enumerate(ids):
        # GNU keeps an obsolete entry, and a fuzzy flag, only with a translation.
        obsolete = number > 0 and draw(st.integers(0, 4)) == 0
        msgstr = draw(texts() if obsolete else st.one_of(st.just(""), texts()))
        fuzzy = bool(msgstr) and draw(st.booleans())
        found.append({
            "msgid": msgid,
            "msgstr": msgstr,
            "comments": draw(st.lists(comments, max_size=3)),
            "fuzzy": fuzzy,
            "previous": draw(texts()) if fuzzy and draw(st.booleans()) else None,
            "obsolete": obsolete,
        })
    return found


def quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


HEADER = ('"Project-Id-Version: Test 1.0\\n"\n"Report-Msgid-Bugs-To: \\n"\n'
          '"POT-Creation-Date: 2026-11-25 15:29+0000\\n"\n'
          '"PO-Revision-Date: 2026-11-26 10:00+0330\\n"\n"Last-Translator: T <t@x.invalid>\\n"\n'
          '"Language: fa\\n"\n"Language-Team: Persian\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n"MIME-Version: 1.0\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
          '"X-Generator: Poedit 3.4.2\\n"\n')


def raw_catalog(found: list[dict[str, object]]) -> bytes:
    """The corpus as a translator's tool might save it: one line a string, unwrapped."""
    lines = ["# Persian translation of Test.", "#  kept as written", "#", 'msgid ""',
             'msgstr ""', HEADER]
    live = [e for e in found if not e["obsolete"]]
    dead = [e for e in found if e["obsolete"]]
    for entry in [*live, *dead]:
        prefix = "#~ " if entry["obsolete"] else ""
        lines += [f"# {c}" if c else "#" for c in entry["comments"]]  # type: ignore[attr-defined]
        lines += [] if entry["obsolete"] else ["#: source/chapter.md"]
        lines += ["#, fuzzy"] if entry["fuzzy"] else []
        if entry["previous"] is not None:
            lines.append(f"{'#~| ' if entry['obsolete'] else '#| '}msgid "
                         f"{quoted(str(entry['previous']))}")
        lines += [f"{prefix}msgid {quoted(str(entry['msgid']))}",
                  f"{prefix}msgstr {quoted(str(entry['msgstr']))}", ""]
    return "\n".join(lines).encode("utf-8")


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(found=entries())
def test_reading_and_writing_a_msgcat_catalog_changes_no_byte(
        found: list[dict[str, object]], tmp_path: Path) -> None:
    gnu = msgcat(raw_catalog(found))
    path = tmp_path / "chapter.po"
    path.write_bytes(gnu)
    catalog = read_catalog(path, "fa")
    # What GNU wrote is what editions read: strings, comments, previous msgids, obsolete.
    live = {str(m.id): m for m in catalog if m.id}
    dead = {str(m.id): m for m in catalog.obsolete.values()}
    for entry in found:
        message = (dead if entry["obsolete"] else live)[str(entry["msgid"])]
        assert message.string == entry["msgstr"]
        assert message.user_comments == entry["comments"]
        assert message.fuzzy == entry["fuzzy"]
        assert message.previous_id == ([entry["previous"]] if entry["previous"] else [])
    # ... and what editions writes is, byte for byte, what msgcat wrote.
    assert render_catalog(catalog) == gnu
    assert msgcat(render_catalog(catalog)) == render_catalog(catalog)


def test_a_catalog_editions_creates_is_in_msgcats_form(tmp_path: Path) -> None:
    template = Catalog(fuzzy=False)
    template.add("A sentence long enough to be wrapped by GNU gettext at its width of "
                 "seventy-nine columns, after a space.", locations=[("source/x.md", None)])
    template.add("Persian: کنسول\u200cگری. Line one\nline two \"quoted\"",
                 locations=[("source/x.md", None)])
    path = tmp_path / "x.po"
    assert update_catalog(template, path, "fa", "Test").written
    assert msgcat(path.read_bytes()) == path.read_bytes()
    assert b"#: source/x.md\n" in path.read_bytes()


def test_update_keeps_a_tools_header_and_comments_and_moves_only_the_template_date(
        tmp_path: Path) -> None:
    found = [{"msgid": "Kept paragraph.", "msgstr": "Абзац.", "comments": ["  indented note",
              "", "  indented note"], "fuzzy": False, "previous": None, "obsolete": False},
             {"msgid": "Old sentence.", "msgstr": "Старое.", "comments": [], "fuzzy": False,
              "previous": None, "obsolete": False}]
    path = tmp_path / "chapter.po"
    path.write_bytes(msgcat(raw_catalog(found)))
    before = path.read_bytes()
    # The same messages: not a byte written, whatever the tool put in the header.
    assert not update_catalog(template_of(["Kept paragraph.", "Old sentence."]), path, "fa",
                              "Test").written
    assert path.read_bytes() == before
    assert update_catalog(template_of(["Kept paragraph.", "New sentence."]), path, "fa",
                          "Test").written
    changed = changed_lines(before, path.read_bytes())
    dates = [line[:19] for line in changed if "Date" in line]
    assert dates == ['-"POT-Creation-Date', '+"POT-Creation-Date'], dates
    assert not [line for line in changed if line.startswith(('-"X-', '-"PO-Rev', '-"Last',
                                                             "-# Persian", "-#  kept"))]
    text = path.read_text(encoding="utf-8")
    assert '"X-Generator: Poedit 3.4.2\\n"' in text
    assert ("#   indented note\n#\n#   indented note\n#: source/chapter.md\n"
            'msgid "Kept paragraph."') in text
    assert msgcat(path.read_bytes()) == path.read_bytes()


def template_of(ids: list[str]) -> Catalog:
    template = Catalog(fuzzy=False)
    for msgid in ids:
        template.add(msgid, locations=[("source/chapter.md", None)])
    return template


# --- a translator's tool edits one msgstr: the diff is that msgstr ------------------


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(),
                                lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.mark.publication  # the real book's catalogs
def test_gnu_tools_change_only_the_msgstr_they_edit(tmp_path: Path) -> None:
    project = copy_publication(tmp_path / "pub")
    po = project.catalog_dir("ru") / "closing-remarks.po"
    before = po.read_bytes()
    catalog = read_catalog(po, "ru")
    target = next(m for m in catalog if m.id and m.string and "not far off" in str(m.id))
    old = str(target.string)
    new = old.replace("недалёк", "близок") if "недалёк" in old else old + " (правка)"
    # msgfilter runs a filter on every msgstr, as a scripted edit would; it saves in
    # GNU's form, as Poedit, Lokalize and Weblate (wrapping at 79) do.
    script = tmp_path / "edit.py"
    script.write_text("import sys\ntext = sys.stdin.read()\n"
                      f"sys.stdout.write({new!r} if text == {old!r} else text)\n",
                      encoding="utf-8")
    subprocess.run(["msgfilter", "--keep-header", "-i", str(po), "-o", str(po), "python3",
                    str(script)], check=True, capture_output=True)
    changed = changed_lines(before, po.read_bytes())
    assert changed, "the filter changed nothing"
    assert all(line[1:].startswith(('msgstr "', '"')) for line in changed), changed
    assert "".join(line[2:-1] for line in changed if line[0] == "+").replace('"', "") \
        .replace("msgstr ", "") in new.replace('"', "")
    # msgattrib marks it fuzzy: one line more, nothing rewrapped.
    edited = po.read_bytes()
    subprocess.run(["msgattrib", "--set-fuzzy", "--only-file=/dev/stdin", "-o", str(po),
                    str(po)], input=f'msgid {quoted(str(target.id))}\nmsgstr ""\n'.encode(),
                   check=True, capture_output=True)
    assert changed_lines(edited, po.read_bytes()) == ["+#, fuzzy"]
    # editions update leaves the translator's file as the tool saved it.
    saved = po.read_bytes()
    results = update_catalogs(project, ["ru"])
    assert not [r.domain for r in results if r.written and r.domain != "closing-remarks"]
    assert po.read_bytes() == saved
    assert not [p for p in run_checks(project, ["ru"]).problems
                if p.code == Code.NOT_CANONICAL]


# --- no churn: one paragraph edited, that chapter's catalogs change by that message -


@pytest.mark.publication  # the real book's catalogs
def test_one_paragraph_edit_changes_only_its_message_in_its_chapters_catalogs(
        tmp_path: Path) -> None:
    project = copy_publication(tmp_path / "pub")
    original = {p: p.read_bytes() for p in project.locale_dir.rglob("*.po")}
    # Older catalogs' references carry line numbers: a plain update leaves them alone.
    assert not any(r.written for r in update_catalogs(project))
    assert original == {p: p.read_bytes() for p in project.locale_dir.rglob("*.po")}
    update_catalogs(project, rewrite=True)  # once: references name the file, not the line
    before = {p: p.read_bytes() for p in project.locale_dir.rglob("*.po")}
    assert not any(r.written for r in update_catalogs(project))
    assert before == {p: p.read_bytes() for p in project.locale_dir.rglob("*.po")}

    chapter = project.srcdir / "second-karabakh-war.md"
    text = chapter.read_text(encoding="utf-8")
    old = "a group of South Azerbaijanis volunteered"
    assert old in text
    chapter.write_text(text.replace(old, "a group of South Azerbaijanis offered to volunteer"),
                       encoding="utf-8")
    results = update_catalogs(project)
    written = sorted(Path(r.path).relative_to(project.root).as_posix()
                     for r in results if r.written)
    assert written == [f"locale/{code}/LC_MESSAGES/second-karabakh-war.po"
                       for code in ("az", "fa", "ru")]
    for path, old_bytes in before.items():
        new_bytes = path.read_bytes()
        if "second-karabakh-war" not in path.name:
            assert new_bytes == old_bytes, f"{path} changed"
            continue
        changed = changed_lines(old_bytes, new_bytes)
        date = [line for line in changed if "POT-Creation-Date" in line]
        message = [line for line in changed if "POT-Creation-Date" not in line]
        # The template's date moves with the chapter's message (within a minute, it may
        # be the one the rewrite above wrote); the other chapters' dates stayed.
        assert len(date) in (0, 2), date
        # The edited msgid (its old text now the previous msgid, #|) and the fuzzy flag.
        assert "+#, fuzzy" in message
        assert any(line.startswith("+#| ") for line in message)
        assert all(line.startswith(("+#| ", '+"', '-"', "+#, fuzzy", "+msgid", "-msgid"))
                   for line in message), message
        assert "offered to volunteer" in "".join(message).replace('"\n"', "")
        assert msgcat(new_bytes) == new_bytes


# --- the command: check reports it, fmt fixes it --------------------------------------


@pytest.mark.publication  # the real book's catalogs
def test_check_reports_a_rewrapped_catalog_and_fmt_fixes_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_publication(tmp_path / "pub")
    po = project.catalog_dir("fa") / "background.po"
    canonical = po.read_bytes()
    # Babel's own form: width 76, the space starts the next line.
    subprocess.run(["msgcat", "--width=60", "-o", str(po), str(po)], check=True)
    assert po.read_bytes() != canonical
    assert main(["--project", str(project.root), "check", "--language", "fa"]) == 1
    out = capsys.readouterr().out
    assert "locale/fa/LC_MESSAGES/background.po:1: not-canonical" in out
    assert "editions fmt" in out
    results = format_catalogs(project, ["fa"])
    assert [Path(r.path).name for r in results if r.written] == ["background.po"]
    assert po.read_bytes() == canonical
    assert not [p for p in run_checks(project, ["fa"]).problems
                if p.code == Code.NOT_CANONICAL]
    assert main(["--project", str(project.root), "fmt"]) == 0
    assert po.read_bytes() == canonical
