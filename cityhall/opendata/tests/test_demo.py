"""Demo open data: the standard datasets load, inside the city, at scale."""

from __future__ import annotations

import json
import time

import pytest

from cityhall.core.demo.organisation import municipality_create, organisation_create
from cityhall.opendata import datastore, downloads
from cityhall.opendata.demo import demo_seed, population_csv
from cityhall.opendata.models import Dataset, DatasetState, Resource

pytestmark = pytest.mark.django_db

#: Ohtawara's extent (the outline in the shared data, rounded outwards).
CITY_EXTENT = (139.92, 36.76, 140.27, 36.95)


@pytest.fixture
def seeded():
    municipality = municipality_create()
    organisation_create(municipality=municipality)
    started = time.monotonic()
    demo_seed(municipality=municipality)
    print(f"opendata demo seed: {time.monotonic() - started:.1f}s")
    return municipality


def test_demo_publishes_the_standard_datasets(seeded):
    """Every standard dataset is published with a live, validated table."""
    names = set(
        Dataset.objects.filter(state=DatasetState.PUBLISHED).values_list(
            "name", flat=True
        )
    )
    assert {
        "evacuation-sites",
        "public-facilities",
        "aed-locations",
        "wifi-access-points",
        "tourist-sites",
        "events",
        "childcare-facilities",
        "medical-institutions",
        "population-by-area-age",
        "departments",
    } <= names
    for resource in Resource.objects.select_related("current_version"):
        assert resource.datastore_active, resource


def test_demo_wifi_is_the_legacy_shift_jis_file(seeded):
    """The Wi-Fi table was loaded from a Shift_JIS file in the legacy layout."""
    version = Resource.objects.get(dataset__name="wifi-access-points").current_version
    assert version.detected_encoding == "Shift_JIS (CP932)"
    assert {"from": "NO", "to": "ID"} in version.report["header_mapping"]


def test_demo_points_lie_in_the_city(seeded):
    """Every row with coordinates is inside Ohtawara's extent."""
    west, south, east, north = CITY_EXTENT
    count = 0
    for resource in Resource.objects.select_related("current_version"):
        version = resource.current_version
        if not downloads.has_coordinates(version):
            continue
        collection = json.loads(b"".join(downloads.geojson_render(version)))
        for feature in collection["features"]:
            lon, lat = feature["geometry"]["coordinates"]
            assert west < lon < east and south < lat < north, feature
            count += 1
    assert count > 80


def test_demo_population_table_has_over_100000_rows(seeded):
    """The population table is large and filterable."""
    version = Resource.objects.get(
        dataset__name="population-by-area-age"
    ).current_version
    assert version.row_count == 101_000
    found = datastore.table_query(
        table=version.datastore_table,
        fields=version.fields,
        row_count=version.row_count,
        query=datastore.DatastoreQuery(
            filters={"年齢": [0], "調査年月日": ["2026-04-01"]},
            q="",
            fields=None,
            sort=[("総数", True)],
            limit=5,
            offset=0,
        ),
    )
    assert found.total == 200
    totals = [r["総数"] for r in found.records]
    assert totals == sorted(totals, reverse=True)


def test_population_csv_is_deterministic():
    """The generated table is the same bytes every time."""
    assert population_csv(dates=1) == population_csv(dates=1)
