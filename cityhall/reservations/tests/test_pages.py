"""Public facility pages and the resident's booking pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from cityhall.reservations.models import Booking
from cityhall.reservations.services.booking import booking_create_provisional
from cityhall.reservations.slot_ids import slot_id_make

from .factories import facility_make, resident_make, room_make

pytestmark = pytest.mark.django_db

#: Facilities + rooms (frame reads are cached).
FACILITY_LIST_QUERIES = 2


def test_anonymous_calendar_is_a_public_cacheable_table(future_weekday):
    """Without sign-in the month calendar is a table with a caption, column
    and row headers and each state in words, cacheable for a minute, with no
    Book links."""
    room = room_make()
    response = Client().get(
        f"/facilities/rooms/{room.public_id}/?month={future_weekday:%Y-%m}"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "午前" in html
    assert response["Cache-Control"] == "public, max-age=60"
    assert "/facilities/book/?slot=" not in html


def test_anonymous_calendar_is_served_from_the_page_cache(future_weekday):
    """A second anonymous visit of the same month is a page-cache hit, so a
    crowd on a newly opened month costs one render; another month is its own
    entry."""
    room = room_make()
    path = f"/facilities/rooms/{room.public_id}/?month={future_weekday:%Y-%m}"
    client = Client()
    assert client.get(path)["X-Cache"] == "miss"
    assert client.get(path)["X-Cache"] == "hit"
    following = (
        f"/facilities/rooms/{room.public_id}/?month={future_weekday.year + 1}-01"
    )
    assert client.get(following)["X-Cache"] == "miss"


def test_far_months_are_not_kept_in_the_page_cache():
    """A month decades away renders but is not stored, so walking through
    every possible month cannot fill the cache."""
    room = room_make()
    response = Client().get(f"/facilities/rooms/{room.public_id}/?month=2199-01")
    assert response.status_code == 200
    assert "X-Cache" not in response


def test_signed_in_calendar_offers_book_links_privately(future_weekday):
    """A signed-in resident sees Book links; the page is not publicly cached."""
    room = room_make()
    client = Client()
    client.force_login(resident_make())
    response = client.get(
        f"/facilities/rooms/{room.public_id}/?month={future_weekday:%Y-%m}"
    )
    assert "/facilities/book/?slot=" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "X-Cache" not in response


def test_bad_month_gets_a_message():
    """A malformed month answers 400 with a message."""
    room = room_make()
    response = Client().get(f"/facilities/rooms/{room.public_id}/?month=2026-13")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_facility_pages(future_weekday):
    """The list links each facility; the detail lists rooms and fees."""
    room = room_make()
    client = Client()
    listing = client.get("/facilities/")
    assert str(room.facility.public_id) in listing.content.decode()
    detail = client.get(f"/facilities/{room.facility.public_id}/")
    assert detail.status_code == 200
    assert str(room.public_id) in detail.content.decode()


def test_confirm_books_and_redirects_to_payment(future_weekday):
    """The confirmation page books the slot provisionally and sends the
    resident to the payments page of its invoice."""
    room = room_make()
    client = Client()
    client.force_login(resident_make())
    slot = slot_id_make(
        room_public_id=room.public_id,
        date=future_weekday,
        start=room.blocks.first().start,
    )
    page = client.get("/facilities/book/", {"slot": slot})
    assert page.status_code == 200
    response = client.post(
        "/facilities/book/", {"slot": slot, "purpose": "会議", "attendees": "5"}
    )
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"/payments/invoices/{booking.invoice.public_id}/"
    )
    assert booking.attendees == 5
    # Card is the preselected way to pay, with a half-hour hold.
    assert re.search(r'value=""[^>]*id="id_pay_later_0" checked', page.content.decode())
    assert booking.payment_deadline < timezone.now() + dt.timedelta(hours=1)


def test_confirm_paying_later_gives_days_to_pay(future_weekday):
    """Choosing to pay later (Pay-easy, convenience store, counter) gives the
    booking days to be paid, not the card's half hour."""
    room = room_make()
    client = Client()
    client.force_login(resident_make())
    slot = slot_id_make(
        room_public_id=room.public_id,
        date=future_weekday,
        start=room.blocks.first().start,
    )
    response = client.post("/facilities/book/", {"slot": slot, "pay_later": "1"})
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.payment_deadline > timezone.now() + dt.timedelta(days=2)


def test_confirm_refuses_too_many_attendees(future_weekday):
    """Attendees beyond capacity: the form says so and nothing is booked."""
    room = room_make(capacity=4)
    client = Client()
    client.force_login(resident_make())
    slot = slot_id_make(
        room_public_id=room.public_id,
        date=future_weekday,
        start=room.blocks.first().start,
    )
    response = client.post("/facilities/book/", {"slot": slot, "attendees": "9"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Booking.objects.exists()


def test_my_bookings_and_cancel_are_own_only(future_weekday):
    """Another resident's booking is absent from one's list and its cancel
    page answers 404 (GET and POST); the owner cancels after confirming."""
    room = room_make()
    owner = resident_make()
    booking = booking_create_provisional(
        resident=owner,
        slot=slot_id_make(
            room_public_id=room.public_id,
            date=future_weekday,
            start=room.blocks.first().start,
        ),
    )
    intruder = Client()
    intruder.force_login(resident_make())
    url = f"/facilities/my-bookings/{booking.public_id}/cancel/"
    assert (
        str(booking.public_id)
        not in intruder.get("/facilities/my-bookings/").content.decode()
    )
    assert intruder.get(url).status_code == 404
    assert intruder.post(url).status_code == 404
    client = Client()
    client.force_login(owner)
    assert url in client.get("/facilities/my-bookings/").content.decode()
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    booking.refresh_from_db()
    assert booking.state == Booking.State.CANCELLED


def _facilities(count: int) -> None:
    for number in range(count):
        facility = facility_make(name=f"施設{number:02d}")
        room_make(facility=facility)
        room_make(facility=facility, name="和室")


@pytest.mark.parametrize("count", [1, 20])
def test_facility_list_page_query_count(count, django_assert_num_queries):
    """The public facility list costs the same queries for 1 or 20 facilities
    (each with two rooms)."""
    _facilities(count)
    client = Client()
    # An unlisted parameter bypasses the page cache: this counts a render.
    client.get("/facilities/?render=1")  # warm the site and menu caches
    with django_assert_num_queries(FACILITY_LIST_QUERIES):
        response = client.get("/facilities/?render=1")
    assert response.content.decode().count("会議室") == count


@pytest.mark.parametrize("count", [1, 20])
def test_my_bookings_query_count(django_assert_num_queries, future_weekday, count):
    """The my-bookings page (bookings with fee breakdown, reduction status,
    calendar links and the feed) takes as many queries for 1 booking as for 20."""
    from cityhall.reservations.models import Room

    owner = resident_make()
    for n in range(count):
        room = room_make(scheme=Room.SlotScheme.HOURLY, name=f"室{n}")
        booking_create_provisional(
            resident=owner,
            slot=slot_id_make(
                room_public_id=room.public_id, date=future_weekday, start=dt.time(9)
            ),
        )
    client = Client()
    client.force_login(owner)
    client.get("/facilities/my-bookings/")
    with django_assert_num_queries(4):
        response = client.get("/facilities/my-bookings/")
    assert response.content.decode().count("calendar.ics") == count
