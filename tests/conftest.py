from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SEED = REPO.parent / "shared" / "seed" / "000_58d27633ec4c7c3f.txt"


def edit_message(po: Path, language: str, contains: str,
                 change: Callable[[object], None]) -> object:
    """Change the message whose msgid contains ``contains``, and write the catalog back."""
    from editions.po import read_catalog, render_catalog

    catalog = read_catalog(po, language)
    message = next(m for m in catalog if m.id and contains in str(m.id))
    change(message)
    po.write_bytes(render_catalog(catalog))
    return message


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


def copy_publication(dest: Path) -> Path:
    """A copy of the real publication, so a test never writes into the repository."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("conf.py", "source", "locale", "_templates"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
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
