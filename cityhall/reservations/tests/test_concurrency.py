"""No double booking under real concurrency (PostgreSQL): fifty residents try
one slot at the same moment, round after round, through the service and
through the HTTP API; exactly one wins each time."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from cityhall.core.services.api_tokens import api_token_create
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.models import Booking
from cityhall.reservations.services.booking import booking_create_provisional
from cityhall.reservations.slot_ids import slot_id_make

from .factories import resident_make, room_make

PARALLEL = 50
ROUNDS = 3
HOURS = (9, 13, 18)


def _race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run ``calls`` in threads released together; their results in order."""
    results: list[Any] = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = calls[index]()
        except BaseException as error:  # kept to assert on below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _skip_unless_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real parallel transactions")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_service_calls_book_a_slot_once(future_weekday):
    """Each round, 50 residents call the service for one slot at once: one
    booking, 49 slot_taken, nothing else."""
    _skip_unless_postgresql()
    room = room_make()
    residents = [resident_make() for _ in range(PARALLEL)]
    for round_number in range(ROUNDS):
        slot = slot_id_make(
            room_public_id=room.public_id,
            date=future_weekday,
            start=dt.time(HOURS[round_number]),
        )
        results = _race(
            [
                lambda resident=resident, slot=slot: booking_create_provisional(
                    resident=resident, slot=slot
                )
                for resident in residents
            ]
        )
        winners = [r for r in results if isinstance(r, Booking)]
        losers = [r for r in results if isinstance(r, ReservationError)]
        assert len(winners) == 1
        assert len(losers) == PARALLEL - 1
        assert {e.code for e in losers} == {"slot_taken"}
        assert (
            Booking.objects.filter(
                room=room, date=future_weekday, start=dt.time(HOURS[round_number])
            ).count()
            == 1
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_http_posts_book_a_slot_once(settings, future_weekday):
    """Each round, 50 residents POST /api/v1/bookings for one slot at once
    with their own tokens: one 201, 49 409 slot_taken. The booking rate
    limits are off, as in the benchmark: every client here is 127.0.0.1."""
    _skip_unless_postgresql()
    settings.CITYHALL_BOOKING_SOURCE_LIMIT = 0
    settings.CITYHALL_BOOKING_ACCOUNT_LIMIT = 0
    room = room_make()
    tokens = [
        api_token_create(user=resident_make(), name="race")[1] for _ in range(PARALLEL)
    ]
    day = future_weekday + dt.timedelta(days=7)
    for round_number in range(ROUNDS):
        slot = slot_id_make(
            room_public_id=room.public_id, date=day, start=dt.time(HOURS[round_number])
        )

        def post(token: str, slot: str = slot) -> Any:
            return Client().post(
                "/api/v1/bookings",
                {"slot": slot},
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )

        responses = _race([lambda token=token: post(token) for token in tokens])
        assert not [r for r in responses if isinstance(r, BaseException)]
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201] + [409] * (PARALLEL - 1)
        assert {
            r.json()["error"]["code"] for r in responses if r.status_code == 409
        } == {"slot_taken"}
        assert (
            Booking.objects.filter(
                room=room, date=day, start=dt.time(HOURS[round_number])
            ).count()
            == 1
        )
