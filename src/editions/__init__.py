"""editions: parallel multilingual editions of one MyST publication.

``extensions = ["editions"]`` in ``conf.py`` is all a publication needs: the
extension (:mod:`editions.ext`) registers what Sphinx needs to build each
edition, so a plain ``sphinx-build -c . -D language=fa source out`` gives the
same edition as the ``editions`` command.
"""

from __future__ import annotations

from typing import Any

from editions.version import __version__

__all__ = ["__version__", "setup"]


def setup(app: Any) -> dict[str, Any]:
    from editions.ext import setup as setup_extension

    return dict(setup_extension(app))
