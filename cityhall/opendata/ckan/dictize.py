"""Our models as CKAN API dictionaries (package, resource, organization, group, tag).

Field names and shapes follow CKAN 2.10's ``package_show`` so that clients and
harvesters read them unchanged. Translations are given in the
ckanext-fluent style (``title_translated`` = {language: text}).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import reverse

from cityhall.core.models import Department
from cityhall.opendata.downloads import has_coordinates
from cityhall.opendata.models import (
    LICENSE_URLS,
    Dataset,
    Group,
    License,
    Resource,
    Tag,
)

MIMETYPES = {
    "CSV": "text/csv",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "JSON": "application/json",
    "GeoJSON": "application/geo+json",
    "PDF": "application/pdf",
}


def _ts(value: Any) -> str | None:
    # CKAN writes naive UTC timestamps with microseconds.
    if value is None:
        return None
    return (
        value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    )


def _translated(value: str, translations: dict[str, str]) -> dict[str, str]:
    languages = [code for code, _name in settings.LANGUAGES]
    result = {settings.LANGUAGE_CODE: value}
    for language in languages:
        if translations.get(language):
            result[language] = translations[language]
    return result


def tag_id(name: str) -> str:
    """A stable UUID for a tag (CKAN gives tags ids; ours are derived from the name)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"cityhall:tag:{name}"))


def tag_dict(tag: Tag) -> dict[str, Any]:
    return {
        "id": tag_id(tag.name),
        "name": tag.name,
        "display_name": tag.name,
        "state": "active",
        "vocabulary_id": None,
    }


def organization_dict(
    department: Department, *, package_count: int | None = None
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": str(department.public_id),
        "name": department.code,
        "title": department.name,
        "display_name": department.name,
        "title_translated": _translated(department.name, department.name_translations),
        "description": "",
        "image_url": "",
        "image_display_url": "",
        "created": _ts(department.created_at),
        "type": "organization",
        "is_organization": True,
        "approval_status": "approved",
        "state": "active",
    }
    if package_count is not None:
        result["package_count"] = package_count
    return result


def group_dict(group: Group, *, package_count: int | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": str(group.public_id),
        "name": group.code,
        "title": group.name,
        "display_name": group.name,
        "title_translated": _translated(group.name, group.name_translations),
        "description": group.description,
        "description_translated": _translated(
            group.description, group.description_translations
        ),
        "image_url": "",
        "image_display_url": "",
        "created": _ts(group.created_at),
        "type": "group",
        "is_organization": False,
        "approval_status": "approved",
        "state": "active",
    }
    if package_count is not None:
        result["package_count"] = package_count
    return result


UrlBuilder = Callable[[str], str]


def resource_download_url(resource: Resource, kind: str, absolute: UrlBuilder) -> str:
    """Where a resource's data is downloaded (``csv``, ``csv-sjis``, ``json``,
    ``geojson``, ``original``); links keep their own URL."""
    if resource.url and resource.current_version is None:
        return resource.url
    names = {
        "csv": "opendata_download:resource_csv",
        "csv-sjis": "opendata_download:resource_csv_sjis",
        "json": "opendata_download:resource_json",
        "geojson": "opendata_download:resource_geojson",
        "original": "opendata_download:resource_original",
    }
    return absolute(reverse(names[kind], kwargs={"resource_id": resource.public_id}))


def resource_dict(resource: Resource, *, absolute: UrlBuilder) -> dict[str, Any]:
    version = resource.current_version
    tabular = bool(version and version.datastore_table)
    if tabular:
        url = resource_download_url(resource, "csv", absolute)
    elif version is not None:
        url = resource_download_url(resource, "original", absolute)
    else:
        url = resource.url
    result: dict[str, Any] = {
        "id": str(resource.public_id),
        "package_id": str(resource.dataset.public_id),
        "name": resource.name,
        "name_translated": _translated(resource.name, resource.name_translations),
        "description": resource.description,
        "description_translated": _translated(
            resource.description, resource.description_translations
        ),
        "format": resource.format if resource.format != "LINK" else "",
        "url": url,
        "url_type": "upload" if version is not None else "",
        "mimetype": MIMETYPES.get(resource.format),
        "size": version.size if version is not None else None,
        "hash": f"sha256:{version.sha256}" if version and version.sha256 else "",
        "created": _ts(resource.created_at),
        "last_modified": _ts(version.created_at) if version else None,
        "metadata_modified": _ts(resource.updated_at),
        "position": resource.position,
        "state": "active",
        "datastore_active": tabular,
        "schema_key": resource.schema_key,
        "detected_encoding": version.detected_encoding if version else "",
        "version": version.number if version else None,
    }
    if tabular:
        assert version is not None
        result["row_count"] = version.row_count
        result["download_urls"] = {
            "csv_utf8": resource_download_url(resource, "csv", absolute),
            "csv_shift_jis": resource_download_url(resource, "csv-sjis", absolute),
            "json": resource_download_url(resource, "json", absolute),
            **(
                {"geojson": resource_download_url(resource, "geojson", absolute)}
                if has_coordinates(version)
                else {}
            ),
        }
    return result


def package_dict(dataset: Dataset, *, absolute: UrlBuilder) -> dict[str, Any]:
    """``package_show``'s result for a dataset (relations already loaded)."""
    tags = list(dataset.tags.all())
    resources = list(dataset.resources.all())
    organisation = dataset.organisation
    extras = [
        ("update_frequency", dataset.update_frequency),
        ("spatial_text", dataset.spatial),
        (
            "temporal_start",
            dataset.temporal_start.isoformat() if dataset.temporal_start else "",
        ),
        (
            "temporal_end",
            dataset.temporal_end.isoformat() if dataset.temporal_end else "",
        ),
        ("contact_phone", dataset.contact_phone),
        ("schema", dataset.schema_key),
        ("generated", "true" if dataset.generator_key else ""),
    ]
    if dataset.spatial_bbox:
        west, south, east, north = dataset.spatial_bbox
        extras.append(
            (
                "spatial",
                '{"type": "Polygon", "coordinates": [[['
                f"{west}, {south}], [{east}, {south}], [{east}, {north}], "
                f"[{west}, {north}], [{west}, {south}]]]}}",
            )
        )
    license_id = dataset.license_id
    return {
        "id": str(dataset.public_id),
        "name": dataset.name,
        "title": dataset.title,
        "title_translated": _translated(dataset.title, dataset.title_translations),
        "notes": dataset.notes,
        "notes_translated": _translated(dataset.notes, dataset.notes_translations),
        "type": "dataset",
        "state": "active",
        "private": False,
        "url": "",
        "version": None,
        "author": organisation.name if organisation else "",
        "author_email": organisation.email if organisation else "",
        "maintainer": dataset.contact_name,
        "maintainer_email": dataset.contact_email,
        "license_id": license_id,
        "license_title": str(License(license_id).label),
        "license_url": LICENSE_URLS.get(license_id, ""),
        "isopen": license_id != License.OTHER,
        "metadata_created": _ts(dataset.created_at),
        "metadata_modified": _ts(dataset.updated_at),
        "owner_org": str(organisation.public_id) if organisation else None,
        "organization": organization_dict(organisation) if organisation else None,
        "groups": [group_dict(group) for group in dataset.groups.all()],
        "tags": [tag_dict(tag) for tag in tags],
        "num_tags": len(tags),
        "resources": [resource_dict(r, absolute=absolute) for r in resources],
        "num_resources": len(resources),
        "extras": [{"key": k, "value": v} for k, v in extras if v],
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }
