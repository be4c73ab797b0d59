"""Dates in Zengin files: Japanese-era YYMMDD (和暦) and month-day MMDD.

The era is not written: 070401 is 令和7年4月1日 today, but 310430 is 平成31年
(2019-04-30), because 令和31年 lies decades ahead. Among the eras in which the
date exists, the one giving the date nearest to a reference day (today, or the
file's own creation date) is taken.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from cityhall.common.wareki import ERAS


@lru_cache(maxsize=4096)
def wareki_yymmdd_parse(text: str, reference: dt.date) -> dt.date | None:
    """``YYMMDD`` in an unnamed era → a date; ``000000`` → None.

    Raises ValueError when no era has such a date.
    """
    if text in ("000000", "      "):
        return None
    if len(text) != 6 or not text.isdigit():
        raise ValueError(text)
    year_in_era, month, day = int(text[:2]), int(text[2:4]), int(text[4:])
    if year_in_era == 0:
        raise ValueError(text)
    candidates: list[dt.date] = []
    later_start: dt.date | None = None
    for era in ERAS:  # newest first
        try:
            date = dt.date(era.start.year + year_in_era - 1, month, day)
        except ValueError:
            later_start = era.start
            continue
        if date >= era.start and (later_start is None or date < later_start):
            candidates.append(date)
        later_start = era.start
    if not candidates:
        raise ValueError(text)
    return min(candidates, key=lambda d: abs((d - reference).days))


def mmdd_parse(text: str, reference: dt.date) -> dt.date | None:
    """``MMDD`` without a year → the date of that month and day nearest to
    ``reference`` (a debit date in December read on 5 January is last year's)."""
    if text in ("0000", "    "):
        return None
    if len(text) != 4 or not text.isdigit():
        raise ValueError(text)
    month, day = int(text[:2]), int(text[2:])
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise ValueError(text)
    return min(candidates, key=lambda d: abs((d - reference).days))
