import pytest

from cityhall.gis.registry import layer_register, layer_unregister
from cityhall.gis.tests.factories import (
    CITY_HALL,
    KUROBANE,
    TEST_LAYER,
    city_with_outline,
    district_with_location,
)


@pytest.fixture
def city(db):
    municipality = city_with_outline()
    district_with_location(
        municipality,
        code="ohtawara",
        name="大田原",
        at=CITY_HALL,
        place_names=["本町", "山の手"],
    )
    district_with_location(
        municipality,
        code="kurobane",
        name="黒羽",
        at=KUROBANE,
        place_names=["黒羽向町", "黒羽田町"],
    )
    return municipality


@pytest.fixture
def test_layer():
    layer_register(TEST_LAYER)
    yield TEST_LAYER
    layer_unregister(TEST_LAYER.key)
