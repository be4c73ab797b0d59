"""Japanese era (和暦) dates: 2025-11-23 → 令和7年11月23日."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Era:
    name: str
    romaji: str
    start: dt.date
    #: The western year of the era's first year (元年), when ``start`` is not in it.
    first_year: int | None = None

    @property
    def gannen_year(self) -> int:
        return self.first_year or self.start.year


# Start dates as proclaimed; a date before 明治 is shown in the western calendar.
# 明治 is shown from the adoption of the solar calendar (明治6年 = 1873), but
# its years count from 1868.
ERAS: tuple[Era, ...] = (
    Era("令和", "Reiwa", dt.date(2019, 5, 1)),
    Era("平成", "Heisei", dt.date(1989, 1, 8)),
    Era("昭和", "Showa", dt.date(1926, 12, 25)),
    Era("大正", "Taisho", dt.date(1912, 7, 30)),
    Era("明治", "Meiji", dt.date(1873, 1, 1), first_year=1868),
)


def era_for(date: dt.date) -> tuple[Era, int] | None:
    """Return the era and the year within it (1 = 元年), or None before 明治6年."""
    for era in ERAS:
        if date >= era.start:
            return era, date.year - era.gannen_year + 1
    return None


def format_wareki(date: dt.date | dt.datetime, *, gannen: bool = True) -> str:
    """Format as 令和7年11月23日; an era's first year reads 元年 when ``gannen``."""
    if isinstance(date, dt.datetime):
        date = date.date()
    found = era_for(date)
    if found is None:
        return f"{date.year}年{date.month}月{date.day}日"
    era, year = found
    year_text = "元" if (year == 1 and gannen) else str(year)
    return f"{era.name}{year_text}年{date.month}月{date.day}日"
