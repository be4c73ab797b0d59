"""Availability: scheme × open days, closed days and holidays, blackouts, past
slots, booked slots, and the number of queries whatever the range."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cityhall.reservations.errors import ReservationError
from cityhall.reservations.models import Blackout, Booking, Room
from cityhall.reservations.selectors import (
    MAX_AVAILABILITY_DAYS,
    SlotState,
    room_availability,
    room_get_public,
    room_slot_times,
)
from cityhall.reservations.slot_ids import slot_id_read

from .factories import facility_make, room_make

pytestmark = pytest.mark.django_db


def _states(day):
    return [(s.label, s.state) for s in day.slots]


def test_blocks_of_an_open_day_are_free_with_signed_ids(future_weekday):
    """Each block of an open future day is free and carries a slot id naming
    the room, date and start."""
    room = room_get_public(public_id=room_make().public_id)
    [day] = room_availability(
        room=room, date_from=future_weekday, date_to=future_weekday
    )
    assert _states(day) == [
        ("午前", SlotState.FREE),
        ("午後", SlotState.FREE),
        ("夜間", SlotState.FREE),
    ]
    ref = slot_id_read(day.slots[1].slot_id)
    assert (ref.room_id, ref.date, ref.start) == (
        room.public_id,
        future_weekday,
        dt.time(13),
    )


def test_booked_blackout_and_closed_days(future_weekday):
    """A booked block is booked (no id), a blacked-out one unavailable, a
    closed weekday closed with no slots."""
    room = room_make()
    room.facility.closed_weekdays = [(future_weekday.weekday() + 1) % 7]
    room.facility.save()
    Booking.objects.create(
        room=room,
        date=future_weekday,
        start=dt.time(9),
        end=dt.time(12),
        fee=600,
        state=Booking.State.CONFIRMED,
    )
    Blackout.objects.create(
        room=room,
        starts_at=timezone.make_aware(dt.datetime.combine(future_weekday, dt.time(17))),
        ends_at=timezone.make_aware(dt.datetime.combine(future_weekday, dt.time(22))),
    )
    room = room_get_public(public_id=room.public_id)
    today, tomorrow = room_availability(
        room=room,
        date_from=future_weekday,
        date_to=future_weekday + dt.timedelta(days=1),
    )
    assert _states(today) == [
        ("午前", SlotState.BOOKED),
        ("午後", SlotState.FREE),
        ("夜間", SlotState.UNAVAILABLE),
    ]
    assert [s.slot_id is None for s in today.slots] == [True, False, True]
    assert tomorrow.closed_reason and tomorrow.slots == []


def test_holidays_close_only_facilities_that_close_on_them():
    """A national holiday closes a facility set to close on holidays; another
    facility is open that day."""
    day = dt.date(2027, 2, 11)  # 建国記念の日, a Thursday
    closing = room_make(facility=facility_make(closed_on_national_holidays=True))
    opening = room_make(facility=facility_make())
    now = timezone.make_aware(dt.datetime(2027, 1, 1))
    [closed] = room_availability(
        room=room_get_public(public_id=closing.public_id),
        date_from=day,
        date_to=day,
        now=now,
    )
    [open_day] = room_availability(
        room=room_get_public(public_id=opening.public_id),
        date_from=day,
        date_to=day,
        now=now,
    )
    assert closed.closed_reason and not closed.slots
    assert [s.state for s in open_day.slots] == [SlotState.FREE] * 3


def test_past_slots_are_unavailable(future_weekday):
    """Slots that have begun are unavailable."""
    room = room_get_public(public_id=room_make().public_id)
    now = timezone.make_aware(dt.datetime.combine(future_weekday, dt.time(14)))
    [day] = room_availability(
        room=room, date_from=future_weekday, date_to=future_weekday, now=now
    )
    assert _states(day) == [
        ("午前", SlotState.UNAVAILABLE),
        ("午後", SlotState.UNAVAILABLE),
        ("夜間", SlotState.FREE),
    ]


def test_overdue_provisional_booking_shows_free(future_weekday):
    """A provisional booking past its payment deadline no longer holds the
    slot for anyone looking."""
    room = room_make()
    Booking.objects.create(
        room=room,
        date=future_weekday,
        start=dt.time(9),
        end=dt.time(12),
        fee=600,
        payment_deadline=timezone.now() - dt.timedelta(minutes=1),
    )
    room = room_get_public(public_id=room.public_id)
    [day] = room_availability(
        room=room, date_from=future_weekday, date_to=future_weekday
    )
    assert day.slots[0].state == SlotState.FREE


def test_hourly_scheme_fills_opening_hours():
    """An hourly room has one slot per whole hour between opening and closing."""
    facility = facility_make(opens_at=dt.time(8, 30), closes_at=dt.time(12))
    room = room_make(facility=facility, scheme=Room.SlotScheme.HOURLY)
    room = room_get_public(public_id=room.public_id)
    assert [(t.start, t.end) for t in room_slot_times(room)] == [
        (dt.time(9), dt.time(10)),
        (dt.time(10), dt.time(11)),
        (dt.time(11), dt.time(12)),
    ]


def test_range_limits(future_weekday):
    """A reversed range or one over the maximum is refused (range_invalid)."""
    room = room_get_public(public_id=room_make().public_id)
    for date_to in (
        future_weekday - dt.timedelta(days=1),
        future_weekday + dt.timedelta(days=MAX_AVAILABILITY_DAYS),
    ):
        with pytest.raises(ReservationError) as caught:
            room_availability(room=room, date_from=future_weekday, date_to=date_to)
        assert caught.value.code == "range_invalid"
    days = room_availability(
        room=room,
        date_from=future_weekday,
        date_to=future_weekday + dt.timedelta(days=MAX_AVAILABILITY_DAYS - 1),
    )
    assert len(days) == MAX_AVAILABILITY_DAYS


@pytest.mark.parametrize(("days", "bookings"), [(1, 1), (62, 20)])
def test_availability_query_count(
    future_weekday, django_assert_num_queries, days, bookings
):
    """Loading the room and its availability takes five queries (room with
    its facility, its blocks, the bookings, the blackouts, the lottery
    months), for one day with one booking as for 62 days with twenty."""
    room = room_make()
    for n in range(bookings):
        Booking.objects.create(
            room=room,
            date=future_weekday + dt.timedelta(days=n % days),
            start=[dt.time(9), dt.time(13), dt.time(18)][n // days % 3],
            end=[dt.time(12), dt.time(17), dt.time(21)][n // days % 3],
            fee=600,
            state=Booking.State.CONFIRMED,
        )
    with django_assert_num_queries(5):
        loaded = room_get_public(public_id=room.public_id)
        result = room_availability(
            room=loaded,
            date_from=future_weekday,
            date_to=future_weekday + dt.timedelta(days=days - 1),
        )
    booked = sum(s.state == SlotState.BOOKED for d in result for s in d.slots)
    assert booked == bookings
