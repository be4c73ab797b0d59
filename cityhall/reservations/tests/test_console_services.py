"""Staff services: usage records (利用実績), the city's cancellation of one
booking, blackouts that cancel, refund and notify, and recurring city
bookings that skip conflicts and say why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from cityhall.common.errors import PermissionDeniedError
from cityhall.core.models import AuditRecord, ResidentProfile
from cityhall.payments.models import Invoice, Refund
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.models import Blackout, Booking
from cityhall.reservations.services.blackouts import blackout_create
from cityhall.reservations.services.booking import booking_create_provisional
from cityhall.reservations.services.console import (
    booking_cancel_by_city,
    booking_usage_record,
)
from cityhall.reservations.services.recurring import (
    SkipReason,
    city_bookings_create,
)
from cityhall.reservations.slot_ids import slot_id_make

from .console_helpers import booking_on, bookings_staff, paid_booking
from .factories import facility_make, resident_make, room_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    settings.CITYHALL_BASE_URL = "http://testserver"


def _aware(day, hour):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# --- usage records -------------------------------------------------------------


def test_usage_is_recorded_for_a_confirmed_booking_of_today():
    """A confirmed booking of today becomes used, with who and when."""
    staff = bookings_staff()
    booking = booking_on(room_make(), timezone.localdate(), resident_make())
    recorded = booking_usage_record(booking=booking, outcome="used", actor=staff)
    assert recorded.state == Booking.State.USED
    assert recorded.usage_recorded_by == staff
    assert AuditRecord.objects.filter(
        action="reservations.booking.usage_record"
    ).exists()


def test_recording_the_same_usage_twice_changes_nothing():
    """A double click: the second call returns the booking as it was, with
    one audit record."""
    staff = bookings_staff()
    booking = booking_on(room_make(), timezone.localdate(), resident_make())
    first = booking_usage_record(booking=booking, outcome="no_show", actor=staff)
    second = booking_usage_record(booking=booking, outcome="no_show", actor=staff)
    assert second.state == Booking.State.NO_SHOW
    assert second.usage_recorded_at == first.usage_recorded_at
    assert (
        AuditRecord.objects.filter(action="reservations.booking.usage_record").count()
        == 1
    )


def test_usage_cannot_be_recorded_before_the_day(future_weekday):
    """A booking still ahead is refused and stays confirmed."""
    booking = booking_on(room_make(), future_weekday, resident_make())
    with pytest.raises(ReservationError) as caught:
        booking_usage_record(booking=booking, outcome="used", actor=bookings_staff())
    assert caught.value.code == "booking_not_recordable"
    booking.refresh_from_db()
    assert booking.state == Booking.State.CONFIRMED


def test_usage_cannot_be_changed_once_recorded():
    """A used booking cannot be turned into a no-show."""
    staff = bookings_staff()
    booking = booking_on(room_make(), timezone.localdate(), resident_make())
    booking_usage_record(booking=booking, outcome="used", actor=staff)
    with pytest.raises(ReservationError) as caught:
        booking_usage_record(booking=booking, outcome="no_show", actor=staff)
    assert caught.value.code == "booking_not_recordable"


# --- the city's cancellation of one booking ---------------------------------


def test_city_cancellation_refunds_in_full_and_mails_in_english(
    future_weekday, django_capture_on_commit_callbacks
):
    """A paid booking cancelled by the city the day before is refunded in
    full (the resident's policy would give 50 %) and its resident, who reads
    English, gets the reason in English."""
    resident = resident_make()
    ResidentProfile.objects.filter(user=resident).update(preferred_language="en")
    booking = paid_booking(room_make(resident_fee=600), future_weekday, resident)
    now = _aware(future_weekday - dt.timedelta(days=1), 10)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = booking_cancel_by_city(
            booking=booking, reason="Water leak", actor=bookings_staff(), now=now
        )
    assert cancelled.state == Booking.State.CANCELLED
    assert cancelled.refunded_amount == 600
    assert Refund.objects.get(payment__invoice=booking.invoice).amount == 600
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [resident.email]
    assert "We are sorry: the city had to cancel your booking." in mail.outbox[0].body
    assert "Water leak" in mail.outbox[0].body
    cancelled.refresh_from_db()
    assert cancelled.notice_sent_at is not None


def test_city_cancellation_mail_follows_a_japanese_resident(
    future_weekday, django_capture_on_commit_callbacks
):
    """A resident who reads Japanese gets the mail in Japanese."""
    resident = resident_make()
    booking = paid_booking(room_make(), future_weekday, resident)
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel_by_city(booking=booking, reason="断水", actor=bookings_staff())
    with translation.override("ja"):
        facility_label = translation.gettext("Facility")
    assert f"{facility_label}: " in mail.outbox[0].body


def test_city_cancellation_twice_refunds_and_mails_once(
    future_weekday, django_capture_on_commit_callbacks
):
    """A double click: one refund, one mail."""
    staff = bookings_staff()
    booking = paid_booking(room_make(), future_weekday, resident_make())
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel_by_city(booking=booking, reason="工事", actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel_by_city(booking=booking, reason="工事", actor=staff)
    assert Refund.objects.filter(payment__invoice=booking.invoice).count() == 1
    assert len(mail.outbox) == 1


def test_city_cancellation_of_an_unpaid_booking_cancels_its_invoice(future_weekday):
    """A provisional booking's open invoice is cancelled; nothing is refunded."""
    booking = booking_create_provisional(
        resident=resident_make(),
        slot=slot_id_make(
            room_public_id=room_make().public_id, date=future_weekday, start=dt.time(9)
        ),
    )
    cancelled = booking_cancel_by_city(
        booking=booking, reason="工事", actor=bookings_staff()
    )
    assert cancelled.refunded_amount == 0
    assert Invoice.objects.get(pk=booking.invoice_id).status == Invoice.Status.CANCELLED


def test_city_cancellation_needs_a_reason(future_weekday):
    """Without a reason nothing changes."""
    booking = paid_booking(room_make(), future_weekday, resident_make())
    with pytest.raises(ReservationError) as caught:
        booking_cancel_by_city(booking=booking, reason="  ", actor=bookings_staff())
    assert caught.value.code == "reason_required"
    booking.refresh_from_db()
    assert booking.state == Booking.State.CONFIRMED


# --- blackouts ---------------------------------------------------------------


def test_blackout_cancels_refunds_and_notifies_the_bookings_it_overlaps(
    future_weekday, django_capture_on_commit_callbacks
):
    """A blackout over the morning cancels and refunds the paid morning
    booking and the unpaid one of another resident on the next day's
    morning, and leaves the afternoon booking alone; two mails go out."""
    room = room_make(resident_fee=600)
    morning = paid_booking(room, future_weekday, resident_make())
    afternoon = paid_booking(room, future_weekday, resident_make(), hour=13)
    with django_capture_on_commit_callbacks(execute=True):
        blackout, cancelled = blackout_create(
            room=room,
            starts_at=_aware(future_weekday, 8),
            ends_at=_aware(future_weekday, 12),
            reason="床の補修",
            actor=bookings_staff(),
        )
    assert [b.pk for b in cancelled] == [morning.pk]
    morning.refresh_from_db()
    afternoon.refresh_from_db()
    assert (morning.state, morning.refunded_amount) == (Booking.State.CANCELLED, 600)
    assert morning.blackout == blackout
    assert afternoon.state == Booking.State.CONFIRMED
    assert len(mail.outbox) == 1
    assert "床の補修" in mail.outbox[0].body


def test_blackout_over_several_days_cancels_each_overlapped_booking(future_weekday):
    """Bookings on two days inside the period are both cancelled and listed."""
    room = room_make()
    first = paid_booking(room, future_weekday, resident_make())
    second = booking_on(room, future_weekday + dt.timedelta(days=1), resident_make())
    _blackout, cancelled = blackout_create(
        room=room,
        starts_at=_aware(future_weekday, 0),
        ends_at=_aware(future_weekday + dt.timedelta(days=2), 0),
        reason="改修工事",
        actor=bookings_staff(),
    )
    assert {b.pk for b in cancelled} == {first.pk, second.pk}


def test_blackout_in_the_past_is_refused(future_weekday):
    """A period already over is refused and nothing is saved."""
    room = room_make()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ReservationError) as caught:
        blackout_create(
            room=room,
            starts_at=_aware(yesterday, 8),
            ends_at=_aware(yesterday, 12),
            reason="x",
            actor=bookings_staff(),
        )
    assert caught.value.code == "blackout_invalid"
    assert not Blackout.objects.exists()


# --- recurring city bookings ---------------------------------------------------


def _next(weekday, after):
    day = after
    while day.weekday() != weekday:
        day += dt.timedelta(days=1)
    return day


def test_recurring_booking_books_free_dates_and_says_which_were_skipped():
    """Mondays and Tuesdays at a facility closed on Tuesdays: Mondays are
    booked except the one a resident holds and the one blacked out, each
    Tuesday is skipped as closed, and the resident's booking is untouched."""
    facility = facility_make(closed_weekdays=[1])
    room = room_make(facility=facility)
    monday = _next(0, timezone.localdate() + dt.timedelta(days=7))
    mondays = [monday + dt.timedelta(weeks=n) for n in range(4)]
    held = booking_on(room, mondays[1], resident_make())
    Blackout.objects.create(
        room=room,
        starts_at=_aware(mondays[2], 0),
        ends_at=_aware(mondays[2], 23),
        reason="点検",
    )
    outcome = city_bookings_create(
        room=room,
        weekdays={0, 1},
        starts={dt.time(9)},
        date_from=mondays[0],
        date_to=mondays[3] + dt.timedelta(days=1),
        purpose="市民講座",
        actor=bookings_staff(),
    )
    booked = {b.date for b in outcome.created}
    skipped = {(s.date, s.reason) for s in outcome.skipped}
    from cityhall.reservations.holidays import national_holidays

    holidays = national_holidays(mondays[0], mondays[3])
    expected_free = {d for d in (mondays[0], mondays[3]) if d not in holidays}
    assert booked == expected_free
    assert (mondays[1], SkipReason.BOOKED) in skipped
    assert (mondays[2], SkipReason.BLACKOUT) in skipped
    assert {(d + dt.timedelta(days=1), SkipReason.CLOSED) for d in mondays} <= skipped
    city = Booking.objects.filter(held_by_city=True)
    assert all(b.resident_id is None and b.fee == 0 for b in city)
    assert all(b.state == Booking.State.CONFIRMED for b in city)
    held.refresh_from_db()
    assert held.state == Booking.State.CONFIRMED and not held.held_by_city


def test_recurring_booking_skips_national_holidays_where_closed():
    """A facility closed on national holidays is not booked on one."""
    facility = facility_make(closed_on_national_holidays=True)
    room = room_make(facility=facility)
    year = timezone.localdate().year + 1
    culture_day = dt.date(year, 11, 3)  # 文化の日
    outcome = city_bookings_create(
        room=room,
        weekdays={culture_day.weekday()},
        starts={dt.time(13)},
        date_from=culture_day,
        date_to=culture_day,
        purpose="文化祭",
        actor=bookings_staff(),
    )
    assert outcome.created == []
    assert [(s.date, s.reason) for s in outcome.skipped] == [
        (culture_day, SkipReason.HOLIDAY)
    ]


def test_recurring_booking_twice_books_nothing_twice(future_weekday):
    """Sending the form again: every slot is now skipped as booked."""
    room = room_make()
    kwargs = dict(
        room=room,
        weekdays={future_weekday.weekday()},
        starts={dt.time(9), dt.time(18)},
        date_from=future_weekday,
        date_to=future_weekday + dt.timedelta(days=6),
        purpose="市の行事",
        actor=bookings_staff(),
    )
    first = city_bookings_create(**kwargs)
    second = city_bookings_create(**kwargs)
    assert len(first.created) == 2
    assert second.created == []
    assert {s.reason for s in second.skipped} == {SkipReason.BOOKED}
    assert Booking.objects.filter(held_by_city=True).count() == 2


def test_recurring_booking_refuses_a_slot_the_room_does_not_have(future_weekday):
    """A start time that is not one of the room's slots is refused."""
    with pytest.raises(ReservationError) as caught:
        city_bookings_create(
            room=room_make(),
            weekdays={2},
            starts={dt.time(10)},
            date_from=future_weekday,
            date_to=future_weekday,
            purpose="x",
            actor=bookings_staff(),
        )
    assert caught.value.code == "invalid_slots"


def test_a_city_booking_cannot_have_a_resident_or_a_fee(future_weekday):
    """The database refuses a city booking with a fee."""
    room = room_make()
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            room=room,
            held_by_city=True,
            date=future_weekday,
            start=dt.time(9),
            end=dt.time(12),
            fee=600,
        )


def test_staff_services_refuse_anyone_without_the_permission(future_weekday):
    """Staff of another division (and residents) cannot cancel, black out or
    book for the city through the services either; nothing changes."""
    booking = paid_booking(room_make(), future_weekday, resident_make())
    for actor in (bookings_staff(allowed=False), resident_make()):
        with pytest.raises(PermissionDeniedError):
            booking_cancel_by_city(booking=booking, reason="x", actor=actor)
        with pytest.raises(PermissionDeniedError):
            blackout_create(
                room=booking.room,
                starts_at=_aware(future_weekday, 8),
                ends_at=_aware(future_weekday, 12),
                reason="x",
                actor=actor,
            )
    booking.refresh_from_db()
    assert booking.state == Booking.State.CONFIRMED
    assert not Blackout.objects.exists()
