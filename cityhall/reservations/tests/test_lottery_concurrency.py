"""Lottery entry caps under real concurrency (PostgreSQL): one resident
firing many entries at once gets exactly their cap, and one slot twice at
once is entered once."""

from __future__ import annotations

import datetime as dt

import pytest

from cityhall.reservations.errors import ReservationError
from cityhall.reservations.models import LotteryEntry
from cityhall.reservations.services.lottery import entry_create
from cityhall.reservations.slot_ids import slot_id_make

from .factories import resident_make, room_make
from .lottery_factories import window_make
from .test_concurrency import _race, _skip_unless_postgresql

PARALLEL = 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_entries_stop_at_the_cap():
    """Twelve simultaneous wishes for different slots against a cap of
    five: five entries, seven refused with lottery_cap."""
    _skip_unless_postgresql()
    room = room_make()
    window = window_make(room=room, max_entries_per_resident=5)
    resident = resident_make()
    slots = [
        slot_id_make(
            room_public_id=room.public_id,
            date=window.month + dt.timedelta(days=n),
            start=dt.time(9),
        )
        for n in range(PARALLEL)
    ]
    results = _race(
        [
            (lambda s=s: entry_create(resident=resident, window=window, slot=s))
            for s in slots
        ]
    )
    refused = [r for r in results if isinstance(r, ReservationError)]
    assert LotteryEntry.objects.filter(resident=resident).count() == 5
    assert len(refused) == PARALLEL - 5
    assert {r.code for r in refused} == {"lottery_cap"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_entries_are_entered_once():
    """The same wish sent twelve times at once is entered once."""
    _skip_unless_postgresql()
    room = room_make()
    window = window_make(room=room)
    resident = resident_make()
    slot = slot_id_make(
        room_public_id=room.public_id, date=window.month, start=dt.time(9)
    )
    results = _race(
        [lambda: entry_create(resident=resident, window=window, slot=slot)] * PARALLEL
    )
    assert LotteryEntry.objects.filter(resident=resident).count() == 1
    codes = {r.code for r in results if isinstance(r, ReservationError)}
    assert codes == {"lottery_duplicate"}
