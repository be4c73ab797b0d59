"""The gis app's API router: map layers and their GeoJSON.

Mounted under ``/api/v1/gis/`` by :mod:`cityhall.api.api`. A layer's answer is
an RFC 7946 FeatureCollection (longitude, latitude order; no ``crs`` member),
the same document as ``/map/layers/<key>.geojson``.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from pydantic import Field

from cityhall.common.api.language import request_language_active
from cityhall.common.api.params import Language
from cityhall.common.api.schemas import ERRORS, ErrorOut
from cityhall.gis.registry import layer_providers
from cityhall.gis.selectors import layer_feature_collection, layer_get

router = Router(tags=["maps"])


class LayerOut(Schema):
    key: str = Field(description="Stable identifier used in URLs.")
    title: str
    description: str
    geojson_url: str = Field(description="The layer as GeoJSON (RFC 7946).")


class PointGeometryOut(Schema):
    type: Literal["Point"]
    coordinates: list[float] = Field(
        description="[longitude, latitude] in WGS 84 (RFC 7946).",
        min_length=2,
        max_length=2,
    )


class FeatureOut(Schema):
    type: Literal["Feature"]
    id: str
    geometry: PointGeometryOut
    properties: dict[str, Any]


class FeatureCollectionOut(Schema):
    type: Literal["FeatureCollection"]
    name: str = Field(description="The layer's key.")
    title: str
    features: list[FeatureOut]


@router.get(
    "/layers",
    response={200: list[LayerOut], **ERRORS},
    summary="Map layers",
    operation_id="cityhall_gis_api_layers",
)
def layers(request: HttpRequest, lang: Language | None = None) -> list[dict[str, Any]]:
    """Every map layer, with the address of its GeoJSON."""
    with request_language_active(request, lang):
        return [
            {
                "key": provider.key,
                "title": str(provider.title),
                "description": str(provider.description),
                "geojson_url": request.build_absolute_uri(
                    reverse("gis:layer_geojson", args=[provider.key])
                ),
            }
            for provider in layer_providers()
        ]


@router.get(
    "/layers/{key}",
    response={200: FeatureCollectionOut, 404: ErrorOut, **ERRORS},
    summary="One map layer as GeoJSON",
    operation_id="cityhall_gis_api_layer",
)
def layer(
    request: HttpRequest, key: str, lang: Language | None = None
) -> dict[str, Any]:
    """The layer's points as an RFC 7946 FeatureCollection."""
    with request_language_active(request, lang):
        return layer_feature_collection(layer_get(key))
