import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def future_weekday():
    """A Wednesday two weeks ahead that is not a national holiday."""
    from cityhall.reservations.holidays import is_national_holiday

    day = timezone.localdate() + dt.timedelta(days=14)
    while day.weekday() != 2 or is_national_holiday(day):
        day += dt.timedelta(days=1)
    return day
