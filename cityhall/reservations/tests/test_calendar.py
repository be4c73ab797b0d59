"""iCalendar files of bookings and the resident's private feed: escaping and
folding (RFC 5545), own bookings only, revocable secret token."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from cityhall.reservations.ics import CalendarEvent, ics_calendar, ics_escape, ics_fold
from cityhall.reservations.models import CalendarFeed
from cityhall.reservations.services.booking import (
    booking_cancel,
    booking_create_provisional,
)
from cityhall.reservations.slot_ids import slot_id_make

from .factories import resident_make, room_make


def _book(resident, room, day, hour=9):
    return booking_create_provisional(
        resident=resident,
        slot=slot_id_make(room_public_id=room.public_id, date=day, start=dt.time(hour)),
        purpose="会議; 打合せ, 準備",
    )


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_text_values_are_escaped():
    """Backslash, semicolon, comma and newlines are escaped (§3.3.11)."""
    assert ics_escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    """A long Japanese line folds into chunks of at most 75 octets, each
    continuation starting with a space, and unfolds to the original."""
    line = "SUMMARY:" + "公民館大会議室" * 10
    folded = ics_fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0]] + [part[1:] for part in parts[1:]]) == line


def test_calendar_uses_utc_times_and_crlf():
    """Start and end are written in UTC (Tokyo 9:00 is 00:00Z) with CRLF."""
    tokyo = dt.timezone(dt.timedelta(hours=9))
    text = ics_calendar(
        [
            CalendarEvent(
                uid="x@example.org",
                starts_at=dt.datetime(2026, 4, 1, 9, tzinfo=tokyo),
                ends_at=dt.datetime(2026, 4, 1, 12, tzinfo=tokyo),
                summary="見本",
            )
        ]
    )
    assert "DTSTART:20260401T000000Z\r\n" in text
    assert "DTEND:20260401T030000Z\r\n" in text
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")


@pytest.mark.django_db
def test_resident_downloads_own_booking_ics(future_weekday):
    """The owner gets a text/calendar file naming the booking."""
    room = room_make()
    owner = resident_make()
    booking = _book(owner, room, future_weekday)
    response = _client(owner).get(
        f"/facilities/my-bookings/{booking.public_id}/calendar.ics"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert f"UID:booking-{booking.public_id}@" in body
    assert "会議\\; 打合せ\\, 準備" in body.replace("\r\n ", "")


@pytest.mark.django_db
def test_another_residents_ics_is_404(future_weekday):
    """Another resident asking for the owner's .ics gets 404."""
    room = room_make()
    booking = _book(resident_make(), room, future_weekday)
    response = _client(resident_make()).get(
        f"/facilities/my-bookings/{booking.public_id}/calendar.ics"
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_feed_lists_the_owners_active_bookings_only(future_weekday):
    """The feed lists the owner's active bookings, not cancelled ones and not
    other residents' bookings."""
    room = room_make()
    owner = resident_make()
    kept = _book(owner, room, future_weekday, hour=9)
    dropped = _book(owner, room, future_weekday, hour=13)
    booking_cancel(resident=owner, booking=dropped)
    other = _book(resident_make(), room, future_weekday, hour=18)
    client = _client(owner)
    assert (
        client.post(
            "/facilities/my-bookings/feed/", {"action": "regenerate"}
        ).status_code
        == 302
    )
    token = CalendarFeed.objects.get(resident=owner).token
    body = Client().get(f"/facilities/feed/{token}.ics").content.decode()
    assert str(kept.public_id) in body
    assert str(dropped.public_id) not in body
    assert str(other.public_id) not in body


@pytest.mark.django_db
def test_revoked_and_regenerated_tokens_404(future_weekday):
    """After regenerating, the old feed URL answers 404; after revoking, the
    last one does too; an unknown token always does."""
    owner = resident_make()
    _book(owner, room_make(), future_weekday)
    client = _client(owner)
    client.post("/facilities/my-bookings/feed/", {"action": "regenerate"})
    first = CalendarFeed.objects.get(resident=owner).token
    client.post("/facilities/my-bookings/feed/", {"action": "regenerate"})
    second = CalendarFeed.objects.get(resident=owner).token
    assert first != second
    assert Client().get(f"/facilities/feed/{first}.ics").status_code == 404
    assert Client().get(f"/facilities/feed/{second}.ics").status_code == 200
    client.post("/facilities/my-bookings/feed/", {"action": "revoke"})
    assert not CalendarFeed.objects.filter(resident=owner).exists()
    assert Client().get(f"/facilities/feed/{second}.ics").status_code == 404
    assert Client().get("/facilities/feed/unknown.ics").status_code == 404


@pytest.mark.django_db
def test_my_bookings_page_shows_the_feed_address():
    """The my-bookings page shows the feed URL once the feed is on."""
    owner = resident_make()
    client = _client(owner)
    client.post("/facilities/my-bookings/feed/", {"action": "regenerate"})
    token = CalendarFeed.objects.get(resident=owner).token
    assert (
        f"/facilities/feed/{token}.ics"
        in client.get("/facilities/my-bookings/").content.decode()
    )
