"""The ``editions_*`` configuration values and the Sphinx settings they imply."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from editions.languages import Language, UnknownLanguageError, get_language

PACKAGE_DIR = Path(__file__).parent


def setup(app: Sphinx) -> None:
    # Publication metadata; rebuild "env" where it reaches the doctrees.
    app.add_config_value("editions_languages", ["en"], "", types=[list])
    app.add_config_value("editions_source_language", "en", "env", types=[str])
    app.add_config_value("editions_titles", {}, "env", types=[dict])
    app.add_config_value("editions_authors", {}, "env", types=[dict])
    app.add_config_value("editions_publisher", "", "", types=[str])
    app.add_config_value("editions_rights", "", "", types=[str])
    app.add_config_value("editions_basename", "publication", "", types=[str])
    app.add_config_value("editions_identifier", "", "", types=[str])
    app.add_config_value("editions_date", "", "env", types=[str])
    app.add_config_value("editions_locale_dir", "locale", "env", types=[str])
    app.add_config_value("editions_glossary", "locale/glossary.csv", "", types=[str])
    # Priority 100: before other extensions' config-inited handlers read these.
    app.connect("config-inited", apply_edition_defaults, priority=100)


def edition_language(config: Config) -> Language:
    code = config.language or config.editions_source_language
    try:
        return get_language(code)
    except UnknownLanguageError as exc:
        raise ConfigError(str(exc)) from None


def localized(config: Config, mapping_name: str, fallback: str) -> str:
    mapping: dict[str, str] = getattr(config, mapping_name)
    code = config.language or config.editions_source_language
    return mapping.get(code) or fallback


def apply_edition_defaults(app: Sphinx, config: Config) -> None:
    """Derive Sphinx's own settings from the edition's language."""
    _check_types(config)
    lang = edition_language(config)
    config.language = lang.code
    # One catalog per chapter, and the source text's own quotation marks.
    config.gettext_compact = False
    config.smartquotes = False
    config.myst_footnote_transition = False
    config.project = localized(config, "editions_titles", config.project)
    config.author = localized(config, "editions_authors", config.author)
    config.html_title = config.project
    if "html_theme" not in config._raw_config:
        config.html_theme = "alabaster"
    # The publication's own _templates/ first: its files override the package's.
    project_templates = Path(app.confdir) / "_templates"
    config.templates_path = [*config.templates_path,
                             *([str(project_templates)] if project_templates.is_dir() else []),
                             str(PACKAGE_DIR / "templates")]
    config.html_static_path = [*config.html_static_path, str(PACKAGE_DIR / "static")]
    config.html_css_files = [*config.html_css_files, "editions.css"]
    if lang.is_rtl:
        config.html_css_files = [*config.html_css_files, "editions-rtl.css"]
    config.html_show_sphinx = False
    if config.html_theme == "alabaster" and not config.html_sidebars:
        config.html_sidebars = {
        "**": ["about.html", "navigation.html", "searchbox.html"]
    }
    config.html_show_sourcelink = False
    config.html_copy_source = False


_LIST_OF_STR = ("editions_languages",)
_DICT_OF_STR = ("editions_titles", "editions_authors")


def _check_types(config: Config) -> None:
    """Sphinx only warns about a wrong type; a wrong one here would fail later, obscurely."""
    for name in _LIST_OF_STR:
        value = getattr(config, name)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(
                f"{name} must be a list of language codes such as ['az', 'en'], "
                f"not {value!r}: fix it in conf.py"
            )
        for code in value:
            try:
                get_language(code)
            except UnknownLanguageError as exc:
                raise ConfigError(f"{name}: {exc}") from None
    for name in _DICT_OF_STR:
        value = getattr(config, name)
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise ConfigError(
                f"{name} must map language codes to text, such as {{'fa': '…'}}, "
                f"not {value!r}: fix it in conf.py"
            )
