"""Japanese national holidays (国民の祝日) for closed days.

The ``holidays`` package implements the 祝日法: fixed and Monday holidays,
the equinoxes, 振替休日 (a holiday on a Sunday moves to the next weekday that
is not a holiday) and 国民の休日 (a day between two holidays). Its data is
maintained upstream, so a new law (a moved holiday, as for the Olympic years)
arrives with a package update rather than an edit here.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays as holidays_package


@lru_cache(maxsize=64)
def _year(year: int) -> dict[dt.date, str]:
    calendar = holidays_package.country_holidays("JP", years=year, language="ja")
    return dict(calendar.items())


def national_holidays(date_from: dt.date, date_to: dt.date) -> dict[dt.date, str]:
    """Holidays from ``date_from`` to ``date_to`` (both included), with their
    Japanese names (振替休日 for a substitute holiday)."""
    found: dict[dt.date, str] = {}
    for year in range(date_from.year, date_to.year + 1):
        for day, name in _year(year).items():
            if date_from <= day <= date_to:
                found[day] = name
    return found


def is_national_holiday(day: dt.date) -> bool:
    """True when ``day`` is a national holiday, a 振替休日 or a 国民の休日."""
    return day in _year(day.year)
