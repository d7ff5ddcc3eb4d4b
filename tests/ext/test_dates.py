"""One publication date, written in each edition's calendar (editions.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from editions.dates import PublicationDateError, long_date, publication_moment, year_of
from editions.languages import get_language


def test_source_date_epoch_wins_over_editions_date() -> None:
    moment = publication_moment("2024-05-01", {"SOURCE_DATE_EPOCH": "1764547200"})
    assert moment == dt.datetime(2025, 12, 1, tzinfo=dt.UTC)


def test_editions_date_when_the_environment_sets_none() -> None:
    assert publication_moment("2026-12-01", {}) == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    assert publication_moment("", {}) is None


@pytest.mark.parametrize(("setting", "environ"), [("1 December", {}),
                                                  ("", {"SOURCE_DATE_EPOCH": "soon"})])
def test_a_date_that_cannot_be_read_says_how_to_write_it(setting: str,
                                                         environ: dict[str, str]) -> None:
    with pytest.raises(PublicationDateError, match=r"YYYY-MM-DD|seconds since 1970"):
        publication_moment(setting, environ)


@pytest.mark.parametrize(("code", "expected"), [
    ("fa", "۱۰ آذر ۱۴۰۵"),  # the Solar Hijri calendar, Persian month and digits
    ("en", "December 1, 2026"),
    ("ru", "1 декабря 2026\u202fг."),  # CLDR: a narrow no-break space before г.
    ("az", "1 dekabr 2026"),
])
def test_each_edition_writes_the_date_in_its_calendar(code: str, expected: str) -> None:
    assert long_date(dt.date(2026, 12, 1), get_language(code)) == expected


def test_the_solar_year_turns_at_nowruz() -> None:
    fa = get_language("fa")
    assert long_date(dt.date(2026, 3, 21), fa) == "۱ فروردین ۱۴۰۵"
    assert long_date(dt.date(2026, 3, 20), fa) == "۲۹ اسفند ۱۴۰۴"
    assert year_of(dt.date(2026, 3, 20), fa) == "۱۴۰۴"
