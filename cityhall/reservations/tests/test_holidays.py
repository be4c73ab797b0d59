"""National holidays as the 祝日法 defines them, substitute days included."""

from __future__ import annotations

import datetime as dt

import pytest

from cityhall.reservations.holidays import is_national_holiday, national_holidays


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (dt.date(2024, 2, 12), "建国記念の日 on a Sunday moves to Monday"),
        (dt.date(2024, 5, 6), "こどもの日 on a Sunday: Monday is the 振替休日"),
        (dt.date(2025, 11, 24), "勤労感謝の日 on a Sunday"),
        (dt.date(2026, 5, 6), "憲法記念日 on a Sunday: moves past 4 and 5 May"),
    ],
)
def test_substitute_holidays(day, why):
    """A holiday on a Sunday gives the next non-holiday weekday off (振替休日)."""
    assert is_national_holiday(day), why
    assert national_holidays(day, day) == {day: "振替休日"}


def test_citizens_holiday_between_two_holidays():
    """22 September 2026 lies between 敬老の日 and 秋分の日: 国民の休日."""
    assert national_holidays(dt.date(2026, 9, 21), dt.date(2026, 9, 23)) == {
        dt.date(2026, 9, 21): "敬老の日",
        dt.date(2026, 9, 22): "国民の休日",
        dt.date(2026, 9, 23): "秋分の日",
    }


@pytest.mark.parametrize(
    "day",
    [dt.date(2024, 2, 13), dt.date(2025, 5, 7), dt.date(2026, 9, 24)],
)
def test_ordinary_days_are_not_holidays(day):
    """The day after a substitute holiday or a holiday run is a working day."""
    assert not is_national_holiday(day)


def test_range_crosses_years():
    """A range over New Year returns both years' holidays in it."""
    found = national_holidays(dt.date(2025, 12, 31), dt.date(2027, 1, 1))
    assert dt.date(2026, 1, 1) in found and dt.date(2027, 1, 1) in found
    assert dt.date(2025, 12, 31) not in found
