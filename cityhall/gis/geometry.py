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


#: Points this close outside the outline still count as inside: published
#: outlines are generalised (the 国土数値情報 one the demo uses is simplified to a
#: few dozen vertices), so a real address near the boundary can fall a few
#: hundred metres outside the drawn line. A neighbouring town's point, a swapped
#: latitude/longitude or a wrong degree is kilometres away.
OUTLINE_TOLERANCE_M = 500.0
#: Metres per degree of latitude (the buffer is in degrees; a degree of
#: longitude is shorter, so the tolerance east–west is somewhat less).
METRES_PER_DEGREE = 111_320.0


@lru_cache(maxsize=8)
def _prepared(key: str, geometry_json: str, tolerance_m: float) -> PreparedGeometry:
    import json

    geometry = geometry_from_geojson(json.loads(geometry_json))
    if tolerance_m > 0:
        geometry = geometry.buffer(tolerance_m / METRES_PER_DEGREE)
    return prep(geometry)


def outline_contains(
    *,
    cache_key: str,
    geometry_json: str,
    latitude: float,
    longitude: float,
    tolerance_m: float = OUTLINE_TOLERANCE_M,
) -> bool:
    """Whether the point lies inside the outline, or within ``tolerance_m``
    metres outside it.

    ``cache_key`` + ``geometry_json`` identify the outline so that the prepared
    geometry is built once per process for a batch of thousands of rows.
    """
    prepared = _prepared(cache_key, geometry_json, tolerance_m)
    return prepared.covers(Point(longitude, latitude))
