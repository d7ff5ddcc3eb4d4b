"""The editions Sphinx extension: everything an edition needs, registered here.

``setup`` only registers: the typed configuration values, the one
``config-inited`` handler, the node with its visitors, the transforms, the
directive, the builders and translators, and the search languages.  It runs
no external tool and knows nothing of the ``editions`` command's pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from editions.version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Bump when what the extension stores in the environment changes shape.
ENV_VERSION = 1


def setup(app: Sphinx) -> ExtensionMetadata:
    # Imported here, not above: the pipeline's process reads a few of this package's
    # modules (the status model, the templates' folder) and needs no builder.
    from editions import config
    from editions.ext import (
        defaults,
        directives,
        epub,
        html,
        latex,
        nodes,
        parallel,
        search,
        status,
        transforms,
    )

    app.setup_extension("myst_parser")
    config.register(app)
    # Priority 100: before Sphinx's own handlers (800) validate or convert the
    # values these defaults set (latex_elements, epub_css_files).
    app.connect("config-inited", defaults.apply_defaults, priority=100)
    app.add_node(nodes.foreign_text, html=nodes.HTML_VISITORS, latex=nodes.LATEX_VISITORS)
    app.add_transform(transforms.StableFootnoteIds)
    app.add_transform(transforms.StablePassageIds)
    app.add_post_transform(transforms.IsolateForeignRuns)
    app.add_directive("photo", directives.PhotoDirective)
    app.connect("source-read", directives.warn_unclosed_fence)
    # The same names as Sphinx's builders, so a plain sphinx-build gives these books.
    for builder in ("html", "dirhtml", "singlehtml"):
        app.set_translator(builder, html.EditionsHTMLTranslator, override=True)
    app.connect("builder-inited", html.add_web_static)
    app.connect("builder-inited", html.cache_compiled_templates)
    app.connect("html-page-context", html.html_page_context)
    app.connect("html-page-context", parallel.html_page_context)
    app.connect("html-page-context", status.html_page_context, priority=550)
    app.add_builder(epub.EditionsEpubBuilder, override=True)
    # After html.html_page_context (500), whose <html> tag has no XHTML namespace.
    app.connect("html-page-context", epub.xhtml_page_context, priority=600)
    app.connect("html-collect-pages", epub.collect_title_page)
    app.connect("builder-inited", epub.check_cover)
    app.add_builder(latex.EditionsLaTeXBuilder, override=True)
    app.set_translator("latex", latex.EditionsLaTeXTranslator, override=True)
    app.add_search_language(search.SearchPersian)
    app.add_search_language(search.SearchAzerbaijani)
    return {"version": __version__, "env_version": ENV_VERSION,
            "parallel_read_safe": True, "parallel_write_safe": True}
