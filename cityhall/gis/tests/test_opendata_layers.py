"""Layers built from the open-data catalogue, and the registration rules run
on every upload (the opendata import-check hook)."""

from __future__ import annotations

import pytest

from cityhall.gis.selectors import layer_feature_collection, layer_get
from cityhall.opendata.models import VersionStatus
from cityhall.opendata.services.resources import resource_upload
from cityhall.opendata.tests.factories import (
    WIFI_HEADER,
    WIFI_ROWS,
    csv_bytes,
    dataset_make,
    resource_make,
    wifi_csv,
    wifi_legacy_csv,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def wifi_resource(city):
    dataset = dataset_make(name="wifi", schema_key="wifi-access-points")
    return resource_make(dataset=dataset, schema_key="wifi-access-points")


def _rows_with(**changes):
    rows = [(r[0], r[1], r[2] + r[3], *r[4:]) for r in WIFI_ROWS]
    index = {name: i for i, name in enumerate(WIFI_HEADER)}
    row = list(rows[1])
    for column, value in changes.items():
        row[index[column]] = value
    return [rows[0], tuple(row)]


def test_uploaded_wifi_spots_become_the_wifi_layer(wifi_resource):
    """A legacy Shift_JIS file validates and its spots are on the map."""
    version = resource_upload(
        resource=wifi_resource, data=wifi_legacy_csv(), filename="wifi.csv"
    )
    assert version.status == VersionStatus.VALID, version.report
    collection = layer_feature_collection(layer_get("wifi"))
    names = sorted(f["properties"]["name"] for f in collection["features"])
    assert names == ["大田原市役所", "那須与一伝承館"]
    hall = next(
        f for f in collection["features"] if f["properties"]["name"] == "大田原市役所"
    )
    assert hall["geometry"]["coordinates"] == [140.01558, 36.87145]
    assert hall["properties"]["SSID"] == "Ohtawara_Free_Wi-Fi"


def test_draft_datasets_are_not_on_the_map(city):
    dataset = dataset_make(name="draft-wifi", published=False)
    resource = resource_make(dataset=dataset, schema_key="wifi-access-points")
    resource_upload(resource=resource, data=wifi_csv(), filename="wifi.csv")
    assert layer_feature_collection(layer_get("wifi"))["features"] == []


def test_point_outside_the_city_rejects_the_upload_and_keeps_the_live_version(
    wifi_resource,
):
    """A spot in Utsunomiya: rejected with row and column, the old file stays."""
    first = resource_upload(resource=wifi_resource, data=wifi_csv(), filename="a.csv")
    data = csv_bytes(
        WIFI_HEADER, _rows_with(緯度="36.5551", 経度="139.8828"), encoding="utf-8"
    )
    second = resource_upload(resource=wifi_resource, data=data, filename="b.csv")
    assert second.status == VersionStatus.INVALID
    errors = second.report["errors"]
    assert [(e["row"], e["column"], e["code"]) for e in errors] == [
        (3, "緯度", "gis-outside-municipality")
    ]
    wifi_resource.refresh_from_db()
    assert wifi_resource.current_version_id == first.pk
    assert len(layer_feature_collection(layer_get("wifi"))["features"]) == 2


def test_duplicate_place_rejects_the_upload(wifi_resource):
    """The same name at the same place under another ID is a duplicate."""
    data = csv_bytes(
        WIFI_HEADER,
        _rows_with(名称="大田原市役所", 緯度="36.87145", 経度="140.01558"),
        encoding="utf-8",
    )
    version = resource_upload(resource=wifi_resource, data=data, filename="dup.csv")
    assert version.status == VersionStatus.INVALID
    assert [(e["row"], e["column"], e["code"]) for e in version.report["errors"]] == [
        (3, "名称", "gis-duplicate")
    ]
