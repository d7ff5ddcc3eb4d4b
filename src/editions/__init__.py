"""editions: parallel multilingual editions of one MyST publication.

``extensions = ["editions"]`` in ``conf.py`` is all a publication needs: the
extension registers what Sphinx needs to build each edition, so a plain
``sphinx-build -c . -D language=fa source out`` gives the same edition as the
``editions`` command.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    from editions import catalogs, directives, epub, footnotes, html, latex, settings

    app.setup_extension("myst_parser")
    settings.setup(app)
    directives.setup(app)
    footnotes.setup(app)
    catalogs.setup(app)
    html.setup(app)
    epub.setup(app)
    latex.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
