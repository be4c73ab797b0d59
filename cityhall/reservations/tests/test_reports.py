"""Utilisation (稼働率): bookable and booked slots per room and month, the
facility total, the exact queries it takes, and the CSV for Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from cityhall.reservations.models import Blackout, Booking
from cityhall.reservations.reports import (
    facility_for_utilisation,
    facility_utilisation,
    utilisation_csv,
)

from .console_helpers import booking_on
from .factories import facility_make, resident_make, room_make

pytestmark = pytest.mark.django_db

FEB = dt.date(2026, 2, 1)


def _feb(day):
    return dt.date(2026, 2, day)


@pytest.fixture
def hall():
    """A hall closed on Mondays and national holidays, with two block rooms.

    February 2026: 28 days, 4 Mondays (2, 9, 16, 23; the 23rd is also 天皇誕生日)
    and 建国記念の日 on Wednesday the 11th: 23 open days, 69 slots per room.
    Room A is blacked out all of Tuesday the 3rd (3 slots): 66 bookable.
    """
    facility = facility_make(closed_weekdays=[0], closed_on_national_holidays=True)
    room_a = room_make(facility=facility, name="会議室A", sort_order=1)
    room_b = room_make(facility=facility, name="会議室B", sort_order=2)
    Blackout.objects.create(
        room=room_a,
        starts_at=timezone.make_aware(dt.datetime(2026, 2, 3, 0, 0)),
        ends_at=timezone.make_aware(dt.datetime(2026, 2, 4, 0, 0)),
        reason="点検",
    )
    resident = resident_make()
    booking_on(room_a, _feb(4), resident)
    booking_on(room_a, _feb(5), resident, state=Booking.State.USED)
    booking_on(room_a, _feb(5), resident, hour=13, state=Booking.State.NO_SHOW)
    booking_on(room_a, _feb(6), resident, state=Booking.State.CANCELLED)
    booking_on(room_a, _feb(6), resident, hour=13, state=Booking.State.PROVISIONAL)
    # In the blacked-out day: not a bookable slot, so not counted.
    booking_on(room_a, _feb(3), resident, state=Booking.State.USED)
    Booking.objects.create(
        room=room_b,
        held_by_city=True,
        date=_feb(10),
        start=dt.time(18),
        end=dt.time(21),
        state=Booking.State.CONFIRMED,
        fee=0,
    )
    return facility


def test_utilisation_counts_bookable_and_booked_slots_per_room_and_total(hall):
    """Room A: 3 of 66 (4.5 %), one used and one no-show; room B: 1 of 69
    (1.4 %, the city's own event); the facility: 4 of 135 (3.0 %)."""
    facility = facility_for_utilisation(public_id=hall.public_id)
    rows = facility_utilisation(facility=facility, month_from=FEB, month_to=FEB)
    figures = [
        (r.room.name if r.room else None, r.bookable, r.booked, r.used, r.no_show)
        for r in rows
    ]
    assert figures == [
        ("会議室A", 66, 3, 1, 1),
        ("会議室B", 69, 1, 0, 0),
        (None, 135, 4, 1, 1),
    ]
    assert [r.percent for r in rows] == [
        Decimal("4.5"),
        Decimal("1.4"),
        Decimal("3.0"),
    ]


def test_utilisation_of_a_year_takes_five_queries(hall, django_assert_num_queries):
    """Three to load the facility, rooms and blocks; two for twelve months of
    bookings and blackouts."""
    with django_assert_num_queries(5):
        facility = facility_for_utilisation(public_id=hall.public_id)
        rows = facility_utilisation(
            facility=facility,
            month_from=dt.date(2025, 4, 1),
            month_to=FEB.replace(month=3),
        )
    assert len(rows) == 12 * 3


def test_utilisation_of_a_month_with_nothing_bookable_has_no_percent(hall):
    """A facility closed every day has no utilisation, not 0 %."""
    hall.closed_weekdays = list(range(7))
    hall.save()
    facility = facility_for_utilisation(public_id=hall.public_id)
    rows = facility_utilisation(facility=facility, month_from=FEB, month_to=FEB)
    assert [r.percent for r in rows] == [None, None, None]


def test_utilisation_csv_opens_in_excel(hall):
    """UTF-8 with a byte-order mark, CRLF, a header row and one row per room
    and month plus the total."""
    facility = facility_for_utilisation(public_id=hall.public_id)
    rows = facility_utilisation(facility=facility, month_from=FEB, month_to=FEB)
    with translation.override("en"):
        body = utilisation_csv(facility=facility, rows=rows)
    assert body.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in body
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert table[0] == [
        "Facility",
        "Room",
        "Month",
        "Bookable slots",
        "Booked slots",
        "Used",
        "No-show",
        "Utilisation, percent",
    ]
    assert table[1] == ["見本公民館", "会議室A", "2026-02", "66", "3", "1", "1", "4.5"]
    assert table[3][1:3] == ["All rooms", "2026-02"]
