"""Public pages: the facility list, one facility, a room's month calendar.

Usable without signing in. For anonymous visitors the pages are the same for
everyone, so they may be cached for a minute (``Cache-Control: public,
max-age=60``): when a month opens, a crowd reloading the calendar is served
by caches in front of the site. Signed-in residents get the same calendar with
a "Book" link on each free slot, never cached by shared caches.
"""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dates import WEEKDAYS
from django.views.decorators.http import require_GET

from cityhall.reservations.selectors import (
    facility_get_public,
    facility_list_public,
    fee_for,
    room_availability,
    room_get_public,
    room_slot_times,
)
from cityhall.website.page_cache import cacheable_until, mark_cacheable

#: Seconds anonymous visitors' pages may be reused by browsers and caches.
PUBLIC_MAX_AGE = 60


#: Months of the calendar the site's own page cache keeps for anonymous
#: visitors: from last month to this many months ahead.
CACHED_MONTHS_AHEAD = 24


def _cache_for_visitor(
    request: HttpRequest, response: HttpResponse, *, shared: bool = True
) -> HttpResponse:
    """Anonymous visitors' pages are public for a minute, in caches in front
    of the site and (``shared``) in the site's own page cache, so a crowd on
    a calendar when a month opens costs one render a minute; a booking made
    meanwhile shows within that minute, and booking a slot shown stale as
    free is refused with a clear message. Signed-in pages are never shared."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
        return response
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    if shared:
        mark_cacheable(response)
        cacheable_until(response, timezone.now() + dt.timedelta(seconds=PUBLIC_MAX_AGE))
    return response


@require_GET
def facility_list(request: HttpRequest) -> HttpResponse:
    """Every facility with its kind, district and rooms."""
    response = render(
        request,
        "reservations/facility_list.html",
        {"facilities": facility_list_public()},
    )
    return _cache_for_visitor(request, response)


@require_GET
def facility_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One facility: address, hours, accessibility, equipment, rooms and fees."""
    facility = facility_get_public(public_id=public_id)
    if facility is None:
        raise Http404
    closed = sorted(set(facility.closed_weekdays or []))
    response = render(
        request,
        "reservations/facility_detail.html",
        {
            "facility": facility,
            "closed_weekday_names": [WEEKDAYS[d] for d in closed if d in WEEKDAYS],
        },
    )
    return _cache_for_visitor(request, response)


def _month(text: str | None, today: dt.date) -> dt.date | None:
    """The first day of ``YYYY-MM``, this month when absent, None if malformed."""
    if not text:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in text.split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return None


def _shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@require_GET
def room_calendar(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A room's slots for one month as a table: one row per day, one column
    per slot of the scheme, each cell saying in words whether it is free,
    booked or unavailable (and why a day is closed)."""
    room = room_get_public(public_id=public_id)
    if room is None:
        raise Http404
    today = timezone.localdate()
    month = _month(request.GET.get("month"), today)
    if month is None or not 2000 <= month.year <= 2200:
        response = render(
            request,
            "reservations/room_calendar.html",
            {"room": room, "facility": room.facility, "bad_month": True},
            status=400,
        )
        return _cache_for_visitor(request, response)
    this_month = today.replace(day=1)
    near = _shift(this_month, -1) <= month <= _shift(this_month, CACHED_MONTHS_AHEAD)
    last = _shift(month, 1) - dt.timedelta(days=1)
    days = room_availability(room=room, date_from=month, date_to=last)
    signed_in = bool(request.user.is_authenticated and not request.user.is_staff)
    response = render(
        request,
        "reservations/room_calendar.html",
        {
            "room": room,
            "facility": room.facility,
            "month": month,
            "previous_month": _shift(month, -1),
            "next_month": _shift(month, 1),
            "columns": room_slot_times(room),
            "days": days,
            "can_book": signed_in,
            "login_url": f"{reverse('accounts:login')}?"
            + urlencode({"next": request.get_full_path()}),
            "fee": fee_for(user=request.user, room=room) if signed_in else None,
        },
    )
    return _cache_for_visitor(request, response, shared=near)
