"""HTML: the page's language and direction, and links to the same page in other editions."""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from editions.languages import get_language
from editions.settings import edition_language


def edition_links(app: Sphinx, pagename: str) -> list[dict[str, Any]]:
    """The same page in every edition, relative to this page.

    Editions sit side by side in ``<site>/<lang>/``, so the link is the
    page's own path under the other language's folder.
    """
    current = edition_language(app.config)
    here = posixpath.dirname(f"{current.code}/{pagename}")
    links = []
    for code in app.config.editions_languages:
        lang = get_language(code)
        target = f"{code}/{pagename}.html"
        links.append({
            "code": code,
            "autonym": lang.autonym,
            "direction": lang.direction,
            "href": posixpath.relpath(target, here),
            "current": code == current.code,
        })
    return links


def html_page_context(app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: nodes.document | None) -> None:
    lang = edition_language(app.config)
    # The basic theme's <html> tag names no direction; ``html_tag`` is its hook.
    context["html_tag"] = (f'<html lang="{lang.code}" dir="{lang.direction}" '
                           f'data-content_root="{context.get("content_root", "")}">')
    context["editions_links"] = edition_links(app, pagename)
    context["editions_language"] = lang


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", html_page_context)
