"""The publication's one date, and how each edition writes it.

Every timestamp of every format comes from one moment, so that two builds of one
commit give the same bytes: ``SOURCE_DATE_EPOCH`` when the environment sets it
(reproducible-builds.org), else ``editions_date`` from conf.py, else the last
commit that touched the publication's inputs (found by the pipeline, which
exports it as ``SOURCE_DATE_EPOCH``), else today.  A Persian edition dates the
book in the Solar Hijri calendar with Persian month names (jdatetime), the
others in the Gregorian one in their own words (Babel, CLDR).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import jdatetime
from babel.dates import format_date

from editions.languages import Language, localize_digits

#: Languages whose books are dated in the Solar Hijri calendar (Iran's civil calendar).
SOLAR_HIJRI = frozenset({"fa"})


class PublicationDateError(ValueError):
    """editions_date or SOURCE_DATE_EPOCH cannot be read; the message says how to write it."""


def publication_moment(date_setting: str, environ: Mapping[str, str]) -> dt.datetime | None:
    """The publication's moment (UTC), or None when nothing fixes it (then: now)."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise PublicationDateError(f"SOURCE_DATE_EPOCH={epoch!r} is not a count of seconds "
                                       "since 1970: set it to e.g. $(git log -1 --format=%ct)")
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    if date_setting:
        try:
            day = dt.date.fromisoformat(date_setting)
        except ValueError:
            raise PublicationDateError(f"editions_date {date_setting!r} is not a date such as "
                                       "2026-12-01: write it as YYYY-MM-DD") from None
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return None


def epoch_of(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def long_date(day: dt.date, lang: Language) -> str:
    """The date as the edition's title page prints it: ``۱۰ آذر ۱۴۰۵``, ``1 December 2026``."""
    if lang.code in SOLAR_HIJRI:
        solar = jdatetime.date.fromgregorian(date=day, locale=jdatetime.FA_LOCALE)
        text = f"{solar.day} {solar.strftime('%B')} {solar.year}"
    else:
        text = format_date(day, format="long", locale=lang.babel_locale)
    return localize_digits(text, lang.digits)


def year_of(day: dt.date, lang: Language) -> str:
    """The year in the edition's calendar and digits (a rights line's year)."""
    year = (jdatetime.date.fromgregorian(date=day).year if lang.code in SOLAR_HIJRI
            else day.year)
    return localize_digits(str(year), lang.digits)
