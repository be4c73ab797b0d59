"""Era dates without an era name (和暦 YYMMDD) and month-day dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityhall.payments.zengin.dates import mmdd_parse, wareki_yymmdd_parse
from cityhall.payments.zengin.writer import wareki_yymmdd

TODAY = dt.date(2026, 1, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("071201", dt.date(2025, 12, 1)),  # 令和7年
        ("310430", dt.date(2019, 4, 30)),  # 平成31年, the era's last day
        ("010501", dt.date(2019, 5, 1)),  # 令和元年, its first day
        ("640107", dt.date(1989, 1, 7)),  # 昭和64年
        ("000000", None),
    ],
)
def test_wareki_yymmdd_parse(text, expected):
    """Each date reads in the era that puts it nearest to today."""
    assert wareki_yymmdd_parse(text, TODAY) == expected


@pytest.mark.parametrize("text", ["071340", "070230", "000101", "07120X"])
def test_wareki_yymmdd_parse_refuses_impossible_dates(text):
    """Month 13, 30 February, year 0 and letters are refused."""
    with pytest.raises(ValueError):
        wareki_yymmdd_parse(text, TODAY)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_wareki_round_trip_near_today(date):
    """Writing a date as YYMMDD and reading it back gives the same date, for
    dates within the span of one era around the reference day."""
    assert wareki_yymmdd_parse(wareki_yymmdd(date), date) == date


def test_mmdd_parse_picks_the_nearest_year():
    """A December debit date read in January is last year's."""
    assert mmdd_parse("1227", TODAY) == dt.date(2025, 12, 27)
    assert mmdd_parse("0127", TODAY) == dt.date(2026, 1, 27)
    assert mmdd_parse("0000", TODAY) is None
