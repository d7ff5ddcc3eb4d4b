"""At ``config-inited``: Sphinx's own settings derived from the edition, in one place.

Editions owns a few values outright, because an edition cannot be right without
them: ``language`` (the edition's), ``gettext_compact`` (one catalog per
chapter), ``smartquotes`` (the source's own quotation marks), ``project`` and
``author`` (localized from ``editions_titles``/``editions_authors``).  Every
other value it sets only where the user left Sphinx's default
(:mod:`editions.ext.user_values`), so conf.py and ``-D`` always win.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from editions.config import edition_language, edition_settings
from editions.ext import epub, html, latex, translations
from editions.ext.paths import PACKAGE, TEMPLATES
from editions.ext.user_values import set_default


def apply_defaults(app: Sphinx, config: Config) -> None:
    """The one config-inited handler: the edition first, then each format's settings,
    then the translations the edition may show."""
    apply_edition_defaults(app, config)
    apply_html_defaults(app, config)
    latex.apply_latex_defaults(app, config)
    epub.apply_epub_defaults(app, config)
    translations.prepare_translations(app, config)
    translations.use_interface_catalog(app, config)
    translations.write_translations_js(app, config)


def apply_edition_defaults(app: Sphinx, config: Config) -> None:
    settings = edition_settings(config)  # validated here, once, for the whole build
    lang = edition_language(config)
    config.language = lang.code
    config.gettext_compact = False
    config.smartquotes = False
    set_default(config, "myst_footnote_transition", False)
    config.project = settings.localized("titles", lang.code, config.project)
    config.author = settings.localized("authors", lang.code, config.author)
    if not config.copyright and config.author:
        # Sphinx's EPUB requires a copyright line; say whose, not what rights.
        year = settings.date[:4] if settings.date[:4].isdigit() else str(dt.date.today().year)
        config.copyright = f"{year}, {config.author}"
    if not config.version:
        # Sphinx's EPUB writes an empty ibooks:version without one.
        config.version = config.release or "1.0"


def apply_html_defaults(app: Sphinx, config: Config) -> None:
    set_default(config, "html_title", config.project)
    # The publication's own _templates/ first: its files override the package's.
    project_templates = Path(app.confdir) / "_templates"
    config.templates_path = [*config.templates_path,
                             *([str(project_templates)] if project_templates.is_dir() else []),
                             str(TEMPLATES)]
    config.html_static_path = [*config.html_static_path, str(PACKAGE / "static")]
    html.apply_theme_defaults(config)
    config.html_css_files = [*config.html_css_files, "editions-status.css"]
    set_default(config, "html_show_sphinx", False)
    set_default(config, "html_show_sourcelink", False)
    set_default(config, "html_copy_source", False)
