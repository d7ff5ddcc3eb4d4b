"""Tiny publications through the ``editions`` command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from editions.cli import main
from tests.conftest import ROOTS


def make_project(tmp: Path, root_name: str) -> Path:
    """A publication laid out as ``editions`` expects it, from a test root."""
    roots = ROOTS / root_name
    project = tmp / root_name
    (project / "source").mkdir(parents=True)
    for item in roots.iterdir():
        if item.name == "conf.py":
            shutil.copy2(item, project / item.name)
        elif item.name == "locale":
            shutil.copytree(item, project / "locale")
        elif item.suffix == ".md":
            shutil.copy2(item, project / "source" / item.name)
    return project


def copy_sample_publication(dest: Path) -> Path:
    """A copy of tests/roots/publication: four editions of three short chapters."""
    shutil.copytree(ROOTS / "publication", dest, ignore=shutil.ignore_patterns("_build"))
    return dest


def make_pdf(root: Path, code: str) -> tuple[Path | None, list[str]]:
    """One edition's PDF through the editions command: the PDF, or None, and the problems."""
    main(["--project", str(root), "build", "-l", code, "-f", "pdf"])
    data = json.loads((root / "_build/site/editions.json").read_text(encoding="utf-8"))
    entry = next(e for e in data["editions"] if e["language"] == code)
    record = entry["formats"]["pdf"]
    pdf = root / "_build/site" / entry["pdf"] if record["status"] == "ok" else None
    return pdf, list(record["problems"])
