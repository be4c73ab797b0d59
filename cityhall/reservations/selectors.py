"""Reads of the reservations app: the public facility registry, availability,
and the signed-in resident's own bookings."""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.reservations.errors import ReservationError
from cityhall.reservations.holidays import national_holidays
from cityhall.reservations.models import (
    ACTIVE_STATES,
    Blackout,
    Booking,
    CalendarFeed,
    Facility,
    ReductionReview,
    Room,
    SlotBlock,
)
from cityhall.reservations.selectors_lottery import lottery_months_held
from cityhall.reservations.slot_ids import slot_id_make, slot_id_read

#: The longest date range one availability request may cover.
MAX_AVAILABILITY_DAYS = 62


def facility_list_public() -> QuerySet[Facility]:
    """Every facility, in display order, with its district and rooms."""
    return Facility.objects.select_related("district").prefetch_related(
        Prefetch("rooms", queryset=Room.objects.order_by("sort_order", "name"))
    )


def facility_get_public(*, public_id: uuid.UUID) -> Facility | None:
    """One facility with its rooms and their blocks, or None."""
    return (
        Facility.objects.select_related("district")
        .prefetch_related(
            Prefetch(
                "rooms",
                queryset=Room.objects.order_by("sort_order", "name").prefetch_related(
                    Prefetch("blocks", queryset=SlotBlock.objects.order_by("start"))
                ),
            )
        )
        .filter(public_id=public_id)
        .first()
    )


def room_get_public(*, public_id: uuid.UUID) -> Room | None:
    """One room with its facility and blocks, or None."""
    return (
        Room.objects.select_related(
            "facility", "facility__district", "facility__municipality"
        )
        .prefetch_related(
            Prefetch("blocks", queryset=SlotBlock.objects.order_by("start"))
        )
        .filter(public_id=public_id)
        .first()
    )


def rooms_with_facility_public() -> QuerySet[Room]:
    """Every room in display order with its facility and blocks loaded, ready
    for :func:`room_availability`."""
    return (
        Room.objects.select_related("facility")
        .prefetch_related(
            Prefetch("blocks", queryset=SlotBlock.objects.order_by("start"))
        )
        .order_by("facility__sort_order", "facility__name", "sort_order", "name")
    )


@dataclass(frozen=True)
class SlotTimes:
    """One slot of a room's scheme on any open day."""

    label: str
    start: dt.time
    end: dt.time


def room_slot_times(room: Room) -> list[SlotTimes]:
    """The room's slots of a day: its blocks, or every whole hour from opening
    to closing (an hour that would run past closing is left out; the last
    hourly slot ends at 23:00 at the latest)."""
    if room.slot_scheme == Room.SlotScheme.BLOCKS:
        return [SlotTimes(b.label, b.start, b.end) for b in room.blocks.all()]
    facility = room.facility
    first = facility.opens_at.hour + (1 if facility.opens_at.minute else 0)
    return [
        SlotTimes(f"{hour:02d}:00", dt.time(hour), dt.time(hour + 1))
        for hour in range(first, 23)
        if dt.time(hour + 1) <= facility.closes_at
    ]


class SlotState:
    FREE = "free"
    BOOKED = "booked"
    UNAVAILABLE = "unavailable"
    LOTTERY = "lottery"


@dataclass
class Slot:
    date: dt.date
    label: str
    start: dt.time
    end: dt.time
    state: str
    slot_id: str | None = None

    @property
    def is_free(self) -> bool:
        return self.state == SlotState.FREE


@dataclass
class Day:
    """One date of a room's availability: closed (with why) or its slots."""

    date: dt.date
    closed_reason: str = ""
    slots: list[Slot] = field(default_factory=list)


def _aware(date: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(date, time))


def availability_range_check(date_from: dt.date, date_to: dt.date) -> None:
    """Refuse a reversed range or one longer than MAX_AVAILABILITY_DAYS (422)."""
    if date_to < date_from:
        raise ReservationError(
            _("The end date is before the start date."), code="range_invalid"
        )
    if (date_to - date_from).days + 1 > MAX_AVAILABILITY_DAYS:
        raise ReservationError(
            _("At most %(days)s days can be shown at once.")
            % {"days": MAX_AVAILABILITY_DAYS},
            code="range_invalid",
            extra={"max_days": MAX_AVAILABILITY_DAYS},
        )


def _holding_bookings(now: dt.datetime) -> Q:
    # A provisional booking past its deadline no longer holds its slot for
    # anyone looking: the next booking attempt (or the hourly task) expires it.
    return Q(state__in=ACTIVE_STATES) & ~Q(
        state=Booking.State.PROVISIONAL, payment_deadline__lte=now
    )


def room_availability(
    *,
    room: Room,
    date_from: dt.date,
    date_to: dt.date,
    now: dt.datetime | None = None,
) -> list[Day]:
    """Each day from ``date_from`` to ``date_to`` for ``room`` (loaded with
    :func:`room_get_public`): closed days with their reason (weekday closed,
    national holiday), otherwise each slot of the scheme as free (with its
    signed ``slot_id``), booked, unavailable (past, or in a blackout), or
    lottery (free but in a month held for a lottery, not bookable first come).

    Three queries whatever the range: the slots' bookings, the blackouts and
    the lottery months.
    """
    availability_range_check(date_from, date_to)
    now = now or timezone.now()
    facility = room.facility
    times = room_slot_times(room)
    taken = set(
        Booking.objects.filter(room=room, date__gte=date_from, date__lte=date_to)
        .filter(_holding_bookings(now))
        .values_list("date", "start")
    )
    blackouts = list(
        Blackout.objects.filter(
            room=room,
            starts_at__lt=_aware(date_to + dt.timedelta(days=1), dt.time.min),
            ends_at__gt=_aware(date_from, dt.time.min),
        ).values_list("starts_at", "ends_at")
    )
    lottery_months = lottery_months_held(
        room=room, date_from=date_from, date_to=date_to
    )
    holidays = (
        national_holidays(date_from, date_to)
        if facility.closed_on_national_holidays
        else {}
    )
    closed_weekdays = set(facility.closed_weekdays or [])
    days = []
    day = date_from
    while day <= date_to:
        if day in holidays:
            days.append(Day(day, closed_reason=str(_("Closed (national holiday)"))))
        elif day.weekday() in closed_weekdays:
            days.append(Day(day, closed_reason=str(_("Closed"))))
        else:
            slots = []
            for times_of in times:
                starts = _aware(day, times_of.start)
                ends = _aware(day, times_of.end)
                if (day, times_of.start) in taken:
                    state = SlotState.BOOKED
                elif starts <= now or any(
                    b_start < ends and b_end > starts for b_start, b_end in blackouts
                ):
                    state = SlotState.UNAVAILABLE
                elif day.replace(day=1) in lottery_months:
                    state = SlotState.LOTTERY
                else:
                    state = SlotState.FREE
                slots.append(
                    Slot(
                        date=day,
                        label=times_of.label,
                        start=times_of.start,
                        end=times_of.end,
                        state=state,
                        slot_id=slot_id_make(
                            room_public_id=room.public_id,
                            date=day,
                            start=times_of.start,
                        )
                        if state == SlotState.FREE
                        else None,
                    )
                )
            days.append(Day(day, slots=slots))
        day += dt.timedelta(days=1)
    return days


def booking_list_for_resident(*, user: Any) -> QuerySet[Booking]:
    """The signed-in resident's own bookings (none for anyone else), newest
    date first, with room, facility and invoice loaded."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Booking.objects.none()
    return (
        Booking.objects.filter(resident=user)
        .select_related("room", "room__facility", "invoice", "reduction_review")
        .order_by("-date", "-start", "-id")
    )


def booking_get_for_resident(*, user: Any, public_id: uuid.UUID) -> Booking | None:
    """One of the resident's own bookings, or None (also for others' ids)."""
    return booking_list_for_resident(user=user).filter(public_id=public_id).first()


def refund_for_cancellation(
    *, booking: Booking, on: dt.date | None = None
) -> tuple[int, int]:
    """(percent, yen) the booking's stored policy refunds if it is cancelled
    ``on`` (today in Asia/Tokyo by default); only paid bookings get money back."""
    if booking.state != Booking.State.CONFIRMED or booking.fee == 0:
        return 0, 0
    on = on or timezone.localdate()
    days_before = (booking.date - on).days
    percent = 0
    rules = sorted(
        booking.cancellation_policy.get("rules", []),
        key=lambda rule: rule["days_before"],
        reverse=True,
    )
    for rule in rules:
        if days_before >= rule["days_before"]:
            percent = int(rule["refund_percent"])
            break
    return percent, booking.fee * percent // 100


def slot_resolve(slot: str) -> tuple[Room, dt.date, SlotTimes]:
    """The room (loaded as :func:`room_get_public` does), date and times a
    signed slot id names; ``slot_invalid`` for a bad id or an unknown room,
    ``slot_unavailable`` when the room no longer has a slot at that time."""
    ref = slot_id_read(slot)
    room = room_get_public(public_id=ref.room_id)
    if room is None:
        raise ReservationError(_("This slot id is not valid."), code="slot_invalid")
    times = next((t for t in room_slot_times(room) if t.start == ref.start), None)
    if times is None:
        raise ReservationError(
            _("This room no longer has a slot at this time."),
            code="slot_unavailable",
        )
    return room, ref.date, times


def resident_rate_applies(*, user: Any, municipality: Any) -> bool:
    """True when ``user``'s profile address is in ``municipality``.

    The resident rate needs an address in the municipality on the resident's
    profile (the municipality's name appears in it, compared after NFKC
    normalisation); a resident with no address, or one elsewhere, pays the
    non-resident rate. Staff can correct a fee later; a fee set too low could
    not be collected afterwards.
    """
    profile = getattr(user, "resident_profile", None)
    address = unicodedata.normalize("NFKC", getattr(profile, "address", "") or "")
    name = unicodedata.normalize("NFKC", municipality.name)
    return bool(address and name and name in address)


def fee_for(*, user: Any, room: Room) -> int:
    """What ``user`` pays per slot of ``room``."""
    if resident_rate_applies(user=user, municipality=room.facility.municipality):
        return room.resident_fee
    return room.non_resident_fee


def calendar_feed_for_resident(*, user: Any) -> CalendarFeed | None:
    """The signed-in resident's calendar feed, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return CalendarFeed.objects.filter(resident=user).first()


def booking_list_for_feed(*, token: str) -> QuerySet[Booking] | None:
    """The active bookings (provisional, confirmed) of the resident whose feed
    token is ``token``, soonest first; None for an unknown or revoked token."""
    feed = CalendarFeed.objects.filter(token=token).only("resident_id").first()
    if not token or feed is None:
        return None
    return (
        Booking.objects.filter(
            resident_id=feed.resident_id,
            state__in=(Booking.State.PROVISIONAL, Booking.State.CONFIRMED),
        )
        .select_related("room", "room__facility")
        .order_by("date", "start", "id")
    )


def reduction_reviewer(user: Any) -> bool:
    """True for staff who may decide fee reductions (減免): active users with
    the ``reservations.change_reductionreview`` permission (give it to the
    facility management group)."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm("reservations.change_reductionreview")
    )


def reduction_review_list_for_staff(
    *, user: Any, pending_only: bool = True
) -> QuerySet[ReductionReview]:
    """Reduction reviews for a reviewer (none for anyone else), oldest first,
    with booking, room, facility and resident loaded."""
    if not reduction_reviewer(user):
        return ReductionReview.objects.none()
    reviews = ReductionReview.objects.select_related(
        "booking",
        "booking__room",
        "booking__room__facility",
        "booking__resident",
        "reviewed_by",
    ).order_by("created_at", "id")
    if pending_only:
        reviews = reviews.filter(status=ReductionReview.Status.PENDING)
    return reviews


def reduction_review_get_for_staff(
    *, user: Any, public_id: uuid.UUID
) -> ReductionReview | None:
    """One reduction review for a reviewer, or None."""
    return (
        reduction_review_list_for_staff(user=user, pending_only=False)
        .filter(public_id=public_id)
        .first()
    )
