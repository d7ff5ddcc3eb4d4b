"""The real publication, copied and built once per session for its acceptance tests.

A pytest plugin (named in tests/conftest.py), so that any test may use the book; every
test that does is marked ``publication``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "seed" / "000_58d27633ec4c7c3f.txt"


def copy_publication(dest: Path) -> Path:
    """A copy of the real publication, so a test never writes into the repository."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("conf.py", "source", "locale", "_templates"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="session")
def built_publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real publication's HTML editions, built once for the session."""
    from editions.pipeline.build import build
    from editions.project import Project

    root = copy_publication(tmp_path_factory.mktemp("publication"))
    report = build(Project.load(root), formats=["html"])
    assert report.ok, report.as_dict()
    return root


@pytest.fixture(scope="session")
def complete_publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real publication in every edition and format, built once for the session."""
    from editions.pipeline.build import build
    from editions.project import Project

    root = copy_publication(tmp_path_factory.mktemp("complete"))
    report = build(Project.load(root), jobs=2)
    assert report.ok, report.as_dict()
    return root
