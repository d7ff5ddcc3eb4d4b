"""How much of each page an edition shows in its own language: one model, three readers.

A page's catalog, reviewed as the build reviews it (:func:`review_catalog`), sorts
each message into one of four kinds: *translated* (shown), *fuzzy* (its source
changed since it was translated: the source is shown), *fallen back* (translated,
but refused as unsafe: the source is shown) and *untranslated*.  The same model
gives the banner of a page that shows source text, the language switcher's share
of an edition below ``editions_status_threshold``, ``editions stats`` and the
site's status page (:mod:`editions.pipeline.status`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import math
import posixpath
import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.numbers import format_percent
from docutils import nodes
from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.locale import _

from editions import cache, po
from editions.config import edition_language, edition_settings
from editions.ext import translations
from editions.ext.translations import review_catalog
from editions.languages import Language, localize_digits
from editions.po import message_ids, message_strings
from editions.text import checks

#: The site's translation status page, beside the landing page.
STATUS_PAGE = "status.html"


def count_words(text: str) -> int:
    return len(re.findall(r"\w+", text))


@dataclass
class PageStatus:
    """One page (one catalog) of one edition; words are the source's words."""

    page: str
    language: str
    translated: int = 0
    fuzzy: int = 0
    fallen_back: int = 0
    untranslated: int = 0
    words_translated: int = 0
    words_fuzzy: int = 0
    words_fallen_back: int = 0
    words_untranslated: int = 0
    #: The source changed after the translation: a fuzzy message, or a template newer
    #: than the catalog's last revision.
    source_changed: bool = False
    error: str = ""

    @property
    def messages(self) -> int:
        return self.translated + self.fuzzy + self.fallen_back + self.untranslated

    @property
    def words(self) -> int:
        return (self.words_translated + self.words_fuzzy + self.words_fallen_back
                + self.words_untranslated)

    @property
    def share(self) -> float:
        """The share of the page's words shown in the edition's language (0 to 1)."""
        return self.words_translated / self.words if self.words else 1.0

    @property
    def shows_source(self) -> bool:
        return self.translated < self.messages or bool(self.error)

    @property
    def state(self) -> str:
        """``complete``, ``outdated`` (the source changed) or ``incomplete``."""
        if not self.shows_source:
            return "complete"
        return "outdated" if self.fuzzy else "incomplete"

    def add(self, other: PageStatus) -> None:
        for name in ("translated", "fuzzy", "fallen_back", "untranslated", "words_translated",
                     "words_fuzzy", "words_fallen_back", "words_untranslated"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.source_changed = self.source_changed or other.source_changed

    def as_dict(self) -> dict[str, Any]:
        return {"page": self.page, "language": self.language, "state": self.state,
                "share": round(self.share, 4), "translated": self.translated,
                "fuzzy": self.fuzzy, "fallen_back": self.fallen_back,
                "untranslated": self.untranslated, "words": self.words,
                "words_translated": self.words_translated, "words_fuzzy": self.words_fuzzy,
                "words_fallen_back": self.words_fallen_back,
                "words_untranslated": self.words_untranslated,
                "source_changed": self.source_changed,
                **({"error": self.error} if self.error else {})}


@dataclass
class EditionStatus:
    language: str
    pages: dict[str, PageStatus] = field(default_factory=dict)

    @property
    def total(self) -> PageStatus:
        total = PageStatus("", self.language)
        for page in self.pages.values():
            total.add(page)
        return total

    @property
    def share(self) -> float:
        return self.total.share

    def as_dict(self) -> dict[str, Any]:
        return {**self.total.as_dict(), "page": None,
                "pages": {name: page.as_dict() for name, page in self.pages.items()}}


#: The code a page's status comes from: another version of it, another status.
_STATUS_CODE = (Path(__file__), Path(translations.__file__), Path(checks.__file__),
                Path(po.__file__))
PAGE_STATUSES = "page-status"


def page_status(path: Path, language: str, page: str | None = None) -> PageStatus:
    """One catalog's messages sorted as the build shows them.

    Kept in the machine's cache by the catalog's bytes (and this code's files): the
    build's process and every worker show each edition's status, and parsing and
    checking a catalog is the slow part. A catalog that cannot be read is read again."""
    name = page or path.stem
    try:
        key = cache.digest(*map(cache.file_identity, _STATUS_CODE), language, name,
                           path.read_bytes())
    except OSError:
        return _page_status(path, language, name)
    known = cache.read_blob(PAGE_STATUSES, key)
    if known is not None:
        with contextlib.suppress(ValueError, TypeError):
            return PageStatus(**json.loads(known))
    status = _page_status(path, language, name)
    if not status.error:
        cache.write_blob(PAGE_STATUSES, key, json.dumps(dataclasses.asdict(status)).encode(),
                         keep=po.CATALOGS_KEPT)
    return status


def _page_status(path: Path, language: str, page: str) -> PageStatus:
    status = PageStatus(page, language)
    review = review_catalog(path, language)
    if review.catalog is None:
        status.error = review.error
        return status
    refused = {p.msgid for p in review.problems if p.unsafe}
    for message in review.catalog:
        if not message.id:
            continue
        msgid = str(message_ids(message)[0])
        words = sum(count_words(str(part)) for part in message_ids(message))
        translated = any(message_strings(message))
        if message.fuzzy and translated:
            kind = "fuzzy"
        elif msgid in refused:
            kind = "fallen_back"
        elif translated:
            kind = "translated"
        else:
            kind = "untranslated"
        setattr(status, kind, getattr(status, kind) + 1)
        setattr(status, f"words_{kind}", getattr(status, f"words_{kind}") + words)
    status.source_changed = bool(status.fuzzy) or _template_is_newer(
        review.catalog.creation_date, review.catalog.revision_date)
    return status


def _template_is_newer(created: object, revised: object) -> bool:
    return (isinstance(created, dt.datetime) and isinstance(revised, dt.datetime)
            and created > revised)


def edition_status(catalog_dir: Path, language: str, pages: list[str] | None = None,
                   ) -> EditionStatus:
    """Every page of an edition; a page without a catalog is untranslated (``pages``)."""
    status = EditionStatus(language)
    for path in sorted(catalog_dir.rglob("*.po")) if catalog_dir.is_dir() else []:
        name = path.relative_to(catalog_dir).with_suffix("").as_posix()
        status.pages[name] = page_status(path, language, name)
    for name in pages or []:
        status.pages.setdefault(name, PageStatus(name, language))
    return status


def percent(share: float, lang: Language, up: bool = False) -> str:
    """A share as the language writes a percentage: ``87%``, ``۸۷٪``, ``87 %``.  A share
    translated is rounded down (never 100 while anything is missing), a share missing
    up (never 0 while anything is)."""
    value = (math.ceil if up else math.floor)(round(share * 100, 6)) / 100
    text = format_percent(value, locale=lang.babel_locale, numbering_system="latn")
    # CLDR's sign for the edition's digits (Persian ٪); Babel writes the Latin one.
    symbols = lang.locale.number_symbols
    sign = symbols[lang.digits]["percentSign"] if lang.digits in symbols else "%"
    return localize_digits(text.replace("%", sign.strip("\u200e\u200f\u061c")), lang.digits)


# ---------------------------------------------------------------------------
# In the extension: the banner and the switcher's shares


#: Each Sphinx's editions, reviewed once (the switcher needs every edition's share).
_STATUS: weakref.WeakKeyDictionary[Sphinx, dict[str, EditionStatus]] = \
    weakref.WeakKeyDictionary()


def site_status(app: Sphinx) -> dict[str, EditionStatus]:
    if app not in _STATUS:
        settings = edition_settings(app.config)
        locale_dir = Path(app.confdir) / settings.locale_dir
        _STATUS[app] = {code: edition_status(locale_dir / code / "LC_MESSAGES", code)
                        for code in settings.languages if code != settings.source_language}
    return _STATUS[app]


def banner(app: Sphinx, pagename: str, status: PageStatus) -> dict[str, Any]:
    """What the banner says, in the edition's language."""
    lang = edition_language(app.config)
    source = edition_settings(app.config).language(edition_settings(app.config)
                                                   .source_language)
    here = posixpath.dirname(f"{lang.code}/{pagename}")
    shown = Markup('<span class="editions-status-share">{}</span>').format(
        percent(1 - status.share, lang, up=True))
    original = Markup('<span lang="{}" dir="{}">{}</span>').format(
        source.code, source.direction, source.autonym)
    text = escape(str(_("%(share)s of this page is shown in the language of the original "
                        "(%(language)s) until its translation is complete and reviewed.")))
    return {
        "state": status.state,
        "title": str(_("The original has changed since this page was translated")
                     if status.state == "outdated" else _("This page is not fully translated")),
        "text": Markup(str(text).replace("%(share)s", shown)
                       .replace("%(language)s", original)),
        "href": posixpath.relpath(STATUS_PAGE, here or ".") + f"#edition-{lang.code}",
        "link": str(_("Translation status")),
        "share": round(status.share, 4),
    }


def mark_links(app: Sphinx, links: list[dict[str, Any]]) -> None:
    """Each switcher entry's share; one below the threshold says it beside its name."""
    settings = edition_settings(app.config)
    statuses = site_status(app)
    for link in links:
        edition = statuses.get(link["code"])
        share = edition.share if edition is not None else 1.0
        link["share"] = round(share, 4)
        link["below_threshold"] = share * 100 < settings.status_threshold
        if link["below_threshold"]:
            link["share_text"] = percent(share, settings.language(link["code"]))
            # The title in the page's language, as the rest of the page around it.
            link["share_title"] = str(_("%(share)s translated")).replace(
                "%(share)s", percent(share, edition_language(app.config)))


def html_page_context(app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: nodes.document | None) -> None:
    """After :func:`editions.ext.html.html_page_context` (priority 550): the switcher's
    shares, and the banner of a page that shows source text."""
    if getattr(app.builder, "embedded", False) or app.builder.format != "html":
        return
    mark_links(app, context.get("editions_links") or [])
    lang = edition_language(app.config)
    edition = site_status(app).get(lang.code)
    status = edition.pages.get(pagename) if edition is not None and doctree else None
    context["editions_status"] = (banner(app, pagename, status)
                                  if status is not None and status.shows_source else None)
