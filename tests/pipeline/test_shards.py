"""Shards built apart (one CI job each) assemble into one site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from editions.cli import main
from tests.pipeline.conftest import copy_sample_publication

BASENAME = "sample-publication"


def manifest(site: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((site / "editions.json").read_text(encoding="utf-8"))
    return {e["language"]: e for e in data["editions"]}


def test_shards_built_apart_assemble_into_one_site(tmp_path: Path) -> None:
    root = copy_sample_publication(tmp_path / "pub")
    html, epub, site = tmp_path / "shard-html", tmp_path / "shard-epub", tmp_path / "site"
    assert main(["--project", str(root), "build", "-l", "en", "-f", "html",
                 "--out", str(html)]) == 0
    assert main(["--project", str(root), "build", "-l", "en", "-f", "epub",
                 "--out", str(epub)]) == 0
    # The EPUB was written from the doctrees the HTML build read: nothing read again.
    assert "0 added, 0 changed, 0 removed" in (root / "_build/work/en/epub.log").read_text()
    partial = manifest(html)
    assert list(partial) == ["en"] and list(partial["en"]["formats"]) == ["html"]
    assert not (root / "_build/site").exists()

    assert main(["--project", str(root), "assemble", str(html), str(epub),
                 "--out", str(site)]) == 0
    editions = manifest(site)
    assert set(editions) == {"az", "en", "fa", "ru"}
    en = editions["en"]
    assert en["status"] == "ok" and set(en["formats"]) == {"html", "epub"}
    assert en["html"] == "en/index.html" and en["epub"] == f"en/{BASENAME}.epub"
    assert (site / "en/index.html").is_file() and (site / en["epub"]).is_file()
    assert (site / "index.html").is_file()
    assert editions["fa"]["status"] == "missing"
    assert not [p for p in site.iterdir() if p.name.startswith(".")]


def test_assemble_refuses_a_folder_that_is_no_shard(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_sample_publication(tmp_path / "pub")
    (tmp_path / "empty").mkdir()
    assert main(["--project", str(root), "assemble", str(tmp_path / "empty")]) == 2
    assert "editions build --out DIR" in capsys.readouterr().err
