"""Recurring bookings for the city's own events (市の行事): staff pick a room,
weekdays, slots, a date range and a purpose; every free slot becomes a
confirmed booking held by the city (no resident, no fee), and every other one
is skipped with the reason (closed day, national holiday, blackout, already
booked, already begun).

Residents' bookings are never touched: a conflict is skipped, not overridden
(staff cancel single bookings with a reason where they must). The partial
unique index ``booking_one_active_per_slot`` still decides a race with a
resident booking at the same moment: the loser's insert is skipped as booked.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.core.services.audit import audit_log
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.holidays import national_holidays
from cityhall.reservations.models import ACTIVE_STATES, Blackout, Booking, Room
from cityhall.reservations.selectors import SlotTimes, room_slot_times
from cityhall.reservations.services.console import staff_check

logger = logging.getLogger(__name__)

#: The longest range one recurring booking covers (a fiscal year and a day).
MAX_RECURRING_DAYS = 366


class SkipReason:
    """Why a date was skipped: stable codes, with their messages below."""

    CLOSED = "closed"
    HOLIDAY = "holiday"
    BLACKOUT = "blackout"
    BOOKED = "booked"
    PAST = "past"


SKIP_MESSAGES = {
    SkipReason.CLOSED: _("The facility is closed on this weekday."),
    SkipReason.HOLIDAY: _("National holiday (the facility is closed)."),
    SkipReason.BLACKOUT: _("The room is blacked out."),
    SkipReason.BOOKED: _("Already booked."),
    SkipReason.PAST: _("Already begun or passed."),
}


@dataclass(frozen=True)
class Skipped:
    """One slot of one date that was not booked, and why."""

    date: dt.date
    times: SlotTimes
    reason: str
    detail: str = ""

    @property
    def message(self) -> str:
        return str(SKIP_MESSAGES[self.reason])


@dataclass
class RecurringOutcome:
    created: list[Booking] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _check(
    room: Room,
    weekdays: set[int],
    starts: set[dt.time],
    date_from: dt.date,
    date_to: dt.date,
    purpose: str,
) -> list[SlotTimes]:
    if not purpose.strip():
        raise ReservationError(
            _("Give the purpose of the event."), code="invalid_purpose"
        )
    if len(purpose) > 200:
        raise ReservationError(
            _("The purpose can be at most %(max)s characters long.") % {"max": 200},
            code="invalid_purpose",
        )
    if date_to < date_from:
        raise ReservationError(
            _("The end date is before the start date."), code="range_invalid"
        )
    if (date_to - date_from).days + 1 > MAX_RECURRING_DAYS:
        raise ReservationError(
            _("At most %(days)s days can be booked at once.")
            % {"days": MAX_RECURRING_DAYS},
            code="range_invalid",
        )
    if not weekdays or not weekdays <= set(range(7)):
        raise ReservationError(
            _("Choose at least one weekday."), code="invalid_weekdays"
        )
    slots = [t for t in room_slot_times(room) if t.start in starts]
    if not starts or len(slots) != len(starts):
        raise ReservationError(
            _("Choose at least one of the room's slots."), code="invalid_slots"
        )
    return slots


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _insert(
    room: Room, day: dt.date, times: SlotTimes, purpose: str, now: dt.datetime
) -> Booking | None:
    booking = Booking(
        room=room,
        resident=None,
        held_by_city=True,
        date=day,
        start=times.start,
        end=times.end,
        slot_label=times.label,
        state=Booking.State.CONFIRMED,
        confirmed_at=now,
        fee=0,
        cancellation_policy={},
        purpose=purpose,
    )
    try:
        with transaction.atomic():
            booking.save(force_insert=True)
    except IntegrityError:
        # A resident booked the slot since it was read: theirs stands.
        return None
    return booking


def city_bookings_create(
    *,
    room: Room,
    weekdays: set[int],
    starts: set[dt.time],
    date_from: dt.date,
    date_to: dt.date,
    purpose: str,
    actor: Any,
    now: dt.datetime | None = None,
) -> RecurringOutcome:
    """Book for the city every slot of ``room`` starting at one of ``starts``
    on each date from ``date_from`` to ``date_to`` whose weekday (0 Monday …
    6 Sunday) is in ``weekdays``, and say which were skipped and why.

    Bookings are confirmed at once, ``held_by_city``, with no resident, fee or
    invoice. Skipped: the facility's closed weekdays, national holidays when
    it closes on them, blackouts, slots held by any active booking, slots
    already begun. Audited once with the counts. ``range_invalid``,
    ``invalid_weekdays``, ``invalid_slots``, ``invalid_purpose`` (422).
    """
    staff_check(actor)
    purpose = (purpose or "").strip()
    slots = _check(room, weekdays, starts, date_from, date_to, purpose)
    now = now or timezone.now()
    facility = room.facility
    closed = set(facility.closed_weekdays or [])
    holidays = (
        national_holidays(date_from, date_to)
        if facility.closed_on_national_holidays
        else {}
    )
    taken = set(
        Booking.objects.filter(
            room=room,
            date__gte=date_from,
            date__lte=date_to,
            state__in=ACTIVE_STATES,
        ).values_list("date", "start")
    )
    blackouts = list(
        Blackout.objects.filter(
            room=room,
            starts_at__lt=_aware(date_to + dt.timedelta(days=1), dt.time.min),
            ends_at__gt=_aware(date_from, dt.time.min),
        ).values_list("starts_at", "ends_at", "reason")
    )
    outcome = RecurringOutcome()
    with transaction.atomic():
        day = date_from
        while day <= date_to:
            if day.weekday() not in weekdays:
                day += dt.timedelta(days=1)
                continue
            for times in slots:
                starts_at, ends_at = _aware(day, times.start), _aware(day, times.end)
                blackout = next(
                    (b for b in blackouts if b[0] < ends_at and b[1] > starts_at),
                    None,
                )
                if day.weekday() in closed:
                    skip = Skipped(day, times, SkipReason.CLOSED)
                elif day in holidays:
                    skip = Skipped(day, times, SkipReason.HOLIDAY, holidays[day])
                elif blackout is not None:
                    skip = Skipped(day, times, SkipReason.BLACKOUT, blackout[2])
                elif (day, times.start) in taken:
                    skip = Skipped(day, times, SkipReason.BOOKED)
                elif starts_at <= now:
                    skip = Skipped(day, times, SkipReason.PAST)
                else:
                    booking = _insert(room, day, times, purpose, now)
                    if booking is not None:
                        outcome.created.append(booking)
                        continue
                    skip = Skipped(day, times, SkipReason.BOOKED)
                outcome.skipped.append(skip)
            day += dt.timedelta(days=1)
        audit_log(
            actor=actor,
            action="reservations.city_bookings.create",
            target=room,
            data={
                "purpose": purpose,
                "date_from": date_from.isoformat(),
                "date_to": date_to.isoformat(),
                "weekdays": sorted(weekdays),
                "starts": sorted(t.strftime("%H:%M") for t in starts),
                "created": len(outcome.created),
                "skipped": len(outcome.skipped),
            },
        )
    logger.info(
        "city bookings for room %s: %s created, %s skipped",
        room.public_id,
        len(outcome.created),
        len(outcome.skipped),
    )
    return outcome
