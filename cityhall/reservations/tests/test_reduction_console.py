"""The staff console's fee reduction (減免) review: reviewers only, the
pending list's query count, the decision and the evidence download; and the
resident's booking page with equipment, reduction and evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cityhall.core.tests.factories import StaffFactory, totp_device_for
from cityhall.reservations.models import Booking, FeeReduction, ReductionReview
from cityhall.reservations.services.booking import booking_create_provisional
from cityhall.reservations.slot_ids import slot_id_make

from .factories import equipment_make, reduction_make, resident_make, room_make

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
LIST_URL = "/admin/reservations/reductions/"


def _staff_client(*, reviewer: bool) -> Client:
    user = StaffFactory()
    codes = ["access_admin"] + (["change_reductionreview"] if reviewer else [])
    user.user_permissions.add(*Permission.objects.filter(codename__in=codes))
    device = totp_device_for(user)
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def _pending(room, day, hour=9):
    return booking_create_provisional(
        resident=resident_make(),
        slot=slot_id_make(room_public_id=room.public_id, date=day, start=dt.time(hour)),
        reduction_code="disability",
        evidence=SimpleUploadedFile("cert.pdf", PDF),
    )


@pytest.fixture
def exempt_room():
    from cityhall.reservations.models import Room

    room = room_make(scheme=Room.SlotScheme.HOURLY)
    reduction_make(
        room=room,
        code="disability",
        name="障害者団体",
        kind=FeeReduction.Kind.EXEMPT,
        evidence_required=True,
    )
    return room


def test_console_refuses_staff_without_the_permission():
    """Staff without the review permission get 403."""
    assert _staff_client(reviewer=False).get(LIST_URL).status_code == 403


@pytest.mark.parametrize("count", [1, 20])
def test_pending_list_query_count(
    django_assert_num_queries, exempt_room, future_weekday, count
):
    """The pending list takes the same number of queries for one review as
    for twenty (each in its own room of the facility)."""
    for _n in range(count):
        room = room_make(facility=exempt_room.facility, scheme=exempt_room.slot_scheme)
        _pending(room, future_weekday)
    client = _staff_client(reviewer=True)
    client.get(LIST_URL)  # warm the session and menu caches
    with django_assert_num_queries(12):
        response = client.get(LIST_URL)
    assert response.status_code == 200
    assert response.content.decode().count("/admin/reservations/reductions/") >= count


def test_reviewer_approves_and_downloads_evidence(exempt_room, future_weekday):
    """A reviewer downloads the evidence and approves: the exempt booking is
    confirmed without an invoice."""
    booking = _pending(exempt_room, future_weekday)
    review = booking.reduction_review
    client = _staff_client(reviewer=True)
    url = f"{LIST_URL}{review.public_id}/"
    evidence = client.get(f"{url}evidence/")
    assert evidence.status_code == 200
    assert b"".join(evidence.streaming_content) == PDF
    response = client.post(url, {"decision": "approve", "note": ""})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.state == Booking.State.CONFIRMED
    assert ReductionReview.objects.get(pk=review.pk).status == "approved"


def test_booking_page_uploads_evidence_and_waits(exempt_room, future_weekday):
    """On the booking page the resident picks equipment and the reduction,
    uploads evidence, and the booking waits for review with its breakdown."""
    projector = equipment_make(room=exempt_room, fee=500)
    resident = resident_make()
    client = Client()
    client.force_login(resident)
    slot = slot_id_make(
        room_public_id=exempt_room.public_id, date=future_weekday, start=dt.time(9)
    )
    page = client.get("/en/facilities/book/", {"slot": slot})
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = client.post(
        "/en/facilities/book/",
        {
            "slot": slot,
            "equipment": [str(projector.public_id)],
            "reduction": "disability",
            "evidence": SimpleUploadedFile("cert.pdf", PDF),
        },
    )
    assert response.status_code == 302
    booking = Booking.objects.get(resident=resident)
    assert (booking.equipment_fee, booking.fee, booking.invoice) == (500, 0, None)
    assert booking.reduction_review.status == ReductionReview.Status.PENDING
    listing = client.get("/en/facilities/my-bookings/").content.decode()
    assert "fee reduction under review" in listing
