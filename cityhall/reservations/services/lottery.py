"""Lottery (抽選): windows, entries, the draw and the release of results.

A window's seed is drawn from :mod:`secrets` when the window is created and
only its SHA-256 is shown until the results are released. The draw itself is
:func:`cityhall.reservations.lottery_draw.draw`, a pure function of the seed
and the published entries; ``manage.py lottery_verify`` re-runs it.
Winners get a provisional booking through
:func:`~cityhall.reservations.services.booking.booking_create_provisional`,
payable until the window's ``confirm_by``; unpaid, it expires as any other
and its slot opens first come.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from cityhall.common.errors import NotFoundError
from cityhall.reservations import lottery_draw
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.holidays import is_national_holiday
from cityhall.reservations.models import (
    Blackout,
    Facility,
    LotteryEntry,
    LotteryWindow,
)
from cityhall.reservations.selectors import slot_resolve
from cityhall.reservations.selectors_groups import group_list_enterable
from cityhall.reservations.selectors_lottery import month_of
from cityhall.reservations.services.booking import booking_create_provisional
from cityhall.reservations.slot_ids import slot_id_make

logger = logging.getLogger(__name__)


def _error(message: Any, code: str, status: int = 409) -> ReservationError:
    return ReservationError(message, code=code, status=status)


def window_create(
    *,
    facility: Facility,
    month: dt.date,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    confirm_by: dt.datetime,
    max_entries_per_resident: int = 10,
    max_wins_per_resident: int = 4,
    max_wins_per_group: int = 4,
) -> LotteryWindow:
    """Open a lottery for ``month`` of ``facility``'s rooms: a fresh secret
    seed, its SHA-256 published at once. ``lottery_invalid`` (422) unless
    opens < closes < confirm_by and entries close before the month begins, or
    for a cap below 1; ``lottery_exists`` (409) for a second window of the
    month."""
    month = month_of(month)
    if not (opens_at < closes_at < confirm_by):
        raise _error(
            _(
                "Entries must open before they close, and close before the "
                "payment deadline."
            ),
            "lottery_invalid",
            422,
        )
    if timezone.localdate(closes_at) >= month:
        raise _error(
            _("Entries must close before the month begins."), "lottery_invalid", 422
        )
    if min(max_entries_per_resident, max_wins_per_resident, max_wins_per_group) < 1:
        raise _error(_("Every limit must be at least 1."), "lottery_invalid", 422)
    seed = secrets.token_hex(32)
    try:
        with transaction.atomic():
            window = LotteryWindow.objects.create(
                facility=facility,
                month=month,
                opens_at=opens_at,
                closes_at=closes_at,
                confirm_by=confirm_by,
                max_entries_per_resident=max_entries_per_resident,
                max_wins_per_resident=max_wins_per_resident,
                max_wins_per_group=max_wins_per_group,
                seed=seed,
                seed_sha256=lottery_draw.seed_hash(seed),
            )
    except IntegrityError as error:
        raise _error(
            _("This facility already has a lottery for that month."), "lottery_exists"
        ) from error
    logger.info("lottery window %s created", window.public_id)
    return window


def _check_day_open(room: Any, day: dt.date, start: dt.time, end: dt.time) -> None:
    facility = room.facility
    starts = timezone.make_aware(dt.datetime.combine(day, start))
    ends = timezone.make_aware(dt.datetime.combine(day, end))
    if (
        day.weekday() in set(facility.closed_weekdays or [])
        or (facility.closed_on_national_holidays and is_national_holiday(day))
        or Blackout.objects.filter(
            room=room, starts_at__lt=ends, ends_at__gt=starts
        ).exists()
    ):
        raise _error(
            _("The room is not available at this time."), "slot_unavailable", 422
        )


def entry_create(
    *,
    resident: Any,
    window: LotteryWindow,
    slot: str,
    group_public_id: Any = None,
    now: dt.datetime | None = None,
) -> LotteryEntry:
    """Enter ``resident``'s wish for the slot named by the signed ``slot`` id
    (a room of the window's facility, a day of its month), optionally for an
    approved group they registered or belong to.

    ``lottery_closed`` (409) outside the entry period; ``slot_invalid`` /
    ``slot_unavailable`` (422) for a slot outside the window or a closed day;
    ``lottery_cap`` (409) over the resident's entry cap;
    ``lottery_duplicate`` (409) for a second wish for one slot (also a
    database constraint). An unknown or foreign group is not found.
    """
    if resident is None or not getattr(resident, "is_authenticated", False):
        raise _error(_("Sign in first."), "not_authenticated", 401)
    now = now or timezone.now()
    room, day, times = slot_resolve(slot)
    if room.facility_id != window.facility_id or month_of(day) != window.month:
        raise _error(_("This slot is not part of this lottery."), "slot_invalid", 422)
    _check_day_open(room, day, times.start, times.end)
    group = None
    if group_public_id:
        group = (
            group_list_enterable(user=resident)
            .filter(public_id=group_public_id)
            .first()
        )
        if group is None:
            raise NotFoundError(_("No such group."))
    with transaction.atomic():
        # One lock per window: two tabs cannot both pass the cap check.
        locked = LotteryWindow.objects.select_for_update().get(pk=window.pk)
        if not (
            locked.state == LotteryWindow.State.OPEN
            and locked.opens_at <= now < locked.closes_at
        ):
            raise _error(_("This lottery is not accepting entries."), "lottery_closed")
        count = LotteryEntry.objects.filter(window=locked, resident=resident).count()
        if count >= locked.max_entries_per_resident:
            raise _error(
                _("You can enter at most %(max)s wishes in this lottery.")
                % {"max": locked.max_entries_per_resident},
                "lottery_cap",
            )
        entry = LotteryEntry(
            window=locked,
            resident=resident,
            group=group,
            room=room,
            date=day,
            start=times.start,
            end=times.end,
            slot_label=times.label,
        )
        try:
            with transaction.atomic():
                entry.save(force_insert=True)
        except IntegrityError as error:
            raise _error(
                _("You have already entered this slot."), "lottery_duplicate"
            ) from error
    logger.info("lottery entry %s in window %s", entry.public_id, window.public_id)
    return entry


def entry_withdraw(
    *, resident: Any, entry: LotteryEntry, now: dt.datetime | None = None
) -> None:
    """Withdraw one of ``resident``'s entries while the window accepts
    entries. ``lottery_closed`` (409) after that."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            LotteryEntry.objects.select_for_update()
            .select_related("window")
            .filter(pk=entry.pk, resident_id=getattr(resident, "pk", None))
            .first()
        )
        if locked is None:
            raise NotFoundError(_("No such entry."))
        window = locked.window
        if not (window.state == LotteryWindow.State.OPEN and now < window.closes_at):
            raise _error(_("This lottery is not accepting entries."), "lottery_closed")
        locked.delete()


def _pseudonym(window: LotteryWindow, kind: str, pk: int) -> str:
    # Stable within a window, meaningless outside it: the published JSON
    # shows who won how often without naming anyone.
    return salted_hmac(
        "cityhall.lottery", f"{window.public_id}:{kind}:{pk}"
    ).hexdigest()[:16]


def _slot_key(entry: LotteryEntry) -> str:
    return f"{entry.room.public_id}/{entry.date.isoformat()}/{entry.start:%H:%M}"


def window_draw(*, window: LotteryWindow, now: dt.datetime | None = None) -> dict:
    """Draw the lottery once its entries are closed: mark each entry won or
    lost and store the result (entries, winners, seed hash, not the seed).
    ``lottery_not_drawable`` (409) before the close or after a draw."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = LotteryWindow.objects.select_for_update().get(pk=window.pk)
        if locked.state != LotteryWindow.State.OPEN or now < locked.closes_at:
            raise _error(_("This lottery cannot be drawn now."), "lottery_not_drawable")
        entries = list(
            LotteryEntry.objects.filter(window=locked)
            .select_related("room")
            .order_by("public_id")
        )
        rows = [
            {
                "entry": str(e.public_id),
                "resident": _pseudonym(locked, "resident", e.resident_id),
                "group": _pseudonym(locked, "group", e.group_id)
                if e.group_id
                else None,
                "slot": _slot_key(e),
            }
            for e in entries
        ]
        winners = lottery_draw.draw(
            seed_hex=locked.seed,
            entries=lottery_draw.entries_from_json(rows),
            max_wins_per_resident=locked.max_wins_per_resident,
            max_wins_per_group=locked.max_wins_per_group,
        )
        won = set(winners)
        for entry in entries:
            entry.state = (
                LotteryEntry.State.WON
                if str(entry.public_id) in won
                else LotteryEntry.State.LOST
            )
        LotteryEntry.objects.bulk_update(entries, ["state", "updated_at"])
        locked.result = {
            "algorithm": lottery_draw.ALGORITHM,
            "window": str(locked.public_id),
            "month": f"{locked.month:%Y-%m}",
            "seed_sha256": locked.seed_sha256,
            "max_wins_per_resident": locked.max_wins_per_resident,
            "max_wins_per_group": locked.max_wins_per_group,
            "entries": rows,
            "winners": winners,
        }
        locked.state = LotteryWindow.State.DRAWN
        locked.drawn_at = now
        locked.save()
    logger.info("lottery %s drawn: %s winners", locked.public_id, len(winners))
    return locked.result


def window_release(
    *, window: LotteryWindow, now: dt.datetime | None = None
) -> LotteryWindow:
    """Release a drawn lottery: reveal the seed, end the hold on the month and
    give each winner a provisional booking payable until ``confirm_by``. A
    winner whose slot cannot be held (blacked out since, booked before the
    window) loses it, logged. ``lottery_not_releasable`` (409) unless drawn."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = LotteryWindow.objects.select_for_update().get(pk=window.pk)
        if locked.state != LotteryWindow.State.DRAWN:
            raise _error(
                _("Only a drawn lottery can be released."), "lottery_not_releasable"
            )
        # Released first, so that the booking service no longer sees the
        # month as held for the lottery.
        locked.state = LotteryWindow.State.RELEASED
        locked.released_at = now
        locked.result = {**locked.result, "seed": locked.seed}
        locked.save()
        winners = (
            LotteryEntry.objects.filter(window=locked, state=LotteryEntry.State.WON)
            .select_related("room", "resident")
            .order_by("date", "start", "id")
        )
        for entry in winners:
            try:
                with transaction.atomic():
                    entry.booking = booking_create_provisional(
                        resident=entry.resident,
                        slot=slot_id_make(
                            room_public_id=entry.room.public_id,
                            date=entry.date,
                            start=entry.start,
                        ),
                        purpose=str(_("Lottery win")),
                        now=now,
                        payment_deadline=locked.confirm_by,
                    )
                    entry.save(update_fields=["booking", "updated_at"])
            except ReservationError as error:
                logger.warning(
                    "lottery %s: entry %s could not be booked: %s",
                    locked.public_id,
                    entry.public_id,
                    error.code,
                )
    logger.info("lottery %s released", locked.public_id)
    return locked
