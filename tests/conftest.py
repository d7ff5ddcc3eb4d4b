"""The whole suite: Sphinx's test fixtures, the test roots, and Sphinx's global state reset.

Three groups, each in its folder: ``ext/`` (the extension on tiny roots, through
``sphinx.testing``), ``pipeline/`` (tiny publications through the ``editions``
command) and ``publication/`` (the real book's acceptance tests, marked
``publication``: ``pytest -m publication`` runs them alone, ``-m "not publication"``
the tool's own tests).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import _clean_up_global_state

# The real book's fixtures live with its tests, but any test may use them: one that
# does is a publication test (see pytest_collection_modifyitems).
pytest_plugins = ("sphinx.testing.fixtures", "tests.publication.book")

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
ROOTS = TESTS / "roots"
PUBLICATION_TESTS = TESTS / "publication"
BOOK_FIXTURES = {"built_publication", "complete_publication"}
#: Debian's Chromium, never a downloaded one, headless and offline.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(autouse=True)
def _clean_up_sphinx_state() -> Iterator[None]:
    """What Sphinx's own suite does after every test (its tests/conftest.py): forget
    docutils' registered directives, roles and nodes and Sphinx's translators, so no
    test sees what an earlier one's application loaded."""
    saved_path = sys.path.copy()
    yield
    sys.path[:] = saved_path
    _clean_up_global_state()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium through Playwright, for the tests that look at pages as a reader does."""
    assert CHROMIUM.exists(), "Chromium is missing: run scripts/install-system.sh"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The module's ``site`` as any web server serves it, on a free port of 127.0.0.1."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark as ``publication`` every test under tests/publication or using the real book."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.path.is_relative_to(PUBLICATION_TESTS) or fixtures & BOOK_FIXTURES:
            item.add_marker(pytest.mark.publication)


def edit_message(po: Path, language: str, contains: str,
                 change: Callable[[object], None]) -> object:
    """Change the message whose msgid contains ``contains``, and write the catalog back."""
    from editions.po import read_catalog, render_catalog

    catalog = read_catalog(po, language)
    message = next(m for m in catalog if m.id and contains in str(m.id))
    change(message)
    po.write_bytes(render_catalog(catalog))
    return message
