"""Download renderers: CSV (UTF-8 or Shift_JIS), JSON, GeoJSON, datapackage.json.

Renderers stream from the datastore table of the live version, so a
million-row resource downloads in constant memory. Views wrap the iterators in
a ``StreamingHttpResponse``.

* CSV: the schema's column names as header, RFC 4180 quoting, CRLF. UTF-8 has
  no byte-order mark (for programs); ``shift_jis`` is CP932 as Windows Excel
  reads it. A character CP932 cannot hold (e.g. 𠮷) becomes ``?`` in the
  Shift_JIS file only; :func:`cp932_unrepresentable` tells the portal so.
* JSON: ``{"fields": [...], "records": [{...}, ...]}``, the datastore shape.
* GeoJSON (RFC 7946): one Point Feature per row with 緯度/経度, WGS 84,
  ``[longitude, latitude]``; rows without coordinates are left out.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from cityhall.opendata import datastore
from cityhall.opendata.models import Dataset, ResourceVersion
from cityhall.opendata.table_schemas import table_schema_get
from cityhall.opendata.validation import Value

CSV_ENCODINGS = {"utf-8": "utf-8", "shift_jis": "cp932"}
LATITUDE_NAMES = ("緯度", "latitude", "lat")
LONGITUDE_NAMES = ("経度", "longitude", "lon", "lng")


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _rows(version: ResourceVersion) -> Iterator[tuple[Value, ...]]:
    return datastore.table_rows(
        table=version.datastore_table, width=len(version.fields)
    )


def csv_render(version: ResourceVersion, *, encoding: str = "utf-8") -> Iterator[bytes]:
    """The live table as CSV bytes in ``encoding`` (``utf-8`` or ``shift_jis``)."""
    codec = CSV_ENCODINGS[encoding]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode(codec, errors="replace")

    writer.writerow([f["name"] for f in version.fields])
    for count, row in enumerate(_rows(version), start=1):
        writer.writerow([_cell(v) for v in row])
        if count % 1000 == 0:
            yield flush()
    yield flush()


def cp932_unrepresentable(version: ResourceVersion, *, limit: int = 10) -> list[str]:
    """Characters of the table that Shift_JIS (CP932) cannot hold (up to ``limit``)."""
    found: list[str] = []
    for row in _rows(version):
        for value in row:
            if isinstance(value, str):
                for char in value:
                    if char not in found:
                        try:
                            char.encode("cp932")
                        except UnicodeEncodeError:
                            found.append(char)
                            if len(found) >= limit:
                                return found
    return found


def json_render(version: ResourceVersion) -> Iterator[bytes]:
    """``{"fields": [...], "records": [...]}`` as UTF-8 JSON, streamed."""
    names = [f["name"] for f in version.fields]
    fields = [
        {"id": f["name"], "type": datastore.CKAN_TYPES.get(f.get("type", ""), "text")}
        for f in version.fields
    ]
    yield (
        '{"fields": ' + json.dumps(fields, ensure_ascii=False) + ', "records": ['
    ).encode()
    first = True
    for row in _rows(version):
        record = json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False)
        yield (record if first else ", " + record).encode()
        first = False
    yield b"]}"


def coordinate_columns(fields: list[dict[str, Any]]) -> tuple[int, int] | None:
    """Indexes of the latitude and longitude columns, or None."""
    names = [f["name"] for f in fields]
    lat = next((names.index(n) for n in LATITUDE_NAMES if n in names), None)
    lon = next((names.index(n) for n in LONGITUDE_NAMES if n in names), None)
    if lat is None or lon is None:
        return None
    return lat, lon


def has_coordinates(version: ResourceVersion | None) -> bool:
    return bool(
        version and version.datastore_table and coordinate_columns(version.fields)
    )


def geojson_features(version: ResourceVersion) -> Iterator[dict[str, Any]]:
    """RFC 7946 Point features of the rows that have valid coordinates."""
    columns = coordinate_columns(version.fields)
    if columns is None:
        return
    lat_index, lon_index = columns
    names = [f["name"] for f in version.fields]
    for row in _rows(version):
        lat, lon = row[lat_index], row[lon_index]
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        properties = {
            name: value
            for index, (name, value) in enumerate(zip(names, row, strict=True))
            if index not in (lat_index, lon_index)
        }
        yield {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": properties,
        }


def geojson_render(version: ResourceVersion) -> Iterator[bytes]:
    """A FeatureCollection (RFC 7946: no ``crs``, WGS 84 longitude first)."""
    yield b'{"type": "FeatureCollection", "features": ['
    first = True
    for feature in geojson_features(version):
        text = json.dumps(feature, ensure_ascii=False)
        yield (text if first else ", " + text).encode()
        first = False
    yield b"]}"


def datapackage_descriptor(
    dataset: Dataset, *, resource_url: Any, licence_url: str = ""
) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of a dataset.

    ``resource_url(resource, kind)`` gives the absolute download URL. Tabular
    resources carry their Table Schema (the built-in one, or the fields
    inferred at upload).
    """
    from cityhall.opendata.models import LICENSE_URLS

    resources = []
    for resource in dataset.resources.all():
        version = resource.current_version
        entry: dict[str, Any] = {
            "name": f"resource-{resource.public_id}",
            "title": resource.name,
            "format": resource.format.lower(),
        }
        if resource.description:
            entry["description"] = resource.description
        if version is not None and version.datastore_table:
            entry.update(
                path=resource_url(resource, "csv"),
                profile="tabular-data-resource",
                mediatype="text/csv",
                encoding="utf-8",
                schema={
                    # Without Cityhall's x- field extensions, as schemas are served.
                    "fields": [
                        {k: v for k, v in field.items() if not k.startswith("x-")}
                        for field in version.fields
                    ],
                    **(
                        {"primaryKey": schema.descriptor["primaryKey"]}
                        if (schema := table_schema_get(resource.schema_key))
                        and schema.descriptor.get("primaryKey")
                        else {}
                    ),
                },
            )
            if version.sha256:
                entry["x-original-sha256"] = version.sha256
        elif version is not None:
            entry.update(path=resource_url(resource, "original"), bytes=version.size)
        elif resource.url:
            entry["path"] = resource.url
        else:
            continue
        resources.append(entry)
    descriptor: dict[str, Any] = {
        "profile": "data-package",
        "name": dataset.name,
        "id": str(dataset.public_id),
        "title": dataset.title,
        "description": dataset.notes,
        "licenses": [
            {
                "name": dataset.license_id,
                "path": LICENSE_URLS.get(dataset.license_id, licence_url),
            }
        ],
        "keywords": [tag.name for tag in dataset.tags.all()],
        "created": dataset.created_at.isoformat(),
        "resources": resources,
    }
    if dataset.organisation is not None:
        descriptor["contributors"] = [
            {"title": dataset.organisation.name, "role": "publisher"}
        ]
    return descriptor
