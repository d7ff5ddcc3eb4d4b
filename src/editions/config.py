"""One typed configuration model: every ``editions_*`` value of conf.py, validated once.

The Sphinx extension registers the fields (``register``) and reads them at
``config-inited`` (``from_sphinx``); the ``editions`` command reads the same
model from conf.py without starting Sphinx (``from_conf``).  Like MyST's
``MdParserConfig``, each field carries its default, rebuild flag and help.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from editions.languages import Language, UnknownLanguageError, get_language

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

PREFIX = "editions_"


class EditionsConfigError(ValueError):
    """conf.py holds a value editions cannot use; the message names it and the fix."""


def _setting(default: Any, rebuild: str, kind: type, help_text: str,
             item: type | None = None) -> Any:
    """A field with its Sphinx registration: rebuild flag, type, and what it is for."""
    meta = {"rebuild": rebuild, "kind": kind, "item": item, "help": help_text}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class EditionsConfig:
    # The switcher and hreflang links of every page name every edition: "html".
    languages: list[str] = _setting(["en"], "html", list, "the editions' language codes", str)
    source_language: str = _setting("en", "env", str, "the language of the master text")
    titles: dict[str, str] = _setting({}, "env", dict, "the title in each language", str)
    authors: dict[str, str] = _setting({}, "env", dict, "the author's name in each language",
                                       str)
    publisher: str | dict[str, str] = _setting("", "epub", str, "the publisher (or one per "
                                               "language)")
    rights: str | dict[str, str] = _setting("", "epub", str, "the rights line (or one per "
                                            "language)")
    translators: str | dict[str, str] = _setting("", "env", str, "the translator's name "
                                                 "(or one per language), credited in each "
                                                 "translated edition")
    accessibility_certifier: str = _setting("", "epub", str, "who certified the EPUBs' "
                                            "accessibility (a11y:certifiedBy), if anyone")
    epub_ace: bool = _setting(False, "", bool, "check each EPUB with Ace by DAISY: a "
                              "violation fails the book (editions build --ace does the same)")
    basename: str = _setting("publication", "", str, "the PDF's and EPUB's file name")
    identifier: str = _setting("", "epub", str, "the publication's identifier (a URN or URL)")
    # The title page and the package metadata, written anew on every build.
    date: str = _setting("", "", str, "the publication date, YYYY-MM-DD")
    locale_dir: str = _setting("locale", "env", str, "the catalogs' folder, from conf.py")
    glossary: str = _setting("locale/glossary.csv", "", str, "the glossary of names")
    language_overrides: dict[str, dict[str, Any]] = _setting(
        {}, "env", dict, "per language: facts that override CLDR's (see "
        "editions.languages.OVERRIDABLE: autonym, direction, script, digits, babel_locale, "
        "latex_babel, latex_tag, fonts, …)", dict)
    latex_papersize: str = _setting("a4paper", "", str, "LaTeX paper size")
    latex_pointsize: str = _setting("11pt", "", str, "LaTeX body type size")
    cover: str = _setting("", "epub", str, "a cover image for the EPUB, from conf.py")
    epub_font_dirs: list[str] = _setting(["/usr/share/fonts/truetype/noto"], "epub", list,
                                         "folders of the fonts an EPUB embeds", str)
    epub_embed_scripts: list[str] = _setting(["Arab", "Armn"], "epub", list,
                                             "scripts whose fonts an EPUB embeds", str)
    # Made by the pipeline from two built books: no Sphinx value depends on it.
    parallel_epubs: list[tuple[str, str]] = _setting(
        [], "", list, "bilingual EPUBs, as pairs of language codes such as [('fa', 'az')]: "
        "the first edition's book with the second's passages after its own")
    # Every page's switcher shows the share of an edition below it.
    status_threshold: int = _setting(90, "html", int, "the share translated (percent) below "
                                     "which the language switcher gives an edition's share")

    @classmethod
    def from_values(cls, get: Callable[[str], Any]) -> EditionsConfig:
        """The model from ``get(name)``, which answers a value or ``None`` for unset."""
        given = {}
        for item in fields(cls):
            value = get(PREFIX + item.name)
            if value is not None:
                given[item.name] = value
        errors = [e for item in fields(cls) if item.name in given
                  for e in _type_errors(item, given[item.name])]
        if errors:
            raise EditionsConfigError("; ".join(errors))
        made = cls(**given)
        made.validate()
        return made

    @classmethod
    def from_conf(cls, conf: Mapping[str, Any]) -> EditionsConfig:
        """From conf.py's namespace (the ``editions`` command)."""
        return cls.from_values(conf.get)

    @classmethod
    def from_sphinx(cls, config: Config) -> EditionsConfig:
        return cls.from_values(lambda name: getattr(config, name, None))

    def validate(self) -> None:
        errors = []
        for code in dict.fromkeys([*self.languages, self.source_language]):
            try:
                self.language(code)
            except UnknownLanguageError as exc:
                # An override's own error names its setting; CLDR's names the language.
                named = str(exc).startswith("editions_language_overrides")
                errors.append(str(exc) if named else f"editions_languages: {exc}")
        if not 0 <= self.status_threshold <= 100:
            errors.append(f"editions_status_threshold must be a percentage from 0 to 100, not "
                          f"{self.status_threshold!r}: fix it in conf.py")
        errors += self._parallel_errors()
        if self.source_language not in self.languages:
            errors.append(f"editions_source_language {self.source_language!r} is not in "
                          f"editions_languages {self.languages!r}: add it there")
        if errors:
            raise EditionsConfigError("; ".join(errors))

    def _parallel_errors(self) -> list[str]:
        errors = []
        for pair in self.parallel_epubs:
            if not isinstance(pair, (list, tuple)) or len(pair) != 2 \
                    or not all(isinstance(c, str) for c in pair):
                errors.append(f"editions_parallel_epubs: {pair!r} is not a pair of language "
                              "codes such as ('fa', 'az'): fix it in conf.py")
            elif pair[0] == pair[1] or not set(pair) <= set(self.languages):
                errors.append(f"editions_parallel_epubs: {tuple(pair)!r} must name two "
                              f"editions of {self.languages!r}: fix it in conf.py")
        return errors

    def language(self, code: str) -> Language:
        return get_language(code, self.language_overrides.get(code))

    def localized(self, name: str, code: str, fallback: str) -> str:
        """A per-language value (a dict) or one for all (a str), else ``fallback``."""
        value = getattr(self, name)
        if isinstance(value, dict):
            return str(value.get(code) or fallback)
        return str(value or fallback)

    def replace(self, **changes: Any) -> EditionsConfig:
        return dataclasses.replace(self, **changes)


#: Values given once for all editions (a str) or per language (a dict).
LOCALIZED = ("publisher", "rights", "translators")


def _type_errors(item: dataclasses.Field[Any], value: Any) -> list[str]:
    kind, inner = item.metadata["kind"], item.metadata["item"]
    name = PREFIX + item.name
    if item.name in LOCALIZED and isinstance(value, dict):
        kind, inner = dict, str
    if not isinstance(value, kind):
        shape = {list: "a list such as ['az', 'en']",
                 dict: "map language codes to text, such as {'fa': '…'}",
                 str: "text such as '…'", bool: "True or False"}[kind]
        verb = "" if kind is dict else "be "
        return [f"{name} must {verb}{shape}, not {value!r}: fix it in conf.py"]
    members = value.values() if isinstance(value, dict) else value if kind is list else []
    if inner is not None and not all(isinstance(v, inner) for v in members):
        return [f"{name}: every item must be {inner.__name__}, not {value!r}: fix it in conf.py"]
    return []


def register(app: Sphinx) -> None:
    """Each field as a Sphinx config value with its rebuild flag and types."""
    defaults = EditionsConfig()
    for item in fields(EditionsConfig):
        kind = item.metadata["kind"]
        types = frozenset({str, dict}) if item.name in LOCALIZED else \
            frozenset({kind})
        app.add_config_value(PREFIX + item.name, getattr(defaults, item.name),
                             item.metadata["rebuild"], types=types,
                             description=item.metadata["help"])


#: Each running Sphinx's model, validated once (at config-inited) and then read.
_VALIDATED: weakref.WeakKeyDictionary[Config, EditionsConfig] = weakref.WeakKeyDictionary()


def edition_settings(config: Config) -> EditionsConfig:
    """The model of a running Sphinx; a wrong value is Sphinx's ConfigError, one line."""
    from sphinx.errors import ConfigError

    if config not in _VALIDATED:
        try:
            _VALIDATED[config] = EditionsConfig.from_sphinx(config)
        except EditionsConfigError as exc:
            raise ConfigError(str(exc)) from None
    return _VALIDATED[config]


def edition_language(config: Config) -> Language:
    """The language of the edition this Sphinx builds (``language``, else the source's)."""
    from sphinx.errors import ConfigError

    settings = edition_settings(config)
    code = config.language or settings.source_language
    try:
        return settings.language(code)
    except UnknownLanguageError as exc:
        raise ConfigError(f"language: {exc}") from None
