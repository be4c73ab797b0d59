"""The demo seed: facilities per district and the demo resident's bookings."""

from __future__ import annotations

import pytest

from cityhall.core.demo import demo_municipality_create
from cityhall.core.demo import demo_seed as core_demo_seed
from cityhall.reservations.demo import demo_seed
from cityhall.reservations.models import (
    Booking,
    Equipment,
    Facility,
    FeeReduction,
    ReductionReview,
)

pytestmark = pytest.mark.django_db


def test_demo_seed_makes_facilities_and_bookings_once():
    """One 公民館 per district plus gym, ground and courts with equipment;
    the 減免 rules; the demo resident has a provisional, a confirmed, a
    cancelled booking and one awaiting 減免 review; a rerun adds nothing."""
    municipality = demo_municipality_create()
    core_demo_seed(municipality=municipality)
    districts = municipality.districts.count()
    assert districts > 0
    facilities = demo_seed(municipality=municipality)
    assert len(facilities) == districts + 3
    assert (
        Facility.objects.filter(kind=Facility.Kind.COMMUNITY_CENTRE).count()
        == districts
    )
    assert sorted(Booking.objects.values_list("state", flat=True)) == [
        "cancelled",
        "confirmed",
        "provisional",
        "provisional",
    ]
    assert set(Equipment.objects.values_list("name", flat=True)) == {
        "プロジェクター",
        "ピアノ",
        "得点板",
    }
    exempt = FeeReduction.objects.get(applies_to_category="disability")
    assert (exempt.kind, exempt.evidence_required) == ("exempt", True)
    seniors = FeeReduction.objects.get(applies_to_category="seniors_club")
    assert (seniors.kind, seniors.percent) == ("percent", 50)
    pending = ReductionReview.objects.get(status="pending").booking
    assert (pending.invoice, pending.reduction_amount) == (None, pending.base_fee)
    assert demo_seed(municipality=municipality) == []
    assert Booking.objects.count() == 4
