"""DCAT catalogues of the published datasets.

* ``/catalog.jsonld``: DCAT-AP (2.x/3) as JSON-LD, the shape EU and Japanese
  harvesters read (dct:title, dct:description, dcat:distribution with
  dcat:accessURL …).
* ``/data.json``: DCAT-US 1.1 (Project Open Data), with every field that schema
  requires of a non-federal publisher.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cityhall.core.models import Municipality
from cityhall.opendata.ckan.dictize import MIMETYPES, resource_download_url
from cityhall.opendata.models import LICENSE_URLS, Dataset, UpdateFrequency
from cityhall.opendata.selectors import dataset_list_public

EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCY_EU: dict[str, str] = {
    UpdateFrequency.CONTINUOUS: "CONT",
    UpdateFrequency.DAILY: "DAILY",
    UpdateFrequency.WEEKLY: "WEEKLY",
    UpdateFrequency.MONTHLY: "MONTHLY",
    UpdateFrequency.QUARTERLY: "QUARTERLY",
    UpdateFrequency.ANNUAL: "ANNUAL",
    UpdateFrequency.IRREGULAR: "IRREG",
}
FREQUENCY_ISO: dict[str, str] = {
    UpdateFrequency.CONTINUOUS: "R/PT1H",
    UpdateFrequency.DAILY: "R/P1D",
    UpdateFrequency.WEEKLY: "R/P1W",
    UpdateFrequency.MONTHLY: "R/P1M",
    UpdateFrequency.QUARTERLY: "R/P3M",
    UpdateFrequency.ANNUAL: "R/P1Y",
    UpdateFrequency.IRREGULAR: "irregular",
}
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"

Absolute = Callable[[str], str]


def dataset_landing_url(dataset: Dataset, absolute: Absolute) -> str:
    """The dataset's portal page (``opendata:dataset_detail``), or its
    package_show address while the portal is not installed."""
    try:
        path = reverse("opendata:dataset_detail", kwargs={"name": dataset.name})
    except NoReverseMatch:
        path = reverse("ckan_action", kwargs={"name": "package_show"})
        path += f"?id={dataset.name}"
    return absolute(path)


def _distributions(dataset: Dataset, absolute: Absolute) -> list[dict[str, Any]]:
    """(title, url, media type, format, bytes, description) per downloadable form."""
    forms = []
    for resource in dataset.resources.all():
        version = resource.current_version
        if version is not None and version.datastore_table:
            for kind, media, fmt in (
                ("csv", "text/csv", "CSV"),
                ("json", "application/json", "JSON"),
            ):
                forms.append(
                    {
                        "resource": resource,
                        "title": f"{resource.name} ({fmt})",
                        "url": resource_download_url(resource, kind, absolute),
                        "media": media,
                        "format": fmt,
                        "bytes": None,
                    }
                )
        elif version is not None:
            forms.append(
                {
                    "resource": resource,
                    "title": resource.name,
                    "url": resource_download_url(resource, "original", absolute),
                    "media": MIMETYPES.get(resource.format, "application/octet-stream"),
                    "format": resource.format,
                    "bytes": version.size,
                }
            )
        elif resource.url:
            forms.append(
                {
                    "resource": resource,
                    "title": resource.name,
                    "url": resource.url,
                    "media": None,
                    "format": "",
                    "bytes": None,
                    "access_only": True,
                }
            )
    return forms


def _publisher_name(dataset: Dataset, municipality: Municipality | None) -> str:
    if dataset.organisation is not None:
        return dataset.organisation.name
    return municipality.name if municipality else ""


def _contact_email(dataset: Dataset, municipality: Municipality | None) -> str:
    return (
        dataset.contact_email
        or (dataset.organisation.email if dataset.organisation else "")
        or (municipality.email if municipality else "")
    )


def dcat_ap_catalog(*, absolute: Absolute) -> dict[str, Any]:
    """The DCAT-AP catalogue of published datasets as a JSON-LD document."""
    municipality = Municipality.objects.first()
    catalog_name = municipality.name if municipality else "Cityhall"
    datasets = []
    for dataset in dataset_list_public().order_by("name"):
        landing = dataset_landing_url(dataset, absolute)
        entry: dict[str, Any] = {
            "@id": landing,
            "@type": "dcat:Dataset",
            "dct:identifier": str(dataset.public_id),
            "dct:title": _lang_values(dataset.title, dataset.title_translations),
            "dct:description": _lang_values(
                dataset.notes or dataset.title, dataset.notes_translations
            ),
            "dct:issued": _dt(dataset.published_at or dataset.created_at),
            "dct:modified": _dt(dataset.updated_at),
            "dct:publisher": {
                "@type": "foaf:Agent",
                "foaf:name": _publisher_name(dataset, municipality),
            },
            "dcat:keyword": [
                {"@value": t.name, "@language": "ja"} for t in dataset.tags.all()
            ],
            "dcat:theme": [g.code for g in dataset.groups.all()],
            "dcat:landingPage": {"@id": landing},
            "dct:accrualPeriodicity": {
                "@id": EU_FREQUENCY
                + FREQUENCY_EU.get(dataset.update_frequency, "IRREG")
            },
            "dct:license": {"@id": LICENSE_URLS.get(dataset.license_id, "")},
            "dcat:distribution": [],
        }
        email = _contact_email(dataset, municipality)
        if email or dataset.contact_name:
            entry["dcat:contactPoint"] = {
                "@type": "vcard:Organization",
                "vcard:fn": dataset.contact_name
                or _publisher_name(dataset, municipality),
                **({"vcard:hasEmail": {"@id": f"mailto:{email}"}} if email else {}),
            }
        if dataset.spatial:
            location: dict[str, Any] = {
                "@type": "dct:Location",
                "skos:prefLabel": dataset.spatial,
            }
            if dataset.spatial_bbox:
                west, south, east, north = dataset.spatial_bbox
                location["dcat:bbox"] = {
                    "@type": "gsp:wktLiteral",
                    "@value": (
                        f"POLYGON(({west} {south}, {east} {south}, {east} {north}, "
                        f"{west} {north}, {west} {south}))"
                    ),
                }
            entry["dct:spatial"] = location
        if dataset.temporal_start or dataset.temporal_end:
            period: dict[str, Any] = {"@type": "dct:PeriodOfTime"}
            if dataset.temporal_start:
                period["dcat:startDate"] = {
                    "@value": dataset.temporal_start.isoformat(),
                    "@type": "xsd:date",
                }
            if dataset.temporal_end:
                period["dcat:endDate"] = {
                    "@value": dataset.temporal_end.isoformat(),
                    "@type": "xsd:date",
                }
            entry["dct:temporal"] = period
        for form in _distributions(dataset, absolute):
            resource = form["resource"]
            distribution: dict[str, Any] = {
                "@type": "dcat:Distribution",
                "dct:identifier": str(resource.public_id),
                "dct:title": form["title"],
                "dcat:accessURL": {"@id": form["url"]},
                "dct:license": {"@id": LICENSE_URLS.get(dataset.license_id, "")},
            }
            if not form.get("access_only"):
                distribution["dcat:downloadURL"] = {"@id": form["url"]}
            if form["media"]:
                distribution["dcat:mediaType"] = form["media"]
            if form["format"]:
                distribution["dct:format"] = {
                    "@id": EU_FILE_TYPE + form["format"].upper()
                }
            if resource.description:
                distribution["dct:description"] = resource.description
            if form["bytes"] is not None:
                distribution["dcat:byteSize"] = {
                    "@value": str(form["bytes"]),
                    "@type": "xsd:nonNegativeInteger",
                }
            entry["dcat:distribution"].append(distribution)
        datasets.append(entry)
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "gsp": "http://www.opengis.net/ont/geosparql#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": absolute(reverse("dcat_catalog_jsonld")),
        "@type": "dcat:Catalog",
        "dct:title": _in_languages(
            lambda: (
                _("%(name)s open data")
                % {
                    "name": municipality.display_name()
                    if municipality
                    else catalog_name
                }
            )
        ),
        "dct:description": _in_languages(
            lambda: (
                _("Catalogue of the open data %(name)s publishes")
                % {
                    "name": municipality.display_name()
                    if municipality
                    else catalog_name
                }
            )
        ),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": catalog_name},
        "dct:language": {
            "@id": "http://publications.europa.eu/resource/authority/language/JPN"
        },
        "foaf:homepage": {"@id": absolute("/")},
        "dcat:dataset": datasets,
    }


def _lang_values(value: str, translations: dict[str, str]) -> list[dict[str, str]]:
    values = [{"@value": value, "@language": "ja"}]
    values += [
        {"@value": text, "@language": language}
        for language, text in sorted(translations.items())
        if text and language != "ja"
    ]
    return values


def _in_languages(text: Callable[[], str]) -> list[dict[str, str]]:
    values = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            values.append({"@value": str(text()), "@language": language})
    return values


def _dt(value: Any) -> dict[str, str]:
    return {"@value": value.isoformat(timespec="seconds"), "@type": "xsd:dateTime"}


def dcat_us_catalog(*, absolute: Absolute) -> dict[str, Any]:
    """The Project Open Data (DCAT-US 1.1) ``data.json`` of published datasets."""
    municipality = Municipality.objects.first()
    datasets = []
    for dataset in dataset_list_public().order_by("name"):
        keywords = (
            [t.name for t in dataset.tags.all()]
            or [g.name for g in dataset.groups.all()]
            or ["open data"]
        )
        email = _contact_email(dataset, municipality)
        entry: dict[str, Any] = {
            "@type": "dcat:Dataset",
            "identifier": str(dataset.public_id),
            "title": dataset.title,
            "description": dataset.notes or dataset.title,
            "keyword": keywords,
            "modified": dataset.updated_at.isoformat(timespec="seconds"),
            "issued": (dataset.published_at or dataset.created_at).date().isoformat(),
            "publisher": {
                "@type": "org:Organization",
                "name": _publisher_name(dataset, municipality),
                **(
                    {
                        "subOrganizationOf": {
                            "@type": "org:Organization",
                            "name": municipality.name,
                        }
                    }
                    if municipality and dataset.organisation
                    else {}
                ),
            },
            "contactPoint": {
                "@type": "vcard:Contact",
                "fn": dataset.contact_name or _publisher_name(dataset, municipality),
                "hasEmail": f"mailto:{email}" if email else "mailto:",
            },
            "accessLevel": "public",
            "license": LICENSE_URLS.get(dataset.license_id, ""),
            "landingPage": dataset_landing_url(dataset, absolute),
            "accrualPeriodicity": FREQUENCY_ISO.get(
                dataset.update_frequency, "irregular"
            ),
            "language": ["ja"],
            "theme": [g.name for g in dataset.groups.all()],
            "distribution": [],
        }
        if dataset.spatial_bbox:
            west, south, east, north = dataset.spatial_bbox
            entry["spatial"] = f"{west},{south},{east},{north}"
        elif dataset.spatial:
            entry["spatial"] = dataset.spatial
        if dataset.temporal_start and dataset.temporal_end:
            entry["temporal"] = (
                f"{dataset.temporal_start.isoformat()}/{dataset.temporal_end.isoformat()}"
            )
        if dataset.schema_key:
            entry["conformsTo"] = absolute(
                reverse(
                    "opendata_download:table_schema", kwargs={"key": dataset.schema_key}
                )
            )
        for form in _distributions(dataset, absolute):
            distribution: dict[str, Any] = {
                "@type": "dcat:Distribution",
                "title": form["title"],
            }
            if form.get("access_only"):
                distribution["accessURL"] = form["url"]
            else:
                distribution["downloadURL"] = form["url"]
                distribution["mediaType"] = form["media"]
            if form["format"]:
                distribution["format"] = form["format"]
            if form["resource"].schema_key and form["format"] == "CSV":
                distribution["describedBy"] = absolute(
                    reverse(
                        "opendata_download:table_schema",
                        kwargs={"key": form["resource"].schema_key},
                    )
                )
                distribution["describedByType"] = "application/json"
            entry["distribution"].append(distribution)
        datasets.append(entry)
    return {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@id": absolute(reverse("dcat_data_json")),
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": datasets,
    }


def _json(body: Any, content_type: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1), content_type=content_type
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def catalog_jsonld(request: HttpRequest) -> HttpResponse:
    """``/catalog.jsonld``: the DCAT-AP catalogue."""
    return _json(
        dcat_ap_catalog(absolute=request.build_absolute_uri),
        "application/ld+json; charset=utf-8",
    )


def data_json(request: HttpRequest) -> HttpResponse:
    """``/data.json``: the DCAT-US 1.1 catalogue."""
    return _json(
        dcat_us_catalog(absolute=request.build_absolute_uri),
        "application/json; charset=utf-8",
    )
