"""The reservations staff console (/admin/reservations/): who gets in, the
bookings list and its query count, a booking's page with usage and
cancellation, blackouts, city events and utilisation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from cityhall.core.models import AuditRecord
from cityhall.core.tests.factories import StaffFactory
from cityhall.reservations.models import Blackout, Booking

from .console_helpers import (
    booking_on,
    bookings_staff,
    paid_booking,
    sign_in_verified,
)
from .factories import resident_make, room_make

pytestmark = pytest.mark.django_db

SCREENS = [
    "reservations_console:bookings",
    "reservations_console:blackouts",
    "reservations_console:recurring",
    "reservations_console:utilisation",
    "reservations_console:utilisation_csv",
]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    settings.CITYHALL_BASE_URL = "http://testserver"


@pytest.fixture
def room():
    return room_make()


@pytest.fixture
def staff(client, room):
    return sign_in_verified(client, bookings_staff())


def _t(message):
    with translation.override("ja"):
        return translation.gettext(message)


# --- who gets in -----------------------------------------------------------------


@pytest.mark.parametrize("name", SCREENS)
def test_staff_who_manage_bookings_open_every_screen(client, staff, name):
    """Each screen answers 200 to staff with the permission."""
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", SCREENS)
def test_staff_without_the_permission_get_403(client, room, name):
    """Other staff reach the console but not these screens."""
    sign_in_verified(client, bookings_staff(allowed=False))
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert (
        _t(
            "Only staff who manage the public facilities may open the facility "
            "bookings console. Ask the IT policy division if you need access."
        )
        in response.content.decode()
    )


@pytest.mark.parametrize("name", SCREENS)
def test_residents_are_refused(client, room, name):
    """A signed-in resident never gets a console page."""
    client.force_login(resident_make())
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", SCREENS)
def test_anonymous_visitors_are_sent_to_sign_in(client, room, name):
    """Anonymous visitors are redirected to the staff sign-in."""
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_without_second_factor_are_sent_to_it(client, room):
    """A password-only session of permitted staff goes to the code step."""
    client.force_login(bookings_staff())
    response = client.get(reverse("reservations_console:bookings"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff_auth:otp_setup"))
    assert "next=%2Fadmin%2Freservations%2F" in response["Location"]


def test_the_menu_shows_the_console_to_permitted_staff_only(client, room):
    """The admin menu links the console for staff with the permission."""
    url = reverse("reservations_console:bookings")
    sign_in_verified(client, bookings_staff())
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()
    client.logout()
    sign_in_verified(client, bookings_staff(allowed=False))
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_superuser_without_the_group_gets_in(client, room):
    """Superusers hold every permission, this one included."""
    sign_in_verified(client, StaffFactory(password="!", is_superuser=True))
    assert client.get(reverse("reservations_console:bookings")).status_code == 200


# --- bookings list -------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 20])
def test_booking_list_query_count(
    client, staff, room, future_weekday, django_assert_num_queries, rows
):
    """The list runs the same queries at 1 and 20 rows."""
    for n in range(rows):
        booking_on(room, future_weekday + dt.timedelta(days=n), resident_make())
    url = reverse("reservations_console:bookings") + (
        f"?facility={room.facility.public_id}&date_from={future_weekday}"
        f"&date_to={future_weekday + dt.timedelta(days=30)}"
    )
    assert client.get(url).status_code == 200
    with django_assert_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == rows


def test_booking_list_filters_by_state_and_room(client, staff, room, future_weekday):
    """Only the chosen room's bookings in the chosen state are listed."""
    other = room_make(facility=room.facility, name="和室")
    mine = booking_on(room, future_weekday, resident_make())
    booking_on(room, future_weekday, resident_make(), hour=13, state="cancelled")
    booking_on(other, future_weekday, resident_make())
    response = client.get(
        reverse("reservations_console:bookings"),
        {
            "facility": room.facility.public_id,
            "date_from": future_weekday,
            "date_to": future_weekday,
            "state": "confirmed",
            "room": room.public_id,
        },
    )
    assert list(response.context["page"].object_list) == [mine]


def test_booking_list_refuses_a_room_of_another_facility(client, staff, room):
    """A room outside the chosen facility is an error on the room field."""
    other = room_make()
    response = client.get(
        reverse("reservations_console:bookings"),
        {"facility": room.facility.public_id, "room": other.public_id},
    )
    assert response.status_code == 400
    assert 'href="#id_room"' in response.content.decode()


# --- a booking ------------------------------------------------------------------


def test_booking_page_shows_the_resident_and_is_audited(client, staff, room):
    """The page names the resident and leaves an audit record of the read."""
    resident = resident_make()
    booking = booking_on(room, timezone.localdate(), resident)
    response = client.get(
        reverse("reservations_console:booking", args=[booking.public_id])
    )
    assert response.status_code == 200
    assert resident.resident_profile.family_name in response.content.decode()
    assert AuditRecord.objects.filter(action="reservations.booking.view").count() == 1


def test_recording_usage_twice_from_the_page_records_once(client, staff, room):
    """Two clicks on Record: the booking is used, one audit record."""
    booking = booking_on(room, timezone.localdate(), resident_make())
    url = reverse("reservations_console:booking_usage", args=[booking.public_id])
    assert client.post(url, {"outcome": "used"}).status_code == 302
    assert client.post(url, {"outcome": "used"}).status_code == 302
    booking.refresh_from_db()
    assert booking.state == Booking.State.USED
    assert (
        AuditRecord.objects.filter(action="reservations.booking.usage_record").count()
        == 1
    )


def test_recording_usage_of_a_future_booking_shows_the_error(
    client, staff, room, future_weekday
):
    """The refusal appears above the form; nothing changes."""
    booking = booking_on(room, future_weekday, resident_make())
    url = reverse("reservations_console:booking_usage", args=[booking.public_id])
    response = client.post(url, {"outcome": "used"})
    assert response.status_code == 400
    assert _t("Usage can be recorded from the day of the booking.") in (
        response.content.decode()
    )


def test_cancelling_from_the_page_refunds_and_mails(
    client, staff, room, future_weekday, django_capture_on_commit_callbacks
):
    """The override cancels, refunds the fee and mails the resident."""
    booking = paid_booking(room, future_weekday, resident_make())
    url = reverse("reservations_console:booking_cancel", args=[booking.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "設備故障"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.state == Booking.State.CANCELLED
    assert booking.refunded_amount == booking.fee
    assert len(mail.outbox) == 1


# --- blackouts -------------------------------------------------------------------


def test_creating_a_blackout_lists_the_bookings_it_cancelled(
    client, staff, room, future_weekday, django_capture_on_commit_callbacks
):
    """After saving, the list shows the blackout with its cancelled booking."""
    booking = paid_booking(room, future_weekday, resident_make())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reservations_console:blackouts"),
            {
                "room": room.public_id,
                "starts_at": f"{future_weekday}T08:00",
                "ends_at": f"{future_weekday}T22:00",
                "reason": "停電",
            },
            follow=True,
        )
    page = response.content.decode()
    assert "停電" in page
    assert reverse("reservations_console:booking", args=[booking.public_id]) in page
    assert len(mail.outbox) == 1


def test_blackout_with_end_before_start_is_refused(client, staff, room, future_weekday):
    """The error is linked to the end field and nothing is saved."""
    response = client.post(
        reverse("reservations_console:blackouts"),
        {
            "room": room.public_id,
            "starts_at": f"{future_weekday}T12:00",
            "ends_at": f"{future_weekday}T08:00",
            "reason": "x",
        },
    )
    assert response.status_code == 400
    assert 'href="#id_ends_at"' in response.content.decode()
    assert not Blackout.objects.exists()


@pytest.mark.parametrize("rows", [1, 20])
def test_blackout_list_query_count(
    client, staff, room, future_weekday, django_assert_num_queries, rows
):
    """The list runs the same queries at 1 and 20 blackouts, each with a
    cancelled booking."""
    for n in range(rows):
        day = future_weekday + dt.timedelta(days=n)
        blackout = Blackout.objects.create(
            room=room,
            starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(8))),
            ends_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12))),
            reason="点検",
        )
        booking = booking_on(room, day, resident_make(), state="cancelled")
        booking.blackout = blackout
        booking.save()
    url = reverse("reservations_console:blackouts")
    assert client.get(url).status_code == 200
    with django_assert_num_queries(15):
        response = client.get(url)
    assert len(response.context["page"].object_list) == rows


# --- city events ---------------------------------------------------------------


def test_city_events_book_and_list_the_skipped_dates(
    client, staff, room, future_weekday
):
    """The result lists the booked dates and the skipped one with its reason."""
    booking_on(room, future_weekday + dt.timedelta(weeks=1), resident_make())
    response = client.post(
        reverse("reservations_console:recurring"),
        {
            "room": room.public_id,
            "weekdays": [future_weekday.weekday()],
            "starts": ["09:00"],
            "date_from": future_weekday,
            "date_to": future_weekday + dt.timedelta(weeks=1),
            "purpose": "市民講座",
        },
    )
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert [b.date for b in outcome.created] == [future_weekday]
    assert [s.date for s in outcome.skipped] == [future_weekday + dt.timedelta(weeks=1)]
    assert _t("Already booked.") in response.content.decode()


def test_city_events_room_step_shows_the_rooms_slots(client, staff, room):
    """Choosing a room shows its slots to tick."""
    response = client.get(
        reverse("reservations_console:recurring"), {"room": room.public_id}
    )
    assert response.status_code == 200
    assert 'value="18:00"' in response.content.decode()


# --- utilisation ----------------------------------------------------------------


def test_utilisation_page_draws_an_accessible_chart_and_table(client, staff, room):
    """An SVG with role img, a title and a text alternative, and a table."""
    response = client.get(
        reverse("reservations_console:utilisation"),
        {
            "facility": room.facility.public_id,
            "month_from": "2026-01",
            "month_to": "2026-03",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in page and "<desc" in page and "<title" in page
    assert page.count("<rect") == 3
    assert "2026-01" in page and "<table" in page


def test_utilisation_csv_downloads_with_bom(client, staff, room):
    """The CSV link answers a UTF-8 CSV with a byte-order mark."""
    response = client.get(
        reverse("reservations_console:utilisation_csv"),
        {
            "facility": room.facility.public_id,
            "month_from": "2026-01",
            "month_to": "2026-01",
        },
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in response["Content-Disposition"]


def test_utilisation_refuses_more_than_twelve_months(client, staff, room):
    """A range over a year is an error on the end month."""
    response = client.get(
        reverse("reservations_console:utilisation"),
        {
            "facility": room.facility.public_id,
            "month_from": "2025-01",
            "month_to": "2026-03",
        },
    )
    assert response.status_code == 400
    assert 'href="#id_month_to"' in response.content.decode()
