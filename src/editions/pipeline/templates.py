"""Jinja for the pages editions writes itself (landing, status, parallel pages): the
publication's ``_templates`` first, then the package's, compiled once for the machine
(the machine cache keeps the compiled code, as it does the theme's)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from editions.ext.paths import TEMPLATES, compiled_templates


@functools.cache
def _environment(folders: tuple[str, ...], options: tuple[tuple[str, Any], ...]) -> Environment:
    return Environment(loader=FileSystemLoader(list(folders)),
                       bytecode_cache=compiled_templates(), **dict(options))


#: One function, so that the environments' key stays the same.
PAGES_AUTOESCAPE = select_autoescape(default=True)


def page_templates(root: Path) -> Environment:
    """The landing and status pages' templates (one environment a process: Jinja
    checks each template's source before it uses the compiled one)."""
    return _environment((str(root / "_templates"), str(TEMPLATES)),
                        (("autoescape", PAGES_AUTOESCAPE),))


def package_templates(**options: Any) -> Environment:
    """The package's own templates alone, with ``options``."""
    return _environment((str(TEMPLATES),), tuple(sorted(options.items())))
