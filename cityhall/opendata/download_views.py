"""File downloads of published resources (CSV UTF-8 / Shift_JIS, JSON, GeoJSON,
the original upload), each dataset's ``datapackage.json`` and the built-in
Table Schemas. Public, outside i18n_patterns: data has no language prefix."""

from __future__ import annotations

import json
import uuid

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)

from cityhall.opendata import downloads
from cityhall.opendata.ckan.dictize import resource_download_url
from cityhall.opendata.models import Resource, ResourceVersion
from cityhall.opendata.selectors import dataset_get_public, resource_get_public
from cityhall.opendata.table_schemas import table_schema_get


def _live_table(resource_id: uuid.UUID) -> tuple[Resource, ResourceVersion]:
    resource = resource_get_public(resource_id=str(resource_id))
    version = resource.current_version if resource else None
    if resource is None or version is None or not version.datastore_table:
        raise Http404
    return resource, version


def _stream(body, content_type: str, filename: str) -> StreamingHttpResponse:  # type: ignore[no-untyped-def]
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def resource_csv(request: HttpRequest, resource_id: uuid.UUID) -> StreamingHttpResponse:
    """The live table as UTF-8 CSV."""
    resource, version = _live_table(resource_id)
    return _stream(
        downloads.csv_render(version, encoding="utf-8"),
        "text/csv; charset=utf-8",
        f"{resource.public_id}.csv",
    )


def resource_csv_sjis(
    request: HttpRequest, resource_id: uuid.UUID
) -> StreamingHttpResponse:
    """The live table as Shift_JIS (CP932) CSV, for spreadsheet programs."""
    resource, version = _live_table(resource_id)
    return _stream(
        downloads.csv_render(version, encoding="shift_jis"),
        "text/csv; charset=Shift_JIS",
        f"{resource.public_id}-sjis.csv",
    )


def resource_json(
    request: HttpRequest, resource_id: uuid.UUID
) -> StreamingHttpResponse:
    resource, version = _live_table(resource_id)
    return _stream(
        downloads.json_render(version),
        "application/json; charset=utf-8",
        f"{resource.public_id}.json",
    )


def resource_geojson(
    request: HttpRequest, resource_id: uuid.UUID
) -> StreamingHttpResponse:
    """RFC 7946 GeoJSON of the rows with coordinates (404 for a table without)."""
    resource, version = _live_table(resource_id)
    if not downloads.has_coordinates(version):
        raise Http404
    return _stream(
        downloads.geojson_render(version),
        "application/geo+json",
        f"{resource.public_id}.geojson",
    )


def resource_original(request: HttpRequest, resource_id: uuid.UUID) -> FileResponse:
    """The live version's file exactly as uploaded."""
    resource = resource_get_public(resource_id=str(resource_id))
    version = resource.current_version if resource else None
    if version is None or not version.file:
        raise Http404
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.original_filename or version.file.name.rsplit("/", 1)[-1],
    )
    return response


def datapackage_json(request: HttpRequest, name: str) -> HttpResponse:
    """The Frictionless Data Package descriptor of a published dataset."""
    dataset = dataset_get_public(name_or_id=name)
    if dataset is None:
        raise Http404
    descriptor = downloads.datapackage_descriptor(
        dataset,
        resource_url=lambda resource, kind: resource_download_url(
            resource, kind, request.build_absolute_uri
        ),
    )
    response = HttpResponse(
        json.dumps(descriptor, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def table_schema(request: HttpRequest, key: str) -> HttpResponse:
    """A built-in Table Schema as published (without Cityhall's extensions)."""
    schema = table_schema_get(key)
    if schema is None:
        raise Http404
    return HttpResponse(
        json.dumps(schema.public_descriptor(), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
