"""``/api/v1/`` facilities, availability and bookings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from cityhall.core.services.api_tokens import api_token_create
from cityhall.reservations.models import Booking

from .factories import facility_make, resident_make, room_make

pytestmark = pytest.mark.django_db


def _token_client(user):
    token = api_token_create(user=user, name="test")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _free_slot(client, room, day):
    response = client.get(
        f"/api/v1/rooms/{room.public_id}/availability",
        {"from": day.isoformat(), "to": day.isoformat()},
    )
    assert response.status_code == 200
    return response.json()["slots"][0]["slot"]


@pytest.mark.parametrize("count", [1, 20])
def test_facility_list_query_count(django_assert_num_queries, count):
    """The facility list takes three queries (facilities with districts,
    rooms, blocks) for one facility as for twenty."""
    for n in range(count):
        room_make(facility=facility_make(name=f"公民館{n}"))
    client = Client()
    with django_assert_num_queries(3):
        response = client.get("/api/v1/facilities")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == count
    assert body[0]["rooms"][0]["resident_fee"] == 600
    assert [b["label"] for b in body[0]["rooms"][0]["blocks"]] == [
        "午前",
        "午後",
        "夜間",
    ]


def test_facility_detail_and_unknown_id():
    """A facility's detail lists its rooms; an unknown id answers 404."""
    room = room_make()
    client = Client()
    response = client.get(f"/api/v1/facilities/{room.facility.public_id}")
    assert response.status_code == 200
    assert response.json()["rooms"][0]["id"] == str(room.public_id)
    missing = client.get(f"/api/v1/facilities/{room.public_id}")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_availability_without_sign_in(future_weekday):
    """Anyone sees a room's slots with ids for the free ones; a range over
    62 days answers 422."""
    room = room_make()
    client = Client()
    response = client.get(
        f"/api/v1/rooms/{room.public_id}/availability",
        {"from": future_weekday.isoformat(), "to": future_weekday.isoformat()},
    )
    assert response.status_code == 200
    slots = response.json()["slots"]
    assert [(s["label"], s["state"]) for s in slots] == [
        ("午前", "free"),
        ("午後", "free"),
        ("夜間", "free"),
    ]
    assert all(s["slot"] for s in slots)
    too_long = client.get(
        f"/api/v1/rooms/{room.public_id}/availability",
        {
            "from": future_weekday.isoformat(),
            "to": (future_weekday + dt.timedelta(days=62)).isoformat(),
        },
    )
    assert too_long.status_code == 422
    assert too_long.json()["error"]["code"] == "range_invalid"


def test_book_with_token_and_idempotency_key(future_weekday):
    """POST /bookings creates one provisional booking; the same key and body
    replays the first answer; the slot then shows as booked."""
    room = room_make()
    resident = resident_make()
    client = _token_client(resident)
    slot = _free_slot(Client(), room, future_weekday)
    body = {"slot": slot, "purpose": "会議", "attendees": 8}
    first = client.post(
        "/api/v1/bookings",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="key-1",
    )
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["state"] == "provisional"
    assert data["fee"] == 600
    assert data["pay_url"].endswith(f"/payments/invoices/{data['invoice_id']}/")
    again = client.post(
        "/api/v1/bookings",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="key-1",
    )
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert Booking.objects.count() == 1
    listed = (
        Client()
        .get(
            f"/api/v1/rooms/{room.public_id}/availability",
            {"from": future_weekday.isoformat(), "to": future_weekday.isoformat()},
        )
        .json()["slots"]
    )
    assert listed[0]["state"] == "booked" and listed[0]["slot"] is None


def test_second_resident_gets_409_and_forged_slot_422(future_weekday):
    """Booking a slot someone holds answers 409 slot_taken; a forged slot id
    answers 422 slot_invalid."""
    room = room_make()
    slot = _free_slot(Client(), room, future_weekday)
    assert (
        _token_client(resident_make())
        .post("/api/v1/bookings", {"slot": slot}, content_type="application/json")
        .status_code
        == 201
    )
    other = _token_client(resident_make())
    taken = other.post(
        "/api/v1/bookings", {"slot": slot}, content_type="application/json"
    )
    assert taken.status_code == 409
    assert taken.json()["error"]["code"] == "slot_taken"
    forged = other.post(
        "/api/v1/bookings",
        {"slot": slot[:-3] + "abc"},
        content_type="application/json",
    )
    assert forged.status_code == 422
    assert forged.json()["error"]["code"] == "slot_invalid"
    assert Booking.objects.count() == 1


def test_session_needs_csrf_header_and_anonymous_gets_401(future_weekday):
    """A signed-in session without the CSRF header is refused (403); nobody
    signed in gets 401; nothing is booked."""
    room = room_make()
    slot = _free_slot(Client(), room, future_weekday)
    anonymous = Client().post(
        "/api/v1/bookings", {"slot": slot}, content_type="application/json"
    )
    assert anonymous.status_code == 401
    session = Client(enforce_csrf_checks=True)
    session.force_login(resident_make())
    refused = session.post(
        "/api/v1/bookings", {"slot": slot}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    assert not Booking.objects.exists()


def test_other_residents_booking_ids_answer_404(future_weekday):
    """Detail and cancel of someone else's booking answer 404 as an unknown
    id does; the list shows only one's own; the booking is untouched."""
    room = room_make()
    owner = _token_client(resident_make())
    slot = _free_slot(Client(), room, future_weekday)
    booking_id = owner.post(
        "/api/v1/bookings", {"slot": slot}, content_type="application/json"
    ).json()["id"]
    intruder = _token_client(resident_make())
    assert intruder.get(f"/api/v1/bookings/{booking_id}").status_code == 404
    assert intruder.post(f"/api/v1/bookings/{booking_id}/cancel").status_code == 404
    assert intruder.get("/api/v1/bookings").json() == []
    assert owner.get(f"/api/v1/bookings/{booking_id}").status_code == 200
    assert [b["id"] for b in owner.get("/api/v1/bookings").json()] == [booking_id]
    assert Booking.objects.get().state == Booking.State.PROVISIONAL


def test_cancel_own_booking(future_weekday):
    """The owner cancels; a second cancel answers 409."""
    room = room_make()
    owner = _token_client(resident_make())
    slot = _free_slot(Client(), room, future_weekday)
    booking_id = owner.post(
        "/api/v1/bookings", {"slot": slot}, content_type="application/json"
    ).json()["id"]
    cancelled = owner.post(f"/api/v1/bookings/{booking_id}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["state"] == "cancelled"
    again = owner.post(f"/api/v1/bookings/{booking_id}/cancel")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "booking_not_cancellable"


def test_endpoints_in_openapi_schema():
    """The reservations endpoints are documented in the OpenAPI document."""
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/facilities",
        "/api/v1/facilities/{facility_id}",
        "/api/v1/rooms/{room_id}/availability",
        "/api/v1/bookings",
        "/api/v1/bookings/{booking_id}",
        "/api/v1/bookings/{booking_id}/cancel",
    ):
        assert path in paths


def test_booking_with_equipment_and_reduction_shows_the_breakdown(future_weekday):
    """POST /bookings with equipment and a reduction answers the stored
    breakdown; a rule that needs evidence answers 422 evidence_required."""
    from cityhall.reservations.models import FeeReduction

    from .factories import equipment_make, member_of_approved_group, reduction_make

    room = room_make(resident_fee=600)
    piano = equipment_make(room=room, name="ピアノ", fee=1_000)
    reduction_make(room=room)
    reduction_make(
        room=room,
        code="disability",
        kind=FeeReduction.Kind.EXEMPT,
        evidence_required=True,
    )
    client = _token_client(member_of_approved_group(room=room))
    response = client.post(
        "/api/v1/bookings",
        {
            "slot": _free_slot(client, room, future_weekday),
            "equipment": [str(piano.public_id)],
            "reduction": "seniors-club",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["base_fee"], body["equipment_fee"], body["reduction_amount"]) == (
        600,
        1_000,
        800,
    )
    assert body["fee"] == 800
    assert body["equipment"] == [{"name": "ピアノ", "fee": 1_000}]
    assert body["reduction_status"] is None
    refused = client.post(
        "/api/v1/bookings",
        {
            "slot": _free_slot(client, room, future_weekday + dt.timedelta(days=7)),
            "reduction": "disability",
        },
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "evidence_required"
