"""The gis API: the list of layers and each layer's GeoJSON."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_layer_list(client, city, test_layer):
    data = client.get("/api/v1/gis/layers").json()
    entry = next(item for item in data if item["key"] == "test-shelters")
    assert entry["title"] == "Test shelters"
    assert entry["geojson_url"].endswith("/map/layers/test-shelters.geojson")


def test_layer_feature_collection(client, city, test_layer):
    data = client.get("/api/v1/gis/layers/test-shelters").json()
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    coordinates = {f["id"]: f["geometry"]["coordinates"] for f in data["features"]}
    assert coordinates["s1"] == [140.016, 36.872]


def test_unknown_layer_is_a_json_404(client, city, test_layer):
    response = client.get("/api/v1/gis/layers/nothing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "layer_not_found"
