"""Demo subscribers: spread over districts and languages, seeded once."""

from __future__ import annotations

import pytest

from cityhall.core.tests.factories import DistrictFactory, MunicipalityFactory
from cityhall.notices.demo_subscribers import demo_seed_subscribers
from cityhall.notices.models import EASY_JAPANESE, Subscriber

pytestmark = pytest.mark.django_db


def test_demo_subscribers_spread_and_idempotent():
    """A few hundred active subscribers in several languages, many with
    districts and some for the whole city; a second run adds none."""
    municipality = MunicipalityFactory()
    DistrictFactory.create_batch(4, municipality=municipality)
    created = demo_seed_subscribers(municipality=municipality)
    assert created >= 200
    assert Subscriber.objects.filter(status="active").count() == created
    languages = set(Subscriber.objects.values_list("language", flat=True))
    assert {"ja", EASY_JAPANESE, "en"} <= languages
    with_districts = Subscriber.objects.filter(districts__isnull=False).distinct()
    assert 0 < with_districts.count() < created
    assert demo_seed_subscribers(municipality=municipality) == 0
    assert Subscriber.objects.count() == created
