"""The municipality's outline and its districts' representative points."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from shapely.errors import GEOSException

from cityhall.core.models import District, Municipality
from cityhall.gis.errors import GisError
from cityhall.gis.geometry import geometry_from_geojson, outline_contains
from cityhall.gis.models import DistrictLocation, MunicipalityOutline


def _area_geometry(data: dict[str, Any]) -> dict[str, Any]:
    """The Polygon/MultiPolygon geometry inside ``data`` (geometry, Feature or a
    one-feature FeatureCollection), checked to be a valid area."""
    if data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        if len(features) != 1:
            raise GisError(
                _("The outline must be a single feature."), code="outline_invalid"
            )
        data = features[0]
    if data.get("type") == "Feature":
        data = data.get("geometry") or {}
    if data.get("type") not in {"Polygon", "MultiPolygon"}:
        raise GisError(
            _("The outline must be a polygon or a multipolygon."),
            code="outline_invalid",
        )
    try:
        geometry = geometry_from_geojson(data)
    except (GEOSException, KeyError, TypeError, ValueError, IndexError) as error:
        raise GisError(
            _("The outline is not valid GeoJSON."), code="outline_invalid"
        ) from error
    if geometry.is_empty or not geometry.is_valid:
        raise GisError(_("The outline is not a valid area."), code="outline_invalid")
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise GisError(
            _("The outline's coordinates must be longitude and latitude."),
            code="outline_invalid",
        )
    return data


@transaction.atomic
def outline_set(
    *, municipality: Municipality, geojson: dict[str, Any], attribution: str
) -> MunicipalityOutline:
    """Store (or replace) the municipality's outline (行政区域).

    Accepts a GeoJSON geometry, Feature or one-feature FeatureCollection in
    lon/lat order; the attribution is the source credit its licence asks for.
    """
    geometry = _area_geometry(geojson)
    attribution = attribution.strip()
    if not attribution:
        raise GisError(
            _("Give the source credit of the outline."), code="attribution_required"
        )
    outline, _created = MunicipalityOutline.objects.update_or_create(
        municipality=municipality,
        defaults={"geometry": geometry, "attribution": attribution},
    )
    return outline


@transaction.atomic
def district_location_set(
    *,
    district: District,
    latitude: float,
    longitude: float,
    place_names: list[str] | None = None,
) -> DistrictLocation:
    """Store a district's representative point (and its 町域 names).

    The point must lie inside the municipality's outline when one is stored.
    """
    outline = MunicipalityOutline.objects.filter(
        municipality_id=district.municipality_id
    ).first()
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise GisError(
            _("Latitude or longitude is out of range."), code="coordinates_invalid"
        )
    if outline is not None and not outline_contains(
        cache_key=f"{outline.pk}:{outline.updated_at.isoformat()}",
        geometry_json=json.dumps(outline.geometry, sort_keys=True),
        latitude=latitude,
        longitude=longitude,
    ):
        raise GisError(
            _("The point is outside the municipality."), code="outside_municipality"
        )
    names = [name.strip() for name in place_names or [] if name.strip()]
    location, _created = DistrictLocation.objects.update_or_create(
        district=district,
        defaults={
            "latitude": latitude,
            "longitude": longitude,
            "place_names": names,
        },
    )
    return location
