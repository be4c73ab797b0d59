"""The map page, its list equivalent (no JavaScript needed) and the GeoJSON."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_layer_geojson_is_rfc7946(client, city, test_layer):
    """A FeatureCollection of Points in lon/lat order, no crs, cacheable."""
    response = client.get("/map/layers/test-shelters.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    feature = next(f for f in data["features"] if f["id"] == "s2")
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [140.118, 36.87]}
    assert feature["properties"]["name"] == "黒羽避難所"


def test_layer_geojson_answers_304_to_its_etag(client, city, test_layer):
    first = client.get("/map/layers/test-shelters.geojson")
    second = client.get(
        "/map/layers/test-shelters.geojson", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert second.status_code == 304
    assert second["ETag"] == first["ETag"]


def test_unknown_layer_is_404(client, city, test_layer):
    assert client.get("/map/layers/nothing.geojson").status_code == 404


def test_outline_geojson_carries_the_attribution(client, city):
    data = client.get(reverse("gis:outline_geojson")).json()
    assert data["features"][0]["geometry"]["type"] == "Polygon"
    assert data["features"][0]["properties"]["attribution"] == "出典：テスト"


def test_map_page_lists_every_point_without_javascript(client, city, test_layer):
    """With no place given, the list has every point of the layer by name; the
    map canvas is only a hidden hook for the script."""
    response = client.get("/map/?layer=test-shelters")
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("本町避難所", "黒羽避難所", "金田避難所"):
        assert name in html
    assert 'id="map" class="map-canvas" hidden' in html
    assert 'data-layer-url="/map/layers/test-shelters.geojson"' in html
    assert "出典：テスト" in html
    assert "<script>" not in html  # no inline script (CSP)


def test_nearest_by_district_sorted_by_distance(client, city, test_layer):
    response = client.get("/map/", {"layer": "test-shelters", "district": "kurobane"})
    html = response.content.decode()
    assert response.status_code == 200
    order = [html.index(name) for name in ("黒羽避難所", "金田避難所", "本町避難所")]
    assert order == sorted(order)
    assert " km</td>" in html


def test_nearest_by_postal_code(client, city, test_layer):
    response = client.get(
        "/map/", {"layer": "test-shelters", "postal_code": "324-0041"}
    )
    html = response.content.decode()
    # 324-0041 is 本町: the city-hall shelter comes first.
    assert html.index("本町避難所") < html.index("黒羽避難所")
    assert 'data-place-lat="36.871400"' in html


def test_nearest_by_address(client, city, test_layer):
    response = client.get("/en/map/", {"layer": "test-shelters", "address": "黒羽田町"})
    html = response.content.decode()
    assert html.index("黒羽避難所") < html.index("本町避難所")


def test_bad_postal_code_gets_an_error_summary_and_the_full_list(
    client, city, test_layer
):
    response = client.get("/en/map/", {"layer": "test-shelters", "postal_code": "12"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert 'href="#id_postal_code"' in html
    assert 'aria-invalid="true"' in html
    assert "3 places" in html


def test_unknown_layer_in_the_form_is_a_form_error(client, city, test_layer):
    response = client.get("/map/", {"layer": "nope"})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()


def test_tile_server_is_used_when_configured(client, city, test_layer, settings):
    settings.CITYHALL_MAP_TILE_URL = "https://tiles.example.jp/{z}/{x}/{y}.png"
    settings.CITYHALL_MAP_TILE_ATTRIBUTION = "© Example tiles"
    html = client.get("/map/").content.decode()
    assert 'data-tile-url="https://tiles.example.jp/{z}/{x}/{y}.png"' in html
    assert "© Example tiles" in html


@pytest.mark.parametrize("prefix", ["", "/en", "/zh-hans", "/ko"])
def test_map_page_in_every_language(client, city, test_layer, prefix):
    response = client.get(f"{prefix}/map/")
    assert response.status_code == 200
    lang = prefix.strip("/") or "ja"
    assert f'<html lang="{lang}"' in response.content.decode()
