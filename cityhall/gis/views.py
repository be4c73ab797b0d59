"""HTML and GeoJSON views of the map (thin: each calls selectors)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from cityhall.common.errors import NotFoundError
from cityhall.common.forms import add_application_error
from cityhall.core.selectors.organisation import municipality_current
from cityhall.gis.errors import GisError
from cityhall.gis.forms import NearestForm
from cityhall.gis.registry import layer_providers
from cityhall.gis.selectors import (
    Place,
    RankedPoint,
    district_choices,
    layer_feature_collection,
    layer_get,
    layer_points,
    outline_feature_collection,
    outline_get,
    place_for_address,
    place_for_district,
    place_for_postal_code,
    points_nearest,
)

#: Rows of the "nearest" table when the resident gave a place.
NEAREST_LIMIT = 10
GEOJSON_CONTENT_TYPE = "application/geo+json"


def _geojson_response(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    """GeoJSON with a strong ETag and public caching (the layers are public)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=GEOJSON_CONTENT_TYPE)
        response["Content-Disposition"] = "inline"
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
    patch_vary_headers(response, ["Accept-Language"])
    return response


@require_GET
def layer_geojson(request: HttpRequest, key: str) -> HttpResponse:
    """One layer as an RFC 7946 FeatureCollection."""
    try:
        provider = layer_get(key)
    except NotFoundError as error:
        raise Http404 from error
    return _geojson_response(request, layer_feature_collection(provider))


@require_GET
def outline_geojson(request: HttpRequest) -> HttpResponse:
    """The municipality's outline, the offline basemap."""
    municipality = municipality_current()
    outline = outline_get(municipality=municipality) if municipality else None
    if outline is None:
        raise Http404
    return _geojson_response(request, outline_feature_collection(outline))


def _place(form: NearestForm, municipality: Any, points: list[Any]) -> Place | None:
    data = form.cleaned_data
    try:
        if data.get("district"):
            return place_for_district(
                municipality=municipality, district_code=data["district"]
            )
        if data.get("postal_code"):
            return place_for_postal_code(
                municipality=municipality, postal_code=data["postal_code"]
            )
        if data.get("address"):
            return place_for_address(
                municipality=municipality, address=data["address"], points=points
            )
    except GisError as error:
        field = next(
            name for name in ("district", "postal_code", "address") if data.get(name)
        )
        add_application_error(form, error, field=field)
    return None


@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    """The map and its list equivalent: a layer's points, nearest first when the
    resident says where they are (a district, a postal code or an address).
    Works without JavaScript; the script only draws the map."""
    municipality = municipality_current()
    if municipality is None:
        raise Http404
    providers = layer_providers()
    districts = district_choices(municipality=municipality)
    form = NearestForm(
        request.GET or None,
        layer_choices=[(p.key, str(p.title)) for p in providers],
        district_choices=[(d.code, d.display_name()) for d in districts],
    )
    provider = providers[0] if providers else None
    place: Place | None = None
    rows: list[RankedPoint] = []
    points: list[Any] = []
    if form.is_bound:
        form.is_valid()
        # A valid layer is kept even when another field has an error.
        if form.cleaned_data.get("layer"):
            provider = layer_get(form.cleaned_data["layer"])
    if provider is not None:
        points = layer_points(provider)
    if form.is_bound and form.is_valid() and form.origin_given():
        place = _place(form, municipality, points)
    if place is not None:
        rows = points_nearest(points, place=place, limit=NEAREST_LIMIT)
    outline = outline_get(municipality=municipality)
    context = {
        "form": form,
        "providers": providers,
        "provider": provider,
        "points": points,
        "place": place,
        "rows": rows,
        "outline": outline,
        "layer_url": (
            reverse("gis:layer_geojson", args=[provider.key]) if provider else ""
        ),
        "outline_url": reverse("gis:outline_geojson") if outline else "",
        "tile_url": settings.CITYHALL_MAP_TILE_URL,
        "tile_attribution": settings.CITYHALL_MAP_TILE_ATTRIBUTION,
    }
    return render(request, "gis/map.html", context)
