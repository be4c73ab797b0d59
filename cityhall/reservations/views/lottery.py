"""Lottery pages (抽選): the public window list and page (rules, seed hash,
the seed and the results once released), the resident's entry form and
entries, and the results JSON download."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cityhall.common.errors import ApplicationError
from cityhall.common.forms import add_application_error
from cityhall.core.residents.views import resident_required
from cityhall.reservations.forms_lottery import LotteryEntryForm
from cityhall.reservations.lottery_throttle import lottery_entry_check
from cityhall.reservations.models import LotteryWindow
from cityhall.reservations.selectors import facility_get_public, room_slot_times
from cityhall.reservations.selectors_groups import group_list_enterable
from cityhall.reservations.selectors_lottery import (
    entry_get_for_resident,
    entry_list_for_resident,
    window_get_public,
    window_list_public,
)
from cityhall.reservations.services.lottery import entry_create, entry_withdraw
from cityhall.reservations.slot_ids import slot_id_make


def _window_or_404(public_id: uuid.UUID) -> LotteryWindow:
    window = window_get_public(public_id=public_id)
    if window is None:
        raise Http404
    return window


def lottery_list(request: HttpRequest) -> HttpResponse:
    """Every lottery window, latest month first."""
    return render(
        request,
        "reservations/lottery_list.html",
        {"windows": list(window_list_public()), "now": timezone.now()},
    )


def _entry_form(request: HttpRequest, window: LotteryWindow) -> tuple:
    facility = facility_get_public(public_id=window.facility.public_id)
    rooms = list(facility.rooms.all()) if facility else []
    starts: dict[str, str] = {}
    for room in rooms:
        for times in room_slot_times(room):
            starts.setdefault(
                f"{times.start:%H:%M}",
                f"{times.label} {times.start:%H:%M}–{times.end:%H:%M}"
                if times.label != f"{times.start:%H:%M}"
                else f"{times.start:%H:%M}–{times.end:%H:%M}",
            )
    groups = list(group_list_enterable(user=request.user))
    last = (window.month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    form = LotteryEntryForm(
        request.POST if request.method == "POST" else None,
        rooms=[(str(r.public_id), r.name) for r in rooms],
        starts=sorted(starts.items()),
        groups=[(str(g.public_id), g.name) for g in groups],
        days=[
            window.month + dt.timedelta(days=offset)
            for offset in range((last - window.month).days)
        ],
    )
    return form, rooms


@never_cache
def lottery_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The window's rules and dates, its seed hash (and the seed once
    released), the entry form and the resident's own entries."""
    window = _window_or_404(public_id)
    now = timezone.now()
    accepting = (
        window.state == LotteryWindow.State.OPEN
        and window.opens_at <= now < window.closes_at
    )
    signed_in = request.user.is_authenticated and not request.user.is_staff
    form = None
    status = 200
    if signed_in and accepting:
        form, rooms = _entry_form(request, window)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            room = next(r for r in rooms if str(r.public_id) == data["room"])
            try:
                lottery_entry_check(request)
                entry_create(
                    resident=request.user,
                    window=window,
                    slot=slot_id_make(
                        room_public_id=room.public_id,
                        date=data["date"],
                        start=dt.time.fromisoformat(data["start"]),
                    ),
                    group_public_id=data["group"] or None,
                )
            except ApplicationError as error:
                add_application_error(form, error)
                status = error.status
            else:
                messages.success(request, _("Your wish is entered."))
                return redirect("reservations:lottery_detail", window.public_id)
        elif form.errors:
            status = 400
    elif request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        status = 409
    entries = (
        list(entry_list_for_resident(user=request.user, window=window))
        if signed_in
        else []
    )
    return render(
        request,
        "reservations/lottery_detail.html",
        {
            "window": window,
            "form": form,
            "accepting": accepting,
            "signed_in": signed_in,
            "entries": entries,
            "released": window.state == LotteryWindow.State.RELEASED,
        },
        status=status,
    )


@never_cache
@resident_required
def my_lottery_entries(request: HttpRequest) -> HttpResponse:
    """Every entry of the resident, with its outcome and booking."""
    return render(
        request,
        "reservations/lottery_my_entries.html",
        {"entries": list(entry_list_for_resident(user=request.user))},
    )


@never_cache
@resident_required
@require_POST
def lottery_entry_withdraw(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Withdraw one of the resident's entries while entries are open."""
    entry = entry_get_for_resident(user=request.user, public_id=public_id)
    if entry is None:
        raise Http404
    try:
        entry_withdraw(resident=request.user, entry=entry)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your wish is withdrawn."))
    return redirect("reservations:lottery_detail", entry.window.public_id)


@require_http_methods(["GET"])
def lottery_result_json(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The released result as JSON (entries, winners, seed hash and seed),
    the input of ``manage.py lottery_verify --file``. 404 until released."""
    window = _window_or_404(public_id)
    if window.state != LotteryWindow.State.RELEASED:
        raise Http404
    response = HttpResponse(
        json.dumps(window.result, ensure_ascii=False, indent=1),
        content_type="application/json",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="lottery-{window.public_id}.json"'
    )
    return response
