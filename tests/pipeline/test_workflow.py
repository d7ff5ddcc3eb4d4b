"""The translator's workflow: update without loss, honest stats, checks, live preview."""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editions.catalogs.checks import run_checks
from editions.catalogs.stats import catalog_stats
from editions.catalogs.update import update_catalog, update_catalogs
from editions.cli import main
from editions.po import read_catalog
from editions.project import Project
from tests.conftest import edit_message
from tests.pipeline.conftest import copy_sample_publication

# --- update: no translation is ever lost -----------------------------------

words = st.text(alphabet="abcdefgh ", min_size=3, max_size=12).map(str.strip).filter(bool)


def template_of(ids: list[str]) -> Catalog:
    template = Catalog(fuzzy=False)
    for number, msgid in enumerate(ids, 1):
        template.add(msgid, locations=[("source/ch.md", number)])
    return template


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=st.lists(words, min_size=1, max_size=8, unique=True),
       new=st.lists(words, min_size=0, max_size=8, unique=True),
       data=st.data())
def test_update_never_loses_a_translation(old: list[str], new: list[str], data: st.DataObject,
                                          tmp_path: Path) -> None:
    po = tmp_path / f"{abs(hash((tuple(old), tuple(new))))}.po"
    po.unlink(missing_ok=True)
    update_catalog(template_of(old), po, "fa", "T")
    catalog = read_catalog(po, "fa")
    translations = {}
    for msgid in old:
        if data.draw(st.booleans()):
            translations[msgid] = f"ترجمه {msgid}"
            catalog[msgid].string = translations[msgid]
            if data.draw(st.booleans()):
                catalog[msgid].user_comments = ["translator note"]
    from editions.po import render_catalog, write_if_changed
    write_if_changed(po, render_catalog(catalog))

    update_catalog(template_of(new), po, "fa", "T")
    merged = read_catalog(po, "fa")
    for msgid, string in translations.items():
        live = [m for m in merged if m.id and m.string == string]
        obsolete = [m for m in merged.obsolete.values() if m.string == string]
        assert live or obsolete, f"translation of {msgid!r} lost"
        if msgid in new:
            assert merged[msgid].string == string and not merged[msgid].fuzzy
        for message in live:
            if message.id != msgid:
                assert message.fuzzy and message.previous_id == [msgid]
    # Idempotent: the same template again changes no byte.
    before = po.read_bytes()
    assert not update_catalog(template_of(new), po, "fa", "T").written
    assert po.read_bytes() == before


@pytest.fixture
def publication(tmp_path: Path) -> Project:
    return Project.load(copy_sample_publication(tmp_path / "pub"))


def test_update_twice_changes_no_byte(publication: Project) -> None:
    update_catalogs(publication)
    snapshot = {p: p.read_bytes() for p in publication.locale_dir.rglob("*.po")}
    results = update_catalogs(publication)
    assert not any(r.written for r in results)
    assert snapshot == {p: p.read_bytes() for p in publication.locale_dir.rglob("*.po")}


def test_edited_paragraph_becomes_exactly_one_fuzzy_message(publication: Project) -> None:
    update_catalogs(publication)

    def translated(message: Any) -> None:
        message.string = message.string or "translated"
        message.flags.discard("fuzzy")

    for lang in ("az", "fa", "ru"):  # a translated message, whatever the catalogs hold now
        edit_message(publication.catalog_dir(lang) / "closing-remarks.po", lang,
                     "That day is not far off.", translated)
    chapter = publication.srcdir / "closing-remarks.md"
    text = chapter.read_text(encoding="utf-8")
    old = "That day is not far off."
    chapter.write_text(text.replace(old, "That day is not far away."), encoding="utf-8")
    update_catalogs(publication)
    for lang in ("az", "fa", "ru"):
        catalog = read_catalog(publication.catalog_dir(lang) / "closing-remarks.po", lang)
        fuzzy = [m for m in catalog if m.id and m.fuzzy]
        assert len(fuzzy) == 1
        assert "not far away" in fuzzy[0].id and "not far off" in str(fuzzy[0].previous_id)
        po_text = (publication.catalog_dir(lang) / "closing-remarks.po").read_text()
        assert "#| msgid" in po_text
        stats = catalog_stats(publication.catalog_dir(lang) / "closing-remarks.po", lang)
        assert stats.fuzzy == 1
    report = run_checks(publication, ["fa"])
    fuzzy_problems = [p for p in report.problems if p.code == "fuzzy"]
    assert len(fuzzy_problems) == 1
    assert fuzzy_problems[0].path == "locale/fa/LC_MESSAGES/closing-remarks.po"


# --- stats agree with msgfmt --statistics ----------------------------------


def msgfmt_statistics(path: Path) -> tuple[int, int, int]:
    out = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
                         capture_output=True, text=True, check=True).stderr
    def number(pattern: str) -> int:
        match = re.search(r"(\d+) " + pattern, out)
        return int(match.group(1)) if match else 0
    return (number("translated"), number("fuzzy"), number("untranslated"))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(st.tuples(words, st.sampled_from(["", "ok", "fuzzy"])), min_size=1,
                        max_size=10, unique_by=lambda t: t[0]))
def test_stats_agree_with_msgfmt_on_generated_catalogs(entries: list[tuple[str, str]],
                                                        tmp_path: Path) -> None:
    catalog = Catalog(locale="ru", fuzzy=False)
    for msgid, state in entries:
        catalog.add(msgid, "" if not state else f"перевод {msgid}",
                    flags=["fuzzy"] if state == "fuzzy" else [])
    from editions.po import render_catalog
    po = tmp_path / "gen.po"
    po.write_bytes(render_catalog(catalog))
    stats = catalog_stats(po, "ru")
    assert (stats.translated, stats.fuzzy, stats.untranslated) == msgfmt_statistics(po)
    # Fuzzy words count as not translated.
    assert stats.words_translated == sum(len(m.split()) for m, s in entries if s == "ok")


# --- checks: every planted problem with its file and line --------------------

def test_the_sample_publication_passes_its_checks(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The baseline the planted problems below are told apart from."""
    root = copy_sample_publication(tmp_path / "pub")
    assert main(["--project", str(root), "check"]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out


BAD_MSGSTRS = {
    "raw-html": "<script>alert(1)</script>متن",
    "directive": "```{raw} html\n<b>x</b>\n```",
    "bidi-control": "متن\u202eوارونه",
    "invisible": "متن\u200bپنهان",
    "footnote": "متن بی‌یادداشت",
    "markup": "متن با *تأکید",
}


@pytest.mark.parametrize("code", BAD_MSGSTRS)
def test_check_reports_planted_problem_with_file_and_line(code: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    root = copy_sample_publication(tmp_path / "pub")
    po = root / "locale/fa/LC_MESSAGES/closing-remarks.po"
    # Keep the note reference, except where the missing reference is the problem.
    msgstr = BAD_MSGSTRS[code] + ("" if code == "footnote" else "[^86]")
    target: Any = edit_message(po, "fa", "[^86]", lambda m: setattr(m, "string", msgstr))
    line = read_catalog(po, "fa")[target.id].lineno
    assert main(["--project", str(root), "check", "--language", "fa"]) == 1
    out = capsys.readouterr().out
    assert f"locale/fa/LC_MESSAGES/closing-remarks.po:{line}: {code}:" in out
    assert "→ " in out


def test_check_passes_msgfmt_findings_through(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_sample_publication(tmp_path / "pub")
    po = root / "locale/ru/LC_MESSAGES/index.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(re.sub(r'"Language: ru\\n"\n', "", text), encoding="utf-8")
    assert main(["--project", str(root), "check", "--language", "ru", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    # GNU msgfmt's own finding, at the header's line (not "msgfmt is not installed").
    found = [(p["path"], p["line"], p["message"]) for p in report["problems"]
             if p["code"] == "msgfmt"]
    assert found == [("locale/ru/LC_MESSAGES/index.po", 4,
                      "warning: header field 'Language' missing in header")], found


# --- live preview -------------------------------------------------------------


def test_preview_rebuilds_after_a_po_edit(tmp_path: Path) -> None:
    from editions.pipeline.serve import start_preview

    project = Project.load(copy_sample_publication(tmp_path / "pub"))
    server, preview = start_preview(project, "fa", port=0)
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        base = f"http://127.0.0.1:{port}"
        status = json.loads(urllib.request.urlopen(f"{base}/__editions__/status").read())
        version = status["version"]
        edit_message(project.catalog_dir("fa") / "closing-remarks.po", "fa",
                     "That day is not far off",
                     lambda m: setattr(m, "string", "پیش‌نمایش زنده کار می‌کند."))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            status = json.loads(urllib.request.urlopen(f"{base}/__editions__/status").read())
            if status["version"] > version:
                break
            time.sleep(0.3)
        assert status["version"] > version, "the preview did not rebuild within 90 s"
        page = urllib.request.urlopen(f"{base}/fa/closing-remarks.html").read().decode()
        assert "پیش‌نمایش زنده کار می‌کند." in page
        assert "/__editions__/status" in page  # the reload script
    finally:
        preview.stop()
        server.shutdown()


def test_stats_command_counts_fuzzy_as_not_translated(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    root = copy_sample_publication(tmp_path / "pub")
    message: Any = edit_message(root / "locale/fa/LC_MESSAGES/closing-remarks.po", "fa",
                                "That day is not far off", lambda m: m.flags.add("fuzzy"))
    assert main(["--project", str(root), "stats", "--language", "fa", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    total = data["languages"][0]
    chapter = next(c for c in data["chapters"] if c["domain"] == "closing-remarks")
    assert (chapter["fuzzy"], total["fuzzy"]) == (1, 1)
    words = len(re.findall(r"\w+", str(message.id)))
    assert total["words_translated"] == total["words_total"] - words
    assert total["percent"] < 100
    assert main(["--project", str(root), "stats", "--language", "fa"]) == 0
    assert "fa   (all)" in capsys.readouterr().out
