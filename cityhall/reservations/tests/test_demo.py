"""The demo seed: facilities per district and the demo resident's bookings."""

from __future__ import annotations

import pytest

from cityhall.core.demo import demo_municipality_create
from cityhall.core.demo import demo_seed as core_demo_seed
from cityhall.gis.demo import demo_seed as gis_demo_seed
from cityhall.opendata.services.generators import generated_datasets_refresh
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
    the 減免 rules; the demo resident has a booking in every state (one
    provisional awaiting 減免 review; used and no-show recorded by the
    facility staff in the past weeks); a rerun adds nothing."""
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
        "expired",
        "no_show",
        "provisional",
        "provisional",
        "used",
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
    assert Booking.objects.count() == 7


def test_demo_facilities_publish_as_valid_open_data():
    """Every demo facility has coordinates, so all of them make valid rows of
    the bookable-facilities dataset, and their availability is valid too."""
    municipality = demo_municipality_create()
    core_demo_seed(municipality=municipality)
    gis_demo_seed(municipality=municipality)
    facilities = demo_seed(municipality=municipality)
    results = generated_datasets_refresh(
        keys=["reservations-facilities", "reservations-availability"]
    )
    assert [(r["key"], r["valid"]) for r in results] == [
        ("reservations-facilities", True),
        ("reservations-availability", True),
    ]
    assert results[0]["rows"] == len(facilities)


def test_demo_seed_makes_groups_and_an_open_lottery():
    """The demo resident has a seniors' club and a disability group
    (approved), a flagged duplicate waiting for staff, and three wishes in an
    open lottery for next month whose slots show as lottery."""
    from cityhall.reservations.models import Group, LotteryEntry, LotteryWindow

    municipality = demo_municipality_create()
    core_demo_seed(municipality=municipality)
    demo_seed(municipality=municipality)
    states = dict(
        Group.objects.values_list("category", "state").filter(state="approved")
    )
    assert states == {"seniors_club": "approved", "disability": "approved"}
    flagged = Group.objects.get(possible_duplicate=True)
    assert flagged.state == Group.State.PENDING
    window = LotteryWindow.objects.get()
    assert window.state == LotteryWindow.State.OPEN
    assert LotteryEntry.objects.filter(window=window).count() == 3


def test_demo_general_staff_may_use_the_reservations_console():
    """The demo's 市民課 general staff member holds the console permission."""
    from django.contrib.auth import get_user_model

    from cityhall.reservations.demo import DEMO_FACILITY_STAFF_EMAIL
    from cityhall.reservations.permissions import can_manage_bookings

    municipality = demo_municipality_create()
    core_demo_seed(municipality=municipality)
    demo_seed(municipality=municipality)
    staff = get_user_model().objects.get(email=DEMO_FACILITY_STAFF_EMAIL)
    assert can_manage_bookings(staff)
