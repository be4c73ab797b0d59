"""The lottery (抽選): the pure draw and its verification, entries with their
caps and rate limits, the hold on first-come booking, draw and release with
provisional bookings for winners, and the pages."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cityhall.core.tests.factories import MunicipalityFactory
from cityhall.reservations import lottery_throttle
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.lottery_draw import DrawEntry, draw, seed_hash, verify
from cityhall.reservations.models import Booking, LotteryEntry, LotteryWindow
from cityhall.reservations.selectors import SlotState, room_availability
from cityhall.reservations.services.booking import booking_create_provisional
from cityhall.reservations.services.lottery import (
    entry_create,
    window_draw,
    window_release,
)
from cityhall.reservations.slot_ids import slot_id_make

from .factories import resident_make, room_make
from .lottery_factories import group_make, verified_staff, window_make

SEED = "11" * 32
OTHER_SEED = "22" * 32

#: Session, user, the entries (the site chrome is cached after a first visit).
QUERIES_MY_ENTRIES = 3
#: The windows (the site chrome is cached after a first visit).
QUERIES_LOTTERY_LIST = 1
#: Session, user, roles, OTP device, Wagtail's admin chrome, the windows.
QUERIES_CONSOLE_WINDOWS = 14


def _entries(n_slots: int = 3, per_slot: int = 5) -> list[DrawEntry]:
    return [
        DrawEntry(
            entry=f"e-{slot}-{who}", resident=f"r{who}", group=None, slot=f"s{slot}"
        )
        for slot in range(n_slots)
        for who in range(per_slot)
    ]


def _result(seed: str, entries: list[DrawEntry], caps=(4, 4)) -> dict:
    return {
        "seed_sha256": seed_hash(seed),
        "max_wins_per_resident": caps[0],
        "max_wins_per_group": caps[1],
        "entries": [e.__dict__ for e in entries],
        "winners": draw(
            seed_hex=seed,
            entries=entries,
            max_wins_per_resident=caps[0],
            max_wins_per_group=caps[1],
        ),
    }


def test_draw_gives_one_winner_per_slot_and_is_reproducible():
    """The same seed and entries give the same winners, one per slot."""
    entries = _entries()
    first = draw(
        seed_hex=SEED, entries=entries, max_wins_per_resident=9, max_wins_per_group=9
    )
    again = draw(
        seed_hex=SEED,
        entries=list(reversed(entries)),
        max_wins_per_resident=9,
        max_wins_per_group=9,
    )
    assert first == again
    assert sorted(w.split("-")[1] for w in first) == ["0", "1", "2"]


def test_draw_respects_resident_and_group_caps():
    """One resident entering every slot wins at most their cap; entries of
    one group win at most the group's cap."""
    alone = [DrawEntry(f"a{n}", "r1", None, f"s{n}") for n in range(5)]
    assert (
        len(
            draw(
                seed_hex=SEED,
                entries=alone,
                max_wins_per_resident=2,
                max_wins_per_group=9,
            )
        )
        == 2
    )
    grouped = [DrawEntry(f"g{n}", f"r{n}", "club", f"s{n}") for n in range(5)]
    assert (
        len(
            draw(
                seed_hex=SEED,
                entries=grouped,
                max_wins_per_resident=9,
                max_wins_per_group=3,
            )
        )
        == 3
    )


def test_verify_reproduces_with_the_revealed_seed():
    """The published result verifies with its seed."""
    entries = _entries(n_slots=10)
    assert verify(result=_result(SEED, entries), seed_hex=SEED) == (True, "reproduced")


def test_verify_refuses_another_seed():
    """Another seed neither matches the hash nor gives the same winners."""
    entries = _entries(n_slots=10)
    result = _result(SEED, entries)
    assert verify(result=result, seed_hex=OTHER_SEED)[0] is False
    other = draw(
        seed_hex=OTHER_SEED,
        entries=entries,
        max_wins_per_resident=4,
        max_wins_per_group=4,
    )
    assert other != result["winners"]


def test_verify_refuses_a_tampered_entry_list():
    """Removing a winning entry from the published list no longer
    reproduces the winners."""
    entries = _entries(n_slots=10)
    result = _result(SEED, entries)
    result["entries"] = [
        e for e in result["entries"] if e["entry"] != result["winners"][0]
    ]
    assert verify(result=result, seed_hex=SEED) == (
        False,
        "the draw gives different winners",
    )


@pytest.fixture
def setting(db):
    room = room_make()
    window = window_make(room=room)
    day = window.month + dt.timedelta(days=9)
    return room, window, day


def _slot(room, day, hour=9):
    return slot_id_make(room_public_id=room.public_id, date=day, start=dt.time(hour))


def test_month_in_lottery_is_not_bookable_first_come(setting):
    """While the window runs, the month's free slots show as lottery and a
    booking attempt is refused as unavailable."""
    room, _window, day = setting
    days = room_availability(room=room, date_from=day, date_to=day)
    assert {s.state for s in days[0].slots} == {SlotState.LOTTERY}
    with pytest.raises(ReservationError) as caught:
        booking_create_provisional(resident=resident_make(), slot=_slot(room, day))
    assert caught.value.code == "slot_unavailable"


def test_entry_cap_and_one_entry_per_slot(setting):
    """A second wish for one slot is refused, and wishes beyond the cap."""
    room, window, day = setting
    window.max_entries_per_resident = 2
    window.save()
    resident = resident_make()
    entry_create(resident=resident, window=window, slot=_slot(room, day, 9))
    with pytest.raises(ReservationError) as duplicate:
        entry_create(resident=resident, window=window, slot=_slot(room, day, 9))
    assert duplicate.value.code == "lottery_duplicate"
    entry_create(resident=resident, window=window, slot=_slot(room, day, 13))
    with pytest.raises(ReservationError) as capped:
        entry_create(resident=resident, window=window, slot=_slot(room, day, 18))
    assert capped.value.code == "lottery_cap"
    assert LotteryEntry.objects.filter(resident=resident).count() == 2


def test_entry_outside_the_month_or_after_closing_is_refused(setting):
    """A slot of another month is not part of the lottery; after the close
    nothing is accepted."""
    room, window, day = setting
    resident = resident_make()
    with pytest.raises(ReservationError) as outside:
        entry_create(
            resident=resident,
            window=window,
            slot=_slot(room, window.month - dt.timedelta(days=1)),
        )
    assert outside.value.code == "slot_invalid"
    with pytest.raises(ReservationError) as closed:
        entry_create(
            resident=resident,
            window=window,
            slot=_slot(room, day),
            now=window.closes_at,
        )
    assert closed.value.code == "lottery_closed"


def test_entry_for_another_residents_group_is_not_found(setting):
    """Only a group the resident registered or belongs to can be named."""
    room, window, day = setting
    group = group_make(resident=resident_make(), municipality=MunicipalityFactory())
    with pytest.raises(Exception) as caught:
        entry_create(
            resident=resident_make(),
            window=window,
            slot=_slot(room, day),
            group_public_id=group.public_id,
        )
    assert caught.value.status == 404


def test_draw_release_books_winners_and_reproduces(setting):
    """Release reveals the seed, gives each winner a provisional booking due
    at the window's deadline, frees the month, and lottery_verify confirms
    the stored result; a wrong seed is reported as a mismatch."""
    room, window, day = setting
    for _ in range(3):
        entry_create(resident=resident_make(), window=window, slot=_slot(room, day))
    after_close = window.closes_at + dt.timedelta(minutes=1)
    result = window_draw(window=window, now=after_close)
    assert "seed" not in result and len(result["winners"]) == 1
    released = window_release(window=window, now=after_close)
    assert released.result["seed"] == released.seed
    winner = LotteryEntry.objects.get(state=LotteryEntry.State.WON)
    assert winner.booking.state == Booking.State.PROVISIONAL
    assert winner.booking.payment_deadline == window.confirm_by
    assert LotteryEntry.objects.filter(state=LotteryEntry.State.LOST).count() == 2
    other_slot = _slot(room, day, 13)
    assert booking_create_provisional(resident=resident_make(), slot=other_slot)
    out = StringIO()
    call_command(
        "lottery_verify", str(window.public_id), "--seed", released.seed, stdout=out
    )
    assert out.getvalue().startswith("OK")
    with pytest.raises(SystemExit) as mismatch:
        call_command(
            "lottery_verify",
            str(window.public_id),
            "--seed",
            OTHER_SEED,
            stderr=StringIO(),
        )
    assert mismatch.value.code == 1


def test_result_json_is_published_only_after_release(setting):
    """The results download answers 404 before release and the verifiable
    JSON after."""
    room, window, day = setting
    entry_create(resident=resident_make(), window=window, slot=_slot(room, day))
    url = f"/facilities/lottery/{window.public_id}/result.json"
    assert Client().get(url).status_code == 404
    window_draw(window=window, now=window.closes_at)
    window_release(window=window, now=window.closes_at)
    response = Client().get(url)
    assert response.status_code == 200
    published = json.loads(response.content)
    assert verify(result=published, seed_hex=published["seed"])[0]


def test_window_page_shows_hash_and_enters_a_wish(setting):
    """The public page shows the seed hash, not the seed; a resident enters
    a wish through the form."""
    room, window, day = setting
    client = Client()
    client.force_login(resident_make())
    url = f"/facilities/lottery/{window.public_id}/"
    html = client.get(url).content.decode()
    assert window.seed_sha256 in html and window.seed not in html
    response = client.post(
        url, {"room": str(room.public_id), "date": day.isoformat(), "start": "09:00"}
    )
    assert response.status_code == 302
    assert LotteryEntry.objects.filter(window=window).count() == 1


def test_rate_limit_answers_429_for_that_account_only(setting, monkeypatch):
    """Over the per-account limit the page answers 429 with a message; another
    resident from another address still gets in."""
    room, window, day = setting
    monkeypatch.setattr(lottery_throttle, "ACCOUNT_LIMIT", 1)
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.force_login(resident_make())
    url = f"/facilities/lottery/{window.public_id}/"
    data = {"room": str(room.public_id), "date": day.isoformat(), "start": "09:00"}
    assert client.post(url, data).status_code == 302
    refused = client.post(url, {**data, "start": "13:00"})
    assert refused.status_code == 429
    other = Client(REMOTE_ADDR="192.0.2.20")
    other.force_login(resident_make())
    assert other.post(url, data).status_code == 302


def test_another_residents_entry_cannot_be_withdrawn(setting):
    """The withdraw URL answers 404 for another resident's entry."""
    room, window, day = setting
    entry = entry_create(resident=resident_make(), window=window, slot=_slot(room, day))
    client = Client()
    client.force_login(resident_make())
    url = f"/facilities/my-lottery-entries/{entry.public_id}/withdraw/"
    assert client.post(url).status_code == 404
    assert LotteryEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("count", [1, 20])
def test_my_entries_query_count(db, django_assert_num_queries, count):
    """The resident's entries page takes the same queries for 1 and 20."""
    room = room_make()
    window = window_make(room=room, max_entries_per_resident=30)
    resident = resident_make()
    for n in range(count):
        day = window.month + dt.timedelta(days=n)
        entry_create(resident=resident, window=window, slot=_slot(room, day))
    client = Client()
    client.force_login(resident)
    client.get("/facilities/my-lottery-entries/")
    with django_assert_num_queries(QUERIES_MY_ENTRIES):
        response = client.get("/facilities/my-lottery-entries/")
    assert response.content.decode().count("/withdraw/") == count


@pytest.mark.parametrize("count", [1, 20])
def test_lottery_list_query_count(db, django_assert_num_queries, count):
    """The public list of windows takes the same queries for 1 and 20."""
    first = window_make(room=room_make())
    for _ in range(1, count):
        window_make(room=room_make(facility=None), month=first.month)
    client = Client()
    client.get("/facilities/lottery/")
    with django_assert_num_queries(QUERIES_LOTTERY_LIST):
        response = client.get("/facilities/lottery/")
    assert (
        len(re.findall(r"/lottery/[0-9a-f-]{36}/", response.content.decode())) == count
    )


@pytest.mark.parametrize("count", [1, 20])
def test_console_window_index_query_count(client, db, django_assert_num_queries, count):
    """The console's window list takes the same queries for 1 and 20."""
    room = room_make()
    verified_staff(client, room.facility.municipality)
    window_make(room=room)
    for _ in range(1, count):
        window_make(room=room_make())
    client.get("/admin/reservations-lottery/lottery/")
    with django_assert_num_queries(QUERIES_CONSOLE_WINDOWS):
        response = client.get("/admin/reservations-lottery/lottery/")
    links = re.findall(r"/lottery/[0-9a-f-]{36}/", response.content.decode())
    assert len(links) == count


def test_console_creates_draws_and_releases(client, db):
    """Staff open a window through the form, then draw and release it."""
    room = room_make()
    verified_staff(client, room.facility.municipality)
    now = timezone.localtime()
    month = (now.date().replace(day=1) + dt.timedelta(days=62)).replace(day=1)
    fmt = "%Y-%m-%dT%H:%M"
    response = client.post(
        "/admin/reservations-lottery/lottery/new/",
        {
            "facility": str(room.facility.public_id),
            "month": month.isoformat(),
            "opens_at": (now - dt.timedelta(days=2)).strftime(fmt),
            "closes_at": (now - dt.timedelta(minutes=5)).strftime(fmt),
            "confirm_by": (now + dt.timedelta(days=3)).strftime(fmt),
            "max_entries_per_resident": 5,
            "max_wins_per_resident": 2,
            "max_wins_per_group": 2,
        },
    )
    assert response.status_code == 302
    window = LotteryWindow.objects.get()
    step = f"/admin/reservations-lottery/lottery/{window.public_id}/step/"
    client.post(step, {"step": "draw"})
    client.post(step, {"step": "release"})
    window.refresh_from_db()
    assert window.state == LotteryWindow.State.RELEASED
