"""The demo seed: facilities per district and the demo resident's bookings."""

from __future__ import annotations

import pytest

from cityhall.core.demo import demo_municipality_create
from cityhall.core.demo import demo_seed as core_demo_seed
from cityhall.reservations.demo import demo_seed
from cityhall.reservations.models import Booking, Facility

pytestmark = pytest.mark.django_db


def test_demo_seed_makes_facilities_and_bookings_once():
    """One 公民館 per district plus gym, ground and courts; the demo resident
    has a provisional, a confirmed and a cancelled booking; a rerun adds
    nothing."""
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
    ]
    assert demo_seed(municipality=municipality) == []
    assert Booking.objects.count() == 3


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
