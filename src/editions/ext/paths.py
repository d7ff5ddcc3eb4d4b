"""The extension's own folders, and where compiled templates are kept: for the
pipeline too (without importing a builder)."""

from __future__ import annotations

from pathlib import Path

import jinja2

from editions import cache

PACKAGE = Path(__file__).parent
#: The package's templates: Sphinx's pages, and the site's own (landing, status).
TEMPLATES = PACKAGE / "templates"


def compiled_templates() -> jinja2.BytecodeCache | None:
    """Jinja's compiled templates, kept in the machine's cache for every build (Jinja
    checks each template's source before it uses one); None when there is no cache,
    and each environment compiles, as Jinja does."""
    folder = cache.cache_dir() / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
