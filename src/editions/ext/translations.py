"""The translations an edition may show: reviewed catalogs, and the interface's strings.

``prepare_translations`` gives Sphinx a locale folder that holds only what
passed review (:func:`review_catalog`): a fuzzy or unsafe msgstr is left out,
so the source text stands in and every link and note still works.
"""

from __future__ import annotations

import functools
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sphinx.locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.i18n import CatalogRepository

from editions import cache
from editions.config import edition_language, edition_settings
from editions.po import (
    CatalogError,
    message_ids,
    message_strings,
    read_catalog,
    render_catalog,
    write_if_changed,
)
from editions.problems import LOG_TYPE, Code, Problem, Severity
from editions.text.checks import check_message

logger = logging.getLogger(__name__)

#: The theme's strings: the package ships their catalogs, the source has none.
INTERFACE_DOMAIN = "sphinx"
PACKAGE_LOCALE = Path(__file__).parent / "locale"


def interface_translator(code: str) -> Callable[[str], str]:
    """The package's own interface strings for a language (Sphinx ships no Azerbaijani),
    for the pages editions writes itself; a fuzzy one is not used."""
    strings = _interface_strings(code)
    return lambda text: strings.get(text, text)


@functools.cache
def _interface_strings(code: str) -> dict[str, str]:
    """Read once a process: the package's catalogs do not change under it."""
    path = PACKAGE_LOCALE / code / "LC_MESSAGES" / f"{INTERFACE_DOMAIN}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    return {m.id: m.string for m in catalog if isinstance(m.id, str) and m.id
            and isinstance(m.string, str) and m.string and not m.fuzzy}



@dataclass
class CatalogReview:
    """What one catalog holds that may reach a reader, and what was held back."""

    path: Path
    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)
    error: str = ""


#: Reviews made in this process, by the catalog's path, language and bytes: one worker
#: runs three Sphinx applications (and the status page) over the same catalogs.
_REVIEWS: dict[tuple[str, str, str], CatalogReview] = {}
_REVIEWS_KEPT = 512


def review_catalog(path: Path, language: str) -> CatalogReview:
    """The review of a catalog as it is now; read-only for the caller (it is shared)."""
    try:
        key = (str(path), language, cache.digest(path.read_bytes()))
    except OSError:
        return _review_catalog(path, language)
    if key not in _REVIEWS:
        if len(_REVIEWS) >= _REVIEWS_KEPT:
            _REVIEWS.clear()
        _REVIEWS[key] = _review_catalog(path, language)
    return _REVIEWS[key]


def _review_catalog(path: Path, language: str) -> CatalogReview:
    try:
        catalog = read_catalog(path, locale=language)
    except CatalogError as exc:
        return CatalogReview(path, None, error=str(exc))
    problems: list[Problem] = []
    for message in list(catalog):
        if not message.id or not message.string:
            continue
        msgid, msgstr = message_ids(message)[0], message_strings(message)[0]
        line = message.lineno or 0
        if message.fuzzy:
            problems.append(Problem(Code.FUZZY, "fuzzy translation: the source text is shown",
                                    "review it, then remove the fuzzy flag",
                                    str(path), line, msgid, severity=Severity.WARNING))
            continue
        found = [p.located(str(path), line, msgid) for p in check_message(msgid, msgstr)]
        problems.extend(found)
        if any(p.unsafe for p in found):
            # The source text stands in, so every link and note still works.
            message.string = ""
    return CatalogReview(path, catalog, problems)


def publishable(review: CatalogReview) -> Catalog:
    assert review.catalog is not None
    safe = Catalog(locale=review.catalog.locale, fuzzy=False,
                   creation_date=review.catalog.creation_date,
                   revision_date=review.catalog.revision_date)
    for message in review.catalog:
        if message.id and message.string and not message.fuzzy:
            safe.add(message.id, message.string, context=message.context)
    return safe


def prepare_translations(app: Sphinx, config: Config) -> None:
    """Give Sphinx a locale folder holding only what passed review.

    The reviewed catalogs live beside the doctrees, so the project's own
    ``locale/`` is never written to by a build.
    """
    lang = edition_language(config)
    target = Path(app.doctreedir) / "editions-locale"
    config.locale_dirs = [str(target)]
    out_dir = target / lang.code / "LC_MESSAGES"
    settings = edition_settings(config)
    interface = PACKAGE_LOCALE / lang.code / "LC_MESSAGES" / f"{INTERFACE_DOMAIN}.po"
    if interface.exists():
        write_if_changed(out_dir / "sphinx.po", interface.read_bytes(), ignore_dates=False)
    if lang.code == settings.source_language:
        return
    source_dir = Path(app.confdir) / settings.locale_dir / lang.code / "LC_MESSAGES"
    if not source_dir.is_dir():
        # No location: Sphinx would read a path without a line as a document name.
        logger.warning("no catalogs for %s in %s: this edition shows the source text; "
                       "run 'editions update' to create them", lang.code, source_dir,
                       type=LOG_TYPE, subtype=Code.CATALOG)
        _remove_stale(out_dir, source_dir, keep={"sphinx.po", "sphinx.mo"})
        return
    for path in sorted(source_dir.rglob("*.po")):
        review = review_catalog(path, lang.code)
        if review.catalog is None:
            logger.error("%s", review.error, type=LOG_TYPE, subtype=Code.CATALOG)
            continue
        for problem in review.problems:
            if problem.unsafe or problem.code == Code.FUZZY:
                _log_problem(problem)
        domain = path.relative_to(source_dir).with_suffix(".po")
        write_if_changed(out_dir / domain, render_catalog(publishable(review)),
                         ignore_dates=False)
    _remove_stale(out_dir, source_dir, keep={"sphinx.po", "sphinx.mo"})


def _log_problem(problem: Problem) -> None:
    # A broken cross-reference breaks a note's link as a dropped note reference does.
    subtype = Code.FOOTNOTE if problem.code == Code.XREF else problem.code
    action = "" if problem.code == Code.FUZZY else "the source text is used for this message"
    logger.warning("%s (msgid %r)%s; %s", problem.message, problem.msgid[:60],
                   f"; {action}" if action else "", problem.hint,
                   location=f"{problem.path}:{problem.line}",
                   type=LOG_TYPE, subtype=subtype)


def _remove_stale(out_dir: Path, source_dir: Path, keep: set[str]) -> None:
    if not out_dir.is_dir():
        return
    for path in out_dir.rglob("*.[pm]o"):
        rel = path.relative_to(out_dir).with_suffix(".po")
        if path.name not in keep and not (source_dir / rel).exists():
            path.unlink()
    shutil.rmtree(out_dir / "__pycache__", ignore_errors=True)



def sphinx_translations_js(code: str) -> Path:
    return Path(sphinx.__file__).parent / "locale" / code / "LC_MESSAGES" / "sphinx.js"


def use_interface_catalog(app: Sphinx, config: Config) -> None:
    """Read the theme's strings from the edition's locale folder first.

    Sphinx loads its "sphinx" catalog (the theme's strings) before any
    extension runs, from conf.py's ``locale_dirs``; catalogs.prepare_translations
    names the edition's folder, with the package's ``sphinx.po``, only later.
    So load it again as Sphinx would have: that folder, then Sphinx's own.
    """
    repo = CatalogRepository(app.srcdir, config.locale_dirs, config.language,
                             config.source_encoding)
    for catalog in repo.catalogs:
        if catalog.domain == "sphinx" and catalog.is_outdated():
            catalog.write_mo(config.language, config.gettext_allow_fuzzy_translations)
    dirs: list[str | Path | None] = [*repo.locale_dirs, None,
                                     Path(sphinx.__file__).parent / "locale"]
    sphinx.locale.translators.pop(("general", "sphinx"), None)
    app.translator, _found = sphinx.locale.init(dirs, config.language)


def write_translations_js(app: Sphinx, config: Config) -> None:
    """The search page's strings come from ``translations.js``, which Sphinx copies
    from a ``sphinx.js`` beside the catalogs: Sphinx's own (none for Azerbaijani)
    with the package's catalog over it, as the catalogs are for the templates."""
    code = edition_language(config).code
    source = PACKAGE_LOCALE / code / "LC_MESSAGES" / f"{INTERFACE_DOMAIN}.po"
    if not source.is_file() or not config.locale_dirs:
        return
    target = Path(app.confdir, config.locale_dirs[0], code, "LC_MESSAGES", "sphinx.js")
    text = translations_js(source, code, sphinx_translations_js(code))
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


JS_CALL = "Documentation.addTranslations("


def translations_js(po: Path, code: str, shipped: Path | None = None) -> str:
    """Sphinx's ``Documentation.addTranslations`` call: ``shipped`` (Sphinx's own
    ``sphinx.js``), then the messages of the catalog ``po``."""
    data: dict[str, Any] = {"locale": code, "messages": {}, "plural_expr": ""}
    if shipped is not None and shipped.is_file():
        text = shipped.read_text(encoding="utf-8").strip()
        data = json.loads(text.removeprefix(JS_CALL).removesuffix(";").removesuffix(")"))
    # Sphinx ships some messages empty ("" or [""]): the page would show nothing.
    messages = {k: v for k, v in data["messages"].items() if v and any(v)}
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    plural_expr = data.get("plural_expr") or catalog.plural_expr
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        if isinstance(message.id, (list, tuple)):
            messages[message.id[0]] = list(message.string)
            plural_expr = catalog.plural_expr  # its forms are counted as this catalog counts
        else:
            messages[message.id] = message.string
    # Sphinx indexes the forms with the expression's value: "(n > 1)" is a boolean.
    data.update(messages=dict(sorted(messages.items())), plural_expr=f"Number({plural_expr})")
    return f"{JS_CALL}{json.dumps(data, indent=4)});\n"
