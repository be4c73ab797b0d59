"""Utilisation (稼働率) of facilities: per room and month, the share of
bookable slots that were booked, with a CSV for spreadsheets.

* **bookable slots**: every slot of the room's scheme on each day of the
  month, except the facility's closed weekdays, national holidays when the
  facility closes on them, and slots a blackout overlaps;
* **booked slots**: bookable slots held by a confirmed, used or no-show
  booking (residents' and the city's own; provisional bookings are not yet
  booked and cancelled or expired ones are not booked at all);
* **utilisation**: booked / bookable, shown in percent to one decimal.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from cityhall.reservations.holidays import national_holidays
from cityhall.reservations.models import Blackout, Booking, Facility, Room, SlotBlock
from cityhall.reservations.selectors import room_slot_times

#: States counted as booked.
BOOKED_STATES = (Booking.State.CONFIRMED, Booking.State.USED, Booking.State.NO_SHOW)
#: The most months one report covers.
MAX_MONTHS = 12


@dataclass(frozen=True)
class UtilisationRow:
    """One room (or, with ``room`` None, the whole facility) in one month."""

    month: dt.date
    room: Room | None
    bookable: int
    booked: int
    used: int
    no_show: int

    @property
    def percent(self) -> Decimal | None:
        """Booked / bookable in percent to one decimal; None with nothing bookable."""
        if not self.bookable:
            return None
        return (Decimal(self.booked * 100) / self.bookable).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of the months from ``first``'s to ``last``'s."""
    months = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def facility_for_utilisation(*, public_id: uuid.UUID) -> Facility | None:
    """A facility with its rooms and their blocks (three queries), or None."""
    return (
        Facility.objects.prefetch_related(
            Prefetch(
                "rooms",
                queryset=Room.objects.select_related("facility")
                .order_by("sort_order", "name")
                .prefetch_related(
                    Prefetch("blocks", queryset=SlotBlock.objects.order_by("start"))
                ),
            )
        )
        .filter(public_id=public_id)
        .first()
    )


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def facility_utilisation(
    *, facility: Facility, month_from: dt.date, month_to: dt.date
) -> list[UtilisationRow]:
    """Utilisation of each room of ``facility`` (loaded with
    :func:`facility_for_utilisation`) in each month from ``month_from`` to
    ``month_to``: per month, one row per room followed by the facility's total
    (``room`` None). Two queries whatever the range: bookings and blackouts."""
    months = months_between(month_from, month_to)
    if not months:
        return []
    start = months[0]
    end = (months[-1] + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    rooms = list(facility.rooms.all())
    bookings = Booking.objects.filter(
        room__facility=facility,
        date__gte=start,
        date__lte=end,
        state__in=BOOKED_STATES,
    ).values_list("room_id", "date", "start", "state")
    held = {(room_id, day, time): state for room_id, day, time, state in bookings}
    blackouts: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    for room_id, starts_at, ends_at in Blackout.objects.filter(
        room__facility=facility,
        starts_at__lt=_aware(end + dt.timedelta(days=1)),
        ends_at__gt=_aware(start),
    ).values_list("room_id", "starts_at", "ends_at"):
        blackouts.setdefault(room_id, []).append((starts_at, ends_at))
    holidays = (
        national_holidays(start, end) if facility.closed_on_national_holidays else {}
    )
    closed = set(facility.closed_weekdays or [])
    rows: list[UtilisationRow] = []
    for month in months:
        month_rows = [
            _room_month(room, month, closed, holidays, held, blackouts.get(room.pk, []))
            for room in rooms
        ]
        rows.extend(month_rows)
        rows.append(
            UtilisationRow(
                month=month,
                room=None,
                bookable=sum(r.bookable for r in month_rows),
                booked=sum(r.booked for r in month_rows),
                used=sum(r.used for r in month_rows),
                no_show=sum(r.no_show for r in month_rows),
            )
        )
    return rows


def _room_month(
    room: Room,
    month: dt.date,
    closed: set[int],
    holidays: dict[dt.date, str],
    held: dict[tuple[int, dt.date, dt.time], str],
    blackouts: list[tuple[dt.datetime, dt.datetime]],
) -> UtilisationRow:
    slots = room_slot_times(room)
    bookable = booked = used = no_show = 0
    day = month
    while day.month == month.month:
        if day.weekday() not in closed and day not in holidays:
            for times in slots:
                begins = timezone.make_aware(dt.datetime.combine(day, times.start))
                ends = timezone.make_aware(dt.datetime.combine(day, times.end))
                if any(b < ends and e > begins for b, e in blackouts):
                    continue
                bookable += 1
                state = held.get((room.pk, day, times.start))
                if state is not None:
                    booked += 1
                    used += state == Booking.State.USED
                    no_show += state == Booking.State.NO_SHOW
        day += dt.timedelta(days=1)
    return UtilisationRow(month, room, bookable, booked, used, no_show)


def utilisation_csv(*, facility: Facility, rows: Iterable[UtilisationRow]) -> bytes:
    """The rows as CSV in UTF-8 with a byte-order mark (so that Excel opens the
    Japanese names correctly), CRLF line ends, one header row: facility, room
    (the total row says so), month (YYYY-MM), bookable slots, booked slots,
    used, no-show, utilisation in percent (empty with nothing bookable)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            _("Facility"),
            _("Room"),
            _("Month"),
            _("Bookable slots"),
            _("Booked slots"),
            _("Used"),
            _("No-show"),
            _("Utilisation, percent"),
        ]
    )
    for row in rows:
        percent = row.percent
        writer.writerow(
            [
                facility.name,
                row.room.name if row.room is not None else _("All rooms"),
                f"{row.month:%Y-%m}",
                row.bookable,
                row.booked,
                row.used,
                row.no_show,
                "" if percent is None else str(percent),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
