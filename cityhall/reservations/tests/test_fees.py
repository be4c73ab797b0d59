"""Equipment fees and fee reductions (減免) through the booking service, and
the evidence flow: a booking waits for staff review before it is billed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cityhall.reservations.errors import ReservationError
from cityhall.reservations.models import Booking, FeeReduction, ReductionReview
from cityhall.reservations.services.booking import (
    booking_cancel,
    booking_create_provisional,
)
from cityhall.reservations.services.reductions import (
    reduction_approve,
    reduction_reject,
)
from cityhall.reservations.slot_ids import slot_id_make

from .factories import (
    equipment_make,
    member_of_approved_group,
    reduction_make,
    resident_make,
    room_make,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _slot(room, day, hour=9):
    return slot_id_make(room_public_id=room.public_id, date=day, start=dt.time(hour))


def _pdf(name="証明書.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _disability_rule(room):
    return reduction_make(
        room=room,
        code="disability",
        name="障害者団体",
        applies_to_category="disability",
        kind=FeeReduction.Kind.EXEMPT,
        percent=0,
        evidence_required=True,
    )


def test_equipment_is_added_to_the_fee_and_the_invoice(future_weekday):
    """Chosen equipment adds its fee to the booking and its invoice, and the
    breakdown is stored on the booking."""
    room = room_make(resident_fee=600)
    piano = equipment_make(room=room, name="ピアノ", fee=1_000)
    equipment_make(room=room, name="得点板", fee=300)  # not chosen
    booking = booking_create_provisional(
        resident=resident_make(),
        slot=_slot(room, future_weekday),
        equipment_ids=[piano.public_id],
    )
    assert (booking.base_fee, booking.equipment_fee, booking.fee) == (600, 1_000, 1_600)
    assert booking.equipment_lines == [{"name": "ピアノ", "fee": 1_000}]
    assert booking.invoice.amount == 1_600
    assert "ピアノ" in booking.invoice.description


def test_equipment_of_another_facility_is_refused(future_weekday):
    """An equipment id from another facility answers ``invalid_equipment``
    and books nothing."""
    room = room_make()
    other = equipment_make(room=room_make())
    with pytest.raises(ReservationError) as refused:
        booking_create_provisional(
            resident=resident_make(),
            slot=_slot(room, future_weekday),
            equipment_ids=[other.public_id],
        )
    assert refused.value.code == "invalid_equipment"
    assert not Booking.objects.exists()


def test_percentage_reduction_without_evidence_bills_the_reduced_fee(future_weekday):
    """A 50% rule that needs no evidence bills half the fee at once."""
    room = room_make(resident_fee=1_255)
    reduction_make(room=room, rounding=FeeReduction.Rounding.FLOOR_10)
    booking = booking_create_provisional(
        resident=member_of_approved_group(room=room),
        slot=_slot(room, future_weekday),
        reduction_code="seniors-club",
    )
    assert (booking.fee, booking.reduction_amount) == (620, 635)
    assert booking.reduction_name == "老人クラブ"
    assert booking.invoice.amount == 620


def test_reduction_without_evidence_needs_an_approved_group_of_its_kind(
    future_weekday,
):
    """Nobody checks a rule without evidence, so only a resident with an
    approved group of its category may claim it: a resident without one, or
    with a group of another category or one still pending, is refused with
    ``reduction_not_eligible`` and nothing is booked."""
    from cityhall.reservations.tests.lottery_factories import group_make

    room = room_make()
    reduction_make(room=room)
    other_kind = member_of_approved_group(room=room, category="general")
    pending = resident_make()
    group_make(
        resident=pending,
        municipality=room.facility.municipality,
        category="seniors_club",
        approve=False,
    )
    for resident in (resident_make(), other_kind, pending):
        with pytest.raises(ReservationError) as refused:
            booking_create_provisional(
                resident=resident,
                slot=_slot(room, future_weekday),
                reduction_code="seniors-club",
            )
        assert refused.value.code == "reduction_not_eligible"
    assert not Booking.objects.exists()


def test_unknown_reduction_is_refused(future_weekday):
    """A code that is not a rule in force answers ``invalid_reduction``."""
    room = room_make()
    reduction_make(room=room, is_active=False)
    with pytest.raises(ReservationError) as refused:
        booking_create_provisional(
            resident=resident_make(),
            slot=_slot(room, future_weekday),
            reduction_code="seniors-club",
        )
    assert refused.value.code == "invalid_reduction"


def test_evidence_is_required_when_the_rule_says_so(future_weekday):
    """A rule that needs evidence refuses a booking without a file."""
    room = room_make()
    _disability_rule(room)
    with pytest.raises(ReservationError) as refused:
        booking_create_provisional(
            resident=resident_make(),
            slot=_slot(room, future_weekday),
            reduction_code="disability",
        )
    assert refused.value.code == "evidence_required"
    assert not Booking.objects.exists()


def test_evidence_whose_content_does_not_match_is_refused(future_weekday):
    """A file named .pdf that is not a PDF is refused (common upload check)."""
    room = room_make()
    _disability_rule(room)
    with pytest.raises(ReservationError) as refused:
        booking_create_provisional(
            resident=resident_make(),
            slot=_slot(room, future_weekday),
            reduction_code="disability",
            evidence=_pdf(content=b"<html>not a pdf</html>"),
        )
    assert refused.value.code == "invalid_evidence"


def test_booking_with_evidence_waits_for_review_without_invoice(future_weekday):
    """With evidence the booking holds the slot, provisional, with neither an
    invoice nor a payment deadline, and a pending review stores the file
    under a random name."""
    room = room_make()
    _disability_rule(room)
    booking = booking_create_provisional(
        resident=resident_make(),
        slot=_slot(room, future_weekday),
        reduction_code="disability",
        evidence=_pdf(),
    )
    review = ReductionReview.objects.get(booking=booking)
    assert booking.state == Booking.State.PROVISIONAL
    assert booking.invoice is None and booking.payment_deadline is None
    assert review.status == ReductionReview.Status.PENDING
    assert review.evidence_name == "証明書.pdf"
    assert "証明書" not in review.evidence.name
    assert review.evidence.read() == PDF
    with pytest.raises(ReservationError) as taken:
        booking_create_provisional(
            resident=resident_make(), slot=_slot(room, future_weekday)
        )
    assert taken.value.code == "slot_taken"


def test_approved_exemption_confirms_without_invoice(future_weekday):
    """Approving a full exemption confirms the booking with no invoice."""
    room = room_make()
    _disability_rule(room)
    booking = booking_create_provisional(
        resident=resident_make(),
        slot=_slot(room, future_weekday),
        reduction_code="disability",
        evidence=_pdf(),
    )
    staff = resident_make()
    approved = reduction_approve(review=booking.reduction_review, staff=staff)
    assert approved.state == Booking.State.CONFIRMED
    assert approved.invoice is None and approved.fee == 0
    review = ReductionReview.objects.get(pk=booking.reduction_review.pk)
    assert (review.status, review.reviewed_by) == (
        ReductionReview.Status.APPROVED,
        staff,
    )


def test_approved_percentage_bills_the_reduced_fee(future_weekday):
    """Approving a 50% rule with evidence bills the reduced fee then."""
    room = room_make(resident_fee=600)
    reduction_make(room=room, evidence_required=True)
    booking = booking_create_provisional(
        resident=resident_make(),
        slot=_slot(room, future_weekday),
        reduction_code="seniors-club",
        evidence=_pdf(),
    )
    approved = reduction_approve(review=booking.reduction_review, staff=None)
    assert approved.state == Booking.State.PROVISIONAL
    assert approved.invoice.amount == 300
    assert approved.payment_deadline is not None


def test_rejected_reduction_bills_the_full_fee(future_weekday):
    """Rejecting drops the reduction: the full fee (room and equipment) is
    billed and the booking keeps its slot."""
    room = room_make(resident_fee=600)
    piano = equipment_make(room=room, name="ピアノ", fee=1_000)
    _disability_rule(room)
    booking = booking_create_provisional(
        resident=resident_make(),
        slot=_slot(room, future_weekday),
        equipment_ids=[piano.public_id],
        reduction_code="disability",
        evidence=_pdf(),
    )
    rejected = reduction_reject(
        review=booking.reduction_review, staff=None, note="証明書が読めません"
    )
    assert (rejected.fee, rejected.reduction_amount) == (1_600, 0)
    assert rejected.invoice.amount == 1_600
    assert rejected.state == Booking.State.PROVISIONAL


def test_a_review_is_decided_once(future_weekday):
    """A second decision on the same review answers ``review_decided``."""
    room = room_make()
    _disability_rule(room)
    booking = booking_create_provisional(
        resident=resident_make(),
        slot=_slot(room, future_weekday),
        reduction_code="disability",
        evidence=_pdf(),
    )
    reduction_approve(review=booking.reduction_review, staff=None)
    with pytest.raises(ReservationError) as refused:
        reduction_reject(review=booking.reduction_review, staff=None)
    assert refused.value.code == "review_decided"


def test_a_booking_under_review_can_be_cancelled(future_weekday):
    """The resident may cancel while the review is pending; nothing is billed."""
    room = room_make()
    _disability_rule(room)
    resident = resident_make()
    booking = booking_create_provisional(
        resident=resident,
        slot=_slot(room, future_weekday),
        reduction_code="disability",
        evidence=_pdf(),
    )
    cancelled = booking_cancel(resident=resident, booking=booking)
    assert cancelled.state == Booking.State.CANCELLED
    approved = reduction_approve(review=booking.reduction_review, staff=None)
    assert approved.invoice is None
