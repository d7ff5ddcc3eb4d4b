"""The ways into the parallel view from a chapter page: "read beside: …" links.

The parallel pages themselves are made by the pipeline (``editions.pipeline.parallel``)
from the built pages of two editions, at ``<lang>/parallel/<other>/<page>.html``;
this module only names them, so every chapter page links its own pairs.  Without
script a link opens the parallel page at its top; editions-parallel.js adds the
passage the reader is at (``#p-<id>``, the same in every edition).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from editions.config import edition_language, edition_settings
from editions.layout import parallel_path

#: The site's own pages that are not chapters: no passages to align.
NOT_CHAPTERS = ("genindex", "search", "py-modindex")


def is_chapter(app: Sphinx, pagename: str) -> bool:
    """A page made from a document of the publication, other than its front page."""
    return (pagename in app.env.found_docs and pagename != app.config.root_doc
            and pagename not in NOT_CHAPTERS)


def parallel_links(app: Sphinx, pagename: str) -> list[dict[str, Any]]:
    """This chapter beside each other edition, relative to this page."""
    if getattr(app.builder, "embedded", False) or not is_chapter(app, pagename):
        return []
    current = edition_language(app.config)
    settings = edition_settings(app.config)
    prefix = "../" * pagename.count("/")
    links = []
    for code in settings.languages:
        if code == current.code:
            continue
        lang = settings.language(code)
        links.append({"code": code, "autonym": lang.autonym, "direction": lang.direction,
                      "href": prefix + parallel_path(code, pagename)})
    return links


def html_page_context(app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: object) -> None:
    context["editions_parallel"] = parallel_links(app, pagename)
