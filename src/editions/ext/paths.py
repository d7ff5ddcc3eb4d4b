"""The extension's own folders, for the pipeline too (without importing a builder)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).parent
#: The package's templates: Sphinx's pages, and the site's own (landing, status).
TEMPLATES = PACKAGE / "templates"
