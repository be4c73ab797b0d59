"""Geometry helpers: point-in-outline with shapely, great-circle distances.

Distances within one municipality are a few tens of kilometres at most, where
the haversine formula on a sphere of the mean Earth radius is within 0.5 % of
the ellipsoidal distance: far better than anyone needs to choose a shelter.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.prepared import PreparedGeometry, prep

#: Mean Earth radius (IUGG), metres.
EARTH_RADIUS_M = 6_371_008.8


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS 84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def geometry_from_geojson(data: dict[str, Any]) -> BaseGeometry:
    """A shapely geometry from a GeoJSON geometry, Feature or FeatureCollection
    (the union of the features' geometries)."""
    kind = data.get("type")
    if kind == "FeatureCollection":
        from shapely.ops import unary_union

        return unary_union([shape(f["geometry"]) for f in data.get("features", [])])
    if kind == "Feature":
        return shape(data["geometry"])
    return shape(data)


@lru_cache(maxsize=8)
def _prepared(key: str, geometry_json: str) -> PreparedGeometry:
    import json

    return prep(geometry_from_geojson(json.loads(geometry_json)))


def outline_contains(
    *, cache_key: str, geometry_json: str, latitude: float, longitude: float
) -> bool:
    """Whether the point lies inside (or on the edge of) the outline.

    ``cache_key`` + ``geometry_json`` identify the outline so that the prepared
    geometry is built once per process for a batch of thousands of rows.
    """
    prepared = _prepared(cache_key, geometry_json)
    return prepared.covers(Point(longitude, latitude))
