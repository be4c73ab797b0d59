"""Rate limits on creating bookings: per account and per source, answered
with 429 and the API's error shape; neither limit blocks the other key."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from cityhall.core.services.api_tokens import api_token_create
from cityhall.reservations.models import Booking
from cityhall.reservations.slot_ids import slot_id_make

from .factories import resident_make, room_make

pytestmark = pytest.mark.django_db


def _client(user, ip):
    token = api_token_create(user=user, name="test")[1]
    # English answers, so the messages below can be compared as written.
    return Client(
        HTTP_AUTHORIZATION=f"Bearer {token}",
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _book(client, room, day, hour):
    slot = slot_id_make(room_public_id=room.public_id, date=day, start=dt.time(hour))
    return client.post(
        "/api/v1/bookings", {"slot": slot}, content_type="application/json"
    )


@pytest.fixture
def hourly_room():
    from cityhall.reservations.models import Room

    return room_make(scheme=Room.SlotScheme.HOURLY, resident_fee=0, non_resident_fee=0)


def test_account_limit_answers_429_and_spares_other_accounts(
    settings, future_weekday, hourly_room
):
    """Over the account limit the API answers 429 ``rate_limited`` in its
    error shape; another account from the same address still books."""
    settings.CITYHALL_BOOKING_ACCOUNT_LIMIT = 2
    settings.CITYHALL_BOOKING_SOURCE_LIMIT = 0
    greedy = _client(resident_make(), "192.0.2.1")
    assert _book(greedy, hourly_room, future_weekday, 9).status_code == 201
    assert _book(greedy, hourly_room, future_weekday, 10).status_code == 201
    with translation.override("en"):
        refused = _book(greedy, hourly_room, future_weekday, 11)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert "Too many booking attempts" in refused.json()["error"]["message"]
    neighbour = _client(resident_make(), "192.0.2.1")
    assert _book(neighbour, hourly_room, future_weekday, 11).status_code == 201
    assert Booking.objects.count() == 3


def test_source_limit_spares_the_same_account_elsewhere(
    settings, future_weekday, hourly_room
):
    """Over the source limit an address is refused, but the same account
    books from another address."""
    settings.CITYHALL_BOOKING_ACCOUNT_LIMIT = 0
    settings.CITYHALL_BOOKING_SOURCE_LIMIT = 1
    user = resident_make()
    attacker_ip = _client(resident_make(), "198.51.100.7")
    assert _book(attacker_ip, hourly_room, future_weekday, 9).status_code == 201
    assert (
        _book(
            _client(user, "198.51.100.7"), hourly_room, future_weekday, 10
        ).status_code
        == 429
    )
    assert (
        _book(_client(user, "203.0.113.5"), hourly_room, future_weekday, 10).status_code
        == 201
    )


def test_html_booking_form_answers_429(settings, future_weekday, hourly_room):
    """The booking page refuses an account over its limit with 429 and the
    translated message, and books nothing."""
    settings.CITYHALL_BOOKING_ACCOUNT_LIMIT = 1
    user = resident_make()
    client = Client()
    client.force_login(user)
    for hour, expected in ((9, 302), (10, 429)):
        slot = slot_id_make(
            room_public_id=hourly_room.public_id,
            date=future_weekday,
            start=dt.time(hour),
        )
        response = client.post("/en/facilities/book/", {"slot": slot})
        assert response.status_code == expected
    assert "Too many booking attempts" in response.content.decode()
    assert Booking.objects.count() == 1


def test_limits_of_zero_switch_the_throttle_off(settings, future_weekday, hourly_room):
    """With both limits at 0 (the benchmark's setting) nothing is refused."""
    settings.CITYHALL_BOOKING_ACCOUNT_LIMIT = 0
    settings.CITYHALL_BOOKING_SOURCE_LIMIT = 0
    client = _client(resident_make(), "192.0.2.9")
    statuses = {
        _book(client, hourly_room, future_weekday, h).status_code for h in range(9, 14)
    }
    assert statuses == {201}
