"""Reads of the lottery (抽選): which months are held for it, public window
pages, the resident's own entries, and the staff screens."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Count, Q, QuerySet

from cityhall.reservations.models import LotteryEntry, LotteryWindow, Room


def month_of(day: dt.date) -> dt.date:
    """The first day of ``day``'s month (how windows name their month)."""
    return day.replace(day=1)


def lottery_months_held(
    *, room: Room, date_from: dt.date, date_to: dt.date
) -> set[dt.date]:
    """The months between the dates whose slots of ``room`` are held for a
    lottery (a window of its facility not yet released): one query."""
    return set(
        LotteryWindow.objects.filter(
            facility_id=room.facility_id,
            month__gte=month_of(date_from),
            month__lte=month_of(date_to),
        )
        .exclude(state=LotteryWindow.State.RELEASED)
        .values_list("month", flat=True)
    )


def lottery_holds(*, room: Room, day: dt.date) -> bool:
    """True when ``day``'s slots of ``room`` are held for a lottery."""
    return month_of(day) in lottery_months_held(room=room, date_from=day, date_to=day)


def window_list_public() -> QuerySet[LotteryWindow]:
    """Every lottery window, latest month first, with its facility."""
    return LotteryWindow.objects.select_related("facility").order_by(
        "-month", "facility__sort_order", "id"
    )


def window_get_public(*, public_id: uuid.UUID) -> LotteryWindow | None:
    """One lottery window with its facility and rooms, or None."""
    return (
        LotteryWindow.objects.select_related("facility", "facility__municipality")
        .filter(public_id=public_id)
        .first()
    )


def entry_list_for_resident(
    *, user: Any, window: LotteryWindow | None = None
) -> QuerySet[LotteryEntry]:
    """The resident's own entries (of one window when given), with room,
    group and booking loaded; none for anyone else."""
    if user is None or not getattr(user, "is_authenticated", False):
        return LotteryEntry.objects.none()
    entries = LotteryEntry.objects.filter(resident=user).select_related(
        "window", "window__facility", "room", "group", "booking", "booking__invoice"
    )
    if window is not None:
        entries = entries.filter(window=window)
    return entries.order_by("date", "start", "room__sort_order", "id")


def entry_get_for_resident(*, user: Any, public_id: uuid.UUID) -> LotteryEntry | None:
    """One of the resident's own entries, or None (also for others' ids)."""
    return entry_list_for_resident(user=user).filter(public_id=public_id).first()


def window_list_for_staff(*, municipality: Any) -> QuerySet[LotteryWindow]:
    """The municipality's windows with their entry and winner counts."""
    return (
        LotteryWindow.objects.filter(facility__municipality=municipality)
        .select_related("facility")
        .annotate(
            entry_count=Count("entries"),
            won_count=Count("entries", filter=Q(entries__state="won")),
        )
        .order_by("-month", "facility__sort_order", "id")
    )


def window_get_for_staff(
    *, municipality: Any, public_id: uuid.UUID
) -> LotteryWindow | None:
    """One of the municipality's windows, or None."""
    return (
        window_list_for_staff(municipality=municipality)
        .filter(public_id=public_id)
        .first()
    )
